"""MkDocs hooks (mkdocs.yml `hooks:`): a compact UTF-8 search index, merged on incremental builds.

Material writes `search_index.json` with every Chinese character as a six-byte `\\uXXXX` escape;
rewriting it as UTF-8 makes it about a third of the size. On an incremental (`dirty`) build
MkDocs renders only changed pages, so the index holds only their entries: the build passes the
previous index in BRIEFING_PREVIOUS_INDEX and the pages removed in BRIEFING_REMOVED_PAGES, and
this hook keeps the previous entries of every page that was not rebuilt or removed.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority


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
        kept = [doc for doc in old["docs"] if _page_of(doc["location"]) not in rebuilt | removed]
        index["docs"] = sorted(kept + index["docs"], key=lambda doc: doc["location"])
    text = json.dumps(index, ensure_ascii=False, separators=(",", ":"))
    index_path.write_text(text, encoding="utf-8")
