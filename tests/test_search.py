"""The search index (generator/sitesearch.py): folding, terms, page text, and that an incremental
build writes the same index as a build from scratch."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from click.testing import CliRunner

from generator import sitesearch
from generator.cli import main
from tests.conftest import FIXTURES, SAMPLE_SEED, make_project

TRADITIONAL = FIXTURES / "search" / "traditional-forum.txt"


def build(root: Path) -> str:
    result = CliRunner().invoke(main, ["build", "--root", str(root)])
    assert result.exit_code == 0, result.output
    return result.stderr


def search_files(site: Path) -> dict[str, bytes]:
    """Every file the search reads: the index under search/ and each page's _search.json."""
    files = {p.relative_to(site).as_posix(): p.read_bytes() for p in (site / "search").rglob("*") if p.is_file()}
    files.update({p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob(sitesearch.PAGE_FILE)})
    return files


def test_fold_keeps_length_and_joins_the_scripts_and_cases() -> None:
    for text in ["數字人與大模型", "圖拉古、陳清河", "ＣｈａｔＧＰＴ ChatGPT", "乾隆", "𠀀字"]:
        assert len(sitesearch.fold(text)) == len(text)
    assert sitesearch.fold("數字人") == sitesearch.fold("数字人") == "数字人"
    assert sitesearch.fold("圖拉古") == "图拉古" and sitesearch.fold("陳清河") == "陈清河"
    assert sitesearch.fold("ＣｈａｔＧＰＴ") == sitesearch.fold("ChatGPT") == "chatgpt"
    source, target = sitesearch.fold_pairs()
    assert len(source) == len(target) > 3000 and all(ord(c) < 0x10000 for c in source + target)


def test_terms_are_pairs_of_characters_and_latin_words() -> None:
    assert list(sitesearch.terms("图拉古")) == ["图拉", "拉古"]
    assert set(sitesearch.terms("图拉古", title=True)) == {"图拉", "拉古", "图", "拉", "古"}
    assert list(sitesearch.terms("百度智能云ai换脸gpt-4")) == ["百度", "度智", "智能", "能云", "ai", "换脸", "gpt", "4"]
    assert list(sitesearch.terms("龙")) == ["龙"]
    assert {sitesearch.term_shard(t) for t in ["图拉", "拉古", "数字", "字人", "chatgpt"]} <= set(range(sitesearch.SHARDS))


def test_a_title_term_carries_the_title_length() -> None:
    record = sitesearch.make_record("speakers/tu-la-gu/", "图拉古", ["图拉古表示，大模型很重要。"])
    assert record.kind == "嘉宾"
    assert record.values["拉古"] == 2 * sitesearch.TITLE_BITS + 3  # once in the body, once in the title
    assert record.values["大模"] == 1 * sitesearch.TITLE_BITS  # body only
    assert record.values["古"] == 1 * sitesearch.TITLE_BITS + 3  # title only


def test_page_text_leaves_out_table_headers_excluded_sections_and_header_links() -> None:
    content = (
        '<h1 id="x">图拉古<a class="headerlink" href="#x">&para;</a></h1>'
        "<table><thead><tr><th>时间</th><th>机构</th></tr></thead>"
        "<tbody><tr><td>05-23</td><td>天图万境</td></tr></tbody></table>"
        '<h2 data-search-exclude id="y">同台嘉宾</h2><ul><li>陈坤：1 场</li></ul>'
        "<h2>观点</h2><p>图拉古表示，空间视频很重要。他认为&lt;未来&gt;可期！</p>"
        '<figure><svg role="img"><text>12</text></svg><figcaption>提及次数</figcaption></figure>'
    )
    title, lines = sitesearch.page_text(content)
    assert title == "图拉古"
    assert lines == ["05-23 · 天图万境", "观点", "图拉古表示，空间视频很重要。", "他认为<未来>可期！", "提及次数"]


def test_excluded_pages_and_page_files(tmp_path: Path) -> None:
    root = make_project(tmp_path, [SAMPLE_SEED, TRADITIONAL])
    build(root)
    site = root / "site"
    meta = json.loads((site / "search" / "meta.json").read_text(encoding="utf-8"))
    chunks = [json.loads((site / "search" / "d" / f"{k}.json").read_text("utf-8")) for k in range(meta["chunks"])]
    urls = [u for chunk in chunks for u in chunk.values()]
    assert all(int(i) % meta["chunks"] == k for k, chunk in enumerate(chunks) for i in chunk)
    assert len(urls) == meta["docs"] and "speakers/tu-la-gu/" in urls and "speakers/chen-qing-he/" in urls
    assert "speakers/" not in urls and "events/" not in urls  # index pages say `search: exclude`
    page = json.loads((site / "speakers" / "chen-qing-he" / sitesearch.PAGE_FILE).read_text(encoding="utf-8"))
    assert page["t"] == "陳清河" and page["k"] == "嘉宾"  # kept as written
    assert any("陳清河表示" in line for line in page["l"])
    assert json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"] == []
    assert not any("\u200b" in line for line in page["l"])


def test_incremental_builds_write_the_same_search_index_as_a_full_build(tmp_path: Path) -> None:
    root = make_project(tmp_path / "inc", [SAMPLE_SEED])
    build(root)
    shutil.copy(TRADITIONAL, root / "seeds")
    assert "(incremental)" in build(root)
    full = make_project(tmp_path / "full", [SAMPLE_SEED, TRADITIONAL])
    build(full)
    assert search_files(root / "site") == search_files(full / "site")

    # without the cache, the pages not rendered again are read back from the live site
    (root / ".cache" / "search-pages.pickle").unlink()
    (root / "seeds" / TRADITIONAL.name).unlink()
    assert "(incremental)" in build(root)
    alone = make_project(tmp_path / "alone", [SAMPLE_SEED])
    build(alone)
    assert search_files(root / "site") == search_files(alone / "site")
    assert not (root / "site" / "speakers" / "chen-qing-he").exists()


def test_document_ids_are_stable_when_a_page_is_added() -> None:
    urls = [f"events/2024-{n:04d}-x/" for n in range(900)] + [f"speakers/p-{n}/" for n in range(600)]
    ids = sitesearch.doc_ids(urls)
    assert len(set(ids.values())) == len(urls)  # one id each
    more = sitesearch.doc_ids([*urls, "events/2024-0450-new/"])
    moved = [u for u in urls if ids[u] != more[u]]
    assert len(moved) <= 5, moved  # only ids right after the new one's (URL order would move half of them)
    assert sitesearch.doc_ids(reversed(urls)) == ids  # a function of the set


def test_writer_skips_files_the_live_site_already_has(tmp_path: Path) -> None:
    live, stage = tmp_path / "live", tmp_path / "stage"
    (live / "search").mkdir(parents=True)
    (live / "search" / "same.json").write_text("[1]", encoding="utf-8")
    (live / "search" / "other.json").write_text("[1]", encoding="utf-8")
    out = sitesearch.Writer(stage, live)
    out.put("search/same.json", "[1]")
    out.put("search/other.json", "[2]")
    out.put("search/new.json", "[3]")
    assert sorted(out.written) == ["search/new.json", "search/other.json"]
    assert not (stage / "search" / "same.json").exists() and (stage / "search" / "other.json").read_text() == "[2]"
    # digests from the cache are trusted only for the live index they were saved with
    cache = sitesearch.Cache({}, dict(out.files), sitesearch.index_digest(out.files))
    (live / "search" / "meta.json").write_text(json.dumps({"index": cache.digest}), encoding="utf-8")
    assert sitesearch.known_digests(cache, live) == out.files
    (live / "search" / "meta.json").write_text(json.dumps({"index": "older"}), encoding="utf-8")
    assert sitesearch.known_digests(cache, live) is None


def inodes(site: Path) -> dict[str, int]:
    return {p.relative_to(site).as_posix(): p.stat().st_ino for p in (site / "search").rglob("*") if p.is_file()}


def test_an_incremental_build_rewrites_only_the_index_files_that_change(tmp_path: Path) -> None:
    root = make_project(tmp_path / "inc", [SAMPLE_SEED])
    build(root)
    before = inodes(root / "site")
    shutil.copy(TRADITIONAL, root / "seeds")
    assert "(incremental)" in build(root)
    after = inodes(root / "site")
    assert after.keys() == before.keys()
    rewritten = {rel for rel in after if after[rel] != before[rel]}  # a file moved in from staging is a new inode
    chunks = {rel for rel in rewritten if rel.startswith("search/d/")}
    shards = {rel for rel in rewritten if rel.startswith("search/t/")}
    assert "search/meta.json" in rewritten and "search/fold.json" not in rewritten
    assert 0 < len(chunks) <= 40 < sitesearch.CHUNKS  # the chunks of the new pages' ids only
    assert 0 < len(shards) < sitesearch.SHARDS // 2
    # the same records again write nothing, whether the digests come from the cache or the live files
    site = root / "site"
    cache = sitesearch.load_cache(root / ".cache" / "search-pages.pickle")
    assert sitesearch.known_digests(cache, site) == cache.files
    records = sitesearch.collect(sorted(cache.records), {}, site, {})  # read back from the live page files
    for known in (cache.files, None):
        out = sitesearch.Writer(tmp_path / "stage", site, known)
        sitesearch.write_index(out, records)
        assert out.written == [], out.written
