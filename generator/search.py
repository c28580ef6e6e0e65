"""jieba, loaded once per process, with the project's user dictionary of names."""

from __future__ import annotations

import logging
from functools import lru_cache


@lru_cache(maxsize=1)
def ensure_jieba() -> None:
    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()


def user_dictionary(words: list[str]) -> str:
    """A jieba user dictionary: one word per line with a high frequency so it stays whole."""
    lines = sorted({w.strip().replace(" ", "") for w in words if w and len(w.strip()) >= 2 and "\n" not in w})
    return "".join(f"{w} 100000 nz\n" for w in lines)
