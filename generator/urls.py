"""Stable URLs: a registry of published slugs (content/urls.yaml) and redirects for moved pages.

An entity keeps the slug it was first published under, whatever is added later (a namesake, a
record that sorts before it). When an entity goes because an editor merged or renamed it, its old
URL redirects to the successor. Entities that go because their source went simply disappear.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .paths import free_slug, is_reserved
from .records import dump_yaml, load_yaml

KINDS = ("events", "speakers", "technologies", "organizations", "industries")
HEADER = "# Published URLs, written by the build: keeps each page's URL stable and records redirects.\n# Commit it with content/; edit only to retire a URL on purpose.\n"


@dataclass
class Registry:
    slugs: dict[str, dict[str, str]] = field(default_factory=lambda: {k: {} for k in KINDS})
    redirects: dict[str, str] = field(default_factory=dict)  # "speakers/old" -> "speakers/new"


def load_registry(path: Path) -> Registry:
    if not path.exists():
        return Registry()
    try:
        data = load_yaml(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError:
        return Registry()  # regenerated on this build; URLs may change once
    registry = Registry()
    for kind in KINDS:
        entries = data.get(kind) or {}
        if isinstance(entries, dict):
            registry.slugs[kind] = {str(k): str(v) for k, v in entries.items()}
    redirects = data.get("redirects") or {}
    if isinstance(redirects, dict):
        registry.redirects = {str(k): str(v) for k, v in redirects.items()}
    return registry


def registry_yaml(registry: Registry) -> str:
    data: dict[str, dict[str, str]] = {kind: dict(sorted(registry.slugs[kind].items())) for kind in KINDS}
    data["redirects"] = dict(sorted(registry.redirects.items()))
    return dump_yaml(data, HEADER)


def assign(
    kind: str,
    wanted: dict[str, str],
    old: Registry,
    new: Registry,
    family: Callable[[str], str] | None = None,
    successors: dict[str, str] | None = None,
) -> dict[str, str]:
    """Slugs for this build's entities of one kind ({stable key: fresh slug} -> {key: slug})."""
    before = old.slugs.get(kind, {})
    result: dict[str, str] = {}
    taken: set[str] = set()
    for key in sorted(wanted):  # 1. published entities keep their URL
        if key in before and before[key] not in taken and not is_reserved(before[key]):
            result[key] = before[key]
            taken.add(before[key])
    dead = {k: s for k, s in before.items() if k not in wanted}
    if family is not None:  # 2. a key that changed (a new first organisation) adopts its old URL
        for key in sorted(k for k in wanted if k not in result):
            candidates = [
                k for k in sorted(dead) if family(k) == family(key) and dead[k] not in taken and not is_reserved(dead[k])
            ]
            if len(candidates) == 1:
                result[key] = dead.pop(candidates[0])
                taken.add(result[key])
    for key in sorted(k for k in wanted if k not in result):  # 3. new entities
        slug = free_slug(wanted[key], taken)  # a namesake or a listing's name gets a suffix
        result[key] = slug
        taken.add(slug)
    new.slugs[kind] = dict(sorted(result.items()))
    _redirect_dead(kind, dead, result, family, successors or {}, new)
    return result


def _redirect_dead(
    kind: str,
    dead: dict[str, str],
    live: dict[str, str],
    family: Callable[[str], str] | None,
    successors: dict[str, str],
    new: Registry,
) -> None:
    """A page that went because of a merge or rename points to where it went."""
    live_slugs = set(live.values())
    for key, slug in sorted(dead.items()):
        if slug in live_slugs:
            continue
        target_key = successors.get(family(key) if family else key)
        if target_key is None:
            continue
        matches = [k for k in live if (family(k) if family else k) == target_key]
        if len(matches) == 1:
            new.redirects[f"{kind}/{slug}"] = f"{kind}/{live[matches[0]]}"


def carry_redirects(old: Registry, new: Registry) -> None:
    """Earlier redirects stay while their target lives and their source is not a page again."""
    live = {f"{kind}/{slug}" for kind in KINDS for slug in new.slugs[kind].values()}
    for source, target in old.redirects.items():
        if source not in live and target in live and source not in new.redirects:
            new.redirects[source] = target


def redirect_page(target: str, depth: int) -> str:
    """A static HTML page that sends the reader on (works without JavaScript and on any host)."""
    href = "../" * depth + target + "/"
    return (
        '<!doctype html>\n<html lang="zh"><head><meta charset="utf-8">\n'
        f'<title>已移动</title><link rel="canonical" href="{href}">\n'
        f'<meta http-equiv="refresh" content="0; url={href}">\n'
        f'</head><body><p>此页已移动：<a href="{href}">{href}</a></p></body></html>\n'
    )
