"""The build, top to bottom: seeds -> records (content/) -> site model -> pages -> MkDocs -> site/.

Each phase runs over all items before the next. Unchanged seeds are not re-extracted (content
hash and extractor version), unchanged pages are not rewritten, and records and pages without a
source are removed. A failed run leaves the previous content/ and site/ in place.
"""

from __future__ import annotations

import errno
import fcntl
import hashlib
import os
import stat as stat_module
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache, cached_property, partial
from pathlib import Path
from typing import Any, NamedTuple

import yaml

from . import ids as record_ids
from . import runtime
from .cache import PageCache, Store
from .config import Config
from .config import load as load_config
from .corrections import Corrections, apply, person_merges, person_splits, read_corrections
from .extract import EXTRACTOR_VERSION, ExtractionResult, ExtractionTask, extract_file, extractor_key, record_id
from .html import SiteFolders, add_pending_removals, mark_unpublished, pending_removals, plan, publish, recover
from .industries import load_table
from .lexicon import Lexicon, LexiconError, load_lexicon
from .records import Record, from_dict, load_yaml, record_yaml, write_atomic
from .render import page_cache as make_page_cache
from .render import render_site
from .resolve import MentionCounts, Site, mention_cache, resolve
from .runtime import Helper, HelperError, InProcess
from .urls import Registry, load_registry, registry_yaml
from .words import set_cache_dir, user_dictionary

SCHEMA_REF = "../../generator/schemas/record.schema.json"
PARALLEL_THRESHOLD = 16  # below this many changed seeds, worker start-up costs more than it saves


@dataclass(frozen=True)
class Project:
    """Where everything lives, derived from the project root."""

    root: Path

    @property
    def seeds(self) -> Path:
        return self.root / "seeds"

    @property
    def content(self) -> Path:
        return self.root / "content"

    @property
    def records(self) -> Path:
        return self.content / "records"

    @property
    def lexicon_file(self) -> Path:
        return self.content / "technologies.yaml"

    @property
    def corrections_file(self) -> Path:
        return self.content / "corrections.yaml"

    @property
    def ids_file(self) -> Path:
        return self.content / "ids.yaml"

    @property
    def urls_file(self) -> Path:
        return self.content / "urls.yaml"

    @property
    def pages(self) -> Path:
        return self.root / "pages"

    @property
    def site(self) -> Path:
        return self.root / "site"

    @property
    def templates(self) -> Path:
        return self.root / "theme" / "pages"

    @property
    def cache(self) -> Path:
        return self.root / ".cache"

    @property
    def record_cache(self) -> Path:
        return self.cache / "records.pickle"

    @property
    def jieba_dict(self) -> Path:
        return self.cache / "jieba-user-dict.txt"

    @property
    def mkdocs_yml(self) -> Path:
        return self.config.mkdocs_yml

    @cached_property
    def config(self) -> Config:
        """mkdocs.yml's settings, read and validated once (raises config.ConfigError listing every problem)."""
        return load_config(self.root)

    @property
    def site_folders(self) -> SiteFolders:
        return SiteFolders(self.root, self.site, self.cache)


@dataclass
class Report:
    """What a build did and what went wrong, for the command line to print."""

    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # Seeds that repeat another (same bytes or same URL): kept once, printed as warnings, never fatal.
    duplicates: list[str] = field(default_factory=list)
    extracted: int = 0
    reused: int = 0
    removed: int = 0
    pages_written: int = 0
    pages_removed: int = 0
    pages_cached: int = 0
    removed_pages: list[str] = field(default_factory=list)
    mkdocs_mode: str = ""
    timings: dict[str, float] = field(default_factory=dict)
    # Where stages report their counts (generator.progress.Progress; None: nobody is told).
    progress: Any = None
    # Cache writes that nothing in this build reads again: done while MkDocs runs in the helper.
    deferred: list[Callable[[], None]] = field(default_factory=list)
    # Called once the records are loaded; the `build` command passes runtime.freeze (they live
    # until its process ends), a process that lives on passes nothing.
    records_loaded: Callable[[], None] | None = None


class BuildError(Exception):
    pass


_HELD_LOCKS: set[str] = set()


@contextmanager
def build_lock(project: Project) -> Iterator[None]:
    """One build at a time per project: a second one stops with a clear message."""
    project.cache.mkdir(parents=True, exist_ok=True)
    path = project.cache / "build.lock"
    busy = BuildError(f"another build is running in {project.root} (lock {path}); wait for it to finish")
    # A POSIX record lock belongs to this process alone: helper and worker processes forked
    # from it do not hold it, so it is free the moment this process ends, however it ends.
    # It does not exclude this same process, hence the set of locks held here.
    key = str(path.resolve())
    if key in _HELD_LOCKS:
        raise busy
    with open(path, "a+") as handle:
        try:
            fcntl.lockf(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            raise busy from None
        _HELD_LOCKS.add(key)
        try:
            yield
        finally:
            _HELD_LOCKS.discard(key)
            fcntl.lockf(handle, fcntl.LOCK_UN)


def scan_seeds(project: Project, report: Report) -> list[Path]:
    """Seed files in name order; hidden files skipped; links leaving seeds/, link loops and
    anything that is not a regular file (a FIFO, a socket, a device) refused by name."""
    if not project.seeds.is_dir():
        raise BuildError(f"{project.seeds}: no seeds folder; create it and put report files in it")
    root = project.seeds.resolve()
    found: list[Path] = []
    visited: set[tuple[int, int]] = set()

    def walk(folder: Path) -> None:
        try:
            stat = folder.stat()
            if (stat.st_dev, stat.st_ino) in visited:
                report.problems.append(f"{folder}: folder already read through another link (a link loop?); skipped")
                return
            visited.add((stat.st_dev, stat.st_ino))
            entries = sorted(folder.iterdir())
        except OSError as exc:
            report.problems.append(f"{folder}: cannot read folder: {exc.strerror or exc}; skipped")
            return
        for path in entries:
            if path.name.startswith("."):
                continue
            try:
                if path.is_symlink():
                    target = path.resolve(strict=True)
                    if not target.is_relative_to(root):
                        report.problems.append(f"{path}: symbolic link to {target}, outside seeds/; skipped")
                        continue
                mode = path.stat().st_mode
            except (OSError, RuntimeError) as exc:  # a loop (ELOOP, or RuntimeError), a dangling link
                reason = (
                    "symbolic link loop"
                    if isinstance(exc, RuntimeError) or getattr(exc, "errno", 0) == errno.ELOOP
                    else (
                        f"broken symbolic link ({exc.strerror})" if path.is_symlink() else f"cannot read: {exc.strerror or exc}"
                    )
                )
                report.problems.append(f"{path}: {reason}; skipped")
                continue
            if stat_module.S_ISDIR(mode) and path.is_symlink():
                report.problems.append(f"{path}: symbolic link to a folder; skipped (link the files instead)")
            elif stat_module.S_ISDIR(mode):
                walk(path)
            elif stat_module.S_ISREG(mode):
                found.append(path)
            else:
                report.problems.append(f"{path}: {_file_kind(mode)}, not a regular file; skipped")

    walk(project.seeds)
    return sorted(found)


def _file_kind(mode: int) -> str:
    for test, name in (
        (stat_module.S_ISFIFO, "a FIFO (named pipe)"),
        (stat_module.S_ISSOCK, "a socket"),
        (stat_module.S_ISCHR, "a character device"),
        (stat_module.S_ISBLK, "a block device"),
    ):
        if test(mode):
            return name
    return "a special file"


def assign_ids(project: Project, paths: list[Path], report: Report) -> dict[Path, str]:
    """Record ids: kept for a seed once given (content/ids.yaml), unique; a clash is reported."""
    relative = {path: path.relative_to(project.seeds).as_posix() for path in paths}
    known = record_ids.load_ids(project.ids_file)
    given, notes = record_ids.assign_ids([(rel, record_id(rel)) for rel in relative.values()], known)
    report.problems += [f"{project.seeds / rel}: {note}" for rel, note in notes]
    if given != known or not project.ids_file.exists():  # unchanged: no need to write the whole table again
        write_atomic(project.ids_file, record_ids.ids_yaml(given))
    return {path: given[rel] for path, rel in relative.items()}


def _file_hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def update_records(
    project: Project,
    seeds: list[Path],
    report: Report,
    jobs: int | None = None,
    progress: Callable[[int, int], None] | None = None,
    helper: Helper | InProcess | None = None,
    meanwhile: Callable[[], object] | None = None,
) -> list[Record]:
    """Bring content/records/ in line with seeds/: extract what changed, remove what is gone.

    `meanwhile` is called while the helper extracts (else once the records are there): the
    build's other reading, done on this core while the helper works on the other."""
    ids = assign_ids(project, seeds, report)
    lexicon_path, lexicon_problem = editor_lexicon(project)
    if lexicon_problem:
        report.problems.append(lexicon_problem)
    expected = extractor_key(load_lexicon(lexicon_path))
    store = Store(project.record_cache, EXTRACTOR_VERSION)
    cache: dict[str, tuple[str, str, Record]] = store.entries
    fresh_cache: dict[str, tuple[str, str, Record]] = {}
    records: dict[str, Record] = {}
    todo: list[ExtractionTask] = []
    seen_hash: dict[str, Path] = {}
    lexicon_file = str(lexicon_path) if lexicon_path else None
    for path in seeds:
        rid = ids[path]
        try:
            digest = _file_hash(path)
        except OSError as exc:
            report.problems.append(f"{path}: cannot read file: {exc.strerror}")
            continue
        if digest in seen_hash:
            report.duplicates.append(same_content(path, seen_hash[digest]))
            continue
        seen_hash[digest] = path
        record_file = project.records / f"{rid}.yaml"
        entry = cache.get(rid)
        if entry and entry[:2] == (digest, expected) and record_file.exists():
            records[rid] = entry[2]
            fresh_cache[rid] = entry
            report.reused += 1
            continue
        cached = _load_cached(record_file, digest, expected)
        if cached is not None:
            records[rid] = cached
            fresh_cache[rid] = (digest, expected, cached)
            report.reused += 1
        else:
            todo.append(ExtractionTask(str(path), rid, lexicon_file))
    for result in _run_extraction(todo, jobs, progress, helper, meanwhile):
        report.warnings += result.warnings
        if result.error or result.record is None:
            report.problems.append(result.error or f"{result.path}: no record")
            continue
        record = result.record
        write_atomic(project.records / f"{record.id}.yaml", record_yaml(record, SCHEMA_REF))
        records[record.id] = record
        fresh_cache[record.id] = (record.source.sha256, record.extractor, record)
        report.extracted += 1
    if meanwhile:
        meanwhile()  # done already when the helper extracted (it keeps its result): then nothing
    _drop_duplicate_urls(records, report)
    store.replace(dict(sorted(fresh_cache.items())))
    if store.changed:
        report.deferred.append(store.save)
    keep = set(ids.values())
    if project.records.is_dir():
        for stale in sorted(project.records.glob("*.yaml")):
            if stale.stem not in keep:
                stale.unlink()
                report.removed += 1
    return [records[k] for k in sorted(records)]


def same_content(path: Path | str, first: Path | str) -> str:
    return f"{path}: same content as {first}; one event, kept once"


def same_url(path: Path | str, first: Path | str, url: str) -> str:
    return f"{path}: same URL as {first} ({url}); one event, kept once"


def _drop_duplicate_urls(records: dict[str, Record], report: Report) -> None:
    by_url: dict[str, str] = {}
    for rid in sorted(records):
        url = records[rid].source.url
        if not url:
            continue
        if url in by_url:
            report.duplicates.append(same_url(records[rid].source.file, records[by_url[url]].source.file, url))
            del records[rid]
        else:
            by_url[url] = rid


def _load_cached(path: Path, digest: str, expected: str) -> Record | None:
    """The stored record when it was extracted from these bytes by this extractor version."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        return None
    # Cheap check before parsing: the hash and version must appear in the file.
    if digest not in text or expected not in text:
        return None
    try:
        data = load_yaml(text)
        record = from_dict(data)
    except Exception:
        return None  # unreadable or hand-broken: extract again
    if record.source.sha256 != digest or record.extractor != expected:
        return None
    return record


def _run_extraction(
    todo: list[ExtractionTask],
    jobs: int | None,
    progress: Callable[[int, int], None] | None,
    helper: Helper | InProcess | None = None,
    meanwhile: Callable[[], object] | None = None,
) -> Iterator[ExtractionResult]:
    workers = 1 if runtime.plain() else jobs or os.cpu_count() or 1  # plain: one process
    if not todo:  # nothing to extract: neither the helper nor a process pool is asked
        return
    if helper and len(todo) < PARALLEL_THRESHOLD:  # a few seeds go to the helper, where jieba is loaded
        helper.submit("extract", todo)
        if meanwhile:
            meanwhile()
        yield from _counted(iter(helper.result()), len(todo), progress)
        return
    if len(todo) < PARALLEL_THRESHOLD or workers == 1:
        results: Iterator = (extract_file(item) for item in todo)
        yield from _counted(results, len(todo), progress)
        return
    with ProcessPoolExecutor(max_workers=workers) as pool:
        yield from _counted(pool.map(extract_file, todo, chunksize=8), len(todo), progress)


def _counted(results: Iterator, total: int, progress: Callable[[int, int], None] | None) -> Iterator:
    """Pass results through, reporting (done, total) after each one."""
    for done, result in enumerate(results, start=1):
        yield result
        if progress:
            progress(done, total)


def write_pages(
    project: Project, pages: dict[str, str], report: Report, unchanged: set[str] | frozenset[str] = frozenset()
) -> None:
    """Write pages that changed; remove files that no longer have a page (pages/ is all generated).

    `unchanged` pages are up to date in pages/ (the page cache) and not among `pages`: kept as they are."""
    root = project.pages.resolve()
    unpublished = partial(mark_unpublished, project.site_folders)
    total = len(pages)
    for k, (rel, text) in enumerate(pages.items()):
        if report.progress and (k % 500 == 0 or k + 1 == total):
            report.progress.update("write", k + 1, total)
        if rel in unchanged:
            continue
        target = (project.pages / rel).resolve()
        if not target.is_relative_to(root):
            raise BuildError(f"refusing to write {rel}: outside {project.pages}")
        if write_atomic(target, text, unpublished):
            report.pages_written += 1
    if project.pages.is_dir():
        files, folders = _walk(project.pages)
        gone = sorted((rel for rel in files if rel not in pages and rel not in unchanged), reverse=True)
        if gone:  # recorded before anything goes: a build killed after this still removes them from site/
            unpublished()
            add_pending_removals(project.site_folders, gone)
        for rel in gone:
            (project.pages / rel).unlink()
            report.pages_removed += 1
            report.removed_pages.append(rel)
        for folder in folders:
            if not any(folder.iterdir()):
                folder.rmdir()


def _walk(root: Path) -> tuple[list[str], list[Path]]:
    """Every file under root (relative, POSIX) and every folder below it, deepest first.

    os.walk gives names as strings: no Path object per file of pages/ (thousands, every build)."""
    files: list[str] = []
    folders: list[Path] = []
    for dirpath, _dirnames, filenames in os.walk(root):
        rel = os.path.relpath(dirpath, root)
        prefix = "" if rel == "." else rel.replace(os.sep, "/") + "/"
        files += [prefix + name for name in filenames]
        if prefix:
            folders.append(Path(dirpath))
    return files, sorted(folders, reverse=True)


def search_words(site: Site) -> list[str]:
    words = [s for p in site.people.values() for s in p.spellings]
    words += [s for o in site.orgs.values() for s in o.spellings]
    words += [t.name for t in site.technologies.values()]
    words += [s for t in site.technologies.values() for s in t.spellings]
    return words


class Inputs(NamedTuple):
    """What the pages are made from besides the records (none of it depends on them)."""

    corrections: Corrections
    registry: Registry
    industry_table: dict[str, str]
    mentions: MentionCounts
    page_cache: PageCache
    problems: dict[str, list[str]]  # by the step of build_pages that reports them, in its order


def read_inputs(project: Project) -> Inputs:
    """The corrections, the published URLs, the industry table and the caches of resolution and
    rendering: read while the helper extracts the changed seeds (update_records' `meanwhile`)."""
    corrections, problems = read_corrections(project.corrections_file)
    try:
        industry_table, industry_problems = load_table(project.content / "industries.yaml"), []
    except (OSError, ValueError, yaml.YAMLError) as exc:  # the shipped table still applies
        industry_table, industry_problems = load_table(), [f"{project.content / 'industries.yaml'}: not applied: {exc}"]
    return Inputs(
        corrections,
        load_registry(project.urls_file),
        industry_table,
        mention_cache(project.cache),
        make_page_cache(project.pages, project.cache, project.config.site_url),
        {"corrections": problems, "industries": industry_problems},
    )


def build_pages(
    project: Project,
    report: Report,
    jobs: int | None = None,
    progress: Callable[[int, int], None] | None = None,
    helper: Helper | InProcess | None = None,
    defer: bool = False,
) -> Site:
    """Seeds -> records -> site model -> pages/ (everything but MkDocs).

    With `defer`, the cache writes are left in report.deferred for the caller to run."""
    project.config  # noqa: B018 - validated before any work: every problem of mkdocs.yml at once
    started = time.perf_counter()
    set_cache_dir(project.cache)
    seeds = scan_seeds(project, report)
    inputs = cache(partial(read_inputs, project))  # read while the helper extracts, if it does
    records = update_records(project, seeds, report, jobs, progress, helper, meanwhile=inputs)
    if report.records_loaded:  # the one-shot build command freezes them there (runtime.freeze)
        report.records_loaded()
    report.timings["extract"] = time.perf_counter() - started
    started = time.perf_counter()
    corrections, registry, industry_table, mentions, page_cache, problems = inputs()
    report.problems += problems["corrections"]
    records, unused = apply(records, corrections, project.corrections_file)
    report.problems += unused
    published = ({kind: dict(slugs) for kind, slugs in registry.slugs.items()}, dict(registry.redirects))
    report.problems += problems["industries"]
    site, registry = resolve(
        records,
        person_merges(corrections),
        person_splits(corrections),
        registry,
        corrections.tech_rename,
        industry_table,
        mentions,
    )
    report.deferred.append(mentions.save)
    writer_problems: list[str] = []
    stage = report.progress.update if report.progress else None
    pages = render_site(site, project.templates, project.config.site_url, page_cache, writer_problems, stage, registry.redirects)
    report.problems += list(dict.fromkeys(writer_problems))
    if (registry.slugs, registry.redirects) != published or not project.urls_file.exists():
        write_atomic(project.urls_file, registry_yaml(registry))
    write_pages(project, pages, report, page_cache.unchanged)
    report.deferred.append(page_cache.save)
    report.pages_cached = page_cache.hits
    write_atomic(project.jieba_dict, user_dictionary(search_words(site)))
    report.timings["render"] = time.perf_counter() - started
    if not defer:
        run_deferred(report)
    return site


def run_deferred(report: Report) -> None:
    while report.deferred:
        report.deferred.pop(0)()


def build(
    project: Project,
    report: Report,
    jobs: int | None = None,
    strict: bool = False,
    pages_only: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> Site:
    """The whole build under the project lock: pages, then (unless pages_only) MkDocs.

    MkDocs runs in the helper process (runtime.helper: the one the command line started, else
    started now), which has loaded jieba and MkDocs while the pages were made.
    """
    set_cache_dir(project.cache)  # before the helper forks: it loads jieba from there
    helper = None if pages_only else runtime.helper()
    try:
        with build_lock(project):
            site = build_pages(project, report, jobs, progress, helper, defer=True)
            if helper and not pages_only:
                started = time.perf_counter()
                report.mkdocs_mode = _publish_site(project, helper, strict, report.removed_pages, report, source_date(site))
                report.timings["mkdocs"] = time.perf_counter() - started
            run_deferred(report)
    finally:
        runtime.close_helper()
    return site


def source_date(site: Site) -> int:
    """The build's date for MkDocs (SOURCE_DATE_EPOCH: sitemap `<lastmod>`): the newest date of
    the content (an event's, else its report's), midnight UTC; 0 when no report has a full date.
    The same seeds give the same site on any day."""
    from datetime import UTC, datetime

    from .exports import full_date

    dates = [d for e in site.events.values() if (d := full_date(e.record.event.date) or full_date(e.record.source.published))]
    newest = max(dates, default=None)
    return int(datetime(newest.year, newest.month, newest.day, tzinfo=UTC).timestamp()) if newest else 0


def _publish_site(
    project: Project, helper: Helper | InProcess, strict: bool, removed: list[str], report: Report, source_date: int = 0
) -> str:
    """pages/ -> site/: MkDocs renders in the helper, this process moves the result in."""
    folders = project.site_folders
    recover(folders)
    # Pages removed by this build or by one killed before its removals reached site/.
    removed = [rel for rel in sorted({*removed, *pending_removals(folders)}) if not (project.pages / rel).exists()]
    mode, fingerprint = plan(folders, project.config, strict)
    if mode == "unchanged":
        return mode
    helper.submit("mkdocs", folders, project.config, mode, strict, source_date)
    if report.progress:
        what = "every page" if mode == "full" else f"{report.pages_written} changed pages"
        report.progress.waiting("mkdocs", f"{mode} build, {what}")
    run_deferred(report)  # meanwhile
    try:
        built = helper.result(report.progress.from_helper if report.progress else None)  # pages read and written
    except HelperError as exc:
        raise BuildError(f"MkDocs failed: {exc}") from None
    finally:
        if report.progress:
            report.progress.finish()
    try:
        publish(folders, mode, built, removed, fingerprint)
    except OSError as exc:
        detail = f"{exc.filename}: {exc.strerror}" if exc.filename and exc.strerror else str(exc)
        raise BuildError(f"could not update {folders.site}: {detail}; the next build completes the update") from None
    return mode


def lexicon_for(project: Project) -> Lexicon:
    return load_lexicon(editor_lexicon(project)[0])


def editor_lexicon(project: Project) -> tuple[Path | None, str | None]:
    """content/technologies.yaml when it loads, else (None, `file: reason`): the shipped lexicon is used."""
    path = project.lexicon_file
    if not path.exists() and not path.is_symlink():
        return None, None
    try:
        if not path.is_file():
            raise LexiconError(f"{path}: not a file")
        lexicon = load_lexicon(path)
        bad = next((e for e in lexicon.entries if e.category is not None and not isinstance(e.category, str)), None)
        if bad is not None:
            raise LexiconError(f"{path}: entry {bad.name}: 'category' must be a string")
    except LexiconError as exc:
        return None, f"{exc}; using the shipped lexicon only"
    except UnicodeDecodeError:
        return None, f"{path}: not UTF-8 text; save it as UTF-8; using the shipped lexicon only"
    except (TypeError, ValueError, AttributeError) as exc:  # a value of the wrong type somewhere in an entry
        return None, f"{path}: not a list of {{name, category, aliases}} entries ({exc}); using the shipped lexicon only"
    except RecursionError:
        return None, f"{path}: nested too deeply; using the shipped lexicon only"
    except OSError as exc:
        return None, f"{path}: cannot read: {exc.strerror or exc}; using the shipped lexicon only"
    return path, None
