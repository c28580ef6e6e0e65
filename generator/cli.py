"""Command line: `python -m generator build | extract | check | serve`."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .records import dump_yaml, to_dict


@click.group()
def main() -> None:
    """Briefing-site generator for Chinese industry-event reports."""


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
def extract(paths: tuple[Path, ...]) -> None:
    """Print one YAML record per seed, in argument order, separated by ---."""
    from .extract import extract as run
    from .lexicon import load_lexicon
    from .seeds import SeedError, read_seed

    lexicon = load_lexicon(Path("content/technologies.yaml"))
    failed = 0
    docs = []
    for path in paths:
        try:
            data = to_dict(run(read_seed(path), lexicon))
        except SeedError as exc:
            click.echo(f"error: {exc}", err=True)
            failed += 1
            data = {"error": str(exc), "event": None, "segments": [], "speakers": [], "technologies": []}
        docs.append(dump_yaml(data))
    sys.stdout.write("---\n".join(docs))
    if failed:
        sys.exit(1)
