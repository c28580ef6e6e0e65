"""MkDocs hooks (mkdocs.yml `hooks:`): incremental builds, and a compact UTF-8 search index.

On an incremental build MkDocs writes into an empty staging folder, so its own `dirty` test (is
the HTML older than the Markdown?) would find nothing and render everything; BRIEFING_LIVE_SITE
names the live site/ and `on_files` makes each file compare against its copy there instead.

Material writes `search_index.json` with every Chinese character as a six-byte `\\uXXXX` escape;
rewriting it as UTF-8 makes it about a third of the size. On an incremental (`dirty`) build
MkDocs renders only changed pages, so the index holds only their entries: the build passes the
previous index in BRIEFING_PREVIOUS_INDEX and the pages removed in BRIEFING_REMOVED_PAGES, and
this hook keeps the previous entries of every page that was not rebuilt or removed.
"""

from __future__ import annotations

import json
import os
from functools import partial
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page


def _newer_than(source: str, built: str) -> bool:
    try:
        return os.path.getmtime(built) < os.path.getmtime(source)
    except OSError:
        return True  # not built yet (or the source is gone): build it


def on_files(files: Files, config: MkDocsConfig) -> Files:
    live = os.environ.get("BRIEFING_LIVE_SITE")
    if live:
        for file in files:
            if file.abs_src_path and not file.generated_by:
                file.is_modified = partial(_newer_than, file.abs_src_path, os.path.join(live, file.dest_uri))  # type: ignore[method-assign]
    return files


_BUILT: set[str] = set()  # pages rendered by this build (all of them, or only the changed ones)
_DECODER = json.JSONDecoder()


def on_pre_build(config: MkDocsConfig) -> None:
    _BUILT.clear()


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    _BUILT.add(page.url)
    return output


def _page_of(location: str) -> str:
    return location.split("#", 1)[0]


def _doc_lines(text: str) -> list[tuple[str, str]] | None:
    """(location, JSON line) of each entry of an index written by this hook, one entry a line;
    None for any other layout. Reading the location alone is much faster than parsing it all."""
    lines = text.split("\n")
    if len(lines) < 2 or not lines[0].endswith('"docs":[') or lines[-1] != "]}":
        return None
    docs = []
    for line in lines[1:-1]:
        line = line.removesuffix(",")
        if not line.startswith('{"location":'):
            return None
        location, _end = _DECODER.raw_decode(line, len('{"location":'))
        docs.append((location, line))
    return docs


def _line(doc: dict) -> tuple[str, str]:
    return doc["location"], json.dumps(doc, ensure_ascii=False, separators=(",", ":"))


def _index_text(config_json: str, docs: list[tuple[str, str]]) -> str:
    # One order for full and incremental builds (a page's own entry sorts before its sections').
    docs.sort(key=lambda doc: doc[0])
    return '{"config":' + config_json + ',"docs":[\n' + ",\n".join(line for _loc, line in docs) + "\n]}"


@event_priority(-100)  # after Material's search plugin has written its index
def on_post_build(config: MkDocsConfig) -> None:
    index_path = Path(config.site_dir) / "search" / "search_index.json"
    if not index_path.exists():
        return
    index = json.loads(index_path.read_text(encoding="utf-8"))
    docs = [_line(doc) for doc in index["docs"]]
    previous = os.environ.get("BRIEFING_PREVIOUS_INDEX")
    if previous and Path(previous).exists():
        text = Path(previous).read_text(encoding="utf-8")
        old = _doc_lines(text)
        if old is None:  # written otherwise (by an older version): parse it whole
            old = [_line(doc) for doc in json.loads(text)["docs"]]
        gone = _BUILT | set(json.loads(os.environ.get("BRIEFING_REMOVED_PAGES", "[]")))
        docs += [(location, line) for location, line in old if _page_of(location) not in gone]
    config_json = json.dumps(index["config"], ensure_ascii=False, separators=(",", ":"))
    index_path.write_text(_index_text(config_json, docs), encoding="utf-8")
