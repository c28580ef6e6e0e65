"""The cache defects of issue 14, each shown through the command line on a copy of the project
whose code is changed: every test here failed on the code before generator/cache.py (the lists
of files kept by hand, the page fingerprints copied by hand from the templates).

Each test runs the copied package (PYTHONPATH and the working folder point at the copy), so the
change really is in the code that runs."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_SEED = ROOT / "seeds" / "000_c61e1e87d13911ee.txt"
# Another event (other name, organiser and city) where a speaker of the sample, 图拉古, speaks again.
SECOND_REPORT = """標題：第二屆智能影像論壇在上海舉行
鏈接：https://example.com/news/2024/0620/88.html
總結：6月18日，由上海影視協會主辦的「第二屆智能影像論壇」在上海舉行。主題演講環節，天圖萬境創始人圖拉古表示，空間視頻將成為新的敘事載體。「我們正在把數字人帶進劇場。」圖拉古說。
AI技術：數字人
"""


def copy_project(tmp: Path, seeds: list[tuple[str, str]] | None = None) -> Path:
    """The package, theme and configuration copied into tmp/project, with the given seeds."""
    root = tmp / "project"
    root.mkdir(parents=True)
    shutil.copytree(ROOT / "generator", root / "generator", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "theme", root / "theme", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    (root / "seeds").mkdir()
    for name, text in seeds or []:
        (root / "seeds" / name).write_text(text, encoding="utf-8")
    return root


def run(root: Path, *args: str) -> str:
    env = {**os.environ, "PYTHONPATH": str(root), "NO_MKDOCS_2_WARNING": "1"}
    proc = subprocess.run([sys.executable, *args], cwd=root, env=env, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return proc.stdout + proc.stderr


def build_pages(root: Path) -> str:
    return run(root, "-m", "generator", "build", "--pages-only")


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def sample() -> str:
    return SAMPLE_SEED.read_text(encoding="utf-8")


def test_a_change_in_words_py_re_extracts_records(tmp_path: Path) -> None:
    """Extraction calls words.py (search.py then: keywords of a raw article, the word list), which
    the hand-kept list of extraction's files left out: a change there reused every old record."""
    root = copy_project(tmp_path, [("sample.txt", sample())])
    assert "extracted 1, reused 0" in build_pages(root)
    assert "extracted 0, reused 1" in build_pages(root)
    with open(root / "generator" / "words.py", "a", encoding="utf-8") as handle:
        handle.write("\n# a change in the code extraction runs\n")
    assert "extracted 1, reused 0" in build_pages(root)


def test_a_change_in_a_module_that_rendering_imports_renders_the_pages_again(tmp_path: Path) -> None:
    """The page cache hashed a hand-made list of rendering's files (render, markdown, publish,
    resolve): code they import from another module (here the segment labels, moved into a module
    of their own) was not in it, so a change there left every event page as it was."""
    root = copy_project(tmp_path, [("sample.txt", sample())])
    render_py = root / "generator" / "render.py"
    text = render_py.read_text(encoding="utf-8")
    labels = re.search(r"^KIND_LABELS = \{.*?^\}\n", text, flags=re.M | re.S)
    assert labels
    (root / "generator" / "kindlabels.py").write_text(labels.group(0), encoding="utf-8")
    render_py.write_text(text.replace(labels.group(0), "from .kindlabels import KIND_LABELS\n"), encoding="utf-8")
    build_pages(root)
    [event] = [p for p in (root / "pages" / "events").glob("*.md") if p.name != "index.md"]
    assert "开幕致辞" in event.read_text(encoding="utf-8")
    edit(root / "generator" / "kindlabels.py", '"opening": "开幕致辞"', '"opening": "开幕致辞与欢迎"')
    build_pages(root)
    assert "开幕致辞与欢迎" in event.read_text(encoding="utf-8")


def test_a_new_template_field_read_through_site_is_never_stale(tmp_path: Path) -> None:
    """A template may read anything through the `site` global; the event page's fingerprint was a
    tuple copied by hand from what the template printed then. A new field (here: how many events
    each speaker has) did not reach the page when another report changed it."""
    root = copy_project(tmp_path, [("a-first.txt", sample())])
    edit(
        root / "theme" / "pages" / "event.md.j2",
        "{% for t in r.technologies %}",
        "SPEAKER-EVENTS {% for s in event.speaker_slugs %}{{ site.people[s].appearances | length }}{% endfor %}\n\n"
        "{% for t in r.technologies %}",
    )
    build_pages(root)
    [first] = [p for p in (root / "pages" / "events").glob("*.md") if p.name != "index.md"]
    assert re.search(r"SPEAKER-EVENTS 1+\n", first.read_text(encoding="utf-8"))
    (root / "seeds" / "b-second.txt").write_text(SECOND_REPORT, encoding="utf-8")  # 图拉古 speaks again
    build_pages(root)
    assert len([p for p in (root / "pages" / "events").glob("*.md") if p.name != "index.md"]) == 2
    counts = re.search(r"SPEAKER-EVENTS (\d+)\n", first.read_text(encoding="utf-8"))
    assert counts and "2" in counts.group(1), "the first event's page is stale"


def test_a_change_in_a_module_the_mkdocs_hooks_import_rebuilds_the_site(tmp_path: Path) -> None:
    """The MkDocs stage's fingerprint hashed a hand-made list of hook files: code that the hooks
    import (here a new module of the package that sitesearch.py uses) was not in it, so changing
    it left every built page as it was."""
    root = copy_project(tmp_path)
    (root / "generator" / "searchhelp.py").write_text("LIMIT = 20\n", encoding="utf-8")
    edit(
        root / "generator" / "sitesearch.py", "import opencc\n", "import opencc\n\nfrom .searchhelp import LIMIT  # noqa: F401\n"
    )
    code = (
        "from pathlib import Path\nfrom generator.config import load\nfrom generator.html import theme_fingerprint\n"
        "print(theme_fingerprint(load(Path('.'))))\n"
    )
    before = run(root, "-c", code).strip()
    assert run(root, "-c", code).strip() == before
    (root / "generator" / "searchhelp.py").write_text("LIMIT = 30\n", encoding="utf-8")
    assert run(root, "-c", code).strip() != before
