"""Build progress on stderr: each stage with its counts and elapsed time.

On a terminal every stage is a click progress bar (counts, percentage, elapsed); elsewhere (CI
logs, a pipe) plain lines are printed when a stage starts, at most every `EVERY` seconds while it
runs, and when it ends. With `--quiet` nothing is printed. A stage without counts (MkDocs loading
its configuration, writing the search index) is reported by a heartbeat thread with the time
elapsed. MkDocs runs in the helper process: its hooks count the pages converted from Markdown and
written as HTML and tell the build through the helper's pipe (`helper.tell`, `from_helper`).
"""

from __future__ import annotations

import threading
import time
from typing import TYPE_CHECKING, TextIO

import click

if TYPE_CHECKING:
    from click._termui_impl import ProgressBar

EVERY = 10.0  # seconds between plain progress lines


def _shown(elapsed: str | None) -> str | None:
    """What the bar shows beside its counts: the item it was given (the time since the stage began)."""
    return elapsed


class Progress:
    """Stages one after another; a stage named `<group> <part>` (`mkdocs html`) is a part of the
    stage `<group>` started before it: the group's own end line comes after its last part."""

    def __init__(self, stream: TextIO, enabled: bool, terminal: bool) -> None:
        self.stream, self.enabled, self.terminal = stream, enabled, terminal
        self.stage: str | None = None
        self.started = 0.0
        self.last_line = 0.0
        self.bar: ProgressBar[str] | None = None  # its items are the elapsed time, shown beside it
        self.done = 0
        self.group: tuple[str, float] | None = None  # the stage whose parts are running, and its start
        self._stop = threading.Event()
        self._beat: threading.Thread | None = None

    def _line(self, text: str) -> None:
        click.echo(text, file=self.stream)

    def _begin(self, stage: str) -> None:
        """End the current stage (or, when `stage` is one of its parts, only its heartbeat)."""
        if self.stage is not None and stage.startswith(f"{self.stage} ") and self.group is None:
            self.group = (self.stage, self.started)
            self._stop_beat()
            self.stage = None
        elif self.group is not None and not stage.startswith(f"{self.group[0]} "):
            self.finish()
        else:
            self._end_stage()
        self.stage, self.started, self.last_line, self.done = stage, time.perf_counter(), 0.0, 0

    def update(self, stage: str, done: int, total: int) -> None:
        """`done` of `total` items of `stage` are finished (a new stage name ends the previous one)."""
        if not self.enabled:
            return
        if stage != self.stage:
            self._begin(stage)
            if self.terminal:
                self.bar = click.progressbar(
                    length=max(total, 1),
                    label=stage,
                    file=self.stream,
                    show_pos=True,
                    show_eta=False,
                    item_show_func=_shown,  # the time since the stage began
                )
                self.bar.render_progress()
            else:
                self._line(f"{stage}: 0/{total}")
                self.last_line = time.perf_counter()
        if self.bar is not None:
            self.bar.length = max(total, 1)
            self.bar.update(done - self.done, f"{time.perf_counter() - self.started:.0f}s")
        elif done != self.done and (time.perf_counter() - self.last_line >= EVERY or done == total):
            self._line(f"{stage}: {done}/{total} · {time.perf_counter() - self.started:.0f}s")
            self.last_line = time.perf_counter()
        self.done = done

    def from_helper(self, stage: str, done: int, total: int | None, what: str) -> None:
        """What the helper tells (generator.runtime.tell): counts, or a stage without them."""
        if total is None:
            self.waiting(stage, what)
        else:
            self.update(stage, done, total)

    def waiting(self, stage: str, what: str) -> None:
        """A stage without counts: a line now, then the elapsed time every EVERY seconds until it ends."""
        if not self.enabled:
            return
        self._begin(stage)
        self._line(f"{stage}: {what}")
        self._stop.clear()

        def beat() -> None:
            while not self._stop.wait(EVERY):
                self._line(f"{stage}: {what} · {time.perf_counter() - self.started:.0f}s")

        self._beat = threading.Thread(target=beat, daemon=True)
        self._beat.start()

    def _stop_beat(self) -> None:
        if self._beat is not None:
            self._stop.set()
            self._beat.join()
            self._beat = None

    def _end_stage(self) -> None:
        if self.stage is None:
            return
        elapsed = time.perf_counter() - self.started
        self._stop_beat()
        if self.bar is not None:
            self.bar.render_finish()
            self.bar = None
        self._line(f"{self.stage}: done in {elapsed:.1f}s")
        self.stage = None

    def finish(self) -> None:
        """End the current stage, and the stage it is a part of, each with its elapsed time."""
        if not self.enabled:
            return
        self._end_stage()
        if self.group is not None:
            name, started = self.group
            self.group = None
            self._line(f"{name}: done in {time.perf_counter() - started:.1f}s")
