"""Years read where the report gives them indirectly (generator/dates.py), never from today's date."""

from __future__ import annotations

import pytest

from generator.dates import place_in_year, url_date, year_in_sentence
from generator.records import Event


def placed(date: str | None, text: str, url: str | None = None, title: str | None = None, extra=None, name="某某论坛"):  # noqa: ANN001, ANN201
    e = place_in_year(Event(name=name, date=date), text, url, title, extra or {})
    return e.date, e.date_source


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("http://guoqing.china.com.cn/2023-04/03/content_85208989.htm", (2023, 4)),
        ("https://news.pedaily.cn/202304/511903.shtml", (2023, 4)),
        ("http://pjkc.com.cn/n1/2019/0924/c14739-31369349.html", (2019, 9)),
        ("https://example.com/news/2024/05/24/000001.html", (2024, 5)),
        ("http://ethn.cssn.cn/zt/201508/t20150814_2121103.shtml", (2015, 8)),
        ("https://example.com/news/000007", None),
        ("https://baijiahao.baidu.com/s?id=1799893062399973298", None),
        (None, None),
    ],
)
def test_url_dates(url: str | None, expected: tuple[int, int] | None) -> None:
    assert url_date(url) == expected


def test_year_from_the_link_and_the_year_before_for_a_later_month() -> None:
    assert placed("05-23", "5月23日，论坛举行。", "https://x.cn/2024/0524/1.html") == ("2024-05-23", "link")
    # a December event reported in January belongs to the year before
    assert placed("12-28", "12月28日，论坛举行。", "https://x.cn/202401/9.html") == ("2023-12-28", "link")


def test_year_from_the_dateline() -> None:
    text = "《澎湃新闻》2025年3月18日讯（记者 徐丽伟）3月17日，由《澎湃新闻》主办的“某某论坛”在深圳举行。"
    assert placed("03-17", text) == ("2025-03-17", "dateline")


def test_dateline_date_taken_for_the_event_is_replaced_by_the_events_day() -> None:
    text = "《澎湃新闻》2025年3月18日讯（记者 徐丽伟）3月17日，由《澎湃新闻》主办的“某某论坛”在深圳举行。"
    assert placed("2025-03-18", text) == ("2025-03-17", "dateline")


def test_year_next_to_the_events_name() -> None:
    assert placed("05-11", "5月11日，36氪“2021中国基金合伙人未来峰会”在深圳召开。", name="中国基金合伙人未来峰会") == (
        "2021-05-11",
        "event-name",
    )
    assert placed("05-11", "5月11日，峰会召开。", name="2022中国某某峰会") == ("2022-05-11", "event-name")


def test_year_in_the_dates_sentence_only() -> None:
    assert placed("09-20", "2019年，第二届论坛于9月20日在青岛开幕。") == ("2019-09-20", "body")
    # a year in another sentence says nothing about this date
    assert placed("05-23", "园区于2013年正式开园。5月23日，沙龙在北京举行。") == ("05-23", None)
    assert year_in_sentence(5, 23, "5月23日，自2020年以来第三次举办。") == 2020


def test_year_from_the_seeds_own_fields() -> None:
    assert placed("05-23", "5月23日，沙龙在北京举行。", title="2024沙龙在北京举行") == ("2024-05-23", "seed")
    assert placed("05-23", "5月23日，沙龙在北京举行。", extra={"日期": "2024-05-24"}) == ("2024-05-23", "seed")


def test_no_year_is_guessed() -> None:
    assert placed("05-23", "5月23日，沙龙在北京举行。", "https://example.com/news/7") == ("05-23", None)
    assert placed(None, "没有日期。") == (None, None)


def test_a_full_date_says_where_its_year_came_from() -> None:
    assert placed("2024-05-23", "2024年5月23日，沙龙在北京举行。") == ("2024-05-23", "text")
    assert placed("2024-05-23", "5月23日，沙龙在北京举行。", "https://x.cn/2024/05/24/1.html") == ("2024-05-23", "link")
