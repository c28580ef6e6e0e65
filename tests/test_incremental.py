"""What an incremental build reuses from the last one gives what a build from scratch gives.

Each reuse that the resolution stage makes (speakers' technology counts, `resolve.MentionCounts`,
kept in .cache/mentions.pickle) is shown here: a report added whose speaker is merged with an
existing person, a report removed, a correction changed, each built on top of the previous
build's caches and compared byte for byte with a build of the same seeds from scratch."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator import exports
from generator.cache import Store
from generator.cli import main
from generator.records import Speaker
from generator.render import ARCHIVE_MIN, ENTITY_LIST_LIMIT, PER_PAGE, WORDS_EVENTS, recent_start
from generator.resolve import MentionCounts, mention_cache, mention_counts

# 图拉古 (圖拉古) and 张彬 (張彬) of the sample speak again: merged with the people already there.
SECOND_REPORT = """標題：第二屆智能影像論壇在上海舉行
鏈接：https://example.com/news/2024/0620/88.html
總結：6月18日，由上海影視協會主辦的「第二屆智能影像論壇」在上海舉行。主題演講環節，天圖萬境創始人圖拉古表示，空間視頻將成為新的敘事載體。「我們正在把數字人帶進劇場。」圖拉古說。隨後，百度雲智能數字人業務總經理張彬在演講中介紹，聲音克隆的成本已大幅下降，大模型技術讓文生圖走進片場。
AI技術：數字人、聲音克隆、文生圖
行業：影視製作
"""
# Renaming a technology changes the forms its mentions are counted by (大模型技术 is in the words).
RENAME = "technologies:\n  rename: {文生图: 大模型技术}\n"


def build(root: Path) -> None:
    result = CliRunner().invoke(main, ["build", "--root", str(root), "--pages-only"])
    assert result.exit_code == 0, result.output


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def from_scratch(root: Path, folder: Path) -> Path:
    cold = folder / "cold"
    cold.mkdir(parents=True)
    for name in ("mkdocs.yml", "theme", "seeds"):
        (shutil.copytree if (root / name).is_dir() else shutil.copy)(root / name, cold / name)
    (cold / "content").mkdir()
    # the editors' corrections, and the published URLs (slugs and redirects: the site's history)
    for name in ("corrections.yaml", "urls.yaml"):
        if (root / "content" / name).exists():
            shutil.copy(root / "content" / name, cold / "content" / name)
    build(cold)
    return cold


def same_output(root: Path, folder: Path) -> None:
    cold = from_scratch(root, folder)
    for part in ("pages", "content"):
        assert tree(root / part) == tree(cold / part), part


def test_added_merged_removed_and_corrected_equal_a_build_from_scratch(project: Path, tmp_path: Path) -> None:
    root = project
    build(root)
    assert (root / ".cache" / "mentions.pickle").exists()
    (root / "seeds" / "second.txt").write_text(SECOND_REPORT, encoding="utf-8")
    build(root)  # added: its speakers join the people of the sample
    pages = tree(root / "pages")
    assert any(rel.startswith("speakers/") and "第二屆智能影像論壇".encode() in text for rel, text in pages.items())
    same_output(root, tmp_path / "added")
    (root / "content" / "corrections.yaml").write_text(RENAME, encoding="utf-8")
    build(root)  # a correction changed: the counts of the renamed technology change
    same_output(root, tmp_path / "corrected")
    (root / "seeds" / "second.txt").unlink()
    build(root)  # removed
    same_output(root, tmp_path / "removed")


SERIES_REPORT = """标题: 未来媒体沙龙——第{n}场在北京举办
链接: https://example.com/news/2025/{month:02d}/0{n}.html
总结: 2025年{month}月{day}日，由《新京报》主办的“未来媒体沙龙——第{n}场”在北京举行。星贤智能创始人邓磊琳在开场致辞中表示，数字人正在改变影视制作的生产方式。
AI技术: 数字人
"""


def series_report(n: int) -> str:
    return SERIES_REPORT.format(n=n, month=n, day=10 + n)


def test_a_new_event_of_a_series_changes_its_neighbours_page_not_every_members(project: Path, tmp_path: Path) -> None:
    for n in range(1, 5):
        (project / "seeds" / f"series-{n}.txt").write_text(series_report(n), encoding="utf-8")
    build(project)
    events = sorted((project / "pages" / "events").glob("2025-*.md"))
    assert len(events) == 4
    before = {p.name: p.stat().st_mtime_ns for p in events}
    (project / "seeds" / "series-5.txt").write_text(series_report(5), encoding="utf-8")
    build(project)
    changed = {p.name for p in (project / "pages" / "events").glob("2025-*.md") if p.stat().st_mtime_ns != before.get(p.name)}
    assert len(changed) == 2, changed  # the new event and the one before it (its "next" link)
    assert "共 5 场" in (project / "pages" / "series" / "wei-lai-mei-ti-sha-long.md").read_text(encoding="utf-8")
    same_output(project, tmp_path / "series")


def test_an_older_event_leaves_an_entity_pages_split_from_its_archive_alone() -> None:
    keys = [f"2020-{n:04d}-event" for n in range(300)]  # oldest first
    for limit in (WORDS_EVENTS, ENTITY_LIST_LIMIT, PER_PAGE):
        start = recent_start(keys, limit)
        assert ARCHIVE_MIN <= len(keys) - start <= limit
        for at in range(0, len(keys) - limit - 1, 7):  # an event dated among the archived ones
            longer = [*keys[:at], f"2020-{at:04d}-late", *keys[at:]]
            assert longer[recent_start(longer, limit) :] == keys[start:], (limit, at)


def test_a_newer_event_is_on_the_entity_page_and_moves_the_split_rarely() -> None:
    keys = [f"2020-{n:04d}-event" for n in range(100)]
    moved = 0
    for n in range(100, 200):
        start, before = recent_start(keys, WORDS_EVENTS), keys[recent_start(keys, WORDS_EVENTS)]
        keys.append(f"2020-{n:04d}-event")
        after = recent_start(keys, WORDS_EVENTS)
        assert keys[-1] in keys[after:]  # the new event is on the page (a change that rebuilds it)
        assert ARCHIVE_MIN <= len(keys) - after <= WORDS_EVENTS
        moved += keys[after] != before or after < start
    assert moved < 40, moved  # by position it moved on every tenth; by content on about 2 in 10


TECH_REPORT = """标题: 数字人沙龙第{n}期在北京举办
链接: https://example.com/news/{year}/{month:02d}/{n}.html
总结: {year}年{month}月{day}日，由《新京报》主办的“数字人沙龙第{n}期”在北京举行。星贤智能创始人邓磊琳在开场致辞中表示，数字人正在改变影视制作的生产方式。
AI技术: 数字人
"""


def tech_report(n: int, month: int | None = None, day: int = 10) -> str:
    """The n-th salon, a month after the one before (or in `month` of its first year)."""
    return TECH_REPORT.format(n=n, year=2015 + n // 12, month=month or n % 12 + 1, day=day)


def test_an_older_report_changes_the_one_archive_page_it_lands_on(project: Path, tmp_path: Path) -> None:
    """數字人's page lists its newest mentions, the rest are in archive pages: a report dated
    among the oldest changes the technology page and the first archive page, not the newest
    archive page (a split by position moved a row from it to the technology page)."""
    for n in range(1, 130):
        (project / "seeds" / f"tech-{n:03d}.txt").write_text(tech_report(n), encoding="utf-8")
    build(project)
    folder = project / "pages" / "technologies" / "shu-zi-ren"
    before = {p.name: p.stat().st_mtime_ns for p in folder.glob("*.md")}
    assert len(before) >= 2  # more than one archive page
    page = (project / "pages" / "technologies" / "shu-zi-ren.md").read_text(encoding="utf-8")
    (project / "seeds" / "tech-000.txt").write_text(tech_report(0, month=2, day=5), encoding="utf-8")  # among the oldest
    build(project)
    after = {p.name: p.stat().st_mtime_ns for p in folder.glob("*.md")}
    assert after.keys() == before.keys()
    assert [name for name, t in after.items() if before[name] != t] == ["page-da39a3ee.md"]  # the first page (named after "")
    assert (project / "pages" / "technologies" / "shu-zi-ren.md").read_text(encoding="utf-8") != page  # its counts
    same_output(project, tmp_path / "older")


def _speaker(*quotes: str) -> Speaker:
    return Speaker(name="张彬", quotes=list(quotes))


def test_mention_counts_are_kept_by_their_inputs(tmp_path: Path) -> None:
    forms = (frozenset({"数字人"}), frozenset({"文生图"}))
    speaker = _speaker("我们的数字人和数字人演员", "文生图")
    first = mention_cache(tmp_path)
    assert first.get(speaker, forms) == (2, 1) == mention_counts(("我们的数字人和数字人演员", "文生图"), forms)
    first.save()
    again = mention_cache(tmp_path)
    assert again.store is not None and len(again.store.entries) == 1
    # other forms (a renamed technology) or other words are counted, never taken from the store
    assert again.get(speaker, (frozenset({"数字人", "演员"}), frozenset({"文生图"}))) == (3, 1)
    assert again.get(_speaker("文生图"), forms) == (0, 1)
    assert again.get(speaker, forms) == (2, 1)
    again.save()
    assert len(Store(tmp_path / "mentions.pickle", again.store.code).entries) == 3
    # a store written by other code is empty
    assert Store(tmp_path / "mentions.pickle", "other code").entries == {}
    assert MentionCounts().get(speaker, forms) == (2, 1)


def test_a_feed_is_written_again_only_when_its_newest_events_change(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A technology's feed shows its FEED_SIZE newest events, and is kept between builds by them
    alone: a report among the oldest leaves it as it was (not even made again), a newer one changes it."""
    made: list[str] = []
    atom_feed = exports.atom_feed

    def counted(*args: object, **kwargs: object) -> str:
        made.append(str(args[4]))  # the feed's path
        return atom_feed(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(exports, "atom_feed", counted)
    for n in range(1, exports.FEED_SIZE + 20):
        (project / "seeds" / f"tech-{n:03d}.txt").write_text(tech_report(n), encoding="utf-8")
    build(project)
    feed = project / "pages" / "feeds" / "technologies" / "shu-zi-ren.xml"
    assert "feeds/technologies/shu-zi-ren.xml" in made
    text, made[:] = feed.read_text(encoding="utf-8"), []
    (project / "seeds" / "tech-000.txt").write_text(tech_report(0, month=2, day=5), encoding="utf-8")  # among the oldest
    build(project)
    assert "feeds/technologies/shu-zi-ren.xml" not in made and feed.read_text(encoding="utf-8") == text
    same_output(project, tmp_path / "older")
    (project / "seeds" / "tech-999.txt").write_text(tech_report(exports.FEED_SIZE + 30), encoding="utf-8")  # the newest
    made[:] = []
    build(project)
    assert "feeds/technologies/shu-zi-ren.xml" in made and feed.read_text(encoding="utf-8") != text
    same_output(project, tmp_path / "newer")
