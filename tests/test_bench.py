"""Smoke run of the benchmark on a tiny corpus: it runs and prints every figure (it asserts none)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

MAKE_CORPUS = ROOT.parent / "shared" / "bench" / "make_corpus.py"
BROWSER_FIGURES = ("first results", "tab memory after 12 queries", "worker caches: shards")


@pytest.mark.skipif(not MAKE_CORPUS.exists(), reason="../shared/bench/make_corpus.py is not on this machine")
@pytest.mark.timeout(600)  # five builds and three cold page loads in Chromium; slower on a busy machine
def test_benchmark_prints_every_figure() -> None:
    out = subprocess.run(
        [sys.executable, "bench/run.py", "--sizes", "12", "--quick"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert out.returncode == 0, out.stderr[-2000:]
    figures = [
        "extraction:",
        "full build:",
        "add one article and rebuild:",
        "add one article, median of 3:",
        "search index:",
        "largest page:",
    ]
    if Path("/usr/bin/chromium").exists():  # the search figures need the browser (CI installs it)
        figures += BROWSER_FIGURES
    else:
        assert "search in the browser: skipped" in out.stdout, out.stdout
    for figure in figures:
        assert figure in out.stdout, out.stdout
