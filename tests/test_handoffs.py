"""Typed hand-offs between stages: resolution does not share the records' lists, and does not patch keys."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from generator.records import from_dict, load_yaml
from generator.resolve import resolve

RECORD = Path(__file__).resolve().parent.parent / "content" / "records" / "000-c61e1e87d13911ee.yaml"


def _record():  # noqa: ANN202 - a Record
    return from_dict(load_yaml(RECORD.read_text(encoding="utf-8")))


def test_appearances_do_not_share_the_records_lists() -> None:
    record = _record()
    site, _ = resolve([record])
    speaker = record.speakers[0]
    (appearance,) = [a for p in site.people.values() for a in p.appearances if a.name == speaker.name]
    for name in ("orgs", "titles", "quotes", "statements", "segments"):
        assert isinstance(getattr(appearance, name), tuple), name
    before = appearance.orgs
    speaker.orgs.append("后来加上的机构")  # a later stage changing a record's list no longer changes the site
    assert appearance.orgs == before
    with pytest.raises(dataclasses.FrozenInstanceError):
        appearance.role = "moderator"  # type: ignore[misc]


def test_namesakes_of_one_key_get_distinct_stable_keys() -> None:
    record = _record()
    twin = dataclasses.replace(record, id="twin", source=dataclasses.replace(record.source, url="https://example.org/twin"))
    site, registry = resolve([record, twin])
    keys = sorted(registry.slugs["speakers"])
    assert len(keys) == len(set(keys)) and all(not k.endswith("+") for k in keys)  # the same person in both: one key


def test_corrections_are_typed_and_share_no_lists(tmp_path: Path) -> None:
    from generator.corrections import EventFix, SpeakerFix, apply, read_corrections

    record = _record()
    twin = dataclasses.replace(record, id="twin")
    name = record.speakers[0].name
    path = tmp_path / "corrections.yaml"
    path.write_text(
        f"events:\n  {record.id}:\n    series: null\n    city: 上海\nspeakers:\n  - name: {name}\n    set:\n      orgs: [某研究院]\n",
        encoding="utf-8",
    )
    corrections, problems = read_corrections(path)
    assert problems == []
    assert isinstance(corrections.events[record.id], EventFix) and isinstance(corrections.speakers[0], SpeakerFix)
    fixed, unused = apply([record, twin], corrections, path)
    assert unused == []
    one, other = (next(s for s in r.speakers if s.name == name) for r in fixed)
    assert one.orgs == other.orgs == ["某研究院"]
    assert one.orgs is not other.orgs  # was one list, shared by every record the correction applied to
    event = next(r for r in fixed if r.id == record.id).event
    assert event.city == "上海" and event.series is None and event.name == record.event.name


def test_extraction_tasks_and_results_are_typed(tmp_path: Path) -> None:
    from generator.extract import ExtractionResult, ExtractionTask, extract_file

    seed = Path(__file__).resolve().parent.parent / "seeds" / "000_c61e1e87d13911ee.txt"
    result = extract_file(ExtractionTask(str(seed), "000-x"))
    assert isinstance(result, ExtractionResult) and result.error is None
    assert result.record is not None and result.record.id == "000-x" and isinstance(result.warnings, tuple)
    missing = extract_file(ExtractionTask(str(tmp_path / "missing.txt"), "gone"))
    assert missing.record is None and missing.error and "missing.txt" in missing.error
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.error = "changed"  # type: ignore[misc]
