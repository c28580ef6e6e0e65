"""The first-pass extractor on the sample seed: every speaker, affiliation and segment."""

from __future__ import annotations

import pytest

from generator.extract import extract
from generator.records import Record
from generator.seeds import SeedError, read_seed
from tests.conftest import FIXTURES, SAMPLE_SEED

EXPECTED = {
    # name: (orgs, titles, segment kind)
    "朱仪贤": (["无锡国家数字产业园影视投促中心"], ["主任"], "opening"),
    "刘荦": (["《科创板日报》"], ["副总经理"], "opening"),
    "图拉古": (["天图万境"], ["创始人"], "talk"),
    "陈坤": (["星贤文化"], ["创始人"], "talk"),
    "张彬": (["百度云智能泛科技行业数字人解决方案"], ["负责人"], "talk"),
    "葛颀": (["中赫集团", "工体元宇宙"], ["副总裁", "创始人", "CEO"], "roundtable"),
    "周宇": (["玲珑AI"], ["创始人"], "roundtable"),
    "毛翔": (["祖母镜"], ["联合创始人"], "roundtable"),
    "赵涛": (["右脑科技内容生态"], ["负责人"], "roundtable"),
    "高超": (["长江证券传媒"], ["首席分析师"], "roundtable"),
    "高泽龙": (["中国人工智能产业发展联盟科技伦理工作组", "工信部元宇宙标准化委员会"], ["成员", "委员"], "roundtable"),
}


@pytest.fixture(scope="module")
def record() -> Record:
    return extract(read_seed(SAMPLE_SEED))


def test_all_eleven_speakers_in_article_order(record: Record) -> None:
    assert [s.name for s in record.speakers] == list(EXPECTED)


@pytest.mark.parametrize("name", list(EXPECTED))
def test_affiliation_and_segment(record: Record, name: str) -> None:
    orgs, titles, kind = EXPECTED[name]
    speaker = next(s for s in record.speakers if s.name == name)
    assert (speaker.orgs, speaker.titles) == (orgs, titles)
    assert [record.segments[i].kind for i in speaker.segment] == [kind]
    assert speaker.role == "speaker"


def test_three_segments_and_reporter_not_a_speaker(record: Record) -> None:
    assert [s.kind for s in record.segments] == ["opening", "talk", "roundtable"]
    assert record.segments[1].title == "AI影视应用的创新与商业化融合之路"
    assert record.source.reporter == ["郭辉"]
    assert "郭辉" not in {s.name for s in record.speakers}


def test_event_fields(record: Record) -> None:
    assert record.event.name == "新质生产力行业沙龙——AIGC赋能影视产业专场"
    assert record.event.date == "05-23"
    assert record.event.city == "北京"
    assert record.event.organizers == ["财联社《科创板日报》"]
    assert record.source.outlet == "科创板日报"
    assert record.title.repaired and record.title.repaired.startswith("新质生产力行业沙龙")


def test_quotes_attributed(record: Record) -> None:
    chen = next(s for s in record.speakers if s.name == "陈坤")
    assert "Sora出现，大大加速了AI影视商业化进程。" in chen.quotes
    tu = next(s for s in record.speakers if s.name == "图拉古")
    assert any("超级个体" in s for s in tu.statements)


def test_technologies_from_field_and_body(record: Record) -> None:
    names = {t.canonical for t in record.technologies}
    assert {"AIGC", "大模型", "数字人", "文生图", "Sora", "Midjourney", "文心一言", "声音克隆"} <= names
    assert "人工智能" not in names


def test_digest_sections(record: Record) -> None:
    assert [s.title for s in record.digest.sections][:2] == ["活动背景与目的", "无锡国家数字产业园介绍"]
    assert len(record.digest.sections) == 4
    assert record.digest.outro and record.digest.outro.startswith("综上所述")


def test_keywords_are_jiebas_tf_idf_keywords() -> None:
    import jieba.analyse

    from generator.words import keywords

    texts = []
    for path in [SAMPLE_SEED, *sorted(FIXTURES.glob("seeds/*.txt"))]:
        try:
            texts.append(read_seed(path).body)
        except SeedError:
            continue
    assert len(texts) > 5
    for text in texts:
        assert keywords(text, 6) == jieba.analyse.extract_tags(text, topK=6)
