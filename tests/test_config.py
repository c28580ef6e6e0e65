"""The configuration (generator/config.py): read once through MkDocs' loader, every problem at once; --strict."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.build import Project, Report, build_pages
from generator.cli import main
from generator.config import ConfigError, load
from tests.conftest import FIXTURES, make_project


def test_every_problem_of_mkdocs_yml_is_reported_at_once(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    text = (root / "mkdocs.yml").read_text(encoding="utf-8")
    text = text.replace("site_url: https://example.org/briefing/", "site_url: briefing")
    text = text.replace("docs_dir: pages", "docs_dir: docs").replace("use_directory_urls: true", "use_directory_urls: false")
    (root / "mkdocs.yml").write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load(root)
    assert [p.split(": ")[1] for p in caught.value.problems] == ["site_url", "docs_dir", "use_directory_urls"]
    result = CliRunner().invoke(main, ["build", "--root", str(root), "--pages-only"])
    assert result.exit_code == 2
    for key in ("site_url", "docs_dir", "use_directory_urls"):
        assert f"mkdocs.yml: {key}:" in result.stderr
    assert not (root / "pages").exists()  # reported before any work


def test_site_url_is_read_as_mkdocs_reads_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The old regular expression took `!ENV` for the address.
    root = make_project(tmp_path)
    text = (root / "mkdocs.yml").read_text(encoding="utf-8")
    text = text.replace("site_url: https://example.org/briefing/", 'site_url: !ENV [BRIEFING_URL, "https://example.org/x/"]')
    (root / "mkdocs.yml").write_text(text, encoding="utf-8")
    monkeypatch.setenv("BRIEFING_URL", "https://news.example.com/briefs")
    project = Project(root)
    assert project.config.site_url == "https://news.example.com/briefs/" and project.config.url_path == "/briefs/"
    build_pages(project, Report())
    page = (root / "pages" / "speakers" / "tu-la-gu.md").read_text(encoding="utf-8")
    assert "https://news.example.com/briefs/speakers/tu-la-gu/" in page


def test_strict_counts_warnings(tmp_path: Path) -> None:
    root = make_project(tmp_path, [FIXTURES / "seeds" / "repeated-label.txt"])
    plain = CliRunner().invoke(main, ["build", "--root", str(root), "--pages-only"])
    assert plain.exit_code == 0, plain.output
    assert "warning" not in plain.stderr.replace("warnings", "")  # shown with -v only
    root = make_project(tmp_path / "strict", [FIXTURES / "seeds" / "repeated-label.txt"])  # extracted again: warned again
    strict = CliRunner().invoke(main, ["build", "--root", str(root), "--pages-only", "--strict"])
    assert strict.exit_code == 1  # was 0: --strict ignored warnings
    assert "warning: " in strict.stderr and "--strict: 0 problem(s), 1 warning(s)" in strict.stderr


def test_mkdocs_own_checks_and_the_generators_are_reported_together_naming_the_file(tmp_path: Path) -> None:
    """mkdocs.yml goes through MkDocs' load_config: a plugin MkDocs cannot find was found only when
    MkDocs ran, after every page had been written; now it is named with the generator's own problems."""
    root = make_project(tmp_path)
    text = (root / "mkdocs.yml").read_text(encoding="utf-8")
    text = text.replace("plugins:\n", "plugins:\n  - no-such-plugin\n").replace(
        "use_directory_urls: true", "use_directory_urls: false"
    )
    (root / "mkdocs.yml").write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load(root)
    problems = caught.value.problems
    assert [p.split(": ")[1] for p in problems] == ["plugins", "use_directory_urls"], problems
    assert all(p.startswith(f"{root / 'mkdocs.yml'}: ") for p in problems)
    assert "no-such-plugin" in problems[0]
    result = CliRunner().invoke(main, ["build", "--root", str(root), "--pages-only"])
    assert result.exit_code == 2
    assert "mkdocs.yml: plugins:" in result.stderr and "mkdocs.yml: use_directory_urls:" in result.stderr
    assert not (root / "pages").exists()  # reported before any work


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_the_mkdocs_stage_builds_from_the_configuration_config_load_made(tmp_path: Path) -> None:
    """The MkDocs stage loaded mkdocs.yml again (`load_config(path)`, in the helper): a file
    changed or gone after config.load changed or stopped the build under way. Now the stage
    builds from the values config.load read, and the site is the one mkdocs.yml described then."""
    from generator.build import build

    reference = make_project(tmp_path / "reference")
    build(Project(reference), Report())
    root = make_project(tmp_path / "changed")
    project = Project(root)
    assert project.config.site_name == "行业活动简报"
    (root / "mkdocs.yml").write_text("site_name: [not, what, was, loaded\n", encoding="utf-8")  # not even YAML
    report = Report()
    build(project, report)  # the real helper: the configuration goes to it through the pipe
    assert report.mkdocs_mode == "full"
    a, b = _files(reference / "site"), _files(root / "site")
    assert a.keys() == b.keys() and [k for k in a if a[k] != b[k]] == []
    (root / "mkdocs.yml").unlink()  # gone: an incremental build of a changed page still works
    (root / "pages" / "index.md").unlink()
    report = Report()
    build(project, report)
    assert report.mkdocs_mode == "incremental" and (root / "site" / "index.html").is_file()


def test_serve_builds_from_the_configuration_config_load_made(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`serve` handed MkDocs the path of mkdocs.yml, which MkDocs' serve loaded itself."""
    from mkdocs.livereload import LiveReloadServer

    from generator.serve import serve

    root = make_project(tmp_path)
    project = Project(root)
    project.config  # noqa: B018 - loaded (and mkdocs.yml read) here, once
    (root / "mkdocs.yml").unlink()
    served: dict[str, object] = {}

    def fake_serve(self: LiveReloadServer, open_in_browser: bool = False) -> None:
        site = Path(self.root)
        served["home"] = (site / "index.html").read_text(encoding="utf-8")
        served["speaker"] = (site / "speakers" / "tu-la-gu" / "index.html").is_file()
        raise KeyboardInterrupt  # as Ctrl-C: serve shuts the server down and returns

    monkeypatch.setattr(LiveReloadServer, "serve", fake_serve)
    said: list[str] = []
    serve(project, "127.0.0.1:0", said.append)
    assert served["speaker"] is True and "行业活动简报" in str(served["home"])
    assert not any(message.startswith("error") for message in said), said


LOAD_ALONE = """
import sys
import re
from pathlib import Path
from generator import config
config.load(Path(sys.argv[1]))
jieba = sys.modules.get("jieba")
print(type(jieba).__name__, int("pkg_resources" in sys.modules), int("generator.sitesearch" in sys.modules))
import importlib.util
assert importlib.util.find_spec("jieba").origin  # the extraction's word tables look jieba up so
"""


def test_config_load_validates_without_importing_what_only_a_build_needs(tmp_path: Path) -> None:
    """config.load imported jieba (through Material's search plugin; with pkg_resources, as much
    CPU as the rest of the load) and the hooks' search index code: only a build uses them."""
    import subprocess
    import sys

    root = make_project(tmp_path)
    done = subprocess.run([sys.executable, "-c", LOAD_ALONE, str(root)], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["_Deferred", "0", "0"], done.stderr
    # the search plugin's options are still validated by MkDocs' schema
    text = (root / "mkdocs.yml").read_text(encoding="utf-8")
    (root / "mkdocs.yml").write_text(text.replace("jieba_dict_user: .cache/jieba-user-dict.txt", "jieba_dict_user: 5"), "utf-8")
    with pytest.raises(ConfigError) as caught:
        load(root)
    assert [p.split(": ")[1] for p in caught.value.problems] == ["plugins"], caught.value.problems
    assert "jieba_dict_user" in caught.value.problems[0]


def test_a_build_in_the_process_that_loaded_the_configuration_segments_with_jieba(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """jieba deferred by config.load is loaded when Material's search plugin (or the build) uses it."""
    import sys

    from generator.build import build

    monkeypatch.setenv("BRIEFING_PLAIN", "1")  # MkDocs in this process
    root = make_project(tmp_path)
    build(Project(root), Report())
    import material.plugins.search.plugin as search  # type: ignore[import-untyped]  # no type hints

    assert type(sys.modules["jieba"]).__name__ == "module"  # loaded when first used
    assert search.jieba.dt is sys.modules["jieba"].dt  # the plugin's reference reaches it
    # (the plain and the tricked builds write the same site: tests/test_runtime.py)


def test_serve_follows_mkdocs_yml_in_both_threads_and_keeps_the_last_sound_one(tmp_path: Path) -> None:
    """The page watcher kept the configuration serve started with: pages kept the old site_url
    after mkdocs.yml changed, while MkDocs' builder read the new one."""
    from generator.serve import CurrentProject

    root = make_project(tmp_path)
    said: list[str] = []
    current = CurrentProject(Project(root), said.append)
    first = current.get()
    assert current.get() is first  # unchanged file: the same project, nothing read again
    yml = root / "mkdocs.yml"
    text = yml.read_text(encoding="utf-8")
    yml.write_text(re.sub(r"(?m)^site_url:.*$", "site_url: https://example.org/changed/", text), encoding="utf-8")
    assert current.get().config.site_url == "https://example.org/changed/"
    yml.write_text(text + "\nnav: 3\n", encoding="utf-8")  # a file with a problem
    assert current.get().config.site_url == "https://example.org/changed/"
    assert said and all(message.startswith("error") for message in said)
