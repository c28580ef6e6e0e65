"""generator/cache.py: each stage's key follows the code and templates it depends on, and nothing else.

- every module in turn is changed in a copy of the package: exactly the stages whose code imports
  it (directly or not, as an `ast` walk of the imports finds, independently of the cache's own
  scanner) get a new key, so are redone; the others keep theirs;
- what a stage really imports when it runs (sys.modules after extracting, rendering) is in its key;
- every template in turn is changed: exactly the pages a build from scratch renders with it are
  rendered again, and the result equals a build from scratch;
- a page rendered again when a value it read through the `site` global changes, and only then.
"""

from __future__ import annotations

import ast
import json
import os
import shutil
import subprocess
import sys
from dataclasses import replace
from functools import cache
from pathlib import Path

import pytest

from generator import cache as stage_cache
from generator.config import load as load_config
from generator.extract import ExtractionTask, extract_file
from generator.html import theme_fingerprint
from generator.render import page_cache, render_site
from generator.resolve import Table, resolve

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "generator"
SAMPLE_SEED = ROOT / "seeds" / "000_c61e1e87d13911ee.txt"
SEEDS = [
    SAMPLE_SEED,
    ROOT / "tests" / "fixtures" / "seeds" / "raw-article.txt",
    ROOT / "tests" / "fixtures" / "seeds" / "big5.txt",
]
MODULES = sorted(p.name for p in PACKAGE.glob("*.py"))
TEMPLATES = sorted(p.name for p in (ROOT / "theme" / "pages").glob("*.j2"))
# The stages and the module each starts from (what build.py calls).
STAGES = {"extraction": "extract.py", "resolution": "resolve.py", "pages": "render.py", "mkdocs": "html.py"}


# --- an independent account of the imports: Python's own parser -------------------------------


def ast_imports(path: Path) -> set[str]:
    """Modules of the package a module imports anywhere (functions included), by file name."""
    found: set[str] = set()
    names = {p.stem for p in PACKAGE.glob("*.py")}
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and (node.level == 1 or (node.module or "").startswith("generator")):
            module = (node.module or "").removeprefix("generator").lstrip(".")
            if module:
                found.add(f"{module}.py")
            found.update(f"{a.name}.py" for a in node.names if not module and a.name in names)
        elif isinstance(node, ast.Import):
            found.update(f"{a.name.split('.')[1]}.py" for a in node.names if a.name.startswith("generator."))
    return found & {p.name for p in PACKAGE.glob("*.py")}


def ast_closure(*entries: str) -> set[str]:
    todo, seen = [*entries, "__init__.py"], set()
    while todo:
        name = todo.pop()
        if name not in seen:
            seen.add(name)
            todo.extend(ast_imports(PACKAGE / name))
    return seen


def hook_modules() -> list[str]:
    """Modules the MkDocs hooks named in mkdocs.yml import (theme/hooks.py imports generator.…)."""
    hooks = ast.parse((ROOT / "theme" / "hooks.py").read_text(encoding="utf-8"))
    return [f"{n.module.split('.')[1]}.py" for n in ast.walk(hooks) if isinstance(n, ast.ImportFrom) and n.module]


def expected_stages(module: str) -> set[str]:
    needs = {"extraction": ast_closure("extract.py"), "resolution": ast_closure("resolve.py"), "pages": ast_closure("render.py")}
    needs["mkdocs"] = ast_closure("html.py", *hook_modules())
    return {stage for stage, modules in needs.items() if module in modules}


# --- the keys of a copy of the package --------------------------------------------------------


def copy_tree(tmp: Path) -> Path:
    root = tmp / "project"
    shutil.copytree(PACKAGE, root / "generator", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "theme", root / "theme", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    return root


def keys(root: Path) -> dict[str, str]:
    package = root / "generator"
    return {
        "extraction": stage_cache.code_key(package / STAGES["extraction"], package=package),
        "resolution": stage_cache.code_key(package / STAGES["resolution"], package=package),
        "pages": stage_cache.code_key(package / STAGES["pages"], package=package),
        "mkdocs": theme_fingerprint(load_config(root), package=package),
    }


def test_the_import_scanner_agrees_with_python_parser() -> None:
    for module in MODULES:
        path = PACKAGE / module
        scanned = stage_cache.closure([path])
        files = {p.name for p in scanned if p.suffix == ".py" and p.parent == PACKAGE}
        assert files == ast_closure(module), module


@pytest.mark.parametrize("module", MODULES)
def test_a_changed_module_changes_the_keys_of_the_stages_that_import_it_and_no_other(tmp_path: Path, module: str) -> None:
    root = copy_tree(tmp_path)
    before = keys(root)
    assert keys(root) == before  # computed, not random
    with open(root / "generator" / module, "a", encoding="utf-8") as handle:
        handle.write("\n# changed\n")
    after = keys(root)
    changed = {stage for stage in before if before[stage] != after[stage]}
    assert changed == expected_stages(module)


@pytest.mark.parametrize("data", ["data/technologies.yaml", "data/industries.yaml", "schemas/data.schema.json"])
def test_a_changed_data_file_changes_the_keys_of_the_stages_that_name_it(tmp_path: Path, data: str) -> None:
    root = copy_tree(tmp_path)
    before = keys(root)
    with open(root / "generator" / data, "a", encoding="utf-8") as handle:
        handle.write("\n")
    after = keys(root)
    changed = {stage for stage in before if before[stage] != after[stage]}
    name = data.rsplit("/", 1)[-1]
    users = {s for s in STAGES if any(f'"{name}"' in (PACKAGE / m).read_text() for m in _closure_of(s))}
    assert changed == users and changed


def _closure_of(stage: str) -> set[str]:
    return ast_closure(STAGES[stage], *(hook_modules() if stage == "mkdocs" else []))


def test_a_changed_theme_file_or_configuration_changes_only_the_mkdocs_key(tmp_path: Path) -> None:
    root = copy_tree(tmp_path)
    before = keys(root)
    with open(root / "theme" / "overrides" / "main.html", "a", encoding="utf-8") as handle:
        handle.write("\n")
    middle = keys(root)
    assert [s for s in before if before[s] != middle[s]] == ["mkdocs"]
    with open(root / "mkdocs.yml", "a", encoding="utf-8") as handle:
        handle.write("\n# changed\n")
    after = keys(root)
    assert [s for s in before if middle[s] != after[s]] == ["mkdocs"]


# --- what the stages really import ------------------------------------------------------------

RUN_STAGES = """
import json, sys
from pathlib import Path
stage, seeds, templates = sys.argv[1], sys.argv[2:-1], Path(sys.argv[-1])
if stage == "extraction":
    from generator.extract import ExtractionTask, extract_file
    for n, seed in enumerate(seeds):
        extract_file(ExtractionTask(seed, f"seed-{n}"))
else:
    from generator.render import render_site
    from generator.resolve import resolve
    from generator.records import from_dict
    records = [from_dict(json.loads(Path(p).read_text())) for p in seeds]
    render_site(resolve(records)[0], templates)
print(json.dumps(sorted(m for m in sys.modules if m.startswith("generator"))))
"""


@cache
def records_json(folder: str) -> list[str]:
    from dataclasses import asdict

    paths = []
    for n, seed in enumerate(SEEDS):
        record = _extracted(seed, n)
        path = Path(folder) / f"record-{n}.json"
        path.write_text(json.dumps(asdict(record), ensure_ascii=False), encoding="utf-8")
        paths.append(str(path))
    return paths


@pytest.mark.parametrize("stage", ["extraction", "pages"])
def test_what_a_stage_imports_when_it_runs_is_in_its_key(tmp_path_factory: pytest.TempPathFactory, stage: str) -> None:
    inputs = [str(s) for s in SEEDS] if stage == "extraction" else records_json(str(tmp_path_factory.mktemp("records")))
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run(
        [sys.executable, "-c", RUN_STAGES, stage, *inputs, str(ROOT / "theme" / "pages")],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        check=True,
    )
    used = {m.removeprefix("generator").lstrip(".") or "__init__" for m in json.loads(proc.stdout.splitlines()[-1])}
    in_key = {p.stem for p in stage_cache.closure([PACKAGE / STAGES[stage]])}
    assert used <= in_key
    assert "words" in used or stage != "extraction"  # keywords of the raw article: the module once missing


# --- pages: templates and what they read ------------------------------------------------------


def _extracted(seed: Path, n: int):  # noqa: ANN202 - a Record
    result = extract_file(ExtractionTask(str(seed), f"seed-{n}"))
    assert result.record is not None, result.error
    return result.record


@cache
def sample_records() -> tuple:
    return tuple(_extracted(seed, n) for n, seed in enumerate(SEEDS))


def render_with_cache(root: Path, templates: Path) -> tuple[dict[str, str], list[str]]:
    """One build's rendering into root/pages with the page cache (what build_pages does)."""
    site = resolve(list(sample_records()))[0]
    pages = root / "pages"
    cached = page_cache(pages, root / ".cache", "https://example.org/")
    out = render_site(site, templates, "https://example.org/", cached)
    for rel, text in out.items():
        (pages / rel).parent.mkdir(parents=True, exist_ok=True)
        (pages / rel).write_text(text, encoding="utf-8")
    cached.save()
    return out, cached.rendered


def test_an_unchanged_build_renders_no_template_page_again(tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    shutil.copytree(ROOT / "theme" / "pages", templates)
    first, rendered = render_with_cache(tmp_path, templates)
    assert len(rendered) > 30
    _, again = render_with_cache(tmp_path, templates)
    assert again == []


@pytest.mark.parametrize("template", TEMPLATES)
def test_a_changed_template_renders_exactly_its_pages_again(tmp_path: Path, template: str) -> None:
    templates = tmp_path / "templates"
    shutil.copytree(ROOT / "theme" / "pages", templates)
    render_with_cache(tmp_path, templates)
    with open(templates / template, "a", encoding="utf-8") as handle:
        handle.write("\nCHANGED-TEMPLATE\n")
    out, rendered = render_with_cache(tmp_path, templates)
    fresh = render_site(resolve(list(sample_records()))[0], templates, "https://example.org/")
    uses = {rel for rel, text in fresh.items() if "CHANGED-TEMPLATE" in text}
    assert uses, f"no page uses {template}"
    assert set(rendered) == uses
    on_disk = {rel: (tmp_path / "pages" / rel).read_bytes().decode("utf-8") for rel in fresh}
    assert on_disk == fresh


def test_an_included_template_is_recorded_and_its_change_seen(tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    shutil.copytree(ROOT / "theme" / "pages", templates)
    (templates / "part.md.j2").write_text("PART-ONE\n", encoding="utf-8")
    with open(templates / "speaker.md.j2", "a", encoding="utf-8") as handle:
        handle.write('{% include "part.md.j2" %}\n')
    render_with_cache(tmp_path, templates)
    (templates / "part.md.j2").write_text("PART-TWO\n", encoding="utf-8")
    _, rendered = render_with_cache(tmp_path, templates)
    assert rendered and all(rel.startswith("speakers/") for rel in rendered)
    assert all("PART-TWO" in (tmp_path / "pages" / rel).read_text(encoding="utf-8") for rel in rendered)


def test_a_value_read_through_site_renders_the_page_again_when_it_changes(tmp_path: Path) -> None:
    """Pages record what they read from `site`: a changed name reaches every page that printed it."""
    templates = tmp_path / "templates"
    shutil.copytree(ROOT / "theme" / "pages", templates)
    site = resolve(list(sample_records()))[0]
    cached = page_cache(tmp_path / "pages", tmp_path / ".cache", "https://example.org/")
    out = render_site(site, templates, "https://example.org/", cached)
    for rel, text in out.items():
        (tmp_path / "pages" / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "pages" / rel).write_text(text, encoding="utf-8")
    cached.save()
    slug = next(s for s, t in site.technologies.items() if len(t.mentions) == 1)
    site = resolve(list(sample_records()))[0]
    renamed = replace(site.technologies[slug], name="改过的名称")  # entities are frozen: a new site with it
    site = replace(site, technologies=Table({**site.technologies, slug: renamed}.items()))
    cached = page_cache(tmp_path / "pages", tmp_path / ".cache", "https://example.org/")
    out = render_site(site, templates, "https://example.org/", cached)
    printing = {rel for rel, text in render_site(site, templates, "https://example.org/").items() if "改过的名称" in text}
    assert printing and set(cached.rendered) <= printing | {"index.md"}
    assert {rel for rel in printing if rel.endswith(".md")} <= set(cached.rendered)


def test_recorder_replays_what_was_read() -> None:
    from generator.cache import _ACTIVE, Reads, Recorder, replay

    data = {"people": {"a": {"name": "甲"}}, "n": [1, 2]}
    reads = Reads()
    _ACTIVE.append(reads)
    try:
        view = Recorder(data, ("root",))
        assert view["people"]["a"]["name"] == "甲"
        assert len(view["n"]) == 2 and "a" in view["people"]
        assert list(view["n"]) == [1, 2]
    finally:
        _ACTIVE.pop()
    assert [replay({"root": data}, p) for p, _v in reads.items] == [v for _p, v in reads.items]
    data["people"]["a"]["name"] = "乙"
    assert [replay({"root": data}, p) for p, _v in reads.items] != [v for _p, v in reads.items]
