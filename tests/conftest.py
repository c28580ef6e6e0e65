from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures"
SAMPLE_SEED = ROOT / "seeds" / "000_c61e1e87d13911ee.txt"


_JIEBA_CACHES: list[Path] = []


def _jieba_caches() -> list[Path]:
    """jieba's caches, made once per test session: each project keeps its own in .cache/, and a
    new one would otherwise build jieba's prefix dictionary from its source (a second or two)."""
    if not _JIEBA_CACHES:
        import tempfile

        from generator import words

        folder = Path(tempfile.mkdtemp(prefix="briefing-test-jieba-"))
        words.set_cache_dir(folder)
        words._derived_from_jieba("dict.txt", "words2", words._two_character_words, words._sound_words)
        words._derived_from_jieba("analyse/idf.txt", "idf", words._read_idf, words._sound_idf)
        words.ensure_jieba()
        # (when jieba was loaded earlier in this process, there is no prefix dictionary to share)
        _JIEBA_CACHES.extend(sorted(folder.glob("jieba-*")))
    return _JIEBA_CACHES


def make_project(tmp: Path, seeds: list[Path] | None = None) -> Path:
    """A throw-away copy of the project layout (config, theme, seeds) to build in."""
    root = tmp / "project"
    root.mkdir(parents=True)
    (root / ".cache").mkdir()
    for cache in _jieba_caches():
        shutil.copy(cache, root / ".cache" / cache.name)
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(ROOT / "theme", root / "theme")
    (root / "seeds").mkdir()
    for seed in seeds if seeds is not None else [SAMPLE_SEED]:
        shutil.copy(seed, root / "seeds" / seed.name)
    return root


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return make_project(tmp_path)


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    """Debian's Chromium driven by Playwright (never a downloaded browser), one per test module."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
