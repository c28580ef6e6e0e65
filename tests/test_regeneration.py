"""Regeneration scenarios on a temporary copy of the project: one identity per person across
events, corrections that survive re-extraction, removal, determinism, interruption, concurrency."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.build import BuildError, Project, build_lock
from generator.cli import main
from tests.conftest import FIXTURES, ROOT, SAMPLE_SEED, make_project

# A second report, in Traditional characters, in which 图拉古 (圖拉古) and 张彬 (張彬) speak again.
SECOND_REPORT = """標題：第二屆智能影像論壇在上海舉行
鏈接：https://example.com/news/2024/0620/88.html
總結：6月18日，由上海影視協會主辦的「第二屆智能影像論壇」在上海舉行。主題演講環節，天圖萬境創始人圖拉古表示，空間視頻將成為新的敘事載體。「我們正在把數字人帶進劇場。」圖拉古說。隨後，百度雲智能數字人業務總經理張彬在演講中介紹，聲音克隆的成本已大幅下降。
AI技術：數字人、聲音克隆
行業：影視製作
"""


def build(root: Path, *args: str) -> str:
    result = CliRunner().invoke(main, ["build", "--root", str(root), *args])
    assert result.exit_code == 0, result.output
    return result.stderr


def page(root: Path, rel: str) -> str:
    return (root / "pages" / rel).read_text(encoding="utf-8")


def test_same_person_across_events_corrections_survive_and_removal(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    build(root, "--pages-only")
    (root / "seeds" / "second.txt").write_text(SECOND_REPORT, encoding="utf-8")
    build(root, "--pages-only")

    speaker = page(root, "speakers/tu-la-gu.md")
    assert "新质生产力行业沙龙——AIGC赋能影视产业专场" in speaker and "第二屆智能影像論壇" in speaker
    assert "写法：图拉古、圖拉古" in speaker  # one person, both spellings
    assert not (root / "pages" / "speakers" / "tu-la-gu-2.md").exists()

    # The editor corrects 張彬's title in the second report.
    (root / "content" / "corrections.yaml").write_text(
        "speakers:\n  - record: second\n    name: 張彬\n    set: {titles: [数字人业务总经理（兼）]}\n", encoding="utf-8"
    )
    build(root, "--pages-only")
    assert "数字人业务总经理（兼）" in page(root, "speakers/zhang-bin.md")

    # The seed changes: it is re-extracted and the correction still holds.
    (root / "seeds" / "second.txt").write_text(SECOND_REPORT.replace("6月18日", "6月19日"), encoding="utf-8")
    out = build(root, "--pages-only")
    assert "extracted 1, reused 1" in out
    zhang = page(root, "speakers/zhang-bin.md")
    assert "数字人业务总经理（兼）" in zhang and "06-19" in zhang
    assert "数字人业务总经理（兼）" not in (root / "content" / "records" / "second.yaml").read_text(encoding="utf-8")

    # The seed goes: its pages, mentions and index entries go with it; the correction is reported.
    (root / "seeds" / "second.txt").unlink()
    out = build(root, "--pages-only")
    assert "第二屆智能影像論壇" not in page(root, "speakers/tu-la-gu.md")
    assert "第二屆智能影像論壇" not in page(root, "events/index.md")
    assert not any("di-er-jie" in p.name for p in (root / "pages" / "events").iterdir())
    assert "speakers[0]: no speaker named 張彬 in record second; correction not applied" in out
    check = CliRunner().invoke(main, ["check", "--root", str(root)])
    assert check.exit_code == 1 and "no speaker named 張彬 in record second" in check.stdout


def test_merge_split_and_technology_corrections(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    (root / "content").mkdir()
    (root / "content" / "corrections.yaml").write_text(
        "people:\n  merge:\n    - [张彬, 周宇]\n"
        "technologies:\n  rename: {动作捕捉: 动作捕捉技术}\n  hide: [5G]\n"
        "events:\n  000-c61e1e87d13911ee: {date: '2024-05-23', city: 北京市}\n",
        encoding="utf-8",
    )
    build(root, "--pages-only")
    assert not (root / "pages" / "speakers" / "zhou-yu.md").exists()
    assert "玲珑AI" in page(root, "speakers/zhang-bin.md")
    assert (root / "pages" / "technologies" / "dong-zuo-bu-zhuo-ji-shu.md").exists()
    assert not (root / "pages" / "technologies" / "5g.md").exists()
    event = next((root / "pages" / "events").glob("2024-05-23-*.md")).read_text(encoding="utf-8")
    assert "北京市" in event


@pytest.mark.parametrize(
    "text, message",
    [
        ("speakers: [\n", "not valid YAML"),
        (
            "speakers:\n  - {name: 张彬, colour: red}\n",
            "speakers.0: Additional properties are not allowed ('colour' was unexpected)",
        ),
        ("events:\n  x: {date: 5月23日}\n", "events.x.date: '5月23日' does not match"),
        ("speakers:\n  - {name: 张彬, set: {titles: 总监}}\n", "speakers.0.set.titles: '总监' is not of type 'array'"),
        ("a: &a [1, 2]\nb: [*a, *a, *a]\n", "aliases (*name) are not allowed"),
    ],
)
def test_broken_corrections_are_reported_with_line(tmp_path: Path, text: str, message: str) -> None:
    root = make_project(tmp_path)
    (root / "content").mkdir()
    path = root / "content" / "corrections.yaml"
    path.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--root", str(root)])
    assert result.exit_code == 1
    assert f"{path}:" in result.stdout and message in result.stdout
    build(root, "--pages-only")  # the site still builds, without the corrections


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_byte_identical_whatever_the_file_order(tmp_path: Path) -> None:
    seeds = [SAMPLE_SEED, FIXTURES / "seeds" / "utf8.txt", FIXTURES / "seeds" / "big5.txt", FIXTURES / "seeds" / "gb18030.txt"]
    first = make_project(tmp_path / "a", seeds)
    second = make_project(tmp_path / "b", [])
    for seed in reversed(seeds):  # copied in another order, with other modification times
        shutil.copy(seed, second / "seeds" / seed.name)
        time.sleep(0.01)
    build(first, "--pages-only", "-j", "1")
    build(second, "--pages-only", "-j", "2")
    assert tree(first / "content") == tree(second / "content")
    assert tree(first / "pages") == tree(second / "pages")


def test_byte_identical_across_processes_with_other_hash_seeds(tmp_path: Path) -> None:
    """Set and dict orders differ between Python processes: nothing may depend on them."""
    seeds = [SAMPLE_SEED, FIXTURES / "seeds" / "utf8.txt", FIXTURES / "seeds" / "big5.txt"]
    trees = []
    for n, seed in enumerate(["0", "3"]):  # two seeds known to order small sets of strings differently
        root = make_project(tmp_path / f"p{n}", seeds)
        env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONHASHSEED": seed}
        subprocess.run(
            [sys.executable, "-m", "generator", "-q", "build", "--root", str(root), "--pages-only"], env=env, check=True
        )
        trees.append((tree(root / "content"), tree(root / "pages")))
    assert trees[0] == trees[1]


def test_a_second_build_at_once_is_refused(tmp_path: Path) -> None:
    project = Project(make_project(tmp_path))
    with build_lock(project):
        with pytest.raises(BuildError, match="another build is running"):
            with build_lock(project):
                pass
        result = CliRunner().invoke(main, ["build", "--root", str(project.root)])
        assert result.exit_code == 2 and "another build is running" in result.stderr


def equivalent_sites(a: Path, b: Path) -> None:
    """Same files and bytes; the search index may differ only in how jieba split old pages' text."""
    first, second = tree(a), tree(b)
    assert sorted(first) == sorted(second)
    for rel in first:
        if rel == "search/search_index.json":
            docs = [[(d["location"], d["title"]) for d in json.loads(t[rel])["docs"]] for t in (first, second)]
            assert docs[0] == docs[1]
        else:
            assert first[rel] == second[rel], rel


def cold_build(root: Path, folder: Path) -> Path:
    """The same project built from scratch, to compare an incremental result with."""
    cold = folder / "cold"
    cold.mkdir(parents=True)
    for name in ("mkdocs.yml", "theme", "seeds"):
        (shutil.copytree if (root / name).is_dir() else shutil.copy)(root / name, cold / name)
    build(cold)
    return cold


def add_copies(root: Path, n: int) -> None:
    for k in range(n):
        text = SAMPLE_SEED.read_text(encoding="utf-8").replace("2024", f"{2000 + k}")
        (root / "seeds" / f"copy-{k:02d}.txt").write_text(text + f"\n链接: https://example.com/copy/{k}\n", encoding="utf-8")


PAUSING_BUILD = """
import sys, time, pathlib
import generator.build as build
from generator.cli import main

marker, moment = pathlib.Path(sys.argv[1]), sys.argv[2]

def stop_here():
    marker.write_text("paused")
    time.sleep(600)

if moment == "extracting":
    real_write = build.write_atomic
    def write_then_stop(path, *args, **kwargs):
        result = real_write(path, *args, **kwargs)
        if pathlib.Path(path).name.startswith("copy-"):
            stop_here()
        return result
    build.write_atomic = write_then_stop
else:
    real_publish = build.publish
    def stop_before_publishing(*args, **kwargs):
        stop_here()
        return real_publish(*args, **kwargs)
    build.publish = stop_before_publishing
sys.argv = ["generator", *sys.argv[3:]]
main()
"""


@pytest.mark.parametrize("moment", ["extracting", "mkdocs"])
def test_interrupted_build_leaves_previous_site_and_recovers(tmp_path: Path, moment: str) -> None:
    root = make_project(tmp_path)
    build(root)
    before = tree(root / "site")
    add_copies(root, 30)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    marker = tmp_path / "paused"
    # The build stops itself at the moment under test (after the first new record is written, or
    # once MkDocs has filled its staging folder and before anything moves into site/) and waits
    # there to be killed: no polling, no luck with timing.
    proc = subprocess.Popen(
        [sys.executable, "-c", PAUSING_BUILD, str(marker), moment, "-q", "build", "--root", str(root)],
        env=env,
        start_new_session=True,
    )
    deadline = time.monotonic() + 240
    while proc.poll() is None and not marker.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert marker.exists() and proc.poll() is None, f"the build never reached the moment: {moment}"
    if moment == "mkdocs":  # MkDocs has written its folder (staged pages, or a whole new tree)
        assert any((root / ".cache").glob("site-stage-*")) or any((root / ".cache").glob("site-new-*"))
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    assert tree(root / "site") == before  # MkDocs writes elsewhere; site/ is only touched once it has finished
    for record in (root / "content" / "records").glob("*.yaml"):  # no half-written record
        assert record.read_text(encoding="utf-8").rstrip().endswith("schema_version: 1")
    out = build(root)  # the next run recovers without manual cleanup
    assert out.splitlines()[-1].startswith("31 events")  # after the progress lines
    assert not list((root / "content" / "records").glob(".*.tmp"))
    assert not list((root / ".cache").glob("site-*-*"))
    equivalent_sites(root / "site", cold_build(root, tmp_path) / "site")


def test_a_build_that_dies_while_moving_pages_in_is_completed_by_the_next(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import generator.html

    root = make_project(tmp_path)
    build(root)
    add_copies(root, 3)
    moved = []
    real_move = generator.html._move

    def move_three_then_die(source: Path, target: Path) -> None:
        if len(moved) == 3:
            raise OSError("disk gone")
        moved.append(target)
        real_move(source, target)

    monkeypatch.setattr(generator.html, "_move", move_three_then_die)
    result = CliRunner().invoke(main, ["build", "--root", str(root)])
    assert result.exit_code == 2 and "disk gone; the next build completes the update" in result.stderr
    assert len(moved) == 3 and (root / ".cache" / "site-commit.json").exists()
    assert all(p.stat().st_size > 0 for p in moved)  # each moved file is whole
    monkeypatch.setattr(generator.html, "_move", real_move)
    build(root)
    assert not (root / ".cache" / "site-commit.json").exists()
    equivalent_sites(root / "site", cold_build(root, tmp_path) / "site")


def test_incremental_site_equals_a_full_build(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    build(root)
    (root / "seeds" / "second.txt").write_text(SECOND_REPORT, encoding="utf-8")
    shutil.copy(FIXTURES / "seeds" / "utf8.txt", root / "seeds")
    assert "(incremental)" in build(root)
    equivalent_sites(root / "site", cold_build(root, tmp_path / "a") / "site")
    (root / "seeds" / "utf8.txt").unlink()
    assert "(incremental)" in build(root)
    assert "(unchanged)" in build(root)
    equivalent_sites(root / "site", cold_build(root, tmp_path / "b") / "site")


NAMESAKE_REPORT = """标题：金融科技沙龙在深圳举办
总结：2023年3月2日，“金融科技沙龙”在深圳举行。华星银行行长张彬在主旨演讲中表示，数字人客服已经覆盖全部网点。张彬认为，大模型会改变银行。
"""


def test_urls_stay_put_when_a_namesake_arrives_and_merges_redirect(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    build(root, "--pages-only")
    original = page(root, "speakers/zhang-bin.md")
    (root / "seeds" / "namesake.txt").write_text(NAMESAKE_REPORT, encoding="utf-8")
    build(root, "--pages-only")
    assert page(root, "speakers/zhang-bin.md") == original  # same URL, same person, untouched
    newcomer = page(root, "speakers/zhang-bin-hua-xing-yin-hang.md")
    assert "华星银行" in newcomer and "百度" not in newcomer

    (root / "content" / "corrections.yaml").write_text(
        "people:\n  merge:\n    - [高超, 周宇]\ntechnologies:\n  rename: {动作捕捉: 动作捕捉技术}\n", encoding="utf-8"
    )
    build(root)
    assert not (root / "pages" / "speakers" / "zhou-yu.md").exists()
    redirect = (root / "site" / "speakers" / "zhou-yu" / "index.html").read_text(encoding="utf-8")
    assert "url=../../speakers/gao-chao/" in redirect
    tech = (root / "site" / "technologies" / "dong-zuo-bu-zhuo" / "index.html").read_text(encoding="utf-8")
    assert "technologies/dong-zuo-bu-zhuo-ji-shu/" in tech
    urls = (root / "content" / "urls.yaml").read_text(encoding="utf-8")
    assert "speakers/zhou-yu: speakers/gao-chao" in urls

    (root / "seeds" / "namesake.txt").unlink()  # a page whose source goes is gone, not redirected
    build(root)
    assert not (root / "site" / "speakers" / "zhang-bin-hua-xing-yin-hang").exists()


def test_editor_lexicon_entry_reaches_existing_articles(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    build(root, "--pages-only")
    (root / "content" / "technologies.yaml").write_text("- {name: 沉浸式剧场, category: 文旅, aliases: []}\n", encoding="utf-8")
    out = build(root, "--pages-only")
    assert "extracted 1, reused 0" in out  # records made with the old lexicon are redone
    assert "沉浸式剧场" in page(root, "technologies/chen-jin-shi-ju-chang.md")
    assert "extracted 0, reused 1" in build(root, "--pages-only")


def test_unchanged_pages_are_reused_and_name_changes_still_reach_them(tmp_path: Path) -> None:
    root = make_project(tmp_path, [])
    (root / "seeds" / "second.txt").write_text(SECOND_REPORT, encoding="utf-8")
    build(root, "--pages-only")
    second_event = next((root / "pages" / "events").glob("*06-18-*.md"))
    assert "[圖拉古](../speakers/tu-la-gu.md)" in second_event.read_text(encoding="utf-8")
    out = build(root, "--pages-only")
    # Every page rendered from a template is left as it is (feeds, calendars and data files are written again).
    templated = len(list((root / "pages").rglob("*.md")))
    assert f"pages written 0, removed 0, unchanged and not rendered {templated}" in out
    # A report in Simplified characters arrives: his display name becomes 图拉古 (the site is in
    # Simplified Chinese), also on the page of the Traditional report, whose own inputs did not change.
    shutil.copy(SAMPLE_SEED, root / "seeds")
    build(root, "--pages-only")
    assert "[图拉古](../speakers/tu-la-gu.md)" in second_event.read_text(encoding="utf-8")
    cold = make_project(tmp_path / "cold", [SAMPLE_SEED])
    shutil.copy(root / "seeds" / "second.txt", cold / "seeds")
    build(cold, "--pages-only")
    assert tree(cold / "pages") == tree(root / "pages")  # the cache never changes what is built
