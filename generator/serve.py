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
from .config import load as load_config
from .words import ensure_jieba

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig


def _fingerprint(folders: list[Path]) -> tuple:
    items = []
    for folder in folders:
        if folder.exists():
            for path in sorted(folder.rglob("*")):
                if path.is_file():
                    stat = path.stat()
                    items.append((str(path), stat.st_mtime_ns, stat.st_size))
    return tuple(items)


def _watch(project: Project, say: Callable[[str], None], stop: threading.Event) -> None:
    folders = [project.seeds, project.content / "corrections.yaml", project.lexicon_file, project.templates]
    folders = [f for f in folders if f.exists()]
    last = _fingerprint(folders)
    while not stop.wait(1.0):
        now = _fingerprint(folders)
        if now == last:
            continue
        last = now
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
    watcher = threading.Thread(target=_watch, args=(project, say, stop), daemon=True)
    watcher.start()
    ensure_jieba()  # quiet start-up messages before Material's search plugin loads jieba
    site_dir = project.cache / f"serve-{os.getpid()}"  # never the system temporary folder
    shutil.rmtree(site_dir, ignore_errors=True)
    site_dir.mkdir(parents=True)
    configs = [project.config]
    mkdocs_yml = project.config.mkdocs_yml

    def get_config() -> MkDocsConfig:
        mk = mkdocs_config(configs[-1], site_dir=str(site_dir), dev_addr=dev_addr)
        mk.watch.append(str(project.root / "theme"))
        return mk

    config = get_config()
    config.plugins.on_startup(command="serve", dirty=False)
    host, port = config.dev_addr
    mount_path = urlsplit(config.site_url or "/").path
    config.site_url = serve_url = _serve_url(host, port, mount_path)
    stamp = [_stat(mkdocs_yml)]

    def builder(mk: MkDocsConfig | None = None) -> None:
        if mk is None:
            if _stat(mkdocs_yml) != stamp[0]:  # mkdocs.yml changed: read again, by config.load only
                stamp[0] = _stat(mkdocs_yml)
                try:
                    configs.append(load_config(project.root))
                except ConfigError as exc:
                    for problem in exc.problems:
                        say(f"error: {problem} (serving the last sound configuration)")
            mk = get_config()
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
