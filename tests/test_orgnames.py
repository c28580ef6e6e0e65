"""Organisation names as extraction cut them: fragments get no page, glued pieces go back to the title
(issue 13: "Organisations such as 省委 … are shown as distinct")."""

from __future__ import annotations

import pytest

from generator.orgnames import is_fragment, tidy_speaker
from generator.records import Event, Record, Source, Speaker, Title
from generator.resolve import resolve


@pytest.mark.parametrize(
    "name",
    [
        "省委",
        "省人大常委会",
        "市委",
        "市教育局",
        "党组",
        "办公室",
        "武汉",
        "廣東省",
        "上海市",
        "汽車業",
        "汽车行业",
        "灵境空间事业部",
        "心内科",
    ],
)
def test_fragments(name: str) -> None:
    assert is_fragment(name)


@pytest.mark.parametrize(
    "name",
    [
        "北京大学",
        "百度",
        "京东",
        "數位發展部",
        "中国科学院",
        "香港大學計算機系",
        "复旦大学附属中山医院心内科",
        "全国政协",
        "全国人大常委会",
        "上海市人民政府",
        "红杉影业",
        "商汤科技数字空间事业群",
        "区块链研究院",
        "36氪",
    ],
)
def test_whole_organisations(name: str) -> None:
    assert not is_fragment(name)


@pytest.mark.parametrize(
    ("orgs", "titles", "expected"),
    [
        (["全国人大常委会副", "农工党中央"], ["委员长", "主席"], (["全国人大常委会", "农工党中央"], ["副委员长", "主席"])),
        (["深圳市南山区教育局原"], ["局长"], (["深圳市南山区教育局"], ["原局长"])),
        (["歐洲科學院外籍", "北京大學"], ["院士", "講席教授"], (["歐洲科學院", "北京大學"], ["外籍院士", "講席教授"])),
        (["國家衛生健康委員會黨組"], ["成員", "副主任"], (["國家衛生健康委員會"], ["黨組成員", "副主任"])),
        (["人工智能公司OpenAI", "首席执行官和"], ["联合创始人"], (["OpenAI"], ["联合创始人", "首席执行官"])),
        (["阿里云", "城市大脑提出者"], ["创始人"], (["阿里云"], ["创始人", "城市大脑提出者"])),
        (["他们是黑蚁资本"], ["管理合伙人"], (["黑蚁资本"], ["管理合伙人"])),
        (["尚颀资本 执行事务"], ["合伙人"], (["尚颀资本"], ["执行事务合伙人"])),
        (["松沄柏资本 联合创始人&"], [], (["松沄柏资本"], ["联合创始人"])),
        (["（文/喻德术）博纳影业集团"], ["董事长"], (["博纳影业集团"], ["董事长"])),
        (["時擔任四川影視文創城"], ["總經理"], (["四川影視文創城"], ["總經理"])),
        (["除三名國家領導人及香港"], [], ([], [])),
        (["上海市人民政府参事"], [], (["上海市人民政府"], ["参事"])),
        (["世界汽车工程师学会联合"], ["主席"], (["世界汽车工程师学会"], ["联合主席"])),
        (["省委", "武汉"], ["常委", "市委书记"], (["省委", "武汉"], ["常委", "市委书记"])),  # fragments stay as written
        (["北京电影学院", "中国电影家协会"], ["教授", "主席"], (["北京电影学院", "中国电影家协会"], ["教授", "主席"])),
    ],
)
def test_tidy_speaker(orgs: list[str], titles: list[str], expected: tuple[list[str], list[str]]) -> None:
    assert tidy_speaker(orgs, titles) == expected


def test_resolver_gives_fragments_no_page_and_folds_glued_names() -> None:
    def record(n: int, speakers: list[Speaker], organizers: tuple[str, ...] = ()) -> Record:
        return Record(
            id=f"r{n}",
            source=Source(file=f"r{n}.txt", sha256=str(n)),
            title=Title(None, None),
            event=Event(name=f"第{n}场论坛", date=f"2025-0{n}-01", organizers=list(organizers)),
            summary="",
            speakers=speakers,
        )

    records = [
        record(
            1, [Speaker("王甲", orgs=["省委"], titles=["副书记"]), Speaker("何乙", orgs=["全国人大常委会副"], titles=["委员长"])]
        ),
        record(
            2,
            [
                Speaker("何乙", orgs=["全国人大常委会"], titles=["副委员长"]),
                Speaker("曹丙", orgs=["国家卫生健康委"], titles=["副主任"]),
            ],
        ),
        record(3, [Speaker("于丁", orgs=["国家卫生健康委员会"], titles=["副主任"])], organizers=("汽车行业", "武汉")),
    ]
    site, _ = resolve(records)
    names = sorted(o.name for o in site.orgs.values())
    assert names == ["全国人大常委会", "国家卫生健康委员会"]  # no 省委, 汽车行业, 武汉; 委 and 委员会 are one
    congress = next(o for o in site.orgs.values() if o.name == "全国人大常委会")
    assert len(congress.events) == 2 and len(congress.people) == 1
    first = next(e for e in site.events.values() if e.record.id == "r1")
    assert first.record.speakers[0].orgs == ["省委"]  # the speaker's line still says it, unlinked
    assert "省委" not in first.org_slugs
    assert first.record.speakers[1].orgs == ["全国人大常委会"] and first.record.speakers[1].titles == ["副委员长"]
