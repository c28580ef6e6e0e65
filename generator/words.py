"""jieba, loaded once per process, with the project's user dictionary of names."""

from __future__ import annotations

import importlib.util
import logging
import marshal
import os
import typing
from collections.abc import Callable
from functools import lru_cache, partial
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T", bound=tuple[Any, ...] | frozenset[Any] | dict[Any, Any])  # what marshal can keep


_CACHE_DIR: list[Path] = []  # the project's .cache/, once a build has named it (empty: nothing is cached)


def set_cache_dir(path: Path | None) -> None:
    """Where jieba's prefix dictionary and the files derived from jieba's data are kept: the
    project's .cache/ (never the system temporary folder, where another user could plant a file).
    None keeps nothing on disk (the `extract` command, which writes nothing but its output)."""
    _CACHE_DIR[:] = [path] if path is not None else []


def _cache_dir() -> Path | None:
    if not _CACHE_DIR:
        return None
    try:
        _CACHE_DIR[0].mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return _CACHE_DIR[0]


@lru_cache(maxsize=1)
def ensure_jieba() -> None:
    """Load jieba's dictionary, from its cache in .cache/ when that is sound, else from the source
    (and cache it again). A cache that does not hold (a dict of counts, a positive total) is rebuilt."""
    import jieba  # type: ignore[import-untyped]  # jieba ships no type hints

    jieba.setLogLevel(logging.WARNING)
    source = Path(jieba.__file__).parent / "dict.txt"
    stat = source.stat()
    folder = _cache_dir()
    jieba.dt.cache_file = f"jieba-{stat.st_size}-{stat.st_mtime_ns}.cache"
    # Without a folder: a path that cannot exist, so that jieba neither reads nor writes a cache.
    jieba.dt.tmp_dir = str(folder) if folder else os.path.join(os.devnull, "no-cache")
    logger = logging.getLogger("jieba")
    level = logger.level
    if folder is None:
        logger.setLevel(logging.CRITICAL + 1)  # jieba logs its failed cache write as an error
    try:
        jieba.initialize()
        if not _sound_prefix_dict(jieba.dt.FREQ, jieba.dt.total):
            if folder is not None:
                (folder / jieba.dt.cache_file).unlink(missing_ok=True)
            jieba.dt.initialized = False
            jieba.initialize()
    finally:
        logger.setLevel(level)


def _sound_prefix_dict(freq: object, total: object) -> bool:
    return (
        isinstance(freq, dict)
        and len(freq) > 1000
        and isinstance(total, int | float)
        and total > 0
        and all(type(k) is str and type(v) is int for k, v in freq.items())
    )


def user_dictionary(words: list[str]) -> str:
    """A jieba user dictionary: one word per line with a high frequency so it stays whole."""
    lines = sorted({w.strip().replace(" ", "") for w in words if w and len(w.strip()) >= 2 and "\n" not in w})
    return "".join(f"{w} 100000 nz\n" for w in lines)


def _derived_from_jieba(
    relative: str, name: str, derive: Callable[[Path], T], sound: Callable[[object], bool] | None = None
) -> T:
    """derive(jieba's data file), computed once per project: kept, marshalled, in the project's
    .cache/ under the source's size and time (a new jieba derives again). A cached value that is
    not `sound` (by default: of the type `derive` is annotated to return), or not readable, is
    derived again."""
    if sound is None:
        hint = typing.get_type_hints(derive).get("return")
        sound = partial(_of_type, hint=hint) if hint is not None else (lambda _value: False)
    spec = importlib.util.find_spec("jieba")
    assert spec is not None and spec.origin is not None, "jieba is not installed"
    source = Path(spec.origin).parent / relative
    stat = source.stat()
    folder = _cache_dir()
    if folder is None:
        return derive(source)
    cache = folder / f"jieba-{name}-{stat.st_size}-{stat.st_mtime_ns}.marshal"
    try:
        value = marshal.loads(cache.read_bytes())
        if sound(value):
            return value
    except (OSError, ValueError, EOFError, TypeError):
        pass
    value = derive(source)
    try:
        tmp = cache.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_bytes(marshal.dumps(value))
        os.replace(tmp, cache)
    except OSError:
        pass  # a read-only .cache/: derived again next time
    return value


def _of_type(value: object, hint: object) -> bool:
    """Whether marshalled data has the shape of a type hint (str, int, float, tuple[...],
    list[X], set[X], frozenset[X], dict[K, V])."""
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin is None:
        return isinstance(hint, type) and type(value) is hint
    if not isinstance(value, origin):
        return False
    if origin is tuple:
        return len(args) == len(value) and all(_of_type(v, a) for v, a in zip(value, args, strict=True))
    if origin is dict:
        return all(_of_type(k, args[0]) and _of_type(v, args[1]) for k, v in value.items())
    return all(_of_type(v, args[0]) for v in value)


@lru_cache(maxsize=1)
def two_character_words() -> frozenset[str]:
    """The two-character words of jieba's dictionary (what extraction asks it about).

    Loading jieba's whole dictionary takes about half a second; this set takes a few
    milliseconds. Same answer as `jieba.dt.FREQ.get(w, 0) > 0`.
    """
    return _derived_from_jieba("dict.txt", "words2", _two_character_words, _sound_words)


def _sound_words(value: object) -> bool:
    return isinstance(value, frozenset) and len(value) > 1000 and all(type(w) is str and len(w) == 2 for w in value)


def _two_character_words(source: Path) -> frozenset[str]:
    words = []
    with open(source, encoding="utf-8") as handle:
        for line in handle:
            parts = line.split()
            if len(parts) >= 2 and len(parts[0]) == 2 and parts[1].isdigit() and int(parts[1]) > 0:
                words.append(parts[0])
    return frozenset(words)


@lru_cache(maxsize=1)
def organisation_words() -> frozenset[str]:
    """jieba's words of two to four characters that end like an organisation (领事馆, 办事处,
    委员会): a name after a title cannot start on their last character."""
    return _derived_from_jieba("dict.txt", "orgwords1", _organisation_words, _sound_org_words)


# Last characters of organisation names (one table: people.py imports it from here, since this
# module must stay free of OpenCC and the stages; the MkDocs stage imports it).
ORG_END_CHARS = "司团院所局厅部委会心校学社台行署馆室组处府"


def _sound_org_words(value: object) -> bool:
    return isinstance(value, frozenset) and len(value) > 1000 and all(type(w) is str and 2 <= len(w) <= 4 for w in value)


def _organisation_words(source: Path) -> frozenset[str]:
    words = []
    with open(source, encoding="utf-8") as handle:
        for line in handle:
            parts = line.split()
            word = parts[0] if parts else ""
            if (
                2 <= len(word) <= 4
                and word[-1] in ORG_END_CHARS
                and len(parts) >= 3
                and parts[2] != "nr"
                and parts[1].isdigit()
                and int(parts[1]) >= 20
            ):
                words.append(word)
    return frozenset(words)


@lru_cache(maxsize=1)
def two_character_non_names() -> frozenset[str]:
    """Common two-character words jieba tags as no noun (adjectives, verbs, adverbs, pronouns…:
    重要, 提出): never a person's name, though their first character may be a surname. Nouns
    stay out of it (民生, 周密 and 高超 are people in our corpora)."""
    return _derived_from_jieba("dict.txt", "nonnames2", _two_character_non_names, _sound_words)


NON_NAME_TAGS = frozenset("a ad an v vn vd d c p r u m q f t b z y df mq rz o".split())


def _two_character_non_names(source: Path) -> frozenset[str]:
    words = []
    with open(source, encoding="utf-8") as handle:
        for line in handle:
            parts = line.split()
            if (
                len(parts) >= 3
                and len(parts[0]) == 2
                and parts[1].isdigit()
                and int(parts[1]) >= 100
                and parts[2] in NON_NAME_TAGS
            ):
                words.append(parts[0])
    return frozenset(words)


# jieba.analyse's own stop words (KeywordExtractor.STOP_WORDS).
STOP_WORDS = frozenset(
    (
        "the",
        "of",
        "is",
        "and",
        "to",
        "in",
        "that",
        "we",
        "for",
        "an",
        "are",
        "by",
        "be",
        "as",
        "on",
        "with",
        "can",
        "if",
        "from",
        "which",
        "you",
        "it",
        "this",
        "then",
        "at",
        "have",
        "all",
        "not",
        "one",
        "has",
        "or",
    )
)


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
    return _derived_from_jieba("analyse/idf.txt", "idf", _read_idf, _sound_idf)


def _sound_idf(value: object) -> bool:
    if not (isinstance(value, tuple) and len(value) == 2 and isinstance(value[0], dict) and type(value[1]) is float):
        return False
    return len(value[0]) > 1000 and all(type(k) is str and type(v) is float for k, v in value[0].items())


def _read_idf(source: Path) -> tuple[dict[str, float], float]:
    """jieba's IDF table and its median, as jieba.analyse's IDFLoader reads them."""
    idf = {}
    for line in source.read_text(encoding="utf-8").splitlines():
        word, freq = line.strip().split(" ")
        idf[word] = float(freq)
    return idf, sorted(idf.values())[len(idf) // 2]
