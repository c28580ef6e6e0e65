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


def _walk(value: object, path: str, seen: set[int]) -> list[str]:
    """Every mutable container (list, dict, set) and every unfrozen dataclass under `value`, by path.
    A Record is the extraction stage's hand-off, read as it is: not walked."""
    from collections.abc import Mapping

    from generator.records import Record
    from generator.resolve import Table

    if isinstance(value, (str, int, float, bool, type(None), Record)) or id(value) in seen:
        return []
    seen.add(id(value))
    if isinstance(value, (list, dict, set, bytearray)):
        return [f"{path}: {type(value).__name__}"]
    if isinstance(value, Table):
        return [bad for k, v in value.items() for bad in _walk(k, path, seen) + _walk(v, f"{path}[{k!r}]", seen)]
    if isinstance(value, Mapping):
        return [f"{path}: {type(value).__name__}"]
    if isinstance(value, (tuple, frozenset)):
        return [bad for n, v in enumerate(value) for bad in _walk(v, f"{path}[{n}]", seen)]
    if dataclasses.is_dataclass(value):
        found = [] if type(value).__dataclass_params__.frozen else [f"{path}: {type(value).__name__} is not frozen"]  # type: ignore[attr-defined]
        return found + [bad for f in dataclasses.fields(value) for bad in _walk(getattr(value, f.name), f"{path}.{f.name}", seen)]
    return [f"{path}: {type(value).__name__}"]


def test_entities_are_frozen_and_hold_no_list_dict_or_set() -> None:
    from generator.resolve import Table

    record = _record()
    other_org = dataclasses.replace(record.speakers[0], orgs=["另一家研究院"])  # a namesake: kept apart, suffixed
    twin = dataclasses.replace(
        record, id="twin", source=dataclasses.replace(record.source, url="https://example.org/twin"), speakers=[other_org]
    )
    site, _ = resolve([record, twin])
    assert _walk(site, "site", set()) == []
    assert site.people and site.orgs and site.technologies and site.industries and len(site.events) == 2
    namesakes = [p for p in site.people.values() if p.name == record.speakers[0].name]
    assert len(namesakes) == 2 and len({p.key for p in namesakes}) == 2 and len({p.slug for p in namesakes}) == 2
    person = namesakes[0]
    with pytest.raises(dataclasses.FrozenInstanceError):
        person.key += "+"  # type: ignore[misc]
    with pytest.raises(TypeError):
        site.people["someone"] = person  # type: ignore[index]
    with pytest.raises(AttributeError):
        site.people._items = {}  # type: ignore[misc]
    assert isinstance(site.people, Table) and not hasattr(site.people, "__setitem__")
    # the walk can fail: a list inside an entity is found
    assert _walk(dataclasses.replace(person, spellings=["x"]), "p", set()) == ["p.spellings: list"]  # type: ignore[arg-type]
    # the same site, built again: equal, and the same bytes when pickled (fingerprints stay stable)
    import pickle

    again, _ = resolve([record, twin])
    assert again == site and pickle.dumps(again) == pickle.dumps(site)
