"""One test per class of failure seen on unseen reports (issue 11), on sentences written for the
test: names, organisations and events here are invented and appear in no corpus file."""

from __future__ import annotations

from generator.extract import extract, extract_explained
from generator.records import Record
from generator.seeds import parse


def run(body: str, title: str | None = None, url: str | None = None) -> Record:
    text = (f"标题: {title}\n" if title else "") + (f"链接: {url}\n" if url else "") + f"总结: {body}\n"
    return extract(parse(text, "case.txt"))


def names(record: Record) -> set[str]:
    return {s.name for s in record.speakers}


def speaker(record: Record, name: str):
    return next(s for s in record.speakers if s.name == name)


def kinds(record: Record, name: str) -> set[str]:
    return {record.segments[i].kind for i in speaker(record, name).segment}


# 1. A credit at the start of the body does not cut away the article.
def test_editor_credit_at_the_start_keeps_the_article() -> None:
    r = run(
        "责任编辑：钱一鸣 11月3日，2024绿色能源峰会在合肥举行。远景储能副总裁庄文博表示，储能成本下降了三成。"
        "文/邝小雨 随后，皖南电力总经理卓一凡指出，电网需要更多灵活性。"
    )
    assert names(r) == {"庄文博", "卓一凡"}
    assert {"钱一鸣", "邝小雨"} <= set(r.source.reporter) and "随后" not in r.source.reporter


# 2. Foreign names.
def test_latin_names_with_initials_hyphens_apostrophes_and_diacritics() -> None:
    r = run(
        "论坛上，北溟资本合伙人 Anna-Maria Kowalczyk 表示，欧洲市场需要耐心。星河实验室首席科学家 James T. Okafor 指出，"
        "模型评测要公开。Conor O’Malley 认为，监管会趋严。José Müller-Brandt 在致辞中说，合作是唯一的路。"
    )
    assert {"Anna-Maria Kowalczyk", "James T. Okafor", "Conor O’Malley", "José Müller-Brandt"} <= names(r)


def test_transliterated_name_with_a_dot_and_a_japanese_name_after_a_title() -> None:
    r = run(
        "会上，北海道产业大臣佐野幸太、澄江能源总经理任光远先后讲话。玛利亚.费尔南达先后作主旨发言。佐野幸太表示，节能是共同课题。"
    )
    assert {"佐野幸太", "任光远", "玛利亚.费尔南达"} <= names(r)


# 3. The name before the title.
def test_name_before_the_title_invited_and_in_a_report_list() -> None:
    r = run(
        "活动特别邀请闵浩然部长亲临现场致辞。随后，郜天佑院士的报告聚焦新材料。"
        "聂一帆、邰思远、冉子涵等院士出席。郜天佑表示，基础研究要坐得住冷板凳。"
    )
    assert {"闵浩然", "郜天佑"} <= names(r)
    assert "邰思远" not in names(r) and "冉子涵" not in names(r)


# 4. Who speaks versus who is present.
def test_a_list_that_ends_in_attendance_makes_attendees_but_a_later_speech_counts() -> None:
    r = run(
        "省发改委副主任靳一川，市人民政府副市长祁若水，以及市科协主席殷南星等出席了活动。"
        "论坛由东篱大学校长濮明远主持。祁若水在开幕式上致辞。"
    )
    assert names(r) == {"祁若水", "濮明远"}
    assert speaker(r, "濮明远").role == "moderator"


def test_a_representative_speaks_for_an_absent_official() -> None:
    r = run("开幕式后，国家能源署邬振华署长的特别代表、规划司司长伍晓川作主旨发言。伍晓川表示，氢能要先示范后推广。")
    assert names(r) == {"伍晓川"}


def test_explain_gives_the_decision_and_its_evidence() -> None:
    text = "总结: 市科协主席殷南星等出席了活动。东篱大学校长濮明远主持论坛。濮明远表示，欢迎各位。\n"
    _record, decisions = extract_explained(parse(text, "case.txt"))
    verdicts = {d.name: d for d in decisions}
    assert verdicts["殷南星"].verdict == "attendee" and any("only present" in e for e in verdicts["殷南星"].evidence)
    assert verdicts["濮明远"].verdict == "moderator" and any(e.startswith("title+name") for e in verdicts["濮明远"].evidence)


# 5. Name boundaries.
def test_rare_and_compound_surnames_four_character_names_and_stage_names() -> None:
    r = run(
        "峰会上，栖云科技首席技术官伏晓晴表示，端侧模型会普及。世界医学联合会荣誉主席陈冯慧珍指出，远程医疗要普惠。海川大学教授欧阳慧敏说，远程医疗要普惠。"
        "参加对话的有：舒一朗、大海、阮心怡等嘉宾。大海结合自己的创作经历谈到，观众比算法更诚实。"
    )
    assert {"伏晓晴", "陈冯慧珍", "欧阳慧敏", "大海"} <= names(r)
    assert "晓晴" not in names(r)


def test_compatibility_characters_and_traditional_surnames_keep_the_name() -> None:
    r = run("國健署署長沈靜宜則強調，健康需要全民參與。沈靜宜表示，明年推出新計畫。")
    assert names(r) == {"沈靜宜"}


# 6. Segments from the narrative.
def test_segments_from_turns_sessions_and_the_end_of_a_forum() -> None:
    r = run(
        "论坛由滨海大学校长裴思源开场致辞。此后，多位嘉宾依次登台分享。上午环节，澄海学校校长宓子轩以“课堂的未来”为题展开探讨。"
        "演讲结束后，禹城大学教授訾文哲等专家逐一作了点评。论坛最后，市教育局局长晏秋实发言。"
    )
    assert kinds(r, "裴思源") == {"opening"}
    assert kinds(r, "宓子轩") & {"talk", "keynote"}
    assert kinds(r, "訾文哲") == {"other"}
    assert kinds(r, "晏秋实") == {"closing"}


def test_a_sentence_that_moves_on_after_the_opening_starts_the_talks() -> None:
    r = run("活动由主办方会长桓一鸣致辞。随后，卫生署署长蔺思齐说明新政策方向；保险署署长钦若兰则强调全民参与的重要性。")
    assert kinds(r, "桓一鸣") == {"opening"}
    assert kinds(r, "蔺思齐") == {"talk"} and kinds(r, "钦若兰") == {"talk"}


# 7. Event facts.
def test_event_name_not_taken_from_another_event_mentioned_in_passing_and_city_by_shape() -> None:
    r = run(
        "去年星海国际电影节期间，他曾有过类似判断。6月15日上午，由三家机构联合举办的第三届海岸影视产业发展论坛，在蓬溪市会展中心开幕。"
        "蓬溪影视集团董事长荀一鸣表示，产业链要协同。"
    )
    assert r.event.name == "第三届海岸影视产业发展论坛"
    assert r.event.city == "蓬溪"


# 8. Affiliations.
def test_praise_is_not_an_organisation_and_lead_ins_are_not_affiliations() -> None:
    r = run("论坛邀请云岭医院院长宁子墨作报告。对话由都市频道知名主持人芮一诺主持。宁子墨表示，分级诊疗是关键。")
    assert speaker(r, "宁子墨").orgs == ["云岭医院"]
    assert speaker(r, "芮一诺").orgs == ["都市频道"] and speaker(r, "芮一诺").titles == ["主持人"]


def test_list_entries_name_comma_affiliation_and_brackets_without_a_title() -> None:
    r = run(
        "参与对话的嘉宾包括：欧阳明川，北辰研究院院士、新能源学会副理事长；白若溪，星港集团首席技术官。"
        "登台的嘉宾分别是：简一舟（南溪大学教授）和车子墨（云脑计划提出者）。"
    )
    assert speaker(r, "欧阳明川").titles == ["院士", "副理事长"]
    assert speaker(r, "白若溪").orgs == ["星港集团"]
    assert {"简一舟", "车子墨"} <= names(r)


def test_bare_names_counted_then_speaking_and_a_moderator_by_role_and_name() -> None:
    r = run(
        "5月8日，2024智慧交通论坛在长沙举行。柏思远、池一诺、岑子墨三位专家分别作报告。柏思远认为，车路协同是方向。"
        "随后的对话由蔺晓峰擔任主持。"
    )
    assert {"柏思远", "池一诺", "岑子墨", "蔺晓峰"} <= names(r)
    assert speaker(r, "蔺晓峰").role == "moderator"


def test_a_person_on_stage_who_did_not_speak_and_a_founder_quoted_from_elsewhere() -> None:
    r = run(
        "论坛上，星桥资本合伙人祁天佑坐在台上，但并未发言。星桥资本董事长钟一鸣表示，市场会回暖。"
        "正如云舟汽车创始人瞿一航所说，“造车是长跑”。"
    )
    assert names(r) == {"钟一鸣"}


def test_transcript_turns_and_the_one_who_asks_is_the_moderator() -> None:
    r = run(
        "以下为圆桌实录。\n聂思远：请各位嘉宾上台。今天我们谈什么？\n钭一鸣：我认为车路协同会先落地。\n"
        "聂思远：那成本怎么降下来？\n钭一鸣：靠规模。\n鄢若水：也靠标准。"
    )
    assert names(r) == {"聂思远", "钭一鸣", "鄢若水"}
    assert speaker(r, "聂思远").role == "moderator" and speaker(r, "钭一鸣").role == "speaker"


def test_those_who_attended_and_spoke_are_speakers_and_a_partner_in_dialogue_is_found() -> None:
    r = run(
        "出席开幕式并致辞的有：滨江区区长邵一鸣、临江集团董事长冼若水。随后，主持人邬小川与嘉宾闵子墨展开对话。闵子墨表示，开放是关键。"
    )
    assert {"邵一鸣", "冼若水", "闵子墨"} <= names(r)


# Lists of people who speak, found on the second round of unseen reports (2026-12-02).
def test_a_list_of_bare_names_that_speaks_and_one_that_only_attends() -> None:
    r = run(
        "本届诗会为期三天。来自江南的诗人柯望舒、邬青禾、阙明远等结合各自的创作经历，与读者分享了写诗的体会；"
        "蔺秋白、濮晓岚、冼望川也分别介绍了自己的新作。祁远山、仝若溪、汲晨光等出席了闭幕晚会。"
    )
    assert {"柯望舒", "邬青禾", "阙明远", "蔺秋白", "濮晓岚", "冼望川"} <= names(r)
    assert not {"祁远山", "仝若溪", "汲晨光"} & names(r)


def test_a_list_of_names_whose_speech_was_written_elsewhere_does_not_speak() -> None:
    r = run(
        "去年春天，钱牧之、孔令溪等学者联名发出公开信，呼吁加强数据保护。本次论坛上，南岭大学教授祝一鸣表示，规则要跟上技术。"
    )
    assert names(r) == {"祝一鸣"}


def test_a_list_of_organisations_with_their_representatives_that_speaks() -> None:
    r = run("座谈会上，青禾智造孟宪章、北辰材料俞晓棠、南屿生物庞一舟、远帆物流宓向东等企业代表先后发言，围绕融资难题提出建议。")
    assert {"孟宪章", "俞晓棠", "庞一舟", "宓向东"} <= names(r)
    assert "青禾智造" in speaker(r, "孟宪章").orgs


def test_a_list_of_organisation_name_title_entries_with_a_report() -> None:
    r = run("随后进入特邀报告环节。东川天文台邵启明研究员、西岭大学物理系萨拉·叶尔兰教授、北湖研究所韦望舒院士先后作特邀报告。")
    assert {"邵启明", "萨拉·叶尔兰", "韦望舒"} <= names(r)


def test_a_place_or_a_verb_after_a_title_is_no_name() -> None:
    r = run(
        "来自台湾的作家柯青禾在发言中谈到阅读的变化，并向台湾作家介绍了出版业的近况。"
        "副主席栾望川、理事长祁思远与董事长卞晓岚应邀以视频方式致贺；栾望川副主席致词时表示，合作要更紧密。"
    )
    assert not {"台湾", "向台湾", "应邀", "致词时"} & names(r)
    assert "柯青禾" in names(r)


def test_officiating_guests_are_attendees_and_a_role_as_speaker_counts() -> None:
    r = run(
        "全国政协委员卓望舒，商务局副局长单若溪，以及多位议员出任典礼主礼嘉宾；行政长官邝启明则通过视频发表贺辞。"
        "卓望舒身兼典礼主礼嘉宾和论坛主题演讲嘉宾。他回顾了基金会十年的历程。"
    )
    assert "单若溪" not in names(r)
    assert {"卓望舒", "邝启明"} <= names(r)


def test_the_event_closing_on_a_day_is_no_closing_session() -> None:
    r = run("为期三天的海岸文学周30日在厦门闭幕。开幕以来，作家柯望舒、邬青禾等分别介绍了各自的创作经验。")
    assert kinds(r, "柯望舒") != {"closing"}


def test_people_greeted_by_a_speaker_do_not_speak() -> None:
    r = run(
        "成立大会上，协会理事长尹望川致辞。他首先向副市长蒲晓岚、研究院院长宓思远以及在座的各位代表问好。"
        "尹望川表示，氢能产业正进入快车道。"
    )
    assert names(r) == {"尹望川"}


def test_verbs_and_function_words_after_a_title_are_no_names() -> None:
    r = run(
        "论坛旨在学习总书记关于教育的重要论述。对话环节，主持人请嘉宾谈一谈减碳路线。"
        "院长项望舒教授主持开幕式，研究员毛启强作专题报告。"
    )
    assert not {"关于", "谈一谈"} & names(r)
    assert {"项望舒", "毛启强"} <= names(r)


def test_japanese_names_romanised_names_and_long_transliterations_after_a_title() -> None:
    r = run(
        "开幕式上，驻沪总领事高桥正之先生、市长助理宓晓东先后致贺辞。随后，协会副会长Kenji Morita森田健司作主题演讲。"
        "拉力赛主席卡特琳娜布克、总经理英格里德，与市工信局副处长邬启明一同出席并致辞。"
        "省体育总会副书记庞启江到会并致开幕辞。"
    )
    assert {"高桥正之", "森田健司", "卡特琳娜布克", "庞启江"} <= names(r)
    assert "Kenji Morita" not in names(r)


def test_dates_in_chinese_numerals_and_minguo_years_and_cities_without_a_venue_phrase() -> None:
    r = run("由两校合办的滨海研讨会，三月十九日在加拿大多伦多大学图书馆举行。馆长邝启明致辞时表示，合作将继续。")
    assert r.event.date and r.event.date.endswith("03-19")
    assert r.event.city == "多伦多"
    r = run(
        "【記者邝啟明/臺中市報導】臺灣醫學會「春季學術演講會」於111年5月15日舉行開幕典禮。理事長祁思遠致詞時表示，防疫仍要謹慎。"
    )
    assert r.event.date == "2022-05-15"
    assert r.event.city == "臺中"
    r = run("11月7日是乌镇互联网大会的第一天。当天下午，嘉宾宓思远表示，开放合作是主流。")
    assert r.event.city == "乌镇"


def test_affiliations_roles_places_and_shared_organisations() -> None:
    r = run(
        "从左至右依次为：圆桌主持人邝启明；星河资本合伙人宓思远。邝启明表示，估值在回归。宓思远认为，耐心资本稀缺。"
        "来自台湾的作家柯青禾在发言中谈到阅读。北冥拉力赛主席卡特琳娜布克、总经理英格里德先后致辞。"
    )
    assert speaker(r, "邝启明").titles == [] and speaker(r, "邝启明").orgs == []
    assert speaker(r, "柯青禾").orgs == []
    assert speaker(r, "英格里德").orgs == speaker(r, "卡特琳娜布克").orgs == ["北冥拉力赛"]


def test_segment_words_for_greetings_discussions_and_summaries() -> None:
    r = run(
        "行政长官邝启明则透过视像发表贺辞。随后，行长宓思远、总经理祁晓岚一道围绕论坛主题进行了互动交流。"
        "研究院理事长庞一舟在论坛上作学术总结，认为成果丰硕。"
    )
    assert kinds(r, "邝启明") == {"opening"}
    assert kinds(r, "宓思远") == {"roundtable"}
    assert kinds(r, "庞一舟") == {"closing"}


def test_companions_captions_and_names_running_into_an_event_noun() -> None:
    r = run(
        "会议间隙，宓思远博士还在总支委员邝启明等人的陪同下参观了基地。宓思远表示，合作大有可为。"
        "（图片说明：与会学者与学会主席Daniel K. Morrow合照）全国政协委员、教育局长高峰论坛执行主席祁晓岚致辞。"
    )
    assert "邝启明" not in names(r) and "Daniel K. Morrow" not in names(r)
    assert "高峰论" not in names(r) and "祁晓岚" in names(r)


def test_attendance_then_speech_and_unknown_surnames_before_a_verb_or_after_an_organisation() -> None:
    r = run(
        "开幕式上，北岭省商务厅厅长麦思远致辞；东洋贸易部部长兼外务部第二部长伊藤和美在东京分会场出席，"
        "并通过视频致辞。省科协党组书记怀若岚、省农科院院长宓秋实分别发来祝福视频。"
        "北岭大学低温研究所巨若舟教授的报告题为《液氢储运的进展》。市委副书记、市长邝启明出席。"
    )
    assert {"麦思远", "伊藤和美", "怀若岚", "宓秋实", "巨若舟"} <= names(r)
    assert "邝启明" not in names(r)


def test_organisation_short_names_are_no_names_and_courtesy_titles_join_list_entries() -> None:
    r = run(
        "区委书记宓远航出席会议并讲话，区委副书记、区长邝启明主持会议。"
        "主持人：有请北辰汽车有限公司总裁祁晓岚先生和董事长庞一舟先生上台致辞。庞一舟：感谢各位。祁晓岚：谢谢大家。"
    )
    assert "区委" not in names(r)
    assert speaker(r, "庞一舟").orgs == ["北辰汽车有限公司"]


def test_presence_by_arrival_appointment_and_honorific_titles() -> None:
    r = run(
        "东岭电气原董事长宓远航，北岭储能协会会长邝启明等40位专家来到滨江，共商氢能发展。"
        "北岭大学工程学院副教授、北岭市“青峰计划”入选者祁晓岚则以《电堆的寿命》为题作了报告。"
        "随后，滨江市长庞启舟代表市政府作了产业推介。"
    )
    assert "宓远航" not in names(r) and "邝启明" not in names(r)
    assert {"祁晓岚", "庞启舟"} <= names(r)


def test_dates_put_before_the_article_and_day_only_dates() -> None:
    r = run("（2031年3月9日）北岭商会昨（8日）在滨江举行「北岭繁荣」高峰论坛。会长宓远航致辞。")
    assert r.event.date == "2031-03-08"
    assert r.event.name == "「北岭繁荣」高峰论坛"
    r = run("2030-06-12 09:15:02\n\n北岭网滨江6月12日电（记者 邝启明）北岭基金会今明两天在滨江举办研讨会。会长宓远航致辞。")
    assert r.event.date == "2030-06-12"
    r = run("北岭网滨江9月20日消息（记者邝启明）2029年北岭校长论坛18日在北岭大学开幕。校长宓远航致辞。")
    assert r.event.date == "2029-09-18"


def test_event_names_after_a_hosting_verb_and_cities_written_as_cities() -> None:
    r = run(
        "5月3日，滨江市与北岭杂志联合举办2031《北岭》全球论坛新闻发布会。副市长宓远航在发布会上致辞。",
        title="定了！2031《北岭》全球论坛年底在滨江召开",
    )
    assert r.event.name == "2031《北岭》全球论坛新闻发布会"
    r = run("3月22日，第三届储能大会在山东省岭城市举行。泰山市委书记宓远航致辞。")
    assert r.event.city == "岭城"


def test_gatherings_captions_headings_and_names_before_a_list_end() -> None:
    r = run(
        "北岭商会前会长宓远航等北岭金融界知名人士与滨江企业界人士齐聚一堂，共同探讨合作前景。"
        "委员会主席邦塔·泰帕勇出席。邦塔·泰帕勇出席了晚宴。"
        "（图：北岭电网董事长邝启明，北岭储能协会会长祁晓岚分别致辞）"
        "庞一舟：三方面发力 推动合作 行政长官庞一舟以视频形式致辞。"
    )
    assert "宓远航" not in names(r) and "邦塔·泰帕勇" not in names(r)
    assert {"邝启明", "祁晓岚", "庞一舟"} <= names(r)
    assert speaker(r, "庞一舟").orgs == []


def test_titles_in_quotation_marks_and_panellists() -> None:
    r = run(
        "北岭基金会在滨江举办研讨会。基金会董事长宓远航致词。"
        "受邀与谈的包括前「北岭院长」邝启明、前「北岭副院长」祁晓岚、滨江市副市长庞一舟等专家。"
    )
    assert {"邝启明", "祁晓岚", "庞一舟"} <= names(r)
    assert "前北岭院长" in "".join(speaker(r, "邝启明").orgs + speaker(r, "邝启明").titles)
    assert kinds(r, "祁晓岚") == {"roundtable"}


def test_people_named_inside_a_speech_or_met_before_are_cited() -> None:
    r = run(
        "北岭商会会长宓远航致辞时指出，合作成果丰硕。他续指，去年北岭国主席邝启明亲临滨江，明确希望加强合作。"
        "他提到，不久前自己与星河科技副总裁Anna Kowalczyk在上海进行过一场对话。"
    )
    assert names(r) == {"宓远航"}


def test_a_bare_list_whose_first_name_has_an_unknown_surname() -> None:
    r = run("北岭艺术论坛在滨江举行。丹朱、宓远航、邝启明、祁晓岚等先后发言，各抒己见。")
    assert {"丹朱", "宓远航", "邝启明", "祁晓岚"} <= names(r)


def test_adjectives_and_government_bodies_are_no_names() -> None:
    r = run(
        "北岭民营企业座谈会在滨江召开。市委书记宓远航传达了总书记重要讲话精神。"
        "企业家们踊跃发言，向市委、市政府提出了20条建议。宓远航指出，企业是发展的主体。"
    )
    assert names(r) == {"宓远航"}


def test_named_representatives_of_a_group_that_speaks() -> None:
    r = run(
        "北岭民营企业座谈会在滨江召开。市委书记宓远航随后与邝启明、祁晓岚、庞一舟等企业家代表面对面交流。"
        "企业家们结合自身实际踊跃发言。"
    )
    assert {"邝启明", "祁晓岚", "庞一舟"} <= names(r)


def test_people_seated_on_the_rostrum_only_attend() -> None:
    r = run(
        "北岭半导体论坛在滨江开幕。北岭大学校长宓远航院士，滨江市副市长邝启明，以及北岭学院党委书记祁晓岚等在主席台就座。"
        "祁晓岚向来宾简要介绍了学院的情况。"
    )
    assert names(r) == {"祁晓岚"}


def test_a_long_transliteration_after_a_consulate_and_a_prefixed_title() -> None:
    r = run(
        "北岭医院合作论坛在滨江开幕。宓远航名誉会长、北岭医院协会邝启明秘书长、"
        "巴西驻滨江领事馆佩德罗•阿尔瓦•奥尔特•泰罗总领事以及星河医疗集团高级副总裁庞一舟，四位嘉宾依次上台致辞。"
        "图为宓远航名誉会长致辞。"
    )
    assert {"宓远航", "邝启明", "佩德罗•阿尔瓦•奥尔特•泰罗", "庞一舟"} <= names(r)
    assert speaker(r, "庞一舟").orgs == ["星河医疗集团"]
    assert speaker(r, "佩德罗•阿尔瓦•奥尔特•泰罗").orgs == ["巴西驻滨江领事馆"]


def test_people_named_in_what_a_speaker_says_and_thanks_are_cited() -> None:
    r = run(
        "北岭行政院长宓远航17日出席工程研讨会并致词。宓远航并感谢北岭政府日前颁奖给前驻外代表邝启明。"
        "谈到与会贵宾，宓远航表示，此次代表团团长祁晓岚教授则是桥梁领域的专家。"
        "上海合作组织秘书处副秘书长索海·汗先后登台致辞。"
    )
    assert names(r) == {"宓远航", "索海·汗"}


def test_a_dateline_day_the_event_took_place_and_a_day_before_attendance() -> None:
    r = run("5月24日消息，北岭科技当天举办首届开发者大赛颁奖典礼。副总裁宓远航致辞。", url="https://example.org/2031/x.html")
    assert r.event.date and r.event.date.endswith("05-24")
    r = run("2031-11-17\n北岭院长宓远航17日出席「第5届北岭工程研讨会」开幕典礼并致词。")
    assert r.event.date == "2031-11-17"


def test_a_city_after_its_province_and_no_city_from_words_before_shi() -> None:
    r = run("近日，首届北岭遗产保护年会论坛在陕西岭城举行。会长宓远航作主旨演讲。")
    assert r.event.city == "岭城"
    r = run("我市召开企业家座谈会。会议由市委副书记宓远航主持，企业家们一共向市委、市政府提出了30条建议。")
    assert r.event.city is None


def test_a_counted_description_is_no_event_name() -> None:
    r = run(
        "北岭大学即将迎来校庆，又一场高规格学术会议在这里召开。由北岭学部主办的北岭材料技术论坛报告会今日上午开幕。校长宓远航致辞。",
        title="北岭材料技术论坛报告会在北岭大学开幕",
    )
    assert r.event.name == "北岭材料技术论坛报告会"


def test_posts_of_inspectors_and_archive_members_are_titles() -> None:
    r = run(
        "北岭论坛在滨江开幕。北岭教育部党组成员、副部长、总督学宓远航，滨江市副市长邝启明出席会议并讲话。"
        "原北岭文化部部长、作家、北岭文史研究馆馆员祁晓岚作主旨演讲。"
    )
    assert speaker(r, "宓远航").titles == ["党组成员", "副部长", "总督学"]
    assert "祁晓岚" in names(r) and "馆员" in "".join(speaker(r, "祁晓岚").titles)


def test_posts_of_engineers_judges_and_plant_heads_are_titles() -> None:
    r = run("北岭制造论坛在滨江开幕。北岭重工厂长宓远航、北岭法院法官邝启明、北岭设计院高级工程师祁晓岚先后发言。")
    assert {"宓远航", "邝启明", "祁晓岚"} <= names(r)
    assert speaker(r, "祁晓岚").titles == ["高级工程师"]


def test_two_adverbs_before_a_speech_and_a_title_as_subject() -> None:
    r = run("北岭论坛组委会主席宓远航昨日出席了论坛的新闻发布会。宓远航随后亦在发布会上致辞。与谈专家认为，两地存在文化时差。")
    assert names(r) == {"宓远航"}


def test_a_name_before_a_counted_group_that_speaks_and_a_titled_report() -> None:
    r = run(
        "北岭氢能论坛在滨江开幕。北岭能源研究所原所长宓远科等10余位专家随后作大会发言。"
        "北岭学院教师邝启明博士应邀参会。在主题论坛上，邝启明作了题为“湿地保护策略”的报告。"
        "会议间隙，邝启明在北岭学院成员祁晓岚博士等人的陪同下参观基地。"
    )
    assert names(r) == {"宓远科", "邝启明"}


def test_a_list_that_attends_and_then_speaks() -> None:
    r = run(
        "北岭论坛在滨江开幕。论坛理事长宓远航，北岭政协副主席、论坛副理事长邝启明，北岭前总理祁晓岚，"
        "滨江市委书记邬长青等出席开幕式，并先后致辞。"
    )
    assert names(r) == {"宓远航", "邝启明", "祁晓岚", "邬长青"}


def test_a_rarer_surname_and_a_latin_name_before_a_conjunction() -> None:
    r = run(
        "北岭论坛在滨江开幕。甲汽车公司首席执行官贝远航、乙电池公司董事长邝启明分别发来视频致辞。"
        "大会还邀请北岭计算机协会主席Anna Kowalski和滨江工程师学会主席James Chen作专题发言。"
    )
    assert names(r) == {"贝远航", "邝启明", "Anna Kowalski", "James Chen"}
    assert speaker(r, "James Chen").orgs == ["滨江工程师学会"]


def test_an_organisation_de_name_with_a_courtesy_title() -> None:
    r = run("北岭金融圆桌开始。第一位是北岭大学院长宓远航，第二位是北岭外汇管理局法规处的邝启明女士。")
    assert names(r) == {"宓远航", "邝启明"}
    assert speaker(r, "邝启明").orgs == ["北岭外汇管理局法规处"]


def test_an_unknown_name_before_a_conjunction_and_a_second_titled_entry() -> None:
    r = run(
        "北岭能源研讨会在滨江举行。北岭外交部长宓远航、AIT处长邝启明（Sandra Oudkirk）、日本驻台代表泉裕泰"
        "及澳洲驻台代表露珍怡（Jenny Bloomfield）都以预录方式致开幕词。"
    )
    assert names(r) == {"宓远航", "邝启明", "泉裕泰", "露珍怡"}
    assert (speaker(r, "泉裕泰").orgs, speaker(r, "泉裕泰").titles) == (["日本"], ["驻台代表"])
    assert "Oudkirk" not in "".join(speaker(r, "露珍怡").orgs + speaker(r, "露珍怡").titles)


def test_a_transliteration_that_begins_with_a_surname_stays_whole() -> None:
    r = run("北岭汽车论坛在滨江开幕。北岭拉力赛主席贝蒂娜布克、总经理邝启明先后致辞。")
    assert "贝蒂娜布克" in names(r)


def test_a_page_date_line_then_a_dateline_then_the_event_day() -> None:
    r = run(
        "2023年02月28日 17:05\u3000来源：北岭网\n\n北岭网滨江新闻2月28日电（记者 宓远航）2月26日，"
        "2022（第十六届）北岭光热大会召开。北岭学会理事长邝启明致辞。",
        title="北岭光热大会召开",
    )
    assert r.event.date == "2023-02-26"  # the report's year beats the year in the name


def test_a_dateline_after_a_photo_caption_and_a_day_alone() -> None:
    r = run(
        "北岭文化论坛在滨江举行（北岭社 宓远航摄）\n北岭社滨江10月24日电（记者 宓远航）「北岭文化论坛」23日在滨江举行。"
        "北岭集团董事长邝启明致欢迎辞。",
        title="北岭文化论坛在滨江举行",
    )
    assert r.event.date is not None and r.event.date.endswith("10-23")


def test_today_and_tomorrow_after_a_dateline_and_a_year_after_ji() -> None:
    r = run(
        "2020-10-16 11:31:34\n\n北岭社滨江10月16日电（记者 宓远航）北岭基金会今、明两天在滨江举办研讨会。董事长邝启明致词。",
        title="北岭研讨会",
    )
    assert r.event.date == "2020-10-16"
    r = run(
        "亚太北岭学术联盟滨江国际论坛暨2017北岭医生协会国际学术年会6月27日在滨江开幕。北岭医生协会会长邝启明致辞。",
        title="亚太北岭学术联盟滨江国际论坛暨2017北岭医生协会国际学术年会开幕",
    )
    assert r.event.date == "2017-06-27"


def test_leaders_and_experts_listed_as_present_and_staff_who_went_to_the_meeting() -> None:
    r = run(
        "北岭职教论坛在滨江举行。出席论坛的领导和专家有：北岭职教学会会长宓远航，滨江教育厅副厅长邝启明，"
        "北岭大学党委书记祁晓岚等。北岭学院国际交流中心主任邬长青、外事专员邝海赴会。宓远航作主题报告。"
    )
    assert names(r) == {"宓远航"}


def test_a_made_report_is_a_speech_and_bureaus_that_report_are_no_people() -> None:
    r = run("北岭教育论坛在滨江举行。滨江市教育局、北岭区教育和体育局分别作主题报告。北岭大学教授宓远航发表主旨报告。")
    assert names(r) == {"宓远航"}


def test_a_japanese_name_before_a_speech_and_entries_joined_after_a_name() -> None:
    r = run("北岭氢能论坛在滨江开幕。北岭通商总经理綿貫辰哉在演讲中表示，氢能应用广泛。")
    assert names(r) == {"綿貫辰哉"}
    r = run(
        "北岭研讨会在滨江举行，北岭外交部长宓远航、AIT处长邝启明、北岭驻台代表泉裕泰与澳洲驻台代表露珍怡都以预录影片致开幕词。"
        "澳洲驻台代表露珍怡（Jenny Bloomfield）表示，绿能合作重要。"
    )
    assert names(r) == {"宓远航", "邝启明", "泉裕泰", "露珍怡"}
    assert "泉裕泰" not in "".join(speaker(r, "露珍怡").orgs + speaker(r, "露珍怡").titles)


# Session of 2026-12-02 from 15:05 UTC (rules written from tune7's misses).
def test_a_comparison_is_a_speech_and_a_name_ending_in_a_connective() -> None:
    r = run(
        "开幕式上，南湾电视董事长葛明远、滨海日报社长邰秋和与东岭出版社社长宓文澜均到场出席。"
        "葛明远表示，欢迎各位。宓文澜则以下棋作比喻，形容媒体合作要落子有序。邰秋和则说，合作需要耐心。"
    )
    assert {"葛明远", "邰秋和", "宓文澜"} <= names(r)


def test_a_delegation_leader_and_a_signing_ceremony_are_not_speeches() -> None:
    r = run(
        "9月2日，江城商会会长蔺东海会见了由青石集团董事长蒯一帆带队的考察团一行。蔺东海表示欢迎。"
        "协会副会长阚立群出席会议。\n▲ 协会副会长阚立群与江城新区主任芮晓光签约共建产业园"
    )
    assert names(r) == {"蔺东海"}


def test_attending_and_chairing_and_a_list_of_important_guests() -> None:
    r = run(
        "江城市副市长邝远山出席论坛并主持会议。协会会长蔺东海致辞。"
        "出席开幕式的重要嘉宾还有：原江城市市长芮晓光，江城大学校长阚立群，南湾研究院院长葛明远等。"
    )
    assert names(r) == {"邝远山", "蔺东海"}
    assert speaker(r, "邝远山").role == "moderator"


def test_a_doctor_after_the_name_and_a_name_first_met_inside_another_speech() -> None:
    r = run(
        "江城卫生局局长蔺东海在仪式上致辞。他表示，已委任江城医师协会会长葛明远医生出任筹委会召集人。\n"
        "随后，筹委会召集人葛明远医生发言说，筹委会将组织系列活动。"
    )
    assert names(r) == {"蔺东海", "葛明远"}
    assert kinds(r, "葛明远") == {"talk"} and kinds(r, "蔺东海") == {"opening"}


def test_transliterations_that_share_letters_and_one_written_without_a_dot() -> None:
    r = run(
        "随后，北海集团董事长兼委员会主席奥利拉、海风研究院国际部长阿尔弗莱德·斯卡拉，南港协会会长佛朗切斯卡·博洽依次登台演讲。"
    )
    assert {"奥利拉", "阿尔弗莱德·斯卡拉", "佛朗切斯卡·博洽"} <= names(r)


def test_courtesy_titles_after_an_embassy_and_a_word_name_after_a_listed_person() -> None:
    r = run(
        "西岭大学校长蔺东海主持开幕式。瑞典驻华使馆吕远帆先生和挪威驻华使馆麦安平先生先后致辞。"
        "随后，江城市市长芮晓光先生和周济院长依次作主旨报告。"
    )
    assert {"吕远帆", "麦安平", "周济"} <= names(r)
    assert speaker(r, "吕远帆").orgs == ["瑞典驻华使馆"]


def test_a_hearing_is_no_panel() -> None:
    r = run(
        "8月3日，江城工商联主席蔺东海会见考察团一行，双方随后进行交流座谈。蔺东海表示欢迎。青石集团董事长蒯一帆介绍了企业情况。"
    )
    assert {seg.kind for seg in r.segments} == {"other"}


def test_a_labelled_page_date_gives_the_year_and_a_bare_place_gives_the_city() -> None:
    r = run(
        "信息来源：秘书处 | 发布日期：2019-05-20 5月12日上午，首届青石产业论坛在潜江举行。江城大学校长蔺东海致辞。",
        title="首届青石产业论坛在潜江举行",  # a bare place counts where the title names it too
    )
    assert r.event.date == "2019-05-12"
    assert r.event.city == "潜江"
    r = run("时间：2021-10-9 10:30\n8日，北湖数字论坛在线上举行，上海交通大学教授蔺东海主持。")
    assert r.event.date == "2021-10-08" and r.event.city != "线上"


def test_an_event_name_with_a_bracketed_place_after_a_hosting_verb() -> None:
    r = run(
        "市贸促会近日牵头承办了中国（江城）储能产业国际合作高峰论坛。论坛期间还举办了储能项目对接洽谈会。"
        "江城大学校长蔺东海致辞。",
        title="江城举办储能产业国际合作高峰论坛",
    )
    assert r.event.name == "中国（江城）储能产业国际合作高峰论坛"


def test_names_ending_in_he_before_a_colon_or_an_adverb() -> None:
    r = run(
        "北湖金融沙龙由南湾资本合伙人蒯一帆主持。\n蒯一帆：先请邰总谈谈。\n邰秋和：谢谢主持人，我们发行了绿色债券。\n卓一凡：我补充一点。"
    )
    assert {"蒯一帆", "邰秋和", "卓一凡"} == names(r)
    r = run("会上，北湖科技董事长葛明远、南湾食品总经理邰秋和先后发言。市领导蔺东海、宓文澜参加座谈。")
    assert "邰秋和" in names(r) and {seg.kind for seg in r.segments} == {"talk"}


def test_explaining_and_expounding_are_speeches() -> None:
    r = run("随后，南湾研究院研究员邰秋和解读了新政策。北湖大学教授葛明远阐述了观点。东岭集团总裁卓一凡畅谈创业经历。")
    assert names(r) == {"邰秋和", "葛明远", "卓一凡"}


def test_latin_honorifics_and_japanese_given_names_of_three_characters() -> None:
    r = run(
        "会上，北湖大学教授 Maria-Luisa Gómez 与 Dr. Kenji Watanabe 分别发表演讲。英国剑桥大学 Prof. Anna Smith 表示，要合作。"
        "日本东洋电机社长山本健太郎表示，市场仍在扩大。大阪大学教授中村美智子随后发言。"
    )
    assert {"Maria-Luisa Gómez", "Kenji Watanabe", "Anna Smith", "山本健太郎", "中村美智子"} <= names(r)
    assert speaker(r, "Anna Smith").orgs == ["英国剑桥大学"] and speaker(r, "Kenji Watanabe").titles == []


# Rules written from tune8's misses.
def test_two_chairs_and_a_joint_subject_around_a_quoted_topic() -> None:
    r = run(
        "主论坛由江城医院协会举办，由蔺东海、芮晓光主持，葛明远、宓文澜两位院士与卓一凡、邰秋和等社会知名人士"
        "围绕“医学、医院、医生、患者与未来”进行了深入的互动对话。"
    )
    assert names(r) == {"蔺东海", "芮晓光", "葛明远", "宓文澜", "卓一凡", "邰秋和"}
    assert speaker(r, "芮晓光").role == "moderator"


def test_reports_in_turn_a_programme_sentence_and_chairing_under_a_title() -> None:
    r = run(
        "江城市副市长蔺东海出席并致辞。论坛请来两位报告人：江城大学教授葛明远、北湖科技总经理卓一凡，"
        "两人分别作了题为“芯片的未来”“设备的机遇”的报告。论坛期间还安排了项目签约、圆桌讨论等环节。"
        "芮晓光、宓文澜先后发表讲话。随后进入圆桌讨论。在邝远山副理事长的主持下，嘉宾们各抒己见。"
    )
    assert kinds(r, "葛明远") == {"keynote"} and kinds(r, "芮晓光") == {"talk"}
    assert kinds(r, "邝远山") == {"roundtable"} and speaker(r, "邝远山").role == "moderator"


def test_variant_characters_grades_prize_winners_and_transliterations_without_a_dot() -> None:
    r = run(
        "理大副校長（科研發展）衞炳江教授、江城投資署副署長藺東海女士致歡迎辭。江城發改委覃巍主任科員作主題演講。"
        "2013年诺贝尔奖获得者迈克尔莱维特介绍了最新进展。直观医疗公司首席执行官盖瑞格达特、"
        "秘书处主任让-弗朗索瓦·加涅（Jean-Francois GAGNE）先后发言。"
    )
    assert {"衞炳江", "藺東海", "覃巍", "迈克尔莱维特", "盖瑞格达特", "让-弗朗索瓦·加涅"} <= names(r)
    assert speaker(r, "迈克尔莱维特").titles == ["获得者"]


def test_reading_out_invited_guests_member_bodies_and_a_talk_given_by_its_title() -> None:
    r = run(
        "本次论坛请来了著名经济学家、江城大学原校长葛明远，北湖研究院研究员宓文澜，以及各地市长等100多位嘉宾。"
        "论坛由江城市副秘书长蔺东海主持。协会副会长单位、成员单位代表出席。江城大学科研处副处长卓一凡宣读了成立决定。"
        "北湖学院教授邰秋和作主旨发言。文旅部原司长芮晓光的题目是《从风景到生活》。市长沙龙环节，各地市长围坐一堂。"
    )
    assert names(r) == {"蔺东海", "邰秋和", "芮晓光"}


def test_a_list_of_bare_names_shares_the_title_after_it() -> None:
    r = run(
        "葛明远、宓文澜、卓一凡三位院士与邰秋和、芮晓光等社会知名人士围绕“医学与未来”进行了深入的互动对话。蒯一帆、阚立群等企业家也分别发言。"
    )
    assert speaker(r, "卓一凡").titles == ["院士"] and speaker(r, "蒯一帆").titles == ["企业家"]
    assert speaker(r, "邰秋和").titles == [] and "一凡三" not in names(r)


def test_the_title_gives_the_city_and_a_name_year_beats_an_archive_link() -> None:
    r = run(
        "8月15日至17日，由江城医院协会主办的2014年江城医院论坛在国家会议中心召开。协会会长蔺东海致辞。",
        title="“2014江城医院论坛”在京召开",
        url="https://example.com/page/2014/0129/123.shtml",
    )
    assert r.event.city == "北京" and r.event.date == "2014-08-15"
    r = run("随后，民革市委会主委蔺东海、农工党市委会主委芮晓光先后发言。", title="产业链协商座谈会在海南召开")
    assert r.event.city is None


def test_roles_people_take_and_a_crowd_open_no_segment() -> None:
    r = run(
        "8月15日，江城医院论坛开幕，6000余名医院管理者围绕“医学、医院”这一主题展开研讨和交流。"
        "开幕式由协会秘书长蔺东海主持，协会会长芮晓光致辞。近百位名家受邀担任演讲人、主持人和点评嘉宾。"
        "主论坛由葛明远、宓文澜主持，卓一凡、邰秋和、阚立群三位院士进行了深入的互动对话。"
    )
    assert [seg.kind for seg in r.segments] == ["opening", "roundtable"]
    assert kinds(r, "卓一凡") == {"roundtable"} and kinds(r, "芮晓光") == {"opening"}


def test_keynote_speeches_after_the_opening_and_names_after_company_or_bracketed_organisations() -> None:
    r = run(
        "开幕式上，江城大学校长蔺东海致辞。开幕式结束后，中央党校（国家行政学院）宓文澜教授，"
        "江城广电网络股份有限公司姜远董事长，北湖大学卓一凡教授先后为论坛作主旨发言。"
        "在“长江文化”分论坛上，南湖大学教授邰秋和表示，要做好基础研究。"
    )
    assert {"宓文澜", "姜远", "卓一凡", "邰秋和"} <= names(r)
    assert kinds(r, "宓文澜") == {"keynote"} and kinds(r, "邰秋和") == {"talk"}


def test_an_affiliation_starts_after_the_person_before_it_in_the_clause() -> None:
    r = run("论坛亦邀得江城科技研究院院长曾远博士和北湖市发改委覃明主任科员作主题演讲。")
    assert speaker(r, "覃明").orgs == ["北湖市发改委"] and speaker(r, "曾远").orgs == ["江城科技研究院"]


# Rules written from tune9's misses.
def test_posts_joined_by_ji_a_speech_after_you_and_a_panel_named_after_yu_tan_ren() -> None:
    r = run(
        "年會由理事長、北湖電子資深副總經理暨副共同營運長和資訊安全長葛明遠主持。包括葛明遠、南湖科技董事長童遠山、"
        "西嶺電子總經理卓一凡在內，逾百位人士到場。年會先由葛明遠致詞，隨後童遠山以「產業與世局」為題發表約50分鐘的專題演講。"
        "論壇由江城大學副校長暨創新學院院長宓文瀾擔任主持人，與談人為卓一凡與邰秋和。"
    )
    assert names(r) == {"葛明遠", "童遠山", "宓文瀾", "卓一凡", "邰秋和"}
    assert "副共同營運長" in speaker(r, "葛明遠").titles and speaker(r, "宓文瀾").role == "moderator"


def test_a_guest_line_with_the_name_run_into_its_organisation() -> None:
    r = run(
        "本场对话由南湾资本创始合伙人卫远主持，对话嘉宾为：\n邝远平北湖创投创始主管合伙人\n厉远松禾资本创始合伙人\n卫远：先请各位介绍自己。\n邝远平：大家好。\n厉远：谢谢。"
    )
    assert speaker(r, "邝远平").orgs == ["北湖创投"] and speaker(r, "邝远平").titles == ["创始主管合伙人"]
    assert speaker(r, "厉远").orgs == ["松禾资本"]


def test_a_letter_sent_a_caption_sentence_and_a_speech_told_from_inside() -> None:
    r = run(
        "江城学会理事长蔺东海发来贺信。学会副理事长芮晓光主持。北湖联合会执行副会长葛明远，南湖集团原董事长卓一凡出席。"
        "葛明远在致辞中回顾了产业成果。工信部装备工业一司汪远副司长到会致辞。\n"
        "图示江城发展局副局长宓文澜（右二）、北湖研究院院长邰秋和等人在研讨会上。"
    )
    assert names(r) == {"芮晓光", "葛明远", "汪远"}


def test_opening_remarks_and_speeches_a_briefing_and_a_panel_of_yu_tan_ren() -> None:
    r = run(
        "上午半场由联盟理事长蔺东海、协会常务副会长芮晓光等领导致开场辞；会议还特别邀请规划处处长葛明远，就产业规划作了解读。"
        "演讲结束后举行论坛，由北湖大学副校长宓文澜担任主持人，与谈人为卓一凡、邰秋和。"
    )
    assert "opening" in kinds(r, "蔺东海") and "keynote" in kinds(r, "葛明远")
    assert kinds(r, "卓一凡") == {"roundtable"}
    r = run("财政司司长蔺东海担任首日的开幕演讲嘉宾，今日以预先录制的影片发表演讲。")
    assert "opening" in kinds(r, "蔺东海")


def test_a_name_inside_quoted_words_an_adverb_after_a_title_and_praise() -> None:
    r = run(
        "“一年多以前我托了三拨人，就想见一见葛明远（北湖科技创始人），可他都没答应。”南湾资本创始合伙人蔺东海这样回忆。"
        "很多国际投资人都在说，要重新评估市场。北湖集团原董事长卓一凡出席。卓一凡充分肯定了产业取得的成绩。"
    )
    assert names(r) == {"蔺东海", "卓一凡"}


def test_a_year_inside_the_name_an_annual_meeting_of_the_title_and_a_university_venue() -> None:
    r = run(
        "12月18日至19日，江城宇航学会2011年学术年会在京召开。学会理事长蔺东海主持。",
        url="http://example.com/page/2012/1207/1.shtml",
    )
    assert r.event.date == "2011-12-18"
    r = run("江城半導體協會23日下午在新竹國賓飯店召開2025年會，理事長蔺東海主持。", title="江城半導體協會2025年會新竹登場")
    assert r.event.name == "江城半導體協會2025年會"
    r = run("記者蔺東海／高雄報導\n电机工程学会年会今（19）日在国立中山大学逸仙馆举行。理事长芮晓光致辞。")
    assert r.event.city == "高雄"


def test_a_session_chair_is_a_role_and_taiwan_vice_presidents_are_posts() -> None:
    r = run(
        "包括工研院資深副總暨協理蘇遠山、北湖大學副校長暨創新學院院長孫一凡在內，逾百位人士到場。"
        "年會由孫一凡主持，與談人為蘇遠山。分会场主持人、南京航空航天大学教授王远庆作报告。"
    )
    assert speaker(r, "孫一凡").orgs[0] == "北湖大學" and "協理" in speaker(r, "蘇遠山").titles
    assert speaker(r, "王远庆").titles == ["教授"]


def test_a_session_chair_named_by_role_among_the_posts_moderates() -> None:
    r = run("分会场主持人、江城航空大学教授王远庆宣布分会开始。北湖研究院院士芮晓光作主题报告。")
    assert speaker(r, "王远庆").role == "moderator" and speaker(r, "芮晓光").role == "speaker"


# Rules written from tune10's misses.
def test_listed_experts_who_attend_and_report_invited_speakers_and_a_titled_speech() -> None:
    r = run(
        "江城市副市长蔺东海出席论坛并致辞。北湖工程院院士、江城实验室主任葛明远，南湖大学教授宓文澜等专家学者出席论坛并作主旨报告。"
        "协会会长卓一凡出席。卓一凡在题为《科学技术与国际合作》的演讲中指出，合作是关键。每年在两岸轮流举办。"
    )
    assert {"葛明远", "宓文澜", "卓一凡"} <= names(r)
    assert r.event.city is None


# Rules written from tune11's misses.
def test_latin_names_with_particles_leading_initials_and_an_excellency() -> None:
    r = run(
        "开幕式上，荷兰驻华使馆参赞Pieter van Dijk，江城种子中心科学家R. J. Singh等先后致辞；"
        "智利驻华大使H.E. Carlos Mendes Ruiz则通过视频致辞。"
    )
    assert {"Pieter van Dijk", "R. J. Singh", "Carlos Mendes Ruiz"} <= names(r)
    assert "Pieter" not in names(r)


def test_a_hyphenated_transliterated_surname_and_an_address_by_video() -> None:
    r = run("学会会长卡尔·贝克-汉森认为，物流正在变化。草原国农业部副部长尤素甫·卡里莫夫以视频方式致辞。")
    assert names(r) == {"卡尔·贝克-汉森", "尤素甫·卡里莫夫"}


def test_japanese_names_after_a_japanese_organisation_and_no_words_read_as_them() -> None:
    r = run(
        "东京工业大学校长藤堂光彦在致辞中回顾了合作。日本北湖商会会长宇喜多秀明以视频方式致辞。"
        "日本经济大臣藤堂光彦、国家发展和改革委员会主任蔺东海先后讲话。"
    )
    assert names(r) == {"藤堂光彦", "宇喜多秀明", "蔺东海"}


def test_transliterations_after_titles_in_a_list_that_speaks() -> None:
    r = run("江城市委书记蔺东海，草原国总理阿卜杜勒萨拉姆，北国前总统奥朗卡，北湖集团董事长卓一凡等也分别致辞。")
    assert names(r) == {"蔺东海", "阿卜杜勒萨拉姆", "奥朗卡", "卓一凡"}


def test_a_name_ending_in_he_before_zai_and_he_before_zaizuo() -> None:
    r = run("江城市委宣传部部长金晓和在启动仪式上致辞。随后，市长蔺东海和在座的嘉宾合影。")
    assert "金晓和" in names(r) and "蔺东海" not in names(r)


def test_panel_members_listed_with_their_posts_speak() -> None:
    r = run(
        "晚宴上，协会会长蔺东海主持了一场圆桌讨论。参加讨论的嘉宾有：葛明远（北湖云首席科学家）；"
        "宓文澜（南湖资本合伙人，协会委员）；卓一凡（江城创投合伙人）。"
    )
    assert names(r) == {"蔺东海", "葛明远", "宓文澜", "卓一凡"}
    assert speaker(r, "宓文澜").orgs[0] == "南湖资本"


def test_two_people_introduced_earlier_then_titled_reports() -> None:
    r = run(
        "北湖大学校长、院士葛明远等出席论坛。南湖大学校长宓文澜在致辞中回顾了交流。"
        "随后，葛明远和宓文澜分别以《材料的未来：从实验室到工厂》和《医院的课题——我们的做法》为题作主旨报告。"
    )
    assert names(r) == {"葛明远", "宓文澜"}


def test_a_speech_titled_late_in_the_sentence_at_a_book_fair_and_talking_of_thoughts() -> None:
    r = run(
        "3月2日中午，江城作家协会主席宓文澜在北湖图书沙龙上，面向读者作了题为《城市与写作》的演讲。"
        "北湖大学新闻学院院长卓一凡谈了他对主流媒体的思考。"
    )
    assert names(r) == {"宓文澜", "卓一凡"}
