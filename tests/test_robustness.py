"""Issue 15: nothing a seed, an editor or a crash can do stops the build or loses a page.

One test (or a few) per defect of the issue, each named after what it guarantees."""

from __future__ import annotations

import errno
import json
import marshal
import os
import random
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlparse

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

import generator.extract
import generator.html
from generator.build import Project, Report, build_pages
from generator.cli import main
from generator.exports import atom_feed, calendar
from generator.people import SPEECH_RE
from generator.resolve import org_key, person_key, resolve
from generator.seeds import parse, read_seed
from tests.conftest import ROOT, SAMPLE_SEED, make_project

SAMPLE = SAMPLE_SEED.read_text(encoding="utf-8")


def run(root: Path, *args: str, code: int = 0) -> str:
    result = CliRunner().invoke(main, [*args, "--root", str(root)])
    assert "Traceback" not in result.output and "Traceback" not in result.stderr, result.stderr
    assert result.exit_code == code, result.output + result.stderr
    return result.stderr + result.stdout


def variant(k: int, text: str = SAMPLE) -> str:
    """The sample report as another event: another name, date and URL, and another moderator."""
    text = text.replace("2024", f"{2000 + k}").replace("id=1799893062399973298", f"id={k}")
    text = text.replace("5月23日", f"{k % 12 + 1}月{k % 27 + 1}日").replace("影视产业专场", f"影视产业第{k}专场")
    return text.replace("朱仪贤", "朱仪" + "甲乙丙丁戊己庚辛"[k % 8])


def records(root: Path) -> dict[str, dict]:
    return {p.stem: yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted((root / "content" / "records").glob("*.yaml"))}


# --- 1. a seed must never stall the build ---------------------------------------------------


def names_article(n: int) -> str:
    """The issue's repro: n random three-character names, each introduced and quoted."""
    rng = random.Random(15)
    surnames, given = (
        "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘",
        "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超霞平刚英华玉萍红文建国志新海波宁辉鹏飞斌浩凯博",
    )
    names: set[str] = set()
    while len(names) < n:
        names.add(rng.choice(surnames) + rng.choice(given) + rng.choice(given))
    lines = [
        f"华为云首席架构师{x}表示，“我们要把人工智能用在每一个行业里面去。”{x}认为，大模型会改变软件开发。" for x in sorted(names)
    ]
    return "标题：测试\n关键词：大模型\n总结：" + "\n".join(lines)


def test_speech_subjects_are_matched_with_one_pattern_per_article(monkeypatch: pytest.MonkeyPatch) -> None:
    """Past 512 name forms, the speech-subject patterns were compiled again for every sentence
    (Python's pattern cache holds 512): hours for one seed. Now compilations grow with the names,
    not with names x sentences."""
    import re._compiler as compiler

    compiled = []
    real = compiler.compile

    def counting(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        compiled.append(1)
        if len(compiled) > 5_000:  # 520 names x 1,040 sentences would be half a million
            raise AssertionError("patterns compiled again and again")
        return real(*args, **kwargs)

    monkeypatch.setattr(compiler, "compile", counting)
    try:
        record = generator.extract.extract(parse(names_article(520), "names.txt"))
    finally:
        monkeypatch.undo()  # before pytest reports anything (it compiles patterns too)
    assert len(record.speakers) == 520
    assert all(s.statements for s in record.speakers)


def _speaking_subject_one_by_one(sentence: str, forms: list[tuple[str, int]]) -> int | None:
    """The former implementation, one pattern per form: the reference for the new matcher."""
    best: tuple[int, int] | None = None
    for form, k in forms:
        for m in re.finditer(
            re.escape(form) + r"(?:在[^，。“”]{0,14}中)?[，,]?\s*(?:还|也|则|同样|首先|进一步|最后)?" + SPEECH_RE.pattern,
            sentence,
        ):
            if best is None or m.start() < best[0]:
                best = (m.start(), k)
    return best[1] if best else None


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.tuples(st.text("张彬陈坤总老师李", min_size=1, max_size=3), st.integers(0, 4)), max_size=8),
    st.lists(
        st.sampled_from(["张", "彬", "陈坤", "总", "表示", "认为", "说", "，", "在会议中", "也", "还", "“", "”", "李老师"]),
        max_size=14,
    ),
)
def test_one_pattern_finds_the_same_speaker_as_one_pattern_per_form(forms: list[tuple[str, int]], parts: list[str]) -> None:
    forms = sorted(forms, key=lambda f: -len(f[0]))
    sentence = "".join(parts)
    matcher = generator.extract._subject_matcher(forms)
    assert generator.extract._speaking_subject(sentence, matcher) == _speaking_subject_one_by_one(sentence, forms)


def test_a_seed_past_the_time_bound_is_named_and_skipped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_project(tmp_path)
    (root / "seeds" / "stuck.txt").write_text(variant(1).replace("AI 2.0时代来临", "永无止境"), encoding="utf-8")
    real = generator.extract._people

    def stall_on_one(art, reporters):  # noqa: ANN001, ANN202
        if "永无止境" in art.text:
            while True:  # a seed that never finishes (as the 512-form cliff did, for hours)
                pass
        return real(art, reporters)

    monkeypatch.setattr(generator.extract, "_people", stall_on_one)
    monkeypatch.setenv("BRIEFING_SEED_SECONDS", "2")
    out = run(root, "build", "--pages-only", "-j", "1")
    assert f"error: {root / 'seeds' / 'stuck.txt'}: extraction took longer than 2 s; skipped" in out
    assert list(records(root)) == ["000-c61e1e87d13911ee"]  # the other seed built


# --- 2. one character must not abort every build ---------------------------------------------


def test_control_characters_and_line_breaks_reach_every_writer_as_writable_text(tmp_path: Path) -> None:
    import feedparser
    from icalendar import Calendar

    root = make_project(tmp_path)
    hostile = variant(1).replace("AI 2.0时代来临", "AI\x01 2.0\x0b时代\x1b来临\uffff\u2028")
    (root / "seeds" / "hostile.txt").write_text(hostile, encoding="utf-8")
    (root / "content").mkdir()
    (root / "content" / "corrections.yaml").write_text(
        'events:\n  000-c61e1e87d13911ee: {name: "新质生产力\\n行业\\x0b沙龙", date: "2024-05-23"}\n'
        '  hostile: {date: "2001-05-23"}\n',
        encoding="utf-8",
    )
    out = run(root, "build", "--pages-only")
    assert "error:" not in out
    for rid, record in records(root).items():
        assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\uffff\u2028]", json.dumps(record, ensure_ascii=False)), rid
    feed = feedparser.parse((root / "pages" / "feeds" / "events.xml").read_bytes())
    assert not feed.bozo and len(feed.entries) == 2
    assert "新质生产力 行业沙龙" in [e.title for e in feed.entries]
    ics = (root / "pages" / "calendar" / "events.ics").read_text(encoding="utf-8")
    assert len(Calendar.from_ical(ics).walk("VEVENT")) == 2
    assert "SUMMARY:新质生产力 行业沙龙" in ics


def test_a_writer_that_cannot_write_a_record_names_it_and_writes_the_rest(tmp_path: Path) -> None:
    """Text that never went through the reader (a record file edited by hand) still cannot stop a feed."""
    from dataclasses import replace

    first = generator.extract.extract(read_seed(SAMPLE_SEED))
    first = replace(first, event=replace(first.event, date="2024-05-23"))
    second = replace(first, id="bad", source=replace(first.source, url="https://x.example/2"))
    second = replace(second, event=replace(second.event, name="坏\x01名字", date="2024-05-24"))
    site, _ = resolve([first, second])
    problems: list[str] = []
    feed = atom_feed(site, "https://example.org/", list(site.events.values()), "t", "feeds/events.xml", problems)
    assert feed.count("<entry>") == 1 and any(p.startswith("record bad: feeds/events.xml:") for p in problems)
    ics = calendar(site, "https://example.org/", list(site.events.values()), "名\n字", problems)
    assert ics.count("BEGIN:VEVENT") == 2 and "X-WR-CALNAME:名 字" in ics


# --- 3. giant pages ----------------------------------------------------------------------------


def test_an_article_without_sentence_punctuation_gives_bounded_passages(tmp_path: Path) -> None:
    body = "".join(f"华为云首席架构师张三表示我们把数字人和大模型用在第{k}个行业里面去" for k in range(600))
    root = make_project(tmp_path, [])
    (root / "seeds" / "flat.txt").write_text(f"标题：无标点\n关键词：数字人\n总结：“{body}”\n{body}", encoding="utf-8")
    run(root, "build", "--pages-only")
    (record,) = records(root).values()
    assert len(body) > 20_000 and len(record["summary"]) <= 400
    passages = [q for s in record["speakers"] for q in s["quotes"] + s["statements"]]
    passages += [x for t in record["technologies"] for x in t["sentences"]]
    assert passages and max(map(len, passages)) <= 600
    assert max(p.stat().st_size for p in (root / "pages").rglob("*.md")) < 100_000


# --- 4 and 5. a crash must never leave the site wrong --------------------------------------------


def site_pages(root: Path) -> set[str]:
    return {p.relative_to(root / "site").as_posix() for p in (root / "site").rglob("index.html")}


def search_pages(root: Path) -> set[str]:
    """Every page the search index lists (its URL chunks, search/d/*.json)."""
    pages: set[str] = set()
    for chunk in (root / "site" / "search" / "d").glob("*.json"):
        pages.update(url.split("#")[0] for url in json.loads(chunk.read_text(encoding="utf-8")).values())
    return pages


def test_pages_removed_by_a_build_that_never_published_still_leave_the_site(tmp_path: Path) -> None:
    """A build killed after it removed a seed's pages from pages/ but before site/ was updated
    (here: a --pages-only build, which stops at the same point) must not leave them in site/."""
    root = make_project(tmp_path)
    (root / "seeds" / "second.txt").write_text(variant(1), encoding="utf-8")
    run(root, "build")
    slug = yaml.safe_load((root / "content" / "urls.yaml").read_text(encoding="utf-8"))["events"]["second"]
    gone = {p for p in site_pages(root) if slug in p}
    assert gone and any(slug in loc for loc in search_pages(root))
    (root / "seeds" / "second.txt").unlink()
    run(root, "build", "--pages-only")
    run(root, "build")
    run(root, "build")
    assert not gone & site_pages(root)
    assert not any(slug in loc for loc in search_pages(root))
    assert not (root / ".cache" / "pages-removed.json").exists()


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("href", "src") and value and tag in ("a", "link", "script", "img"):
                self.links.append(value)


def broken_links(site: Path, base: str) -> list[str]:
    """Local links with no file behind them, on every page reachable from the home page, and
    search entries whose page is missing."""
    broken, seen, todo = [], set(), ["index.html"]
    while todo:
        rel = todo.pop()
        if rel in seen:
            continue
        seen.add(rel)
        parser = _Links()
        parser.feed((site / rel).read_text(encoding="utf-8"))
        for link in parser.links:
            url = urlparse(urljoin(f"{base}{rel}", link))
            if url.netloc != urlparse(base).netloc or not url.path.startswith(urlparse(base).path):
                continue
            target = unquote(url.path[len(urlparse(base).path) :])
            target = target + "index.html" if target.endswith("/") or not target else target
            if not (site / target).is_file():
                broken.append(f"{rel} -> {target}")
            elif target.endswith(".html"):
                todo.append(target)
    chunks = [json.loads(chunk.read_text(encoding="utf-8")) for chunk in (site / "search" / "d").glob("*.json")]
    listed = [url for chunk in chunks for url in chunk.values()]
    assert listed, "the search index lists no page"
    for url in listed:
        page = url.split("#")[0].lstrip("/")
        if not (site / page / "index.html").is_file() and not (site / page).is_file():
            broken.append(f"search -> {page}")
    return broken


def test_a_move_stopped_at_any_point_leaves_no_broken_link(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_project(tmp_path)
    for k in (1, 2):
        (root / "seeds" / f"s{k}.txt").write_text(variant(k), encoding="utf-8")
    run(root, "build")
    (root / "seeds" / "s1.txt").unlink()  # pages to delete
    (root / "seeds" / "s3.txt").write_text(variant(3), encoding="utf-8")  # pages to add, pages that change
    real_move = generator.html._move

    def never(source: Path, target: Path) -> None:
        raise OSError("stopped")

    monkeypatch.setattr(generator.html, "_move", never)
    run(root, "build", code=2)  # MkDocs has built the staging folder and the journal is written
    snapshot = tmp_path / "snapshot"
    shutil.copytree(root / "site", snapshot / "site", symlinks=True)
    shutil.copytree(root / ".cache", snapshot / ".cache", symlinks=True)
    folders = Project(root).site_folders
    journal = json.loads(folders.journal.read_text(encoding="utf-8"))
    total = sum(len(files) for _d, _s, files in os.walk(folders.cache / journal["staging"]))
    assert total > 20 and journal["remove"]
    base = "https://example.org/briefing/"
    moments = sorted({*range(0, total + 1, max(1, total // 10)), 1, total - 1, total})
    for stop in moments:
        for name in ("site", ".cache"):
            shutil.rmtree(root / name)
            shutil.copytree(snapshot / name, root / name, symlinks=True)
        moved: list[Path] = []

        def move_some(source: Path, target: Path, stop: int = stop, moved: list[Path] = moved) -> None:
            if len(moved) == stop:
                raise OSError("killed")
            moved.append(target)
            real_move(source, target)

        monkeypatch.setattr(generator.html, "_move", move_some)
        try:
            generator.html._commit(folders)
        except OSError:
            pass
        assert broken_links(root / "site", base) == [], f"stopped after {stop} of {total} moves"
    monkeypatch.setattr(generator.html, "_move", real_move)
    run(root, "build")
    assert broken_links(root / "site", base) == []


# --- 6 and 7. identity must not depend on accidents -------------------------------------------------


def test_record_ids_stay_with_their_seed_and_never_collide(tmp_path: Path) -> None:
    root = make_project(tmp_path, [])
    seeds = root / "seeds"
    (seeds / "a-b.txt").write_text(variant(1), encoding="utf-8")
    run(root, "build", "--pages-only")
    assert records(root)["a-b"]["source"]["file"] == "a-b.txt"
    (seeds / "a b.txt").write_text(variant(2), encoding="utf-8")
    for k, folder in enumerate("abc"):
        (seeds / folder).mkdir()
        (seeds / folder / "x.txt").write_text(variant(3 + k), encoding="utf-8")
    out = run(root, "build", "--pages-only")
    found = records(root)
    assert found["a-b"]["source"]["file"] == "a-b.txt"  # the first seed keeps its id
    assert len(found) == 5  # no seed lost
    assert sorted(r["source"]["file"] for r in found.values()) == ["a b.txt", "a-b.txt", "x.txt", "x.txt", "x.txt"]
    assert f"{seeds / 'a b.txt'}: record id a-b already belongs to a-b.txt; this seed's record is a-b-" in out
    ids = yaml.safe_load((root / "content" / "ids.yaml").read_text(encoding="utf-8"))
    assert ids["a-b.txt"] == "a-b" and ids["a/x.txt"] == "x" and len(set(ids.values())) == 5
    run(root, "build", "--pages-only")
    assert records(root).keys() == found.keys()


ORG_REPORT = """标题：第{k}届智能影像论坛在上海举行
链接：https://example.com/news/{k}.html
总结：6月18日，由上海影视协会主办的“第{k}届智能影像论坛”在上海举行。主题演讲环节，{org}数字人业务总经理{name}在演讲中介绍，声音克隆的成本已大幅下降。“我们正在把数字人带进剧场，带进每一个家庭。”{name}说。
AI技术：数字人、声音克隆
"""


def test_invisible_characters_do_not_split_people_or_organisations(tmp_path: Path) -> None:
    root = make_project(tmp_path, [])
    spellings = [
        ("百度\u200b智能云", "张彬"),
        ("百度\u202e智能云", "张\u200d彬"),
        ("百度智能云", "张彬"),
        ("百度智能云", "張\u2060彬"),
    ]
    for k, (org, name) in enumerate(spellings, start=1):
        (root / "seeds" / f"r{k}.txt").write_text(ORG_REPORT.format(k=k, org=org, name=name), encoding="utf-8")
    site = build_pages(Project(root), Report())
    assert [p.name for p in site.people.values()] == ["张彬"]
    assert len(next(iter(site.people.values())).appearances) == 4
    assert len([o for o in site.orgs.values() if "百度" in o.name]) == 1
    assert not re.search(
        "[\u200b-\u200f\u202a-\u202e\u2060]", json.dumps([o.name for o in site.orgs.values()], ensure_ascii=False)
    )


def test_comparison_keys_ignore_invisible_characters_and_compatibility_forms() -> None:
    assert org_key("百度\u200b智能云") == org_key("百度\u202e智能云") == org_key("百度智能云")
    assert org_key("ＳｅｎｓｅＴｉｍｅ") == org_key("SenseTime")
    assert person_key("张\u200b彬") == person_key("张彬") == person_key("張彬")


# --- 8. corrections that lie ---------------------------------------------------------------------


def test_corrections_that_lie_are_refused_or_reported(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    (root / "content").mkdir()
    path = root / "content" / "corrections.yaml"
    run(root, "build", "--pages-only")
    path.write_text("people:\n  merge:\n    - [张彬, 朱仪贤]\n    - [朱仪贤, 张彬]\n", encoding="utf-8")
    out = run(root, "check", code=1)
    assert f"{path}:4: people.merge.1: 朱仪贤 is also in people.merge.0" in out and "put these names in one group" in out
    assert "corrections not applied" in run(root, "build", "--pages-only")
    path.write_text('events:\n  000-c61e1e87d13911ee: {date: "2024-13-45"}\n', encoding="utf-8")
    assert f"{path}:2: events.000-c61e1e87d13911ee.date: 2024-13-45 is not a date" in run(root, "check", code=1)
    path.write_text(
        "people:\n  merge:\n    - [张彬, 无此人]\n  split:\n    - {name: 张彬, records: [nothing, 000-c61e1e87d13911ee]}\n"
        "    - {name: 无此人, records: [000-c61e1e87d13911ee]}\n",
        encoding="utf-8",
    )
    out = run(root, "check", code=1)
    assert "people.merge.0: no speaker named 无此人 in any record; not merged" in out
    assert "people.split.0: no record nothing; not split" in out
    assert "people.split.1: no speaker named 无此人 in record 000-c61e1e87d13911ee; not split" in out
    assert "people.split.0: no speaker named 张彬" not in out


# --- 9. errors, never tracebacks --------------------------------------------------------------------


def test_hostile_files_in_seeds_are_named(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    seeds = root / "seeds"
    (seeds / "loop-a").symlink_to(seeds / "loop-b")
    (seeds / "loop-b").symlink_to(seeds / "loop-a")
    (seeds / "self").symlink_to(seeds / "self")
    os.mkfifo(seeds / "pipe.txt")
    for command in (["check"], ["build", "--pages-only"]):
        out = run(root, *command, code=1 if command == ["check"] else 0)
        assert f"{seeds / 'loop-a'}: symbolic link loop; skipped" in out
        assert f"{seeds / 'self'}: symbolic link loop; skipped" in out
        assert f"{seeds / 'pipe.txt'}: a FIFO (named pipe), not a regular file; skipped" in out


@pytest.mark.parametrize(
    "make, message",
    [
        (
            lambda p: p.write_bytes("people:\n  merge:\n    - [张彬, 张斌]\n".encode("gbk")),
            ":3: not UTF-8 text (GBK or another encoding?)",
        ),
        (lambda p: p.write_text("people: {}\n", encoding="utf-16"), ": UTF-16 text; save it as UTF-8"),
        (lambda p: p.mkdir(), ": is a directory, not a file"),
        (lambda p: p.write_text("a: " + "[" * 5000 + "]" * 5000 + "\n", encoding="utf-8"), ": nested too deeply"),
    ],
)
def test_unreadable_corrections_are_errors_not_tracebacks(tmp_path: Path, make, message: str) -> None:  # noqa: ANN001
    root = make_project(tmp_path)
    (root / "content").mkdir()
    path = root / "content" / "corrections.yaml"
    make(path)
    assert f"{path}{message}" in run(root, "check", code=1)
    assert f"{path}{message}" in run(root, "build", "--pages-only")


@pytest.mark.parametrize(
    "text, message",
    [
        ("- {name: 数字人, aliases: 7}\n", "'aliases' must be a list of strings"),
        ("name: 数字人\n", "expected a list"),
        ("- {name: 数字人, category: [a, b]}\n", "'category' must be a string"),
        ("[[[\n", "not valid YAML"),
    ],
)
def test_a_bad_editor_lexicon_is_reported_and_the_shipped_one_used(tmp_path: Path, text: str, message: str) -> None:
    root = make_project(tmp_path)
    (root / "content").mkdir()
    (root / "content" / "technologies.yaml").write_text(text, encoding="utf-8")
    assert message in run(root, "check", code=1)
    out = run(root, "build", "--pages-only")
    assert message in out and "using the shipped lexicon only" in out
    assert records(root)["000-c61e1e87d13911ee"]["technologies"]


def test_a_full_disk_or_a_read_only_site_is_an_error_naming_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_project(tmp_path)
    run(root, "build")
    (root / "seeds" / "new.txt").write_text(variant(1), encoding="utf-8")
    real_fdopen = os.fdopen

    class Full:
        def __init__(self, fd: int) -> None:
            self.handle = real_fdopen(fd, "wb")

        def __enter__(self):  # noqa: ANN204
            return self

        def __exit__(self, *exc: object) -> None:
            self.handle.close()

        def write(self, data: bytes) -> None:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr("generator.records.os.fdopen", lambda fd, mode="r": Full(fd))
    out = run(root, "build", code=2)
    assert re.search(rf"error: {re.escape(str(root))}/content/\S+: cannot write: No space left on device; the build stopped", out)
    assert not list((root / "content").rglob(".*.tmp"))
    monkeypatch.undo()

    def read_only(source: Path, target: Path) -> None:
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(target))

    monkeypatch.setattr(generator.html, "_move", read_only)
    for _ in range(2):  # the second build first tries to finish the first one's move
        out = run(root, "build", code=2)
        assert re.search(rf"error: .*{re.escape(str(root / 'site'))}/\S+: Permission denied", out)
    monkeypatch.undo()
    run(root, "build")


# --- 10. same input, same bytes ---------------------------------------------------------------------


def test_sitemap_dates_are_the_contents_not_the_build_day(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    (root / "seeds" / "older.txt").write_text(variant(1), encoding="utf-8")
    (root / "content").mkdir()
    (root / "content" / "corrections.yaml").write_text(
        'events:\n  000-c61e1e87d13911ee: {date: "2024-05-23"}\n  older: {date: "2001-02-02"}\n', encoding="utf-8"
    )
    run(root, "build")
    dates = set(re.findall(r"<lastmod>([^<]*)</lastmod>", (root / "site" / "sitemap.xml").read_text(encoding="utf-8")))
    assert dates == {"2024-05-23"}  # the newest event, whatever day this runs


# --- 12. nothing outside the project ---------------------------------------------------------------


def test_caches_stay_in_the_project_and_planted_ones_are_rebuilt(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    system_tmp = tmp_path / "system-tmp"
    system_tmp.mkdir()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "TMPDIR": str(system_tmp)}
    command = [sys.executable, "-m", "generator", "-q", "build", "--root", str(root)]
    raw = root / "seeds" / "raw.txt"  # no 关键词 line: keywords come from jieba's TF-IDF (its IDF table)
    raw.write_text(re.sub(r"^关键词.*\n", "", variant(1), flags=re.MULTILINE), encoding="utf-8")
    subprocess.run(command, env=env, check=True, timeout=600)
    assert list(system_tmp.iterdir()) == []
    cached = sorted(p.name for p in (root / ".cache").glob("jieba-*"))
    assert any(n.startswith("jieba-words2-") for n in cached) and any(n.startswith("jieba-idf-") for n in cached)
    assert any(n.endswith(".cache") for n in cached)  # jieba's own prefix dictionary
    for path in (root / ".cache").glob("jieba-*"):  # what another user might plant
        path.write_bytes(marshal.dumps(({"x": "y"}, "z")) if path.suffix == ".cache" else marshal.dumps([1, 2, 3]))
    raw.write_text(raw.read_text(encoding="utf-8").replace("来临", "到来"), encoding="utf-8")
    (root / "seeds" / "raw2.txt").write_text(re.sub(r"^关键词.*\n", "", variant(2), flags=re.MULTILINE), encoding="utf-8")
    subprocess.run(command, env=env, check=True, timeout=600)
    assert list(system_tmp.iterdir()) == []
    assert records(root)["raw2"]["keywords"]
    for path in (root / ".cache").glob("jieba-*.marshal"):
        assert marshal.loads(path.read_bytes()) != [1, 2, 3]  # rebuilt


def test_extract_command_keeps_nothing_in_the_system_temporary_folder(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "TMPDIR": str(tmp_path)}
    subprocess.run([sys.executable, "-m", "generator", "extract", str(SAMPLE_SEED)], env=env, check=True, capture_output=True)
    assert list(tmp_path.iterdir()) == []
