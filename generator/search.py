"""jieba, loaded once per process, with the project's user dictionary of names."""

from __future__ import annotations

import importlib.util
import logging
import marshal
import os
import tempfile
from functools import lru_cache
from pathlib import Path


@lru_cache(maxsize=1)
def ensure_jieba() -> None:
    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()


def user_dictionary(words: list[str]) -> str:
    """A jieba user dictionary: one word per line with a high frequency so it stays whole."""
    lines = sorted({w.strip().replace(" ", "") for w in words if w and len(w.strip()) >= 2 and "\n" not in w})
    return "".join(f"{w} 100000 nz\n" for w in lines)


@lru_cache(maxsize=1)
def two_character_words() -> frozenset[str]:
    """The two-character words of jieba's dictionary (what extraction asks it about).

    Loading jieba's whole dictionary takes about half a second; this set, read from a small file
    derived from the dictionary once per machine (next to jieba's own cache, in the temporary
    folder), takes a few milliseconds. Same answer as `jieba.dt.FREQ.get(w, 0) > 0`.
    """
    spec = importlib.util.find_spec("jieba")
    assert spec is not None and spec.origin is not None, "jieba is not installed"
    source = Path(spec.origin).parent / "dict.txt"
    stat = source.stat()
    cache = Path(tempfile.gettempdir()) / f"briefing-jieba-words2-{stat.st_size}-{stat.st_mtime_ns}.txt"
    try:
        return frozenset(cache.read_text(encoding="utf-8").split())
    except OSError:
        pass
    words = []
    with open(source, encoding="utf-8") as handle:
        for line in handle:
            parts = line.split()
            if len(parts) >= 2 and len(parts[0]) == 2 and parts[1].isdigit() and int(parts[1]) > 0:
                words.append(parts[0])
    try:
        tmp = cache.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text("\n".join(sorted(words)), encoding="utf-8")
        os.replace(tmp, cache)
    except OSError:
        pass  # a read-only temporary folder: derived again next time
    return frozenset(words)


# jieba.analyse's own stop words (KeywordExtractor.STOP_WORDS).
STOP_WORDS = frozenset((
    "the", "of", "is", "and", "to", "in", "that", "we", "for", "an", "are", "by", "be", "as", "on", "with", "can",
    "if", "from", "which", "you", "it", "this", "then", "at", "have", "all", "not", "one", "has", "or",
))


def keywords(text: str, top: int) -> list[str]:
    """jieba.analyse.extract_tags(text, topK=top), the same TF-IDF over the same IDF table.

    Written out because importing jieba.analyse also loads jieba's part-of-speech tagger, and
    parses the IDF table, on every run (0.3 s); here the table is read from a derived file.
    """
    import jieba

    ensure_jieba()
    idf, median = _idf_table()
    freq: dict[str, float] = {}
    for word in jieba.cut(text):
        if len(word.strip()) < 2 or word.lower() in STOP_WORDS:
            continue
        freq[word] = freq.get(word, 0.0) + 1.0
    total = sum(freq.values())
    for word in freq:
        freq[word] *= idf.get(word, median) / total
    return sorted(freq, key=freq.__getitem__, reverse=True)[:top]


@lru_cache(maxsize=1)
def _idf_table() -> tuple[dict[str, float], float]:
    spec = importlib.util.find_spec("jieba")
    assert spec is not None and spec.origin is not None, "jieba is not installed"
    source = Path(spec.origin).parent / "analyse" / "idf.txt"
    stat = source.stat()
    cache = Path(tempfile.gettempdir()) / f"briefing-jieba-idf-{stat.st_size}-{stat.st_mtime_ns}.marshal"
    try:
        idf, median = marshal.loads(cache.read_bytes())
        return idf, median
    except (OSError, ValueError, EOFError, TypeError):
        pass
    idf = {}
    for line in source.read_text(encoding="utf-8").splitlines():
        word, freq = line.strip().split(" ")
        idf[word] = float(freq)
    median = sorted(idf.values())[len(idf) // 2]
    try:
        tmp = cache.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_bytes(marshal.dumps((idf, median)))
        os.replace(tmp, cache)
    except OSError:
        pass
    return idf, median
