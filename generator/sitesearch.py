"""Reader search: a static index sharded by term, written by the MkDocs hook, read by a worker.

What the browser fetches (theme/overrides/assets/javascripts/briefing-search.js, the worker that
Material's search box talks to):

- `search/meta.json`: format version, shard and chunk counts, document count.
- `search/fold.json`: the Traditional → Simplified character table (from OpenCC, one character
  for one character, so offsets on the folded text are offsets on the text as written).
- `search/t/<n>.json`: shard n of the postings, `{term: [id, value, id gap, value, ...]}`; a
  term's shard is a hash of the term. value = count × 64 + the title's length when the term is in
  the title (0 when it is not), so titles that hold the query and are shortest come first.
- `search/d/<k>.json`: the URLs of documents k, k + CHUNKS, k + 2 × CHUNKS, …
  (documents are numbered in URL order).
- `<page>/_search.json` next to each indexed page: its title, kind and sentences, fetched for
  the best candidates only, to check the match and show the sentence that matched.

Terms are the same on both sides without a dictionary: text is folded (Traditional → Simplified,
full-width ASCII → ASCII, Latin to lower case), Chinese runs give every pair of adjacent
characters (a run of one character gives that character; titles give every character too),
Latin letters and digits give whole lower-case words. So 拉古 finds 图拉古, 百度 finds 百度智能云,
數字人 finds 数字人, and the browser needs neither jieba nor its dictionary; the worker then
checks that the folded query occurs as written in the candidate's title or sentences.

The index is written whole on every build from one record per page (the pages rendered now;
on an incremental build the others come from a cache in .cache/, or, when the cache lacks them,
from their `_search.json` in the live site), so an incremental build writes the same files as a
build from scratch.
"""

from __future__ import annotations

import html
import json
import os
import pickle
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from functools import lru_cache
from html.parser import HTMLParser
from operator import add, sub
from pathlib import Path
from typing import NamedTuple

import opencc

VERSION = 1
SHARDS = 1024  # fixed, so that every build writes the same set of files
CHUNKS = 256  # fixed too: document id i is entry i // CHUNKS of chunk i % CHUNKS
PAGE_FILE = "_search.json"
TITLE_BITS = 64  # value = count * TITLE_BITS + min(title length, TITLE_BITS - 1)

KINDS = {
    "events": "活动",
    "speakers": "嘉宾",
    "technologies": "技术",
    "organizations": "机构",
    "industries": "行业",
    "series": "系列",
}

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_TOKEN = re.compile(f"[{_CJK}]+|[a-z0-9]+")
_SENTENCE_END = re.compile(r"(?<=[。！？；!?;])")


@lru_cache(maxsize=1)
def fold_pairs() -> tuple[str, str]:
    """(Traditional, Simplified) characters of OpenCC's t2s, one for one, within the BMP (so one
    UTF-16 unit in the browser too)."""
    chars = [chr(c) for r in ((0x3400, 0x4DC0), (0x4E00, 0xA000), (0xF900, 0xFB00)) for c in range(*r)]
    converted = opencc.OpenCC("t2s").convert("\n".join(chars)).split("\n")
    assert len(converted) == len(chars)
    pairs = [(a, b) for a, b in zip(chars, converted, strict=True) if a != b and len(b) == 1 and ord(b) < 0x10000]
    return "".join(a for a, _ in pairs), "".join(b for _, b in pairs)


@lru_cache(maxsize=1)
def _fold_table() -> dict[int, int]:
    source, target = fold_pairs()
    table = {ord(a): ord(b) for a, b in zip(source, target, strict=True)}
    for c in range(0xFF01, 0xFF5F):  # full-width ASCII
        table[c] = c - 0xFEE0
    for c in range(ord("A"), ord("Z") + 1):
        table[c] = c + 32
    for c in range(0xFF21, 0xFF3B):  # full-width capitals straight to lower case
        table[c] = c - 0xFEE0 + 32
    return table


def fold(text: str) -> str:
    """The form both the index and the query are compared in; same length as text."""
    return text.translate(_fold_table())


def terms(folded: str, title: bool = False) -> Iterator[str]:
    for match in _TOKEN.finditer(folded):
        run = match.group()
        if run[0] < "\u0080" or len(run) == 1:
            yield run
        else:
            yield from map(add, run, run[1:])
            if title:
                yield from run


def term_shard(term: str, shards: int = SHARDS) -> int:
    """Polynomial hash over UTF-16 units, mixed by a multiplication (the worker computes the same)."""
    h = 0
    for ch in term:
        h = (h * 31 + ord(ch)) & 0xFFFFFFFF
    return ((h * 0x9E3779B1) & 0xFFFFFFFF) % shards


class PageRecord(NamedTuple):
    title: str
    kind: str
    lines: list[str]
    values: dict[str, int]  # term -> value (see module docstring)


def kind_of(url: str) -> str:
    return KINDS.get(url.split("/", 1)[0], "页面") if url else "首页"


def make_record(url: str, title: str, lines: list[str]) -> PageRecord:
    title = title.replace("\u200b", "").strip()
    folded_title = fold(title)
    body = Counter(t for line in lines for t in terms(fold(line)))
    in_title = Counter(terms(folded_title, title=True))
    length = max(1, min(len(folded_title), TITLE_BITS - 1))
    values = {t: (n + in_title.get(t, 0)) * TITLE_BITS for t, n in body.items()}
    for t, n in in_title.items():
        values[t] = values.get(t, 0) + (0 if t in body else n * TITLE_BITS) + length
    return PageRecord(title, kind_of(url), lines, values)


# -- text of a page ---------------------------------------------------------------------------

_BLOCK = {"p", "li", "tr", "dt", "dd", "caption", "figcaption", "pre", "div", "blockquote", "table", "ul", "ol", "dl", "section"}
_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
_SKIP = {"script", "style", "svg", "thead", "th", "template", "noscript"}
_VOID = {"br", "hr", "img", "input", "meta", "link", "wbr", "col", "source"}


class _TextParser(HTMLParser):
    """Sentences of an article's HTML: headings, paragraphs, list items, table rows (cells joined
    by ` · `, header cells left out); Material's `data-search-exclude` sections, header links,
    charts and scripts left out."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self.h1 = ""
        self._buffer: list[str] = []
        self._skip: list[str] = []  # open tags whose content is skipped
        self._excluded_level = 0  # a heading with data-search-exclude: skip until a heading <= it
        self._in_h1 = False
        self._cells = 0

    def _flush(self) -> None:
        text = " ".join("".join(self._buffer).split())
        self._buffer = []
        self._cells = 0
        if not text or text == "·":
            return
        if self._in_h1:
            self.h1 = text
            return
        self.lines.extend(s.strip() for s in _SENTENCE_END.split(text) if s.strip())

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _VOID:
            if tag == "br":
                self._buffer.append(" ")
            return
        attributes = dict(attrs)
        if self._skip:
            self._skip.append(tag)
            return
        level = _HEADINGS.get(tag)
        if level:
            self._flush()
            if self._excluded_level and level <= self._excluded_level:
                self._excluded_level = 0
            if "data-search-exclude" in attributes:
                self._excluded_level = level
            self._in_h1 = level == 1
        if (
            tag in _SKIP
            or "data-search-exclude" in attributes
            or (tag == "a" and "headerlink" in (attributes.get("class") or "").split())
        ):
            self._skip.append(tag)
            return
        if tag in _BLOCK:
            self._flush()
        elif tag == "td":
            if self._cells:
                self._buffer.append(" · ")
            self._cells += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID:
            return
        if self._skip:
            # pop to the matching open tag (tolerates unclosed inner tags)
            while self._skip:
                if self._skip.pop() == tag:
                    break
            return
        if tag in _HEADINGS:
            self._flush()
            self._in_h1 = False
        elif tag in _BLOCK:
            self._flush()

    def handle_data(self, data: str) -> None:
        if not self._skip and not self._excluded_level:
            self._buffer.append(data)
        elif not self._skip and self._in_h1:
            self._buffer.append(data)

    def close(self) -> None:
        super().close()
        self._flush()


def page_text(content: str) -> tuple[str, list[str]]:
    """(text of the h1, sentences) of an article's HTML."""
    parser = _TextParser()
    parser.feed(content)
    parser.close()
    return parser.h1, parser.lines


def record_from_html(url: str, page_title: str, content: str) -> PageRecord:
    h1, lines = page_text(content)
    title = h1 or html.unescape(re.sub(r"<[^>]+>", "", page_title or ""))
    return make_record(url, title, lines)


# -- writing ----------------------------------------------------------------------------------


def page_file(url: str) -> str:
    """Where a page's `_search.json` goes, relative to the site: next to its index.html."""
    return (url if url.endswith("/") or not url else url.rsplit("/", 1)[0] + "/") + PAGE_FILE


def _dump(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def page_json(record: PageRecord) -> str:
    return _dump({"t": record.title, "k": record.kind, "l": record.lines})


def record_from_page_json(url: str, text: str) -> PageRecord:
    data = json.loads(text)
    return make_record(url, data["t"], data["l"])


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def write_page_files(site: Path, rendered: dict[str, PageRecord | None]) -> None:
    for url, record in rendered.items():
        if record is not None:
            _write(site / page_file(url), page_json(record))


def _encoded(postings: list[int]) -> list[int]:
    """[id, value, id, value, ...] with each id after the first as the gap from the one before."""
    ids = postings[0::2]
    postings[2::2] = map(sub, ids[1:], ids[:-1])
    return postings


def write_index(site: Path, records: dict[str, PageRecord]) -> None:
    """Every shard, chunk and the meta file, from the records of every indexed page."""
    urls = sorted(records)
    lists: defaultdict[str, list[int]] = defaultdict(list)
    for doc, url in enumerate(urls):
        for term, value in records[url].values.items():
            lists[term] += (doc, value)
    shards: list[list[str]] = [[] for _ in range(SHARDS)]
    for term in lists:
        shards[term_shard(term)].append(term)
    folder = os.path.join(site, "search")
    for sub_folder in ("t", "d"):
        os.makedirs(os.path.join(folder, sub_folder), exist_ok=True)
    for n, terms_here in enumerate(shards):
        text = _dump({term: _encoded(lists[term]) for term in sorted(terms_here)})
        with open(os.path.join(folder, "t", f"{n}.json"), "w", encoding="utf-8") as handle:
            handle.write(text)
    for k in range(CHUNKS):
        with open(os.path.join(folder, "d", f"{k}.json"), "w", encoding="utf-8") as handle:
            handle.write(_dump(urls[k::CHUNKS]))
    source, target = fold_pairs()
    _write(Path(folder) / "fold.json", _dump({"from": source, "to": target}))
    _write(Path(folder) / "meta.json", _dump({"v": VERSION, "shards": SHARDS, "chunks": CHUNKS, "docs": len(urls)}))


# -- the build's records: this build's pages, then the cache, then the live site ---------------


def load_cache(path: Path) -> dict[str, PageRecord]:
    try:
        with open(path, "rb") as handle:
            data = pickle.load(handle)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ValueError, TypeError):
        return {}
    if not isinstance(data, dict) or data.get("version") != VERSION:
        return {}
    return {url: PageRecord(title, kind, [], values) for url, (title, kind, values) in data["records"].items()}


def save_cache(path: Path, records: dict[str, PageRecord]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    with open(tmp, "wb") as handle:
        # the sentences are not kept: only this build's pages are written out, from their new records
        cached = {u: (r.title, r.kind, r.values) for u, r in records.items()}
        pickle.dump({"version": VERSION, "records": cached}, handle, protocol=5)
    os.replace(tmp, path)


def collect(
    all_urls: Iterable[str], rendered: dict[str, PageRecord | None], live: Path | None, cache: dict[str, PageRecord]
) -> dict[str, PageRecord]:
    """The record of every page to index. A page rendered now has its new record (None when it
    is excluded from search); any other page (incremental builds only) its cached record, or the
    one its `_search.json` in the live site gives; a page with neither is not indexed."""
    records: dict[str, PageRecord] = {}
    for url in all_urls:
        if url in rendered:
            record = rendered[url]
        elif live is None:
            record = None
        elif url in cache:
            record = cache[url]
        else:
            try:
                record = record_from_page_json(url, (live / page_file(url)).read_text(encoding="utf-8"))
            except (OSError, ValueError, KeyError, TypeError):
                record = None
        if record is not None:
            records[url] = record
    return records
