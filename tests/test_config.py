"""The configuration (generator/config.py): read once through MkDocs' loader, every problem at once; --strict."""

from __future__ import annotations

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
