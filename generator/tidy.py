"""Clean-ups applied to an extracted record: text a reader should not see as a sentence.

- A segment heading glued onto the statement after it (`主题分享：AI影视应用的创新与商业化融合之路进入主题分享环节，…`,
  where the article's heading line ran into its first paragraph) loses the heading, in statements,
  technologies' sentences and in the summary; the summary loses a dateline it starts with.
- A technology's example sentence that opens with the dateline and byline
  (`《科创板日报》9月23日讯（记者 马坤帆）9月22日，…`) keeps only the sentence, and a "sentence" that is
  a bare label (`AI技术：`, a heading) is dropped.
- A digest lead-in (`以下是文章中的重大事件总结：`, `重点如下：`, `这篇文章报道了“…”的举办情况。`) is not a summary: `summary_digest`
  hides it from the summary, which is then taken from the body.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

from .records import Digest, Record

# Extraction's version includes this: a change here or in dates.py re-extracts every seed.
RULES_FINGERPRINT = hashlib.sha256(
    b"".join((Path(__file__).parent / n).read_bytes() for n in ("tidy.py", "dates.py"))
).hexdigest()[:8]

HEADING_RE = re.compile(r"^\s*([^：:，。,\s]{2,8})[：:]\s*")
DATELINE_PREFIX_RE = re.compile(
    r"^\s*(?:[\[【][^\]】]{2,20}[\]】])?(?:《[^》]{2,20}》|[\u4e00-\u9fffA-Za-z]{2,20}?)?"
    r"(?:(?:19|20)\d\d\s*年\s*)?\d{1,2}\s*月\s*\d{1,2}\s*日\s*(?:讯|电|訊|電)\s*(?:[（(][^）)]{0,40}[）)])?\s*"
)
LEAD_IN_RE = re.compile(r"(?:如下|以下是|以下為|以下为|总结|總結|要点|要點|重点|重點|摘要)[^。！？]{0,12}[：:]\s*$")


# A sentence that only announces the article: 这篇文章报道了“…论坛”的举办情况。
ANNOUNCE_RE = re.compile(
    r"^(?:这篇|这|本篇|该|本)?(?:文章|本文|篇文章|报道|報導|文)(?:主要)?(?:报道|報導|介绍|介紹|讲述|講述|概述|记录|記錄)了[^。！？]{0,80}?(?:情况|情況|盛况|盛況)[。.]?$"
)


def is_lead_in(text: str | None) -> bool:
    """Whether a digest's intro only announces what follows (`…主要内容如下：`) or the article
    (`这篇文章报道了“…”的举办情况。`)."""
    if not text:
        return False
    return bool(LEAD_IN_RE.search(text.strip()) or ANNOUNCE_RE.match(text.strip()))


def summary_digest(digest: Digest) -> Digest:
    """The digest as the summary should see it: without an intro that is only a lead-in."""
    return replace(digest, intro=None) if is_lead_in(digest.intro) else digest


def without_heading(sentence: str, titles: list[str]) -> str:
    """The sentence without a segment heading (`标签：标题`) glued in front of it."""
    m = HEADING_RE.match(sentence)
    if not m:
        return sentence
    rest = sentence[m.end() :]
    for title in sorted((t for t in titles if t), key=len, reverse=True):
        if rest.startswith(title) and len(rest) > len(title) + 4:
            return rest[len(title) :].lstrip(" 　")
    return sentence


def without_dateline(sentence: str) -> str:
    m = DATELINE_PREFIX_RE.match(sentence)
    return sentence[m.end() :] if m and len(sentence) - m.end() >= 8 else sentence


def is_sentence(text: str) -> bool:
    """Not a bare label or heading: some words, not ending with a colon."""
    stripped = text.strip()
    return len(stripped) >= 8 and not stripped.endswith(("：", ":"))


def tidy_record(record: Record) -> Record:
    titles = [s.title for s in record.segments if s.title]
    speakers = [replace(sp, statements=_unique(without_heading(x, titles) for x in sp.statements)) for sp in record.speakers]
    technologies = [
        replace(
            t,
            sentences=_unique(s for s in (without_dateline(without_heading(x, titles)) for x in t.sentences) if is_sentence(s)),
        )
        for t in record.technologies
    ]
    summary = "".join(without_heading(x, titles) for x in SENTENCE_END_RE.split(record.summary)) if titles else record.summary
    summary = without_dateline(summary)  # a summary taken from the body starts with its dateline
    return replace(record, summary=summary, speakers=speakers, technologies=technologies)


SENTENCE_END_RE = re.compile(r"(?<=[。！？!?])")


def _unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))
