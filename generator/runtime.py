"""Runtime tricks, in one place, and the one switch that turns them all off.

The tricks buy speed; none changes what a build writes:
- the helper process (`helper()`), forked at most once per build, first thing in the command
  line: it loads jieba and MkDocs while the build does its own work, extracts a few changed seeds
  and runs MkDocs;
- `freeze()`: the records live until the end of a one-shot build, so the garbage collector is
  told not to scan them again and again (asked for by the `build` command only, never by a
  stage: a process that lives on, as `serve`, has nothing to undo);
- `exit(code)`: leave without tearing down the interpreter (freeing every record, page and
  module one by one costs a tenth of a second or more and achieves nothing);
- `share(items, work)`: a forked copy of the process does `work(items)` on the other core while
  this process does its own part (the helper gives it half of the pages MkDocs converts to HTML
  in an incremental build: mkdocs_hooks.on_nav).

`BRIEFING_PLAIN=1` in the environment, or `python -m generator --plain …`, turns them all off:
tasks run in the build's own process (`InProcess`; no extraction workers either), nothing is
frozen, the interpreter exits normally. For debugging (one process, a debugger, a profiler) and for tests that need a plain
process. `build_date(seconds)` is not a trick but a necessity (MkDocs reads its build date from
SOURCE_DATE_EPOCH only): it lives here so that it is the only change to os.environ a build makes.

The helper process:
A helper process that loads jieba and MkDocs while the build does its own work.

Loading jieba's dictionary (about half a second) and importing MkDocs and Material are a fixed
cost of every build that extracts or publishes anything; in an incremental build they are a
large share of the whole. The build starts this helper first (a fork, so it shares what is
already imported) and gives it the work that needs them: extracting a few changed seeds, then
running MkDocs once the pages are written. Meanwhile the build reads its caches, resolves the
records and renders the pages on the other core. The helper loads all this without being asked
(`PRELOAD`): a build with nothing to extract asks it for nothing before MkDocs.
"""

from __future__ import annotations

import gc
import importlib
import multiprocessing
import os
import pickle
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from multiprocessing.connection import Connection
from typing import Any, TypeVar

_T = TypeVar("_T")
_R = TypeVar("_R")

PLAIN_VARIABLE = "BRIEFING_PLAIN"


def plain() -> bool:
    """True when the tricks are off (BRIEFING_PLAIN set to anything but "" or "0")."""
    return os.environ.get(PLAIN_VARIABLE, "") not in ("", "0")


def set_plain(on: bool = True) -> None:
    """Turn the tricks off (or on) for this process and the processes it starts."""
    if on:
        os.environ[PLAIN_VARIABLE] = "1"
    else:
        os.environ.pop(PLAIN_VARIABLE, None)


def freeze() -> None:
    """Keep the garbage collector off every object made so far (a build's records), unless plain.
    Only the one-shot `build` command asks for it (cli.build, once the records are loaded: its
    process ends with the build); nothing in a process that lives on (`serve`, tests) freezes."""
    if not plain():
        gc.freeze()


def exit(code: int | str | None) -> None:  # noqa: A001 - the process's exit
    """End the process with `code` (a text is printed and exits 1): at once, or normally when plain."""
    if isinstance(code, str):
        print(code, file=sys.stderr)
        code = 1
    sys.stdout.flush()
    sys.stderr.flush()
    if plain():
        sys.exit(code or 0)
    os._exit(code or 0)


@contextmanager
def build_date(seconds: int | None) -> Iterator[None]:
    """Run with SOURCE_DATE_EPOCH set to `seconds` (unless the caller set it: theirs wins), restored after.

    The one change to the environment left: MkDocs takes its build date (the sitemap's `<lastmod>`,
    `build_date_utc`, pages' `update_date`) from SOURCE_DATE_EPOCH and nowhere else
    (mkdocs.utils.get_build_datetime), and there is no option to give it instead."""
    if seconds is None or os.environ.get("SOURCE_DATE_EPOCH"):
        yield
        return
    os.environ["SOURCE_DATE_EPOCH"] = str(seconds)
    try:
        yield
    finally:
        os.environ.pop("SOURCE_DATE_EPOCH", None)


_HELPER: list[Helper | InProcess] = []  # the helper of the build under way in this process


def helper() -> Helper | InProcess:
    """The helper of this process's build: forked on the first call (the command line calls it
    first thing, so that it loads jieba and MkDocs while this process imports the rest), the same
    one on every later call until `close_helper`, however the build is entered. When plain, an
    object that runs the same tasks in this process (nothing is forked)."""
    if not _HELPER:
        _HELPER.append(InProcess() if plain() else Helper())
    return _HELPER[0]


def close_helper() -> None:
    """End this process's helper (the build is over); the next `helper()` starts a new one."""
    while _HELPER:
        _HELPER.pop().close()


def _task(name: str) -> Any:
    module, function = TASKS[name].split(":")
    return getattr(importlib.import_module(module), function)


# What the helper can be asked to do, as "module:function": imported in the helper only, so that
# starting it (before the build has imported anything heavy) costs the build a fork and no more.
TASKS = {"extract": "generator.extract:extract_files", "mkdocs": "generator.html:render_html"}


class HelperError(Exception):
    pass


SHARE_AT = 24  # fewer items than this are not worth a fork (a few milliseconds, and the results' pickle)


def share(items: list[_T], work: Callable[[list[_T]], _R]) -> Callable[[], _R | None] | None:
    """Start `work(items)` in a forked copy of this process, on the other core; returns what
    gives its result once this process has done its own part (None: the copy failed, and the
    caller does the items itself). None at once when plain, on one core, or for fewer than
    SHARE_AT items: the caller does them itself.

    The copy shares everything this process has loaded (a fork), tells no progress (the helper's
    pipe is this process's alone) and sends its result back pickled, through a pipe of its own."""
    if plain() or len(items) < SHARE_AT or (os.cpu_count() or 1) < 2:
        return None
    readable, writable = os.pipe()
    pid = os.fork()
    if pid == 0:  # the copy: do the work, send the result, leave at once
        os.close(readable)
        _work_in_copy(writable, items, work)
    os.close(writable)

    def result() -> _R | None:
        with os.fdopen(readable, "rb") as handle:
            data = handle.read()
        os.waitpid(pid, 0)
        try:
            ok, value = pickle.loads(data)
        except Exception:  # the copy died before it sent anything whole
            return None
        return value if ok else None

    return result


def _work_in_copy(writable: int, items: list[_T], work: Callable[[list[_T]], _R]) -> None:
    global _conn, _sink
    _conn = _sink = None  # progress from the copy would interleave with the helper's messages
    _die_with_parent()
    try:
        data = pickle.dumps((True, work(items)), protocol=pickle.HIGHEST_PROTOCOL)
    except BaseException:  # noqa: BLE001  (the caller does the items itself, and meets the error there)
        data = pickle.dumps((False, None))
    try:
        with os.fdopen(writable, "wb") as handle:
            handle.write(data)
    finally:
        os._exit(0)


def _die_with_parent() -> None:
    """Ask Linux to kill this process when the build that started it dies (prctl PR_SET_PDEATHSIG)."""
    try:
        import ctypes
        import signal

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)
    except (OSError, AttributeError):
        pass  # elsewhere the helper ends when it next finds the pipe closed


_conn: Connection | None = None  # in the helper process: the pipe to the build
_sink: Callable[[str, int, int | None, str], None] | None = None  # plain mode: the build's progress
_told = 0.0
TELL_EVERY = 0.25  # seconds between progress messages


def tell(stage: str, done: int, total: int | None, what: str = "", force: bool = False) -> None:
    """From a task (MkDocs' hooks): `done` of `total` items of `stage` (total None: a stage
    without counts, described by `what`). Sent at most every TELL_EVERY seconds unless `force`;
    nothing happens outside a build (`mkdocs build` run by hand)."""
    global _told
    if _conn is None and _sink is None:
        return
    now = time.monotonic()
    if not force and now - _told < TELL_EVERY and total is not None and done != total:
        return
    _told = now
    if _sink is not None:
        _sink(stage, done, total, what)
        return
    try:
        _conn.send(("progress", stage, done, total, what))  # type: ignore[union-attr]
    except OSError:
        pass


def _load_extraction() -> None:
    importlib.import_module("generator.extract")
    importlib.import_module("generator.slugs")  # pypinyin, for record ids
    from .words import two_character_words

    two_character_words()


def _load_jieba() -> None:
    from .words import ensure_jieba

    ensure_jieba()  # extraction's keywords and Material's search plugin segment text with it


def _load_mkdocs() -> None:
    import material.plugins.search.plugin  # type: ignore[import-untyped]  # noqa: F401  (Material ships no type hints)
    import mkdocs.commands.build  # noqa: F401


# What the helper loads before it is asked for anything, in this order: extraction's modules
# first (a changed seed is the first thing a build may ask for), then jieba's dictionary, then
# MkDocs and Material; a request that comes meanwhile waits for the step under way only.
PRELOAD: tuple[Callable[[], None], ...] = (_load_extraction, _load_jieba, _load_mkdocs)


def _serve(conn: Connection) -> None:
    """Serve requests, loading PRELOAD step by step meanwhile: a request waiting is served
    before the next step is loaded, and when none comes (a build with nothing to extract asks
    for nothing until MkDocs) the helper loads everything on its own."""
    global _conn
    _die_with_parent()
    _conn = conn
    steps = list(PRELOAD)
    while True:
        try:
            if steps and not conn.poll(0):
                steps.pop(0)()
                continue
            message = conn.recv()
        except (EOFError, OSError):  # the build has gone: nothing left to do
            return
        if message is None:
            return
        name, args = message
        try:
            conn.send((True, _task(name)(*args)))
        except BaseException as exc:  # noqa: BLE001  (every failure goes back to the build, which reports it)
            conn.send((False, f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__))


class Helper:
    """Runs named tasks in the helper process, one at a time, and returns their results."""

    def __init__(self) -> None:
        context = multiprocessing.get_context("fork")
        self._conn, child = context.Pipe()
        self._process = context.Process(target=_serve, args=(child,), daemon=True, name="briefing-helper")
        self._process.start()
        child.close()
        self._pending = ""
        self.asked: list[str] = []  # the tasks asked for, in order (what a build needed the helper for)

    def call(self, name: str, *args: Any) -> Any:
        self.submit(name, *args)
        return self.result()

    def submit(self, name: str, *args: Any) -> None:
        """Start a task; the build goes on with its own work until it asks for the result."""
        self._conn.send((name, args))
        self._pending = name
        self.asked.append(name)

    def result(self, progress: Callable[[str, int, int | None, str], None] | None = None) -> Any:
        """The task's result; the progress it tells on the way (`tell`) goes to `progress`."""
        # Poll rather than block: a copy of the helper's end of the pipe inherited by another
        # forked process would keep recv() from ever seeing end-of-file after the helper died.
        try:
            while True:
                while not self._conn.poll(0.5):
                    if not self._process.is_alive():
                        raise EOFError
                message = self._conn.recv()
                if len(message) == 5 and message[0] == "progress":
                    if progress is not None:
                        progress(*message[1:])
                    continue
                ok, value = message
                break
        except EOFError:
            raise HelperError(f"the helper process stopped during {self._pending} (exit code {self._process.exitcode})") from None
        if not ok:
            raise HelperError(value)
        return value

    def close(self) -> None:
        try:
            self._conn.send(None)
        except OSError:
            pass
        self._process.join(timeout=10)
        if self._process.is_alive():
            self._process.terminate()
            self._process.join()
        self._conn.close()


class InProcess:
    """The helper's interface, running each task in this process when it is asked for (plain mode)."""

    def __init__(self) -> None:
        self._pending: tuple[str, tuple] | None = None
        self.asked: list[str] = []  # the tasks asked for, in order, as the helper keeps them

    def call(self, name: str, *args: Any) -> Any:
        self.submit(name, *args)
        return self.result()

    def submit(self, name: str, *args: Any) -> None:
        self._pending = (name, args)
        self.asked.append(name)

    def result(self, progress: Callable[[str, int, int | None, str], None] | None = None) -> Any:
        global _sink
        assert self._pending is not None, "result() without submit()"
        name, args = self._pending
        self._pending = None
        _sink = progress
        try:
            return _task(name)(*args)
        except Exception as exc:  # as the helper reports it: the build names the task that failed
            raise HelperError(f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__) from exc
        finally:
            _sink = None

    def close(self) -> None:
        self._pending = None
