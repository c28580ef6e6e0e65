"""Organisation names as extraction cut them, made fit for an organisation page.

Extraction takes the text between a name and a title as the organisation, so some entries are
not organisations of their own:

- **fragments**: a body without its place (`省委`, `市教育局`, `党组`), a department cut from its
  parent (`灵境空间事业部`), a bare place (`武汉`, `广东省`) or an industry (`汽车行业`). They stay
  in the speaker's line as the report wrote them but get no organisation page and no link
  (`is_fragment`);
- **an organisation with a piece of the title or sentence glued on**: a title's first characters
  (`全国人大常委会副` + `委员长`, `深圳市南山区教育局原` + `局长`, `歐洲科學院外籍` + `院士`,
  `國家衛生健康委員會黨組` + `成員`), a conjunction (`…和`), a lead-in clause (`他们是黑蚁资本`,
  `時擔任…`, `（文/…）…`), a descriptor before a Latin name (`人工智能公司OpenAI`). `tidy` puts
  the piece back on the title (`副委员长`, `原局长`, `外籍院士`, `党组成员`) and keeps the
  organisation;
- **a title or a description taken for an organisation** (`首席执行官和`, `城市大脑提出者`):
  moved to the titles.

Matching is done on the Simplified form (same length as the text), the text keeps its script.
`resolve` calls `tidy_record` on every record before it builds entities, so pages, links and
downloads all show the tidied names.
"""

from __future__ import annotations

import dataclasses
import re
from functools import lru_cache
from pathlib import Path

from .chinese import to_simplified
from .records import Record, Speaker
from .safety import identity_key

# Administrative levels: a body named by its level alone (省委, 市政府) has lost its place.
LEVELS = "省市县区州盟旗镇乡"
# Bodies that exist in every place, party or organisation: alone they name none in particular.
ORGANS = (
    "委",
    "党委",
    "党组",
    "纪委",
    "常委",
    "人大",
    "人大常委会",
    "常委会",
    "政府",
    "人民政府",
    "政协",
    "委员会",
    "管委会",
    "组织部",
    "宣传部",
    "统战部",
    "办公厅",
    "办公室",
    "董事会",
    "理事会",
    "监事会",
    "工会",
    "团委",
    "党支部",
)
BARE_ORGAN_RE = re.compile(
    f"(?:[{LEVELS}](?:{'|'.join(ORGANS)}|[\u4e00-\u9fff]{{1,6}}?(?:局|厅|办|委员会))|(?:{'|'.join(ORGANS)}))"
)
# A department: fine after its parent's name, a fragment without it.
DEPARTMENT_RE = re.compile(r"(?:事业部|事业群|部门|业务部|产品部|研发部|技术部|市场部|教研室|系|科|处|办公室)$")
# Words that make a name an organisation of its own (a department inside one of them is whole).
ORG_WORDS_RE = re.compile(
    r"大学|学院|学校|中学|小学|公司|集团|科技|医院|研究院|研究所|研究中心|实验室|协会|学会|联合会|商会|"
    r"委员会|基金会|联盟|银行|政府|局|厅|部|院|所|中心|报|社|台|网|署|会"
)
# Industries, not organisations: 汽车行业, 汽车业, 影视产业.
INDUSTRY_TAIL_RE = re.compile(r"(?:行业|产业|业界|业)$")
# The end of an organisation's name: what a glued-on piece of title follows.
ORG_END = set("院校司所会局部厅委市省县区州国团社台馆站组队处科系室心行厂盟报网署府联学")
# Pieces of a title glued to the organisation before it (the title keeps them).
TITLE_HEADS = ("外籍", "名誉", "荣誉", "常务", "执行", "联合", "党组", "党委", "副", "原", "前", "总")
TITLE_ENDS_RE = re.compile(
    r"(?:官|长|总裁|总监|主任|经理|书记|主席|院士|教授|创始人|合伙人|董事|理事|委员|秘书|顾问|专家|研究员|参事|编剧|导演|制片人|负责人|主持人|发起人|者)$"
)
LEAD_IN_RE = re.compile(
    r"^(?:[（(][^）)]{0,12}[）)]|(?:他们|她们|他|她)是|(?:同时|当时|时|现|曾|并)(?:担任|任)|担任|兼任|出任|来自|作为)"
)
CONJUNCTION_TAIL_RE = re.compile(r"[和及与、&＆,，;；\s]+$")
DESCRIPTOR_LATIN_RE = re.compile(r"^[\u4e00-\u9fff]{2,8}(?:公司|企业|机构|巨头|平台)(?=[A-Za-z])")
SPACE_TITLE_RE = re.compile(r"\s+(?=(?:执行|联合|首席|高级|资深|常务|董事|创始|合伙|总|副))")
CLAUSE_RE = re.compile(r"^除|领导人")


def _simple(name: str) -> str:
    return to_simplified(identity_key(name))


def tidy_speaker(orgs: list[str], titles: list[str]) -> tuple[list[str], list[str]]:
    """(organisations, titles) with glued pieces put back on the titles (see the module)."""
    out_orgs: list[str] = []
    out_titles = list(titles)
    extra_titles: list[str] = []
    for i, raw in enumerate(orgs):
        name, head, whole_title = _split(raw)
        if whole_title:
            if whole_title not in out_titles and whole_title not in extra_titles:
                extra_titles.append(whole_title)
        if head:
            if i < len(out_titles):  # the title that follows this organisation in the text
                if not _simple(out_titles[i]).startswith(_simple(head)):
                    out_titles[i] = head + out_titles[i]
            elif TITLE_ENDS_RE.search(_simple(head)) and head not in out_titles:
                extra_titles.append(head)
        if name and name not in out_orgs:
            out_orgs.append(name)
    return out_orgs, out_titles + extra_titles


@lru_cache(maxsize=50_000)
def _split(raw: str) -> tuple[str, str, str]:
    """(organisation or "", piece of a title to put before the paired title, a whole title)."""
    name = raw.strip()
    if not name:
        return "", "", ""
    simple = _simple(name)
    if len(simple) != len(name):  # identity_key changed the length: match on the text as it is
        simple = name
    if CLAUSE_RE.search(simple):
        return "", "", ""
    head = ""
    # A lead-in clause or a byline before the name.
    m = LEAD_IN_RE.match(simple)
    if m and len(simple) - m.end() >= 2:
        name, simple = name[m.end() :], simple[m.end() :]
    m = DESCRIPTOR_LATIN_RE.match(simple)
    if m:
        name, simple = name[m.end() :], simple[m.end() :]
    # A title after a space: 尚颀资本 执行事务, 松沄柏资本 联合创始人&.
    m = SPACE_TITLE_RE.search(simple)
    if m and m.start() >= 2:
        tail = CONJUNCTION_TAIL_RE.sub("", name[m.end() :])
        name, simple = name[: m.start()], simple[: m.start()]
        if TITLE_ENDS_RE.search(_simple(tail)):
            return name, "", tail
        head = tail
    m = CONJUNCTION_TAIL_RE.search(simple)
    if m and m.start() >= 2:
        name, simple = name[: m.start()], simple[: m.start()]
    # The whole entry is a title or a description (首席执行官, 城市大脑提出者).
    if TITLE_ENDS_RE.search(simple) and not ORG_WORDS_RE.search(simple[:-1] or "-"):
        return "", "", name
    # A whole title glued to the end (…人民政府参事).
    m = TITLE_ENDS_RE.search(simple)
    if m and m.group() != "者":
        start = next((k for k in range(max(3, m.start() - 3), m.start() + 1) if simple[k - 1] in ORG_END), None)
        if start is not None and len(simple) - start >= 2:
            return name[:start], "", name[start:]
    # A piece of the title glued to the end (…常委会副, …教育局原, …科学院外籍, …委员会党组).
    if not head:
        for piece in TITLE_HEADS:
            stem = simple[: -len(piece)]
            if simple.endswith(piece) and len(stem) >= 3 and (stem[-1] in ORG_END or stem.endswith("中心")):
                head, name, simple = name[len(stem) :], name[: len(stem)], stem
                break
    return name, head, ""


@lru_cache(maxsize=50_000)
def is_fragment(name: str) -> bool:
    """A name that is not an organisation of its own: a body without its place (省委, 市教育局),
    a department without its parent (灵境空间事业部), a bare place (武汉) or an industry (汽车业)."""
    simple = re.sub(r"[《》“”\"'「」\s·、,，.。]", "", _simple(name))
    if len(simple) < 2:
        return True
    if BARE_ORGAN_RE.fullmatch(simple):
        return True
    places, nouns = _jieba_sets()
    if simple in places:
        return True
    if simple[-1] in "省市县" and simple[:-1] in places:  # 广东省 when the dictionary has 广东
        return True
    industry = INDUSTRY_TAIL_RE.search(simple)
    if industry and simple[: industry.start()] in nouns:
        return True
    department = DEPARTMENT_RE.search(simple)
    if department and not ORG_WORDS_RE.search(simple[: department.start()]):
        return True
    return False


def tidy_record(record: Record) -> Record:
    """The record with every speaker's organisations and titles tidied (the same record when
    nothing changes)."""
    speakers: list[Speaker] = []
    changed = False
    for s in record.speakers:
        orgs, titles = tidy_speaker(s.orgs, s.titles)
        if orgs != s.orgs or titles != s.titles:
            s = dataclasses.replace(s, orgs=orgs, titles=titles)
            changed = True
        speakers.append(s)
    return dataclasses.replace(record, speakers=speakers) if changed else record


@lru_cache(maxsize=1)
def _jieba_sets() -> tuple[frozenset[str], frozenset[str]]:
    """Common place names (北京, 武汉, 广东) and common nouns of two characters (汽车, 影视) from
    jieba's dictionary, derived once per project."""
    from .words import _derived_from_jieba

    places, nouns = _derived_from_jieba("dict.txt", "orgnames-v1", _read_sets, _sound_sets)
    return frozenset(places), frozenset(nouns)


def _sound_sets(value: object) -> bool:
    return (
        isinstance(value, tuple)
        and len(value) == 2
        and all(isinstance(part, list) and len(part) > 100 and all(type(w) is str for w in part) for part in value)
    )


def _read_sets(source: Path) -> tuple[list[str], list[str]]:
    places: list[str] = []
    nouns: list[str] = []
    with open(source, encoding="utf-8") as handle:
        for line in handle:
            parts = line.split()
            if len(parts) < 3 or not parts[1].isdigit():
                continue
            word, freq, tag = parts[0], int(parts[1]), parts[2]
            if tag == "ns" and 2 <= len(word) <= 4 and freq >= 500:  # frequent: cities and provinces, not brands (京东)
                places.append(word)
            elif tag == "n" and len(word) == 2 and freq >= 100:
                nouns.append(word)
    return places, nouns
