"""Technology terms beyond the AI lexicon (generator/terms.py), on sentences written for these tests."""

from __future__ import annotations

import pytest

from generator import terms
from generator.chinese import to_simplified
from generator.extract import extract
from generator.lexicon import build_lexicon, load_lexicon
from generator.seeds import parse


def found(text: str) -> list[str]:
    """The terms as written in the (Simplified) text, in text order."""
    s = to_simplified(text)
    return [s[a:b] for a, b, _ in terms.find(s, load_lexicon())]


def canonical(text: str) -> set[str]:
    s = to_simplified(text)
    return {e.name for _, _, e in terms.find(s, load_lexicon())}


# --- the lexicon, extended to other industries ---------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("项目把弃风电量用于电解水制氢，再以氢储能的方式调峰。", {"制氢", "氢储能"}),
        ("电网公司试点虚拟电厂，聚合了上千个储能电站。", {"虚拟电厂", "储能"}),
        ("示范区开放了车路协同测试道路，并发布了高精度地图采集规范。", {"车路协同", "高精地图"}),
        ("该院的外科手术机器人已能完成前列腺切除。", {"手术机器人"}),
        ("市民可以用数字身份办理公积金，城市大脑实时调度公交。", {"数字身份", "城市大脑"}),
        ("试点商户开始受理数字人民币，碳化硅器件也进入了充电桩。", {"数字人民币", "碳化硅", "充电桩"}),
        ("运营商宣布5G-A网络覆盖全市，6G研究同步启动。", {"5G-A", "6G"}),
        ("团队用OCR把纸质病历录入电子病历系统。", {"光学字符识别", "电子病历"}),
    ],
)
def test_lexicon_covers_energy_vehicles_medicine_government_finance(sentence: str, expected: set[str]) -> None:
    assert expected <= canonical(sentence)


def test_distinct_driving_terms_stay_distinct() -> None:
    got = canonical("从辅助驾驶到智能驾驶，再到真正的无人驾驶和自动驾驶，路还很长。")
    assert {"高级辅助驾驶", "智能驾驶", "无人驾驶", "自动驾驶"} <= got


def test_traditional_text_is_matched_and_kept_as_written() -> None:
    record = extract(parse("总结: 與會者討論了氫儲能與精準醫療的前景。\n", "t.txt"))
    by_canonical = {t.canonical: t.name for t in record.technologies}
    assert by_canonical["氢储能"] == "氫儲能"
    assert by_canonical["精准医疗"] == "精準醫療"


def test_trie_pattern_finds_what_the_lexicon_pattern_finds() -> None:
    lexicon = load_lexicon()
    text = to_simplified(
        "MRI不是MR。我们用AR眼镜、AR和VR做演示；GPT-4o比GPT-4新；多模态大模型与大模型；"
        "Stable Diffusion、LLaMA、5G-A与5G；氢燃料电池汽车和燃料电池；AIGCX不算AIGC。"
    )
    assert terms._lexicon_hits(text, lexicon) == lexicon.find(text)


# --- term patterns: a noun phrase ending in a technology head ------------------------------


@pytest.mark.parametrize(
    ("sentence", "term"),
    [
        ("该所长期从事热泵技术研究。", "热泵技术"),
        ("新一代超临界二氧化碳发电技术有望提高效率。", "超临界二氧化碳发电技术"),
        ("会上展示了柔性钙钛矿叠层电池的样品。", "柔性钙钛矿叠层电池"),
        ("他们研发的钒液流电池已经并网。", "钒液流电池"),
        ("工厂新上了一条焊接机器人产线。", "焊接机器人"),
        ("这家公司的固态激光雷达通过了车规测试。", "固态激光雷达"),
        ("该院完成了首例肺移植手术。", "肺移植"),
        ("这套车牌识别系统装在了所有出入口。", "车牌识别系统"),
        ("工程师调试了图像分析系统。", "图像分析系统"),  # 分析 is a verbal noun that names a function
        ("这套Aurora Vision平台接入了五十家医院。", "Aurora Vision平台"),
    ],
)
def test_pattern_finds_terms_outside_the_lexicon(sentence: str, term: str) -> None:
    assert term in found(sentence)


@pytest.mark.parametrize(
    ("sentence", "term"),
    [
        ("我们正在积极推广热泵技术。", "热泵技术"),  # a verb ends the phrase on the left
        ("国内外钙钛矿叠层电池的研究进展很快。", "钙钛矿叠层电池"),  # so does a place word
        ("纽约医学院肺移植的经验", "肺移植"),  # and an organisation
    ],
)
def test_left_boundary_stops_at_verbs_places_and_organisations(sentence: str, term: str) -> None:
    got = found(sentence)
    assert term in got
    assert not any(t != term and t.endswith(term) for t in got)


@pytest.mark.parametrize(
    "sentence",
    [
        "李明表示，我们将继续深化与高校在关键核心技术上的合作。",
        "与会专家指出，相关技术仍处于早期阶段，需要更多资金投入。",
        "论坛期间，多家企业围绕技术创新、人才培养和市场拓展进行了交流。",
        "他们公司的管理系统已经升级，员工可以在手机上审批。",
        "他说，全国教育系统要把立德树人作为根本任务。",
        "作为合作伙伴，该公司提供了技术支持和资金保障。",
        "这是一项过渡性技术，也是一项颠覆性技术。",
        "他们的医疗技术和汽车安全技术都在进步。",
        "主办方介绍，本次大会设有教育、医疗、金融等多个分论坛。",
        "这家企业拥有一连串技术和多项技术储备。",
    ],
)
def test_generic_phrases_are_not_technologies(sentence: str) -> None:
    assert found(sentence) == []


def test_organisations_and_titles_named_after_a_technology_are_not_mentions() -> None:
    assert found("星河储能技术有限公司总经理刘洋出席。") == []
    assert found("清华精准医疗研究院的专家到场。") == []
    assert found("他是海川云平台总监。") == []


def test_weak_head_needs_a_second_mention() -> None:
    once = "园区上线了票务平台。"
    assert found(once) == []
    assert found(once + "游客在票务平台上预约。") == ["票务平台", "票务平台"]


def test_longer_term_is_kept_beside_the_lexicon_term_it_extends() -> None:
    got = found("团队攻克了镁基固态储氢的难题。")
    assert "固态储氢" in got and any(t.endswith("固态储氢") and len(t) > 4 for t in got)


def test_bare_head_in_the_lexicon_gives_way_to_the_specific_term() -> None:
    assert found("研究院牵头制定了工业机器人安全标准。") == ["工业机器人"]


def test_lexicon_term_inside_a_generic_phrase_names_it() -> None:
    s = "大家都在谈无人机技术和大数据平台。"
    assert found(s) == ["无人机", "大数据"]
    assert canonical("大家都在谈自动驾驶技术。") == {"自动驾驶"}


# --- lists and Latin product names ---------------------------------------------------------


def test_items_of_a_technology_list() -> None:
    got = found("他说，平台要用到票据识别、拟真推演和语义检索等一系列技术。")
    assert {"票据识别", "拟真推演", "语义检索"} <= set(got)


def test_list_of_fields_is_not_a_list_of_technologies() -> None:
    assert found("会议覆盖教育、医疗和文旅等应用。") == []


def test_latin_product_names() -> None:
    got = found("XPower Pro 3 和 Nova X2 两款产品亮相，ZENO LightWave 随后发布。")
    assert got == ["XPower Pro 3", "Nova X2", "ZENO LightWave"]


def test_event_names_in_latin_are_not_products() -> None:
    assert found("大会英文名为 ACME INNO DAY 2024。") == []


# --- in the record --------------------------------------------------------------------------


def test_pattern_terms_become_technologies_with_mentions_and_sentences() -> None:
    record = extract(parse("总结: 该所介绍了钠硫储能电池的进展。钠硫储能电池已在电站试运行。\n", "x.txt"))
    tech = next(t for t in record.technologies if t.canonical == "钠硫储能电池")
    assert tech.mentions == 2 and len(tech.sentences) == 2


def test_seed_field_terms_are_counted_in_the_body() -> None:
    record = extract(parse("总结: 讲者演示了光场重聚焦。光场重聚焦让后期更自由。\nAI技术: 光场重聚焦, 人工智能+\n", "x.txt"))
    tech = next(t for t in record.technologies if t.canonical == "光场重聚焦")
    assert tech.mentions == 2
    assert all(t.canonical != "人工智能+" for t in record.technologies)


def test_an_empty_lexicon_still_finds_pattern_terms() -> None:
    s = "会上发布了钠硫储能电池。"
    assert [e.name for _, _, e in terms.find(s, build_lexicon([]))] == ["钠硫储能电池"]


@pytest.mark.parametrize(
    ("sentence", "term"),
    [
        ("实验室运用QMX与传统方法比对了结果。", "QMX"),  # an acronym used as a tool
        ("团队完成了ZENITH巡天的第三期数据发布。", "ZENITH"),  # an acronym with a technical word
        ("那一年BetaFold在蛋白质预测上一鸣惊人。", "BetaFold"),  # a CamelCase product
        ("发布会推出了星舟Q-Stylus手写笔。", "Q-Stylus"),
        ("金融、海洋牧场、视觉云、链上存证等当下热门的技术领域都有涉及。", "视觉云"),  # a list ending in 技术领域
    ],
)
def test_latin_terms_and_lists_of_fields(sentence: str, term: str) -> None:
    assert term in found(sentence)


def test_an_acronym_that_names_an_organisation_is_no_technology() -> None:
    assert "QMX" not in found("QMX公司董事长表示，QMX研究院明年扩招。")


def test_short_items_beside_a_technology_and_screen_and_telescope_heads() -> None:
    items = found("基地形成了固态电池、电控、电驱和整车制造的产业链，并展示了折叠屏样机和球面射电望远镜。")
    assert {"电控", "电驱", "折叠屏", "球面射电望远镜"} <= set(items)
    assert "整车制造" not in items  # no technical character: an industry, not a technology


def test_lexicon_terms_of_other_fields_and_no_technology_inside_a_company_name() -> None:
    items = found("三菱电机（中国）公司展示了电解槽与光解水制氢样机，医院用PCR快筛和远距照护服务病人，学校推广线上教学。")
    assert {"光解水制氢", "PCR", "快筛", "远距照护", "线上教学"} <= set(items)
    assert "三菱电机" not in items and "电机" not in items


def test_internet_heads_processors_therapies_and_software_terms() -> None:
    items = found("北岭电网建设能源互联网与卫星互联网，研发光子处理器和细胞疗法，并提供SDK与编译器。")
    assert {"能源互联网", "卫星互联网", "光子处理器", "细胞疗法", "SDK", "编译器"} <= set(items)
    assert "互联网" not in items and "智慧能源" not in items  # energy internet is not smart energy


def test_propulsion_systems_surgery_heads_and_measures_before_a_term() -> None:
    got = found("北岭公司还在开发氢电推进系统，并推进42吨级大型氢燃料电池重卡。医生介绍了血管介入手术。")
    assert "氢电推进系统" in got and "血管介入手术" in got
    assert not any(t.startswith(("吨级", "大型")) for t in got)
    assert found("北岭医院全年开展手术三百台。") == []


def test_items_of_a_list_of_frontier_fields_and_a_quoted_product_name() -> None:
    got = found("报告介绍了纳米材料、智能视觉合成等前沿领域的进展。第一代氢燃料电池车“NOVA”上市以来广受关注。")
    assert "智能视觉合成" in got and "NOVA" in got
    assert found("北岭公司推出“NOVA”品牌。") == []


def test_a_vague_item_beside_a_technology_is_no_technology() -> None:
    assert "核心材料" not in found("北岭公司还在开发储氢罐和核心材料。")


def test_topics_listed_as_issues_keep_technologies_and_drop_activities() -> None:
    got = found("论坛围绕车路协同、船舶新材料、低空物流以及区域合作等议题展开讨论。")
    assert "船舶新材料" in got and "车路协同" in got
    assert "区域合作" not in got and "推动新技术" not in found("要推动新技术落地。")


def test_fuel_heads_mobile_fields_and_web3_apart_from_blockchain() -> None:
    assert "氢燃料" in found("为氢燃料的安全储运提供保障。")
    assert "移动信息技术" in found("他以《移动信息技术改变出行》为题。")
    assert "信息技术" not in found("推广信息技术。")
    assert canonical("发展第三代互联网和区块链。") == {"Web3", "区块链"}
    assert {"可再生能源", "智能装备"} <= canonical("发展可再生能源，建设智能装备基地。")


def test_model_numbers_quoted_products_cables_and_ai_platforms() -> None:
    got = found(
        "套装含1台KX5000发电机和2块Q2060B电池。公司打造的“智算大脑”。这一产品面向银行。推出的“春风行动”。建设了30条干线光缆。"
    )
    assert {"KX5000", "Q2060B电池", "智算大脑", "干线光缆"} <= set(got)
    assert "春风行动" not in got


def test_a_keyword_that_names_a_technology_counts_where_the_body_names_it() -> None:
    text = "标题: 论坛\n总结: 会上，专家介绍了氢能轨道交通的进展，以及DeepSeek的应用。COVID-19之后需求回升。\n关键词: 氢能轨道交通, DeepSeek, COVID-19, 区域合作\n"
    names = {t.name for t in extract(parse(text, "k.txt")).technologies}
    assert {"氢能轨道交通", "DeepSeek"} <= names and "COVID-19" not in names and "区域合作" not in names
