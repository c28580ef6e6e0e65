"""MkDocs hooks (mkdocs.yml `hooks:`): incremental builds, and the search index (generator/sitesearch.py).

On an incremental build MkDocs writes into an empty staging folder, so its own `dirty` test (is
the HTML older than the Markdown?) would find nothing and render everything; the stage names the
live site/ (`stage_input`: `extra` of the configuration it builds, config.mkdocs_config) and
`on_files` makes each file compare against its copy there instead.

Search: Material's search plugin keeps the search box and the result list but indexes nothing;
`on_page_content` takes each rendered page's title and sentences, and `on_post_build` writes the
index of generator/sitesearch.py from them (and, on an incremental build, from the records of the
pages not rendered this time), so incremental and full builds have the same index; an
incremental build writes only the index files whose bytes change.
"""

from __future__ import annotations

import os
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.plugins import event_priority

from .config import HOOKS_INPUT

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page

    from . import sitesearch

# sitesearch (with OpenCC) and runtime are imported by the hooks that use them: config.load
# validates mkdocs.yml's `hooks:` by importing this module, and needs none of them.


def stage_input(config: MkDocsConfig) -> dict[str, str]:
    """What the MkDocs stage tells the hooks (config.mkdocs_config): `live_site`, in an incremental
    build; nothing when MkDocs runs by hand (`mkdocs build`)."""
    value = config.extra.get(HOOKS_INPUT) if config.extra else None
    return value if isinstance(value, dict) else {}


def _newer_than(source: str, built: str) -> bool:
    try:
        return os.path.getmtime(built) < os.path.getmtime(source)
    except OSError:
        return True  # not built yet (or the source is gone): build it


def on_files(files: Files, config: MkDocsConfig) -> Files:
    pages = files.documentation_pages()
    _ALL_PAGES[:] = [_url(file.url) for file in pages]
    live = stage_input(config).get("live_site")
    if live:
        for file in files:
            if file.abs_src_path and not file.generated_by:
                file.is_modified = partial(_newer_than, file.abs_src_path, os.path.join(live, file.dest_uri))  # type: ignore[method-assign]
    # Progress counts (generator.progress, through the helper's pipe): the pages MkDocs renders.
    _COUNTS.update(total=sum(1 for f in pages if f.is_modified()) if live else len(pages), read=0, written=0)
    return files


_COUNTS = {"total": 0, "read": 0, "written": 0}  # pages to render, converted to HTML, written


_RENDERED: dict[str, sitesearch.PageRecord | None] = {}  # search records of the pages this build renders
_ALL_PAGES: list[str] = []


@event_priority(-100)  # after Material's search plugin has set up its index
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Material's search plugin stays for the search box and result list, but indexes nothing:
    its search_index.json holds only its configuration, and our own index (generator/sitesearch.py)
    is what the worker in theme/overrides reads."""
    plugin = config.plugins.get("material/search") or config.plugins.get("search")
    index = getattr(plugin, "search_index", None)
    if index is not None:
        index.add_entry_from_context = lambda page: None
    return config


def _url(url: str) -> str:
    return "" if url in (".", "./") else url  # the home page: "./" for its file, "" for its page


def on_pre_build(config: MkDocsConfig) -> None:
    _RENDERED.clear()
    _ALL_PAGES.clear()


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    search = page.meta.get("search") or {}
    excluded = isinstance(search, dict) and search.get("exclude")
    url = _url(page.url)
    from . import sitesearch
    from .runtime import tell

    _RENDERED[url] = None if excluded else sitesearch.record_from_html(url, page.title or "", html)
    _COUNTS["read"] += 1
    tell("mkdocs markdown", _COUNTS["read"], max(_COUNTS["total"], _COUNTS["read"]))
    return html


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    from .runtime import tell

    _COUNTS["written"] += 1
    tell("mkdocs html", _COUNTS["written"], max(_COUNTS["total"], _COUNTS["written"]))
    return output


@event_priority(-100)  # after Material's search plugin has written its (empty) index
def on_post_build(config: MkDocsConfig) -> None:
    from . import sitesearch
    from .runtime import tell

    tell("mkdocs html", _COUNTS["written"], _COUNTS["written"], force=True)
    tell("mkdocs search", 0, None, f"search index of {len(_ALL_PAGES)} pages", force=True)
    site = Path(config.site_dir)
    live = stage_input(config).get("live_site")
    cache_path = Path(config.config_file_path).parent / ".cache" / "search-pages.pickle"
    cache = sitesearch.load_cache(cache_path) if live else sitesearch.Cache({}, {}, "")
    records = sitesearch.collect(_ALL_PAGES, _RENDERED, Path(live) if live else None, cache.records)
    # an incremental build writes only the files whose bytes change (site is its staging folder)
    out = sitesearch.Writer(site, Path(live) if live else None, sitesearch.known_digests(cache, Path(live)) if live else None)
    sitesearch.write_page_files(out, _RENDERED)
    sitesearch.write_index(out, records)
    sitesearch.save_cache(cache_path, records, out.files)
