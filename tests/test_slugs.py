from __future__ import annotations

import re

import pytest

from generator.slugs import slugify


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
