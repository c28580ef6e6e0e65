"""Record ids: one per seed file, unique, and kept for that file once given (content/ids.yaml).

A record id names the record file, keys the event's URL in content/urls.yaml and is what an
editor's correction points at, so it must never pass from one seed to another. It comes from the
seed's file name (`a-b.txt` -> `a-b`); the ids given are recorded by the seed's path under seeds/,
and a seed keeps its id for as long as it exists, whatever is added beside it. A new seed whose
name gives an id that is taken (`a b.txt` beside `a-b.txt`, `b/x.txt` beside `a/x.txt`) gets the
id with a short hash of its path, then a number if that is taken too, and the clash is reported.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import yaml

from .records import dump_yaml, load_yaml

HEADER = "# Record ids by seed path, written by the build: a seed keeps its id. Commit it with content/.\n"


def load_ids(path: Path) -> dict[str, str]:
    try:
        data = load_yaml(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError, RecursionError):
        return {}  # missing or broken: ids are given again from the file names (the same ones, but for clashes)
    if not isinstance(data, dict):
        return {}
    return {str(k): str(v) for k, v in data.items() if isinstance(v, str) and v}


def ids_yaml(ids: dict[str, str]) -> str:
    return dump_yaml(dict(sorted(ids.items())), HEADER)


def assign_ids(seeds: list[tuple[str, str]], known: dict[str, str]) -> tuple[dict[str, str], list[tuple[str, str]]]:
    """({seed path: record id}, [(seed path, clash note)]) for (seed path, id wanted) pairs.

    Known seeds keep their ids first; new ones then take theirs in path order."""
    from .slugs import MAX_SLUG

    result: dict[str, str] = {}
    taken: set[str] = set()
    for path, _wanted in sorted(seeds):
        rid = known.get(path)
        if rid and rid not in taken:
            result[path] = rid
            taken.add(rid)
    owner = {rid: path for path, rid in result.items()}
    notes = []
    for path, wanted in sorted(seeds):
        if path in result:
            continue
        rid = wanted
        if rid in taken:
            rid = f"{wanted[: MAX_SLUG - 7]}-{hashlib.sha256(path.encode()).hexdigest()[:6]}"
            n = 2
            while rid in taken:
                rid, n = f"{wanted[: MAX_SLUG - 7]}-{hashlib.sha256(path.encode()).hexdigest()[:6]}-{n}", n + 1
            notes.append(
                (path, f"record id {wanted} already belongs to {owner.get(wanted, 'another seed')}; this seed's record is {rid}")
            )
        result[path] = rid
        taken.add(rid)
        owner[rid] = path
    return result, notes
