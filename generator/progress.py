"""Build progress on stderr: each stage with its counts and elapsed time.

On a terminal every stage is a click progress bar (counts, percentage, elapsed); elsewhere (CI
logs, a pipe) plain lines are printed when a stage starts, at most every `EVERY` seconds while it
runs, and when it ends. With `--quiet` nothing is printed. A stage whose total is unknown (MkDocs,
which runs in the helper process) is reported by a heartbeat thread with the time elapsed.
"""

from __future__ import annotations

import threading
import time
from typing import IO

import click

EVERY = 10.0  # seconds between plain progress lines


class Progress:
    def __init__(self, stream: IO[str], enabled: bool, terminal: bool) -> None:
        self.stream, self.enabled, self.terminal = stream, enabled, terminal
        self.stage: str | None = None
        self.started = 0.0
        self.last_line = 0.0
        self.bar = None
        self.done = 0
        self._stop = threading.Event()
        self._beat: threading.Thread | None = None

    def _line(self, text: str) -> None:
        click.echo(text, file=self.stream)

    def update(self, stage: str, done: int, total: int) -> None:
        """`done` of `total` items of `stage` are finished (a new stage name ends the previous one)."""
        if not self.enabled:
            return
        if stage != self.stage:
            self.finish()
            self.stage, self.started, self.last_line, self.done = stage, time.perf_counter(), 0.0, 0
            if self.terminal:
                self.bar = click.progressbar(length=max(total, 1), label=stage, file=self.stream, show_pos=True, show_eta=False)
                self.bar.render_progress()
            else:
                self._line(f"{stage}: 0/{total}")
                self.last_line = time.perf_counter()
        if self.bar is not None:
            self.bar.length = max(total, 1)
            self.bar.update(done - self.done)
        elif time.perf_counter() - self.last_line >= EVERY or done == total:
            self._line(f"{stage}: {done}/{total} · {time.perf_counter() - self.started:.0f}s")
            self.last_line = time.perf_counter()
        self.done = done

    def waiting(self, stage: str, what: str) -> None:
        """A stage without counts: a line now, then the elapsed time every EVERY seconds until `finish`."""
        if not self.enabled:
            return
        self.finish()
        self.stage, self.started = stage, time.perf_counter()
        self._line(f"{stage}: {what}")
        self._stop.clear()

        def beat() -> None:
            while not self._stop.wait(EVERY):
                self._line(f"{stage}: {what} · {time.perf_counter() - self.started:.0f}s")

        self._beat = threading.Thread(target=beat, daemon=True)
        self._beat.start()

    def finish(self) -> None:
        """End the current stage with its elapsed time."""
        if not self.enabled or self.stage is None:
            return
        elapsed = time.perf_counter() - self.started
        if self._beat is not None:
            self._stop.set()
            self._beat.join()
            self._beat = None
        if self.bar is not None:
            self.bar.render_finish()
            self.bar = None
        self._line(f"{self.stage}: done in {elapsed:.1f}s")
        self.stage = None
