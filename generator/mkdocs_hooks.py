"""MkDocs hooks (mkdocs.yml `hooks:`): incremental builds, and the search index (generator/sitesearch.py).

On an incremental build MkDocs writes into an empty staging folder, so its own `dirty` test (is
the HTML older than the Markdown?) would find nothing and render everything; the stage names the
live site/ (`stage_input`: `extra` of the configuration it builds, config.mkdocs_config) and
`on_files` makes each file compare against its copy there instead.

Two cores: on an incremental build with many changed pages, `on_nav` gives every second one to a
forked copy of the helper (runtime.share), which reads and converts them (MkDocs' own
`_populate_page`, with every hook) while MkDocs converts the others; `on_env`, which MkDocs runs
once every page is read, puts the copy's results on the pages. The pages are then written as
MkDocs writes every page: the HTML is the same as when one process converts them all. Then
another copy writes the search index while MkDocs writes the pages' HTML; `on_post_build` waits
for it.

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
    from collections.abc import Callable

    from jinja2 import Environment
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import File, Files
    from mkdocs.structure.nav import Navigation
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
    _SHARED.clear()
    _SEARCH.clear()


# Pages converted by the helper's copy in this build: (what gives the copy's result, their files,
# each file's own modification test, which MkDocs' loop meanwhile sees as "unchanged").
_SHARED: list[tuple[Callable[[], dict | None] | None, list[File], dict[str, Callable[[], bool]]]] = []


def on_nav(nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
    """An incremental build's changed pages: every second one to a copy of this process (runtime.share)."""
    from .runtime import share

    if not stage_input(config).get("live_site"):
        return nav
    theirs = [file for file in files.documentation_pages() if file.is_modified()][1::2]
    pending = share(theirs, partial(_convert, config=config, files=files))
    if pending is not None:
        tests = {file.src_uri: file.is_modified for file in theirs}
        for file in theirs:
            file.is_modified = _unmodified  # type: ignore[method-assign]  # MkDocs' loop leaves it to the copy
        _SHARED.append((pending, theirs, tests))
    return nav


def _unmodified() -> bool:
    return False


_MISSING = object()


def _convert(chosen: list[File], config: MkDocsConfig, files: Files) -> dict[str, tuple]:
    """In the copy: read and convert `chosen` as MkDocs' build does; what each page then holds."""
    from mkdocs.commands.build import _populate_page
    from mkdocs.structure.pages import Page

    out = {}
    for file in chosen:
        if file.page is None:
            Page(None, file, config)
        page = file.page
        assert page is not None
        _populate_page(page, config, files, dirty=False)
        links = {target.src_uri: anchors for target, anchors in page.links_to_anchors.items()} if page.links_to_anchors else None
        out[file.src_uri] = (
            page.markdown,
            page.meta,
            page.content,
            page.toc,
            page._title_from_render,
            page.present_anchor_ids,
            links,
            _RENDERED.get(_url(page.url), _MISSING),
        )
    return out


def on_env(env: Environment, config: MkDocsConfig, files: Files) -> Environment:
    """Every page is read: the copy's pages get what it made (or are converted here, if it failed)."""
    from mkdocs.commands.build import _populate_page
    from mkdocs.structure.pages import Page

    while _SHARED:
        pending, theirs, tests = _SHARED.pop()
        made = pending() if pending is not None else None
        for file in theirs:
            file.is_modified = tests[file.src_uri]  # type: ignore[method-assign]  # written as MkDocs writes every page
            if file.page is None:
                Page(None, file, config)
            page = file.page
            assert page is not None
            if made is None or file.src_uri not in made:
                _populate_page(page, config, files, dirty=False)
                continue
            page.markdown, page.meta, page.content, page.toc, page._title_from_render, anchors, links, record = made[file.src_uri]
            page.present_anchor_ids = anchors
            if links is not None:
                page.links_to_anchors = {files.get_file_from_path(uri): found for uri, found in links.items()}  # type: ignore[misc]
            if record is not _MISSING:
                _RENDERED[_url(page.url)] = record
            _COUNTS["read"] += 1
    if stage_input(config).get("live_site"):  # an incremental build of ours (never `serve`, whose process has threads)
        _share_search(config)
    return env


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
    from .runtime import tell

    tell("mkdocs html", _COUNTS["written"], _COUNTS["written"], force=True)
    tell("mkdocs search", 0, None, f"search index of {len(_ALL_PAGES)} pages", force=True)
    pending = _SEARCH.pop() if _SEARCH else None
    if pending is None or pending() is None:  # not given to a copy (or the copy failed): here
        _write_search(_ALL_PAGES, config)


# The search index written by a copy of this process while MkDocs writes the pages' HTML (on_env):
# what gives the copy's result, or None.
_SEARCH: list[Callable[[], bool | None] | None] = []


def _share_search(config: MkDocsConfig) -> None:
    """Every page is read, so the search index can be made now: by a copy (runtime.share), on the
    other core, while MkDocs writes the HTML on this one. on_post_build waits for it."""
    from .runtime import share

    _SEARCH[:] = [share(list(_ALL_PAGES), partial(_write_search, config=config))]


def _write_search(all_pages: list[str], config: MkDocsConfig) -> bool:
    """Our search index (generator/sitesearch.py) into the site folder MkDocs builds, from this
    build's records and, on an incremental build, the cached records of the other pages; then the
    cache. Files of their own (search/, _search.json): MkDocs writes none of them."""
    from . import sitesearch

    site = Path(config.site_dir)
    live = stage_input(config).get("live_site")
    cache_path = Path(config.config_file_path).parent / ".cache" / "search-pages.pickle"
    cache = sitesearch.load_cache(cache_path) if live else sitesearch.Cache({}, {}, "")
    records = sitesearch.collect(all_pages, _RENDERED, Path(live) if live else None, cache.records)
    # an incremental build writes only the files whose bytes change (site is its staging folder)
    out = sitesearch.Writer(site, Path(live) if live else None, sitesearch.known_digests(cache, Path(live)) if live else None)
    sitesearch.write_page_files(out, _RENDERED)
    sitesearch.write_index(out, records)
    sitesearch.save_cache(cache_path, records, out.files)
    return True
