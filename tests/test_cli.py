"""The command line through click's runner: the extract contract and check's messages."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml
from click.testing import CliRunner

from generator.cli import main
from tests.conftest import FIXTURES, SAMPLE_SEED, make_project


def test_extract_prints_one_document_per_path_in_order() -> None:
    other = FIXTURES / "seeds" / "big5.txt"
    result = CliRunner().invoke(main, ["extract", str(SAMPLE_SEED), str(other)])
    assert result.exit_code == 0, result.output
    docs = list(yaml.safe_load_all(result.stdout))
    assert len(docs) == 2
    first, second = docs
    assert first["event"]["name"] == "新质生产力行业沙龙——AIGC赋能影视产业专场"
    assert first["event"]["date"] == "05-23" and first["event"]["city"] == "北京"
    assert isinstance(first["event"]["organizers"], list)
    assert all(s["kind"] in {"opening", "keynote", "talk", "roundtable", "closing", "other"} for s in first["segments"])
    for sp in first["speakers"]:
        assert set(sp) >= {"name", "orgs", "titles", "role", "segment"}
        assert sp["role"] in {"speaker", "moderator"}
        assert all(isinstance(i, int) and 0 <= i < len(first["segments"]) for i in sp["segment"])
    assert all(isinstance(t, dict) and t["name"] for t in first["technologies"])
    assert second["event"]["name"] == "智能影像創新論壇"


def test_extract_writes_nothing_but_stdout(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["extract", str(SAMPLE_SEED)])
    assert result.exit_code == 0
    assert list(tmp_path.iterdir()) == []


def test_extract_bad_file_exits_non_zero_and_names_it() -> None:
    bad = FIXTURES / "seeds" / "empty.txt"
    result = CliRunner().invoke(main, ["extract", str(SAMPLE_SEED), str(bad)])
    assert result.exit_code == 1
    assert f"error: {bad}: empty file" in result.stderr
    assert len(list(yaml.safe_load_all(result.stdout))) == 2  # the good one is still printed, in order


def test_check_lists_broken_seed_with_file_and_line(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    shutil.copy(FIXTURES / "seeds" / "labels-no-body.txt", root / "seeds" / "broken.txt")
    shutil.copy(FIXTURES / "seeds" / "repeated-label.txt", root / "seeds" / "repeated.txt")
    result = CliRunner().invoke(main, ["check", "--root", str(root)])
    assert result.exit_code == 1
    assert f"{root / 'seeds' / 'broken.txt'}:1: no body (总结) found; labels seen: title, url" in result.stdout
    assert f"{root / 'seeds' / 'repeated.txt'}:7: label '关键词' repeated; values joined" in result.stdout


def test_check_reports_record_schema_errors_with_line(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    runner = CliRunner()
    assert runner.invoke(main, ["-q", "build", "--root", str(root), "--pages-only"]).exit_code == 0
    record = next((root / "content" / "records").glob("*.yaml"))
    text = record.read_text(encoding="utf-8").replace("role: speaker", "role: keynoter", 1)
    record.write_text(text, encoding="utf-8")
    line = text.splitlines().index("  role: keynoter") + 1
    result = runner.invoke(main, ["check", "--root", str(root)])
    assert result.exit_code == 1
    assert f"{record}:{line}: speakers.0.role: 'keynoter' is not one of ['speaker', 'moderator']" in result.stdout


def test_check_passes_on_the_sample(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    runner = CliRunner()
    runner.invoke(main, ["-q", "build", "--root", str(root), "--pages-only"])
    result = runner.invoke(main, ["check", "--root", str(root)])
    assert result.exit_code == 0, result.output
