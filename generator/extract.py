"""Extraction: one `Seed` -> one `Record` (event, segments, speakers, technologies, digest).

Fields the seed gives are parsed; what it lacks is derived from the body. Every rule runs on a
Simplified copy of the body with the same offsets, so names and organisations are cut from the
article as written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlparse

from . import __version__, dates, tidy
from .chinese import CITIES, CITY_SHORT, HEADING_ENDS, NAME_SUFFIXES, ORG_SUFFIXES, REGIONS, SURNAMES, is_cjk, to_simplified
from .lexicon import GENERIC, Lexicon, load_lexicon
from .people import (
    SPEECH_AFTER,
    SPEECH_RE,
    Decision,
    Intro,
    NameFinder,
    Person,
    addressed_only,
    attending_only,
    ceremony_only,
    cited_only,
    find_intros,
    in_attendee_list,
    is_moderator_context,
    is_word,
    moderator_after,
    occurrence_ends,
    split_affiliation,
)
from .records import Digest, DigestSection, Event, Record, Segment, Source, Speaker, Technology, Title
from .safety import SeedTimeout, bound_record, seed_seconds, time_limit
from .seeds import Seed, SeedError, read_seed
from .terms import find as find_terms
from .terms import technical_keyword
from .words import two_character_non_names


def _rules_fingerprint() -> str:
    """A hash of the code and data extraction depends on (this module, every module it imports and
    the data files they name, computed by generator/cache.py): changing any of it re-extracts every seed."""
    from .codekey import code_key

    return code_key(Path(__file__))[:12]


EXTRACTOR_VERSION = f"{__version__}+{_rules_fingerprint()}+{tidy.RULES_FINGERPRINT}"

# Segment markers, checked on the masked Simplified text. Order matters only for equal starts.
SEGMENT_MARKERS: list[tuple[str, str]] = [
    (
        "opening",
        r"开幕致[辞词]|开场致[辞词]|致开场[辞词白]|开场嘉宾|开幕式|开幕演讲|欢迎致[辞词]|致欢迎[辞词]|致开幕[辞词]|开幕[辞词]|书面致[辞词]|致[辞词]|贺[辞词]|致贺",
    ),
    # 四位报告人：, 分别作了题为“…”的报告 (quotations are blanked before markers are read)
    (
        "keynote",
        r"主旨演讲|主题演讲|专题演讲|主旨报告|主题报告|特邀报告|主旨发言|演讲"
        r"|[一二三四五六七八九十两\d]+位报告人[：:]|(?:作|做|发表)了?(?:题为)?\s*的?报告(?![人者厅会])"
        r"|(?:作|做)了?(?:政策|专题|深入)?(?:解读|宣讲)",  # 就…规划作了解读: a briefing
    ),
    (
        "talk",
        r"主题分享|专题分享|分享环节|嘉宾分享|案例分享|(?:交流|主题|大会|专题|重点|代表|先后|依次|相继|轮流)发言"
        r"|(?:先后|依次|相继|轮流)(?:发表|作)了?(?:讲话|发言)"
        r"|(?:依次|先后|相继|轮番|陆续)(?:登台|上台)|(?:上午|下午|晚间)(?:的)?(?:环节|议程|场次|会议)|(?:上半场|下半场)"
        r"|分论坛(?:上|中|环节)",  # 在“…”分论坛上: a parallel session
    ),
    # 对话 alone is too common ("对话能力"): it marks a segment with a verb or a noun around it.
    (
        "roundtable",
        r"圆桌|对谈|与谈|专题讨论|讨论环节|小组讨论|(?:展开|进行|参与|深入|高端|巅峰|精彩|嘉宾|现场)对话|对话(?:环节|嘉宾|内容|部分|中|时|开始|一开始|会|(?=[：:]))"
        r"|(?:展开|进行)(?:了)?(?:深入|热烈)?(?:研讨|讨论)|访谈|专访|互动讨论|互动交流|交流互动|互动对话",
    ),
    (
        "other",
        r"问答|Q&A|QA环节|提问环节|互动环节|点评|评议|答疑|(?:交流|进行|开展|展开)座谈|座谈交流",
    ),  # 交流座谈: a hearing, not a panel
    (
        "closing",
        r"闭幕致[辞词]|闭幕式|总结致[辞词]|闭幕|总结(?:发言|讲话)|学术总结|大会总结|(?:论坛|会议|活动|大会|峰会|座谈会)(?:的)?最后",
    ),
]
EVENT_CLOSED = re.compile(r"(?:\d日|在[^，。；]{1,8}|圆满|胜利|正式|隆重|顺利|已|将)$")
MARKER_RE = re.compile("|".join(f"(?P<{kind}>{rx})" for kind, rx in SEGMENT_MARKERS))
EVENT_NOUNS = r"演讲会|招待会|团拜会|联谊会|宣讲会|说明会|签约仪式|揭牌仪式|酒会|讲坛|典礼|茶话会|恳谈会|推介会|洽谈会|报告会|读书会|颁奖典礼|启动仪式|大讲堂|交易会|训练营|黑客松|挑战赛|工作坊|研修班|圆桌会议|夜话|高峰会|盛典|论坛|峰会|大会|沙龙|研讨会|博览会|专场|发布会|年会|电影节|艺术节|文化节|会议|交流会|座谈会|节目|展览会|展会|讲座|赛事|大赛|嘉年华|开放日|对话会|分享会|见面会"
QUOTE_SPANS = re.compile(r"“[^“”]*”|「[^「」]*」|《[^《》]*》|『[^『』]*』")
CAPTION_START = re.compile(r"[（(](?:图|圖|图片|摄影|图为|图片说明|图说)[：:／/]|[（(][^（）()]{0,40}?摄[）)]")
# A caption written as a sentence of its own: 图示…, 上图…, 图中…
CAPTION_SENTENCE = re.compile(r"(?:^|(?<=[。！？\n]))\s*(?:图示|上图|下图|左图|右图|图中)[：:，,]?[^。！？\n]*[。！？]?")
# A caption that ends saying its people speak (（图：…分别致辞）, （图为某某发言）).
CAPTION_SPEECH = re.compile(r"(?:分别|先后|依次)?(?:致辞|致词|发言|讲话|演讲|作报告)[）)]")
# 2023年5月15日, 5月15日, 三月十九日, and Taiwan's 民国 years (111年5月15日 = 2022).
_NUM = r"(?:\d{1,2}|[一二三四五六七八九十]{1,3})"
DATE_RE = re.compile(r"(?:(\d{4}|1[0-4]\d)年)?(" + _NUM + r")月(" + _NUM + r")日")
CHINESE_DIGITS = {c: k for k, c in enumerate("〇一二三四五六七八九")}


def _number(text: str) -> int:
    """12, 十二, 二十三, 三十一 as an integer (dates only: up to 31)."""
    if text.isdigit():
        return int(text)
    if "十" not in text:
        return CHINESE_DIGITS.get(text, 0)
    tens, _, ones = text.partition("十")
    return (CHINESE_DIGITS.get(tens, 0) if tens else 1) * 10 + (CHINESE_DIGITS.get(ones, 0) if ones else 0)


def _year(text: str | None) -> str | None:
    """A four-digit year, or a 民国 year (three digits) turned into one."""
    if text is None:
        return None
    return str(int(text) + 1911) if len(text) == 3 else text


DAY_ONLY_RE = re.compile(
    r"(?<![月\d])(\d{1,2})日(?:上午|下午|晚上|晚间|早上|(?=在|于|举行|举办|召开|开幕|拉开帷幕|出席|主持|致辞|宣布|闭幕|落幕))"
    r"|(?<=[昨今前])[（(](\d{1,2})日[）)]"  # 昨（23日）在香港举行
    r"|(?<=[）)\s。])(\d{1,2})日[，,]"  # 中新网广州1月8日电（记者 王坚）8日，…
)
SAME_DAY_RE = re.compile(r"[，,\s]*[^，。；]{0,12}?(?:当天|当日)")
RELATIVE_DAYS = {"昨日": -1, "昨天": -1, "前天": -2, "今日": 0, "今天": 0, "今、明两天": 0, "今明两天": 0, "今明两日": 0}
DATELINE_RE = re.compile(
    r"\s*(?:[\[【](?P<o1>[^\]】]{2,20})[\]】])?(?:《(?P<o2>[^》]{2,20})》|(?P<o3>[\u4e00-\u9fffA-Za-z/／]{2,20}?))?(?:(?P<m>\d{1,2})月(?P<d>\d{1,2})日)?(?:电|讯|電|訊|消息)"
)
# A date the page put before the article: `（2026年1月24日）`, `2020-10-16 11:31:34`.
LEADING_DATE_RE = re.compile(
    r"^\s*(?:[（(](20\d\d)年(\d{1,2})月(\d{1,2})日[）)]|(?:发布(?:时间)?[：:]\s*)?(20\d\d)-(\d{1,2})-(\d{1,2})(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?[^\n。，]{0,30}\n"
    # `2023年02月28日 17:05　来源：某网`: a page's date line, with its time
    r"|(20\d\d)年(\d{1,2})月(\d{1,2})日\s*\d{1,2}:\d{2}(?::\d{2})?[^\n。，]{0,30}\n"
    # `信息来源：某部 | 发布日期：2018-08-10 8月3日…`, `时间：2024-11-7 11:53`: a labelled page date
    r"|[^\n。，]{0,24}?(?:发布日期|发布时间|时间|日期)[：:]\s*(20\d\d)-(\d{1,2})-(\d{1,2})(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?(?=\s))"
)
# Where reporters, editors and photographers are named; the names follow (see _byline_names).
REPORTER_RE = re.compile(r"(?:记者|通讯员|实习生|(?<![\u4e00-\u9fff])(?:编辑|撰文|文|摄影|作者)[／/：:])\s*")
BYLINE_STOP = set("）)摄报电讯/｜|") | set("0123456789")
SENTENCE_END = "。！？!?\n"
QUOTE_RE = re.compile(r"“([^“”]{8,})”|「([^「」]{8,})」")
PRONOUNS = ("他", "她")
CITATION_RE = re.compile(r"正如|援引|引用|引述|曾经?(?:说|表示|指出)过?|所说|名言|常说")


@dataclass(frozen=True)
class Article:
    """The body in two aligned forms and its masked copy for rules."""

    text: str  # as written
    s: str  # Simplified, same length
    masked: str  # Simplified with captions and bylines blanked


def extract(seed: Seed, lexicon: Lexicon | None = None) -> Record:
    return extract_explained(seed, lexicon)[0]


def extract_explained(seed: Seed, lexicon: Lexicon | None = None) -> tuple[Record, list[Decision]]:
    """The record, and for every person named in the article the decision taken and its evidence."""
    lexicon = lexicon or load_lexicon()
    art, reporters, credits_outlet = _prepare(seed.body)
    published = _publication_date(art, seed.url)
    outlet = _outlet(art, seed.url) or credits_outlet
    people, dropped = _people(art, reporters)
    segments, seats = _segments(art, people)
    speakers = _speakers(art, people, seats)
    decisions = [Decision(p.name, "moderator" if p.moderator else "speaker", tuple(p.evidence)) for p in people] + dropped
    event = dates.place_in_year(_event(art, seed, published), art.text, seed.url, seed.title, seed.extra)
    technologies = _technologies(art, seed, lexicon)
    digest = parse_digest(seed.digest)
    title_repaired = repair_title(seed.title, event.name, art.text)
    record = Record(
        id=record_id(seed.path),
        source=Source(
            file=Path(seed.path).name,
            sha256=seed.sha256,
            url=seed.url,
            outlet=outlet,
            reporter=reporters,
            published=published,
            encoding=seed.encoding,
        ),
        title=Title(given=seed.title, repaired=title_repaired),
        event=event,
        summary=_summary(art, tidy.summary_digest(digest)),
        keywords=list(seed.keywords) or _keywords(art),
        industries=list(seed.industries) or _industries(art),
        technologies=technologies,
        digest=digest,
        segments=[Segment(kind, title, [speakers[i].name for i in members]) for kind, title, members in segments],
        speakers=speakers,
        extra=dict(sorted(seed.extra.items())),
        extractor=extractor_key(lexicon),
    )
    return bound_record(tidy.tidy_record(record)), decisions


def extractor_key(lexicon: Lexicon) -> str:
    """What a record was extracted with: the rules and the lexicon (an editor's additions included)."""
    return f"{EXTRACTOR_VERSION}/{lexicon.fingerprint}"


def record_id(path: str) -> str:
    """Records are named after their seed file: stable across runs and unrelated additions."""
    from .slugs import slugify

    return slugify(Path(path).stem, fallback="seed")


# --- preparing the text ---------------------------------------------------------------------


def _prepare(body: str) -> tuple[Article, list[str], str | None]:
    """Blank out captions and bylines (keeping offsets) and collect reporters and the credited outlet."""
    text = body.replace("\r", "")
    s = to_simplified(text)
    chars = list(s)
    reporters: list[str] = []
    outlet = None

    def blank(a: int, b: int) -> None:
        for k in range(a, b):
            if chars[k] != "\n":
                chars[k] = " "

    def take_bylines(a: int, b: int) -> None:
        for m in REPORTER_RE.finditer(s, a, b):
            end = m.end()
            for start, stop in _byline_names(s, m.end(), b):
                reporters.append(text[start:stop])
                end = stop
            if end > m.end():
                blank(m.start(), end)

    for start in [m.start() for m in CAPTION_START.finditer(s)]:
        end = _matching_paren(s, start)
        take_bylines(start, end)
        if CAPTION_SPEECH.search(s, start, end):
            continue  # （图：甲，乙分别致辞）: the photo shows them speaking, evidence like the text's
        blank(start, end)
    for m in CAPTION_SENTENCE.finditer(s):  # 图示某某（左三）、某某等人在研讨会上。: who is in a photo
        if not SPEECH_RE.search(m.group(0)):
            blank(m.start(), m.end())
    for m in re.finditer(r"[（(]([^（）()]{2,40})[）)]", s):
        inner = m.group(1)
        # a bracket closing the article, opened after a sentence (not 副校长（科研发展）)
        at_end = m.end() >= len(s.rstrip()) - 30 and (m.start() == 0 or s[m.start() - 1] in "。！？」”\n \u3000")
        if "记者" in inner:
            take_bylines(m.start(1), m.end(1))
            credited = inner[: inner.index("记者")].strip(" /／")
            if credited and len(credited) <= 12 and outlet is None:
                outlet = text[m.start(1) : m.start(1) + len(credited)]
            blank(m.start(), m.end())
        elif at_end and re.fullmatch(r"[\u4e00-\u9fff]{2,4}(?:[、 ][\u4e00-\u9fff]{2,4})*", inner.strip()):
            reporters += [n for n in re.split(r"[、\s]+", text[m.start(1) : m.end(1)].strip()) if n]
            blank(m.start(), m.end())
        elif inner.startswith(("来源", "來源")):
            outlet = inner.split("：")[-1].split(":")[-1].strip() or None
            blank(m.start(), m.end())
    take_bylines(0, len(s))
    dateline = DATELINE_RE.match(s)
    if dateline and (dateline.group("m") or s[dateline.end() : dateline.end() + 1] in {" ", "\u3000", "（", "(", "【", "["}):
        # "腾讯娱乐讯（文/…）", "新华社北京5月20日电": the outlet's credit, not an introduction
        # (but "台积电资深副总经理…" is a company)
        blank(dateline.start(), dateline.end())
    tail = re.search(r"举报/反馈\s*$", s)
    if tail:
        blank(tail.start(), tail.end())
    # 责任编辑：X, at the start of the body or at its end: the credit and its names, not what follows.
    for m in re.finditer(r"(?:责任编辑|责编|编辑|审核|校对|监制)[：:]\s*((?:[\u4e00-\u9fff]{2,4}[、，, ]?){1,3})", s):
        names = [n for n in re.split(r"[、，, ]+", text[m.start(1) : m.end(1)]) if n]
        reporters += names
        blank(m.start(), m.end())
    return Article(text, s, "".join(chars)), list(dict.fromkeys(reporters)), outlet


def _byline_names(s: str, i: int, limit: int) -> list[tuple[int, int]]:
    """Names after 记者 / 文/ …: two or three characters each, until a city, a date or 摄/电."""
    names: list[tuple[int, int]] = []
    while i < limit:
        while i < limit and s[i] in " 、，,":
            i += 1
        if i + 2 > limit or not all(is_cjk(c) for c in s[i : i + 2]) or CITY_RE.match(s, i):
            break
        if names and (s[i] not in SURNAMES or is_word(s[i : i + 2])):
            break  # 文/赵亮 随后，…: the byline ended with the first name
        after3 = s[i + 3] if i + 3 < limit else "）"
        three = is_cjk(s[i + 2]) if i + 2 < limit else False
        if three and (after3 in BYLINE_STOP or after3 in " 、，," or CITY_RE.match(s, i + 3)) and not CITY_RE.match(s, i + 2):
            length = 3
        else:
            length = 2
        if (
            i + length < limit
            and s[i + length] not in BYLINE_STOP
            and s[i + length] not in " 、，,"
            and not CITY_RE.match(s, i + length)
        ):
            break  # not a name followed by a separator: prose, not a byline
        names.append((i, i + length))
        i += length
        if i < limit and s[i] in BYLINE_STOP:
            break
    return names


def _matching_paren(s: str, start: int) -> int:
    depth = 0
    for k in range(start, len(s)):
        if s[k] in "（(":
            depth += 1
        elif s[k] in "）)":
            depth -= 1
            if depth == 0:
                return k + 1
    return len(s)


# --- people and segments ------------------------------------------------------------------


def _people(art: Article, reporters: list[str]) -> tuple[list[Person], list[Decision]]:
    """Candidates from every introduction rule, then one decision per person with its evidence."""
    finder = NameFinder(art.masked)
    excluded = {to_simplified(r) for r in reporters}
    people: dict[str, Person] = {}
    dropped: list[Decision] = [Decision(r, "reporter", ("named in a byline or credit",)) for r in reporters]
    for intro in find_intros(art.masked, finder):
        if intro.key in excluded:
            continue
        person = people.get(intro.key)
        if person is None:
            person = people[intro.key] = Person(intro.key, art.text[intro.start : intro.end], intro.start)
            if re.search(r"[·•‧・.．]", intro.key) and is_cjk(intro.key[-1]):
                person.aliases.append(re.split(r"[·•‧・.．]", intro.key)[-1])
        person.intros.append(intro)
        tail = 8 if intro.aff_end <= intro.start else 0  # show what follows a name without an affiliation
        person.evidence.append(f"{intro.source}: «{_context(art, intro.aff_start, intro.end + tail)}»")
        if intro.moderator or is_moderator_context(art.masked, intro):
            person.moderator = True
            person.evidence.append("moderates: 主持 next to the name")
        _take_affiliation(art, person, intro)
    speaking = []
    for person in people.values():
        attends = [
            i
            for i in person.intros
            if not i.panel and (attending_only(art.masked, i) or in_attendee_list(art.masked, i) or addressed_only(art.masked, i))
        ]  # 参加讨论的嘉宾有：… names a panel's members, who speak
        ceremonial = [i for i in person.intros if i not in attends and ceremony_only(art.masked, i)]
        cited = [i for i in person.intros if cited_only(art.masked, i)]
        speech = _speech_here(art.masked, person.key)
        if speech is not None:
            person.evidence.append(f"speaks: «{_context(art, speech, speech + len(person.key) + 8)}»")
        silent = SILENT_RE.search(art.masked, person.intros[0].end, _sentence_bounds(art.masked, person.intros[0].end)[1])
        if silent:
            dropped.append(Decision(person.name, "attendee", (*person.evidence, f"said not to speak: «{silent.group(0)}»")))
            continue
        if speech is None and len(attends) + len(ceremonial) == len(person.intros):
            where = (attends or ceremonial)[0]
            what = "only present" if attends else "only at a ceremony (签约, 揭牌…)"
            evidence = (
                *person.evidence,
                f"{what}: «{_context(art, where.aff_start, where.end + 6)}», no speech verb after the name",
            )
            dropped.append(Decision(person.name, "attendee", evidence))
            continue
        if speech is None and len(cited) == len(person.intros):
            evidence = (*person.evidence, "only cited (正如…所说, 曾表示, 据悉…), no speech verb here")
            dropped.append(Decision(person.name, "cited", evidence))
            continue
        if cited and cited[0] is person.intros[0] and len(cited) < len(person.intros):
            # named first inside another's speech (他表示，已委任某某…): seated where introduced for themselves
            person.seated_at = next(i.start for i in person.intros if i not in cited)
        speaking.append(person)
    _moderators_elsewhere(art.masked, speaking)
    _shared_organisations(art.masked, list(people.values()))
    return sorted(speaking, key=lambda p: p.first), dropped


# Offices that exist only inside an organisation (a 总经理 is always somebody's): an entry with
# one of these and no organisation of its own belongs to the one before it.
ORG_BOUND_TITLES = {
    "总经理",
    "副总经理",
    "总裁",
    "副总裁",
    "首席执行官",
    "首席技术官",
    "首席运营官",
    "秘书长",
    "副秘书长",
    "副主席",
    "副会长",
    "副理事长",
    "副院长",
    "副校长",
    "执行董事",
    "董事",
    "总监",
    "副总监",
    "执行长",
    "副董事长",
    "董事长",
}


def _shared_organisations(s: str, people: list[Person]) -> None:
    """`拉力赛主席甲、总经理乙`: an entry with a title only shares the organisation of the entry
    right before it in the list."""
    ends = {i.end: p for p in people for i in p.intros if p.orgs}
    for person in people:
        if person.orgs or not person.titles or any(to_simplified(t) not in ORG_BOUND_TITLES for t in person.titles):
            continue
        for intro in person.intros:
            before = ends.get(_list_entry_before(s, intro.aff_start))
            if before is not None and intro.aff_start < intro.start:
                person.orgs = list(before.orgs)
                break


def _list_entry_before(s: str, start: int) -> int:
    """Where the list entry before the one starting at `start` ends, if only a separator (、, 和, 与,
    及) and perhaps a courtesy title (先生, 女士) stand between: `总裁何涛先生和董事长苏强`."""
    if s[start - 1 : start] not in {"、", "和", "与", "及"}:
        return -1
    start -= 1
    return start - 2 if s[start - 2 : start] in {"先生", "女士"} else start


def _take_affiliation(art: Article, person: Person, intro: Intro) -> None:
    """The organisations of the fullest introduction; titles from every introduction (one report
    may give 董事长 in one place and 主席 in another)."""
    orgs: list[str] = []
    titles: list[str] = []
    for a, b in intro.aff_spans():
        o, t = split_affiliation(art.text[a:b], art.masked[a:b])
        orgs += o
        titles += t
    if len(orgs) + len(titles) > len(person.orgs) + len(person.titles) and (orgs or not person.orgs):
        person.orgs = orgs
    person.titles = list(dict.fromkeys([*person.titles, *titles]))


# `梁振英身兼慶典主禮嘉賓和論壇主題演講嘉賓`: named as a speaker of the event by role.
SPEAKER_ROLE_AFTER = re.compile(r"(?:身兼|作为|担任|出任|是|为)[^，。；]{0,16}?(?:演讲|主讲|发言|分享|报告|致辞)嘉宾")
SILENT_RE = re.compile(r"(?:并未|未曾|没有|未|没)(?:上台)?(?:发言|讲话|致辞|演讲)")


def _context(art: Article, start: int, end: int) -> str:
    """The article's words around a span, on one line, for explanations."""
    return art.text[max(0, start) : min(len(art.text), end)].replace("\n", " ").strip()


def _speech_here(s: str, key: str) -> int | None:
    """Where the name is followed by a speech verb that is not a second-hand citation (曾说, 所说)."""
    for end in occurrence_ends(s, key):
        start = end - len(key)
        suffix = next((x for x in NAME_SUFFIXES if s.startswith(x, end)), "")
        end += len(suffix)  # 白某医生随后发言: the courtesy title, then the verb
        if (SPEECH_AFTER.match(s, end) or SPEAKER_ROLE_AFTER.match(s, end)) and not re.search(
            r"(?:正如|据|援引)[^，。]{0,20}$", s[max(0, start - 24) : start]
        ):
            return start
    return None


MODERATES_AFTER = re.compile(r"(?:担任|出任)?(?:本场|本次)?(?:的)?主持|(?:随后|首先|还)?(?:向[^，。]{1,10})?提问")


def _moderators_elsewhere(s: str, people: list[Person]) -> None:
    """`主持人：X`, `X担任主持`, `X提问` (but `向X提问`: X answers) anywhere in the article: one
    pattern of every name form, one pass over the text (the cost stays linear in the article)."""
    owner: dict[str, Person] = {}
    for person in people:
        for form in (person.key, *person.aliases):
            owner.setdefault(form, person)
    for start, end in _occurrences(s, owner):
        person = owner[s[start:end]]
        if person.moderator:
            continue
        before = s[max(0, start - 4) : start]
        after = MODERATES_AFTER.match(s, end)
        asks = after is not None and "提问" in after.group(0) and not (before[-1:] in "向对问请" and before)
        chairs = after is not None and "主持" in after.group(0) or moderator_after().match(s, end) is not None
        if re.search(r"主持人[：:]?$", before) or chairs or asks:
            person.moderator = True
            person.evidence.append(f"moderates: «{s[max(0, start - 4) : end + 6]}»")


def _occurrences(s: str, forms: dict[str, Person]) -> list[tuple[int, int]]:
    """Spans of the forms in s, left to right, not overlapping, the longest form where several
    begin at one place."""
    found = []
    for form in forms:
        k = s.find(form)
        while k >= 0:
            found.append((k, -len(form)))
            k = s.find(form, k + 1)
    spans, end = [], 0
    for start, neg in sorted(found):
        if start >= end:
            spans.append((start, start - neg))
            end = start - neg
    return spans


# A crowd (200名医院管理者, 数百位嘉宾): what it does is the whole event, not one segment.
CROWD = re.compile(r"(?<!等)(?:\d{2,}|[数几]?[百千]|[一二三四五六七八九十]+[百千])[余多]?(?:名|位|人)")
# A sentence that lists the programme (安排了…等环节, 设有…环节): its markers open no segment.
AGENDA = re.compile(r"(?:安排|设有|设置|设立|包括|包含|分为|涵盖)了?[^。；]{2,40}?等?(?:环节|板块|议程)")


def _markers(s: str) -> list[tuple[int, int, str]]:
    """(start, end, kind) of segment markers outside quotes and book titles."""
    masked = QUOTE_SPANS.sub(lambda m: " " * len(m.group(0)), s)
    found = []
    for m in MARKER_RE.finditer(masked):
        if masked.startswith("结束", m.end()):  # "演讲结束后" closes a segment, it does not open one
            continue
        if m.group(0) == "闭幕" and EVENT_CLOSED.search(masked, max(0, m.start() - 12), m.start()):
            continue  # "论坛30日在福州闭幕": the report says when the event ended, not a closing session
        a, b = _sentence_bounds(masked, m.start())
        agenda = AGENDA.search(masked, a, b)
        if agenda and agenda.start() < m.start():
            continue  # 论坛期间还安排了签约、圆桌讨论等环节: the programme, not the segment itself
        role = re.match(r"人(?![：:])|嘉宾(?![：:])", masked[m.end() : m.end() + 3])
        if (
            role
            and m.lastgroup != "roundtable"
            and (role.group(0) == "人" or re.search(r"担任[^。；]*、", masked[a : m.start()]))
        ):
            continue  # 担任演讲人、主持人和点评嘉宾: roles people take, not a segment
        if m.lastgroup == "roundtable" and CROWD.search(masked, a, m.start()):
            continue  # 200名医院管理者围绕…展开研讨: the whole audience, the event itself
        found.append((m.start(), m.end(), m.lastgroup or "other"))
    # "活动最后，主持人与嘉宾互动问答": the end of the event only marks a closing when nothing
    # else in the sentence says what happened.
    found = [
        (a, b, kind)
        for a, b, kind in found
        if not masked.startswith("最后", b - 2)
        or not any(_sentence_bounds(masked, a) == _sentence_bounds(masked, a2) and (a2, b2) != (a, b) for a2, b2, _k in found)
    ]
    return _narrative_turns(masked, found)


# 随后, 接着 opening a sentence (`某某随后发言` after an address is one more address: dev 15).
NARRATIVE_TURN = re.compile(r"(?:^|(?<=[。！？\n]))\s*(随后|此后|之后|接着|紧接着|其后)")


def _narrative_turns(s: str, found: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """After an opening, a sentence that moves on (随后, 此后, 接着) without a marker of its own
    starts the talks: `随后，部长X说明…` is not one more opening address."""
    out = list(found)
    for m in NARRATIVE_TURN.finditer(s):
        a, b = _sentence_bounds(s, m.start(1))
        if any(a <= start < b for start, _e, _k in found):
            continue
        before = [kind for start, _e, kind in found if start < m.start(1)]
        if before and before[-1] == "opening":
            out.append((m.start(1), m.end(1), "talk"))
    return sorted(out)


def _sentence_bounds(s: str, pos: int) -> tuple[int, int]:
    a = max(s.rfind(c, 0, pos) for c in SENTENCE_END) + 1
    ends = [k for k in (s.find(c, pos) for c in SENTENCE_END) if k >= 0]
    return a, min(ends, default=len(s))


def _segments(art: Article, people: list[Person]) -> tuple[list[tuple[str, str | None, list[int]]], list[set[int]]]:
    """Segments in article order and, for each person, the segment indices they sit in."""
    if not people:
        return [], []
    s = art.masked
    # A marker of a kind seen before returns to that segment: reports come back to a panel.
    blocks: list[tuple[int, str, int, int]] = []  # (segment index, kind, marker start, marker end)
    kinds: list[str] = []
    for start, end, kind in _markers(s):
        if kind not in kinds:
            kinds.append(kind)
        blocks.append((kinds.index(kind), kind, start, end))

    def segment_at(pos: int) -> int | None:
        """The segment a position belongs to: a marker in its own sentence first, else the last one."""
        a, b = _sentence_bounds(s, pos)
        here_before = [index for index, _k, start, _e in blocks if a <= start < pos]
        if here_before:
            return here_before[-1]
        here_after = [index for index, _k, start, _e in blocks if pos < start < b]
        if here_after:
            return here_after[0]
        before = [index for index, _k, start, _e in blocks if start < pos]
        return before[-1] if before else None

    seats: list[set[int]] = []
    for person in people:
        seat: set[int] = set()
        index = segment_at(person.intros[0].start if person.seated_at is None else person.seated_at)
        if index is not None:
            seat.add(index)
        for index, _kind, start, _end in blocks:  # named in a sentence that opens a segment
            a, b = _sentence_bounds(s, start)
            if any(form in s[a:b] for form in (person.key, *person.aliases)):
                seat.add(index)
        if not seat and blocks:
            for form in (person.key, *person.aliases):
                for end in occurrence_ends(s, form):
                    index = segment_at(end - len(form))
                    if index is not None:
                        seat.add(index)
                        break
                if seat:
                    break
        seats.append(seat)
    _lead_segment(s, people, seats, blocks, kinds)
    first_start = {i: min(b[2] for b in blocks if b[0] == i) for i in range(len(kinds))}
    used = sorted({i for seat in seats for i in seat}, key=lambda i: (first_start.get(i, 0), i))
    if not kinds or (not used and people):
        kind = _default_kind(s, people) if not kinds else kinds[0]
        kinds, used, blocks = [kind], [0], [(0, kind, 0, 0)]
        seats = [{0} for _ in people]
    if len(used) == 1:  # one segment: everyone without a seat sits in it
        seats = [seat or {used[0]} for seat in seats]
    renumber = {old: new for new, old in enumerate(used)}
    segments = []
    for old in used:
        title = _segment_title(s, art.text, [b for b in blocks if b[0] == old])
        members = [k for k, seat in enumerate(seats) if old in seat]
        segments.append((kinds[old], title, members))
    seats = [{renumber[i] for i in seat if i in renumber} for seat in seats]
    _questioners(segments, seats, people)
    return segments, seats


def _default_kind(s: str, people: list[Person]) -> str:
    """The kind of an article's only segment when no marker names it: people taking turns to
    speak (发言, 讲话, 作报告) give talks; three or more without such verbs hold a discussion."""
    panel = re.search(r"沙龙|对话|讨论|圆桌|对谈", s)
    if len(people) >= 3 and panel:
        return "roundtable"
    if re.search(r"发言|讲话|报告|演讲|分享", s):
        return "talk"
    return "roundtable" if len(people) >= 3 else "other"


def _lead_segment(s: str, people: list[Person], seats: list[set[int]], blocks: list, kinds: list[str]) -> None:
    """People who speak before the first segment marker, well before it, form a segment of their own.

    (A single roundtable report introduces its guests right before "展开对话": those join it.)
    """
    if not blocks:
        return
    first_marker = blocks[0][2]
    lead = [k for k, p in enumerate(people) if not seats[k] and p.intros[0].start < first_marker and not p.moderator]
    if not lead:
        return
    last_intro = max(people[k].intros[0].start for k in lead)
    between = s[last_intro:first_marker]
    follows_soon = sum(between.count(c) for c in "。！？") <= 1
    if follows_soon and blocks[0][1] not in {"other", "closing"}:
        return  # the marker follows in the next sentence: they belong to it (a Q&A never absorbs talks)
    kind = (
        "opening"
        if any(re.search(r"致[辞词]|开幕", s[p.intros[0].start : p.intros[0].start + 40]) for p in (people[k] for k in lead))
        else "keynote"
    )
    kinds.append(kind)
    index = len(kinds) - 1
    blocks.insert(0, (index, kind, 0, 0))
    for k in lead:
        seats[k].add(index)


def _segment_title(s: str, text: str, blocks: list[tuple[int, str, int, int]]) -> str | None:
    for _index, _kind, start, end in blocks:
        if s[end : end + 1] in {"：", ":"}:
            m = re.match(r"[：:]\s*([^，。；：\n“”]{4,40}?)(?=进入|在|，|。|$)", s[end:])
            if m:
                title_end = end + m.end(1)
                for ending in HEADING_ENDS:  # a heading glued to the next sentence ends here
                    k = s.find(ending, end + m.start(1), title_end)
                    if k >= 0:
                        title_end = min(title_end, k + len(ending))
                return text[end + m.start(1) : title_end].strip()
        a, _b = _sentence_bounds(s, start)
        m = re.search(r"[以就围绕]+“([^”]{2,40})”(?:为题|为主题|进行|展开)", s[a:end])
        if m:
            return text[a + m.start(1) : a + m.end(1)]
    return None


def _questioners(segments: list[tuple[str, str | None, list[int]]], seats: list[set[int]], people: list[Person]) -> None:
    """In a Q&A, the person who appears only there and puts the questions is the moderator."""
    for index, (kind, _title, members) in enumerate(segments):
        if kind != "other" or len(members) < 2:
            continue
        for k in members:
            if seats[k] == {index} and any(len(seats[o]) > 1 or seats[o] != {index} for o in members if o != k):
                people[k].moderator = True


def _speakers(art: Article, people: list[Person], seats: list[set[int]]) -> list[Speaker]:
    quotes, statements = _attributions(art, people)
    out = []
    for k, person in enumerate(people):
        out.append(
            Speaker(
                name=person.name,
                orgs=person.orgs,
                titles=person.titles,
                role="moderator" if person.moderator else "speaker",
                segment=sorted(seats[k]),
                quotes=quotes.get(k, []),
                statements=statements.get(k, []),
            )
        )
    return out


# --- quotes and statements ------------------------------------------------------------------


SENTENCE_MARKS = re.compile("[“「”」" + re.escape(SENTENCE_END) + "]")


def _sentences(s: str) -> list[tuple[int, int]]:
    """Sentence spans; a sentence does not end inside a quotation."""
    spans = []
    start, depth = 0, 0
    for m in SENTENCE_MARKS.finditer(s):  # only the characters that matter, not every character
        ch, k = m.group(0), m.start()
        if ch in "“「":
            depth += 1
        elif ch in "”」":
            depth = max(0, depth - 1)
        elif depth == 0:
            if k + 1 > start:
                spans.append((start, k + 1))
            start = k + 1
    if start < len(s):
        spans.append((start, len(s)))
    return [(a, b) for a, b in spans if s[a:b].strip()]


def _reference_forms(people: list[Person]) -> list[tuple[str, int]]:
    """Full names, aliases and short references (李署长, 徐总) mapped to the person's index."""
    forms: list[tuple[str, int]] = []
    surname_count: dict[str, int] = {}
    for person in people:
        surname_count[person.key[0]] = surname_count.get(person.key[0], 0) + 1
    for k, person in enumerate(people):
        forms.append((person.key, k))
        forms += [(a, k) for a in person.aliases if len(a) >= 2]
        if surname_count[person.key[0]] == 1 and "·" not in person.key:
            for title in [to_simplified(t) for t in person.titles]:
                short = title[-2:] if len(title) >= 2 else title
                forms.append((person.key[0] + short, k))
            forms += [(person.key[0] + "总", k), (person.key[0] + "老师", k)]
    return sorted(forms, key=lambda f: -len(f[0]))


def _attributions(art: Article, people: list[Person]) -> tuple[dict[int, list[str]], dict[int, list[str]]]:
    s = art.masked
    forms = _reference_forms(people)
    matcher = _subject_matcher(forms)
    quotes: dict[int, list[str]] = {}
    statements: dict[int, list[str]] = {}
    subject: int | None = None
    for a, b in _sentences(s):
        sentence = s[a:b]
        named = [(sentence.find(form), k) for form, k in forms if form in sentence]
        named = sorted((pos, k) for pos, k in named if pos >= 0)
        speaker_here = _speaking_subject(sentence, matcher)
        if speaker_here is None and sentence.lstrip().startswith(PRONOUNS) and subject is not None:
            speaker_here = subject
        cited = CITATION_RE.search(sentence) is not None
        for m in QUOTE_RE.finditer(sentence):
            who = _quote_owner(sentence, m, forms)
            if who is None and not cited:  # 正如雷军所说“…”: a citation, not this event's speaker
                who = speaker_here if speaker_here is not None else (subject if not named else None)
            if who is not None:
                quote = art.text[a + m.start() + 1 : a + m.end() - 1].strip()
                _add(quotes, who, quote)
        if speaker_here is not None:
            _add(statements, speaker_here, art.text[a:b].strip())
            subject = speaker_here
        elif named:
            subject = named[0][1]
    return quotes, statements


# After a person's name: the speech verb that makes the name the sentence's speaking subject.
SUBJECT_SPEAKS = re.compile(r"(?:在[^，。“”]{0,14}中)?[，,]?\s*(?:还|也|则|同样|首先|进一步|最后)?" + SPEECH_RE.pattern)
SubjectMatcher = list[tuple[str, int]]


def _subject_matcher(forms: list[tuple[str, int]]) -> SubjectMatcher:
    """The forms `_speaking_subject` looks for, each once, in the list's order. No pattern is
    compiled per article: compiling one cost more than all the searches it served."""
    seen: set[str] = set()
    unique = []
    for form, k in forms:
        if form and form not in seen:
            seen.add(form)
            unique.append((form, k))
    return unique


def _speaking_subject(sentence: str, forms: SubjectMatcher) -> int | None:
    """The person whose form a speech verb follows, leftmost in the sentence (at one position, the
    earliest form of the list)."""
    best: tuple[int, int, int] | None = None
    for order, (form, k) in enumerate(forms):
        i = sentence.find(form)
        while i >= 0 and (best is None or i <= best[0]):
            if SUBJECT_SPEAKS.match(sentence, i + len(form)):
                best = min(best or (i, order, k), (i, order, k))
                break
            i = sentence.find(form, i + 1)
    return best[2] if best else None


def _quote_owner(sentence: str, m: re.Match[str], forms: list[tuple[str, int]]) -> int | None:
    """Who says a quotation: `X说：“…”` names the speaker before it, `“…”X说` after it."""
    before = sentence[max(0, m.start() - 20) : m.start()]

    def named_before() -> int | None:
        for form, k in forms:
            pos = before.rfind(form)
            if pos >= 0 and SPEECH_RE.search(before[pos:]):
                return k
        return None

    if before.rstrip().endswith(("：", ":")):
        who = named_before()
        if who is not None:
            return who
    after = sentence[m.end() : m.end() + 12]
    for form, k in forms:
        if after.startswith(form) or after.lstrip("，, ").startswith(form):
            return k
    return named_before()


def _add(bucket: dict[int, list[str]], k: int, text: str) -> None:
    items = bucket.setdefault(k, [])
    if text and text not in items:
        items.append(text)


# --- event ----------------------------------------------------------------------------------


def _event(art: Article, seed: Seed, published: str | None) -> Event:
    name, name_pos = _event_name(art, seed.title)
    when = _event_date(art, published, name_pos, name)
    city, venue = _city_and_venue(art, name_pos, to_simplified(seed.title or ""))
    if city is None and seed.title:
        city = _title_city(seed.title)
    return Event(
        name=name,
        series=_series(name),
        date=when,
        city=city,
        venue=venue,
        organizers=_organizers(art),
    )


def _with_title_owner(name: str, title: str | None) -> str:
    """`2025年会` when the title says `某协会2025年会`: a name made of a year and a meeting's noun
    takes the organisation the title puts before it."""
    if not title or not re.fullmatch(r"(?:19|20)\d\d年?(?:度)?(?:年会|年會|大会|大會|会员大会|會員大會)", to_simplified(name)):
        return name
    k = title.find(name)
    if k <= 0:
        return name
    owner = re.search(r"[^\s，。：:、｜|！!？?]{2,20}$", title[:k])
    if owner and to_simplified(owner.group(0)).endswith(ORG_SUFFIXES):
        return owner.group(0) + name
    return name


def _title_city(title: str) -> str | None:
    """`…论坛在京召开`, `…在孝感举行`: where the title says the event is held, as written there."""
    s = to_simplified(title)
    m = re.search(r"[在于]([^，。；：！？\s在于]{1,6}?)" + PLACE_VERB, s)
    if not m:
        return None
    place = m.group(1)
    found = CITY_RE.search(place)
    if found and found.group(0) not in REGIONS:  # 在海南召开: a province, not a city
        return title[m.start(1) + found.start() : m.start(1) + found.end()]
    if place in CITY_SHORT:
        return CITY_SHORT[place]
    return title[m.start(1) : m.end(1)] if _bare_place(place) else None


def _event_name(art: Article, title: str | None) -> tuple[str, int]:
    """The event's name: a quoted or plain noun phrase ending in 论坛, 峰会, 大会 …, earliest and most explicit first."""
    s = art.masked
    nouns = EVENT_NOUNS
    candidates: list[tuple[int, int, int, str]] = []  # (priority, position, end, name as written)

    def add(priority: int, start: int, end: int, name: str | None = None) -> None:
        candidates.append((priority, start, end, name if name is not None else art.text[start:end]))

    for m in re.finditer(r"[“「『]([^“”「」『』]{2,60}?(?:" + nouns + r"))[”」』]", s):
        add(0, m.start(1), m.end(1))
    plain = r"((?![和与])(?:[^，。；：、“”「」《》（）【】\[\]\s在于的由是…]|（[^（）]{1,6}）){2,40}(?:" + nouns + r"))"
    for m in re.finditer(
        plain
        + r"(?=[，,]?(?:在|于)|[，,]?(?:举行|举办|召开)|在|于|举行|举办|召开|开幕|揭幕|上|[“「]|期间|现场|昨日|昨天|今日|今天|日前|近日|（"
        + r"|\d{1,2}日(?:上午|下午|晚上)?(?:在|于|举行|举办|召开|开幕))",
        s,
    ):
        add(1, m.start(1), m.end(1))
    for m in re.finditer(r"[“「]([^“”「」]{2,40})[”」](?:《[^》]{1,12}》)?(?:活动|" + nouns + ")", s):
        add(2, m.start(1), m.end(1))
    for m in re.finditer(r"[“「][^“”「」，。！？…]{2,20}[”」][^，。；：、“”「」\s…的为]{1,4}?(?:" + nouns + ")", s):
        add(2, m.start(), m.end())  # 「香港繁榮」高峰論壇: the quoted words and the noun after them
    # 联合举办2017《财富》全球论坛新闻发布会。: what a hosting verb names, up to the clause's end
    held = r"(?:举办|举行|召开|主办|(?<=[\u4e00-\u9fff])办)了?(?![了过一这该此本两几])"
    named = r"((?:[^，。；：、“”「」（）()\s的在于]|《[^》]{1,20}》|（[^（）]{1,6}）){2,40}?(?:" + nouns + r"))(?=[，。；！\s]|$)"
    for m in re.finditer(held + named, s):
        add(1, m.start(1), m.end(1))
    for m in re.finditer(r"《([^《》]{4,60})》(?:" + nouns + ")", s):
        add(2, m.start(1), m.end(1))
    for m in re.finditer(r"以[“「]([^”」]{2,30})[”」]为(?:主题|题)的([^，。；、\s]{0,8}?(?:" + nouns + "))", s):
        add(
            3, m.start(1), m.end(2), art.text[m.start(1) : m.end(1)] + art.text[m.start(2) : m.end(2)]
        )  # 以“AI＋教育”为主题的沙龙

    def demoted(c: tuple[int, int, int, str]) -> tuple[int, int, int, str]:
        """Another event named in passing (去年上海国际电影节期间) ranks after this one, and so does a
        generic reference (成立大会, 这场发布会) or a caption's (图为大会现场); a name the title
        repeats ranks first."""
        prio, start, end, name = c
        passing = s.startswith("期间", end) or re.search(r"(?:去年|前年|往届|上届|此前|曾在|曾于)$", s[max(0, start - 3) : start])
        in_title = bool(title) and end > start and to_simplified(name) in to_simplified(title or "")
        weak = _generic_event_name(to_simplified(name)) or s[max(0, start - 2) : start] == "图为"
        return (prio + (5 if passing else 0) + (4 if weak else 0) - (1 if in_title else 0), start, end, name)

    if title:  # the title's own event names, behind the body's explicit ones
        t = to_simplified(title)
        for m in re.finditer(plain, t):
            if not _generic_event_name(m.group(1)):
                candidates.append((4, 0, 0, title[m.start(1) : m.end(1)]))
    candidates = [demoted(c) for c in candidates]
    if candidates:
        prio, start, end, name = min(candidates)
        chosen = s[start:end]
        for p2, s2, e2, name2 in sorted(candidates):  # 电影节 -> 电影节开幕论坛 when the body has both
            if chosen and p2 <= max(prio, 1) and e2 - s2 > end - start and s[s2:e2].startswith(chosen):
                start, name = s2, name2
                break
        return _with_title_owner(name.strip(), title), start
    if title:
        parts = [p for p in re.split(r"[：:！!，,｜|\s]", title.strip(". …")) if p]
        for part in parts:  # WAVES2025圆桌聊“人”: the part that names the event
            latin = re.search(r"[A-Za-z]{2,}[\w-]*\d{2,4}|\d{4}[A-Za-z]{2,}\w*", part)
            if re.search(nouns, to_simplified(part)) is None and latin:
                return latin.group(0), 0
        head = parts[0] if parts else title
        head = re.sub(r"在\S{1,4}(?:举行|举办|召开|开幕|揭幕|落幕|闭幕)$", "", head) or head
        return head or title, 0
    start = len(s) - len(s.lstrip())  # past a blanked dateline or credit
    end = s.find("。", start)
    end = end if end >= 0 else len(s)
    return art.text[start : min(end, start + 40)].strip(), start


GENERIC_EVENT = re.compile(
    r"(?:.*(?:这场|这次|此次|本次|本届|本场|该|那场|图为))?(?:[\u4e00-\u9fff]{0,2})(?:" + EVENT_NOUNS + r")"
)


# 又一场高规格学术会议: a counted description, not a name
COUNTED_EVENT = re.compile(r"(?:又|另|再)?一[场次届个](?:[\u4e00-\u9fff]{0,8})(?:" + EVENT_NOUNS + r")")


def _generic_event_name(name: str) -> bool:
    """`成立大会`, `高峰论坛`, `借这场发布会`, `又一场学术会议`: a reference to an event, not its name."""
    generic = GENERIC_EVENT.fullmatch(name) is not None or COUNTED_EVENT.fullmatch(name) is not None
    return generic and not re.search(r"\d|[A-Za-z]", name)


def _series(name: str) -> str | None:
    series = re.sub(r"^(?:第[\d一二三四五六七八九十百]+届|\d{4}年?|首届)", "", name)
    series = re.split(r"——|—|-{2}", series)[0].strip()
    return series if series and series != name else (series or None)


def _publication_date(art: Article, url: str | None) -> str | None:
    year = month = day = None
    if url:
        path = urlparse(url).path
        m = re.search(r"/(20\d\d)[/-]?(\d\d)[/-]?(\d\d)(?:/|[^\d])", path)
        if m and 1 <= int(m.group(2)) <= 12 and 1 <= int(m.group(3)) <= 31:
            year, month, day = int(m.group(1)), int(m.group(2)), int(m.group(3))
    lead = LEADING_DATE_RE.match(art.s)
    if lead:
        year, month, day = (int(g) for g in lead.groups() if g)
        if not (1 <= month <= 12 and 1 <= day <= 31):
            year = month = day = None
    m = _dateline_with_day(art.s)
    if m:
        month, day = int(m.group("m")), int(m.group("d"))
    if month is None or day is None:
        return None
    return f"{year:04d}-{month:02d}-{day:02d}" if year else f"{month:02d}-{day:02d}"


def _outlet(art: Article, url: str | None) -> str | None:
    lead = LEADING_DATE_RE.match(art.s)
    m = DATELINE_RE.match(art.s, lead.end() if lead else 0)
    if m:
        for group in ("o1", "o2", "o3"):
            if m.group(group):
                start, end = m.span(group)
                city = re.search("(?:" + CITY_RE.pattern + ")$", art.s[start:end])
                if city and city.start() > 0:  # 新华社杭州6月6日电: the outlet without the dateline city
                    end = start + city.start()
                if art.s[start:end].strip() in LOCAL_OUTLETS:
                    break  # "本报北京电": the outlet is the site the report came from
                return art.text[start:end].strip()
    if url:
        host = urlparse(url).hostname
        return host.removeprefix("www.") if host else None
    return None


def _dateline_with_day(s: str) -> re.Match[str] | None:
    """A dateline with its day (`新华社北京5月20日电`): at the start, after a page's date line, or
    at the start of one of the first lines (after a photo caption)."""
    lead = LEADING_DATE_RE.match(s)
    starts = [lead.end() if lead else 0] + [m.end() for m in re.finditer(r"\n", s[:DATELINE_REACH])]
    for start in starts:
        m = DATELINE_RE.match(s, start)
        if m and m.group("m"):
            return m
    return None


DATELINE_REACH = 300  # characters: a dateline after a caption line or two, not one deep in the text


def _event_date(art: Article, published: str | None, name_pos: int, name: str) -> str | None:
    s = art.masked
    lead = LEADING_DATE_RE.match(art.s)
    skip_until = lead.end() if lead else 0
    dateline = _dateline_with_day(art.s)
    if dateline and dateline.start() <= skip_until + 2:
        skip_until = dateline.end()
    pub_year = int(published[:4]) if published and len(published) == 10 else None
    pub_month = int(published[-5:-3]) if published else None
    candidates: list[tuple[int, str | None, int, int]] = []
    if dateline and dateline.group("m") and SAME_DAY_RE.match(s, dateline.end()):
        # 5月24日消息，华为当天举办…: the dateline's day is the event's
        candidates.append((dateline.start(), None, int(dateline.group("m")), int(dateline.group("d"))))
    for m in DATE_RE.finditer(s, skip_until):
        if dateline and dateline.start() <= m.start() < dateline.end():
            continue  # the dateline's date is the report's
        candidates.append((m.start(), _year(m.group(1)), _number(m.group(2)), _number(m.group(3))))
    if not candidates and published:
        for word, offset in RELATIVE_DAYS.items():
            k = s.find(word)
            if k >= 0 and pub_year:
                day = date.fromisoformat(published) + timedelta(days=offset)
                return day.isoformat()
        m = DAY_ONLY_RE.search(s)
        if m and pub_month:
            candidates.append((m.start(), None, pub_month, int(next(g for g in m.groups() if g))))
    if not candidates:
        return None
    a, b = _sentence_bounds(s, name_pos)
    near = [c for c in candidates if a <= c[0] < b]
    pos, year, month, day = (near or candidates)[0]
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    if year is None:
        # The report's own date beats a year in the name: `2022（第十六届）…大会` met in February 2023.
        m = re.match(r"(?:第[^届]+届)?(20\d\d)", name)
        if pub_year and pub_month:
            year = str(pub_year if month <= pub_month else pub_year - 1)
            named_year = dates.year_by_name(name, art.text)
            if month > pub_month and named_year == pub_year:
                year = str(pub_year)  # 2014年某论坛 on 8月15日, linked under 2014/01: the link is no publication date
            elif month == pub_month and published and day > int(published[-2:]) and named_year == pub_year - 1:
                year = str(pub_year - 1)  # 2011年学术年会 on 12月18日, published 2012-12-07: a year later
        elif m:
            year = m.group(1)
    return f"{int(year):04d}-{month:02d}-{day:02d}" if year else f"{month:02d}-{day:02d}"


LOCAL_OUTLETS = {"本报", "本刊", "本台", "本网", "本站"}
CITY_RE = re.compile("|".join(sorted(CITIES, key=len, reverse=True)))
PLACE_VERB = r"(?:举行|举办|召开|开幕|开幕式|闭幕|落幕|启幕|揭幕|开启|登场|拉开帷幕|策划|录制|发布)"
VENUE_SUFFIX = (
    "厅",
    "中心",
    "酒店",
    "会馆",
    "馆",
    "港",
    "大厦",
    "园",
    "广场",
    "会议室",
    "剧院",
    "校区",
    "大学",
    "学院",
    "基地",
    "小镇",
    "会场",
    "宾馆",
    "饭店",
)


def _city_and_venue(art: Article, name_pos: int, title: str = "") -> tuple[str | None, str | None]:
    s = art.masked
    city = venue = bare = in_venue = None
    for m in re.finditer(r"[在于]([^，。；“”在于]{1,30}?)" + PLACE_VERB, s):
        place = m.group(1)
        found = CITY_RE.search(place)
        if found and city is None and place.startswith(("大学", "学院"), found.end()):
            in_venue = in_venue or found.group(0)  # 在国立中山大学逸仙馆举行: a university's name, weaker
        elif found and city is None:
            city = found.group(0)
            rest = place[found.end() :].strip()
            if len(rest) >= 3 and venue is None and rest.endswith(VENUE_SUFFIX):
                venue = art.text[m.start(1) + found.end() : m.end(1)].strip()
        elif len(place) == 1 and place in CITY_SHORT and city is None:
            city = CITY_SHORT[place]
        elif city is None and (shaped := PLACE_CITY.match(place)):
            city = shaped.group(1)  # 在山东省肥城市举行: a city the tables do not know
        elif city is None and (regional := REGION_CITY.fullmatch(place)) and _bare_place(regional.group(1)):
            city = regional.group(1)  # 在陕西榆林举行: a province, then a city without 市
        elif venue is None and len(place) >= 4 and not found and place.endswith(VENUE_SUFFIX):
            venue = art.text[m.start(1) : m.end(1)].strip()
        elif bare is None and _bare_place(place) and place in title:
            bare = place  # 在孝感举行, in the body and the title: a city the tables do not know
        if city and venue:
            break
    city = city or bare
    if city is None:
        m = re.search(r"[在于](" + CITY_RE.pattern + ")", s)
        if m:
            city = m.group(1)
    if city is None:  # 【记者X/台中市报导】: the reporter's dateline place
        m = re.search(r"[/／](" + CITY_RE.pattern + r")市?(?:报导|报道)", s[:80])
        if m:
            city = m.group(1)
    city = city or in_venue
    if city is None:  # 深圳市委常委…: a known city written as a city
        m = re.search(r"(" + CITY_RE.pattern + r")市", s)
        if m:
            city = m.group(1)
    if city is None:  # 乌镇互联网大会, 金门经济高峰会: a city that names the event
        m = re.search(r"(" + CITY_RE.pattern + r")[^，。；、\s]{0,10}?(?:" + EVENT_NOUNS + ")", s)
        if m:
            city = m.group(1)
    if city is None:
        city = _city_by_shape(s) or _most_named_city(s)
    if city is not None:
        city = _as_written(art, city)
    return city, venue


# Two-character places that are no city (在线上举行, 在现场发布, 在当地召开).
NO_CITY_PLACES = {
    "官邸",
    "总部",
    "母校",
    "会所",
    "本部",
    "校园",
    "线上",
    "线下",
    "网上",
    "云端",
    "会上",
    "会场",
    "现场",
    "室内",
    "户外",
    "校内",
    "园区",
    "本地",
    "当地",
    "同日",
    "当天",
    "此间",
    "期间",
    "国内",
    "海外",
    "境外",
    "全国",
    "各地",
    "京城",
    "两地",
    "异地",
    "本届",
    "今年",
    "去年",
    "当日",
    "次日",
    "近日",
    "日前",
}


def _bare_place(place: str) -> bool:
    """Two or three characters between 在 and 举行 that can only be a place's name."""
    return (
        2 <= len(place) <= 3
        and all(is_cjk(c) for c in place)
        and place not in NO_CITY_PLACES
        and place not in REGIONS  # 在海南举行: a province, not a city
        and place[:2] not in two_character_non_names()
        and place[-2:] not in two_character_non_names()  # 在哈轮流举办
        and not place.endswith(VENUE_SUFFIX)
        and place[0] not in "本该我此其这那各全"
        and place[-1] not in "上中内里间后前时会期区县镇乡村"
    )


# `X市` at the start of a clause: 苏州市“500强”…, 德阳市旌阳区 (not 城市, 超市, 上市, 门市).
# 民革市委会, 农工党市委会: a party's city committee, not a city.
CITY_SHAPE = re.compile(r"(?:^|(?<=[，。、；：“”「」（）()\s]))([\u4e00-\u9fff]{2,3}?)市(?![场民场值]|委会)")


# `山东省肥城市`, `肥城市`: a province perhaps, then a city written as a city.
PLACE_CITY = re.compile(r"(?:[\u4e00-\u9fff]{2,3}?(?:省|自治区))?([\u4e00-\u9fff]{2,3}?)市(?![场民值])")


# Provinces only (两岸, 全国, 海外 are regions but no province: 在两岸轮流举办).
PROVINCES = [r for r in REGIONS[: REGIONS.index("大陆")] if r != "台湾"] if "大陆" in REGIONS else list(REGIONS)
REGION_CITY = re.compile("(?:" + "|".join(sorted(PROVINCES, key=len, reverse=True)) + r")省?([\u4e00-\u9fff]{2,3}?)市?")


def _most_named_city(s: str) -> str | None:
    """A known city the article names at least three times, the most named one: where nothing says
    where the event was, the report is about its city (行政长官…, 澳门的独特优势 …)."""
    counts: dict[str, int] = {}
    for m in CITY_RE.finditer(s):
        counts[m.group(0)] = counts.get(m.group(0), 0) + 1
    best = max(sorted(counts), key=lambda c: counts[c], default=None)
    return best if best is not None and counts[best] >= 3 else None


def _city_by_shape(s: str) -> str | None:
    """A city the tables do not know: `在德阳市旌阳区…举办`, `苏州市…座谈会召开`, or the `X市` the
    article names most (`我市`, `本市` refer to it)."""
    m = re.search(r"[在于]([\u4e00-\u9fff]{2,3}?)市", s)
    if m and m.group(1) not in {"本", "我", "该", "全"}:
        return m.group(1)
    counts: dict[str, int] = {}
    for m in CITY_SHAPE.finditer(s):
        name = m.group(1)
        if (
            name[-1] not in "本我该全各省城超上门股债向对给与和及为从由被将把让"
            and not name.startswith(("本", "我", "全", "各", "在", "于"))
            and name[:2] not in two_character_non_names()  # 一共向市委: an adverb, then 市委
            and name[-1] != "等"  # 沈某、汪某等市领导
        ):
            counts[name] = counts.get(name, 0) + 1
    if counts:
        return max(sorted(counts), key=lambda c: counts[c])
    m = re.search(r"（([\u4e00-\u9fff]{2,3})）", s)  # 中国（绵阳）科技城
    if m and s.count(m.group(1)) >= 3:
        return m.group(1)
    return None


def _as_written(art: Article, simplified: str) -> str:
    k = art.s.find(simplified)
    return art.text[k : k + len(simplified)] if k >= 0 else simplified


ORGANIZER_RE = re.compile(r"由([^。；“”]{2,60}?)(?:共同|联合)?(?:主办|策划|发起|举办|打造)(?!方)")


def _organizers(art: Article) -> list[str]:
    s = art.masked
    found: list[str] = []
    for m in ORGANIZER_RE.finditer(s):
        chunk = re.split(r"在|于|，", m.group(1))[0]
        offset = m.start(1)
        # "由A指导、B主办": only the organisations right before 主办 organise the event.
        guided = list(re.finditer(r"(?:指导|承办|协办|支持|支持单位)[、，]?", chunk))
        if guided:
            cut = guided[-1].end()
            chunk, offset = chunk[cut:], offset + cut
        if not chunk:
            continue
        for part in re.finditer(
            r"(?:[^、与及和]|和(?![^、与及]{0,3}$)(?<![司团院所局厅部委会心校学社台行署馆室组处]和))+", chunk
        ):
            found.append(art.text[offset + part.start() : offset + part.end()].strip())
    for m in re.finditer(r"(?:主办方|东道主|主办单位[为是：:]?)([\u4e00-\u9fffA-Za-z0-9《》]{2,20}?)(?=之|的|，|。|、|邀|$)", s):
        found.append(art.text[m.start(1) : m.end(1)])
    return list(dict.fromkeys(f for f in found if f))


def repair_title(title: str | None, event_name: str, body: str) -> str | None:
    """A title cut short with ... gets its head back from the event name or the body."""
    if not title:
        return None
    stripped = title.strip()
    if not re.match(r"^(\.{2,}|…+)", stripped):
        return stripped
    fragment = re.sub(r"^(\.{2,}|…+)", "", stripped)
    tail_cut = re.search(r"(\.{2,}|…+)$", fragment)
    core = re.sub(r"(\.{2,}|…+)$", "", fragment)
    for source in (event_name, body):
        flat = source.replace("——", "").replace("—", "")
        for length in range(min(len(core), 30), 3, -1):
            piece = core[:length]
            k = flat.find(piece)
            if k > 0:
                head = flat[max(0, k - 20) : k]
                head = re.split(r"[，。；：“”「」《》\s]", head)[-1]
                return head + core + ("…" if tail_cut else "")
    return stripped


# --- technologies, industries, keywords, summary, digest --------------------------------------


def _technologies(art: Article, seed: Seed, lexicon: Lexicon) -> list[Technology]:
    """The seed's AI技术 entries and every lexicon term in the body, keyed by canonical name."""
    found: dict[str, dict] = {}
    sentences = _sentences(art.masked)

    def entry_for(canonical: str, category: str | None) -> dict:
        return found.setdefault(canonical, {"category": category, "forms": {}, "mentions": 0, "sentences": []})

    for given in seed.technologies:
        if to_simplified(given).lower().rstrip("+＋ ") in GENERIC:
            continue
        known = lexicon.canonical(given)
        item = entry_for(known.name if known else given, known.category if known else None)
        item["forms"].setdefault(given, 0)
    # the seed's keywords that name technologies count where the body names them too
    named = (*seed.technologies, *(k for k in seed.keywords if technical_keyword(k, lexicon)))
    for start, end, entry in find_terms(art.masked, lexicon, named):
        item = entry_for(entry.name, entry.category)
        item["mentions"] += 1
        written = art.text[start:end]
        item["forms"][written] = item["forms"].get(written, 0) + 1
        for a, b in sentences:
            if a <= start < b:
                sentence = art.text[a:b].strip()
                if sentence not in item["sentences"] and len(item["sentences"]) < 3:
                    item["sentences"].append(sentence)
                break
    techs = []
    for canonical, v in found.items():
        forms = v["forms"] or {canonical: 0}
        name = max(forms, key=lambda f: (forms[f], f == canonical, len(f), f))
        aliases = sorted(f for f in forms if f != name)
        techs.append(Technology(name, canonical, v["category"], aliases, v["mentions"], v["sentences"]))
    return sorted(techs, key=lambda t: (-t.mentions, t.canonical))


INDUSTRY_WORDS = {
    "影视": "影视",
    "电影": "电影",
    "短剧": "短剧",
    "动画": "动画",
    "游戏": "游戏",
    "汽车": "汽车",
    "医疗": "医疗健康",
    "健康": "医疗健康",
    "金融": "金融",
    "投资": "股权投资",
    "教育": "教育",
    "电信": "电信",
    "通信": "电信",
    "元宇宙": "元宇宙",
    "文旅": "文旅",
    "体育": "体育",
    "音乐": "音乐",
    "出版": "出版",
    "广告": "广告营销",
    "制造": "制造业",
    "能源": "能源",
    "零售": "零售",
    "传媒": "传媒",
}


def _industries(art: Article) -> list[str]:
    counts: dict[str, int] = {}
    for word, industry in INDUSTRY_WORDS.items():
        n = art.masked.count(word)
        if n:
            counts[industry] = counts.get(industry, 0) + n
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    return [name for name, n in ranked[:3] if n >= 2]


def _keywords(art: Article) -> list[str]:
    from .words import keywords

    return [w for w in keywords(art.masked, 6) if len(w) >= 2]


def _summary(art: Article, digest: Digest) -> str:
    if digest.intro:
        return digest.intro.strip()
    body = art.masked.strip()
    spans = _sentences(body)
    out = ""
    for a, b in spans:
        sentence = body[a:b].strip()
        if len(out) + len(sentence) > 160 and out:
            break
        out += sentence
    offset = len(art.masked) - len(art.masked.lstrip())
    k = art.s.find(out[:10], offset) if out else -1
    return art.text[k : k + len(out)].strip() if k >= 0 else out


def parse_digest(digest: str | None) -> Digest:
    """The 重大事件摘要 as intro, numbered sections with bullet points, and a closing line."""
    if not digest:
        return Digest()
    intro: list[str] = []
    outro: list[str] = []
    sections: list[DigestSection] = []
    for line in digest.splitlines():
        stripped = line.strip()
        if not stripped:
            continue
        head = re.match(r"^\d+[.、．]\s*(.+)$", stripped)
        point = re.match(r"^[-*•·]\s*(.+)$", stripped)
        if head:
            title = re.sub(r"\*\*(.+?)\*\*", r"\1", head.group(1)).rstrip("：:").strip()
            sections.append(DigestSection(title, []))
        elif point and sections and not outro:
            sections[-1].points.append(re.sub(r"\*\*(.+?)\*\*", r"\1", point.group(1)).strip())
        elif sections:
            outro.append(stripped)
        else:
            intro.append(stripped)
    return Digest("\n".join(intro) or None, sections, "\n".join(outro) or None)


@dataclass(frozen=True)
class ExtractionTask:
    path: str  # the seed
    record_id: str
    lexicon_file: str | None = None  # the editor's lexicon, or None


@dataclass(frozen=True)
class ExtractionResult:
    path: str
    record: Record | None  # None when the seed could not be extracted
    error: str | None = None
    warnings: tuple[str, ...] = ()


def extract_file(task: ExtractionTask) -> ExtractionResult:
    """Read and extract one seed (in a worker or helper process): one bad article never stops the others."""
    path, rid, lexicon_file = task.path, task.record_id, task.lexicon_file
    try:
        with time_limit(seed_seconds()):
            seed = read_seed(Path(path))
            record = extract(seed, load_lexicon(Path(lexicon_file) if lexicon_file else None))
        return ExtractionResult(path, replace(record, id=rid), None, tuple(seed.warnings))
    except SeedTimeout as exc:
        return ExtractionResult(path, None, f"{path}: {exc}; skipped (raise BRIEFING_SEED_SECONDS to allow it)")
    except SeedError as exc:
        return ExtractionResult(path, None, str(exc))
    except Exception as exc:  # noqa: BLE001
        return ExtractionResult(path, None, f"{path}: could not extract: {type(exc).__name__}: {exc}")


def extract_files(tasks: list[ExtractionTask]) -> list[ExtractionResult]:
    return [extract_file(task) for task in tasks]
