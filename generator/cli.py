"""Command line: `python -m generator build | extract | check | serve`."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from .build import Project

from .records import dump_yaml, to_dict


def os_error(exc: OSError) -> str:
    """`PATH: reason` for an operating-system error."""
    where = exc.filename if exc.filename is not None else "(unknown file)"
    return f"{where}: {exc.strerror or exc}"


class Context:
    def __init__(self, quiet: bool, verbose: bool) -> None:
        self.quiet, self.verbose = quiet, verbose

    def say(self, message: str) -> None:
        if not self.quiet:
            click.echo(message, err=True)

    def detail(self, message: str) -> None:
        if self.verbose:
            click.echo(message, err=True)


@click.group()
@click.option("-q", "--quiet", is_flag=True, help="Print only errors.")
@click.option("-v", "--verbose", is_flag=True, help="Print every step and warning.")
@click.option(
    "--plain", is_flag=True, help="One plain process: no helper process, no gc.freeze, no fast exit (also BRIEFING_PLAIN=1)."
)
@click.pass_context
def main(ctx: click.Context, quiet: bool, verbose: bool, plain: bool) -> None:
    """Briefing-site generator for Chinese industry-event reports."""
    if plain:
        from .runtime import set_plain

        set_plain()
    ctx.obj = Context(quiet, verbose)


def _project(root: Path) -> Project:
    from .build import Project

    return Project(root.resolve())


@main.command()
@click.option("--root", type=click.Path(file_okay=False, path_type=Path), default=Path("."), help="Project folder.")
@click.option("-j", "--jobs", type=int, default=None, help="Worker processes for extraction (default: all cores).")
@click.option("--strict", is_flag=True, help="Fail (exit 1) on any problem or warning, and on any MkDocs warning.")
@click.option("--pages-only", is_flag=True, help="Stop after writing Markdown pages (no MkDocs build).")
@click.pass_obj
def build(obj: Context, root: Path, jobs: int | None, strict: bool, pages_only: bool) -> None:
    """Seeds -> content records -> pages -> site/."""
    from . import runtime
    from .words import set_cache_dir

    set_cache_dir(root.resolve() / ".cache")  # jieba's caches live in the project, never in /tmp
    if not pages_only:
        runtime.helper()  # first: it loads jieba while this process imports the rest; the build uses it
    from .build import BuildError, Report
    from .build import build as run
    from .config import ConfigError
    from .progress import Progress

    project = _project(root)
    stages = Progress(sys.stderr, enabled=not obj.quiet, terminal=sys.stderr.isatty())
    report = Report(progress=stages, records_loaded=runtime.freeze)  # this process ends with the build
    started = time.perf_counter()

    def progress(done: int, total: int) -> None:
        stages.update("extract", done, total)

    try:
        site = run(project, report, jobs, strict, pages_only, progress)
    except ConfigError as exc:  # every problem of mkdocs.yml at once, before any work
        stages.finish()
        for problem in exc.problems:
            click.echo(f"error: {problem}", err=True)
        sys.exit(2)
    except BuildError as exc:
        stages.finish()
        click.echo(f"error: {exc}", err=True)
        sys.exit(2)
    except OSError as exc:  # a full disk, a read-only folder: name the file, never a traceback
        stages.finish()
        for problem in report.problems:
            click.echo(f"error: {problem}", err=True)
        click.echo(f"error: {os_error(exc)}; the build stopped (files already written are whole)", err=True)
        sys.exit(2)
    stages.finish()
    for duplicate in report.duplicates:
        obj.say(f"warning: {duplicate}")
    for warning in report.warnings:
        obj.detail(f"warning: {warning}")
    for problem in report.problems:
        click.echo(f"error: {problem}", err=True)
    obj.say(
        f"{len(site.events)} events, {len(site.people)} speakers, {len(site.technologies)} technologies, "
        f"{len(site.orgs)} organizations · extracted {report.extracted}, reused {report.reused}, removed {report.removed} · "
        f"pages written {report.pages_written}, removed {report.pages_removed}, unchanged and not rendered {report.pages_cached} · "
        + " ".join(f"{k} {v:.2f}s" for k, v in report.timings.items())
        + (f" ({report.mkdocs_mode})" if report.mkdocs_mode else "")
        + f" · total {time.perf_counter() - started:.2f}s"
    )
    if strict and (report.problems or report.warnings):  # a duplicate seed stays a warning that never fails
        if report.warnings and not obj.verbose:  # --strict fails on them: show them even without -v
            for warning in report.warnings:
                click.echo(f"warning: {warning}", err=True)
        click.echo(
            f"error: --strict: {len(report.problems)} problem(s), {len(report.warnings)} warning(s)",
            err=True,
        )
        sys.exit(1)


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--root", type=click.Path(file_okay=False, path_type=Path), default=Path("."), help="Project folder (its lexicon).")
@click.option("--explain", is_flag=True, help="Instead of records, print each person found, the decision taken and why.")
def extract(paths: tuple[Path, ...], root: Path, explain: bool) -> None:
    """Print one YAML record per seed, in argument order, separated by ---."""
    from .extract import extract_explained
    from .lexicon import load_lexicon
    from .seeds import SeedError, read_seed

    lexicon_file = _project(root).lexicon_file
    lexicon = load_lexicon(lexicon_file if lexicon_file.exists() else None)
    failed = 0
    docs = []
    for path in paths:
        try:
            record, decisions = extract_explained(read_seed(path), lexicon)
            data = to_dict(record)
        except Exception as exc:  # noqa: BLE001  (one article that fails never stops the others)
            message = str(exc) if isinstance(exc, SeedError) else f"{path}: could not extract: {type(exc).__name__}: {exc}"
            click.echo(f"error: {message}", err=True)
            failed += 1
            data = {"error": message, "event": None, "segments": [], "speakers": [], "technologies": []}
            decisions = []
        if explain:
            lines = [f"== {path}"]
            for d in decisions:
                lines.append(f"{d.verdict:<9} {d.name}")
                lines += [f"          - {e}" for e in d.evidence]
            docs.append("\n".join(lines) + "\n")
        else:
            docs.append(dump_yaml(data))
    sys.stdout.write(("" if explain else "---\n").join(docs))
    if failed:
        sys.exit(1)


@main.command()
@click.option("--root", type=click.Path(file_okay=False, path_type=Path), default=Path("."), help="Project folder.")
@click.pass_obj
def check(obj: Context, root: Path) -> None:
    """Validate seeds, records and corrections; list every problem with file and line."""
    from .check import check_project

    try:
        problems, duplicates = check_project(_project(root))
    except OSError as exc:
        click.echo(f"error: {os_error(exc)}", err=True)
        sys.exit(2)
    for duplicate in duplicates:
        obj.say(f"warning: {duplicate}")
    for problem in problems:
        click.echo(problem)
    if problems:
        click.echo(f"{len(problems)} problem(s)", err=True)
        sys.exit(1)
    obj.say("no problems found")


@main.command()
@click.option("--root", type=click.Path(file_okay=False, path_type=Path), default=Path("."), help="Project folder.")
@click.option("-a", "--dev-addr", default="127.0.0.1:8000", help="Address to serve on.")
@click.pass_obj
def serve(obj: Context, root: Path, dev_addr: str) -> None:
    """Live preview: rebuild pages when seeds, content or templates change; reload the browser."""
    from .serve import serve as run

    run(_project(root), dev_addr, obj.say)
