"""Feeds, calendars, data downloads and page metadata, read back with real parsers."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import feedparser
import icalendar
import pytest
from click.testing import CliRunner

from generator.cli import main
from tests.conftest import FIXTURES, SAMPLE_SEED, make_project

SITE_URL = "https://example.org/briefing/"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = make_project(tmp_path_factory.mktemp("publish"), [SAMPLE_SEED, FIXTURES / "seeds" / "utf8.txt"])
    config = (root / "mkdocs.yml").read_text(encoding="utf-8")
    (root / "mkdocs.yml").write_text(re.sub(r"^site_url: .*$", f"site_url: {SITE_URL}", config, flags=re.M), encoding="utf-8")
    result = CliRunner().invoke(main, ["-q", "build", "--root", str(root), "--strict"])
    assert result.exit_code == 0, result.output
    return root


def test_events_feed(built: Path) -> None:
    feed = feedparser.parse((built / "site" / "feeds" / "events.xml").read_bytes())
    assert not feed.bozo, feed.bozo_exception
    assert feed.feed.title == "行业活动简报：最新活动"
    titles = [e.title for e in feed.entries]
    assert titles == ["智能影像创新论坛"]  # only events whose year is known can be placed in a feed
    assert feed.entries[0].id == SITE_URL + "events/2024-03-05-zhi-neng-ying-xiang-chuang-xin-lun-tan/"
    assert "李明远" in feed.entries[0].summary


def test_technology_feed_and_links_in_pages(built: Path) -> None:
    feed = feedparser.parse((built / "site" / "feeds" / "technologies" / "shu-zi-ren.xml").read_bytes())
    assert not feed.bozo and [e.title for e in feed.entries] == ["智能影像创新论坛"]
    page = (built / "site" / "technologies" / "shu-zi-ren" / "index.html").read_text(encoding="utf-8")
    assert (
        '<link rel="alternate feed" type="application/atom+xml" title="数字人" href="../../feeds/technologies/shu-zi-ren.xml">'
        in page
    )
    home = (built / "site" / "index.html").read_text(encoding="utf-8")
    assert 'type="application/atom+xml" title="最新活动" href="feeds/events.xml"' in home


def test_calendars(built: Path) -> None:
    cal = icalendar.Calendar.from_ical((built / "site" / "calendar" / "events.ics").read_bytes())
    events = cal.walk("VEVENT")
    assert [str(e["summary"]) for e in events] == ["智能影像创新论坛"]  # 05-23 has no year: not on a calendar
    event = events[0]
    assert event.decoded("dtstart").isoformat() == "2024-03-05"
    assert str(event["url"]) == SITE_URL + "events/2024-03-05-zhi-neng-ying-xiang-chuang-xin-lun-tan/"
    one = icalendar.Calendar.from_ical(
        (built / "site" / "calendar" / "2024-03-05-zhi-neng-ying-xiang-chuang-xin-lun-tan.ics").read_bytes()
    )
    assert len(one.walk("VEVENT")) == 1


def test_data_downloads_use_the_page_ids(built: Path) -> None:
    data = built / "site" / "data"
    events = json.loads((data / "events.json").read_text(encoding="utf-8"))
    speakers = json.loads((data / "speakers.json").read_text(encoding="utf-8"))
    techs = json.loads((data / "technologies.json").read_text(encoding="utf-8"))
    orgs = json.loads((data / "organizations.json").read_text(encoding="utf-8"))
    for kind, items in [("events", events), ("speakers", speakers), ("technologies", techs), ("organizations", orgs)]:
        for item in items:
            assert (built / "site" / kind / item["id"] / "index.html").exists(), (kind, item["id"])
    tu = next(s for s in speakers if s["id"] == "tu-la-gu")
    assert tu["appearances"][0]["orgs"] == ["天图万境"] and tu["appearances"][0]["titles"] == ["创始人"]
    rows = list(csv.DictReader(io.StringIO((data / "speakers.csv").read_text(encoding="utf-8-sig"))))
    assert len(rows) == sum(len(s["appearances"]) for s in speakers) == 12
    assert {"speaker_id", "name", "event_id", "event_name", "date", "role", "orgs", "titles", "quotes"} == set(rows[0])
    events_csv = list(csv.DictReader(io.StringIO((data / "events.csv").read_text(encoding="utf-8-sig"))))
    assert [r["id"] for r in events_csv] == [e["id"] for e in events]
    home = (built / "site" / "index.html").read_text(encoding="utf-8")
    assert 'href="data/events.json"' in home and 'href="data/speakers.csv"' in home


def test_opengraph_and_json_ld(built: Path) -> None:
    page = (built / "site" / "speakers" / "tu-la-gu" / "index.html").read_text(encoding="utf-8")
    assert '<meta property="og:type" content="profile">' in page
    assert f'<meta property="og:url" content="{SITE_URL}speakers/tu-la-gu/">' in page
    ld = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1))
    assert ld["@type"] == "Person" and ld["name"] == "图拉古" and ld["jobTitle"] == "创始人"
    event = next((built / "site" / "events").glob("2024-03-05-*/index.html")).read_text(encoding="utf-8")
    ld = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', event, re.S).group(1))
    assert ld["@type"] == "Event" and ld["startDate"] == "2024-03-05" and ld["performer"][0]["name"] == "李明远"


def test_sitemap_uses_site_url(built: Path) -> None:
    sitemap = (built / "site" / "sitemap.xml").read_text(encoding="utf-8")
    assert f"<loc>{SITE_URL}speakers/tu-la-gu/</loc>" in sitemap


def test_charts_have_text_alternatives(built: Path) -> None:
    home = (built / "site" / "index.html").read_text(encoding="utf-8")
    labels = re.findall(r'<svg role="img" aria-label="([^"]+)"', home)
    assert len(labels) == 2 and labels[0].startswith("提及最多的技术：大模型 14 次")
    assert "<summary>提及最多的技术（数据表）</summary>" in home
    assert "<script" not in home.split('class="briefing-chart"')[1].split("</figure>")[0]  # static SVG only
