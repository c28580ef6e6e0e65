"""Reading seeds: bytes on disk -> a `Seed` of labelled fields.

A seed is a text file of `label: value` lines (ASCII or full-width colon); a value runs until the
next line that starts with a known label. Files arrive as UTF-8 (with or without BOM), GB18030/GBK
or Big5, with LF or CRLF line ends, with Simplified or Traditional labels.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from charset_normalizer import from_bytes

from .safety import clean_text

# Canonical field name for every spelling of a label we know.
LABELS: dict[str, str] = {
    "标题": "title",
    "標題": "title",
    "链接": "url",
    "鏈接": "url",
    "連結": "url",
    "链结": "url",
    "总结": "body",
    "總結": "body",
    "正文": "body",
    "关键词": "keywords",
    "關鍵詞": "keywords",
    "關鍵字": "keywords",
    "AI技术": "technologies",
    "AI技術": "technologies",
    "行业": "industries",
    "行業": "industries",
    "重大事件摘要": "digest",
}
# A label line: a short run of word characters, then an ASCII or full-width colon.
LABEL_LINE = re.compile(r"^\ufeff?\s*([A-Za-z\u4e00-\u9fff]{1,10})\s*[:：]\s?(.*)$")
MAX_UNKNOWN_LABEL = 8  # an unknown label longer than this is more likely prose than a label
DECODE_CHECK_CHARS = 20  # below this, detection guesses are not trusted on their own
MAX_SEED_BYTES = 2_000_000  # a news report is tens of kilobytes; beyond this it is not one article
UTF8_EVIDENCE = 8  # valid multi-byte UTF-8 characters before a bad byte: the file is UTF-8, damaged


class SeedError(Exception):
    """A file that cannot be read as a seed. Carries the path and, where known, the line."""

    def __init__(self, path: Path | str, reason: str, line: int | None = None) -> None:
        self.path, self.reason, self.line = str(path), reason, line
        where = f"{self.path}:{line}" if line else self.path
        super().__init__(f"{where}: {reason}")


@dataclass(frozen=True)
class Seed:
    path: str
    sha256: str
    encoding: str
    title: str | None = None
    url: str | None = None
    body: str = ""
    keywords: tuple[str, ...] = ()
    technologies: tuple[str, ...] = ()
    industries: tuple[str, ...] = ()
    digest: str | None = None
    extra: dict[str, str] = field(default_factory=dict)  # unknown labels, kept verbatim
    warnings: tuple[str, ...] = ()


def decode(data: bytes, path: Path | str = "<bytes>") -> tuple[str, str]:
    """Return (text, encoding). Strict UTF-8 first, then detection, then GB18030 and Big5 checks."""
    if not data:
        raise SeedError(path, "empty file")
    if not data.strip():
        raise SeedError(path, "only whitespace, no text")
    if b"\x00" in data[:4096]:
        raise SeedError(path, "binary data (NUL bytes), not a text seed")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        utf8_error = exc
    line = data[: utf8_error.start].count(b"\n") + 1
    if utf8_error.start >= len(data) - 3 and utf8_error.reason == "unexpected end of data":
        raise SeedError(path, "truncated multi-byte character at the end of the file (cut off while copying?)", line)
    if _utf8_multibyte_count(data[: utf8_error.start]) >= UTF8_EVIDENCE:
        raise SeedError(path, "invalid UTF-8 here after valid UTF-8 text: mixed encodings? save the file as UTF-8", line)
    for enc in _candidate_encodings(data):
        try:
            text = data.decode(enc)
        except (UnicodeDecodeError, LookupError):
            continue
        if _looks_chinese(text):
            return text, enc
    raise SeedError(path, "not valid UTF-8, GB18030 or Big5 text (undecodable bytes)", line)


def _utf8_multibyte_count(prefix: bytes) -> int:
    """Multi-byte characters in a prefix that decodes as UTF-8 (lead bytes 0xC2-0xF4)."""
    return sum(1 for b in prefix if 0xC2 <= b <= 0xF4)


def _candidate_encodings(data: bytes) -> list[str]:
    # Detection is good on long text but calls short GB18030 text Korean: we only take its
    # guess when it is a Chinese encoding, and always try GB18030 and Big5 afterwards.
    guesses = []
    best = from_bytes(data[:65536]).best()
    if best is not None and best.encoding.replace("_", "").lower() in {"gb18030", "gbk", "gb2312", "big5", "cp950", "big5hkscs"}:
        guesses.append(best.encoding)
    return guesses + ["gb18030", "big5"]


def _looks_chinese(text: str) -> bool:
    """Enough CJK characters and no control junk: a decode that produced Chinese prose."""
    cjk = sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff")
    controls = sum(1 for ch in text if unicodedata.category(ch) == "Cc" and ch not in "\r\n\t")
    return cjk >= min(DECODE_CHECK_CHARS, len(text) // 4) and controls == 0


def split_list(value: str | None) -> tuple[str, ...]:
    """Split a comma- or 、-separated field; drop blanks and the placeholder 无/無."""
    if not value:
        return ()
    parts = (p.strip() for p in re.split(r"[,，、;；\n]", value))
    seen: dict[str, None] = {}
    for p in parts:
        if p and p not in {"无", "無", "none", "None", "-"}:
            seen.setdefault(p, None)
    return tuple(seen)


def parse(text: str, path: Path | str = "<text>", encoding: str = "utf-8", sha256: str = "") -> Seed:
    """Parse seed text into fields. Raises SeedError when there is no body."""
    text = clean_text(text).lstrip("\ufeff")  # line ends unified; controls and invisible characters dropped
    fields: dict[str, list[str]] = {}
    first_line: dict[str, int] = {}
    extra: dict[str, str] = {}
    warnings: list[str] = []
    current: str | None = None
    for number, line in enumerate(text.split("\n"), start=1):
        match = LABEL_LINE.match(line)
        key = None
        if match:
            label = match.group(1)
            key = LABELS.get(label) or (f"extra:{label}" if _is_unknown_label(label, current) else None)
        if match and key:
            if key in fields:
                warnings.append(f"{path}:{number}: label '{match.group(1)}' repeated; values joined")
                fields[key].append(match.group(2))
            else:
                fields[key] = [match.group(2)]
                first_line[key] = number
            current = key
        elif current is not None:
            fields[current].append(line)
        elif line.strip():
            # Text before any label: treat the file as a raw article body.
            fields.setdefault("body", []).append(line)
            first_line.setdefault("body", number)
            current = "body"

    def joined(key: str) -> str | None:
        value = "\n".join(fields.get(key, [])).strip()
        return value or None

    body = joined("body")
    if not body:
        labels = ", ".join(sorted(k for k in fields if not k.startswith("extra:"))) or "none"
        raise SeedError(path, f"no body (总结) found; labels seen: {labels}", 1)
    for key in [k for k in fields if k.startswith("extra:")]:
        extra[key[6:]] = joined(key) or ""
    return Seed(
        path=str(path),
        sha256=sha256 or hashlib.sha256(text.encode("utf-8")).hexdigest(),
        encoding=encoding,
        title=_one_line(joined("title")),
        url=_one_line(joined("url")),
        body=body,
        keywords=split_list(joined("keywords")),
        technologies=split_list(joined("technologies")),
        industries=split_list(joined("industries")),
        digest=joined("digest"),
        extra=extra,
        warnings=tuple(warnings),
    )


def _is_unknown_label(label: str, current: str | None) -> bool:
    # Inside the body or digest a line like "主持人：X" is prose, not a new field.
    return len(label) <= MAX_UNKNOWN_LABEL and current not in {"body", "digest"}


def _one_line(value: str | None) -> str | None:
    return " ".join(value.split()) if value else None


def read_seed(path: Path) -> Seed:
    """Read and parse one seed file; every failure is a SeedError naming the file."""
    try:
        size = path.stat().st_size
        if size > MAX_SEED_BYTES:
            raise SeedError(path, f"{size:,} bytes: larger than {MAX_SEED_BYTES:,}, not one article; split it or remove it")
        data = path.read_bytes()
    except OSError as exc:
        raise SeedError(path, f"cannot read file: {exc.strerror}") from exc
    text, encoding = decode(data, path)
    return parse(text, path, encoding, hashlib.sha256(data).hexdigest())
