"""Reader search: a static index sharded by term, written by the MkDocs hook, read by a worker.

What the browser fetches (theme/overrides/assets/javascripts/briefing-search.js, the worker that
Material's search box talks to):

- `search/meta.json`: format version, shard and chunk counts, document count, and a digest of
  every other file of the index (so a build can tell whether the digests in its cache describe
  the live site).
- `search/fold.json`: the Traditional → Simplified character table (from OpenCC, one character
  for one character, so offsets on the folded text are offsets on the text as written).
- `search/t/<n>.json`: shard n, `{"t": {term: [id, value, id gap, value, ...]}, "u": {term:
  [id, url, ...]}}`; a term's shard is a hash of the term. value = count × 64 + the title's
  length when the term is in the title (0 when it is not), so titles that hold the query and are
  shortest come first. "u" lists, for each term in a title, the URLs of the TOP documents with
  the shortest titles that hold it, so the worker fetches their page files without first
  fetching a URL chunk.
- `search/d/<k>.json`: `{id: url}` for the documents whose id % CHUNKS is k.
- `<page>/_search.json` next to each indexed page: its title, kind and sentences, fetched for
  the best candidates only, to check the match and show the sentence that matched.

Document ids come from a hash of the URL (see doc_ids), not from the order of the URLs, so adding
a page changes the postings of its own terms and the chunk it falls in, not every list of ids;
a build writes only the files whose bytes change.

Terms are the same on both sides without a dictionary: text is folded (Traditional → Simplified,
full-width ASCII → ASCII, Latin to lower case), Chinese runs give every pair of adjacent
characters (a run of one character gives that character; titles give every character too),
Latin letters and digits give whole lower-case words. So 拉古 finds 图拉古, 百度 finds 百度智能云,
數字人 finds 数字人, and the browser needs neither jieba nor its dictionary; the worker then
checks that the folded query occurs as written in the candidate's title or sentences.

The index is computed whole on every build from one record per page (the pages rendered now;
on an incremental build the others come from a cache in .cache/, or, when the cache lacks them,
from their `_search.json` in the live site), so an incremental build has the same files as a
build from scratch; it writes only those whose bytes differ from the live site's (known from
digests kept in the cache, or by reading the live file when the cache does not describe it).
"""

from __future__ import annotations

import hashlib
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

VERSION = 2
SHARDS = 1024  # fixed, so that every build writes the same set of files
CHUNKS = 256  # fixed too: document id i is entry i // CHUNKS of chunk i % CHUNKS
PAGE_FILE = "_search.json"
TITLE_BITS = 64  # value = count * TITLE_BITS + min(title length, TITLE_BITS - 1)
TOP = 8  # URLs listed in a shard for each title term: the documents with its shortest titles

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


class Writer:
    """Writes the search's files under the site folder MkDocs builds into, skipping a file whose
    bytes the live site already has (incremental builds build into an empty staging folder whose
    files then replace those of the live site, so a file not written keeps its live copy).

    `known` holds the digests of the live site's index files when the cache describes that site
    (see load_cache); without it a file is compared with its live copy. `files` collects the
    digests of the index files written or kept, for the cache and for meta.json."""

    def __init__(self, site: Path, live: Path | None = None, known: dict[str, str] | None = None) -> None:
        self.site = Path(site)
        self.live = Path(live) if live is not None else None
        self.known = known
        self.files: dict[str, str] = {}
        self.written: list[str] = []

    def put(self, rel: str, text: str, index: bool = True) -> None:
        data = text.encode("utf-8")
        digest = hashlib.blake2b(data, digest_size=16).hexdigest()
        if index:
            self.files[rel] = digest
        if self.live is not None:
            if index and self.known is not None:
                if self.known.get(rel) == digest:
                    return
            else:
                try:
                    if (self.live / rel).read_bytes() == data:
                        return
                except OSError:
                    pass
        path = os.path.join(self.site, rel)
        try:
            handle = open(path, "wb")
        except FileNotFoundError:
            os.makedirs(os.path.dirname(path), exist_ok=True)
            handle = open(path, "wb")
        with handle:
            handle.write(data)
        self.written.append(rel)


def write_page_files(out: Writer, rendered: dict[str, PageRecord | None]) -> None:
    for url, record in rendered.items():
        if record is not None:
            out.put(page_file(url), page_json(record), index=False)


def _encoded(postings: list[int]) -> list[int]:
    """[id, value, id, value, ...] with each id after the first as the gap from the one before."""
    ids = postings[0::2]
    postings[2::2] = map(sub, ids[1:], ids[:-1])
    return postings


def _url_hash(url: str) -> int:
    return int.from_bytes(hashlib.blake2b(url.encode("utf-8"), digest_size=8).digest(), "big")


def doc_ids(urls: Iterable[str]) -> dict[str, int]:
    """Each URL's document id: its hash modulo a space of at least twice as many ids as URLs (a
    power of two, so it changes only when the collection doubles), moved up past the ids taken
    by URLs before it in (hash, URL) order. A function of the set of URLs, so a full and an
    incremental build agree; adding or removing a URL moves only the ids right after its own."""
    urls = list(urls)
    space = 256
    while space < 2 * len(urls):
        space *= 2
    ids: dict[str, int] = {}
    last = -1
    for h, url in sorted((_url_hash(u) % space, u) for u in urls):
        last = max(h, last + 1)
        ids[url] = last
    return ids


def write_index(out: Writer, records: dict[str, PageRecord]) -> None:
    """Every shard, chunk, the fold table and the meta file, from the records of every indexed
    page; meta.json last, with the digest of the others."""
    ids = doc_ids(records)
    urls = sorted(records, key=ids.__getitem__)
    lists: defaultdict[str, list[int]] = defaultdict(list)
    titled: defaultdict[str, list[tuple[int, int, str]]] = defaultdict(list)
    for url in urls:
        doc = ids[url]
        for term, value in records[url].values.items():
            lists[term] += (doc, value)
            if value % TITLE_BITS:
                titled[term].append((value % TITLE_BITS, doc, url))
    shards: list[list[str]] = [[] for _ in range(SHARDS)]
    for term in lists:
        shards[term_shard(term)].append(term)
    for n, terms_here in enumerate(shards):
        terms_here.sort()
        tops = {}
        for term in terms_here:
            if term in titled:
                best = sorted(titled[term])[:TOP]
                tops[term] = [x for _, doc, url in sorted(best, key=lambda e: e[1]) for x in (doc, url)]
        shard = {"t": {term: _encoded(lists[term]) for term in terms_here}, "u": tops}
        out.put(f"search/t/{n}.json", _dump(shard))
    chunks: list[dict[int, str]] = [{} for _ in range(CHUNKS)]
    for url in urls:
        chunks[ids[url] % CHUNKS][ids[url]] = url
    for k, chunk in enumerate(chunks):
        out.put(f"search/d/{k}.json", _dump(chunk))
    source, target = fold_pairs()
    out.put("search/fold.json", _dump({"from": source, "to": target}))
    meta = {"v": VERSION, "shards": SHARDS, "chunks": CHUNKS, "docs": len(urls), "index": index_digest(out.files)}
    out.put("search/meta.json", _dump(meta), index=False)


def index_digest(files: dict[str, str]) -> str:
    return hashlib.blake2b("\n".join(f"{rel} {d}" for rel, d in sorted(files.items())).encode(), digest_size=16).hexdigest()


# -- the build's records: this build's pages, then the cache, then the live site ---------------


class Cache(NamedTuple):
    records: dict[str, PageRecord]
    files: dict[str, str]  # index file -> digest, of the index this cache was saved with
    digest: str  # index_digest(files), also in that index's meta.json as "index"


def load_cache(path: Path) -> Cache:
    empty = Cache({}, {}, "")
    try:
        with open(path, "rb") as handle:
            data = pickle.load(handle)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ValueError, TypeError):
        return empty
    if not isinstance(data, dict) or data.get("version") != VERSION:
        return empty
    records = {url: PageRecord(title, kind, [], values) for url, (title, kind, values) in data["records"].items()}
    return Cache(records, data.get("files") or {}, data.get("index") or "")


def known_digests(cache: Cache, live: Path) -> dict[str, str] | None:
    """The cache's file digests when the live site's index is the one they describe (a build
    killed after saving its cache but before publishing leaves an older index live)."""
    try:
        meta = json.loads((live / "search" / "meta.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    ok = isinstance(meta, dict) and cache.digest and meta.get("index") == cache.digest
    return cache.files if ok else None


def save_cache(path: Path, records: dict[str, PageRecord], files: dict[str, str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    with open(tmp, "wb") as handle:
        # the sentences are not kept: only this build's pages are written out, from their new records
        cached = {u: (r.title, r.kind, r.values) for u, r in records.items()}
        data = {"version": VERSION, "records": cached, "files": files, "index": index_digest(files)}
        pickle.dump(data, handle, protocol=5)
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
