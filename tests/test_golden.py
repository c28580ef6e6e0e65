"""Golden files: the sample seed's record and its event, speaker and technology pages.

Regenerate after an intended change with `make golden` (UPDATE_GOLDEN=1), then review the diff.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from generator.extract import extract
from generator.records import record_yaml
from generator.render import render_site
from generator.resolve import resolve
from generator.seeds import read_seed
from tests.conftest import FIXTURES, ROOT, SAMPLE_SEED

GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"


def compare(name: str, actual: str) -> None:
    actual = re.sub(r"^extractor: .*$", "extractor: (version and rules hash)", actual, flags=re.MULTILINE)
    path = GOLDEN / name
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(actual.encode("utf-8"))  # bytes: calendars keep their CRLF line ends
        return
    assert path.exists(), f"missing golden file {path}; run `make golden`"
    assert actual == path.read_bytes().decode("utf-8"), f"{name} differs from its golden file; run `make golden` if intended"


@pytest.fixture(scope="module")
def published() -> dict[str, str]:
    """The sample seed and one dated report: feeds and calendars need a full date."""
    records = [extract(read_seed(SAMPLE_SEED)), extract(read_seed(FIXTURES / "seeds" / "utf8.txt"))]
    return render_site(resolve(records)[0], ROOT / "theme" / "pages", "https://example.org/briefing/")


@pytest.mark.parametrize(
    "path", ["data/events.csv", "data/speakers.json", "data/technologies.csv", "feeds/events.xml", "calendar/events.ics"]
)
def test_published_file(published: dict[str, str], path: str) -> None:
    compare(path, published[path])


@pytest.fixture(scope="module")
def rendered() -> tuple[str, dict[str, str]]:
    record = extract(read_seed(SAMPLE_SEED))
    pages = render_site(resolve([record])[0], ROOT / "theme" / "pages")
    return record_yaml(record), pages


def test_record(rendered: tuple[str, dict[str, str]]) -> None:
    compare("record.yaml", rendered[0])


@pytest.mark.parametrize(
    "page",
    [
        "events/05-23-xin-zhi-sheng-chan-li-xing-ye-sha-long-aigc-fu-neng-ying-shi-chan-ye-zhuan.md",
        "speakers/tu-la-gu.md",
        "technologies/shu-zi-ren.md",
        "index.md",
    ],
)
def test_page(rendered: tuple[str, dict[str, str]], page: str) -> None:
    assert page in rendered[1]
    compare(page, rendered[1][page])
