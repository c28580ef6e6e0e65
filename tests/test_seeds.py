"""The seed reader on one small fixture per variant (tests/fixtures/seeds/)."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.seeds import SeedError, decode, parse, read_seed

SEEDS = Path(__file__).parent / "fixtures" / "seeds"


@pytest.mark.parametrize(
    "name, encoding",
    [
        ("utf8.txt", "utf-8"),
        ("utf8-bom.txt", "utf-8"),
        ("crlf.txt", "utf-8"),
        ("gb18030.txt", "gb18030"),
        ("fullwidth-colon.txt", "utf-8"),
    ],
)
def test_simplified_variants_read_the_same(name: str, encoding: str) -> None:
    seed = read_seed(SEEDS / name)
    assert seed.encoding == encoding
    assert seed.title == "智能影像创新论坛在杭州举行"
    assert seed.url == "https://example.com/a/1"
    assert seed.body.startswith("2024年3月5日") and seed.body.endswith("李明远说。")
    assert "\r" not in seed.body
    assert seed.keywords == ("数字人", "影像")
    assert seed.technologies == ("数字人", "大模型")
    assert seed.industries == ("影视制作",)


@pytest.mark.parametrize("name", ["big5.txt", "traditional-labels.txt"])
def test_traditional_labels_and_big5(name: str) -> None:
    seed = read_seed(SEEDS / name)
    assert seed.title == "智能影像創新論壇在杭州舉行"
    assert seed.url == "https://example.com/a/2"
    assert "李明遠說" in seed.body
    assert seed.keywords == ("數字人", "影像")
    assert seed.encoding == ("big5" if name == "big5.txt" else "utf-8")


def test_short_gb18030_is_not_mistaken_for_korean() -> None:
    seed = read_seed(SEEDS / "short-gb18030.txt")
    assert seed.encoding == "gb18030"
    assert seed.body == "杭州论坛举行，李明远致辞。"


def test_missing_fields_leave_body_only() -> None:
    seed = read_seed(SEEDS / "missing-fields.txt")
    assert seed.title is None and seed.url is None and seed.keywords == () and seed.digest is None
    assert seed.body.startswith("2024年3月5日")


def test_text_without_labels_is_a_raw_body() -> None:
    seed = read_seed(SEEDS / "no-labels.txt")
    assert seed.title is None and seed.body.startswith("2024年3月5日")


def test_multi_paragraph_body_keeps_prose_lines_that_look_like_labels() -> None:
    seed = read_seed(SEEDS / "raw-article.txt")
    assert seed.body.endswith("第二段：嘉宾们就数字人展开讨论。")
    assert seed.extra == {}


def test_unknown_labels_are_kept() -> None:
    assert read_seed(SEEDS / "unknown-label.txt").extra == {"来源": "某某日报"}


def test_multiline_digest() -> None:
    seed = read_seed(SEEDS / "multiline-digest.txt")
    assert seed.digest is not None
    assert seed.digest.splitlines()[0] == "这篇文章报道了论坛。"
    assert "   - 李明远致辞" in seed.digest


def test_repeated_label_is_joined_and_reported() -> None:
    seed = read_seed(SEEDS / "repeated-label.txt")
    assert seed.keywords == ("数字人", "影像", "重复")
    assert seed.warnings and "repeated-label.txt:7" in seed.warnings[0]


@pytest.mark.parametrize(
    "name, message",
    [
        ("empty.txt", "empty file"),
        ("whitespace.txt", "only whitespace"),
        ("binary.txt", "binary data"),
        ("labels-no-body.txt", "no body (总结) found; labels seen: title, url"),
    ],
)
def test_files_that_are_not_seeds(name: str, message: str) -> None:
    with pytest.raises(SeedError) as info:
        read_seed(SEEDS / name)
    assert str(SEEDS / name) in str(info.value)
    assert message in str(info.value)


def test_undecodable_bytes_name_the_line() -> None:
    data = "标题: 好\n总结: 正文\n".encode() + b"\xff\xfe\xfd\x80\x81 \x00"[:5] + b"\n"
    with pytest.raises(SeedError) as info:
        decode(data, "bad.txt")
    assert "bad.txt:3" in str(info.value)


def test_parse_accepts_a_value_on_following_lines() -> None:
    seed = parse("标题:\n  两行标题\n总结:\n第一段\n\n第二段\n", "x.txt")
    assert seed.title == "两行标题"
    assert seed.body == "第一段\n\n第二段"
