"""Smoke run of the benchmark on a tiny corpus: it runs and prints every figure (it asserts none)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import ROOT

MAKE_CORPUS = ROOT.parent / "shared" / "bench" / "make_corpus.py"


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
    for figure in (
        "extraction:",
        "full build:",
        "add one article and rebuild:",
        "add one article, median of 3:",
        "search index:",
        "first results",
        "tab memory after 12 queries",
        "worker caches: shards",
        "largest page:",
    ):
        assert figure in out.stdout, out.stdout
