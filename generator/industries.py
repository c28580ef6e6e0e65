"""Industry names: one industry per meaning, whatever the wording or script.

`generator/data/industries.yaml` maps a canonical name to the names that mean the same industry
(影视 / 影视制作 / 电影); editors add or replace entries in `content/industries.yaml`. Names are
compared in Simplified form, so 電信 is 电信.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml

from .chinese import to_simplified
from .safety import identity_key

SHIPPED = Path(__file__).parent / "data" / "industries.yaml"


def load_table(editor_file: Path | None = None) -> dict[str, str]:
    """Simplified name -> canonical name, from the shipped table and the editor's additions."""
    entries: dict[str, list[str]] = {}
    for path in (SHIPPED, editor_file):
        if path is None or not path.exists():
            continue
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        if not isinstance(data, dict):
            raise ValueError(f"{path}: expected a mapping of canonical name to names")
        for canonical, names in data.items():
            entries[str(canonical)] = [str(n) for n in (names or [])]
    table: dict[str, str] = {}
    for canonical, names in entries.items():
        for name in [canonical, *names]:
            table[to_simplified(name).strip()] = canonical
    return table


def canonical(name: str, table: dict[str, str]) -> str:
    simplified = _simplified(name)
    return table.get(simplified, simplified)


@lru_cache(maxsize=10_000)
def _simplified(name: str) -> str:
    return to_simplified(identity_key(name)).strip()  # invisible and look-alike characters folded first
