"""The real build: MkDocs with --strict in a temporary project, and what a rebuild does."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from tests.conftest import FIXTURES, make_project


def build(root: Path, *args: str) -> str:
    result = CliRunner().invoke(main, ["build", "--root", str(root), *args])
    assert result.exit_code == 0, result.output
    return result.stderr


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = make_project(tmp_path_factory.mktemp("built"))
    build(root, "--strict")
    return root


def test_strict_build_writes_every_page(built: Path) -> None:
    site = built / "site"
    for page in [
        "index.html",
        "events/index.html",
        "events/05-23-xin-zhi-sheng-chan-li-xing-ye-sha-long-aigc-fu-neng-ying-shi-chan-ye-zhuan/index.html",
        "speakers/index.html",
        "speakers/tu-la-gu/index.html",
        "speakers/zhang-bin/index.html",
        "technologies/shu-zi-ren/index.html",
        "organizations/tian-tu-wan-jing/index.html",
        "industries/ying-shi/index.html",  # 影视制作 is 影视 (generator/data/industries.yaml)
        "search/search_index.json",
    ]:
        assert (site / page).is_file(), page
    assert len([p for p in (site / "speakers").glob("*/index.html") if not p.parent.name.startswith("letter-")]) == 11


def test_entity_pages_stay_out_of_the_sidebar(built: Path) -> None:
    home = (built / "site" / "index.html").read_text(encoding="utf-8")
    assert "speakers/tu-la-gu/" in home  # linked from the home page body
    nav = home[home.index('class="md-nav md-nav--primary') :]
    nav = nav[: nav.index("</nav>")]
    assert "tu-la-gu" not in nav


def test_search_is_configured_for_chinese(built: Path) -> None:
    index = json.loads((built / "site" / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert index["config"]["lang"] == ["zh"] and index["docs"] == []  # Material's box and list, our own index
    page = json.loads((built / "site" / "speakers" / "tu-la-gu" / "_search.json").read_text(encoding="utf-8"))
    assert page["t"] == "图拉古" and any("图拉古表示" in line for line in page["l"])
    html = (built / "site" / "index.html").read_text(encoding="utf-8")
    assert "briefing-search.js" in html and 'lang="zh"' in html
    assert "fonts.googleapis.com" not in html


def test_chinese_heading_anchors_are_readable(built: Path) -> None:
    html = (built / "site" / "speakers" / "tu-la-gu" / "index.html").read_text(encoding="utf-8")
    assert 'id="机构与职务"' in html


def test_rebuild_reuses_records_and_rewrites_nothing(built: Path) -> None:
    before = {p: p.read_bytes() for p in (built / "content").rglob("*.yaml")}
    out = build(built)
    assert "extracted 0, reused 1" in out and "pages written 0, removed 0" in out
    assert {p: p.read_bytes() for p in (built / "content").rglob("*.yaml")} == before


def search_locations(root: Path) -> set[str]:
    folder = root / "site" / "search" / "d"
    return {url for chunk in folder.glob("*.json") for url in json.loads(chunk.read_text(encoding="utf-8")).values()}


def test_added_and_removed_seeds_rebuild_incrementally(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    build(root)
    full_index = search_locations(root)
    old_home = root / "site" / "index.html"
    witness = tmp_path / "old-home.html"
    os.link(old_home, witness)  # shares the old file's inode: a write through a hard link would show here
    before = witness.read_bytes()
    shutil.copy(FIXTURES / "seeds" / "utf8.txt", root / "seeds" / "extra.txt")
    out = build(root)
    assert witness.read_bytes() == before  # the previous site was never written to
    assert (root / "site" / "index.html").read_bytes() != before
    assert "extracted 1, reused 1" in out and "(incremental)" in out
    assert (root / "pages" / "speakers" / "li-ming-yuan.md").exists()
    assert (root / "site" / "speakers" / "li-ming-yuan" / "index.html").exists()
    locations = search_locations(root)
    assert "speakers/li-ming-yuan/" in locations and "speakers/tu-la-gu/" in locations  # old entries kept
    raw = (root / "site" / "speakers" / "li-ming-yuan" / "_search.json").read_text(encoding="utf-8")
    assert "李明远" in raw and "\\u674e" not in raw  # written as UTF-8, not \uXXXX escapes

    (root / "seeds" / "extra.txt").unlink()
    out = build(root)
    assert "removed 1" in out and "(incremental)" in out
    assert not (root / "pages" / "speakers" / "li-ming-yuan.md").exists()
    assert not (root / "content" / "records" / "extra.yaml").exists()
    assert not (root / "site" / "speakers" / "li-ming-yuan").exists()
    assert search_locations(root) == full_index


def test_bad_seed_is_reported_and_the_rest_builds(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    shutil.copy(FIXTURES / "seeds" / "binary.txt", root / "seeds" / "binary.txt")
    out = build(root)
    assert f"error: {root / 'seeds' / 'binary.txt'}: binary data" in out
    assert (root / "site" / "speakers" / "tu-la-gu" / "index.html").exists()


def _get(url: str) -> int:
    import urllib.error
    import urllib.request

    try:
        with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - localhost only
            return response.status
    except (urllib.error.URLError, OSError):
        return 0


def _wait_for(url: str, seconds: float, proc: subprocess.Popen | None = None) -> bool:
    """Whether `url` answers 200 within `seconds`; False at once when `proc` (the server) has ended."""
    import time

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if _get(url) == 200:
            return True
        if proc is not None and proc.poll() is not None:
            return False
        time.sleep(0.5)
    return False


def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_serve_previews_and_rebuilds_when_a_seed_is_added(tmp_path: Path) -> None:
    """The port is free when chosen, but another process may take it before the server binds it:
    the server then stops (address in use), which is seen, and the test starts it on another port
    (it used to fail on that chance)."""
    import sys

    from tests.conftest import ROOT

    root = make_project(tmp_path)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    for _attempt in range(5):
        port = _free_port()
        proc = subprocess.Popen(
            [sys.executable, "-m", "generator", "-q", "serve", "--root", str(root), "-a", f"127.0.0.1:{port}"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        base = f"http://127.0.0.1:{port}/briefing/"
        try:
            if not _wait_for(base + "speakers/tu-la-gu/", 120, proc):
                assert proc.poll() is not None, "the server runs but never served the page"
                continue  # it could not bind the port: another one
            shutil.copy(FIXTURES / "seeds" / "utf8.txt", root / "seeds" / "new.txt")
            assert _wait_for(base + "speakers/li-ming-yuan/", 120, proc)  # re-extracted, rendered and served
            break
        finally:
            proc.terminate()
            proc.wait(timeout=10)
    else:
        raise AssertionError("the server never started (five ports tried)")
