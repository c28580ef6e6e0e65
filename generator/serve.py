"""Live preview: MkDocs' dev server over pages/, fed by a watcher that re-renders on change.

The watcher only rewrites pages whose text changed, so MkDocs' own reload sees real changes and
never loops on its own output.
"""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from .build import BuildError, Project, Report, build_lock, build_pages
from .config import ConfigError, mkdocs_config
from .words import ensure_jieba

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig


def _fingerprint(paths: list[Path]) -> tuple:
    """Size and time of every file in the folders (or of the file) given; missing ones count too."""
    items = []
    for path in paths:
        files = sorted(f for f in path.rglob("*") if f.is_file()) if path.is_dir() else [path]
        items += [(str(f), _stat(f)) for f in files]
    return tuple(items)


class CurrentProject:
    """The project as mkdocs.yml says now, for both threads of `serve`: mkdocs.yml is read again
    (by config.load only) when it changes; a file with problems keeps the last sound configuration
    and prints each problem once."""

    def __init__(self, project: Project, say: Callable[[str], None]) -> None:
        self._project = project
        self._say = say
        self._stamp = _stat(project.mkdocs_yml)
        self._lock = threading.Lock()

    def get(self) -> Project:
        with self._lock:
            stamp = _stat(self._project.mkdocs_yml)
            if stamp != self._stamp:
                self._stamp = stamp
                fresh = Project(self._project.root)
                try:
                    fresh.config  # noqa: B018 - read and validated here, once
                except ConfigError as exc:
                    for problem in exc.problems:
                        self._say(f"error: {problem} (serving the last sound configuration)")
                else:
                    self._project = fresh
            return self._project


def _watch(current: CurrentProject, say: Callable[[str], None], stop: threading.Event) -> None:
    """Re-render the pages when seeds, corrections, the lexicon, templates or mkdocs.yml change
    (site_url is in every page), always with the configuration as it is now."""
    project = current.get()
    folders = [project.seeds, project.content / "corrections.yaml", project.lexicon_file, project.templates, project.mkdocs_yml]
    last = _fingerprint(folders)
    while not stop.wait(1.0):
        now = _fingerprint(folders)
        if now == last:
            continue
        last = now
        project = current.get()
        report = Report()
        try:
            with build_lock(project):
                build_pages(project, report, jobs=1)  # never a process pool forked from this thread
        except BuildError as exc:
            say(f"error: {exc}")
            continue
        for problem in report.problems:
            say(f"error: {problem}")
        say(f"rebuilt pages: extracted {report.extracted}, pages written {report.pages_written}")


def serve(project: Project, dev_addr: str, say: Callable[[str], None]) -> None:
    """MkDocs' dev server (as `mkdocs serve`: its LiveReloadServer, a build on every change),
    with MkDocs' configuration made from the project's Config (config.mkdocs_config): mkdocs.yml
    is read by config.load only, again when it changes (an error is printed, the last sound
    configuration stays)."""
    from mkdocs.commands.build import build as mk_build
    from mkdocs.livereload import LiveReloadServer, _serve_url

    report = Report()
    with build_lock(project):
        build_pages(project, report)
    for problem in report.problems:
        say(f"error: {problem}")
    stop = threading.Event()
    current = CurrentProject(project, say)
    watcher = threading.Thread(target=_watch, args=(current, say, stop), daemon=True)
    watcher.start()
    ensure_jieba()  # quiet start-up messages before Material's search plugin loads jieba
    site_dir = project.cache / f"serve-{os.getpid()}"  # never the system temporary folder
    shutil.rmtree(site_dir, ignore_errors=True)
    site_dir.mkdir(parents=True)
    mkdocs_yml = project.config.mkdocs_yml

    def get_config() -> MkDocsConfig:
        mk = mkdocs_config(current.get().config, site_dir=str(site_dir), dev_addr=dev_addr)
        mk.watch.append(str(project.root / "theme"))
        return mk

    config = get_config()
    config.plugins.on_startup(command="serve", dirty=False)
    host, port = config.dev_addr
    mount_path = urlsplit(config.site_url or "/").path
    config.site_url = serve_url = _serve_url(host, port, mount_path)

    def builder(mk: MkDocsConfig | None = None) -> None:
        if mk is None:
            mk = get_config()  # mkdocs.yml as it is now (CurrentProject reads it again on change)
            mk.site_url = serve_url
        mk_build(mk, serve_url=serve_url, dirty=False)

    server = LiveReloadServer(builder=builder, host=host, port=port, root=str(site_dir), mount_path=mount_path)

    def error_handler(code: int) -> bytes | None:
        page = site_dir / f"{code}.html"
        return page.read_bytes() if code in (404, 500) and page.is_file() else None

    server.error_handler = error_handler
    path = project.config.url_path
    say(f"serving on http://{dev_addr}{path} (rebuilds when seeds, corrections, the lexicon or templates change)")
    try:
        builder(config)
        server.watch(str(config.docs_dir))
        server.watch(str(mkdocs_yml))
        server = config.plugins.on_serve(server, config=config, builder=builder)
        for item in config.watch:
            server.watch(item)
        try:
            server.serve()
        except KeyboardInterrupt:
            pass
        finally:
            server.shutdown()
    finally:
        config.plugins.on_shutdown()
        stop.set()
        shutil.rmtree(site_dir, ignore_errors=True)


def _stat(path: Path) -> tuple[int, int] | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    return stat.st_mtime_ns, stat.st_size
