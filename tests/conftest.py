from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures"
SAMPLE_SEED = ROOT / "seeds" / "000_c61e1e87d13911ee.txt"


def make_project(tmp: Path, seeds: list[Path] | None = None) -> Path:
    """A throw-away copy of the project layout (config, theme, seeds) to build in."""
    root = tmp / "project"
    root.mkdir(parents=True)
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(ROOT / "theme", root / "theme")
    (root / "seeds").mkdir()
    for seed in seeds if seeds is not None else [SAMPLE_SEED]:
        shutil.copy(seed, root / "seeds" / seed.name)
    return root


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return make_project(tmp_path)
