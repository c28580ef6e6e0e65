"""Finding the people an article introduces: names, organisations, titles, and who speaks.

Rules are anchored on job titles (a title right before or after a name introduces a person) and
on `姓名（机构职务）` lists; names are validated by surname and by recurrence in the article, so
pen names and transliterated names that are quoted with speech verbs are found too. All rules run
on Simplified text (`s`) with offsets equal to the original text's.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from .chinese import (
    ATTEND_VERBS,
    CITIES,
    COMPOUND_SURNAMES,
    FREQUENT_SURNAMES,
    GATHER_VERBS,
    HEADING_ENDS,
    JAPANESE_CONTEXT,
    JAPANESE_SURNAMES,
    MARKER_ONLY_TITLES,
    NAME_SUFFIXES,
    ORG_SUFFIXES,
    REGIONS,
    SPEECH_VERBS,
    SURNAMES,
    TITLE_PREFIXES,
    is_cjk,
    title_regex,
    to_simplified,
)
from .words import ORG_END_CHARS  # "和" after one of these joins two organisations

# Characters that end a clause for the purpose of finding where an introduction starts.
CLAUSE_BREAK = set("，。；：！？!?;:\n“”「」『』,")
ENTRY_END = set("，。、；：！？,;:!?\n）)")  # punctuation that closes a list entry
# Characters that may directly follow a complete name.
NAME_END = set("，。、；：！？,.;:!?（）()“”「」『』《》【】 \n\t—-·|｜")
# Words that may follow a name directly ("张彬在", "宋歌先后", "戴勃一起"): where one starts right
# after two characters, the name has two characters.
FOLLOW_WORDS = (
    "在",
    "说",
    "等",
    "与",
    "和",
    "及",
    "也",
    "则",
    "对",
    "为",
    "是",
    "把",
    "将",
    "向",
    "从",
    "以",
    "于",
    "同",
    "就",
    "还",
    "已",
    "曾",
    "都",
    "又",
    "便",
    "即",
    "却",
    "所",
    "被",
    "让",
    "给",
    "跟",
    "的",
    "了",
    "称",
    "表示",
    "认为",
    "指出",
    "介绍",
    "提到",
    "提出",
    "透露",
    "强调",
    "谈到",
    "谈及",
    "担任",
    "发表",
    "发来",
    "发言",
    "出席",
    "致辞",
    "致词",
    "主持",
    "做了",
    "作了",
    "作为",
    "分享",
    "分别",
    "先后",
    "率先",
    "依次",
    "同台",
    "再度",
    "首先",
    "接着",
    "回答",
    "随后",
    "一起",
    "一同",
    "共同",
    "带来",
    "携手",
    "登台",
    "上台",
    "讲话",
    "演讲",
    "坦言",
    "直言",
    "呼吁",
    "建议",
    "认同",
    "补充",
    "总结",
    "回应",
    "解释",
    "现场",
    "目前",
    "进行",
    "展开",
    "围绕",
    "受邀",
    "应邀",
    "参加",
    "亲临",
    "莅临",
    "感谢",
    "代表",
    "通过",
    "指导",
    "致",
    "致欢迎辞",
    "致开幕辞",
    "致闭幕辞",
    "宣读",
    "发布",
    "主讲",
    "作报告",
    "以视频",  # 阿利舍尔·杜拉耶夫以视频方式致辞
    "以线上",
    "以书面",
    "以连线",
    "以远程",
)
FOLLOW_CHARS = {w for w in FOLLOW_WORDS if len(w) == 1}
# Single characters after which a third character is never read as part of the name.
STRONG_FOLLOW = set("在说等与和的了是也则还都")
CITY_NAMES = set(CITIES) | set(REGIONS)  # 成都电视台主播…, 台湾作家…: a place is not a name
LONG_FOLLOW_WORDS = tuple(w for w in FOLLOW_WORDS if len(w) > 1)
# Characters a person's name does not end with: organisation units (文学系, 研究所).
ORG_UNIT_END = set("系部院所处室组局厅署委会团社台站队司科府")
# Common words that begin with a surname character and are not names.
COMMON_WORDS = {
    "齐聚",
    "高度",
    "高达",
    "高端",
    "高层",
    "高校",
    "高效",
    "高速",
    "万元",
    "金额",
    "金融",
    "安全",
    "成为",
    "成立",
    "成功",
    "成本",
    "成果",
    "时间",
    "时代",
    "方面",
    "方式",
    "文化",
    "于是",
    "向前",
    "全国",
    "全球",
    "全面",
    "原因",
    "华为",
    "明年",
    "明确",
    "常态",
    "江湖",
    "石油",
    "白天",
    "强调",
    "强化",
    "和平",
    "和谐",
    "于此",
    "于今",
    "向来",
    "时期",
    "时候",
    "方向",
    "方案",
    "文学",
    "文件",
    "文章",
    "万物",
    "高新",
    "高质",
    "钱塘",
    "黄金",
    "王牌",
    "张力",
    "周年",
    "周期",
    "周边",
    "马上",
    "林业",
    "孙子",
    "朱红",
    "何时",
    "许多",
    "曾经",
    "于近",
    "于日",
    "于本",
    "于去",
    "于上",
    "于下",
    "于昨",
    "于当",
    "于今年",
    "各位",
    "方便",
}
LEAD_WORDS = (
    "以及",
    "包括",
    "邀请了",
    "邀请",
    "请来",
    "了",
    "主讲嘉宾",
    "特邀嘉宾",
    "演讲嘉宾",
    "分享嘉宾",
    "对话嘉宾",
    "嘉宾",
    "分别是",
    "分别为",
    "如",
    "由",
    "与",
    "和",
    "及",
    "同",
    "跟",
    "请",
    "是",
    "为",
    "、",
    "此后",
    "随后",
    "接着",
    "其中",
    "还有",
)
NOT_NAMES = {
    "单位",  # 副会长单位, 成员单位: a member body
    "行业",  # 汽车行业分析师: the field, not a name
    "党组",
    "党委",
    "党工委",
    "团委",
    "纪委",
    "政协",
    "人大",
    "主持",
    "嘉宾",
    "记者",
    "代表",
    "企业",
    "公司",
    "全国",
    "中国",
    "首先",
    "作为",
    "同时",
    "先后",
    "表示",
    "成员",
    "委员",
    # function words that begin with a surname character (总书记关于教育的论述)
    "关于",
    "对于",
    "由于",
    "于是",
    "高度",
    "全面",
    "全体",
    "成为",
    "成功",
    "成立",
    "通过",
}
SPEECH_RE = re.compile("(?:" + "|".join(sorted(SPEECH_VERBS, key=len, reverse=True)) + ")")
# What may stand between a name and its speech verb: 张彬在致辞中表示, 崔世安在开幕礼上致辞, 李四则指出,
# 王五随后从产业的角度发言, 赵六结合自己的经历谈到.
_ADVERB = r"(?:还|也|则|亦|又|进一步|首先|随后|最后|先后|分别|依次|相继|轮流|同样|接着|紧接着|随即)"
BEFORE_SPEECH = (
    r"\s*"
    + r"(?:等(?:\d+|[一二三四五六七八九十]+)?[余多]?[位名]?[\u4e00-\u9fff]{0,3}?(?:专家|嘉宾|代表|学者|人))?"  # 某某等10余位专家随后作大会发言
    + r"(?:"
    + _ADVERB
    + r"){0,2}(?:在[^，。“”]{0,14}?[中上时]|以[“「《][^”」》]{1,40}[”」》]为题|(?:从|结合|围绕|就|针对|以|通过|借助|向|为|对)[^，。；：“”「」]{1,16}?)?[，,]?\s*"
    + r"(?:"
    + _ADVERB
    + r"){0,2}(?:(?:发表|作|做|进行|带来)了?(?:题为[“「《][^”」》]{1,40}[”」》]的|主旨|主题|专题|重要|书面|视频|精彩|[^，。；、“”「」《》\s]{1,10}?)?)?"
)
# Compiled once: patterns built per name would overflow Python's cache of 512 compiled patterns.
# 宓某作主题报告, 宓某发表主旨报告: a report made is a speech (报告厅, 报告会 are places and events).
SPEECH_AFTER = re.compile(
    r"的(?:报告|演讲|发言)?(?:题目|主题)(?:是|为)"  # 某某的题目是《…》: the title of the talk given
    # 某某在致辞中回顾了…, 某某在题为《…》的演讲中指出
    + r"|\s*(?:还|也|则)?在(?:题为)?(?:[《“「][^》”」]{1,40}[》”」])?的?[^，。“”]{0,8}?(?:致辞|致词|讲话|演讲|发言|报告)(?:中|时)"
    + "|"
    + BEFORE_SPEECH
    + "(?:"
    + SPEECH_RE.pattern
    + r"|(?:发表|作|做|带来)了?(?:题为[“「《][^”」》]{1,40}[”」》]的|[^，。；、“”「」《》\s]{0,4}?)报告(?![人者厅会]))"
)
REPORTS_AFTER = re.compile(r"(?:作|做|发表|带来)了?(?:主旨|主题|专题|特邀|大会|学术|精彩)?(?:报告|演讲|发言|致辞)")
SPEECH_SOON = re.compile(r"(?:则|也|还)?在?" + SPEECH_RE.pattern)  # 阿美认为, 亮轩在发言中
TRANSLIT_RE = re.compile(
    r"[\u4e00-\u9fff]{1,6}(?:-[\u4e00-\u9fff]{1,6})?(?:[·•‧・.．][\u4e00-\u9fff]{1,10}(?:-[\u4e00-\u9fff]{1,6})?){1,3}"
)  # 让-弗朗索瓦·加涅, 蒂姆·奥康纳-史密斯
# Latin names: words with hyphens, apostrophes and diacritics, and initials (Anna-Maria Kowalski,
# James T. Chen, Conor O’Brien, José Müller); a single given name only where a title anchors it.
_LATIN_WORD = r"[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿĀ-ſ]*(?:['’\-][A-ZÀ-ÖØ-Þ]?[a-zß-öø-ÿĀ-ſ]+)*"
# Lowercase particles inside a name (Karel van Bommel, Ursula von der Leyen, Luiz da Silva).
_LATIN_PARTICLES = r"(?:(?:van|von|der|den|de|da|di|du|del|della|dos|das|le|la|ter|ten|bin|al)[ \u00a0])*"
_LATIN_MORE = r"(?:[ \u00a0](?:[A-Z]\.|" + _LATIN_PARTICLES + _LATIN_WORD + r"))"
LATIN_RE = re.compile(
    r"(?:(?:[A-Z]\.[ \u00a0]?){1,3}"
    + _LATIN_WORD
    + _LATIN_MORE
    + r"{0,3}|"  # M. T. Vinayan
    + _LATIN_WORD
    + _LATIN_MORE
    + r"{1,3})(?![A-Za-z])"
)
LATIN_SINGLE_RE = re.compile(r"[A-Z][a-zà-öø-ÿ]{2,}(?![A-Za-z])")
_MODERATOR_AFTER = r"(?:担任|出任)?(?:本场|本次|论坛|会议|活动|开幕式|圆桌|对话)?(?:的)?主持"


@lru_cache(maxsize=1)
def moderator_after() -> re.Pattern[str]:
    """What follows a moderator's name: `担任主持`, or a title first (`蒋幼夫教授主持`, `史明德先生主持`)."""
    return re.compile(r"(?:(?:" + title_regex().pattern + r"|先生|女士)\s*)?" + _MODERATOR_AFTER)


@dataclass
class Intro:
    """One place where the article introduces a person."""

    start: int  # name start
    end: int  # name end
    key: str  # Simplified name, the identity within the article
    aff_start: int  # affiliation span (organisations and titles as written); may contain the name
    aff_end: int
    moderator: bool = False
    exact: bool = False  # the affiliation span needs no trimming
    source: str = "title+name"  # which candidate rule found it (shown by `extract --explain`)
    panel: bool = False  # named as a member of a panel (参加讨论的嘉宾有：…): speaking, not attending

    def aff_spans(self) -> list[tuple[int, int]]:
        """The affiliation without the name (`机构姓名职务` has the name in the middle)."""
        if self.aff_start <= self.start < self.aff_end and self.end <= self.aff_end:
            return [(a, b) for a, b in ((self.aff_start, self.start), (self.end, self.aff_end)) if b > a]
        return [(self.aff_start, self.aff_end)] if self.aff_end > self.aff_start else []


@dataclass
class Person:
    key: str
    name: str  # as written in the article
    first: int
    orgs: list[str] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)
    moderator: bool = False
    aliases: list[str] = field(default_factory=list)  # Simplified short forms (奥尔特曼 for 萨姆·奥尔特曼)
    intros: list[Intro] = field(default_factory=list)
    evidence: list[str] = field(default_factory=list)  # why this person is taken, for `extract --explain`
    seated_at: int | None = None  # where the segment is read from, when not the first introduction


@dataclass(frozen=True)
class Decision:
    """What a person named in the article is at this event, and the evidence for it."""

    name: str
    verdict: str  # speaker | moderator | attendee | cited | reporter
    evidence: tuple[str, ...]


class NameFinder:
    """Name boundary decisions for one article, using recurrence counts over its text."""

    def __init__(self, s: str) -> None:
        self.s = s
        self._counts: Counter[str] = Counter()

    def count(self, token: str) -> int:
        if token not in self._counts:
            self._counts[token] = self.s.count(token)
        return self._counts[token]

    def spoken(self, token: str) -> bool:
        """The token is followed by a speech verb somewhere: evidence for an unusual name."""
        return any(SPEECH_AFTER.match(self.s, end) for end in occurrence_ends(self.s, token))

    def name_after(self, i: int) -> int:
        """Length of a name starting at i, or 0."""
        s = self.s
        if i >= len(s):
            return 0
        m = TRANSLIT_RE.match(s, i)
        if m:
            return self._translit_length(i, m.group(0))
        m = LATIN_RE.match(s, i) or LATIN_SINGLE_RE.match(s, i)
        if m:
            return len(m.group(0).rstrip(". "))
        return self._cjk_name(i)

    def _prefers_long(self, i: int, short: int, long_: int) -> bool:
        """Two- or three-character name? Decided by what follows the shorter reading."""
        s = self.s
        rest = s[i + short : i + short + 4]
        if not rest or not is_cjk(rest[0]) or i + long_ > len(s):
            return False
        if rest[0] in FOLLOW_CHARS and rest[1:2] in {"“", "「", "《", "『"}:
            return False  # 刘晶以“新思维”为题: a preposition before a quoted title
        if rest[0] in "和与及同跟" and rest[1:2] and (rest[1] in "与和及同跟等" or rest[1] in ENTRY_END):
            return True  # 邱某和与…, 邱某和、: a connective never stands before another or before punctuation
        if rest[0] in "和与及同跟" and (
            s.startswith(LONG_FOLLOW_WORDS, i + long_)
            or SPEECH_RE.match(s, i + long_)
            or ATTEND_RE.match(s, i + long_)
            or REPORTS_AFTER.match(s, i + long_)
            or (s[i + long_ : i + long_ + 1] == "在" and s[i + long_ + 1 : i + long_ + 2] not in {"座", "场", "线"})
        ):
            return True  # 邰某和先后发言, 金某和在仪式上致辞: nor before an adverb or a verb (but 和在座的)
        if rest[0] in STRONG_FOLLOW or rest.startswith(LONG_FOLLOW_WORDS):
            return False  # 张彬表示, 戴勃一起
        title = title_regex().match(s, i + short)
        if title and title.end() > i + long_:
            return False  # 徐某副理事长: a title begins right after two characters and runs past the third
        c_short, c_long = s[i : i + short], s[i : i + long_]
        if self.count(c_long) >= 2 and self.count(c_long) == self.count(c_short):
            return True  # the longer form is how the article always writes it
        after_long = s[i + long_ : i + long_ + 4]
        if (after_long[:1] and (after_long[0] in NAME_END or after_long[0] == "等")) or after_long.startswith(LONG_FOLLOW_WORDS):
            return True  # 胡广杰出席, 徐大同先后: the longer reading ends where a name ends
        if titles_at(s, i + long_) or REPORTS_AFTER.match(s, i + long_) or s.startswith(NAME_SUFFIXES, i + long_):
            return True  # 项贤明教授主持, 毛宗强作专题报告: a title or a report follows the longer reading
        if is_word(rest[:2]):
            return False  # 赵平完成: the next two characters are a word of their own
        if rest[0] in FOLLOW_CHARS:
            return follows_name(s, i + long_)  # 李四同台 (short) versus 王五同志… (long only if it ends well)
        return True

    def _translit_length(self, i: int, token: str) -> int:
        """萨姆·奥尔特曼近来…: the last part ends where a name can end (安德烈·萨金塞夫、), else it is
        as long as its longest recurring prefix; a title ends it (…·泰拉总领事)."""
        if starts_inside_org_word(self.s, i):
            return 0  # 领事馆佩德罗·…: the name begins after the organisation's word
        head, _, tail = token.rpartition(re.findall(r"[·•‧・.．]", token)[-1])
        if title_regex().search(head):
            return 0  # 委员会主席邦塔·…: a title inside, the name begins after it
        verbs = [m.start() for m in (ATTEND_RE.search(tail, 1), SPEECH_RE.search(tail, 1), title_regex().search(tail, 2)) if m]
        longest = min([len(tail), *verbs])  # 邦塔·泰帕勇出席, written twice: the verb is no part of the name
        tail_at = i + len(head) + 1
        if (
            longest == len(tail) <= 5
            and self.s[i + len(token) : i + len(token) + 1] in ENTRY_END
            and not any(self.s.startswith(LONG_FOLLOW_WORDS, tail_at + k) for k in range(1, len(tail)))
        ):
            return len(token)  # 阿尔弗莱德·斯卡拉，: punctuation ends it, whatever else recurs (佛朗切斯卡)
        for n in range(longest, 1, -1):
            if self.count(tail[:n]) >= 2 and tail[n - 1] not in STRONG_FOLLOW:  # the surname again (史密斯表示)
                return len(head) + 1 + n
        for n in range(1, len(tail) + 1):
            end = i + len(head) + 1 + n
            nxt = self.s[end : end + 1] or "\n"
            if nxt == "-" and is_cjk(self.s[end + 1 : end + 2] or "\n"):
                continue  # 奥乌苏-诺特: a hyphen joins the parts of a surname
            if (
                nxt in NAME_END
                or nxt in STRONG_FOLLOW
                or SPEECH_RE.match(self.s, end)
                or ATTEND_RE.match(self.s, end)  # 邦塔·泰帕勇出席
                or self.s.startswith(LONG_FOLLOW_WORDS, end)
            ):
                return len(head) + 1 + n
        for n in range(len(tail), 1, -1):
            if self.count(tail[:n]) >= 2 or n <= 3:
                return len(head) + 1 + n
        return len(token)

    def _japanese_shape(self, i: int) -> bool:
        """日本医科大学校长弦间昭彦以视频方式致辞: after a Japanese organisation or place, four or five
        characters that end where a name ends, and not sooner, are a Japanese name."""
        s = self.s
        lead = re.split(r"[，、；。！？\n,;：:]", s[max(0, i - 24) : i])[-1]  # the person's own entry
        if not any(word in lead for word in JAPANESE_CONTEXT) or not any(
            m.end() == i for m in title_regex().finditer(s, max(0, i - 10), i)
        ):
            return False
        for length in (4, 5):
            token = s[i : i + length]
            if (
                len(token) == length
                and all(is_cjk(c) for c in token)
                and follows_name(s, i + length)
                and not any(follows_name(s, i + k) or s.startswith(NAME_SUFFIXES, i + k) for k in range(2, length))
                and not any(title_regex().match(s, i + k) for k in range(1, length))
                and not is_word(token[:2])
                and not is_word(token[2:4])
            ):
                return True
        return False

    def _cjk_name(self, i: int) -> int:
        s = self.s
        if s[i : i + 1] in NOT_NAME_START:  # 企业家们的: the plural after a title, not a name
            return 0
        if s.startswith(LONG_FOLLOW_WORDS, i) or SPEECH_RE.match(s, i) or ATTEND_RE.match(s, i):
            return 0  # 董事长应邀…, 副总统致词时, 副司长到会致辞: the verb after a title belongs to a name before it
        if ATTEND_RE.match(s, i + 1):
            return 0  # 在主席台就座: one character before an attendance verb is no name
        japanese = s[i : i + 2] in JAPANESE_SURNAMES or self._japanese_shape(i)
        base = 2 if s[i : i + 2] in COMPOUND_SURNAMES or japanese else 1
        short, long_ = base + 1, base + 2
        cand = s[i : i + short]
        if (
            len(cand) < short
            or not all(is_cjk(c) for c in cand)
            or cand in NOT_NAMES
            or cand in COMMON_WORDS
            or cand in CITY_NAMES
        ):
            return 0
        length = long_ if self._prefers_long(i, short, long_) else short
        if length == 3 and base == 1 and s[i + 1] in SURNAMES and s[i + 3 : i + 4] not in LIST_END:  # 范徐丽泰: two surnames
            c4 = s[i : i + 4]
            if s.startswith(NAME_SUFFIXES, i + 3):
                pass  # 葛明远医生: the courtesy title ends the name
            elif len(c4) == 4 and is_cjk(c4[-1]) and self.count(c4) >= 2 and self.count(c4) == self.count(s[i : i + 3]):
                length = 4
            elif len(c4) == 4 and is_cjk(c4[-1]) and follows_name(s, i + 4) and not follows_name(s, i + 3):
                length = 4  # 陈冯富珍指出: the fourth character is where the name ends
        if base == 2 and japanese and not follows_name(s, i + length):
            five = s[i : i + 5]
            if len(five) == 5 and all(is_cjk(c) for c in five) and follows_name(s, i + 5) and not follows_name(s, i + 4):
                length = 5  # 山本健太郎表示, 中村美智子先后发言: a three-character given name
        name = s[i : i + length]
        if is_non_name(name):
            return 0  # 总书记重要讲话: an adjective after a title
        ends_like_person = s[i + length : i + length + 1] == "等" and name[-1] not in ORG_END_CHARS
        if name[-1] in ORG_UNIT_END and length > 2 and name[:2] not in JAPANESE_SURNAMES and not ends_like_person:
            return 0  # 某某局, 某某司 (森田健司 is a name, and so is 韩某科 in 韩某科等专家发言)
        if EVENT_NOUN_AT.match(s, i + length - 1) or EVENT_NOUN_AT.match(s, i + length - 2):
            return 0  # 高峰论坛: the name would run into an event's noun
        if length == 3 and name[1] == "一" and name[0] == name[2]:
            return 0  # 谈一谈, 看一看: a verb, not a name
        if s[i] in "向在于赴从到去往自" and name[1:] in CITY_NAMES:
            return 0  # 向台湾作家…: a preposition before a place (刘遵义, 孙中山 are names)
        surname_ok = base == 2 or s[i] in SURNAMES
        # Without a known surname: a name the article repeats with speech verbs, or one that a
        # speech verb follows at once (编剧阿美认为) and that is no dictionary word.
        if SPEECH_SOON.match(s, i + 1) and not SPEECH_SOON.match(s, i):
            return 0  # 投资人都在说: an adverb and a verb after a title, no name
        speaks_at_once = length == 2 and s[i] not in FOLLOW_CHARS and SPEECH_SOON.match(s, i + length) is not None
        if not surname_ok and not (self.count(name) >= 2 and self.spoken(name)) and not (speaks_at_once and not is_word(name)):
            return 0
        return length

    def name_before(self, j: int) -> int:
        """Length of a name ending at j (exclusive), or 0: for `姓名（…）` and `机构姓名职务`."""
        s = self.s
        for m in TRANSLIT_RE.finditer(s, max(0, j - 40), j):
            if m.end() == j:
                return j - _after_org_words(s, m.start(), m.start() + len(re.split(r"[·•‧・.．]", m.group(0))[0]))
        for m in LATIN_RE.finditer(s, max(0, j - 24), j):
            if m.end() == j:
                return j - m.start()
        for length in (3, 2, 4):
            start = j - length
            if start < 0:
                continue
            cand = s[start:j]
            if not all(is_cjk(c) for c in cand) or cand in NOT_NAMES or cand in COMMON_WORDS or cand in CITY_NAMES:
                continue
            if is_non_name(cand):
                continue
            if length >= 3 and cand[-1] in ORG_UNIT_END:
                continue
            compound = cand[:2] in COMPOUND_SURNAMES
            if length == 4 and not compound:
                continue
            if length == 3 and s[start] in "和与及跟同" and s[start + 1] in SURNAMES:
                continue
            if (
                length >= 3
                and start > 0
                and is_cjk(s[start - 1])
                and cand[:2] not in COMPOUND_SURNAMES
                and any(s.endswith(suffix, 0, start + 1) for suffix in ORG_SUFFIXES)
            ):
                continue  # 有限公司姜某董事长: the first character ends the organisation (公司), not 司姜某
            if (
                length == 3
                and s[start] in ORG_UNIT_END
                and start > 0
                and is_cjk(s[start - 1])
                and cand[:2] not in COMPOUND_SURNAMES
            ):
                continue  # 装备工业一司汪某副司长: 司 ends the department
            if compound or cand[0] in SURNAMES or (self.count(cand) >= 2 and self.spoken(cand)):
                return length
        return 0


def clause_start(s: str, pos: int, floor: int) -> int:
    i = pos
    while i > floor and s[i - 1] not in CLAUSE_BREAK:
        i -= 1
    return i


# A space between two Chinese characters: headings and sub-headings run into the text that way.
HEADING_GAP = re.compile(r"(?<=[\u4e00-\u9fff])[ \u3000]+(?=[\u4e00-\u9fff])")


def trim_lead(s: str, start: int, end: int) -> int:
    """Move an affiliation start past connectives and descriptive lead-ins ("…的", "——")."""
    while start < end and s[start] in " \t":  # blanked bylines and captions before the clause
        start += 1
    while end > start and s[end - 1] == "的":  # "现任蓝海资本董事长的周启明"
        end -= 1
    aside = re.match(r"[（(][^（）()]{0,30}[）)]\s*[、和与及]?", s[start:end])
    if aside:  # 处长甲某（Sandra Oudkirk）、代表乙某: the aside belongs to the person before
        start += aside.end()
    if s.startswith(("先生", "女士"), start) and s[start + 2 : start + 3] in {"和", "与", "及", "、"}:
        start += 2  # 总裁何涛先生和董事长苏强: the courtesy title belongs to the person before
    gap = HEADING_GAP.search(s, start, end)
    while gap:  # 五方面推动发展 主动对接国家战略 行政长官李某: a heading line glued before the sentence
        start = gap.end()
        gap = HEADING_GAP.search(s, start, end)
    segment = s[start:end]
    if segment.startswith("来自"):  # 来自腾讯文旅的产品总监: the organisation is what 来自 names
        return start + 2
    # A section heading glued to the next sentence ("…商业化之路玲珑证券首席科学家") ends here, and
    # so do lead-ins ("座谈由…", "与谈人包括…", "…的").
    for sep in (
        *HEADING_ENDS,
        *("——", "—", "的", "由", "包括", "包含", "邀请", "特邀", "请来", "迎来", "有请", "邀得", "请到"),
        *("依次是", "依次为", "分别是", "分别为", "得到", "受到", "位是"),  # 从左到右依次是…, 得到…的回应, 第二位是…
    ):
        k = segment.rfind(sep)
        if k >= 0:
            start += k + len(sep)
            segment = s[start:end]
    changed = True
    while changed:
        changed = False
        for word in LEAD_WORDS:
            if segment.startswith(word) and len(segment) > len(word):
                start += len(word)
                segment = s[start:end]
                changed = True
    return start


def find_intros(s: str, finder: NameFinder) -> list[Intro]:
    """Every introduction of a person in the (Simplified, masked) text, in text order."""
    intros: list[Intro] = []
    titles = title_regex()
    for m in titles.finditer(s):
        j = m.end()
        if m.group(0) == "主持人" and s[j : j + 1] in {"：", ":"}:
            j += 1
        while j < len(s) and s[j] == " ":
            j += 1
        quoted = s[j : j + 1] in {"」", "”"} and _quoted_title(s, m.start(), s[j])
        if quoted:
            j += 1  # 前「行政院长」陈某: a title in quotation marks, the name after them
        aside = re.match(r"[（(][^（）()]{1,10}[）)]\s*", s[j : j + 14])  # CEO（首席执行官）John O’Donnell
        if aside and finder.name_after(j + aside.end()):
            j += aside.end()
        via_de = s[j : j + 1] == "的" and m.group(0) != "主持人"  # 现任蓝海资本董事长的周启明
        length = finder.name_after(j + 1) if via_de else finder.name_after(j)
        if length and s[j].isascii() and is_cjk(s[j + length : j + length + 1] or "a"):
            glued = finder.name_after(j + length)  # 副会长Seiichi Nagatsuka永塚诚一: the romanisation, then the name
            if glued and not s[j + length].isascii() and s[j + length] not in "和与及同跟":  # Alex Wolf和…
                j, length = j + length, glued
        if via_de:
            j += 1
            if length and is_word(s[j : j + length]):  # 演员的边界: a word, not a name
                length = 0
        if length and titles.match(s, j):  # 专家主席石定寰: a second title, not a name
            length = 0
        if not length:
            length = _four_character_name(s, j, finder) or _titled_unknown_name(s, j)
        elif length <= 3 and s[j : j + 1] in TRANSLIT_CHARS:
            longer = _titled_unknown_name(s, j)  # 主席贝蒂娜布克、: a transliteration, not 贝蒂娜
            length = longer if longer > 3 else length
        if length and not _name_boundary_ok(s, j, j + length, finder):
            length = _titled_unknown_name(s, j) or length  # 主席卡特琳娜布克、: not 卡特琳
        if length and _name_boundary_ok(s, j, j + length, finder):
            aff_from = s.rfind("「" if s[j - 1] == "」" else "“", 0, m.start() + 1) if quoted else m.start()
            intros.append(Intro(j, j + length, s[j : j + length], aff_from, m.end(), moderator=m.group(0) == "主持人"))
            continue
        _org_name_title(s, m, finder, intros)
    _parenthesised(s, finder, intros)
    _bar_separated(s, finder, intros)
    _as_role(s, finder, intros)
    _speech_subjects(s, finder, intros)
    _name_comma_affiliation(s, finder, intros)
    _list_siblings(s, finder, intros)
    _bare_name_lists(s, finder, intros)
    _listed_speaking(s, finder, intros)
    _affiliated_entries(s, finder, intros)
    _introduced_pair_speaking(s, intros)
    _chaired_by(s, finder, intros)
    _courtesy_after_organisation(s, finder, intros)
    _name_then_affiliation_lines(s, intros)
    intros.sort(key=lambda x: (x.start, -x.end))
    _set_aff_starts(s, intros)
    return _dedupe(intros)


AFFILIATION_LINE = re.compile(r"(?m)^[ \t]*([^\n，。；：:！？、]{2,12}?)([^\n，。；：:！？]{2,40})$")


def _name_then_affiliation_lines(s: str, intros: list[Intro]) -> None:
    """A guest line `邝某启明创投创始主管合伙人` under `对话嘉宾为：`: a name found elsewhere in the
    article (a transcript turn), then organisation and title, nothing else on the line."""
    keys = sorted({i.key for i in intros}, key=len, reverse=True)  # the longest name first
    for m in AFFILIATION_LINE.finditer(s):
        line_start, line_end = m.start(1), m.end(2)
        key = next((k for k in keys if s.startswith(k, line_start)), None)
        if key is None or not (is_cjk(s[line_start + len(key)]) or s[line_start + len(key)].isalpha()):
            continue  # 甲｜机构 职务: the bar-separated shape is _bar_separated's
        if not any(t.end() == line_end for t in title_regex().finditer(s, line_start + len(key), line_end)):
            continue
        end = line_start + len(key)
        intros.append(Intro(line_start, end, key, end, line_end, exact=True, source="name, then affiliation, on its own line"))


COURTESY_AFTER_DE = re.compile(r"的?(?=[\u4e00-\u9fff]{2,3}(?:先生|女士))")


def _courtesy_after_organisation(s: str, finder: NameFinder, intros: list[Intro]) -> None:
    """`外汇管理局法规处的金琴女士`, `德国驻华使馆吕某先生`: an organisation (and 的), then a name with
    a courtesy title and no post: the organisation is the affiliation."""
    for m in COURTESY_AFTER_DE.finditer(s):
        org_end = s[m.start() - 1 : m.start()]
        if not org_end or org_end not in (ORG_UNIT_END if m.group(0) else ORG_UNIT_END | set(ORG_END_CHARS)):
            continue
        j = m.end()
        length = finder.name_after(j)
        if length and s.startswith(("先生", "女士"), j + length) and _bare_name(s[j : j + length]):
            intros.append(Intro(j, j + length, s[j : j + length], m.start(), m.start(), source="organisation的name+courtesy"))


def _quoted_title(s: str, start: int, closing: str) -> bool:
    """The title ending at a closing quotation mark opened just before it, in the same clause."""
    opening = "「" if closing == "」" else "“"
    k = s.rfind(opening, max(0, start - 12), start + 1)
    return k >= 0 and not any(c in "，。；" for c in s[k:start])


# Characters that transliterations of foreign names are made of (贝蒂娜布克, 阿卜杜拉, 斯特凡诺维奇).
TRANSLIT_CHARS = set(
    "阿埃艾爱安昂奥巴拜班卜邦保贝本比彼毕波伯博布查达戴丹道德登迪蒂丁东杜多厄恩法范菲费芬弗福夫盖甘冈戈格古哈海汉豪赫"
    "亨胡华霍基吉加贾杰金卡凯坎康柯科克肯库拉莱兰朗劳勒雷里利莉连林琳卢鲁路伦罗洛马玛迈麦曼梅门米敏莫姆穆纳娜奈南"
    "内尼妮宁纽努诺欧帕佩彭皮珀普齐奇乔切琼萨塞桑瑟森莎沙山舍施什斯松苏索塔泰坦汤特滕提图托瓦万旺威韦维温沃乌西希"
    "谢辛休雅亚扬耶伊因英尤约泽扎詹兹卓佐尔瑞茨蒙丽露娅芙黛廷翰汀柏慕"
)


LIST_END = {"等"}  # 高孔廉等台湾人士: the list's end, not a fourth character of the name


def _titled_unknown_name(s: str, j: int) -> int:
    """`秘书长哈必芭，`, `总经理英格里德先后致辞`: right after a title, a name whose surname the
    tables lack (a foreign name written in characters), ending at punctuation or a verb."""
    if REPORTS_AFTER.match(s, j) or re.match(r"(?:作|做|发表|进行|带来)", s[j : j + 2]) or SPEECH_SOON.match(s, j + 1):
        return 0  # 教授作主旨发言, 投资人都在说: the verb after the title, no name
    run = re.match(r"[\u4e00-\u9fff]{2,8}", s[j : j + 8])  # 阿卜杜勒马赫迪: up to eight
    for n in range(len(run.group(0)) if run else 0, 1, -1):
        token, end = s[j : j + n], j + n
        if n > 3 and not all(c in TRANSLIT_CHARS for c in token):
            continue  # longer than a Chinese name: a transliteration, made of its characters
        at_punctuation = s[end : end + 1] in {"，", "、", "；", "。", ","}
        if not at_punctuation and not (n > 3 and follows_name(s, end)) and not (n == 3 and _ends_three(s, j)):
            continue
        if n > 3:
            return n
        if re.search(r"[谈论话讲辞词议会谢]", token):  # 代表对谈: words of speaking
            return 0
        if (
            n == 3
            and at_punctuation
            and all(c in TRANSLIT_CHARS for c in token)
            and (not is_word(token[1:]) or (token[0] not in SURNAMES and not is_word(token[:2])))
        ):
            return n  # 主席奥利拉、, 总统奥朗德，: a transliteration, whatever word its characters make
        return n if _plausible_unknown_name(token) else 0
    return 0


def _ends_three(s: str, j: int) -> bool:
    """`书记怀进鹏分别发来…`: a verb or connective ends a three-character name, and the third
    character does not begin a word of its own (`编剧阿美认为`: 阿美, then 认为)."""
    if s[j + 3 : j + 4] in FOLLOW_CHARS and not SPEECH_SOON.match(s, j + 3) and not _parallel_entry().match(s, j + 3):
        return False  # 演员加绿幕的形式: a single connective is too weak an end for an unknown name
    return follows_name(s, j + 3) and not SPEECH_RE.match(s, j + 2) and not is_word(s[j + 2 : j + 4])


@lru_cache(maxsize=1)
def _parallel_entry() -> re.Pattern[str]:
    """`代表甲某与澳洲驻台代表乙某`: a connective, then another entry with its own title (before any
    punctuation), so the connective ends a name and joins two introductions."""
    return re.compile(r"[与和及][^，。；、\s]{0,12}?(?:" + title_regex().pattern + ")")


def _four_character_name(s: str, j: int, finder: NameFinder) -> int:
    """After a title, four characters closed by punctuation (大臣枝野幸男、, 主席陳馮富珍表示): a
    Japanese name or a name with two surnames, unless it is a phrase of two dictionary words."""
    token = s[j : j + 4]
    if (
        len(token) < 4
        or not all(is_cjk(c) for c in token)
        or title_regex().search(token)
        or SPEECH_RE.search(token)
        or ATTEND_RE.search(token)
    ):
        return 0
    if token[0] in FOLLOW_CHARS or any(c in "的了在中上时" for c in token[1:]):  # 在致辞中, 致欢迎词
        return 0
    nxt = s[j + 4 : j + 5] or "\n"
    if nxt not in NAME_END and not SPEECH_RE.match(s, j + 4) and not SPEECH_SOON.match(s, j + 4):
        return 0  # 社长枝野幸男在演讲中表示: a speech soon after ends the name too
    if (is_word(token[:2]) and is_word(token[2:])) or token[:2] in COMMON_WORDS:
        return 0  # 有限公司: two words; 佐野幸太 (a surname in the dictionary, a given name) is a name
    double_surname = token[0] in SURNAMES and token[1] in SURNAMES  # 陈冯富珍
    japanese = token[3] in "男郎子太夫雄彦介树美一二三助也人吉治司平哉" or token[:2] in JAPANESE_SURNAMES  # 枝野幸男
    if not (double_surname or japanese):
        return 0  # 进行对谈, 传统车企: phrases, not names
    return 4


def is_word(token: str) -> bool:
    """A two-character word in jieba's dictionary."""
    from .words import two_character_words

    return len(token) == 2 and token in two_character_words()


def _after_org_words(s: str, start: int, dot: int) -> int:
    """Where a transliterated name begins in `领事馆佩德罗·…`: after the last organisation's word
    that ends before its first dot."""
    for k in range(dot - 2, start - 1, -1):  # at least two characters of the name stay
        if starts_inside_org_word(s, k) or (k - start >= 2 and (s[k] in ORG_UNIT_END or s[k] in ORG_END_CHARS)):
            return k + 1  # 领事馆佩德罗·…, 物理系萨拉·…
    return start


def starts_inside_org_word(s: str, i: int) -> bool:
    """s[i] ends an organisation's word that began before it (领事馆, 办事处): no name starts there."""
    from .words import organisation_words

    return s[i : i + 1] in ORG_END_CHARS and any(s[i - k : i + 1] in organisation_words() for k in (1, 2, 3) if i >= k)


def is_non_name(token: str) -> bool:
    """A common two-character word that is no noun (重要, 提出): never a name."""
    from .words import two_character_non_names

    return len(token) == 2 and token in two_character_non_names()


def follows_name(s: str, end: int) -> bool:
    """What comes at `end` can follow a complete name: punctuation or a verb or connective."""
    nxt = s[end : end + 1] or "\n"
    return (
        nxt in NAME_END
        or nxt == "等"  # 某某等10余位专家: a list's end
        or s.startswith(FOLLOW_WORDS, end)
        or bool(SPEECH_RE.match(s, end))
        or bool(REPORTS_AFTER.match(s, end))
        or bool(ATTEND_RE.match(s, end))  # 冯某到会并致开幕辞
    )


def _name_boundary_ok(s: str, start: int, end: int, finder: NameFinder) -> bool:
    if s[start] in "和与及同跟":  # 首席执行官和联合创始人: a conjunction, not the surname 和
        return False
    title = title_regex().match(s, end)
    if title and title.group(0) == "代表":
        title = None  # 市长范某代表市政府作了推介: after a name, 代表 is the verb
    if title and not s.startswith(NAME_SUFFIXES, end):  # a name is not followed by another title
        return False
    if follows_name(s, end) or is_word(s[end : end + 2]):
        return True
    if " " in s[start:end] and LATIN_RE.fullmatch(s, start, end) and not s[end : end + 1].isascii():
        return True  # 主席Alex Wolf和…: a Latin name of several words ends where the Latin script does
    if any(s.startswith(suffix, end) for suffix in NAME_SUFFIXES):
        return True
    return finder.count(s[start:end]) >= 2


INVITING = ("邀请", "邀请了", "请到", "请来", "特邀", "由", "迎来")


def _org_name_title(s: str, m: re.Match[str], finder: NameFinder, intros: list[Intro]) -> None:
    """`机构 + 姓名 + 职务` (世新大学陈清河校长表示): a name between an organisation and a title."""
    if not follows_name(s, m.end()):
        return
    title_start = _prefixed_start(s, m.start())  # 曾某名誉会长: the prefix is the title's
    length = finder.name_before(title_start) or _unknown_name_after_org(s, title_start)
    if not length or (length > 4 and not TRANSLIT_RE.fullmatch(s, title_start - length, title_start)):
        return
    start = title_start - length
    if s[title_start - 1] in ORG_UNIT_END and length == 2:
        return  # 区委副书记: an organisation's short name, not 区 + a given name
    before = s[clause_start(s, start, 0) : start]
    if before.endswith("的"):  # 复旦大学的张军教授
        before = before[:-1]
    before = re.sub(r"[（(][^（）()]{1,12}[）)]$", "", before)  # 中央党校（国家行政学院）某教授
    # 钟南山院士、王辰院士; 某某先生和周某院长: a list of names with titles
    after_person = before.endswith(("和", "与", "及", "、")) and (
        before[:-1].endswith(NAME_SUFFIXES) or _ends_with_person(s, 0, start - 1, finder)
    )
    listed = before.endswith("、") or after_person
    invited = before.endswith(INVITING)  # 特别邀请赖清德总统亲临致辞
    if listed or invited:
        before = ""
    if before and not before.endswith(ORG_SUFFIXES):
        return
    name = s[start:title_start]
    if title_regex().fullmatch(name):
        return  # 与谈专家认为: a title, not a name
    if finder.count(name) < 2 and not before and not invited and not (after_person and SPEECH_AFTER.match(s, m.end())):
        return  # once, in a list: only when the list goes on to speak (…和周某院长依次作报告)
    floor = clause_start(s, start, 0)
    sep = s.rfind("、", floor, start)
    if sep > 0 and _ends_with_person(s, floor, sep, finder):
        floor = sep + 1  # 甲院韩某院士、乙台王某研究员: the entry's own organisation, not the one before
    floor = max(floor, _after_previous_person(s, floor, start, intros))
    aff_start = start if listed else trim_lead(s, floor, start - (s[start - 1 : start] == "的"))
    intros.append(Intro(start, title_start, name, aff_start, m.end(), source="org+name+title"))


def _after_previous_person(s: str, floor: int, start: int, intros: list[Intro]) -> int:
    """Past a person introduced earlier in the clause and the connective after them (`院长曾某博士和
    发改委覃某主任科员`): where the next entry's organisation can begin, or floor."""
    ends = [i.end for i in intros if floor <= i.end < start]
    if not ends:
        return floor
    k = max(ends)
    k += len(next((x for x in NAME_SUFFIXES if s.startswith(x, k)), ""))
    return k + 1 if s[k : k + 1] in {"和", "与", "及", "、", "，"} else floor


def _prefixed_start(s: str, title_start: int) -> int:
    """Where a title begins with the words that make it more specific (名誉, 常务)."""
    for prefix in TITLE_PREFIXES:
        if s.startswith(prefix, title_start - len(prefix)):
            return title_start - len(prefix)
    return title_start


def _unknown_name_after_org(s: str, title_start: int) -> int:
    """`研究所巨永林教授`: three characters between an organisation's last character and a title,
    a name whose surname the tables lack."""
    token = s[title_start - 3 : title_start]
    org_end = s[title_start - 4 : title_start - 3]
    return 3 if org_end and org_end in ORG_END_CHARS and _plausible_unknown_name(token) else 0


def _ends_with_person(s: str, a: int, b: int, finder: NameFinder) -> bool:
    """s[a:b] ends with a name, or a name and its title (an entry of a list of people)."""
    end = b
    for t in title_regex().finditer(s, a, b):
        if t.end() == b:
            end = t.start()
    length = finder.name_before(end)
    return bool(length) and end - length >= a and s[end - length] in SURNAMES


def _parenthesised(s: str, finder: NameFinder, intros: list[Intro]) -> None:
    """`姓名（机构职务）`, also with nested parentheses inside the organisation. In a list of such
    entries (`甲（…）、乙（…）和丙（…）`) an entry whose brackets end without a title counts too."""
    titles = title_regex()
    entries = []  # (name start, open bracket, close bracket, ends with a title)
    for m in re.finditer(r"（((?:[^（）]|（[^（）]*）){2,80}?)）", s):
        inner = m.group(1)
        last = None
        for t in titles.finditer(inner):
            last = t
        length = finder.name_before(m.start())
        if length:
            entries.append((m.start() - length, m.start(), m.end(), last is not None and len(inner) - last.end() <= 4))
    for k, (start, open_, close, titled) in enumerate(entries):
        listed = any(
            other[3] and re.fullmatch(r"[、，,和及与]|以及", s[min(close, other[2]) : max(start, other[0])])
            for other in entries[max(0, k - 1) : k + 2]
            if other[0] != start
        )
        if not (titled or listed):
            continue
        moderator = bool(re.search(r"主持(?:人)?[：:]?$", s[max(0, start - 5) : start]))
        intros.append(Intro(start, open_, s[start:open_], open_ + 1, close - 1, moderator, source="name(affiliation)"))


def _bar_separated(s: str, finder: NameFinder, intros: list[Intro]) -> None:
    """`姓名｜机构 职务` (a caption or list line): the affiliation runs to the end of the clause."""
    titles = title_regex()
    for m in re.finditer(r"[｜|]\s*([^｜|，。；\n]{2,60})", s):
        inner = m.group(1).rstrip()
        if not any(t.end() >= len(inner) - 1 for t in titles.finditer(inner)):
            continue
        j = m.start()
        while j > 0 and s[j - 1] == " ":
            j -= 1
        length = finder.name_before(j)
        if length:
            start = j - length
            intros.append(Intro(start, j, s[start:j], m.start(1), m.start(1) + len(inner), exact=True, source="name|affiliation"))


def _as_role(s: str, finder: NameFinder, intros: list[Intro]) -> None:
    """`作为OpenAI的首席执行官和联合创始人，萨姆·奥尔特曼…`: the role stated before the name."""
    titles = title_regex()
    for m in re.finditer(r"作为([^，。；]{2,60})[，,]", s):
        role = m.group(1)
        if not any(t.end() == len(role) for t in titles.finditer(role)):
            continue
        length = finder.name_after(m.end())
        if length:
            name = s[m.end() : m.end() + length]
            intros.append(Intro(m.end(), m.end() + length, name, m.start(1), m.end(1), exact=True, source="作为+role"))


EVENT_NOUN_AT = re.compile("论坛|峰会|大会|会议|沙龙")
NOT_NAME_START = set("们的了着过之其此该每各等暨")  # 博士等人的陪同下; 副校长暨院长: 暨 joins two posts
# Forms of address after a surname (钟师傅, 王阿姨): a way of referring to someone, not a full name.
HONORIFICS = ("师傅", "同学", "阿姨", "大爷", "大妈", "小姐", "大姐", "大哥", "老板", "总监", "经理", "同志")
CLAUSE_LEAD = re.compile(r"\s*(?:随后|接着|最后|同时|此外|另外|其中|而|对此|会上|会议上|现场|以及|还有)?[，,]?\s*")


def _speech_subjects(s: str, finder: NameFinder, intros: list[Intro]) -> None:
    """A name that opens a clause and is followed by a speech verb (王丽坤则谈到…), with no title
    in sight: a candidate whose evidence is the speech itself."""
    speech = _titled_speech()
    for m in re.finditer(r"(?:^|(?<=[。！？；，,、\n：:]))", s):
        i = CLAUSE_LEAD.match(s, m.end()).end()  # type: ignore[union-attr]
        length = _subject_name(s, i, finder)
        said = speech.match(s, i + length) if length else None
        if said and not cited_after(s, i + length):
            title = title_regex().match(s, i + length)  # 甘子钊院士的报告: the title is his
            aff_end = title.end() if title else i
            intros.append(
                Intro(i, i + length, s[i : i + length], i + length if title else i, aff_end, exact=True, source="speech verb")
            )
    _transcript_turns(s, finder, intros)


@lru_cache(maxsize=1)
def _titled_speech() -> re.Pattern[str]:
    """A speech verb after a name, perhaps with a title between (甘子钊院士的报告, 陈志鸿教授发表…演讲)."""
    return re.compile(
        r"(?:" + title_regex().pattern + r")?的?(?:" + BEFORE_SPEECH + SPEECH_RE.pattern + "|(?:报告|演讲|致辞|讲话)(?![人者厅]))"
    )


def occurrence_ends(s: str, token: str) -> list[int]:
    """Where each occurrence of token ends in s."""
    ends, k = [], s.find(token)
    while k >= 0:
        ends.append(k + len(token))
        k = s.find(token, k + 1)
    return ends


def _list_siblings(s: str, finder: NameFinder, intros: list[Intro]) -> None:
    """Names listed right after an introduced person (`导演安德烈·萨金塞夫、金依萌等`): they share
    the list's fate (speaking or attending), without an affiliation of their own."""
    for intro in list(intros):
        end = intro.end
        while s[end : end + 1] in {"、", "和", "与", "及"}:
            length = finder.name_after(end + 1)
            name_end = end + 1 + length
            if not length or not (s[name_end : name_end + 1] in {"、", "等", "，", "和", "及"} or follows_name(s, name_end)):
                break
            token = s[end + 1 : name_end]
            if is_word(token) or titles_at(s, end + 1) or titles_at(s, name_end):
                break  # 、副总裁王五: the next entry has its own introduction
            intros.append(Intro(end + 1, name_end, token, end + 1, end + 1, exact=True, source=f"listed with {intro.key}"))
            end = name_end


COUNTED_SPEAKERS = re.compile(
    r"等?[两二三四五六七八九十\d]+(?:位|名)[^，。；]{0,8}?(?:嘉宾|专家|学者|代表|院士|教授|企业家)?(?:分别|先后|依次|相继)?"
    r"(?:作|做|发表|进行|带来)?了?[^，。；]{0,6}?(?:报告|演讲|发言|分享|致辞|讲话)"
)


def _bare_name_lists(s: str, finder: NameFinder, intros: list[Intro]) -> None:
    """`甲、乙、丙三位专家分别作报告`: names listed without titles, counted and then speaking."""
    for m in COUNTED_SPEAKERS.finditer(s):
        end = m.start()
        found = []
        while True:
            length = finder.name_before(end)
            if not length:
                break
            start = end - length
            found.append((start, end))
            if s[start - 1 : start] not in {"、", "和", "与", "及"}:
                break
            end = start - 1
        if len(found) >= 2:
            a, b = _group_title(s, m.start())
            for start, stop in found:
                intros.append(Intro(start, stop, s[start:stop], a, b, exact=True, source="counted list with a speech verb"))


LIST_JOINS = {"、", "和", "与", "及"}
# What may stand before a list of names that is the subject of its clause: the clause's start, a
# title or a word for people (两岸文学名家甲、乙…, 评论家甲、乙…).
PEOPLE_NOUN_END = ("家", "者", "人士", "学者", "嘉宾", "代表", "专家", "校友", "同仁")
# Said in writing or at another time, not at this event (甲、乙等联名发出公开信，呼吁…).
WRITTEN = re.compile(r"联名|公开信|撰文|发文|来信|贺信|曾经?|此前|早前|以前")
LIST_SPEECH_GAP = 40  # characters between a list's end and its speech verb, within the sentence


def _name_chains(s: str, finder: NameFinder) -> list[list[tuple[int, int]]]:
    """Runs of two or more bare names joined by 、 (the last perhaps by 和/与/及), each a name with a
    known surname that is no dictionary word, ending where a name can end."""
    chains: list[list[tuple[int, int]]] = []
    for m in re.finditer("、", s):
        p = m.start()
        if chains and chains[-1][-1][1] == p:
            continue  # this 、 continues a chain already read
        length = finder.name_before(p) or _leading_token(s, p)
        if not length or length > 4:
            continue
        chain = [(p - length, p)]
        end = p
        while s[end : end + 1] in LIST_JOINS:
            n = finder.name_after(end + 1) or _listed_token(s, end + 1)
            stop = end + 1 + n
            ends = (
                s[stop : stop + 1] in LIST_JOINS | {"等", "，", "。", "；"}
                or follows_name(s, stop)
                or is_word(s[stop : stop + 2])
            )
            if not n or n > 4 or not ends:
                break
            chain.append((end + 1, stop))
            end = stop
        names = [s[a:b] for a, b in chain]
        known = sum(_bare_name(n) for n in names)
        if len(chain) >= 2 and known >= 2 and all(_bare_name(n) or _unknown_name(n) for n in names):
            chains.append(chain)
    return chains


def _listed_token(s: str, i: int) -> int:
    """A whole entry between two 、 of a list (须文蔚、鸿鸿、): a name whose surname the tables lack."""
    m = re.match(r"[\u4e00-\u9fff]{2,3}(?=、)", s[i : i + 4])
    return len(m.group(0)) if m and _unknown_name(m.group(0)) and not titles_at(s, i) else 0


def _leading_token(s: str, p: int) -> int:
    """The first entry of a list when it is the whole clause before the 、 (丹朱、张三、…): a name
    whose surname the tables lack, which no finder reads backwards."""
    start = clause_start(s, p, max(0, p - 4))
    if start > 0 and s[start - 1] not in CLAUSE_BREAK:
        return 0  # more than a name before the 、
    return p - start if _unknown_name(s[start:p]) else 0


def _plausible_unknown_name(token: str) -> bool:
    """An unknown name that does not end in a word or an organisation's last character (科达利励建炬, 哈必芭)."""
    return _unknown_name(token) and not is_word(token[-2:]) and token[-1] not in ORG_END_CHARS


def _unknown_name(token: str) -> bool:
    return (
        all(is_cjk(c) for c in token)
        and 2 <= len(token) <= 3
        and not is_word(token)
        and not is_word(token[:2])
        and token not in COMMON_WORDS
        and token not in NOT_NAMES
        and token not in CITY_NAMES
        and not title_regex().search(token)
    )


def _bare_name(token: str) -> bool:
    return (
        not is_word(token)
        and token not in COMMON_WORDS
        and token not in NOT_NAMES
        and (token[0] in SURNAMES or token[:2] in COMPOUND_SURNAMES)
    )


def _listed_speaking(s: str, finder: NameFinder, intros: list[Intro]) -> None:
    """`甲、乙、丙等也分别介绍了…`: a list of bare names that is its clause's subject, followed in the
    same sentence by a speech verb with no attendance verb before it."""
    titles = title_regex()
    for chain in _name_chains(s, finder):
        first, last = chain[0][0], chain[-1][1]
        lead = s[clause_start(s, first, 0) : first]
        lead = CLAUSE_LEAD.sub("", lead, count=1) if lead else lead
        titled = any(t.end() == len(lead) for t in titles.finditer(lead))
        group = _group_after(s, last)
        joined = lead.endswith(("与", "和", "同")) and lead[:-1].endswith((*PEOPLE_NOUN_END, "院士"))
        if lead.endswith(("与", "和", "同")) and group and _group_speaks(s, last, group):
            pass  # 与甲、乙等企业家代表座谈…企业家们踊跃发言: the group they stand for speaks
        elif joined and _speaks_after(s, last):
            pass  # 甲、乙三位院士与丙、丁等人士进行对话: the second half of a joint subject
        elif lead and not titled and not lead.endswith(PEOPLE_NOUN_END):
            continue
        elif not _speaks_after(s, last):
            continue
        ga, gb = _group_title(s, last)
        for a, b in chain:
            intros.append(Intro(a, b, s[a:b], ga, gb, exact=True, source="named list with a speech verb"))


def _introduced_pair_speaking(s: str, intros: list[Intro]) -> None:
    """`随后，甲和乙分别以《…》为题作报告`: two people introduced elsewhere, the subject of a clause,
    joined by 和/与/及 and followed in the sentence by a speech verb: both speak here."""
    keys = {i.key for i in intros}
    if len(keys) < 2:
        return
    pattern = "|".join(re.escape(k) for k in sorted(keys, key=len, reverse=True))
    for m in re.finditer(f"({pattern})[和与及]({pattern})", s):
        lead = s[clause_start(s, m.start(), 0) : m.start()]
        if CLAUSE_LEAD.sub("", lead, count=1).strip() or m.group(1) == m.group(2) or not _speaks_after(s, m.end()):
            continue
        for k in (1, 2):
            a, b = m.span(k)
            intros.append(Intro(a, b, s[a:b], a, a, exact=True, source="introduced pair with a speech verb"))


GROUP_COUNT = re.compile(r"等?(?:[两二三四五六七八九十\d]+(?:位|名))?")
VAGUE_GROUP_TITLES = {"专家", "学者", "嘉宾", "代表", "人士", "领导"}


def _group_title(s: str, end: int) -> tuple[int, int]:
    """The title a list of bare names shares (甲、乙、丙三位院士, 甲、乙等企业家): its span, or an
    empty one; vague words for people (专家, 嘉宾) are no title."""
    k = GROUP_COUNT.match(s, end).end()  # type: ignore[union-attr]
    title = title_regex().match(s, k)
    if title and title.group(0) not in VAGUE_GROUP_TITLES:
        return title.start(), title.end()
    return end, end


GROUP_AFTER = re.compile(
    r"等(?:\d+|[一二三四五六七八九十]+)?(?:位|名)?([\u4e00-\u9fff]{1,4}?(?:家|者|人士|嘉宾|专家|校友|同仁))(?:代表)?"
)


def _group_after(s: str, end: int) -> str:
    """The people noun a list ends with (甲、乙等企业家代表 -> 企业家), or ""."""
    m = GROUP_AFTER.match(s, end)
    return m.group(1) if m else ""


def _group_speaks(s: str, end: int, group: str) -> bool:
    """The group is said to speak in this sentence or the next (企业家们踊跃发言)."""
    stop = end
    for _ in range(2):
        stop = s.find("。", stop + 1)
        if stop < 0:
            stop = len(s)
            break
    k = s.find(group + "们", end, stop)
    return k >= 0 and _speaks_after(s, k + len(group) + 1)


LIST_SPEECH = re.compile(SPEECH_RE.pattern + r"|(?:报告|演讲|致辞|讲话)(?![人者厅])")  # 先后作特邀报告
LIST_TAIL = re.compile(r"等|先后|分别|依次|相继|轮流|也|均|都|还|" + SPEECH_RE.pattern)


def _affiliated_entries(s: str, finder: NameFinder, intros: list[Intro]) -> None:
    """`甲机构张三、乙机构李四教授等先后发言`: a list whose entries each give an organisation, a name
    and perhaps a title, followed in the same sentence by a speech verb."""
    for clause in re.finditer(r"[^，,。；！？\n：:]+", s):
        a, b = clause.span()
        seps = _entry_separators(s, a, b, intros)
        tail = _list_end(s, seps[-1] + 1, b) if seps else None
        if tail is None or not _speaks_after(s, tail):
            continue
        starts, ends = [a, *(p + 1 for p in seps)], [*seps, tail]
        entries = [_entry(s, finder, ps, pe) for ps, pe in zip(starts, ends, strict=True)]
        if 3 * sum(e is None for e in entries) <= len(entries) and len(entries) >= 3:
            # most entries read well: the others may be names with a surname the tables lack
            entries = [e or _entry(s, finder, ps, pe, guess_tail=True) for e, ps, pe in zip(entries, starts, ends, strict=True)]
        # `淄博市教育局、…区教育和体育局分别作报告`: an entry that ends in an organisation's last
        # character and has no title is an organisation, not an organisation and a name
        entries = [None if e and not e.title_end and s[e.end - 1] in ORG_END_CHARS else e for e in entries]
        found = [e for e in entries if e is not None]
        if len(found) < len(entries) or not any(e.aff_start < e.start or e.title_end for e in found):
            continue  # a bare list of names is _listed_speaking's
        for e in found:
            intros.append(
                Intro(
                    e.start,
                    e.end,
                    s[e.start : e.end],
                    e.aff_start,
                    max(e.title_end, e.end),
                    exact=True,
                    source="list of affiliated names with a speech verb",
                )
            )


def _entry_separators(s: str, a: int, b: int, intros: list[Intro]) -> list[int]:
    """Where entries of a list in s[a:b] meet: every 、, and 与/和/及 right after a title
    (`倪某理事长与蔡某董事长`; not the 与 inside 氢能与燃料电池分会) or after a name already
    introduced (`代表甲某与代表乙某`)."""
    seps, k = [], s.find("、", a, b)
    while k >= 0:
        seps.append(k)
        k = s.find("、", k + 1, b)
    seps += [t.end() for t in title_regex().finditer(s, a, b) if s[t.end() : t.end() + 1] in {"与", "和", "及"}]
    seps += [i.end for i in intros if a <= i.end < b and s[i.end] in {"与", "和", "及"}]
    return sorted(set(seps))


def _list_end(s: str, a: int, b: int) -> int | None:
    """Where the last entry of a list ends: after its title when one is followed by a verb
    (`董事长应邀以视频致贺`), else before 等, 先后 … or the speech verb."""
    tail = LIST_TAIL.search(s, a, b)
    stop = tail.start() if tail else b
    for t in title_regex().finditer(s, a, stop):
        if follows_name(s, t.end()) and s[t.end() : t.end() + 1] not in NAME_END:
            return t.end()
    return tail.start() if tail else None


@dataclass(frozen=True)
class ListEntry:
    start: int  # name
    end: int
    aff_start: int  # the organisation before the name, if any
    title_end: int  # end of the title after the name, or 0


def _entry(s: str, finder: NameFinder, ps: int, pe: int, guess_tail: bool = False) -> ListEntry | None:
    """One list entry `机构姓名职务`: (name start, name end, affiliation start, title end), or None."""
    name_end, title_end = pe, 0
    for t in title_regex().finditer(s, ps, pe):
        if t.end() == pe:
            name_end, title_end = t.start(), pe
    counted = re.search(r"等?[两二三四五六七八九十\d]+[位名]$", s[ps:name_end]) if title_end else None
    if counted:  # 丙三位院士: the count and title belong to the whole list (see _group_title)
        name_end, title_end = ps + counted.start(), 0
    courtesy = next((x for x in ("先生", "女士") if s.endswith(x, ps, name_end)), "")
    name_end -= len(courtesy)  # 副署长某某女士: the courtesy title is neither name nor post
    length = finder.name_before(name_end) or (_entry_tail(s, ps, name_end) if guess_tail else 0)
    start = name_end - length
    dot = re.search(r"[·•‧・.．]", s[start:name_end])
    if dot and dot.start() > 4:
        start += dot.start() - 3  # 新疆天文台加尔肯·叶生别克: the organisation is not part of the given name
    if dot:
        head_end = start + (re.search(r"[·•‧・.．]", s[start:name_end]) or dot).start()
        for k in range(start + 1, head_end - 1):
            if any(s.endswith(o, ps, k) for o in ORG_SUFFIXES):
                start = k  # 物理系萨拉·叶尔兰: the head begins after the organisation
    if not length or start < ps or name_end - start > 10:
        return None
    for t in title_regex().finditer(s, ps, name_end):
        if t.start() < start < t.end() and name_end - t.end() >= 2:
            start = t.end()  # 中国作协副主席格非: the name begins after the title
    if name_end - start == 3 and s[start] not in FREQUENT_SURNAMES and s[start + 1] in FREQUENT_SURNAMES:
        start += 1  # 东方逸尚罗峥: the commoner surname starts the name
    name = s[start:name_end]
    if any(len(o) >= 2 and s.endswith(o, ps, name_end) for o in ORG_SUFFIXES):
        return None  # 中国工程院院士、…: an organisation and title of the next person, no name
    if not (_bare_name(name) or _unknown_name(name) or TRANSLIT_RE.fullmatch(name) or LATIN_RE.fullmatch(name)):
        return None
    prefix_start = trim_lead(s, CLAUSE_LEAD.match(s, ps).end(), start)  # type: ignore[union-attr]
    prefix = s[prefix_start:start]
    if len(prefix) > 24 or SPEECH_RE.search(prefix) or ATTEND_RE.search(prefix):
        return None
    return ListEntry(start, name_end, prefix_start, title_end)


def _entry_tail(s: str, ps: int, pe: int) -> int:
    """The last three characters of an entry that follows an organisation (科达利励建炬), when no
    known surname starts a name there."""
    return 3 if pe - ps >= 5 and _plausible_unknown_name(s[pe - 3 : pe]) else 0


def _speaks_after(s: str, pos: int) -> bool:
    """A speech verb follows within the sentence, with nothing between that says the people only
    attended or spoke elsewhere."""
    stop, gap, quoted = pos, 0, False
    while stop < len(s) and s[stop] not in "。；！？\n" and gap <= LIST_SPEECH_GAP:
        quoted = (quoted or s[stop] in "“「《") and s[stop] not in "”」》"
        gap += not quoted  # a quoted topic (围绕“…”进行对话, 以《…》为题) does not count as distance
        stop += 1
    speech = LIST_SPEECH.search(s, pos, stop)
    return not (speech is None or ATTEND_RE.search(s, pos, speech.start()) or WRITTEN.search(s, pos, speech.start()))


PANELISTS = re.compile(
    r"(?:与谈人|与谈嘉宾|对话嘉宾|圆桌嘉宾|讨论嘉宾|演讲嘉宾|分享嘉宾|(?:参加|参与)(?:讨论|对话|圆桌)的嘉宾)(?:为|是|有|包括)[：:]?"
)
CHAIRED_UNDER = re.compile(r"在(?=[^，。；]{2,12}主持下)")


def _chaired_by(s: str, finder: NameFinder, intros: list[Intro]) -> None:
    """`由X担任主持`, `由X主持`, `由甲、乙共同主持`: moderators introduced by role and name only."""
    for m in re.finditer(r"由", s):
        names, end = [], m.end()
        while length := finder.name_after(end):
            names.append((end, end + length))
            end += length
            if s[end : end + 1] not in LIST_JOINS or not finder.name_after(end + 1):
                break
            end += 1
        if names and re.match(r"(?:共同|联合)?(?:担任|出任)?(?:本场|本次)?(?:的)?主持", s[end : end + 8]):
            for a, b in names:
                intros.append(Intro(a, b, s[a:b], a, a, moderator=True, exact=True, source="由X主持"))
        elif len(names) == 1 and SPEECH_AFTER.match(s, end) and not re.match(r"主持", s[end : end + 4]):
            a, b = names[0]  # 年会先由某某致词: a speech introduced by 由 and the name only
            intros.append(Intro(a, b, s[a:b], a, a, exact=True, source="由X致辞"))
    for m in PANELISTS.finditer(s):  # 与谈人为甲、乙与丙, 讨论嘉宾有：甲（…）；乙（…）: the panel's members
        end = m.end()
        while length := finder.name_after(end):
            intros.append(Intro(end, end + length, s[end : end + length], end, end, exact=True, source="与谈人为…", panel=True))
            end += length
            if s[end : end + 1] in {"（", "("}:
                close = s.find("）" if s[end] == "（" else ")", end, end + 120)
                if close < 0:
                    break
                end = close + 1  # the member's organisation and post, read by _parenthesised
            if s[end : end + 1] not in LIST_JOINS and s[end : end + 1] not in {"；", ";", "，"}:
                break
            end += 1
    for m in CHAIRED_UNDER.finditer(s):  # 在徐某副理事长的主持下: the name, its title, then 主持下
        j = m.end()
        length = finder.name_after(j)
        title = title_regex().match(s, j + length) if length else None
        after = title.end() if title else j + length
        if length and re.match(r"的?主持下", s[after : after + 4]):
            intros.append(
                Intro(j, j + length, s[j : j + length], j + length, after, moderator=True, exact=True, source="在X的主持下")
            )


def _name_comma_affiliation(s: str, finder: NameFinder, intros: list[Intro]) -> None:
    """List entries `：甲，某院院士、某会副理事长；乙，某集团首席技术官；`: a name, a comma and the
    affiliation up to the entry's end."""
    titles = title_regex()
    for m in re.finditer(r"[：:；;]\s*", s):
        i = m.end()
        length = finder.name_after(i)
        if not length or s[i + length : i + length + 1] not in {"，", ","}:
            continue
        end = i + length + 1
        stop = end
        while stop < len(s) and s[stop] not in "；;。\n":
            stop += 1
        aff = s[end:stop]
        last = None
        for t in titles.finditer(aff):
            last = t
        if last is not None and len(aff) <= 60 and len(aff) - last.end() <= 1 and s[stop : stop + 1] in {"；", ";", "。"}:
            intros.append(Intro(i, i + length, s[i : i + length], end, stop, exact=True, source="name，affiliation"))


def _transcript_turns(s: str, finder: NameFinder, intros: list[Intro]) -> None:
    """`陈超卓：请各位嘉宾上台` turns of a transcript, and `崔俊奎：某研究院院长` header lines."""
    titles = title_regex()
    turns: dict[str, list[str]] = {}
    for m in re.finditer(r"(?:^|(?<=[\n。！？]))\s*", s):
        i = m.end()
        length = _subject_name(s, i, finder) or _turn_token(s, i)
        if not length or s[i + length : i + length + 1] not in {"：", ":"}:
            continue
        start, end = i, i + length
        line_end = end + 1
        while line_end < len(s) and s[line_end] not in "\n。；！？":
            line_end += 1
        header = s[end + 1 : line_end].strip("， ")
        last = None
        for t in titles.finditer(header):
            last = t
        if last is not None and len(header) <= 60 and len(header) - last.end() <= 2:
            intros.append(Intro(start, end, s[start:end], end + 1, line_end, exact=True, source="transcript header"))
        else:
            intros.append(Intro(start, end, s[start:end], start, start, exact=True, source="transcript turn"))
            turns.setdefault(s[start:end], []).append(s[end + 1 : line_end + 1])
    _transcript_moderator(turns, intros)


def _turn_token(s: str, i: int) -> int:
    """A name with a surname the tables lack, known by the turns it starts (two or more lines)."""
    m = re.match(r"([\u4e00-\u9fff]{2,3})[：:]", s[i : i + 4])
    if not m or is_word(m.group(1)) or titles_at(s, i) or m.group(1) in NOT_NAMES:
        return 0
    token = m.group(1)
    turns = sum(
        1
        for end in occurrence_ends(s, token + s[i + len(token)])
        if s[: end - len(token) - 1].rstrip(" ")[-1:] in {"", "\n", "。", "！", "？"}
    )
    return len(m.group(1)) if turns >= 2 else 0


def _transcript_moderator(turns: dict[str, list[str]], intros: list[Intro]) -> None:
    """In a transcript of several people, the one who asks (？) and hands over (请…, 欢迎…) the most
    is its moderator."""
    if len(turns) < 2:
        return

    def asking(texts: list[str]) -> int:
        return sum(t.count("？") + t.count("?") + bool(re.match(r"\s*(?:请|欢迎|下面|接下来|有请)", t)) for t in texts)

    scores = {name: asking(texts) for name, texts in turns.items()}
    best = max(sorted(scores), key=lambda n: scores[n])
    if scores[best] > 0 and sum(1 for v in scores.values() if v == scores[best]) == 1:
        for intro in intros:
            if intro.key == best and intro.source == "transcript turn":
                intro.moderator = True


def _subject_name(s: str, i: int, finder: NameFinder) -> int:
    """A name at i for a speech-verb candidate: transliterated, Latin (two words or more), or
    Chinese with a known surname; a stage name (大鹏) only when it also stands in a list of names."""
    if i >= len(s) or not (is_cjk(s[i]) or "A" <= s[i] <= "Z"):
        return 0
    m = TRANSLIT_RE.match(s, i) or LATIN_RE.match(s, i)
    if m:
        return finder.name_after(i)
    length = finder.name_after(i)
    if not length:
        return 0
    token = s[i : i + length]
    listed = _listed_with_names(s, token, finder)
    if (is_word(token) and not listed) or token in COMMON_WORDS or token in NOT_NAMES or titles_at(s, i):
        return 0
    if titles_at(s, i + 1) or s.startswith(NAME_SUFFIXES + HONORIFICS, i + 1) or token[1:] == "总":
        return 0  # 李署长, 卢教授, 徐总: a short reference to someone introduced in full
    if token[0] in SURNAMES or token[:2] in COMPOUND_SURNAMES:
        return length
    return length if listed else 0


def titles_at(s: str, i: int) -> bool:
    return title_regex().match(s, i) is not None


def _listed_with_names(s: str, token: str, finder: NameFinder) -> bool:
    """The token stands in a 、-list next to a surname-initial name (陈宇、大鹏、齐溪)."""
    for end in occurrence_ends(s, token):
        start = end - len(token)
        before, after = s[max(0, start - 4) : start], s[end : end + 4]
        neighbours = []
        if before.endswith("、"):
            neighbours.append(before[:-1][-3:])
        if after.startswith("、"):
            neighbours.append(after[1:])
        if any(n and n[0] in SURNAMES and not is_word(n[:2]) for n in neighbours):
            return True
    return False


def cited_after(s: str, end: int) -> bool:
    return CITED_AFTER.match(s[end : end + 16]) is not None


def _set_aff_starts(s: str, intros: list[Intro]) -> None:
    """An affiliation begins after the clause break or the previous person in the same clause."""
    prev_end = 0
    for intro in intros:
        if intro.exact or intro.aff_end > intro.start:  # parenthesised, 作为…, 机构姓名职务: exact
            prev_end = max(prev_end, intro.end, intro.aff_end)  # 某某总领事以及…: the title is that person's
            continue
        floor = prev_end if prev_end <= intro.aff_start else 0
        start = clause_start(s, intro.aff_start, floor)
        intro.aff_start = trim_lead(s, start, intro.aff_end)
        prev_end = intro.end


def _dedupe(intros: list[Intro]) -> list[Intro]:
    """Overlapping readings of one place: keep the longer name, then the fuller affiliation."""
    out: list[Intro] = []
    for intro in intros:
        if out and intro.start < out[-1].end:
            prev = out[-1]
            longer = (intro.end - intro.start, intro.aff_end - intro.aff_start) > (
                prev.end - prev.start,
                prev.aff_end - prev.aff_start,
            )
            moderator, panel = intro.moderator or prev.moderator, intro.panel or prev.panel
            if longer:
                out[-1] = intro
            out[-1].moderator, out[-1].panel = moderator, panel
            continue
        out.append(intro)
    return out


# A role at this event written like a title (圆桌主持人): the role says it, the title would not.
ROLE_TITLE = re.compile(r"(?:圆桌|论坛|本场|本次|对话|活动|会议|开幕式|分论坛|分会场|主会场|大会)主持人?")
# 台湾文学名家, 大陆作家群: where people come from, not an organisation.
PLACE_AS_ORG = re.compile(
    "(?:" + "|".join(sorted(REGIONS, key=len, reverse=True)) + r")(?:的)?(?:文学|艺术|学术|知名)?(?:名家|名人|人士|同行)?"
)
PROFESSIONS = {"作家", "诗人", "评论家", "批评家", "画家", "书法家", "艺术家", "音乐家", "学者", "导演", "演员", "编剧"}


def split_affiliation(text: str, simplified: str) -> tuple[list[str], list[str]]:
    """Split `机构职务、机构职务兼职务` into organisations and titles, as written."""
    if "「" in simplified or "」" in simplified:  # 前「行政院长」: quotation marks around a title
        text, simplified = text.replace("「", "").replace("」", ""), simplified.replace("「", "").replace("」", "")
    orgs: list[str] = []
    titles: list[str] = []
    pos = 0
    # 和 joins two organisations (…局和…委) or two posts (副共同营运长和资讯安全长)
    for part in re.split(r"(、|兼|暨|(?<=[" + ORG_END_CHARS + r"长官师员任席理监])[和及]|，|,|／|/|的)", simplified):
        if part in {"、", "兼", "暨", "和", "及", "，", ",", "／", "/", "的"} or not part.strip():
            pos += len(part)
            continue
        original = text[pos : pos + len(part)]
        pos += len(part)
        if part.startswith(("曾任", "原任", "前任")):
            continue  # a former position is not a current affiliation
        if part.startswith(("现任", "现为", "时任")):
            original, part = original[2:], part[2:]
        org, part_titles = _peel_titles(original, part)
        kept = [
            t for t in part_titles if to_simplified(t) not in MARKER_ONLY_TITLES and not ROLE_TITLE.fullmatch(to_simplified(t))
        ]
        if part_titles and not kept:
            continue  # only a marker such as 得主: neither organisation nor title
        org = _without_adjectives(org)
        if ROLE_TITLE.fullmatch(to_simplified(org + "".join(kept))):
            continue  # 圆桌主持人: the role at this event, neither organisation nor title
        if org:
            orgs.append(org)
        titles.extend(kept)
    if titles and all(to_simplified(t) in PROFESSIONS for t in titles):
        orgs = [o for o in orgs if not PLACE_AS_ORG.fullmatch(to_simplified(o))]  # 台湾作家: where from
    return _unique(orgs), _unique(titles)


# Praise before a title is not part of an organisation (中央财经频道知名主持人, 著名导演).
ADJECTIVES = ("国际知名", "国内知名", "业内知名", "知名", "著名", "新锐", "优秀", "杰出", "金牌", "当红", "实力派", "一线")


def _without_adjectives(org: str) -> str:
    simplified = to_simplified(org)
    changed = True
    while changed and org:
        changed = False
        for word in ADJECTIVES:
            if simplified.endswith(word):
                org, simplified, changed = org[: -len(word)], simplified[: -len(word)], True
            elif simplified.startswith(word):
                org, simplified, changed = org[len(word) :], simplified[len(word) :], True
    return org.strip(" 的")


def _peel_titles(original: str, simplified: str) -> tuple[str, list[str]]:
    """Remove title words from the end of one part; what is left is the organisation.

    A qualifier right before a title belongs to it (资深副总经理, 常务董事).
    """
    titles: list[str] = []
    end = len(simplified)
    regex = title_regex()
    while end > 0:
        match = None
        for m in regex.finditer(simplified, 0, end):
            if m.end() == end:
                match = m
                break
        if match is None:
            # A title that is found by a scan starting further left (副总裁 inside 执行副总裁).
            for start in range(max(0, end - 10), end):
                m = regex.fullmatch(simplified, start, end)
                if m:
                    match = m
                    break
        if match is None:
            break
        begin = match.start()
        for prefix in TITLE_PREFIXES:
            if simplified[:begin].endswith(prefix):
                begin -= len(prefix)
                break
        titles.insert(0, original[begin:end])
        end = begin
    org = original[:end].strip(" 的")
    return org, titles


def _unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(i for i in items if i))


ATTEND_RE = re.compile("|".join(ATTEND_VERBS))


def attending_only(s: str, intro: Intro) -> bool:
    """The person's own clause says they attended (出席) and nothing about speaking, or they are
    listed before an attendance verb that ends the list (`A，B，以及C等出席了活动`)."""
    start = clause_start(s, intro.start, 0)
    end = intro.end
    while end < len(s) and s[end] not in "，。；！？\n":
        end += 1
    clause = s[start:end]
    after = s[intro.end : end]
    if SPEECH_RE.search(clause.replace("主持", "")) or ATTENDS_AND_CHAIRS.match(after):
        return False
    if re.search(r"并(?:作|做|发表)", after) and REPORTS_AFTER.search(after):
        return False  # 甲、乙等专家学者出席论坛并作主旨报告: present, and speaking
    if any(v in after for v in GATHER_VERBS):  # 齐聚一堂，围绕…展开研讨，分享经验: the gathering speaks
        stop = min([k for k in (s.find(c, end) for c in "。；！？\n") if k >= 0] or [len(s)])
        return SPEECH_RE.search(s, end, stop) is None
    if any(v in after for v in ATTEND_VERBS):
        return not SPEECH_NEXT_CLAUSE.match(s, end)  # 在分会场出席，并通过视频致辞
    return _listed_before_attendance(s, intro.end)


# The clause after an attendance verb goes on to a speech: `出席，并通过视频致辞`, `出席会议，随后发言`.
SPEECH_NEXT_CLAUSE = re.compile(r"[，,]\s*(?:并|并且|还|随后|同时|其间)[^，。；]{0,12}?" + SPEECH_RE.pattern)


def _listed_before_attendance(s: str, pos: int) -> bool:
    """Within the sentence part (up to 。；), an attendance verb follows the list the name is in,
    and nothing between says anyone speaks: the verb's own clause has no speech verb either."""
    stop = pos
    while stop < len(s) and s[stop] not in "。；！？\n":
        stop += 1
    m = ATTEND_RE.search(s, pos, stop)
    if m is None or SPEECH_RE.search(s, pos, m.start()):
        return False
    if m.group(0) in GATHER_VERBS:  # 齐聚一堂，围绕…展开研讨，分享经验: the gathering speaks
        return SPEECH_RE.search(s, m.end(), stop) is None
    clause_end = m.end()
    while clause_end < stop and s[clause_end] not in "，,":
        clause_end += 1
    if SPEECH_NEXT_CLAUSE.match(s, clause_end):  # `A，B等出席开幕式，并先后致辞`: the list goes on to speak
        return False
    if REPORTS_AFTER.search(s, m.end(), clause_end):
        return False  # 出席论坛并作主旨报告
    return SPEECH_RE.search(s, m.end(), clause_end) is None and "时" not in s[m.end() : m.end() + 8]


ATTENDEE_LIST = re.compile(
    r"(?:出席|参加|到场|莅临|参会|与会|在座|主礼)[^，。；]{0,16}的(?:重要|主要|特邀|其他|其它)?(?:领导|嘉宾|人士|人员|代表|官员|贵宾|专家|[和及、])*(?:还|亦|也)?(?:有|包括|包含|计有)"
    r"|(?:主礼|与会|到场|出席|在座)(?:的)?(?:重要|主要|特邀|其他|其它)?(?:领导|嘉宾|贵宾|人士)(?:还|亦|也)?(?:有|包括|包含|计有|为)"
    # 现场的观众有50余位嘉宾，其中包括…: named members of an audience
    r"|\d+[余多]?(?:位|名)[^。；]{0,30}?其中(?:包括|有)"
)
CITED = re.compile(
    r"(?:正如|据|援引|引用|引述)[^，。]{0,20}$"
    # 不久前自己与某人进行过对话 (not 院长曾某博士和…: a surname, a name and a courtesy title)
    r"|(?:不久前|前不久|此前|之前|曾经?|以前|早前|去年|早年)[^，。]{0,6}(?<!博士|先生|女士|教授|老师|院士)(?:与|和|同|跟)$"
)
CITED_AFTER = re.compile(
    r"^[^，。、]{0,6}的(?:特别|特派|全权)?代表|^(?:曾经?|此前|以前|过去|早前|生前)(?:[^，。]{0,8})?(?:说|表示|指出|提到|写道)|^所(?:说|言|指出)|^(?:的|在)[^，。]{0,10}(?:书|文章|著作|名言)(?=中|里|所|写|说|[，。])"
)


TEAM_AFTER = re.compile(r"^(?:的)?(?:团队|课题组|研究组|实验室)")


ADDRESSED = re.compile(r"(?:问好|致意|致敬|致谢|致以|表示(?:感谢|祝贺|欢迎|敬意))")


def addressed_only(s: str, intro: Intro) -> bool:
    """`向副市长X、理事长Y以及在座的各位代表问好`: greeted by a speaker, not speaking."""
    start = min(intro.aff_start, intro.start)
    while start > 0 and s[start - 1] not in "。！？\n，：:":
        start -= 1
    if "向" not in s[start : intro.start]:
        return False
    end = intro.end
    while end < len(s) and s[end] not in "。！？\n":
        end += 1
    greet = ADDRESSED.search(s, intro.end, end)
    return greet is not None and not SPEECH_RE.search(s, intro.end, greet.start())


# Acts of a ceremony (签约, 揭牌, 合影): what the person does there says nothing about speaking.
# 宣读: reading a document out; 发来贺信: a letter, read by someone else (not a speech)
CEREMONY_RE = re.compile(r"签约|签署|揭牌|颁奖|颁发|授牌|剪彩|合影|按下|启动仪式|共同启动|宣读|发来贺信|发来贺电|致贺信|致贺电")


def ceremony_only(s: str, intro: Intro) -> bool:
    """The person's sentence shows a ceremonial act (`甲与乙签约共建…`, a photo caption of it) and
    no speech: such a mention neither makes nor unmakes a speaker."""
    start, end = sentence_span(s, intro.start, intro.end)
    return CEREMONY_RE.search(s, intro.end, end) is not None and SPEECH_RE.search(s, start, end) is None


def sentence_span(s: str, a: int, b: int) -> tuple[int, int]:
    """Start and end of the sentence (up to 。！？ or a line end) that holds s[a:b]."""
    start = max(s.rfind(c, 0, a) for c in "。！？\n") + 1
    ends = [k for k in (s.find(c, b) for c in "。！？\n") if k >= 0]
    return start, min(ends, default=len(s))


# 论坛请来了甲，乙，以及…等100多位嘉宾: the invited guests, counted.
INVITED_LIST = re.compile(
    r"(?:请来|邀请|迎来|吸引)了?[^。；]*?等(?:\d+|[一二三四五六七八九十百]+)[余多]?(?:位|名)[^。，；]{0,8}?(?:嘉宾|代表|专家|人士|来宾)"
)


def in_attendee_list(s: str, intro: Intro) -> bool:
    """`出席活动的还有X、Y`, `请来了X，Y…等100多位嘉宾`: people listed as present, not as speaking."""
    a, b = sentence_span(s, intro.aff_start, intro.end)
    m = ATTENDEE_LIST.search(s[a : intro.start])
    if m is not None and not SPEECH_RE.search(m.group(0)):  # 出席并致辞的有: they spoke
        return True
    invited = INVITED_LIST.search(s, a, b)
    return invited is not None and invited.start() < intro.start and not SPEECH_RE.search(s, a, b)


def _inside_speech_quote(s: str, pos: int) -> bool:
    """pos lies inside quoted words of ten characters or more (“一年多以前我…想见一见某某…”): what
    someone said, not an introduction."""
    open_ = max(s.rfind("“", 0, pos), s.rfind("「", 0, pos))
    if open_ < 0:
        return False
    close = max(s.rfind("”", open_, pos), s.rfind("」", open_, pos))
    if close > open_:
        return False  # the last quotation closed before pos
    end = min([k for k in (s.find("”", pos), s.find("」", pos)) if k >= 0] or [-1])
    return end > 0 and end - open_ > 10 and bool(re.search(r"[，。！？]", s[open_:end]))


def cited_only(s: str, intro: Intro) -> bool:
    """`正如任正非所说`, `马云曾表示`, `据悉…由张潼团队研发`, a name inside someone's quoted words:
    mentioned, not speaking at this event."""
    if _inside_speech_quote(s, intro.start):
        return True
    before = s[max(0, intro.aff_start - 24) : intro.aff_start]
    after = s[intro.end : intro.end + 16]
    sentence_start = intro.aff_start
    while sentence_start > 0 and s[sentence_start - 1] not in "。！？\n":
        sentence_start -= 1
    lead = s[sentence_start : intro.aff_start]
    hearsay = re.match(r"\s*(?:据悉|据了解|据介绍|据报道|另据)", lead)
    # 他续指，去年某主席亲临…; 甲某表示，乙团长是桥梁专家; 甲某并感谢政府颁奖给前代表乙某
    reported = (REPORTED_SPEECH.match(lead) or REPORTED_IN_LEAD.search(s, sentence_start, intro.start)) and not SPEECH_SOON.match(
        s, intro.end
    )
    return bool(CITED.search(before) or CITED_AFTER.match(after) or hearsay or reported or TEAM_AFTER.match(after))


# A sentence that reports what a speaker said: people named inside it are what the speech is about.
REPORTED_SPEECH = re.compile(r"\s*(?:他|她|其)(?:还|也|又|续|并)?(?:指出|表示|说|强调|提到|谈到|认为|续指|续称|回忆)[，,：:]")


# The same, with a named subject inside the sentence before the person: `…，甲某表示，`, `甲某并感谢…`.
REPORTED_IN_LEAD = re.compile(
    r"(?:^|(?<=[。！？\n，,：:；;\s]))[\u4e00-\u9fff]{2,4}?(?:还|也|又|续|并|则)?(?:指出|表示|说|强调|提到|谈到|认为|续指|续称|回忆)[，,：:]"
    r"|(?:^|(?<=[。！？\n，,：:；;\s]))[\u4e00-\u9fff]{2,4}?(?:还|也|并)?(?:感谢|感激|祝贺)"
)


# 某副市长出席论坛并主持会议: present, and chairing.
ATTENDS_AND_CHAIRS = re.compile(r"(?:出席|参加|到场|莅临)[^，。；]{0,8}?并(?:担任|负责)?主持")


def is_moderator_context(s: str, intro: Intro) -> bool:
    """`X担任主持`, `X出席并主持会议`, or a `主持人：机构职务X` header line."""
    after = s[intro.end : intro.end + 16]
    header = re.search(r"主持(?:人)?[：:]\s*$", s[max(0, intro.aff_start - 6) : intro.aff_start])
    # 分会场主持人、某大学某某教授: the role at this event among the posts before the name
    role = intro.aff_start < intro.start and ROLE_TITLE.search(s, intro.aff_start, intro.start)
    return bool(moderator_after().match(after) or ATTENDS_AND_CHAIRS.match(after) or header or role)
