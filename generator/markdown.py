"""Escaping untrusted article text for Markdown pages: it stays literal text, never markup."""

from __future__ import annotations

import re
from functools import lru_cache

from markupsafe import Markup

# Zero-width and bidirectional controls: invisible, and able to disguise text.
_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff\u00ad\x00-\x08\x0b\x0c\x0e-\x1b\x7f-\x84\x86-\x9f]")
# Characters with a meaning in Markdown, its extensions or HTML, written as numeric entities.
_SPECIAL = re.compile(r"[\\`*_\[\]{}()#+!|~^=<>&]")


def md(value: object) -> Markup:
    """Escape one value for inline use in a Markdown page (Jinja `finalize`)."""
    if isinstance(value, Markup):
        return value
    if value is None:
        return Markup("")
    return _escape(str(value))


@lru_cache(maxsize=200_000)  # names, organisations and dates repeat across thousands of pages
def _escape(value: str) -> Markup:
    text = _INVISIBLE.sub("", value)
    text = " ".join(text.split())  # no line starts: nothing can become a heading, list or fence
    text = _SPECIAL.sub(lambda m: f"&#{ord(m.group(0))};", text)
    text = re.sub(r"^(\d+)\.", r"\1&#46;", text)  # "1. …" would start an ordered list
    text = re.sub(r"^-", "&#45;", text)  # "- …" would start a bullet list
    return Markup(text)


def link(label: object, href: str) -> Markup:
    """A Markdown link to one of our own pages (href is built from slugs, never from article text)."""
    return Markup(f"[{md(label)}]({href})")


def external_link(label: object, url: str | None) -> Markup:
    """A link to the source article, only for http(s) URLs; anything else is shown as text."""
    if not url or not re.match(r"^https?://[^\s<>\"'`]+$", url):
        return md(url or "")
    safe = url.replace("(", "%28").replace(")", "%29").replace(" ", "%20")
    return Markup(f"[{md(label)}](<{safe}>)")
