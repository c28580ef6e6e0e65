"""The MkDocs stage: pages/ -> site/, in full or for the changed pages only, never half-written.

A full build (first run, `--strict`, or a changed theme or configuration) renders into a fresh
folder that then replaces site/ in one rename. An incremental build renders only the pages whose
Markdown is newer than their HTML in site/ into an empty staging folder (MkDocs' `dirty` mode,
with the hook comparing against the live site), then moves those files into site/.

MkDocs runs in the helper process (render_html); the build process itself moves the result in
(publish). The move is journalled: the list of pages to delete is written next to the finished
staging folder before anything in site/ changes, so a build killed while moving is completed by the next
run. Killed earlier, site/ has not been touched; killed while moving, every file in site/ is
whole (each is replaced by a rename) and the next run finishes the job before doing anything else.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
from pathlib import Path

from .cache import Store
from .codekey import PACKAGE, closure, files_key
from .config import Config, mkdocs_config
from .paths import output_of
from .records import write_atomic
from .runtime import build_date
from .words import ensure_jieba

PROTECTED = ("search/search_index.json",)  # rebuilt by merging, never deleted as "removed"


class SiteFolders:
    """The live site and the build's working folders next to it (named per process, so a
    helper left running by a killed build can never write into the next build's folder)."""

    def __init__(self, root: Path, site: Path, cache: Path) -> None:
        self.root = root
        self.site = site
        self.cache = cache
        self.journal = cache / "site-commit.json"
        self.stamp = cache / "mkdocs.pickle"  # the MkDocs stage's store: what site/ was built with
        self.unpublished = cache / "pages-unpublished"
        self.removals = cache / "pages-removed.json"

    def work_folder(self, mode: str) -> Path:
        return self.cache / f"site-{'stage' if mode == 'incremental' else 'new'}-{os.getpid()}"


def theme_fingerprint(config: Config, package: Path = PACKAGE) -> str:
    """What every page's HTML depends on besides its own Markdown: mkdocs.yml's values (as
    config.load read them), the files of the theme's custom_dir, and the code MkDocs runs (this
    module and the hooks mkdocs.yml names, with every module of the package they import:
    generator/codekey.py)."""
    overrides = sorted(p for p in config.custom_dir.rglob("*") if p.is_file()) if config.custom_dir else []
    hooks = [h for h in config.hooks if h.is_file()]
    code = closure([package / Path(__file__).name, *hooks], package)
    return files_key([*overrides, *hooks, *code], config.root, salt=config.mkdocs_digest + config.mkdocs_values.hex())


def mark_unpublished(folders: SiteFolders) -> None:
    """pages/ has changes that site/ does not show yet (cleared once site/ has them)."""
    folders.unpublished.parent.mkdir(parents=True, exist_ok=True)
    folders.unpublished.touch()


def add_pending_removals(folders: SiteFolders, rels: list[str]) -> None:
    """Pages removed from pages/ that site/ may still have (cleared once site/ is updated)."""
    write_atomic(folders.removals, json.dumps(sorted({*pending_removals(folders), *rels}), ensure_ascii=False))


def pending_removals(folders: SiteFolders) -> list[str]:
    try:
        data = json.loads(folders.removals.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    return [str(rel) for rel in data] if isinstance(data, list) else []


def recover(folders: SiteFolders) -> None:
    """Finish a journalled move that a killed build left; drop unfinished working folders."""
    if folders.journal.exists():
        journal = json.loads(folders.journal.read_text(encoding="utf-8"))
        if (folders.cache / journal["staging"]).is_dir():
            _commit(folders)
        folders.journal.unlink(missing_ok=True)
    for leftover in (
        sorted(folders.cache.glob("site-stage-*"))
        + sorted(folders.cache.glob("site-new-*"))
        + sorted(folders.cache.glob("site-old-*"))
    ):
        shutil.rmtree(leftover, ignore_errors=True)


def plan(folders: SiteFolders, config: Config, strict: bool) -> tuple[str, str]:
    """("unchanged" | "incremental" | "full", fingerprint of config and theme) for this build."""
    fingerprint = theme_fingerprint(config)
    index = folders.site / "search" / "search_index.json"
    current = index.exists() and Store(folders.stamp, fingerprint).get("built") is True
    if current and not strict and not folders.unpublished.exists():
        return "unchanged", fingerprint
    return ("incremental" if current and not strict else "full"), fingerprint


def render_html(
    folders: SiteFolders,
    config: Config,
    mode: str,
    strict: bool,
    source_date: int | None = None,
) -> Path:
    """Run MkDocs into this build's working folder (everything, or only what changed); return it.

    `source_date` (seconds) is MkDocs' build date, so that the sitemap's dates come from the
    content and not from the day of the build (SOURCE_DATE_EPOCH set by the caller wins:
    runtime.build_date)."""
    target = folders.work_folder(mode)
    shutil.rmtree(target, ignore_errors=True)
    with build_date(source_date):
        if mode == "full":
            _run_mkdocs(config, target, strict, dirty=False, live_site=None)
            return target
        target.mkdir(parents=True)
        _run_mkdocs(config, target, False, dirty=True, live_site=folders.site.resolve())
    return target


def publish(folders: SiteFolders, mode: str, built: Path, removed: list[str], fingerprint: str) -> None:
    """Put what render_html built in place of (full) or into (incremental) site/."""
    if mode == "full":
        if folders.site.exists() and _exchange(built, folders.site):  # one step: site/ is never missing
            shutil.rmtree(built, ignore_errors=True)
        else:
            old = folders.cache / f"site-old-{os.getpid()}"
            if folders.site.exists():
                folders.site.rename(old)
            built.rename(folders.site)
            shutil.rmtree(old, ignore_errors=True)
    else:
        journal = {"staging": built.name, "remove": [output_of(rel) for rel in removed]}
        write_atomic(folders.journal, json.dumps(journal, ensure_ascii=False))
        _commit(folders)
    store = Store(folders.stamp, fingerprint)
    store.put("built", True)
    store.save()
    folders.removals.unlink(missing_ok=True)
    folders.unpublished.unlink(missing_ok=True)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two folders in one atomic step (Linux renameat2 RENAME_EXCHANGE); False where unsupported."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        at_fdcwd, rename_exchange = -100, 2
        return libc.renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0
    except (OSError, AttributeError):
        return False


def _commit(folders: SiteFolders) -> None:
    """Move every staged file into site/, then delete what the journal lists as removed."""
    journal = json.loads(folders.journal.read_text(encoding="utf-8"))
    staging = folders.cache / journal["staging"]
    for source, target in _move_order(staging, folders.site):
        target.parent.mkdir(parents=True, exist_ok=True)
        _move(source, target)
    site = folders.site.resolve()
    for location in journal["remove"]:
        target = (folders.site / location).resolve()
        if not target.is_relative_to(site) or target == site or location in PROTECTED:
            continue
        if target.is_dir():
            shutil.rmtree(target)
        else:
            target.unlink(missing_ok=True)
    folders.journal.unlink()
    shutil.rmtree(staging, ignore_errors=True)


LAST = ("search/search_index.json", "sitemap.xml", "sitemap.xml.gz")  # they list every page: moved after the pages


def _move_order(staging: Path, site: Path) -> list[tuple[Path, Path]]:
    """(staged file, its place in site/) in an order that never leaves a broken link behind a kill.

    New files go first (nothing in site/ links to them yet), then the files they replace (whose
    links may point to the new files), then the search index and sitemaps; the journal's removed
    pages go after all of them (only the old versions linked to them). So at every moment each
    link of a page that site/ links to, and each entry of the search index, has its target."""
    new: list[tuple[Path, Path]] = []
    replaced: list[tuple[Path, Path]] = []
    last: list[tuple[Path, Path]] = []
    for dirpath, _dirs, files in os.walk(staging):
        for name in files:
            source = Path(dirpath) / name
            rel = source.relative_to(staging).as_posix()
            target = site / rel
            (last if rel in LAST else replaced if target.exists() else new).append((source, target))
    return sorted(new) + sorted(replaced) + sorted(last, key=lambda pair: LAST.index(pair[0].relative_to(staging).as_posix()))


def _move(source: Path, target: Path) -> None:
    os.replace(source, target)  # atomic: a reader sees the old file or the new one, never half of one


def _run_mkdocs(config: Config, site_dir: Path, strict: bool, dirty: bool, live_site: Path | None) -> None:
    """MkDocs into `site_dir`; in an incremental build (`live_site`), the hooks compare each page
    with its copy in the live site (mkdocs_hooks.on_files)."""
    from mkdocs.commands.build import build as mk_build

    ensure_jieba()  # quiets jieba's start-up messages before Material's search plugin loads it
    stage = {"live_site": str(live_site)} if live_site is not None else {}
    mk = mkdocs_config(config, stage, site_dir=str(site_dir), docs_dir=str(config.docs_dir), strict=strict)
    _quiet_dirty_warning()
    mk_build(mk, dirty=dirty)


def _quiet_dirty_warning() -> None:
    """MkDocs warns that dirty builds may leave stale navigation; our nav is fixed and stale pages are removed."""

    class _Filter(logging.Filter):
        def filter(self, record: logging.LogRecord) -> bool:
            return "'dirty' build" not in record.getMessage()

    logger = logging.getLogger("mkdocs.commands.build")
    if not any(isinstance(f, _Filter) for f in logger.filters):
        logger.addFilter(_Filter())
