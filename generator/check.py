"""`check`: validate seeds, records and correction files; every problem with file and line."""

from __future__ import annotations

from pathlib import Path

import yaml

from .build import Project, Report, editor_lexicon, same_content, same_url, scan_seeds
from .corrections import apply, read_corrections
from .records import from_dict
from .schema import validate_yaml_text
from .seeds import SeedError, read_seed


def validate_yaml_file(path: Path, schema: str) -> list[str]:
    """Schema problems of one YAML file as `file:line: field: reason`."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return [f"{path}: cannot read: {exc}"]
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark else str(path)
        return [f"{where}: not valid YAML: {getattr(exc, 'problem', exc)}"]
    return validate_yaml_text(path, text, data, schema)


def check_project(project: Project) -> tuple[list[str], list[str]]:
    """Every problem, and the seeds a build keeps once (same bytes or same URL as another: warnings)."""
    problems: list[str] = []
    duplicates: list[str] = []
    report = Report()
    by_hash: dict[str, Path] = {}
    by_url: dict[str, Path] = {}
    for path in scan_seeds(project, report):
        try:
            seed = read_seed(path)
            problems += list(seed.warnings)
        except SeedError as exc:
            problems.append(str(exc))
            continue
        if seed.sha256 in by_hash:
            duplicates.append(same_content(path, by_hash[seed.sha256]))
            continue
        by_hash[seed.sha256] = path
        if seed.url and seed.url in by_url:
            duplicates.append(same_url(path.name, by_url[seed.url].name, seed.url))
        elif seed.url:
            by_url[seed.url] = path
    problems += report.problems
    records = []
    if project.records.is_dir():
        for path in sorted(project.records.glob("*.yaml")):
            found = validate_yaml_file(path, "record.schema.json")
            problems += found
            if not found:
                try:
                    records.append(from_dict(yaml.safe_load(path.read_text(encoding="utf-8"))))
                except (TypeError, ValueError, AttributeError) as exc:
                    problems.append(f"{path}: not a record: {exc}")
    lexicon_problem = editor_lexicon(project)[1]
    if lexicon_problem:
        problems.append(lexicon_problem)
    corrections, found = read_corrections(project.corrections_file)
    problems += found
    if not found:
        problems += apply(records, corrections, project.corrections_file)[1]
    return problems, duplicates
