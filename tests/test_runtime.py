"""The runtime tricks (generator/runtime.py) change nothing a build writes, and one switch turns them off."""

from __future__ import annotations

import gc
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator import runtime
from generator.build import Project, Report, build
from generator.cli import main
from tests.conftest import make_project


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_plain_and_tricked_builds_write_identical_sites(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(runtime.PLAIN_VARIABLE, "0")  # restored after the test: --plain sets it for this process
    tricked = make_project(tmp_path / "tricked")
    result = CliRunner().invoke(main, ["build", "--root", str(tricked)])
    assert result.exit_code == 0, result.output
    assert not runtime.plain()
    plain = make_project(tmp_path / "plain")
    result = CliRunner().invoke(main, ["--plain", "build", "--root", str(plain)])
    assert result.exit_code == 0, result.output
    assert runtime.plain()
    for folder in ("site", "pages", "content"):
        a, b = _files(tricked / folder), _files(plain / folder)
        assert a.keys() == b.keys(), folder
        assert [k for k in a if a[k] != b[k]] == [], folder


def test_the_switch_turns_every_trick_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(runtime.PLAIN_VARIABLE, "1")
    helper = runtime.start_helper()
    assert isinstance(helper, runtime.InProcess)  # no process is forked
    assert helper.call("extract", []) == []
    frozen = gc.get_freeze_count()
    runtime.freeze()
    assert gc.get_freeze_count() == frozen
    with pytest.raises(SystemExit) as done:
        runtime.exit(3)  # a normal exit (finally blocks, atexit), not os._exit
    assert done.value.code == 3
    monkeypatch.setenv(runtime.PLAIN_VARIABLE, "0")
    assert not runtime.plain()


def test_swapped_restores_the_environment_and_the_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BRIEFING_LIVE_SITE", "before")
    monkeypatch.delenv("BRIEFING_REMOVED_PAGES", raising=False)
    cwd = Path.cwd()
    with pytest.raises(RuntimeError), runtime.swapped({"BRIEFING_REMOVED_PAGES": "[]"}, tmp_path, clear=("BRIEFING_LIVE_SITE",)):
        assert Path.cwd() == tmp_path and "BRIEFING_LIVE_SITE" not in os.environ
        assert os.environ["BRIEFING_REMOVED_PAGES"] == "[]"
        raise RuntimeError
    assert Path.cwd() == cwd and os.environ["BRIEFING_LIVE_SITE"] == "before" and "BRIEFING_REMOVED_PAGES" not in os.environ


def _build_with_helper(root: Path) -> tuple[list[str], Report]:
    """A whole build with a real helper process; what the build asked the helper for."""
    helper = runtime.Helper()
    report = Report()
    build(Project(root), report, helper=helper)
    return helper.asked, report


def test_a_build_with_every_record_cached_asks_the_helper_for_no_extraction(tmp_path: Path) -> None:
    """The build asked the helper for an extraction of nothing, every time, only so that it would
    go on to load jieba and MkDocs: now it asks for the work there is and the helper loads alone."""
    root = make_project(tmp_path)
    asked, report = _build_with_helper(root)
    assert (report.extracted, asked) == (1, ["extract", "mkdocs"])
    asked, report = _build_with_helper(root)  # nothing changed: nothing to ask for
    assert (report.extracted, report.reused, report.mkdocs_mode, asked) == (0, 1, "unchanged", [])
    template = root / "theme" / "pages" / "event.md.j2"
    template.write_text(template.read_text(encoding="utf-8") + "\n{# changed #}\n", encoding="utf-8")
    (root / "pages" / "index.md").unlink()  # a page to write again: MkDocs has work, extraction none
    asked, report = _build_with_helper(root)
    assert (report.extracted, report.reused, asked) == (0, 1, ["mkdocs"])
    assert report.mkdocs_mode != "unchanged"


class _SilentBuild:
    """The helper's end of the pipe when the build asks for nothing and then closes it."""

    def poll(self, _timeout: float) -> bool:
        return False

    def recv(self) -> None:
        return None


SERVE_ALONE = """
import sys
from generator import runtime, words
words.set_cache_dir(None)
sys.path.insert(0, sys.argv[1])
from test_runtime import _SilentBuild
runtime._serve(_SilentBuild())
import jieba
print(int("mkdocs.commands.build" in sys.modules), int(bool(jieba.dt.initialized)), int("generator.extract" in sys.modules))
"""


def test_the_helper_loads_jieba_and_mkdocs_without_being_asked() -> None:
    """Without a request the helper used to wait, jieba and MkDocs not loaded, until the first one."""
    import subprocess
    import sys

    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    done = subprocess.run(
        [sys.executable, "-c", SERVE_ALONE, str(Path(__file__).parent)], capture_output=True, text=True, env=env, check=True
    )
    assert done.stdout.split() == ["1", "1", "1"], done.stderr
