"""The event's year, where the report gives it only indirectly, and where it came from.

Most reports write the event's day as `5月23日` and leave the year to the page around them. Extraction
(`extract._event_date`) finds the day; `place_in_year` then looks for the year, in this order:

| `date_source` | where the year is read |
|---|---|
| `text` | next to the date itself (`2024年5月23日`): not an inference |
| `link` | a date in the source link's path (`/2023-04/03/`, `/202304/`, `/2019/0924/`) |
| `dateline` | the publication date opening the article (`2025年3月18日讯`) |
| `event-name` | a year written with the event's name (`2023中国…峰会`, `第五届2024…大会`) |
| `body` | a year stated in the same sentence as the date (`2024年…于5月23日举行`) |
| `seed` | the seed's own fields: a year in the title or in an unknown label's value (`日期：2024-05-23`) |

A year read from a publication date (link, dateline) is the year of the report: an event on a
later month than the report's is taken from the year before (a December event reported in
January). Today's date is never used. An event whose year none of these give keeps `MM-DD` and
`date_source: null`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from urllib.parse import urlparse

from .records import Event

# Not field names of the records (`url`, `name`): a value equal to one would be the same
# interned string as the field's name in a fresh record but not in one read back from the cache,
# and the page cache, which pickles the records, would see a change where there is none.
SOURCES = ("text", "link", "dateline", "event-name", "body", "seed")
# What an event page says about a year it did not read next to the date.
SOURCE_LABELS = {
    "link": "年份据原文链接中的日期推定",
    "dateline": "年份据报道发布日期推定",
    "event-name": "年份据活动名称推定",
    "body": "年份据正文推定",
    "seed": "年份据报道标题或附加字段推定",
}

YEAR = r"(19[89]\d|20\d\d)"
# A date in a link's path: /2023-04/03/, /2023/0724/, /2024/05/24/, /20240524/, /202304/, /t20150814_.
URL_DATE_RE = re.compile(r"(?:^|[/_t])" + YEAR + r"[-/]?(0[1-9]|1[0-2])(?:[-/]?(0[1-9]|[12]\d|3[01]))?(?=[/_.\-]|$)")
DATELINE_YEAR_RE = re.compile(YEAR + r"\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*(?:讯|电|訊|電|消息|报道|報道)")
FIELD_DATE_RE = re.compile(YEAR + r"\s*[-年/.]\s*(\d{1,2})")
BODY_YEAR_RE = re.compile(YEAR + r"\s*年(?!代)")
NAME_YEAR_RE = re.compile(YEAR + r"\s*年?\s*(?:第[\d一二三四五六七八九十百]+[届屆])?\s*$")
DAY_RE = re.compile(r"(?<!\d)(\d{1,2})\s*月\s*(\d{1,2})\s*日")
SENTENCE_END = "。！？!?\n"


def place_in_year(event: Event, text: str, url: str | None, title: str | None, extra: dict[str, str]) -> Event:
    """The event with a full date where its year can be read, and `date_source` saying from where.

    `text` is the article body as written.
    """
    when = event.date
    if not when:
        return replace(event, date_source=None)
    dateline = _dated_dateline(text)
    if dateline and when == dateline[0]:
        # `2025年3月18日讯 … 3月17日，…举行`: the dateline is the report's date, not the event's.
        later = DAY_RE.search(text, dateline[1])
        if later:
            month, day = int(later.group(1)), int(later.group(2))
            year = _year_of_report((int(when[:4]), int(when[5:7])), month)
            return replace(event, date=f"{year:04d}-{month:02d}-{day:02d}", date_source="dateline")
    if len(when) == 10:
        return replace(event, date_source=_source_of_full(when, event.name, text, url))
    month, day = int(when[:2]), int(when[3:])
    for source, year in _years(month, day, event.name, text, url, title, extra):
        return replace(event, date=f"{year:04d}-{month:02d}-{day:02d}", date_source=source)
    return replace(event, date_source=None)


def _dated_dateline(text: str) -> tuple[str, int] | None:
    """The publication date of a dateline with a year (`《澎湃新闻》2025年3月18日讯`) and where it ends."""
    m = DATELINE_YEAR_RE.search(text, 0, 80)
    if not m:
        return None
    year, month, day = int(m.group(1)), int(m.group(2)), int(m.group(3))
    return f"{year:04d}-{month:02d}-{day:02d}", m.end()


def _years(
    month: int, day: int, name: str, text: str, url: str | None, title: str | None, extra: dict[str, str]
) -> Iterator[tuple[str, int]]:
    """Candidate years, most reliable first, each with where it was read."""
    published = url_date(url)
    if published:
        guess = _year_of_report(published, month)
        if guess != published[0] and year_by_name(name, text) == published[0]:
            # 2014年某论坛 on 8月15日 in a link dated 2014/01: the name's year, not the year before
            yield "event-name", published[0]
        yield "link", guess
    dateline = _dated_dateline(text)
    if dateline:
        yield "dateline", _year_of_report((int(dateline[0][:4]), int(dateline[0][5:7])), month)
    year = year_by_name(name, text)
    if year:
        yield "event-name", year
    year = year_in_sentence(month, day, text)
    if year:
        yield "body", year
    for value in [title or "", *(v for _k, v in sorted(extra.items()))]:
        m = FIELD_DATE_RE.search(value) or re.search(YEAR + r"(?!\d)", value)
        if m:
            yield "seed", int(m.group(1))
            break


def _year_of_report(published: tuple[int, int | None], month: int) -> int:
    year, pub_month = published
    return year - 1 if pub_month and month > pub_month else year


def url_date(url: str | None) -> tuple[int, int] | None:
    """(year, month) of a date in the link's path, or None."""
    if not url:
        return None
    try:
        path = urlparse(url).path
    except ValueError:
        return None
    m = URL_DATE_RE.search(path)
    return (int(m.group(1)), int(m.group(2))) if m else None


def year_by_name(name: str, text: str) -> int | None:
    """A year written in or just before the event's name."""
    m = (
        re.match(r"(?:第[^届屆]{1,4}[届屆])?\s*" + YEAR, name)
        or re.search(r"暨\s*" + YEAR, name)  # …论坛暨2017…年会
        or re.search(r"(?<!\d)((?:19|20)\d\d)年(?!\d|\s*\d{1,2}月)", name)  # 中国宇航学会2011年学术年会
    )
    if m:
        return int(m.group(1))
    start = text.find(name) if name else -1
    while start >= 0:
        m = NAME_YEAR_RE.search(text[max(0, start - 12) : start])
        if m:
            return int(m.group(1))
        start = text.find(name, start + 1)
    return None


def year_in_sentence(month: int, day: int, text: str) -> int | None:
    """The year nearest to the date `M月D日` within its sentence, when one is stated there."""
    for m in re.finditer(rf"(?<!\d)0?{month}\s*月\s*0?{day}\s*日", text):
        a = max((text.rfind(c, 0, m.start()) for c in SENTENCE_END), default=-1) + 1
        ends = [k for c in SENTENCE_END if (k := text.find(c, m.end())) >= 0]
        b = min(ends) if ends else len(text)
        years = [(abs(y.start() - m.start()), int(y.group(1))) for y in BODY_YEAR_RE.finditer(text, a, b)]
        if years:
            return min(years)[1]
    return None


def _source_of_full(when: str, name: str, text: str, url: str | None) -> str:
    """Where extraction read the year of a full date."""
    year, month, day = int(when[:4]), int(when[5:7]), int(when[8:])
    if re.search(rf"{year}\s*年\s*0?{month}\s*月\s*0?{day}\s*日|{year}[-/.]0?{month}[-/.]0?{day}(?!\d)", text):
        return "text"
    published = url_date(url)
    if published and published[0] in (year, year + 1):
        return "link"
    if year_by_name(name, text) == year:
        return "event-name"
    return "text"
