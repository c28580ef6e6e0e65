"""Every output path and link target of the site, the names entities may not take, and the
write-once table of pages that refuses a second page at one path.

A page's path is relative to pages/ (`speakers/zhang-bin.md`); MkDocs publishes it as a folder
(`speakers/zhang-bin/`, see `output_of`). Listing pages share their folder with entity pages
(`speakers/index.md`, `speakers/letter-z.md`, `events/archive/…`), so an entity whose slug is a
listing's name would take the listing's place: such slugs are reserved and get a suffix, as
namesakes do (`index` -> `index-2`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

# Kinds of entity page, each in its own folder.
EVENTS, SPEAKERS, TECHNOLOGIES, ORGANIZATIONS, INDUSTRIES = "events", "speakers", "technologies", "organizations", "industries"
CITIES, SERIES, BRIEFINGS = "cities", "series", "briefings"

# Names of listing pages and of the site's own folders and files: never an entity's slug.
RESERVED = frozenset(
    {
        "index",
        "archive",  # events/archive/
        "undated",  # briefings/undated.md
        "feeds",
        "calendar",
        "data",
        "search",
        "assets",
        "404",
        "sitemap",
    }
)
# Archive pages (`page-<8 hex digits>`, see render.archive) and letter pages of an index (`letter-a`, `letter-other`).
RESERVED_PATTERN = re.compile(r"page-[0-9a-f]{8}|letter-(?:[a-z]|other)")


def is_reserved(slug: str) -> bool:
    return slug in RESERVED or RESERVED_PATTERN.fullmatch(slug) is not None


def free_slug(base: str, taken: set[str] | frozenset[str]) -> str:
    """`base`, or `base-2`, `base-3`, … : the first that is neither taken nor reserved."""
    slug, n = base, 2
    while slug in taken or is_reserved(slug):
        slug, n = f"{base}-{n}", n + 1
    return slug


def page(kind: str, slug: str) -> str:
    """An entity's page in pages/: `speakers/zhang-bin.md`."""
    return f"{kind}/{slug}.md"


def link(kind: str, slug: str, prefix: str = "") -> str:
    """A Markdown link target to an entity's page from a page `prefix` deep (`"../"` from another entity page)."""
    return f"{prefix}{kind}/{slug}.md"


def sibling(name: str, prefix: str = "") -> str:
    """A link target to a page in the same folder (or `prefix` up): `zhang-bin.md`, `../index.md`."""
    return f"{prefix}{name}.md"


def archive_folder(kind: str, slug: str) -> str:
    """The folder of an entity's archive pages: `speakers/zhang-bin` (its pages: `…/page-<id>.md`)."""
    return f"{kind}/{slug}"


def url(kind: str, slug: str) -> str:
    """An entity page's published location relative to the site's root: `speakers/zhang-bin/`."""
    return f"{kind}/{slug}/"


def feed(kind: str, slug: str) -> str:
    """An entity's Atom feed: `feeds/speakers/zhang-bin.xml`."""
    return f"feeds/{kind}/{slug}.xml"


def event_calendar(slug: str) -> str:
    return f"calendar/{slug}.ics"


def speaker_calendar(slug: str) -> str:
    return f"calendar/speakers/{slug}.ics"


def redirect(source: str) -> str:
    """The file that sends a moved page's readers on (`source` is `speakers/old-slug`)."""
    return f"{source}/index.html"


BRIEFINGS_FEED = "feeds/briefings.xml"
EVENTS_FEED = "feeds/events.xml"
EVENTS_CALENDAR = "calendar/events.ics"
HOME = "index.md"
DATA_INDEX = "data/index.md"
DATA_SCHEMA = "data/schema.json"


def listing(folder: str) -> str:
    """A folder's index page: `speakers/index.md`."""
    return f"{folder}/index.md"


def output_of(rel: str) -> str:
    """Where a file of pages/ ends up in site/: a page becomes a folder, anything else is copied."""
    if rel == "index.md" or rel.endswith("/index.md"):
        return rel[: -len("index.md")]
    return rel[:-3] + "/" if rel.endswith(".md") else rel


def _location(rel: str) -> str:
    """The published location a file takes: `a/b.md`, `a/b/index.md` and `a/b/index.html` all take `a/b/`."""
    out = output_of(rel)
    return out[: -len("index.html")] if out == "index.html" or out.endswith("/index.html") else out


class PathCollision(ValueError):
    """Two sources wrote a page at one path (or at one published location)."""


class PageTable:
    """The site's files as {path in pages/: text}, each written once.

    A second file at a path, or at a path that MkDocs publishes at the same place (`a/b.md` and
    `a/b/index.md`), raises `PathCollision` naming both sources instead of replacing the first.
    `claim` takes a path without text (a page left as it is in pages/ since the last build).
    """

    def __init__(self) -> None:
        self._pages: dict[str, str] = {}
        self._owner: dict[str, tuple[str, str]] = {}  # published location -> (path, source)

    def claim(self, path: str, source: str) -> None:
        location = _location(path)
        if location in self._owner:
            first_path, first_source = self._owner[location]
            at = path if first_path == path else f"{first_path} and {path}"
            raise PathCollision(f"two pages at {at}: {first_source}; {source}")
        self._owner[location] = (path, source)

    def add(self, path: str, text: str, source: str) -> None:
        self.claim(path, source)
        self._pages[path] = text

    def update(self, pages: Mapping[str, str], source: str) -> None:
        for path, text in pages.items():
            self.add(path, text, source)

    def claim_all(self, paths: Iterable[str], source: str) -> None:
        for path in sorted(paths):
            self.claim(path, source)

    def __contains__(self, path: object) -> bool:
        return path in self._pages

    def pages(self) -> dict[str, str]:
        """The files with text, sorted by path."""
        return dict(sorted(self._pages.items()))
