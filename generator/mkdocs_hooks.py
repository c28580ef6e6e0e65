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


def _page_of(location: str) -> str:
    return location.split("#", 1)[0]


@event_priority(-100)  # after Material's search plugin has written its index
def on_post_build(config: MkDocsConfig) -> None:
    index_path = Path(config.site_dir) / "search" / "search_index.json"
    if not index_path.exists():
        return
    index = json.loads(index_path.read_text(encoding="utf-8"))
    previous = os.environ.get("BRIEFING_PREVIOUS_INDEX")
    if previous and Path(previous).exists():
        old = json.loads(Path(previous).read_text(encoding="utf-8"))
        rebuilt = {_page_of(doc["location"]) for doc in index["docs"]}
        removed = set(json.loads(os.environ.get("BRIEFING_REMOVED_PAGES", "[]")))
        index["docs"] += [doc for doc in old["docs"] if _page_of(doc["location"]) not in rebuilt | removed]
    # One order for full and incremental builds (a page's own entry sorts before its sections').
    index["docs"].sort(key=lambda doc: doc["location"])
    text = json.dumps(index, ensure_ascii=False, separators=(",", ":"))
    index_path.write_text(text, encoding="utf-8")
