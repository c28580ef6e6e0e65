"""Slugs and output paths, in one place: pinyin, lower-case, ASCII, never empty, never `..`."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from pypinyin import Style, lazy_pinyin

# pypinyin has no surname mode: these read differently as the first character of a name.
SURNAME_READINGS = {
    "单": "shan",
    "曾": "zeng",
    "解": "xie",
    "仇": "qiu",
    "区": "ou",
    "查": "zha",
    "朴": "piao",
    "尉迟": "yu-chi",
    "万俟": "mo-qi",
    "乐": "yue",
    "员": "yun",
    "盖": "ge",
    "繁": "po",
    "覃": "qin",
    "翟": "zhai",
    "缪": "miao",
    "沈": "shen",
    "长孙": "zhang-sun",
    "藏": "zang",
    "种": "chong",
}
MAX_SLUG = 80


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


@lru_cache(maxsize=100_000)
def slugify(text: str, fallback: str = "item", person: bool = False) -> str:
    """`张彬` -> `zhang-bin`, `Suno AI` -> `suno-ai`. The result matches `[a-z0-9-]+`."""
    text = unicodedata.normalize("NFKC", text or "").strip()
    head = ""
    if person:
        for surname in sorted((k for k in SURNAME_READINGS if text.startswith(k)), key=len, reverse=True):
            head, text = SURNAME_READINGS[surname], text[len(surname) :]
            break
    parts = lazy_pinyin(text, style=Style.NORMAL, errors=lambda chars: _ascii(chars) or " ")
    slug = "-".join([head] + parts) if head else "-".join(parts)
    slug = re.sub(r"[^a-z0-9]+", "-", slug.lower()).strip("-")
    slug = re.sub(r"-{2,}", "-", slug)
    if len(slug) > MAX_SLUG:
        # Cut between syllables (`…-zhuan-chang` -> `…-zhuan`, never `…-zhuan-c`).
        cut = slug[: MAX_SLUG + 1].rfind("-")
        slug = slug[:cut] if cut > 0 else slug[:MAX_SLUG]
    return slug.strip("-") or fallback
