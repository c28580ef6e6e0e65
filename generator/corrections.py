"""Editors' corrections (content/corrections.yaml), applied to records after every extraction.

Records in content/records/ always hold what extraction found; corrections live in their own
file and are applied in memory on every build, so a re-extraction never overwrites them. A
correction that no longer matches anything is reported, never dropped silently.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from .records import Event, Record, Segment, Speaker
from .safety import clean_data

MAX_YAML_BYTES = 2_000_000


class CorrectionsError(Exception):
    pass


@dataclass(frozen=True)
class EventFix:
    """The fields an editor sets on one record's event (each a field of records.Event, typed)."""

    name: str | None = None
    series: str | None = None
    date: str | None = None
    city: str | None = None
    venue: str | None = None
    organizers: tuple[str, ...] | None = None
    given: frozenset[str] = frozenset()  # which of the fields above the file sets (a field may be set to null)

    def apply(self, event: Event) -> Event:
        changes: dict[str, Any] = {}
        for name in sorted(self.given):
            value = getattr(self, name)
            changes[name] = list(value) if isinstance(value, tuple) else value
        return replace(event, **changes)


@dataclass(frozen=True)
class SpeakerFix:
    """One speaker's correction: hide, or set some fields (each a field of records.Speaker, typed)."""

    name: str
    record: str | None = None  # None: in every record
    hide: bool = False
    new_name: str | None = None
    orgs: tuple[str, ...] | None = None
    titles: tuple[str, ...] | None = None
    role: str | None = None
    segment: tuple[int, ...] | None = None

    def apply(self, speaker: Speaker) -> Speaker:
        changes: dict[str, Any] = {}
        if self.new_name is not None:
            changes["name"] = self.new_name
        for name in ("orgs", "titles", "segment"):
            if getattr(self, name) is not None:
                changes[name] = list(getattr(self, name))
        if self.role is not None:
            changes["role"] = self.role
        return replace(speaker, **changes)


def _event_fix(data: dict) -> EventFix:
    """A schema-valid `events.<id>` entry as an EventFix (the schema names only Event's fields)."""
    organizers = data.get("organizers")
    values = {k: v for k, v in data.items() if k != "organizers"}
    return EventFix(
        **{k: (str(v) if v is not None else None) for k, v in values.items()},
        organizers=tuple(str(o) for o in organizers) if organizers is not None else None,
        given=frozenset(data),
    )


def _speaker_fix(data: dict) -> SpeakerFix:
    """A schema-valid `speakers[n]` entry as a SpeakerFix."""
    fields = data.get("set") or {}

    def strings(key: str) -> tuple[str, ...] | None:
        return tuple(str(x) for x in fields[key]) if key in fields else None

    return SpeakerFix(
        name=str(data["name"]),
        record=str(data["record"]) if data.get("record") else None,
        hide=bool(data.get("hide")),
        new_name=str(fields["name"]) if "name" in fields else None,
        orgs=strings("orgs"),
        titles=strings("titles"),
        role=str(fields["role"]) if "role" in fields else None,
        segment=tuple(int(i) for i in fields["segment"]) if "segment" in fields else None,
    )


@dataclass(frozen=True)
class Corrections:
    events: dict[str, EventFix] = field(default_factory=dict)
    speakers: list[SpeakerFix] = field(default_factory=list)
    merge: list[list[str]] = field(default_factory=list)
    split: list[dict] = field(default_factory=list)
    tech_rename: dict[str, str] = field(default_factory=dict)
    tech_hide: list[str] = field(default_factory=list)


class _NoAliasLoader(yaml.SafeLoader):
    """Refuses YAML anchors and aliases: a correction file never needs them, a bomb does."""

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.composer.ComposerError(None, None, "aliases (*name) are not allowed", event.start_mark)
        return super().compose_node(parent, index)


def read_corrections(path: Path) -> tuple[Corrections, list[str]]:
    """Load and validate. Returns the corrections (empty on error) and problems as `file:line: …`."""
    from .schema import line_of, validate_yaml_text

    text, problem = read_text_file(path, MAX_YAML_BYTES)
    if problem:
        return Corrections(), [f"{problem}; corrections not applied"]
    if text is None:
        return Corrections(), []
    try:
        data = yaml.load(text, Loader=_NoAliasLoader)  # noqa: S506 - a safe loader without aliases
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark else str(path)
        return Corrections(), [f"{where}: not valid YAML: {getattr(exc, 'problem', exc)}; corrections not applied"]
    except RecursionError:
        return Corrections(), [f"{path}: nested too deeply to be a corrections file; corrections not applied"]
    data = clean_data(data)  # editors' text is as untrusted as articles': no controls, no invisible characters
    try:
        problems = validate_yaml_text(path, text, data, "corrections.schema.json")
    except RecursionError:
        problems = [f"{path}: nested too deeply to be a corrections file"]
    if not problems:
        problems = _logic_problems(path, text, data or {}, line_of)
    if problems:
        return Corrections(), [p + "; corrections not applied" for p in problems]
    data = data or {}
    people = data.get("people") or {}
    techs = data.get("technologies") or {}
    return Corrections(
        events={str(rid): _event_fix(fields) for rid, fields in (data.get("events") or {}).items()},
        speakers=[_speaker_fix(item) for item in data.get("speakers") or []],
        merge=people.get("merge") or [],
        split=people.get("split") or [],
        tech_rename={**(techs.get("merge") or {}), **(techs.get("rename") or {})},
        tech_hide=list(techs.get("hide") or []),
    ), []


def read_text_file(path: Path, limit: int) -> tuple[str | None, str | None]:
    """(text, None), (None, None) when the file does not exist, or (None, `path: reason`)."""
    try:
        if not path.exists():
            return None, None
        if path.is_dir():
            return None, f"{path}: is a directory, not a file"
        if not path.is_file():
            return None, f"{path}: not a regular file"
        if path.stat().st_size > limit:
            return None, f"{path}: larger than {limit:,} bytes; not read"
        data = path.read_bytes()
    except OSError as exc:
        return None, f"{path}: cannot read: {exc.strerror or exc}"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, f"{path}: UTF-16 text; save it as UTF-8"
    try:
        return data.decode("utf-8").removeprefix("\ufeff"), None
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return None, f"{path}:{line}: not UTF-8 text (GBK or another encoding?); save it as UTF-8"


def _logic_problems(path: Path, text: str, data: dict, line_of: Callable[[str, list], int | None]) -> list[str]:
    """What the schema cannot say: real dates, and each person in one merge group at most."""
    from .keys import person_key

    problems = []

    def where(*steps: object) -> str:
        line = line_of(text, list(steps))
        return f"{path}:{line}" if line else str(path)

    for rid, fields in (data.get("events") or {}).items():
        value = fields.get("date")
        if value and not _real_date(value):
            problems.append(f"{where('events', rid, 'date')}: events.{rid}.date: {value} is not a date (YYYY-MM-DD or MM-DD)")
    seen: dict[str, int] = {}
    for n, group in enumerate((data.get("people") or {}).get("merge") or []):
        for name in dict.fromkeys(person_key(x) for x in group):
            if name in seen:
                problems.append(
                    f"{where('people', 'merge', n)}: people.merge.{n}: {name} is also in people.merge.{seen[name]}"
                    " (merge groups that share a name are a chain or a cycle); put these names in one group"
                )
            else:
                seen[name] = n
    return problems


def _real_date(value: str) -> bool:
    try:
        date.fromisoformat(value if len(value) == 10 else f"2000-{value}")  # 2000: a leap year, 02-29 is a date
    except ValueError:
        return False
    return True


def apply(records: list[Record], corrections: Corrections, path: Path) -> tuple[list[Record], list[str]]:
    """Records with corrections applied, and a note for every correction that matched nothing."""
    unused: list[str] = []
    by_id = {r.id: r for r in records}
    for rid, fields in sorted(corrections.events.items()):
        if rid not in by_id:
            unused.append(f"{path}: events.{rid}: no record with this id; correction not applied")
            continue
        by_id[rid] = replace(by_id[rid], event=fields.apply(by_id[rid].event))
    for n, fix in enumerate(corrections.speakers):
        targets = [fix.record] if fix.record else sorted(by_id)
        hit = False
        for rid in targets:
            record = by_id.get(rid)
            if record is None:
                continue
            updated = _fix_speaker(record, fix)
            if updated is not record:
                by_id[rid] = updated
                hit = True
        if not hit:
            where = f" in record {fix.record}" if fix.record else ""
            unused.append(f"{path}: speakers[{n}]: no speaker named {fix.name}{where}; correction not applied")
    seen_techs = {t.canonical for r in by_id.values() for t in r.technologies} | {
        t.name for r in by_id.values() for t in r.technologies
    }
    for old in list(corrections.tech_rename) + corrections.tech_hide:
        if old not in seen_techs:
            unused.append(f"{path}: technologies: {old} is not a technology of any record; correction not applied")
    unused += _unused_people(by_id, corrections, path)
    records = [_fix_technologies(r, corrections) for r in by_id.values()]
    return sorted(records, key=lambda r: r.id), unused


def _unused_people(by_id: dict[str, Record], corrections: Corrections, path: Path) -> list[str]:
    """A merge name or split record where no such speaker appears (after the speaker corrections)."""
    from .keys import person_key

    unused = []
    names = {person_key(s.name) for r in by_id.values() for s in r.speakers}
    for n, group in enumerate(corrections.merge):
        for name in group:
            if person_key(name) not in names:
                unused.append(f"{path}: people.merge.{n}: no speaker named {name} in any record; not merged")
    for n, item in enumerate(corrections.split):
        key = person_key(item["name"])
        for rid in item["records"]:
            record = by_id.get(rid)
            if record is None:
                unused.append(f"{path}: people.split.{n}: no record {rid}; not split")
            elif not any(person_key(s.name) == key for s in record.speakers):
                unused.append(f"{path}: people.split.{n}: no speaker named {item['name']} in record {rid}; not split")
    return unused


def _fix_speaker(record: Record, fix: SpeakerFix) -> Record:
    index = next((k for k, s in enumerate(record.speakers) if s.name == fix.name), None)
    if index is None:
        return record
    speakers = list(record.speakers)
    old = speakers[index]
    if fix.hide:
        del speakers[index]
        segments = [replace(seg, speakers=[n for n in seg.speakers if n != old.name]) for seg in record.segments]
        return replace(record, speakers=speakers, segments=segments)
    new = fix.apply(old)
    new = replace(new, segment=[i for i in new.segment if 0 <= i < len(record.segments)])
    speakers[index] = new
    return replace(record, speakers=speakers, segments=_seat(record.segments, speakers))


def _seat(segments: list[Segment], speakers: list[Speaker]) -> list[Segment]:
    return [replace(seg, speakers=[s.name for s in speakers if i in s.segment]) for i, seg in enumerate(segments)]


def _fix_technologies(record: Record, corrections: Corrections) -> Record:
    if not corrections.tech_rename and not corrections.tech_hide:
        return record
    hide = set(corrections.tech_hide)
    techs = []
    for t in record.technologies:
        if t.canonical in hide or t.name in hide:
            continue
        new = corrections.tech_rename.get(t.canonical) or corrections.tech_rename.get(t.name)
        techs.append(replace(t, canonical=new) if new else t)
    return replace(record, technologies=techs)


def person_merges(corrections: Corrections) -> dict[str, str]:
    """Person key -> the key it merges into (the first name of each merge group)."""
    from .keys import person_key

    merges: dict[str, str] = {}
    for group in corrections.merge:
        target = person_key(group[0])
        for name in group[1:]:
            merges[person_key(name)] = target
    return merges


def person_splits(corrections: Corrections) -> dict[tuple[str, str], str]:
    """(record id, person key) -> a separate identity for those appearances."""
    from .keys import person_key

    splits: dict[tuple[str, str], str] = {}
    for n, item in enumerate(corrections.split):
        for rid in item["records"]:
            splits[(rid, person_key(item["name"]))] = f"split{n + 1}"
    return splits
