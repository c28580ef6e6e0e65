"""Technology terms in a body: the lexicon's, and those no lexicon names.

`find(s, lexicon, given)` returns (start, end, entry) for every technology mention in the
Simplified text `s`:

1. lexicon terms (the lexicon normalises names: 智驾 and 智能驾驶 are one entry), except inside an
   organisation's name (清华精准医疗研究院);
2. the seed's own AI技术 entries, wherever the body repeats them;
3. term patterns: a noun phrase that ends in a technology head (…技术, …系统, …平台, …芯片,
   …材料, …电池, …储能, …驾驶, …机器人 …), cut on the left where the words stop being nouns
   (verbs, adjectives, places, organisations, function characters and punctuation end it), and
   the items of a list that ends in 「等技术」 (or 「等方向」「等应用」 when one item is a lexicon term);
4. Latin product names (a brand followed by a model or a coined name: 「Xyz Pro 3」, 「ABC CoolName」).

Pattern terms are kept only when they look concrete: generic phrases (相关技术, 管理系统 …) are
stopped, generic modifiers are stripped (先进储能技术 -> 储能技术) and a phrase left with its head
alone is dropped, 「field + 技术」 (医疗技术) is dropped, and a weak head (…系统, …平台, …网络, …模型)
needs a technical modifier, a modifier of two words or a second mention. A pattern term's entry is
named by the Simplified phrase, so one technology written in either script is one page.

Word boundaries come from jieba's dictionary, read once into three small derived sets (words that
end a modifier, nouns of three and four characters, verbal nouns of two); jieba is not loaded.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from .chinese import is_cjk, to_simplified
from .lexicon import GENERIC, Lexicon, TechEntry

# Heads, longest first where one ends another. Strong heads name a technology with any concrete
# modifier; weak ones (…系统: 教育系统, …平台: 交流平台) need more evidence (see _keep).
STRONG_HEADS = (
    "技术",
    "芯片",
    "材料",
    "电池",
    "储能",
    "储氢",
    "制氢",
    "驾驶",
    "机器人",
    "传感器",
    "算法",
    "大模型",
    "移植",
    "雷达",
    "疫苗",
    "发动机",
    "电机",
    "望远镜",
    "屏",  # 卷轴屏, 柔性屏
    "互联网",  # 能源互联网, 卫星互联网 (互联网 alone is the head only, and dropped)
    "处理器",
    "探测器",
    "反应堆",
    "电堆",
    "疗法",
    "手术",  # 血管介入手术, 微创手术
)
# Heads that also end company names and fields (长城汽车, 城市交通): a technical modifier only.
TECHNICAL_HEADS = ("汽车", "交通")
WEAK_HEADS = TECHNICAL_HEADS + ("系统", "平台", "模型", "网络", "云", "终端", "设备", "装备", "引擎", "框架", "燃料", "中台")
HEADS = tuple(sorted(STRONG_HEADS + WEAK_HEADS, key=len, reverse=True))
HEAD_RE = re.compile("|".join(HEADS))
# Heads that a lexicon term may itself be (机器人, 芯片): a concrete modifier makes a longer term.
HEAD_FORMS = set(HEADS)

# Whole phrases that are never a technology on their own.
GENERIC_TERMS = GENERIC | {
    "新技术",
    "高新技术",
    "高技术",
    "新兴技术",
    "科学技术",
    "信息技术",
    "数字技术",
    "智能技术",
    "前沿技术",
    "先进技术",
    "核心技术",
    "关键技术",
    "共性技术",
    "底层技术",
    "基础技术",
    "通用技术",
    "应用技术",
    "工程技术",
    "专业技术",
    "产业技术",
    "技术技术",
    "管理系统",
    "信息系统",
    "服务系统",
    "服务平台",
    "管理平台",
    "信息平台",
    "数据平台",
    "交流平台",
    "合作平台",
    "展示平台",
    "创新平台",
    "开放平台",
    "公共平台",
    "综合平台",
    "网络平台",
    "数字平台",
    "智能平台",
    "智能系统",
    "智能设备",
    "智能终端",
    "智能装备",
    "数字系统",
    "商业模型",
    "社交网络",
    "服务网络",
    "销售网络",
    "营销网络",
    "人际网络",
    "新材料",
    "原材料",
    "材料",
    "新设备",
    "硬件设备",
    "移动终端",
    "医疗设备",
    "医疗装备",
    "教育系统",
    "医疗系统",
    "卫生系统",
    "金融系统",
    "政务系统",
    "体系系统",
    "生态系统",
    "社会系统",
    "工作系统",
    "学校系统",
    "人工智能技术",
    "ai技术",
    "互联网技术",
    "网络技术",
    "科技平台",
    "技术平台",
    "产业平台",
    "机器人",
}

# Words that may start a term but say nothing about which technology it is: stripped from the
# left; a phrase left with its head alone is dropped.
VAGUE_MODIFIERS = {
    "新",
    "新型",
    "新一代",
    "下一代",
    "大型",
    "小型",
    "中小型",
    "先进",
    "前沿",
    "核心",
    "关键",
    "重要",
    "重大",
    "主要",
    "基础",
    "底层",
    "通用",
    "共性",
    "高端",
    "高新",
    "新兴",
    "传统",
    "现代",
    "全新",
    "最新",
    "创新",
    "相关",
    "各类",
    "各种",
    "多种",
    "一种",
    "一些",
    "一批",
    "一系列",
    "更多",
    "更好",
    "这些",
    "这种",
    "这项",
    "该项",
    "此项",
    "本项",
    "其他",
    "其它",
    "整个",
    "全球",
    "国内",
    "国际",
    "国产",
    "自主",
    "自研",
    "原创",
    "领先",
    "成熟",
    "优秀",
    "强大",
    "完整",
    "数字",
    "数智",
    "智能",
    "智慧",
    "科技",
    "专业",
    "综合",
    "整体",
    "类型",
    "种类",
    "形式",
    "不同",
    "未来",
    "产业",
    "行业",
    "企业",
    "公司",
    "集团",
    "我国",
    "中国",
    "全国",
    "世界",
    "国家",
    "地方",
    "城市",
    "应用",
    "发展",
    "服务",
    "管理",
    "系统",
    "平台",
    "项目",
    "产品",
    "方面",
    "领域",
    "方向",
    "层面",
    "环节",
    "研究",
    "工作",
    "人工智能",
    "ai",
    "高",
    "大",
    "小",
    "多",
}

# Words that end a modifier on the left even though jieba calls them nouns or verbal nouns.
STOP_WORDS = {
    "发展",
    "建设",
    "推进",
    "推动",
    "加快",
    "加强",
    "实现",
    "促进",
    "打造",
    "构建",
    "建立",
    "完善",
    "提升",
    "提高",
    "突破",
    "攻克",
    "掌握",
    "利用",
    "采用",
    "使用",
    "运用",
    "研发",
    "开发",
    "探索",
    "部署",
    "推广",
    "引进",
    "引入",
    "发布",
    "推出",
    "展示",
    "介绍",
    "分享",
    "聚焦",
    "围绕",
    "涉及",
    "包括",
    "覆盖",
    "支持",
    "依托",
    "基于",
    "通过",
    "借助",
    "融合",
    "结合",
    "赋能",
    "助力",
    "布局",
    "合作",
    "交流",
    "讨论",
    "报告",
    "演讲",
    "主题",
    "论坛",
    "会议",
    "大会",
    "峰会",
    "活动",
    "嘉宾",
    "专家",
    "代表",
    "记者",
    "院士",
    "教授",
    "博士",
    "总裁",
    "董事长",
    "主任",
    "院长",
    "部长",
    "市长",
    "时代",
    "年代",
    "时期",
    "阶段",
    "问题",
    "挑战",
    "机遇",
    "趋势",
    "现状",
    "需求",
    "能力",
    "水平",
    "优势",
    "成果",
    "进展",
    "经验",
    "作用",
    "意义",
    "价值",
    "目标",
    "重点",
    "难点",
    "方式",
    "模式",
    "路径",
    "手段",
    "途径",
    "背景",
    "条件",
    "基础",
    "过程",
    "方法",
    "以及",
    "或者",
    "还是",
    "并且",
    "而且",
    "同时",
    "目前",
    "当前",
    "如今",
    "今年",
    "去年",
    "明年",
    "未来",
    "已经",
    "正在",
    "将会",
    "可以",
    "能够",
    "需要",
    "必须",
    "应该",
    "一个",
    "一项",
    "一套",
    "多项",
    "各项",
    "大量",
    "众多",
    "许多",
    "很多",
    "我们",
    "他们",
    "她们",
    "它们",
    "自己",
    "大家",
    "公司",
    "企业",
    "集团",
    "有限",
    "股份",
    "研究院",
    "大学",
    "学院",
    "中心",
    "分享会",
    "训练",
}
# Verbs that name what a technology does, inside compound nouns (车牌识别系统, 惯性导航系统).
TECH_VERBS = set(
    "识别 检测 导航 推理 学习 计算 控制 感知 监测 定位 存储 传输 打印 合成 生成 分析 诊断 治疗 成像 测序 编辑 "
    "发电 充电 冷却 加密 交互 渲染 仿真 测量 扫描 焊接 预测 推荐 检索 追踪 跟踪 巡检 仿生 超导 压缩 翻译 制冷 供热 "
    "输电 配电 变电 储运 提纯 分离 催化 降解 封装 蚀刻 光刻 测试 采集 融合 协同 调度 建模 推进 介入 微创 移动".split()
)
# Heads that name an object: a verb alone before them is its verb, not its kind (检测芯片, 生产电池);
# robots are named by what they do (焊接机器人), so 机器人 is not one of them.
OBJECT_HEADS = {"芯片", "材料", "电池", "传感器", "设备", "装备", "终端", "汽车", "疫苗", "发动机", "电机", "雷达"}
# Single characters that end a modifier (function words); others may be part of it (氢储能, 肺移植).
STOP_CHARS = set(
    "的和与及或在了是等为对把被将从向以于由就也都而且但并其之这那该此各每某本我你他她它们有无不没让使给用到做成着过很更最已曾还再又能会要可应需"
)
# Single characters kept in a modifier when no dictionary word ends there: elements, energy
# carriers, organs, devices (氢储能, 锂电池, 肺移植, 光芯片).
SINGLE_OK = set(
    "氢氧碳氮硅锂钠镁铝钛铁铜锌镍钴锰钙钾磷硫钒铅锡金银铂钨钼铬硼氦氩钢煤油气电光核风热水车船舰机网云芯肺肝肾心脑骨眼耳皮血微纳超基柔激声磁量"
)
# What follows a head that is not the end of a term: 技术性, 系统化, 技术员, 技术协会, 平台公司,
# 技术交流峰会 (an organisation or an event named after the technology).
HEAD_FOLLOW_RE = re.compile(
    r"性|化|员|型|界|家|商|者|官|师|协|局|厅|部|委|院|所|处|科|司|校|馆|中心|公司|集团|有限|股份|联盟|学会|交流|论坛|峰会|大会|研讨|会议|沙龙|博览|展览|展会|园区|产业园|人才|人员|团队|专业"
    r"|总监|经理|主任|专家|负责人|总裁|主管|顾问|工程师|首席|创始人|合伙人|董事|秘书长|会长|理事|支持|支撑|服务|保障|指导"
)
ORG_WORDS = (
    "研究中心",
    "研究院",
    "研究所",
    "实验室",
    "有限公司",
    "协会",
    "学会",
    "联盟",
    "学院",
    "大学",
    "委员会",
    "创新中心",
    "工程中心",
    "公司",
    "集团",
)
# A bracketed place may stand before the organisation word: 三菱电机（中国）公司.
ORG_AHEAD_RE = re.compile(r"(?:[（(][\u4e00-\u9fff]{1,4}[）)])?[\u4e00-\u9fff]{0,8}?(?:" + "|".join(ORG_WORDS) + ")")
# Words that end an organisation or place: a modifier does not run across them (纽约医学院移植).
ORG_END = set("院校司所会局部厅委市省县区州国镇村")
# A leading count or demonstrative: 一连串技术, 多项技术, 这两类系统.
MEASURE_RE = re.compile(
    r"(?:[一二三四五六七八九十两几数多每各该此这那本其]+(?:连串|系列|项|种|类|个|套|些|批|款|大|方面)"
    r"|(?:首|第[一二三四五六七八九十\d]+)(?:例|台|套|个|款|批|次|代)"
    r"|(?<=\d)[\u4e00-\u9fff]?级)+"  # 42吨级大型…: the rest of a measure after its number
)
# Fields of work: 「X技术」 with one of these as X names a field, not a technology (医疗技术).
FIELD_WORDS = {
    "工程",
    "医疗",
    "医学",
    "汽车",
    "环保",
    "教育",
    "教学",
    "能源",
    "信息",
    "安全",
    "生物",
    "农业",
    "建筑",
    "交通",
    "制造",
    "化工",
    "金融",
    "通信",
    "电子",
    "计算机",
    "网络",
    "数字",
    "科学",
    "工业",
    "军事",
    "航空",
    "航天",
    "海洋",
    "管理",
    "服务",
    "运营",
    "生产",
    "加工",
    "产业",
    "行业",
    "专业",
    "文化",
    "艺术",
    "影视",
    "电影",
    "传媒",
    "体育",
    "卫生",
    "健康",
    "生态",
    "公安",
    "司法",
    "税务",
    "银行",
    "铁路",
    "邮政",
    "政法",
    "统战",
    "环境",
    "节能",
    "减排",
    "低碳",
    "绿色",
    "环境保护",
    "检测",
    "监测",
    "监督",
    "监管",
    "协同",
    "前沿",
    "势力",
    "软件",
    "硬件",
    "互联网",
    "科技",
    "新兴",
    "高新",
    "支撑",
    "配套",
    "应用",
    "基础",
    "共性",
    "底层",
    "平台",
}
MAX_MODIFIER = 8  # characters before the head
# Latin runs: product names and acronyms.
LATIN_PRODUCT_RE = re.compile(
    r"(?<![A-Za-z0-9.])([A-Z][A-Za-z0-9]*(?:[ -][A-Z0-9][A-Za-z0-9]*){0,3}[ -](?:\d{1,4}[A-Za-z]{0,3}|[A-Z]\d{1,3}|Pro|Max|Ultra|Plus|Mini|Lite|Air)"
    r"|[A-Z]{2,}[A-Za-z0-9]* [A-Z][a-z]+[A-Z][A-Za-z]*)(?![A-Za-z0-9.])"
)
LATIN_STOP = {
    "AI",
    "IT",
    "CEO",
    "CTO",
    "COO",
    "CFO",
    "VP",
    "GDP",
    "ESG",
    "IPO",
    "VC",
    "PE",
    "LP",
    "GP",
    "MBA",
    "EMBA",
    "PHD",
    "APP",
    "PPT",
    "CBD",
    "KPI",
    "ROI",
    "USB",
    "TV",
    "PC",
    "B2B",
    "B2C",
    "TO",
    "THE",
    "OF",
    "AND",
    "DAY",
    "DAYS",
    "SUMMIT",
    "FORUM",
    "CONFERENCE",
    "EXPO",
    "WEEK",
    "FESTIVAL",
    "AWARD",
    "AWARDS",
    "SHOW",
    "CUP",
    "TALK",
    "TALKS",
    "SESSION",
    "YEAR",
    "TOP",
    "FORTUNE",
    "INDUSTRY",
    "COVID",
    "NO",
}
# What ends a list of technologies: 「甲、乙和丙等(一系列|多项)技术」.
LIST_END_RE = re.compile(
    r"等(?:一系列|一连串|多项|多种|多个|众多|诸多|一批|新兴|前沿|先进|关键|核心|热点|)(技术|方向|应用|产品|领域|议题|话题|课题)"
    # 人工智能、视频云、区块链等当下热门的技术领域; 鸿蒙、麒麟等我国九大操作系统
    r"|等[^，。；、]{0,10}?(技术领域|操作系统|技术方向)"
)
TOPIC_ENDS = {"议题", "话题", "课题"}
LIST_SEP = "、"
CLAUSE_ENDS = "，,。；;：:！？!?\n（(“”「」"
CONJ_RE = re.compile(r"以及|和|与|及")
LIST_ITEM_MAX = 10


def find(s: str, lexicon: Lexicon, given: tuple[str, ...] | list[str] = ()) -> list[tuple[int, int, TechEntry]]:
    """(start, end, entry) of every technology mention in s (Simplified), in text order.

    Mentions do not overlap, except that a pattern term which extends a lexicon term on the left
    (镁基固态储氢 around 固态储氢) is kept beside it: the article names both."""
    hits = [h for h in _lexicon_hits(s, lexicon) if not _in_org_name(s, h[1], 4)]
    for entry, form in (_given_entry(g, lexicon) for g in given):
        if entry is not None:
            hits += [(m.start(), m.end(), entry) for m in re.finditer(re.escape(form), s, re.IGNORECASE)]
    hits = _without_overlaps(hits)
    candidates = _pattern_terms(s) + _list_items(s, hits) + _latin_products(s) + _latin_terms(s) + _quoted_products(s)
    counts: dict[str, int] = {}
    for _, _, term, _ in {(a, b, term, True) for a, b, term, _ in candidates}:  # one count per mention
        counts[term] = counts.get(term, 0) + 1
    entries: dict[str, TechEntry] = {}
    extra, replaced = [], set()
    for a, b, term, strong in candidates:
        if not _keep(term, strong, counts[term]):
            continue
        inside = [h for h in hits if h[0] < b and a < h[1]]
        if any(x < a or y > b or (x, y) == (a, b) for x, y, _ in inside):
            continue  # cut out of a longer lexicon term (模态大模型 in 多模态大模型)
        generic_head = not strong or term.endswith("技术")
        if not _latin(term) and generic_head and any(not (a < x and y == b) for x, y, _ in inside):
            continue  # a lexicon term inside names it (自动驾驶 in 自动驾驶技术, 大数据平台)
        for h in inside:  # a lexicon term that ends the phrase
            if s[h[0] : h[1]] in HEAD_FORMS or _latin(term):
                replaced.add(h)  # 工业机器人 rather than 机器人
        extra.append((a, b, entries.setdefault(term, TechEntry(term, _category(term), ()))))
    hits = [h for h in hits if h not in replaced]
    found = sorted(hits + _without_overlaps(extra), key=lambda h: (h[0], h[1]))
    return sorted(found + _siblings(s, found), key=lambda h: (h[0], h[1]))


SIBLING_SEPS = ("、", "与", "和", "及", "或")


def _siblings(s: str, found: list[tuple[int, int, TechEntry]]) -> list[tuple[int, int, TechEntry]]:
    """`动力电池、电控、电机和整车制造`: short items listed right beside a technology, made of
    technical characters (电, 控, 氢 …), are technologies too."""
    taken = {(a, b) for a, b, _ in found}
    out: list[tuple[int, int, TechEntry]] = []
    for _a, b, _e in found:
        pos = b
        while s[pos : pos + 1] in SIBLING_SEPS:
            m = re.match(r"(?:(?![等与和及或])[\u4e00-\u9fff]){2,4}(?=[、与和及或，。；等])", s[pos + 1 : pos + 6])
            if not m:
                break
            item, start = m.group(0), pos + 1
            end = start + len(item)
            if (
                not any(c in TECH_CHARS for c in item)
                or item in GENERIC_TERMS
                or item in STOP_WORDS
                or item[:2] in VAGUE_MODIFIERS
            ):
                break
            if (start, end) not in taken and not any(x < end and start < y for x, y, _ in found + out):
                out.append((start, end, TechEntry(item, _category(item), ())))
            pos = end
    return out


def _lexicon_hits(s: str, lexicon: Lexicon) -> list[tuple[int, int, TechEntry]]:
    """Lexicon.find(s), with the forms compiled into a trie-shaped pattern: the same matches
    (longest at each position), seven times faster than one alternative per form."""
    pattern = _PATTERNS.get(lexicon.fingerprint)
    if pattern is None:
        pattern = _PATTERNS[lexicon.fingerprint] = _trie_pattern(list(lexicon.by_form))
    hits = []
    for m in pattern.finditer(s):
        entry = lexicon.by_form.get(m.group(0).lower())
        if entry is not None:
            hits.append((m.start(), m.end(), entry))
    return hits


_PATTERNS: dict[str, re.Pattern[str]] = {}


def _trie_pattern(forms: list[str]) -> re.Pattern[str]:
    """One pattern for lower-cased forms, factored by common prefixes. A Latin form does not
    match inside a longer Latin word (MR in MRI), as in the lexicon's own pattern."""
    root: dict = {}
    for form in forms:
        node = root
        for ch in form:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict, last: str) -> str:
        alts = [re.escape(c) + emit(child, c) for c, child in sorted(node.items()) if c]
        ending = "(?![A-Za-z0-9])" if "" in node and re.match(r"[a-z0-9]", last) else ""
        if not alts:
            return ending
        body = "|".join(alts)
        if "" in node:
            return f"(?:{body}|{ending})" if ending else f"(?:{body})?"
        return body if len(alts) == 1 else f"(?:{body})"

    latin = {k: v for k, v in root.items() if re.match(r"[a-z0-9]", k)}
    other = {k: v for k, v in root.items() if k not in latin}
    parts = ([f"(?<![A-Za-z0-9])(?:{emit(latin, '')})"] if latin else []) + ([f"(?:{emit(other, '')})"] if other else [])
    return re.compile("|".join(parts) or "(?!)", re.IGNORECASE)


def _in_org_name(s: str, end: int, within: int) -> bool:
    """Whether s[end:] goes on, within a few characters and no function word, to an organisation
    word: 清华精准医疗研究院 names an institute, not a mention of 精准医疗."""
    m = ORG_AHEAD_RE.match(s, end)
    if m is None:
        return False
    k = re.sub(r"^[（(][^）)]*[）)]", "", m.group(0))
    between = next(len(k) - len(w) for w in ORG_WORDS if k.endswith(w))
    return between <= within and not any(c in STOP_CHARS for c in k[:between])


def _latin(term: str) -> bool:
    return bool(re.fullmatch(r"[A-Za-z0-9 .+-]+", term))


def technical_keyword(keyword: str, lexicon: Lexicon) -> bool:
    """A seed's keyword that names a technology: a lexicon term, a phrase ending in a technology
    head that the term rules would keep, or a Latin product name (DeepSeek, Web3)."""
    form = to_simplified(keyword).strip()
    if len(form) < 2 or form.lower() in GENERIC_TERMS:
        return False
    if lexicon.canonical(form):
        return True
    if re.fullmatch(r"[A-Za-z][A-Za-z0-9.+-]{1,20}", form):
        return form.upper() not in LATIN_STOP and bool(re.search(r"[a-z]", form) and re.search(r"[A-Z]", form[1:]))  # DeepSeek
    head = next((h for h in HEADS if form.endswith(h)), "")
    return bool(head) and _keep(form, head in STRONG_HEADS, 2)


def _given_entry(given: str, lexicon: Lexicon) -> tuple[TechEntry | None, str]:
    form = to_simplified(given).strip()
    if len(form) < 2 or form.lower() in GENERIC:
        return None, form
    known = lexicon.canonical(form)
    return (known or TechEntry(given.strip(), None, ())), form


def _without_overlaps(hits: list[tuple[int, int, TechEntry]]) -> list[tuple[int, int, TechEntry]]:
    """Longest first; a hit overlapping one already kept is dropped."""
    out: list[tuple[int, int, TechEntry]] = []
    for a, b, e in sorted(hits, key=lambda h: (-(h[1] - h[0]), h[0])):
        if all(b <= x or y <= a for x, y, _ in out):
            out.append((a, b, e))
    return out


def _pattern_terms(s: str) -> list[tuple[int, int, str, bool]]:
    """(start, end, term, strong head) for noun phrases that end in a technology head."""
    out = []
    for m in HEAD_RE.finditer(s):
        head_start, end = m.start(), m.end()
        if HEAD_FOLLOW_RE.match(s, end) or _in_org_name(s, end, 8):
            continue  # 技术性, 技术员, 材料工程技术研究中心: the head does not end a term here
        strong = m.group(0) in STRONG_HEADS
        start = _left_edge(s, head_start)
        before = s[max(start, head_start - 2) : head_start]
        if not strong and start < head_start and _verbal_noun(before) and before not in TECH_VERBS:
            continue  # 监督技术, 训练模型: a verb names what the thing does, not which it is
        start = _strip_vague(s, start, head_start)
        if start < head_start:
            out.append((start, end, s[start:end], strong))
    return out


def _left_edge(s: str, pos: int, limit: int = 0) -> int:
    """Where the modifier before s[pos] starts: walk left over nouns (dictionary words, longest
    first), Latin runs and element characters; stop at a verb, a function word, a place or
    organisation, or punctuation."""
    stop2, nouns, _ = _words()
    start = pos
    while start > limit and pos - start < MAX_MODIFIER:
        ch = s[start - 1]
        if ch.isascii() and (ch.isalnum() or ch in "-+"):
            k = start - 1
            while k > limit and s[k - 1].isascii() and (s[k - 1].isalnum() or s[k - 1] in "-+."):
                k -= 1
            token = s[k:start]
            if "+" in token:  # 4A+AI中台: the term after the plus
                token = token.rsplit("+", 1)[1]
                k = start - len(token)
            if not re.match(r"[A-Za-z]", token) or (token.upper() in LATIN_STOP and token.upper() not in LATIN_MODIFIERS):
                break
            start = k
            if start - 2 >= limit and s[start - 1] == " " and s[start - 2].isascii() and s[start - 2].isalnum():
                start -= 1  # Aurora Vision平台: a Latin name of several words
            continue
        if not is_cjk(ch):
            break
        word = ""
        for n in (4, 3):
            w = s[start - n : start] if start - n >= limit else ""
            if len(w) == n and all(is_cjk(c) for c in w):
                if w in stop2:
                    return start  # 国内外, 不同类型
                if w in nouns:
                    word = w
                    break
        if not word and start - 2 >= limit:
            w = s[start - 2 : start]
            if is_cjk(w[0]):
                if w in TECH_VERBS:
                    start -= 2
                    continue
                if w in stop2 or w in STOP_WORDS:
                    break
                if _is_word(w):
                    word = w
        if word:
            if word in STOP_WORDS or word[-1] in ORG_END:
                break
            start -= len(word)
            continue
        if (
            ch == "新"
            and start - 3 >= limit
            and _is_word(s[start - 3 : start - 1])
            and s[start - 3 : start - 1] not in STOP_WORDS
        ):
            start -= 1  # 汽车新材料: a noun before 新 keeps the modifier going (推动新技术 does not)
            continue
        if ch in STOP_CHARS or ch not in SINGLE_OK:
            break
        start -= 1
    return start


def _strip_vague(s: str, start: int, head_start: int) -> int:
    """Drop generic modifiers from the left (先进储能技术 -> 储能技术; 关键核心技术 -> 技术)."""
    changed = True
    while changed and start < head_start:
        changed = False
        m = MEASURE_RE.match(s, start, head_start)
        if m:
            start, changed = m.end(), True
            continue
        for w in VAGUE_SORTED:
            if s.startswith(w, start) and start + len(w) <= head_start:
                # a vague character that starts a longer word stays (多模态, 大数据, 新能源)
                if len(w) == 1 and (_is_word(s[start : start + 2]) or s[start : start + 3] in _words()[1]):
                    continue
                start += len(w)
                changed = True
                break
    return start


def _list_items(s: str, hits: list[tuple[int, int, TechEntry]]) -> list[tuple[int, int, str, bool]]:
    """Items of 「甲、乙和丙等技术」: each item is a technology. A list that ends in 等方向 or
    等应用 counts only when one of its items is a lexicon term."""
    out = []
    for m in LIST_END_RE.finditer(s):
        end = m.start()
        clause = max(s.rfind(c, 0, end) for c in CLAUSE_ENDS) + 1
        spans = []
        a = clause
        for part in s[clause:end].split(LIST_SEP):
            spans.append((a, a + len(part)))
            a += len(part) + 1
        last_a, last_b = spans[-1]
        conj = CONJ_RE.search(s, last_a, last_b)
        if conj:
            spans[-1:] = [(last_a, conj.start()), (conj.end(), last_b)]
        if len(spans) < 2:
            continue
        first_a, first_b = spans[0]
        spans[0] = (_strip_vague(s, _left_edge(s, first_b, first_a), first_b), first_b)
        if (m.group(1) or m.group(2)) not in {"技术", "技术领域", "操作系统"} and not any(
            x < b and a < y for a, b in spans for x, y, _ in hits
        ):
            continue
        topics = m.group(1) in TOPIC_ENDS  # a list of topics mixes technologies with activities
        for a, b in spans:
            item = s[a:b]
            if (
                2 <= len(item) <= LIST_ITEM_MAX
                and not item.endswith("性")
                and not (topics and len(item) > 2 and _ends_in_verb(item))  # 产业链合作等议题: an activity
                and all(is_cjk(c) or c.isascii() and c.isalnum() for c in item)
            ):
                out.append((a, b, item, True))
    return out


# A quoted name of something made (打造的“金融超脑”, 发布了“天工”大模型): a product.
QUOTED_PRODUCT_RE = re.compile(
    r"(?:打造|推出|发布|研发|研制|上线|首发)(?:的|了)?[“「]([\u4e00-\u9fffA-Za-z0-9]{2,10})[”」]"
    r"(?=[。，,]?(?:这一|这款|这个|该)?(?:产品|系统|平台|模型|大模型|芯片|机器人|应用|软件|装备|设备))"  # not 推出的“春风行动”
)


def _quoted_products(s: str) -> list[tuple[int, int, str, bool]]:
    return [(m.start(1), m.end(1), m.group(1), True) for m in QUOTED_PRODUCT_RE.finditer(s)]


def _latin_products(s: str) -> list[tuple[int, int, str, bool]]:
    """A brand followed by a model (Xyz Pro 3, ABC X 2021) or by a coined name (ABC CoolName)."""
    out = []
    for m in LATIN_PRODUCT_RE.finditer(s):
        tokens = re.split(r"[ -]", m.group(1))
        if any(t.upper() in LATIN_STOP for t in tokens):
            continue
        out.append((m.start(1), m.end(1), m.group(1), True))
    return out


# CamelCase product names (AlphaGo, HarmonyOS, iPhone) and acronyms (PCR, CDMO, LAMOST).
CAMEL_RE = re.compile(r"(?<![A-Za-z0-9])((?:[A-Z][a-z]+|i)[A-Z][A-Za-z0-9]*|[A-Z]-[A-Z][a-z]+)(?![A-Za-z0-9])")
ACRONYM_RE = re.compile(r"(?<![A-Za-z0-9（(])([A-Z]{2,6})(?![A-Za-z0-9）)])")
# What follows an acronym that names an organisation or a person's office, not a technology.
ACRONYM_ORG_AFTER = re.compile(
    r"[\u4e00-\u9fff]{0,6}?(?:公司|集团|协会|学会|大学|中心|研究院|基金|联盟|组织|委员会|总部|官方|团队|创始人|首席)"
)
# A technical word right after an acronym (LAMOST巡天, OLED屏, PCR检测).
ACRONYM_TECH_AFTER = re.compile(
    r"巡天|屏|检测|技术|芯片|系统|协议|标准|测试|平台|模型|算法|设备|许可|发电机|电池|无人机|机器人|手机|模块|电机|发动机|传感器"
)
# Latin words too generic to name a technology alone that still make a term more specific (AI中台).
LATIN_MODIFIERS = {"AI"}
# A model number (GC4000, XP2020, B13860S): letters, then digits, perhaps a letter.
MODEL_RE = re.compile(r"(?<![A-Za-z0-9])([A-Z]{1,4}\d{2,6}[A-Z]?)(?![A-Za-z0-9])")


# What names a product right before its quoted Latin name (燃料电池车“MIRAI”, 机器人“ABC”).
PRODUCT_BEFORE_QUOTE = re.compile(r"(?:车|机|器|人|芯片|系统|平台|模型|电池|产品)$")


# Verbs that take a technology as their object (运用PCR, 基于LAMOST).
TECH_USE_BEFORE = re.compile(r"(?:采用|运用|使用|基于|利用|应用|搭载|借助|引入|部署)$")


def _latin_terms(s: str) -> list[tuple[int, int, str, bool]]:
    """CamelCase product names and acronyms that a technical word follows (LAMOST巡天) or a verb of
    use precedes (运用PCR), unless an organisation word follows them (AMD上海研发中心)."""
    out = []
    for m in [*CAMEL_RE.finditer(s), *ACRONYM_RE.finditer(s), *MODEL_RE.finditer(s)]:
        token = m.group(1)
        if token.upper() in LATIN_STOP or ACRONYM_ORG_AFTER.match(s, m.end()):
            continue
        used = TECH_USE_BEFORE.search(s, max(0, m.start() - 3), m.start()) is not None
        camel = not token.isupper() and s[m.end() : m.end() + 1] not in {"的", "公", "与", "和", "、", "（", "("}
        quoted_product = (
            s[m.start() - 1 : m.start()] == "“"
            and s[m.end() : m.end() + 1] == "”"
            and PRODUCT_BEFORE_QUOTE.search(s, max(0, m.start() - 4), m.start() - 1)
        )
        if ACRONYM_TECH_AFTER.match(s, m.end()) or used or "-" in token or camel or quoted_product:
            out.append((m.start(1), m.end(1), token, True))
    return out


def _keep(term: str, strong: bool, count: int) -> bool:
    if term.lower() in GENERIC_TERMS or len(term) < 3 and not term.isascii():
        return False
    head = next((h for h in HEADS if term.endswith(h)), "")
    modifier = term[: len(term) - len(head)] if head else term
    if not modifier or modifier.lower() in VAGUE_MODIFIERS or modifier in STOP_WORDS or modifier.endswith("性"):
        return False
    if modifier in TECH_VERBS and head in OBJECT_HEADS:
        return False  # 检测芯片: a verb and its object
    if _technical(modifier):
        return True
    field = next((w for w in FIELD_WORDS if modifier.endswith(w)), "")
    if field and modifier[: -len(field)] in TECH_VERBS:
        return True  # 移动信息技术: what the field's technology does makes it one
    if head in TECHNICAL_HEADS or (head == "技术" or not strong) and field:
        return False  # 医疗技术, 汽车安全技术, 教育系统: a field; 长城汽车: a company
    # a weak head (系统, 平台 …) needs a second mention or a modifier of two words (临床决策系统)
    return strong or count >= 2 or len(modifier) >= 4 and not any(w in modifier for w in FIELD_WORDS)


def _ends_in_verb(item: str) -> bool:
    stop2, _, verbal = _words()
    return item[-2:] not in TECH_VERBS and (item[-2:] in verbal or item[-2:] in stop2)  # 拟人推理 stays


def _verbal_noun(word: str) -> bool:
    return len(word) == 2 and word in _words()[2]


TECH_CHARS = set("氢碳硅锂钠镁光电核网云芯算码控感测储驱导航轨磁激量超纳基")


def _technical(modifier: str) -> bool:
    """A modifier that names a technical thing: Latin letters, or a technical character."""
    return bool(re.search(r"[A-Za-z0-9]", modifier)) or any(c in TECH_CHARS for c in modifier)


CATEGORY_BY_HEAD = {
    "材料": "材料",
    "电池": "能源",
    "储能": "能源",
    "储氢": "能源",
    "制氢": "能源",
    "驾驶": "汽车",
    "雷达": "汽车",
    "发动机": "汽车",
    "芯片": "半导体",
    "传感器": "半导体",
    "机器人": "机器人",
    "移植": "医疗",
    "疫苗": "生命科技",
    "大模型": "大模型",
    "算法": "机器学习",
}


def _category(term: str) -> str | None:
    return next((c for h, c in CATEGORY_BY_HEAD.items() if term.endswith(h)), None)


VAGUE_SORTED = sorted(VAGUE_MODIFIERS, key=len, reverse=True)


def _is_word(w: str) -> bool:
    from .words import two_character_words

    return w in two_character_words()


NOUN_TAGS = {"n", "nz", "b", "j", "an", "ng", "nrt", "g"}
STOP_TAGS = {"a", "ad", "ag", "s", "ns", "nt", "i", "l", "o", "e", "h", "k", "x"}


@lru_cache(maxsize=1)
def _words() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """Words of jieba's dictionary by role: words of two to four characters that end a modifier
    (verbs, adverbs, adjectives, places, organisations …), nouns of three and four characters,
    verbal nouns of two (监督, 训练)."""
    from .words import _derived_from_jieba

    stop2, nouns, verbal = _derived_from_jieba("dict.txt", "terms-v4", _read_words)
    return frozenset(stop2), frozenset(nouns), frozenset(verbal)


def _read_words(source: Path) -> tuple[list[str], list[str], list[str]]:
    stop: list[str] = []
    nouns: list[str] = []
    verbal: list[str] = []
    with open(source, encoding="utf-8") as handle:
        for line in handle:
            parts = line.split()
            if len(parts) < 3 or not parts[1].isdigit() or int(parts[1]) <= 0:
                continue
            word, freq, tag = parts[0], int(parts[1]), parts[2]
            # rare long words cost load time and hardly ever stand before a head
            if not 2 <= len(word) <= 4 or len(word) == 3 and freq < 3 or len(word) == 4 and freq < 10:
                continue
            if tag in NOUN_TAGS or tag == "vn" and len(word) > 2:
                if len(word) > 2:
                    nouns.append(word)
            elif tag == "vn":
                verbal.append(word)
            elif (tag in STOP_TAGS or tag[0] in "vdpcrumqftyz") and (len(word) == 2 or freq >= 10):
                stop.append(word)
    return stop, nouns, verbal
