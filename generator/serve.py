"""Live preview: MkDocs' dev server over pages/, fed by a watcher that re-renders on change.

The watcher only rewrites pages whose text changed, so MkDocs' own reload sees real changes and
never loops on its own output.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from pathlib import Path

from .build import BuildError, Project, Report, build_lock, build_pages
from .runtime import swapped, unfreeze
from .words import ensure_jieba


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
            unfreeze()  # build_pages froze the records for its own speed; this process lives on
        except BuildError as exc:
            say(f"error: {exc}")
            continue
        for problem in report.problems:
            say(f"error: {problem}")
        say(f"rebuilt pages: extracted {report.extracted}, pages written {report.pages_written}")


def serve(project: Project, dev_addr: str, say: Callable[[str], None]) -> None:
    from mkdocs.commands.serve import serve as mk_serve

    report = Report()
    with build_lock(project):
        build_pages(project, report)
    unfreeze()
    for problem in report.problems:
        say(f"error: {problem}")
    stop = threading.Event()
    watcher = threading.Thread(target=_watch, args=(project, say, stop), daemon=True)
    watcher.start()
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    ensure_jieba()  # quiet start-up messages before Material's search plugin loads jieba
    path = project.config.url_path
    say(f"serving on http://{dev_addr}{path} (rebuilds when seeds, corrections, the lexicon or templates change)")
    try:
        with swapped({}, project.root):  # Material resolves jieba_dict_user against the working directory
            mk_serve(str(project.mkdocs_yml), dev_addr=dev_addr, livereload=True, watch=[str(project.root / "theme")])
    finally:
        stop.set()
        time.sleep(0)
