"""YAML checked against the project's JSON Schemas (generator/schemas/), each problem as `file:line: field: reason`.

Used by `corrections` (while it reads an editor's file) and by `check`; it imports no stage.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import yaml
from jsonschema import Draft202012Validator

SCHEMAS = Path(__file__).parent / "schemas"


@lru_cache(maxsize=4)
def validator(name: str) -> Draft202012Validator:
    return Draft202012Validator(json.loads((SCHEMAS / name).read_text(encoding="utf-8")))


def line_of(text: str, path: list) -> int | None:
    """1-based line of the YAML node at a JSON path (keys and indexes), or of its nearest parent."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return None
    line = node.start_mark.line + 1 if node else None
    for step in path:
        if isinstance(node, yaml.MappingNode):
            match = next((v for k, v in node.value if k.value == step), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(step, int) and step < len(node.value):
            match = node.value[step]
        else:
            match = None
        if match is None:
            break
        node = match
        line = node.start_mark.line + 1
    return line


def validate_yaml_text(path: Path, text: str, data: object, schema: str) -> list[str]:
    """Schema problems of parsed YAML as `file:line: field: reason`."""
    problems = []
    for error in sorted(validator(schema).iter_errors(data), key=lambda e: list(map(str, e.absolute_path))):
        field = ".".join(str(p) for p in error.absolute_path) or "(top level)"
        line = line_of(text, list(error.absolute_path))
        where = f"{path}:{line}" if line else str(path)
        problems.append(f"{where}: {field}: {error.message}")
    return problems
