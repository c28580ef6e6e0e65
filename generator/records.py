"""Typed records passed between stages, and their YAML form in `content/`.

A `Record` is what extraction derives from one seed. It is written as YAML with a fixed key
order (the dataclass field order), UTF-8, atomically, so that the same seed always gives the
same bytes.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

import yaml

RECORD_SCHEMA_VERSION = 1
SEGMENT_KINDS = ("opening", "keynote", "talk", "roundtable", "closing", "other")
ROLES = ("speaker", "moderator")


@dataclass(frozen=True)
class Source:
    file: str
    sha256: str
    url: str | None = None
    outlet: str | None = None
    reporter: list[str] = field(default_factory=list)
    published: str | None = None  # YYYY-MM-DD or MM-DD
    encoding: str = "utf-8"


@dataclass(frozen=True)
class Title:
    given: str | None
    repaired: str | None


@dataclass(frozen=True)
class Event:
    name: str
    series: str | None = None
    date: str | None = None  # YYYY-MM-DD, or MM-DD when no year is known
    date_source: str | None = None  # where the year came from (generator/dates.py); None: no year
    city: str | None = None
    venue: str | None = None
    organizers: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Technology:
    name: str  # as the article writes it most often
    canonical: str  # the lexicon's name: one technology page per canonical name
    category: str | None = None
    aliases: list[str] = field(default_factory=list)  # spellings seen in this article
    mentions: int = 0
    sentences: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class DigestSection:
    title: str
    points: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Digest:
    intro: str | None = None
    sections: list[DigestSection] = field(default_factory=list)
    outro: str | None = None


@dataclass(frozen=True)
class Segment:
    kind: str
    title: str | None = None
    speakers: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Speaker:
    name: str
    orgs: list[str] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)
    role: str = "speaker"
    segment: list[int] = field(default_factory=list)
    quotes: list[str] = field(default_factory=list)
    statements: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Record:
    id: str
    source: Source
    title: Title
    event: Event
    summary: str
    keywords: list[str] = field(default_factory=list)
    industries: list[str] = field(default_factory=list)
    technologies: list[Technology] = field(default_factory=list)
    digest: Digest = field(default_factory=Digest)
    segments: list[Segment] = field(default_factory=list)
    speakers: list[Speaker] = field(default_factory=list)
    extra: dict[str, str] = field(default_factory=dict)
    extractor: str = ""
    schema_version: int = RECORD_SCHEMA_VERSION


def to_dict(record: Record) -> dict[str, Any]:
    return asdict(record)


def from_dict(data: dict[str, Any]) -> Record:
    """Build a Record from its YAML form (the inverse of `to_dict`)."""
    return _build(Record, data)


_NESTED: dict[tuple[type, str], type] = {
    (Record, "source"): Source,
    (Record, "title"): Title,
    (Record, "event"): Event,
    (Record, "digest"): Digest,
}
_LISTS: dict[tuple[type, str], type] = {
    (Record, "technologies"): Technology,
    (Record, "segments"): Segment,
    (Record, "speakers"): Speaker,
    (Digest, "sections"): DigestSection,
}


def _build(cls: type, data: dict[str, Any]) -> Any:
    kwargs = {}
    for f in fields(cls):
        if f.name not in data:
            continue
        value = data[f.name]
        if (cls, f.name) in _NESTED and isinstance(value, dict):
            value = _build(_NESTED[(cls, f.name)], value)
        elif (cls, f.name) in _LISTS and isinstance(value, list):
            value = [_build(_LISTS[(cls, f.name)], v) for v in value]
        kwargs[f.name] = value
    return cls(**kwargs)


class _Dumper(yaml.SafeDumper):
    """Block style, Unicode kept readable, long strings folded never (stable diffs)."""


def _str_presenter(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str_presenter)


def dump_yaml(data: Any, header: str = "") -> str:
    text = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=10_000)
    return header + text


def record_yaml(record: Record, schema_ref: str | None = None) -> str:
    header = f"# yaml-language-server: $schema={schema_ref}\n" if schema_ref else ""
    return dump_yaml(to_dict(record), header)


def load_yaml(text: str) -> Any:
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return yaml.load(text, Loader=loader)  # noqa: S506 - a safe loader


def _file_mode() -> int:
    umask = os.umask(0o022)
    os.umask(umask)
    return 0o666 & ~umask


FILE_MODE = _file_mode()


def write_atomic(path: Path, text: str, before_change: Callable[[], None] | None = None) -> bool:
    """Write text to path via a temporary file and rename. Returns False when nothing changed.

    `before_change` runs just before an actual write (to record that something is about to change).
    """
    data = text.encode("utf-8")
    try:
        if path.read_bytes() == data:
            return False
    except OSError:
        pass
    if before_change:
        before_change()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise OSError(exc.errno, f"cannot write: {exc.strerror}", str(path)) from exc
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, FILE_MODE)  # mkstemp creates 0600; written files get the usual permissions
        os.replace(tmp, path)
    except OSError as exc:  # a full disk: the old file stays whole, and the error names the file
        Path(tmp).unlink(missing_ok=True)
        raise OSError(exc.errno, f"cannot write: {exc.strerror}", str(path)) from exc
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return True
