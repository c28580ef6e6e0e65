"""Month and week briefings, their index and feeds; per-speaker and per-organisation feeds and calendars;
and the reader-facing defects of issue 13, each shown fixed on a built site or on the function that fixes it."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from dataclasses import replace
from pathlib import Path

import feedparser
import icalendar
import jsonschema
import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.markdown import md
from generator.records import Digest, Record, Segment, Source, Speaker, Technology, Title
from generator.records import Event as EventFacts
from generator.render import statements_besides_quotes, timeline
from generator.resolve import Appearance, resolve
from generator.slugs import MAX_SLUG, slugify
from generator.tidy import is_lead_in, summary_digest, tidy_record, without_dateline, without_heading
from tests.conftest import FIXTURES, ROOT, SAMPLE_SEED, make_project

SITE_URL = "https://example.org/briefing/"
SEEDS = sorted((FIXTURES / "briefings").glob("*.txt"))
MARCH = "events/2025-03-17-wei-lai-mei-ti-sha-long-shu-zi-ren-zhuan-chang"
APRIL = "events/2025-04-08-wei-lai-mei-ti-sha-long-da-mo-xing-zhuan-chang"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = make_project(tmp_path_factory.mktemp("briefings"), [SAMPLE_SEED, *SEEDS])
    result = CliRunner().invoke(main, ["-q", "build", "--root", str(root), "--strict"])
    assert result.exit_code == 0, result.output
    return root


def page(root: Path, path: str) -> str:
    return (root / "pages" / path).read_text(encoding="utf-8")


def html(root: Path, path: str) -> str:
    return (root / "site" / path / "index.html").read_text(encoding="utf-8")


# --- briefings ------------------------------------------------------------------------------


def test_month_briefing(built: Path) -> None:
    text = page(built, "briefings/2025-04.md")
    assert "# 简报：2025年4月" in text
    assert f"(../{APRIL}.md)" in text and "[上海](../cities/shang-hai.md)" in text  # events, with city and organiser linked
    assert "[《新京报》](../organizations/xin-jing-bao.md)" in text
    # 徐娟 speaks for the first time in April; 邓磊琳 spoke in March already
    assert "**首次出现（1 位）**：[徐娟](../speakers/xu-juan.md)" in text
    assert "**再次登台（1 位）**：[邓磊琳](../speakers/deng-lei-lin.md)" in text
    # technologies against March: counts now, before, and the change; a chart with its figures
    assert "| [大模型](../technologies/da-mo-xing.md) | 7 | 1 | &#43;6 |" in text
    assert "| [数字人](../technologies/shu-zi-ren.md) | 1 | 6 | −5 |" in text
    assert "- 下降：[数字人](../technologies/shu-zi-ren.md)（6 → 1）" in text
    assert 'aria-label="2025年4月：技术提及次数：大模型 7 次；数字人 1 次"' in text
    # one quote per event, linked to its speaker and event
    assert "> “大模型正在改变出版的生产方式，成本下降明显。”" in text
    assert f"> —— [徐娟](../speakers/xu-juan.md)，[未来媒体沙龙——大模型专场](../{APRIL}.md)" in text
    # the summary is the figures, in words
    assert (
        "2025年4月（2025-04-01 至 2025-04-30）共收录 1 场活动，分布在 1 个城市（上海 1 场）；上月（2025年3月）为 1 场。" in text
    )
    assert "共 2 位嘉宾登台，其中 1 位首次出现。" in text
    assert "[← 2025年3月](2025-03.md)" in text


def test_week_briefing(built: Path) -> None:
    text = page(built, "briefings/2025-w12.md")
    assert "# 简报：2025年第12周" in text and "2025-03-17 至 2025-03-23" in text
    assert f"(../{MARCH}.md)" in text
    assert "[2025年第15周 →](2025-w15.md)" in text


def test_briefing_index_home_and_navigation(built: Path) -> None:
    index = page(built, "briefings/index.md")
    assert index.index("[2025年4月](2025-04.md)") < index.index("[2025年3月](2025-03.md)")  # newest first
    assert "[2025年第15周](2025-w15.md)" in index
    # the sample (05-23) and the June report give no year: counted and linked, not placed
    assert "另有[2 场活动](undated.md)年份不明" in index
    undated = page(built, "briefings/undated.md")
    assert "06-01-wei-lai-mei-ti-sha-long-duan-ju-zhuan-chang.md" in undated and "05-23" in undated
    home = page(built, "index.md")
    assert home.index("## 最新月度简报：[2025年4月](briefings/2025-04.md)") < home.index("## 最新活动")
    nav = html(built, "")
    assert 'href="briefings/"' in nav and "简报" in nav
    assert 'href="series/"' in nav and 'href="cities/"' in nav  # the series index is reachable


def test_briefings_feed(built: Path) -> None:
    feed = feedparser.parse((built / "site" / "feeds" / "briefings.xml").read_bytes())
    assert not feed.bozo, feed.bozo_exception
    assert [e.title for e in feed.entries] == ["简报：2025年4月", "简报：2025年第15周", "简报：2025年3月", "简报：2025年第12周"]
    assert feed.entries[0].link == SITE_URL + "briefings/2025-04/"
    assert 'href="../../feeds/briefings.xml"' in html(built, "briefings/2025-04")


def test_speaker_and_organisation_feeds_and_speaker_calendar(built: Path) -> None:
    feed = feedparser.parse((built / "site" / "feeds" / "speakers" / "deng-lei-lin.xml").read_bytes())
    assert not feed.bozo, feed.bozo_exception
    assert [e.title for e in feed.entries] == ["未来媒体沙龙——大模型专场", "未来媒体沙龙——数字人专场"]
    cal = icalendar.Calendar.from_ical((built / "site" / "calendar" / "speakers" / "deng-lei-lin.ics").read_bytes())
    assert [e.decoded("dtstart").isoformat() for e in cal.walk("VEVENT")] == ["2025-03-17", "2025-04-08"]
    speaker = html(built, "speakers/deng-lei-lin")
    assert 'rel="alternate feed" type="application/atom+xml"' in speaker and "feeds/speakers/deng-lei-lin.xml" in speaker
    assert "calendar/speakers/deng-lei-lin.ics" in speaker
    org = feedparser.parse((built / "site" / "feeds" / "organizations" / "xin-jing-bao.xml").read_bytes())
    assert not org.bozo and len(org.entries) == 2
    assert "feeds/organizations/xin-jing-bao.xml" in html(built, "organizations/xin-jing-bao")


def test_a_feed_with_no_entries_is_neither_written_nor_advertised(built: Path) -> None:
    # 金荦凯 speaks only at the June event, whose year is unknown
    assert not (built / "site" / "feeds" / "speakers" / "jin-luo-kai.xml").exists()
    assert not (built / "site" / "calendar" / "speakers" / "jin-luo-kai.ics").exists()
    assert 'application/atom+xml" title="金荦凯"' not in html(built, "speakers/jin-luo-kai")
    assert "订阅" not in page(built, "speakers/jin-luo-kai.md")


def test_inferred_year_is_shown_as_such(built: Path) -> None:
    assert "| 日期 | 2025-03-17（年份据原文链接中的日期推定） |" in page(built, f"{MARCH}.md")
    assert "| 日期 | 2025-04-08（年份据报道发布日期推定） |" in page(built, f"{APRIL}.md")
    assert "| 日期 | 06-01（年份不明） |" in page(built, "events/06-01-wei-lai-mei-ti-sha-long-duan-ju-zhuan-chang.md")
    record = (built / "content" / "records" / "b-2025-04-dateline.yaml").read_text(encoding="utf-8")
    assert "date: '2025-04-08'\n  date_source: dateline\n" in record


# --- defects --------------------------------------------------------------------------------


def test_series_neighbours_are_a_list_not_one_line(built: Path) -> None:
    text = html(built, MARCH)
    assert re.search(r"<li>上一场：<a [^>]*>未来媒体沙龙——短剧专场</a>", text), "previous event is not a list item"
    assert re.search(r"<li>下一场：<a [^>]*>未来媒体沙龙——大模型专场</a>", text)
    assert "- 上一场" not in text


def test_city_series_and_organisations_are_links(built: Path) -> None:
    event = page(built, f"{MARCH}.md")
    assert "| 城市 | [北京](../cities/bei-jing.md) |" in event
    assert "| 系列 | [未来媒体沙龙](../series/wei-lai-mei-ti-sha-long.md) |" in event
    assert "共 3 场" in page(built, "series/wei-lai-mei-ti-sha-long.md")  # the size is on the series page only
    city = page(built, "cities/bei-jing.md")
    assert f"(../{MARCH}.md)" in city
    speaker = page(built, "speakers/deng-lei-lin.md")
    assert "[星贤智能](../organizations/xing-xian-zhi-neng.md)" in speaker


def test_speakers_index_has_the_letter_bar_and_the_most_active(built: Path) -> None:
    index = page(built, "speakers/index.md")
    assert "[D（1）](letter-d.md) · " in index and "[X（" in index
    assert "- [邓磊琳](deng-lei-lin.md) · 2 场" in index  # a person one click from the index
    letter = page(built, "speakers/letter-x.md")
    assert "**X**" in letter and "[D](letter-d.md)" in letter


def test_segment_heading_and_dateline_are_cut_from_sentences() -> None:
    titles = ["AI影视应用的创新与商业化融合之路"]
    glued = "主题分享：AI影视应用的创新与商业化融合之路进入主题分享环节，天图万境创始人图拉古介绍，天图万境聚焦视听。"
    assert without_heading(glued, titles) == "进入主题分享环节，天图万境创始人图拉古介绍，天图万境聚焦视听。"
    assert without_heading("主持人：今天的主题。", titles) == "主持人：今天的主题。"  # not a segment heading
    dateline = "《科创板日报》9月23日讯（记者 马坤帆）9月22日，由《科创板日报》主办的“AIGC创新论坛——数字人专场”在深圳举行。"
    assert without_dateline(dateline) == "9月22日，由《科创板日报》主办的“AIGC创新论坛——数字人专场”在深圳举行。"
    record = Record(
        id="x",
        source=Source(file="x.txt", sha256="0"),
        title=Title(None, None),
        event=EventFacts(name="某论坛"),
        summary="",
        segments=[Segment("talk", titles[0])],
        speakers=[Speaker("图拉古", statements=[glued])],
        technologies=[Technology("数字人", "数字人", sentences=[dateline, "AI技术：", glued])],
    )
    tidy = tidy_record(replace(record, summary="5月23日，沙龙在北京举行。" + glued))
    assert tidy.summary == "5月23日，沙龙在北京举行。进入主题分享环节，天图万境创始人图拉古介绍，天图万境聚焦视听。"
    dated = tidy_record(replace(record, summary="《新京报》2025年11月20日讯（记者 闫博林）11月19日，论坛在广州举行。"))
    assert dated.summary == "11月19日，论坛在广州举行。"
    assert tidy.speakers[0].statements == ["进入主题分享环节，天图万境创始人图拉古介绍，天图万境聚焦视听。"]
    assert tidy.technologies[0].sentences == [
        "9月22日，由《科创板日报》主办的“AIGC创新论坛——数字人专场”在深圳举行。",
        "进入主题分享环节，天图万境创始人图拉古介绍，天图万境聚焦视听。",
    ]


def test_a_digest_lead_in_is_not_the_summary(built: Path) -> None:
    for lead_in in (
        "这篇文章报道了在北京举办的沙龙。以下是文章中的重大事件总结：",
        "这篇文章報導了研討會，重點如下：",
        "主要内容如下：",
        "这篇文章报道了“科技与文化融合论坛——大模型与内容生产专场”的举办情况。",
    ):
        assert is_lead_in(lead_in)
        assert summary_digest(Digest(intro=lead_in)).intro is None
    assert not is_lead_in("5月23日，沙龙在北京举行，嘉宾探讨了AIGC的应用。")
    assert not is_lead_in("这篇文章报道了张三在论坛上的发言，他认为AI将改变影视行业。")
    sample = (built / "content" / "records" / "000-c61e1e87d13911ee.yaml").read_text(encoding="utf-8")
    summary = re.search(r"^summary: (.*)$", sample, re.M).group(1)
    assert "以下是文章中的重大事件总结" not in summary and "影视制作被认为是AIGC应用最具前景" in summary


def test_briefing_quotes_are_statements_not_slogans() -> None:
    from generator.briefings import notable

    assert notable("Stable Diffusion正在改变广告营销的生产方式，成本下降明显。")
    assert not notable("磐石、橋梁、守護") and not notable("健康台灣深耕計畫") and not notable("好内容最缺。")


def test_each_quote_once(built: Path) -> None:
    a = Appearance(
        "r", "e", "E", None, "甲", "speaker", [], [], [], ["好内容最缺。"], ["“好内容最缺。”甲说。", "甲表示，AI是工具。"]
    )
    assert statements_besides_quotes(a) == ["甲表示，AI是工具。"]
    assert page(built, "speakers/xu-juan.md").count("大模型正在改变出版的生产方式") == 1


def test_co_speakers_are_bounded() -> None:
    from generator import render

    records = []
    for n in range(3):
        names = [f"嘉宾{chr(0x4E00 + k)}{chr(0x4E00 + n)}" for k in range(20)] + ["常客甲"]
        records.append(
            Record(
                id=f"r{n}",
                source=Source(file=f"r{n}.txt", sha256=str(n)),
                title=Title(None, None),
                event=EventFacts(name=f"第{n}场论坛", date=f"2025-0{n + 1}-01"),
                summary="",
                speakers=[Speaker(x, orgs=["某机构"]) for x in names],
            )
        )
    site, _ = resolve(records)
    pages = render.render_site(site, ROOT / "theme" / "pages")
    text = pages["speakers/chang-ke-jia.md"]
    assert text.count("../speakers/") == render.COSTARS_LIMIT
    assert f"共 60 位同台嘉宾，此处列出同台次数最多的 {render.COSTARS_LIMIT} 位。" in text


def test_alternating_titles_are_two_rows_not_a_change_per_event() -> None:
    def at(date: str, title: str) -> Appearance:
        return Appearance("r", date, "E", date, "甲", "speaker", [], ["某机构"], [title], [], [])

    rows = timeline([at("2025-01-01", "总裁"), at("2025-02-01", "CEO"), at("2025-03-01", "总裁"), at("2025-04-01", "CEO")])
    assert [(r["titles"], r["since"], r["until"], r["events"], r["changed"]) for r in rows] == [
        (["总裁"], "2025-01-01", "2025-03-01", 2, False),
        (["CEO"], "2025-02-01", "2025-04-01", 2, True),
    ]


def test_a_date_without_its_year_does_not_bound_a_timeline_row() -> None:
    def at(date: str, title: str) -> Appearance:
        return Appearance("r", date, "E", date, "甲", "speaker", [], ["某机构"], [title], [], [])

    rows = timeline([at("03-14", "CEO"), at("12-01", "董事长"), at("2021-04-06", "CEO"), at("2026-12-23", "CEO")])
    assert [(r["titles"], r["since"], r["until"], r["events"], r["changed"], r["first"]) for r in rows] == [
        (["CEO"], "2021-04-06", "2026-12-23", 3, False, "2021-04-06"),  # 始于 the event that gives the date
        (["董事长"], "12-01", "12-01", 1, True, "12-01"),
    ]


def test_slugs_are_cut_between_syllables() -> None:
    name = "数字内容产业峰会——AIGC赋能影视产业专场暨第三届长三角数字文化产业高质量发展专场"
    slug = slugify(name)
    assert len(slug) <= MAX_SLUG
    assert slugify(name + "专场").startswith(slug)
    assert set(slug.split("-")) <= set(slugify(name.replace("AIGC", "")).split("-")) | {"aigc"}
    full = "-".join(slugify(ch) for ch in name if not ch.isascii() and ch != "—")
    assert all(part in full.split("-") or part == "aigc" for part in slug.split("-"))  # every part a whole syllable
    # an event's slug (its date, then its name) is cut between syllables too
    record = Record(
        id="r",
        source=Source(file="r.txt", sha256="0"),
        title=Title(None, None),
        event=EventFacts(name="科技与文化融合论坛——数字人与虚拟偶像专场", date="2026-04-10"),
        summary="",
    )
    site, _ = resolve([record])
    (event_slug,) = site.events
    assert len(event_slug) <= MAX_SLUG and event_slug.startswith("2026-04-10-ke-ji-yu-wen-hua")
    assert event_slug.split("-")[-1] in slugify("科技与文化融合论坛——数字人与虚拟偶像专场").split("-")


def test_industries_merged_across_wording_and_script(built: Path) -> None:
    # the three reports say 影视制作, 電影 and 影视: one industry
    industries = page(built, "industries/index.md")
    assert "[影视](ying-shi.md) · 3 场活动" in industries or "[影视](ying-shi.md) · 4 场活动" in industries
    assert "电影" not in industries and "影视制作" not in industries


def test_csv_downloads(built: Path) -> None:
    raw = (built / "site" / "data" / "events.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # spreadsheets read UTF-8 only with the mark
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    march = next(r for r in rows if r["id"] == MARCH.split("/")[1])
    assert march["date"] == "2025-03-17" and march["date_source"] == "link"
    assert march["speaker_names"].split("、")[0] == "邓磊琳" and march["speakers"].split()[0] == "deng-lei-lin"
    june = next(r for r in rows if r["id"].startswith("06-01"))
    assert june["date"] == "06-01（年份不明）"  # a bare 06-01 becomes a date in this year in a spreadsheet
    speakers = list(csv.DictReader(io.StringIO((built / "site" / "data" / "speakers.csv").read_text(encoding="utf-8-sig"))))
    assert {"speaker_id", "name", "event_id", "event_name"} <= set(speakers[0])


def test_downloads_are_documented_and_valid_against_the_schema(built: Path) -> None:
    schema = json.loads((built / "site" / "data" / "schema.json").read_text(encoding="utf-8"))
    for name, definition in [
        ("events", "event"),
        ("speakers", "speaker"),
        ("technologies", "technology"),
        ("organizations", "organization"),
    ]:
        items = json.loads((built / "site" / "data" / f"{name}.json").read_text(encoding="utf-8"))
        jsonschema.validate(items, schema)
        for item in items:
            jsonschema.validate(item, {"$defs": schema["$defs"], "$ref": f"#/$defs/{definition}"})
    doc = page(built, "data/index.md")
    events = json.loads((built / "site" / "data" / "events.json").read_text(encoding="utf-8"))
    for field in events[0]:
        assert f"| {md(field)} |" in doc, field
    header = (built / "site" / "data" / "events.csv").read_text(encoding="utf-8-sig").splitlines()[0].split(",")
    for field in header:
        assert f"| {md(field)} |" in doc, field
    assert "[字段说明](data/index.md)" in page(built, "index.md")


def test_404_page_in_chinese_with_absolute_links(built: Path) -> None:
    text = (built / "site" / "404.html").read_text(encoding="utf-8")
    assert "页面不存在" in text and "404 - Not found" not in text
    assert 'href="/briefing/speakers/"' in text or 'href="https://example.org/briefing/speakers/"' in text
    assert 'class="briefing-404-search"' in text


def test_feed_links_do_not_make_material_fetch_a_sitemap_next_to_them(built: Path) -> None:
    # Material fetches sitemap.xml next to every link[rel=alternate] (feeds/sitemap.xml: a 404)
    text = html(built, "")
    assert not re.search(r'<link rel="alternate"[^>]*feeds/', text)
    assert re.search(r'<link rel="alternate feed" type="application/atom\+xml"[^>]*feeds/events.xml', text)


def test_package_data_folders_are_declared() -> None:
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    packages = set(config["tool"]["setuptools"]["packages"])
    for folder in (ROOT / "generator").iterdir():
        if folder.is_dir() and folder.name != "__pycache__":
            assert f"generator.{folder.name}" in packages, folder  # else setuptools warns once per file


def test_the_summary_does_not_open_the_digest_again(tmp_path: Path) -> None:
    seed = tmp_path / "digest.txt"
    seed.write_text(
        "标题: 某某论坛在北京举行\n总结: 5月23日，某某论坛在北京举行。星贤智能创始人邓磊琳在开幕致辞中表示，大模型正在改变影视制作。\n"
        "重大事件摘要:\n这篇文章报道了某某论坛的举办情况。\n1. 活动背景\n- 论坛在北京举行。\n",
        encoding="utf-8",
    )
    root = make_project(tmp_path, [seed])
    result = CliRunner().invoke(main, ["-q", "build", "--root", str(root), "--pages-only"])
    assert result.exit_code == 0, result.output
    event = next((root / "pages" / "events").glob("05-23-*.md")).read_text(encoding="utf-8")
    assert event.count("这篇文章报道了某某论坛的举办情况。") == 1


def test_build_and_check_agree_that_a_duplicate_is_a_warning(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    shutil.copy(next((root / "seeds").iterdir()), root / "seeds" / "copy.txt")
    built = CliRunner().invoke(main, ["build", "--root", str(root), "--pages-only", "--strict"])
    assert built.exit_code == 0, built.output
    checked = CliRunner().invoke(main, ["check", "--root", str(root)])
    assert checked.exit_code == 0, checked.output
    line = next(x for x in built.stderr.splitlines() if "same content as" in x)
    assert line.startswith("warning: ") and "copy.txt: same content as" in line
    assert line in checked.stderr.splitlines()
    assert "no problems found" in checked.stderr


def test_build_progress_per_stage_as_plain_lines_and_none_when_quiet(tmp_path: Path) -> None:
    root = make_project(tmp_path, [SAMPLE_SEED, *SEEDS])
    result = CliRunner().invoke(main, ["build", "--root", str(root)])  # CliRunner's stderr is not a terminal
    assert result.exit_code == 0, result.output
    lines = result.stderr.splitlines()
    for stage in ("extract", "render", "write", "mkdocs"):
        assert any(re.fullmatch(rf"{stage}: \d+/\d+( · \d+s)?|{stage}: full build, every page", x) for x in lines), stage
        assert any(re.fullmatch(rf"{stage}: done in \d+\.\ds", x) for x in lines), stage
    assert "extract: 4/4 · " in result.stderr
    # MkDocs' pages are counted in the helper process (hooks) and told to the build: converted, then written
    pages = len(list((root / "pages").rglob("*.md")))
    for part in ("markdown", "html"):
        assert f"mkdocs {part}: 0/{pages}" in lines
        assert any(re.fullmatch(rf"mkdocs {part}: {pages}/{pages} · \d+s", x) for x in lines), part
        assert any(re.fullmatch(rf"mkdocs {part}: done in \d+\.\ds", x) for x in lines), part
    assert lines.index("mkdocs: full build, every page") < lines.index(f"mkdocs html: 0/{pages}")
    assert [x for x in lines if x.startswith("mkdocs: done in")] == [lines[-2]]  # once, after its parts
    quiet = CliRunner().invoke(main, ["-q", "build", "--root", str(root), "--pages-only"])
    assert quiet.exit_code == 0 and quiet.stderr == ""


def test_progress_on_a_terminal_is_a_bar_with_counts_and_elapsed_time() -> None:
    from generator.progress import Progress

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    out = Terminal()
    stages = Progress(out, enabled=True, terminal=True)
    stages.waiting("mkdocs", "full build, every page")
    for n in range(1, 4):
        stages.from_helper("mkdocs html", n, 3, "")
    stages.finish()
    text = out.getvalue()
    assert re.search(r"mkdocs html  \[#+\]  3/3  \d+s", text)
    assert re.search(r"mkdocs html: done in \d+\.\ds\nmkdocs: done in \d+\.\ds\n$", text)
    silent = Terminal()
    Progress(silent, enabled=False, terminal=True).update("render", 1, 2)
    assert silent.getvalue() == ""


def test_urls_yaml_is_committed_as_the_readme_says() -> None:
    import subprocess

    if not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    ignored = subprocess.run(["git", "-C", str(ROOT), "check-ignore", "-q", "--no-index", "content/urls.yaml"], check=False)
    assert ignored.returncode == 1  # 1: not ignored
    assert "`content/urls.yaml` | published slugs and redirects, written by the build; commit it" in (
        ROOT / "README.md"
    ).read_text(encoding="utf-8")
