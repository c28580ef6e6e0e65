"""The runtime tricks (generator/runtime.py) change nothing a build writes, and one switch turns them off."""

from __future__ import annotations

import gc
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator import runtime
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
