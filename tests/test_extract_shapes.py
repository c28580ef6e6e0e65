"""Extraction rules, one shape per test, on sentences written for the test (not from the corpus)."""

from __future__ import annotations

from generator.extract import extract
from generator.records import Record
from generator.seeds import parse


def run(body: str, title: str | None = None, url: str | None = None, technologies: str = "") -> Record:
    text = (f"标题: {title}\n" if title else "") + (f"链接: {url}\n" if url else "") + f"总结: {body}\n"
    if technologies:
        text += f"AI技术: {technologies}\n"
    return extract(parse(text, "case.txt"))


def speakers(record: Record) -> dict[str, tuple[list[str], list[str], str]]:
    return {s.name: (s.orgs, s.titles, s.role) for s in record.speakers}


def kinds(record: Record, name: str) -> set[str]:
    sp = next(s for s in record.speakers if s.name == name)
    return {record.segments[i].kind for i in sp.segment}


# --- introductions ---------------------------------------------------------------------------


def test_org_title_name() -> None:
    r = run("云帆科技首席技术官欧阳明远表示，大模型的成本会继续下降。欧阳明远认为，行业需要耐心。")
    assert speakers(r) == {"欧阳明远": (["云帆科技"], ["首席技术官"], "speaker")}


def test_name_then_parenthesised_org_and_title() -> None:
    r = run(
        "参与讨论的嘉宾包括：何晓峰（星图资本合伙人）、陆嘉怡（远景大学人工智能学院教授）和邱振（蓝鲸汽车（中国）有限公司副总裁）。"
    )
    got = speakers(r)
    assert got["何晓峰"] == (["星图资本"], ["合伙人"], "speaker")
    assert got["陆嘉怡"][1] == ["教授"] and "远景大学" in got["陆嘉怡"][0][0]
    assert got["邱振"] == (["蓝鲸汽车（中国）有限公司"], ["副总裁"], "speaker")


def test_name_bar_org_title() -> None:
    r = run("本期嘉宾：\n司马青｜北辰研究院 院长\n司马青介绍，研究院今年聚焦数字孪生。")
    assert r.speakers[0].name == "司马青"
    assert r.speakers[0].titles == ["院长"] and r.speakers[0].orgs == ["北辰研究院"]


def test_org_name_title() -> None:
    r = run("开幕致辞时，东华大学王立新校长首先感谢各方支持。随后致辞的蓝天电信郑宏总经理表示，5G应用正在提速。")
    got = speakers(r)
    assert got["王立新"] == (["东华大学"], ["校长"], "speaker")
    assert got["郑宏"] == (["蓝天电信"], ["总经理"], "speaker")


def test_several_titles_joined() -> None:
    r = run("锦程集团董事长兼总裁陈默，华声传媒创始人、CEO林川先后登台演讲。陈默表示，内容为王。林川表示，技术是杠杆。")
    got = speakers(r)
    assert got["陈默"] == (["锦程集团"], ["董事长", "总裁"], "speaker")
    assert got["林川"] == (["华声传媒"], ["创始人", "CEO"], "speaker")


def test_former_title_is_not_current_affiliation() -> None:
    r = run("曾任华夏银行行长、现任蓝海资本董事长的周启明在圆桌对话中表示，耐心资本很重要。")
    assert speakers(r)["周启明"] == (["蓝海资本"], ["董事长"], "speaker")


def test_moderator_header_and_guest_list() -> None:
    r = run(
        "主持人：韩雪（资深财经记者）。对话嘉宾：苏航（极光影业创始人）；宁静（北岸科技CTO）。对话开始，韩雪首先向苏总提问。苏航回答说，短剧仍在增长。"
    )
    got = speakers(r)
    assert got["韩雪"][2] == "moderator"
    assert got["苏航"] == (["极光影业"], ["创始人"], "speaker")
    assert got["宁静"][2] == "speaker"
    assert [s.kind for s in r.segments] == ["roundtable"]


def test_short_references_attach_statements() -> None:
    r = run(
        "专题演讲部分，数字发展署署长李冠军与远山集团副总裁徐大同先后登台。"
        "李署长在演讲中提到，算力基础设施要先行。徐总则认为，企业应当拥抱开源模型。"
    )
    li = next(s for s in r.speakers if s.name == "李冠军")
    xu = next(s for s in r.speakers if s.name == "徐大同")
    assert any("算力基础设施" in s for s in li.statements)
    assert any("开源模型" in s for s in xu.statements)


# --- names -------------------------------------------------------------------------------------


def test_compound_and_double_barrelled_surnames() -> None:
    r = run("北辰研究院院长诸葛明与香江基金会主席范徐丽泰出席并致辞。诸葛明表示，合作是关键。范徐丽泰表示，青年是未来。")
    assert {"诸葛明", "范徐丽泰"} <= set(speakers(r))


def test_transliterated_and_latin_names() -> None:
    r = run(
        "作为星辰人工智能公司的首席执行官，约翰·史密斯近来备受关注。他在峰会上发表演讲。史密斯表示，安全是前提。"
        "随后，深海科技首席科学家 Maria Lopez 表示，开源社区推动了进步。"
    )
    got = speakers(r)
    assert "约翰·史密斯" in got and got["约翰·史密斯"][1] == ["首席执行官"]
    assert "Maria Lopez" in got


def test_pen_name_validated_by_recurring_speech() -> None:
    r = run("山海影业创始人木子禾介绍，公司聚焦AI短剧。木子禾表示，AI让小团队也能出精品。木子禾认为，内容仍是核心。")
    assert "木子禾" in speakers(r)


# --- who is not a speaker -------------------------------------------------------------------


def test_reporters_editors_and_photo_credits_are_not_speakers() -> None:
    r = run(
        "（记者 赵一鸣）星海科技总经理钱多多表示，市场正在回暖。（图：论坛现场。新华社记者 孙晓 摄）"
        "钱多多说，明年会扩大投入。（编辑：李小青）"
    )
    assert set(speakers(r)) == {"钱多多"}
    assert "赵一鸣" in r.source.reporter


def test_attendees_and_second_hand_quotes_are_not_speakers() -> None:
    r = run(
        "光年科技董事长沈星河在开幕式上致辞。正如阿里巴巴创始人马云所说，今天很残酷。"
        "省委副书记周正出席。出席活动的还有市科技局局长吴天、市文旅局局长郑南等。沈星河表示，创新需要耐心。"
    )
    assert set(speakers(r)) == {"沈星河"}


def test_host_of_another_event_is_not_a_moderator() -> None:
    r = run("曾担任春晚主持人的演员白晓宇在对话环节表示，AI不会取代演员。白晓宇说，表演需要真情。")
    assert speakers(r)["白晓宇"][2] == "speaker"


# --- roles and segments ------------------------------------------------------------------------


def test_moderator_by_zhuchi_and_questioner_in_qa() -> None:
    r = run(
        "本场论坛由未来研究院副院长田野担任主持。主旨演讲环节，远航科技CEO高远发表演讲。"
        "演讲结束后，星云资本合伙人黎明与高远进行了问答交流。高远回答说，监管会跟上。"
    )
    got = speakers(r)
    assert got["田野"][2] == "moderator"
    assert got["黎明"][2] == "moderator"
    assert got["高远"][2] == "speaker"
    assert kinds(r, "高远") == {"keynote", "other"}


def test_person_in_several_segments_gets_each() -> None:
    r = run(
        "主题分享环节，蓝海大学教授马卓首先发言，星火科技CTO林立随后分享。"
        "圆桌论坛环节，马卓再度上台，与云端资本合伙人周密一起讨论。马卓表示，人才是关键。"
    )
    assert kinds(r, "马卓") == {"talk", "roundtable"}
    assert kinds(r, "林立") == {"talk"}
    assert kinds(r, "周密") == {"roundtable"}


def test_segments_from_markers_in_order() -> None:
    r = run(
        "开幕致辞中，星河集团董事长陈光表示，欢迎各位。主旨演讲环节，未来大学教授刘远作了报告。"
        "圆桌对话环节，云帆科技创始人王川、蓝图资本合伙人李静进行了交流。闭幕致辞由组委会秘书长赵平完成。"
    )
    assert [s.kind for s in r.segments] == ["opening", "keynote", "roundtable", "closing"]
    assert kinds(r, "王川") == {"roundtable"}


def test_single_roundtable_report_without_markers() -> None:
    r = run("光明影业董事长王大川、追梦动画总裁于小舟、导演郭小帆等嘉宾齐聚一堂，分享各自的创作心得。郭小帆表示，AI降本增效。")
    assert len(r.segments) == 1
    assert {s.name for s in r.speakers} == {"王大川", "于小舟", "郭小帆"}


# --- event -------------------------------------------------------------------------------------


def test_event_name_date_city_organizers() -> None:
    r = run(
        "《江城日报》6月2日讯（记者 周文）昨日，由江城市科技局、江城大学联合主办，江城会展公司承办的"
        "“2024江城人工智能创新大会”在汉开幕。江城大学校长高明在开幕式上致辞。",
        url="https://news.example.com/2024/0602/123.html",
    )
    assert r.event.name == "2024江城人工智能创新大会"
    assert r.event.date == "2024-06-01"
    assert r.event.city == "武汉"
    assert r.event.organizers == ["江城市科技局", "江城大学"]
    assert r.source.outlet == "江城日报" and r.source.reporter == ["周文"]


def test_day_only_date_takes_month_from_publication_and_year_stays_missing() -> None:
    r = run("《星报》5月30日讯 28日上午，第三届数字内容峰会在杭州举行。星光科技总裁白云在主旨演讲中表示，内容是核心。")
    assert r.event.date == "05-28"
    assert r.event.city == "杭州"


def test_title_cut_short_is_repaired_from_the_body() -> None:
    r = run("5月3日，“未来影像创新论坛——AI短剧专场”在上海举行。", title="...来影像创新论坛AI短剧专场圆满举办...")
    assert r.event.name == "未来影像创新论坛——AI短剧专场"
    assert r.title.repaired is not None and r.title.repaired.startswith("未来影像创新论坛")


# --- quotes and statements ------------------------------------------------------------------


def test_quotes_in_both_quotation_styles_go_to_their_speaker() -> None:
    r = run(
        "星河科技创始人张远表示，公司专注数字人。“数字人明年会进入千家万户的客厅。”张远说。"
        "月光影業總經理陳思則在對話中說：「好故事永遠比技術更重要，這一點不會改變。」"
    )
    zhang = next(s for s in r.speakers if s.name == "张远")
    chen = next(s for s in r.speakers if s.name == "陳思")
    assert zhang.quotes == ["数字人明年会进入千家万户的客厅。"]
    assert chen.quotes == ["好故事永遠比技術更重要，這一點不會改變。"]
    assert any("专注数字人" in s for s in zhang.statements)


# --- technologies -------------------------------------------------------------------------


def test_lexicon_finds_products_and_techniques_with_traditional_forms() -> None:
    r = run("演示中用到了Sora、Midjourney與文心一言，還有聲音克隆和數字人技術，以及人工智能。", technologies="人工智能")
    names = {t.canonical for t in r.technologies}
    assert {"Sora", "Midjourney", "文心一言", "声音克隆", "数字人"} <= names
    assert "人工智能" not in names
    written = {t.name for t in r.technologies}
    assert "聲音克隆" in written  # named as the article writes it


def test_editors_extend_the_lexicon_without_code(tmp_path) -> None:
    from generator.lexicon import load_lexicon

    extra = tmp_path / "technologies.yaml"
    extra.write_text("- {name: 光场成像, category: 视觉, aliases: [光场相机]}\n", encoding="utf-8")
    record = extract(parse("总结: 团队展示了光场相机的拍摄效果。\n", "x.txt"), load_lexicon(extra))
    assert [t.canonical for t in record.technologies] == ["光场成像"]


# --- Traditional Chinese ------------------------------------------------------------------


def test_traditional_article_keeps_names_as_written() -> None:
    r = run("2023年9月1日，「智慧城市論壇」在台北舉行。遠傳電信總經理井琪表示，5G專網正在普及。鐘師傅則表示讚同。")
    assert r.event.name == "智慧城市論壇" and r.event.date == "2023-09-01" and r.event.city == "台北"
    assert speakers(r) == {"井琪": (["遠傳電信"], ["總經理"], "speaker")}


# --- datelines, lead-ins and qualified titles ----------------------------------------------------


def test_agency_dateline_names_outlet_and_reporters() -> None:
    r = run(
        "新华社杭州6月6日电（记者 林晓 王强）6月5日，2024数字文旅创新大会在杭州开幕。浙江省文化和旅游厅副厅长陈光明在开幕式上致辞。"
    )
    assert r.source.outlet == "新华社" and r.source.reporter == ["林晓", "王强"]
    assert r.source.published == "06-06" and r.event.date == "2024-06-05"  # the year from the event's name
    assert speakers(r) == {"陈光明": (["浙江省文化和旅游厅"], ["副厅长"], "speaker")}


def test_traditional_dateline_in_parentheses() -> None:
    r = run("（中央社記者張瑞文台北10日電）經濟部次長林全能致詞時表示，政府將投入AI人才培育。")
    assert r.source.outlet == "中央社" and r.source.reporter == ["張瑞文"]
    assert speakers(r) == {"林全能": (["經濟部"], ["次長"], "speaker")}


def test_lai_zi_lead_in_and_organisations_joined_by_he() -> None:
    r = run(
        "大会由浙江省文化和旅游厅、杭州市人民政府联合主办。来自腾讯文旅的产品总监刘佳在主旨演讲中介绍了案例。刘佳说，效果很好。"
    )
    assert r.event.organizers == ["浙江省文化和旅游厅", "杭州市人民政府"]
    assert speakers(r)["刘佳"] == (["腾讯文旅"], ["产品总监"], "speaker")


def test_qualified_titles_and_you_lead_in() -> None:
    r = run(
        "台積電資深副總經理侯永清在專題演講中指出，先進製程是關鍵。論壇最後的座談由資策會執行長卓政宏主持，華為常務董事汪濤參與討論。"
    )
    got = speakers(r)
    assert got["侯永清"] == (["台積電"], ["資深副總經理"], "speaker")
    assert got["卓政宏"] == (["資策會"], ["執行長"], "moderator")
    assert got["汪濤"] == (["華為"], ["常務董事"], "speaker")


def test_guiding_body_is_not_an_organiser_and_cited_quotes_stay_unattributed() -> None:
    r = run(
        "3月15日，由深圳市商务局指导、36氪主办的“2024 AI出海峰会”在深圳举行。峰会开场，36氪联合创始人、CEO冯大刚致欢迎辞。"
        "主题演讲环节，Anker创新董事长兼CEO阳萌认为，硬件出海的关键在于品牌。正如小米创始人雷军曾经说过的，“站在风口上，猪都能飞起来”。"
    )
    assert r.event.organizers == ["36氪"]
    got = speakers(r)
    assert got["冯大刚"] == (["36氪"], ["联合创始人", "CEO"], "speaker")
    assert "雷军" not in got
    assert next(s for s in r.speakers if s.name == "阳萌").quotes == []


def test_quote_introduced_with_colon_and_an_audience_question() -> None:
    r = run(
        "圆桌对话环节由星云资本副总裁周恒主持，嘉宾有跨境电商专家王一鸣、TikTok Shop东南亚负责人Karen Wu。"
        "王一鸣说：“东南亚市场的节奏比欧美快得多。”Karen Wu表示，直播电商增长迅猛。"
        "在问答环节，一位观众向王一鸣提问如何管理海外仓。王一鸣回答说，数字化是唯一的办法。"
    )
    got = speakers(r)
    assert got["周恒"][2] == "moderator" and got["王一鸣"][2] == "speaker"
    assert next(s for s in r.speakers if s.name == "王一鸣").quotes == ["东南亚市场的节奏比欧美快得多。"]
    assert next(s for s in r.speakers if s.name == "Karen Wu").quotes == []


def test_three_character_name_before_a_word_that_starts_with_its_last_character() -> None:
    r = run("江苏省副省长胡广杰出席开幕式并致辞。组委会秘书长赵平完成了闭幕总结。")
    assert set(speakers(r)) == {"胡广杰", "赵平"}


def test_org_de_name_title_header_moderator_and_dialogue_as_a_word() -> None:
    r = run(
        "11月1日，2023元宇宙产业沙龙在成都举办。复旦大学的张军教授在主题分享中指出，设备出货量正在回升。"
        "微软亚洲研究院副院长周明博士表示，大模型让数字人具备了对话能力。\n"
        "嘉宾对话环节，主持人：成都电视台主播刘畅。对话嘉宾：\n王小川（百川智能创始人兼CEO）\n李飞（网易游戏副总裁）\n"
        "李飞认为，游戏引擎是基础设施。"
    )
    got = speakers(r)
    assert got["张军"] == (["复旦大学"], ["教授"], "speaker")
    assert got["刘畅"] == (["成都电视台"], ["主播"], "moderator")
    assert "成都" not in got
    assert kinds(r, "周明") == {"talk"}  # "对话能力" is not a dialogue segment
    assert kinds(r, "王小川") == {"roundtable"} and got["王小川"][1] == ["创始人", "CEO"]


def test_names_with_titles_after_hearsay_team_leads_and_a_leading_segment() -> None:
    r = run(
        "本报讯（记者 周敏）5月20日，人工智能与医疗健康高峰论坛在广州举行。会议由中山大学附属第一医院院长肖海鹏主持。"
        "钟南山院士、王辰院士等专家出席并发言。钟南山在发言中强调，AI辅助诊断必须以临床需求为导向。王辰则提醒，数据安全是底线。"
        "据悉，该模型由腾讯AI Lab首席科学家张潼团队研发。下午的高峰对话环节，联影智能联席CEO沈定刚展开讨论。沈定刚认为，影像AI已规模化。"
    )
    got = speakers(r)
    assert r.event.name == "人工智能与医疗健康高峰论坛" and r.source.outlet is None
    assert got["钟南山"] == ([], ["院士"], "speaker") and got["王辰"] == ([], ["院士"], "speaker")
    assert got["肖海鹏"][2] == "moderator" and "张潼" not in got
    assert got["沈定刚"] == (["联影智能"], ["联席CEO"], "speaker")
    assert [s.kind for s in r.segments] == ["keynote", "roundtable"]
    assert kinds(r, "钟南山") == {"keynote"} and kinds(r, "沈定刚") == {"roundtable"}


def test_hong_kong_report_with_panel_and_opening_speech() -> None:
    r = run(
        "【本報訊】第三屆亞洲影視科技高峰會昨日（11日）在香港會議展覽中心揭幕，由香港影視發展局主辦、香港科技園協辦。"
        "香港特區政府文化體育及旅遊局局長楊潤雄致開幕辭時表示，香港將投放更多資源。"
        "隨後的專題討論環節，邀請了導演陳可辛、寰亞傳媒行政總裁林建岳參與，由資深傳媒人黎明偉主持。陳可辛坦言，已嘗試用AI生成分鏡。",
        url="https://hk.example.com/news/20240612/5566.html",
    )
    assert r.event.name == "第三屆亞洲影視科技高峰會" and r.event.date == "2024-06-11" and r.event.city == "香港"
    assert r.event.organizers == ["香港影視發展局"]
    got = speakers(r)
    assert got["楊潤雄"] == (["香港特區政府文化體育及旅遊局"], ["局長"], "speaker") and kinds(r, "楊潤雄") == {"opening"}
    assert got["陳可辛"] == ([], ["導演"], "speaker") and got["林建岳"] == (["寰亞傳媒"], ["行政總裁"], "speaker")
    assert got["黎明偉"][2] == "moderator" and kinds(r, "林建岳") == {"roundtable"}


def test_theme_named_salon_and_a_closing_qa_that_does_not_absorb_the_talks() -> None:
    r = run(
        "上周六，一场以“AI＋教育”为主题的沙龙在西安举行。主讲嘉宾、西安交通大学人工智能学院院长薛建儒分享了研究进展。他说，教育是AI最有潜力的场景。"
        "另一位嘉宾，好未来集团首席技术官田密也分享了经验，田密表示，批改准确率提升了20%。活动最后，主持人陈思思与两位嘉宾进行了互动问答。"
    )
    assert r.event.name == "AI＋教育沙龙" and r.event.date is None and r.event.city == "西安"
    got = speakers(r)
    assert got["薛建儒"] == (["西安交通大学人工智能学院"], ["院长"], "speaker")
    assert kinds(r, "薛建儒") == {"keynote"} and kinds(r, "陈思思") == {"other"} and got["陈思思"][2] == "moderator"


def test_exchange_speeches_after_an_opening_and_a_local_paper_dateline() -> None:
    r = run(
        "本报北京12月3日电 12月2日，由中国网络视听协会与北京市广播电视局联合主办的短剧出海研讨会在北京召开。"
        "北京市广播电视局局长王杰群在致辞中说，将设立专项资金。会上，点众科技创始人兼CEO陈瑞卿、九州文化董事长刘军分别作了交流发言。"
        "刘军表示：“出海不是简单的翻译，而是重新创作。”"
    )
    assert r.source.outlet is None and r.source.published == "12-03" and r.event.date == "12-02"
    assert r.event.organizers == ["中国网络视听协会", "北京市广播电视局"]
    assert kinds(r, "王杰群") == {"opening"} and kinds(r, "陈瑞卿") == {"talk"} and kinds(r, "刘军") == {"talk"}
    assert next(s for s in r.speakers if s.name == "刘军").quotes == ["出海不是简单的翻译，而是重新创作。"]
