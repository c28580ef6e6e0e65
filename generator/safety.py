"""What keeps one hostile input from stopping the build: text every writer can write, lengths
that keep pages small, and a time bound on each seed's extraction.

Text is cleaned once, where it enters (the seed reader and the corrections loader): control
characters, zero-width and bidi controls and Unicode non-characters are dropped, Unicode line
and paragraph separators become line breaks, and the text is NFC-normalised. What remains can be
written as YAML, Markdown, HTML, XML (Atom), iCalendar, JSON and CSV. Comparison keys
(`identity_key`) are NFKC on top of that; the text as written is kept for display.
"""

from __future__ import annotations

import os
import re
import signal
import threading
import time
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the type only: this module needs nothing of records at run time
    from .records import Record

# C0/C1 controls but tab and line feed, DEL, zero-width and bidi controls, BOM, soft hyphen,
# the interlinear annotation characters and every Unicode non-character (U+FDD0-U+FDEF and
# U+xFFFE/U+xFFFF in each plane); lone surrogates cannot be encoded as UTF-8 at all.
_DROP = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u206f"
    "\ufeff\ufff9-\ufffb\ufdd0-\ufdef\ufffe\uffff\ud800-\udfff"
    + "".join(f"{chr(plane << 16 | 0xFFFE)}{chr(plane << 16 | 0xFFFF)}" for plane in range(1, 17))
    + "]"
)
_BREAKS = re.compile("\r\n|[\r\x85\u2028\u2029]")


def clean_text(text: str) -> str:
    """Text that every writer accepts: see the module docstring. Idempotent."""
    return unicodedata.normalize("NFC", _DROP.sub("", _BREAKS.sub("\n", text)))


def clean_data(data: Any) -> Any:
    """clean_text applied to every string (keys too) of parsed YAML or JSON."""
    if isinstance(data, str):
        return clean_text(data)
    if isinstance(data, list):
        return [clean_data(v) for v in data]
    if isinstance(data, dict):
        return {clean_data(k): clean_data(v) for k, v in data.items()}
    return data


def identity_key(text: str) -> str:
    """What names and organisations are compared by: NFKC, without invisible characters."""
    return _DROP.sub("", unicodedata.normalize("NFKC", clean_text(text)))


# --- lengths --------------------------------------------------------------------------------

SUMMARY_MAX = 400  # characters: a summary is a paragraph, not the article
PASSAGE_MAX = 600  # a statement, a quotation, a technology's sentence
LINE_MAX = 300  # one-line fields: title, event name, city, venue, an organisation


def cut(text: str | None, limit: int) -> str | None:
    """text, or its first `limit` characters and an ellipsis."""
    if text is None or len(text) <= limit:
        return text
    return text[: limit - 1].rstrip() + "…"


def line(text: str | None, limit: int = LINE_MAX) -> str | None:
    """A one-line field: whitespace runs (line breaks too) become one space, then `cut`."""
    return cut(" ".join(text.split()), limit) if text is not None else None


def bound_record(record: Record) -> Record:
    """The record with every extracted passage bounded by length (an article without sentence
    punctuation would otherwise make its whole text a summary, a statement and a quotation)."""
    event = record.event
    return replace(
        record,
        summary=cut(record.summary, SUMMARY_MAX) or "",
        event=replace(
            event,
            name=line(event.name) or "",
            series=line(event.series),
            city=line(event.city),
            venue=line(event.venue),
            organizers=[line(o) or "" for o in event.organizers],
        ),
        title=replace(record.title, given=line(record.title.given), repaired=line(record.title.repaired)),
        speakers=[
            replace(
                s,
                orgs=[line(o) or "" for o in s.orgs],
                titles=[line(t) or "" for t in s.titles],
                quotes=_passages(s.quotes),
                statements=_passages(s.statements),
            )
            for s in record.speakers
        ],
        technologies=[replace(t, sentences=_passages(t.sentences)) for t in record.technologies],
    )


def _passages(items: list[str]) -> list[str]:
    return list(dict.fromkeys(cut(x, PASSAGE_MAX) or "" for x in items))


# --- time -----------------------------------------------------------------------------------

SEED_SECONDS = 60.0  # one seed's extraction; a report takes milliseconds, a 2 MB one seconds


class SeedTimeout(Exception):
    pass


def seed_seconds() -> float:
    """The per-seed bound: BRIEFING_SEED_SECONDS when set (0 turns it off), else SEED_SECONDS."""
    try:
        return float(os.environ.get("BRIEFING_SEED_SECONDS", SEED_SECONDS))
    except ValueError:
        return SEED_SECONDS


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise SeedTimeout in this block after `seconds` (wall clock; SIGALRM, so only in a main
    thread: elsewhere, as in `serve`'s watcher thread, the block runs unbounded)."""
    if seconds <= 0 or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expired(_signum: int, _frame: object) -> None:
        raise SeedTimeout(f"extraction took longer than {seconds:g} s")

    outer_left = signal.getitimer(signal.ITIMER_REAL)[0]
    if 0 < outer_left <= seconds:  # an alarm set by someone else comes first: leave it alone
        yield
        return
    started = time.monotonic()
    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        if outer_left > 0:  # put back what remains of the outer alarm (pytest-timeout's, say)
            signal.setitimer(signal.ITIMER_REAL, max(outer_left - (time.monotonic() - started), 0.001))
