from __future__ import annotations

import re

import pytest

from generator.slugs import slugify, unique_slugs


@pytest.mark.parametrize(
    "text, slug",
    [("张彬", "zhang-bin"), ("刘荦", "liu-luo"), ("Suno AI", "suno-ai"), ("GPT-4", "gpt-4"), ("圖拉古", "tu-la-gu")],
)
def test_pinyin_slugs(text: str, slug: str) -> None:
    assert slugify(text) == slug


def test_surname_readings() -> None:
    assert slugify("单雄", person=True) == "shan-xiong"
    assert slugify("曾鸣", person=True) == "zeng-ming"
    assert slugify("解缙", person=True) == "xie-jin"


@pytest.mark.parametrize("text", ["", "../..", "///", "\u200b", "《》", "../../etc/passwd"])
def test_slugs_are_never_empty_or_paths(text: str) -> None:
    slug = slugify(text, fallback="item")
    assert re.fullmatch(r"[a-z0-9][a-z0-9-]*", slug)


def test_unique_slugs_are_stable_and_distinct() -> None:
    made = {"张彬#0": "zhang-bin", "张斌#0": "zhang-bin", "李四#0": "li-si"}
    first = unique_slugs(list(made), made)
    assert first == {"张彬#0": "zhang-bin", "张斌#0": "zhang-bin-2", "李四#0": "li-si"}
    assert unique_slugs(list(reversed(list(made))), made) == first
