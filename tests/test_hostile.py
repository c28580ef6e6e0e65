"""Bad input and untrusted text: clear errors naming the file, and article text that stays text."""

from __future__ import annotations

import html
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.cli import main
from generator.markdown import md
from generator.seeds import SeedError, decode, parse, read_seed
from generator.slugs import slugify
from tests.conftest import FIXTURES, make_project

INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff\u00ad\x00-\x08\x0b\x0c\x0e-\x1b\x7f-\x84\x86-\x9f]")
HOSTILE = [
    "<script>alert('x')</script>",
    '<img src=x onerror="alert(1)">',
    "[点我](javascript:alert(1))",
    "![图](http://evil.example/x.png)",
    "<!-- 注释 -->",
    "{{ 7*7 }} {% raw %}",
    "---",
    "<!-- material/tags -->",
    "a | b `c` d",
    "零\u200b宽\u202e反向",
    "# 标题",
    "1. 列表",
    "**粗体** _斜体_",
]


def render_inline(text: str) -> str:
    """What MkDocs makes of one escaped value (same Markdown engine, with tables)."""
    return markdown.markdown(
        f"| 项目 | 内容 |\n| --- | --- |\n| x | {md(text)} |", extensions=["tables", "attr_list", "md_in_html"]
    )


def visible(html_text: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", html_text))


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_stays_literal_in_a_table_cell(text: str) -> None:
    out = render_inline(text)
    assert "<script" not in out and "<img" not in out and "<a " not in out and "<!--" not in out
    expected = re.sub(r"[\u200b-\u200f\u202a-\u202e]", "", text)
    assert expected in visible(out)
    assert out.count("<td>") == 2  # pipes did not split the row


@settings(max_examples=300, deadline=None)
@given(st.text(min_size=1, max_size=80))
def test_escaped_text_round_trips_as_literal_text(text: str) -> None:
    out = markdown.markdown(f"段落：{md(text)}", extensions=["tables", "attr_list"])
    assert "<script" not in out.lower() and "<a " not in out and "<img" not in out
    expected = " ".join(INVISIBLE.sub("", text).split())
    assert " ".join(visible(out).split()) == ("段落：" + expected).strip()


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60))
def test_slugs_stay_inside_the_output_folder(text: str) -> None:
    slug = slugify(text, fallback="item")
    assert re.fullmatch(r"[a-z0-9][a-z0-9-]*", slug)
    assert (Path("/out") / f"{slug}.md").resolve().parent == Path("/out")


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=400))
def test_reader_raises_only_its_own_error(data: bytes) -> None:
    try:
        text, _ = decode(data, "x.txt")
        parse(text, "x.txt")
    except SeedError as exc:
        assert str(exc).startswith("x.txt")


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_parse_never_fails_unexpectedly(text: str) -> None:
    try:
        seed = parse(text, "x.txt")
        assert seed.body
    except SeedError:
        pass


@pytest.mark.parametrize(
    "name, data, message",
    [
        ("empty.txt", b"", "empty file"),
        ("blank.txt", b" \n\t \n", "only whitespace"),
        ("binary.txt", bytes(range(256)), "binary data"),
        ("truncated.txt", "总结: 这是一段很长的中文正文，用来测试截断。".encode()[:-1], "truncated multi-byte character"),
        (
            "mixed.txt",
            "总结: 前半部分是正常的中文正文内容，".encode() + "后半部分却是另一种编码".encode("gbk"),
            "mixed encodings",
        ),
        ("labels.txt", "标题: 只有标题\n".encode(), "no body (总结) found"),
    ],
)
def test_bad_files_get_clear_errors(tmp_path: Path, name: str, data: bytes, message: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(SeedError) as info:
        read_seed(path)
    assert str(info.value).startswith(str(path)) and message in str(info.value)


def test_body_without_labels_and_a_short_gb18030_text_are_read() -> None:
    assert read_seed(FIXTURES / "seeds" / "no-labels.txt").body
    assert read_seed(FIXTURES / "seeds" / "short-gb18030.txt").encoding == "gb18030"


def test_oversized_article_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    path.write_bytes(("总结: " + "很长的正文。" * 1_200_000).encode())  # about 20 MB
    with pytest.raises(SeedError, match="larger than 2,000,000"):
        read_seed(path)


HOSTILE_SEED = """标题: <script>alert('title')</script>峰会
链接: javascript:alert(1)
总结: 2024年5月1日，“<img src=x onerror=alert(1)>创新论坛”在上海举行。星河科技创始人李{{x}}表示，“[点我](javascript:alert(2)) 和 <!-- material/tags --> 以及 {% if %} | 管道 `反引号` 都是文本。”李{{x}}说。
关键词: <b>粗</b>, ---
AI技术: <script>x</script>, 数字人
"""


class _Elements(HTMLParser):
    """Collects what would execute in a browser: script bodies, event handlers, javascript: URLs."""

    def __init__(self) -> None:
        super().__init__()
        self.findings: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        kind = dict(attrs).get("type") or "text/javascript"
        self._in_script = tag == "script" and "json" not in kind  # JSON-LD is data, checked below
        self._in_data_script = tag == "script" and "json" in kind
        for name, value in attrs:
            if name.startswith("on"):
                self.findings.append(f"<{tag} {name}>")
            if name in {"href", "src"} and (value or "").strip().lower().startswith("javascript:"):
                self.findings.append(f"<{tag} {name}={value}>")

    def handle_data(self, data: str) -> None:
        if self._in_script and "alert" in data:
            self.findings.append(f"script: {data[:60]}")
        if getattr(self, "_in_data_script", False) and "<" in data:
            self.findings.append(f"unescaped < in JSON-LD: {data[:60]}")


def test_hostile_seed_builds_and_stays_text(tmp_path: Path) -> None:
    root = make_project(tmp_path, [])
    (root / "seeds" / "evil $(rm -rf) name;`x`.txt").write_text(HOSTILE_SEED, encoding="utf-8")
    (root / "seeds" / "中文 文件名.txt").write_text(
        HOSTILE_SEED.replace("javascript:alert(1)", "https://example.com/x").replace("2024年5月1日", "2024年5月2日"),
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["build", "--root", str(root)])
    assert result.exit_code == 0, result.output
    for page in (root / "site").rglob("*.html"):
        parser = _Elements()
        parser.feed(page.read_text(encoding="utf-8"))
        assert parser.findings == [], (page, parser.findings)
    assert all(p.resolve().is_relative_to((root / "pages").resolve()) for p in (root / "pages").rglob("*"))
    event = next((root / "site" / "events").glob("2024-05-01-*/index.html")).read_text(encoding="utf-8")
    assert "&#60;img src&#61;x onerror&#61;alert&#40;1&#41;&#62;创新论坛" in event  # shown as text
    assert "<title>&lt;img src=x onerror=alert(1)&gt;创新论坛 - 行业活动简报</title>" in event
    record = (root / "content" / "records" / "evil-rm-rf-name-x.yaml").read_text(encoding="utf-8")
    assert "url: javascript:alert(1)" in record  # kept as data, never made a link


def test_title_cannot_break_out_of_the_title_element(tmp_path: Path) -> None:
    root = make_project(tmp_path, [])
    (root / "seeds" / "t.txt").write_text("总结: 5月1日，“</title><script>alert(9)</script>论坛”在北京举行。\n", encoding="utf-8")
    assert CliRunner().invoke(main, ["build", "--root", str(root)]).exit_code == 0
    page = next((root / "site" / "events").glob("*/index.html")).read_text(encoding="utf-8")
    assert "<script>alert(9)" not in page
    assert "&lt;/title&gt;&lt;script&gt;alert(9)&lt;/script&gt;论坛" in page


def test_duplicate_seeds_are_reported_once_and_build_once(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    shutil.copy(next((root / "seeds").iterdir()), root / "seeds" / "copy.txt")
    text = (FIXTURES / "seeds" / "utf8.txt").read_text(encoding="utf-8")
    (root / "seeds" / "same-url-a.txt").write_text(text, encoding="utf-8")
    (root / "seeds" / "same-url-b.txt").write_text(text.replace("论坛在杭州举行", "论坛在杭州举行（转载）"), encoding="utf-8")
    result = CliRunner().invoke(main, ["build", "--root", str(root), "--pages-only"])
    assert "copy.txt: same content as" in result.stderr
    assert "same-url-b.txt: same URL as same-url-a.txt (https://example.com/a/1); one event, kept once" in result.stderr
    assert result.stderr.count("events,") == 1 and "warning: " in result.stderr and "error" not in result.stderr
    assert "2 events" in result.stderr


def test_symlink_outside_seeds_is_refused(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    secret = tmp_path / "secret.txt"
    secret.write_text("总结: 机密\n", encoding="utf-8")
    (root / "seeds" / "link.txt").symlink_to(secret)
    result = CliRunner().invoke(main, ["build", "--root", str(root), "--pages-only"])
    assert f"{root / 'seeds' / 'link.txt'}: symbolic link to {secret}, outside seeds/; skipped" in result.stderr
    assert not (root / "content" / "records" / "link.yaml").exists()


def test_ten_thousand_tiny_articles(tmp_path: Path) -> None:
    root = make_project(tmp_path, [])
    for n in range(10_000):
        (root / "seeds" / f"tiny-{n:05d}.txt").write_text(f"总结: 第{n}篇。\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["build", "--root", str(root), "--pages-only"])
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines()[-1].startswith("10000 events")  # after the progress lines
    assert len(list((root / "content" / "records").glob("*.yaml"))) == 10_000
