"""The runtime tricks (generator/runtime.py) change nothing a build writes, and one switch turns them off."""

from __future__ import annotations

import gc
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator import runtime
from generator.build import Project, Report, build, build_pages
from generator.cli import main
from tests.conftest import FIXTURES, make_project


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
    helper = runtime.helper()
    assert isinstance(helper, runtime.InProcess)  # no process is forked
    assert helper.call("extract", []) == []
    runtime.close_helper()
    frozen = gc.get_freeze_count()
    runtime.freeze()
    assert gc.get_freeze_count() == frozen
    with pytest.raises(SystemExit) as done:
        runtime.exit(3)  # a normal exit (finally blocks, atexit), not os._exit
    assert done.value.code == 3
    monkeypatch.setenv(runtime.PLAIN_VARIABLE, "0")
    assert not runtime.plain()


def test_mkdocs_runs_in_the_callers_folder_and_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The MkDocs stage swapped os.environ (the hooks' inputs) and the working folder (Material
    opens jieba_dict_user relative to it) while MkDocs ran. Now the hooks' inputs are in MkDocs'
    configuration and the user dictionary's path is absolute: MkDocs sees the caller's folder and
    environment (SOURCE_DATE_EPOCH aside, MkDocs' build date: runtime.build_date), and a build
    from another folder writes the same site."""
    import mkdocs.commands.build

    from generator.config import HOOKS_INPUT

    monkeypatch.setenv(runtime.PLAIN_VARIABLE, "1")  # MkDocs in this process, where a swap would show
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    reference = make_project(tmp_path / "reference")
    build(Project(reference), Report())
    root = make_project(tmp_path / "project")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    environment = dict(os.environ)
    seen: list[tuple[str, dict[str, str], str, object]] = []
    real_build = mkdocs.commands.build.build

    def spy(config, **options):  # type: ignore[no-untyped-def]
        search = config.plugins["material/search"]
        seen.append((os.getcwd(), dict(os.environ), search.config.jieba_dict_user, config.extra[HOOKS_INPUT]))
        return real_build(config, **options)

    monkeypatch.setattr(mkdocs.commands.build, "build", spy)
    build(Project(root), Report())
    (root / "pages" / "index.md").unlink()  # an incremental build too
    build(Project(root), Report())
    assert [(cwd, stage) for cwd, _env, _dict, stage in seen] == [
        (str(elsewhere), {}),
        (str(elsewhere), {"live_site": str(root / "site")}),
    ]
    for _cwd, env, user_dict, _stage in seen:
        assert {k: v for k, v in env.items() if k != "SOURCE_DATE_EPOCH"} == environment
        assert user_dict == str(root / ".cache" / "jieba-user-dict.txt")
    assert dict(os.environ) == environment and Path.cwd() == elsewhere
    a, b = _files(reference / "site"), _files(root / "site")
    assert a.keys() == b.keys() and [k for k in a if a[k] != b[k]] == []


class _Forks:
    """Counts the processes forked (os.fork: the helper, extraction workers) and helpers started."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.forks = self.helpers = 0
        real_fork, real_init = os.fork, runtime.Helper.__init__

        def fork() -> int:
            pid = real_fork()
            if pid:
                self.forks += 1
            return pid

        def init(helper: runtime.Helper) -> None:
            self.helpers += 1
            real_init(helper)

        monkeypatch.setattr(os, "fork", fork)
        monkeypatch.setattr(runtime.Helper, "__init__", init)


def test_build_pages_leaves_the_garbage_collector_as_it_was(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """build_pages froze every object (gc.freeze) and serve undid it; now only the one-shot
    build command freezes (cli.build, once the records are loaded)."""
    monkeypatch.setenv(runtime.PLAIN_VARIABLE, "0")
    root = make_project(tmp_path)
    frozen = gc.get_freeze_count()
    build_pages(Project(root), Report())
    assert gc.get_freeze_count() == frozen
    result = CliRunner().invoke(main, ["build", "--root", str(root), "--pages-only"])
    assert result.exit_code == 0, result.output
    assert gc.get_freeze_count() > frozen  # the command froze the records (and everything before them)
    gc.unfreeze()  # this test process lives on


def test_one_helper_per_build_however_the_build_is_entered(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(runtime.PLAIN_VARIABLE, "0")
    forks = _Forks(monkeypatch)
    assert runtime.helper() is runtime.helper()  # started once, then the same
    runtime.close_helper()
    assert forks.helpers == 1
    result = CliRunner().invoke(main, ["build", "--root", str(make_project(tmp_path / "cli"))])
    assert result.exit_code == 0, result.output
    gc.unfreeze()
    assert forks.helpers == 2  # the command line started it, the build used it
    build(Project(make_project(tmp_path / "direct")), Report())
    assert forks.helpers == 3 and forks.forks == 3
    assert runtime._HELPER == []  # closed with its build


def test_plain_mode_forks_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """--plain: one process, no helper, no extraction workers (a pool was still started for many seeds)."""
    monkeypatch.setenv(runtime.PLAIN_VARIABLE, "0")
    seeds = sorted((FIXTURES / "seeds").glob("*.txt"))
    assert len(seeds) >= 16  # enough for the extraction workers of a tricked build
    forks = _Forks(monkeypatch)
    CliRunner().invoke(main, ["--plain", "build", "--root", str(make_project(tmp_path / "plain", seeds)), "-j", "2"])
    assert (forks.forks, forks.helpers) == (0, 0)
    monkeypatch.setenv(runtime.PLAIN_VARIABLE, "0")
    CliRunner().invoke(main, ["build", "--root", str(make_project(tmp_path / "tricked", seeds)), "-j", "2"])
    gc.unfreeze()
    assert forks.helpers == 1 and forks.forks >= 3  # the helper and two workers: the test can fail


def _build_with_helper(root: Path) -> tuple[list[str], Report]:
    """A whole build with a real helper process; what the build asked the helper for."""
    helper = runtime.helper()  # as the command line starts it; the build uses it, then closes it
    assert isinstance(helper, runtime.Helper)
    report = Report()
    build(Project(root), report)
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


ANOTHER_REPORT = """标题: 第二届智能影像论坛在上海举行
链接: https://example.com/news/2024/0620/88.html
总结: 6月18日，由上海影视协会主办的“第二届智能影像论坛”在上海举行。天图万境创始人图拉古表示，空间视频将成为新的叙事载体。百度云智能数字人业务总经理张彬介绍，声音克隆的成本已大幅下降，大模型技术让文生图走进片场。
AI技术: 数字人、声音克隆、文生图
"""


def test_pages_shared_with_a_copy_of_the_helper_are_written_as_one_process_writes_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An incremental build gives every second changed page to a forked copy of the helper
    (runtime.share, from mkdocs_hooks.on_nav), and the search index to another while MkDocs
    writes the HTML (on_env): the site is the one a plain build writes."""
    monkeypatch.setenv(runtime.PLAIN_VARIABLE, "0")
    monkeypatch.setattr(runtime, "SHARE_AT", 2)  # the helper, forked after this, shares any two pages
    log = tmp_path / "shared.log"
    share = runtime.share

    def logged(items: list, work: object) -> object:  # in the helper: what it shared, and whether the copy answered
        pending = share(items, work)  # type: ignore[arg-type]

        def result() -> object:
            value = pending() if pending else None
            with open(log, "a") as handle:
                handle.write(f"{len(items)} {value is not None}\n")
            return value

        return result if pending else None

    monkeypatch.setattr(runtime, "share", logged)
    seeds = sorted((FIXTURES / "seeds").glob("*.txt"))[:6]
    roots = {mode: make_project(tmp_path / mode, seeds) for mode in ("tricked", "plain")}
    for mode, root in roots.items():
        flags = ["--plain"] if mode == "plain" else []
        for step in ("full", "incremental"):
            if step == "incremental":
                (root / "seeds" / "another.txt").write_text(ANOTHER_REPORT, encoding="utf-8")
            result = CliRunner().invoke(main, [*flags, "build", "--root", str(root)])
            assert result.exit_code == 0, result.output
            assert "incremental" in result.output or step == "full"
        monkeypatch.setenv(runtime.PLAIN_VARIABLE, "0")
    gc.unfreeze()
    # the tricked incremental build's two shares: its changed pages' Markdown, then the search index (every page)
    (pages, pages_done), (index, index_done) = (line.split() for line in log.read_text().splitlines())
    assert 2 <= int(pages) < int(index) and pages_done == index_done == "True"
    for folder in ("site", "pages"):
        a, b = _files(roots["tricked"] / folder), _files(roots["plain"] / folder)
        assert a.keys() == b.keys(), folder
        assert [k for k in a if a[k] != b[k]] == [], folder
