"""jieba, loaded once per process, with the project's user dictionary of names."""

from __future__ import annotations

import importlib.util
import logging
import marshal
import os
import tempfile
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")


@lru_cache(maxsize=1)
def ensure_jieba() -> None:
    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()


def user_dictionary(words: list[str]) -> str:
    """A jieba user dictionary: one word per line with a high frequency so it stays whole."""
    lines = sorted({w.strip().replace(" ", "") for w in words if w and len(w.strip()) >= 2 and "\n" not in w})
    return "".join(f"{w} 100000 nz\n" for w in lines)


def _derived_from_jieba(relative: str, name: str, derive: Callable[[Path], T]) -> T:
    """derive(jieba's data file), computed once per machine: kept, marshalled, next to jieba's own
    cache in the temporary folder, under the source's size and time (a new jieba derives again)."""
    spec = importlib.util.find_spec("jieba")
    assert spec is not None and spec.origin is not None, "jieba is not installed"
    source = Path(spec.origin).parent / relative
    stat = source.stat()
    cache = Path(tempfile.gettempdir()) / f"briefing-jieba-{name}-{stat.st_size}-{stat.st_mtime_ns}.marshal"
    try:
        return marshal.loads(cache.read_bytes())  # type: ignore[no-any-return]
    except (OSError, ValueError, EOFError, TypeError):
        pass
    value = derive(source)
    try:
        tmp = cache.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_bytes(marshal.dumps(value))
        os.replace(tmp, cache)
    except OSError:
        pass  # a read-only temporary folder: derived again next time
    return value


@lru_cache(maxsize=1)
def two_character_words() -> frozenset[str]:
    """The two-character words of jieba's dictionary (what extraction asks it about).

    Loading jieba's whole dictionary takes about half a second; this set takes a few
    milliseconds. Same answer as `jieba.dt.FREQ.get(w, 0) > 0`.
    """
    return _derived_from_jieba("dict.txt", "words2", _two_character_words)


def _two_character_words(source: Path) -> frozenset[str]:
    words = []
    with open(source, encoding="utf-8") as handle:
        for line in handle:
            parts = line.split()
            if len(parts) >= 2 and len(parts[0]) == 2 and parts[1].isdigit() and int(parts[1]) > 0:
                words.append(parts[0])
    return frozenset(words)


# jieba.analyse's own stop words (KeywordExtractor.STOP_WORDS).
STOP_WORDS = frozenset(
    (
        "the",
        "of",
        "is",
        "and",
        "to",
        "in",
        "that",
        "we",
        "for",
        "an",
        "are",
        "by",
        "be",
        "as",
        "on",
        "with",
        "can",
        "if",
        "from",
        "which",
        "you",
        "it",
        "this",
        "then",
        "at",
        "have",
        "all",
        "not",
        "one",
        "has",
        "or",
    )
)


def keywords(text: str, top: int) -> list[str]:
    """jieba.analyse.extract_tags(text, topK=top), the same TF-IDF over the same IDF table.

    Written out because importing jieba.analyse also loads jieba's part-of-speech tagger, and
    parses the IDF table, on every run (0.3 s); here the table is read from a derived file.
    """
    import jieba

    ensure_jieba()
    idf, median = _idf_table()
    freq: dict[str, float] = {}
    for word in jieba.cut(text):
        if len(word.strip()) < 2 or word.lower() in STOP_WORDS:
            continue
        freq[word] = freq.get(word, 0.0) + 1.0
    total = sum(freq.values())
    for word in freq:
        freq[word] *= idf.get(word, median) / total
    return sorted(freq, key=freq.__getitem__, reverse=True)[:top]


@lru_cache(maxsize=1)
def _idf_table() -> tuple[dict[str, float], float]:
    return _derived_from_jieba("analyse/idf.txt", "idf", _read_idf)


def _read_idf(source: Path) -> tuple[dict[str, float], float]:
    """jieba's IDF table and its median, as jieba.analyse's IDFLoader reads them."""
    idf = {}
    for line in source.read_text(encoding="utf-8").splitlines():
        word, freq = line.strip().split(" ")
        idf[word] = float(freq)
    return idf, sorted(idf.values())[len(idf) // 2]
