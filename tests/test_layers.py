"""Stages import only stages before them: the order is written here, once, and checked on the source (ast)."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "generator"

# The pipeline in order; a module may import modules of its own group and of groups above it.
# A new module must be placed here (the test names it otherwise).
STAGES: list[tuple[str, set[str]]] = [
    (
        "shared",
        {
            "__init__",
            "config",
            "records",
            "safety",
            "chinese",
            "slugs",
            "paths",
            "markdown",
            "words",
            "keys",
            "schema",
            "progress",
            "runtime",
            "codekey",
            "cache",
        },
    ),
    ("seeds", {"seeds"}),
    ("extract", {"extract", "people", "lexicon", "terms", "dates", "tidy"}),
    ("corrections", {"corrections"}),
    ("resolve", {"resolve", "urls", "industries", "orgnames", "ids"}),
    ("render", {"render", "briefings", "exports", "charts"}),
    ("html", {"html", "mkdocs_hooks", "sitesearch"}),
    ("build", {"build"}),
    ("commands", {"check", "serve", "cli", "__main__"}),
]
RANK = {module: rank for rank, (_stage, modules) in enumerate(STAGES) for module in modules}


def imported_modules(source: str) -> set[str]:
    """The package's modules a source file imports, at module level or inside functions."""
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom):
            if node.level == 1:
                found |= {node.module.split(".")[0]} if node.module else {alias.name for alias in node.names}
            elif node.level == 0 and node.module and (node.module == "generator" or node.module.startswith("generator.")):
                parts = node.module.split(".")
                found |= {parts[1]} if len(parts) > 1 else {alias.name for alias in node.names}
        elif isinstance(node, ast.Import):
            found |= {a.name.split(".")[1] for a in node.names if a.name.startswith("generator.")}
    return found


def backward_imports(sources: dict[str, str]) -> list[str]:
    problems = []
    for module, source in sorted(sources.items()):
        for target in sorted(imported_modules(source)):
            if target not in RANK:
                continue
            if RANK[target] > RANK[module]:
                problems.append(
                    f"{module} ({STAGES[RANK[module]][0]}) imports {target} ({STAGES[RANK[target]][0]}), a later stage"
                )
    return problems


def test_every_module_has_a_place_in_the_order() -> None:
    modules = {p.stem for p in PACKAGE.glob("*.py")}
    assert modules - set(RANK) == set(), "place the new module in STAGES"
    assert set(RANK) - modules == set(), "a module in STAGES no longer exists"


def test_no_stage_imports_a_later_stage() -> None:
    # Before: corrections imported check (which imports build) and resolve.
    sources = {p.stem: p.read_text(encoding="utf-8") for p in PACKAGE.glob("*.py")}
    assert backward_imports(sources) == []


def test_the_check_finds_a_backward_import() -> None:
    assert imported_modules("def f():\n    from .check import line_of\nfrom . import paths\nimport generator.build\n") == {
        "check",
        "paths",
        "build",
    }
    assert backward_imports({"corrections": "def f():\n    from .check import line_of\n"}) == [
        "corrections (corrections) imports check (commands), a later stage"
    ]
