"""What a reader sees: the built sample site in Debian's Chromium, driven by Playwright.

Chromium comes from Debian (/usr/bin/chromium, installed by .ci/run); no browser is downloaded.
"""

from __future__ import annotations

import functools
import http.server
import os
import threading
from collections.abc import Iterator

import pytest
from click.testing import CliRunner

from generator.cli import main
from tests.conftest import ROOT, make_project

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = ROOT / "test-artifacts"
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="Debian's chromium is not installed (.ci/run installs it)"),
]


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the built site without a log line per request (a line logged after a test's output
    capture ends would reach the terminal)."""

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = make_project(tmp_path_factory.mktemp("browser"))
    result = CliRunner().invoke(main, ["-q", "build", "--root", str(root)])
    assert result.exit_code == 0, result.output
    handler = functools.partial(QuietHandler, directory=str(root / "site"))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


@pytest.fixture
def page(browser):  # noqa: ANN001, ANN201 - Playwright objects
    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield page
    context.close()
    assert errors == [], errors


def search(page, url: str, query: str):  # noqa: ANN001, ANN201
    page.goto(url)
    page.locator("label.md-search__icon, .md-search__input").first.click()
    box = page.locator("input.md-search__input")
    box.click()
    page.keyboard.type(query)
    page.keyboard.press("End")  # Material searches on keyup; typed CJK text sends no key events
    results = page.locator(".md-search-result__item")
    results.first.wait_for(timeout=15000)
    return results


def test_search_finds_the_event_by_a_word_inside_a_sentence(page, site_url: str) -> None:  # noqa: ANN001
    results = search(page, site_url, "数字人")
    # entity pages come first; the event that mentions it follows once its text has been checked
    page.locator(".md-search-result__link[href*='events/05-23-']").first.wait_for(timeout=15000)
    assert results.count() >= 1


def test_search_reaches_a_speaker_page_and_it_shows_his_facts(page, site_url: str) -> None:  # noqa: ANN001
    search(page, site_url, "图拉古")
    link = page.locator(".md-search-result__link[href*='speakers/tu-la-gu']").first
    link.click()
    page.wait_for_url("**/speakers/tu-la-gu/**")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "speaker-tu-la-gu.png"), full_page=True)
    body = page.locator("article").inner_text()
    assert "图拉古" in page.locator("h1").inner_text()
    assert "天图万境" in body and "创始人" in body
    assert "新质生产力行业沙龙——AIGC赋能影视产业专场" in body
    assert "利好机会是沉浸式产业" in body  # his quote


def test_event_page_shows_agenda_speakers_and_technologies(page, site_url: str) -> None:  # noqa: ANN001
    page.goto(site_url + "events/05-23-xin-zhi-sheng-chan-li-xing-ye-sha-long-aigc-fu-neng-ying-shi-chan-ye-zhuan/")
    body = page.locator("article").inner_text()
    for name in ["朱仪贤", "刘荦", "图拉古", "陈坤", "张彬", "葛颀", "周宇", "毛翔", "赵涛", "高超", "高泽龙"]:
        assert name in body
    assert "圆桌对话" in body and "数字人" in body
    page.screenshot(path=str(ARTIFACTS / "event.png"), full_page=True)


def test_hostile_text_is_shown_as_written_and_nothing_runs(browser, tmp_path) -> None:  # noqa: ANN001
    from tests.test_hostile import HOSTILE_SEED

    root = make_project(tmp_path, [])
    (root / "seeds" / "evil.txt").write_text(HOSTILE_SEED, encoding="utf-8")
    result = CliRunner().invoke(main, ["-q", "build", "--root", str(root)])
    assert result.exit_code == 0, result.output
    handler = functools.partial(QuietHandler, directory=str(root / "site"))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    context = browser.new_context()
    page = context.new_page()
    dialogs: list[str] = []
    errors: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}/"
        page.goto(base + "events/")
        page.locator("article a[href*='2024-05-01']").first.click()
        page.wait_for_load_state("load")
        page.wait_for_timeout(300)
        body = page.locator("article").inner_text()
        assert "<img src=x onerror=alert(1)>创新论坛" in body
        assert "[点我](javascript:alert(2))" in body and "{% if %} | 管道 `反引号`" in body
        assert "<img src=x onerror=alert(1)>创新论坛" in page.title()
        page.screenshot(path=str(ARTIFACTS / "hostile-event.png"), full_page=True)
    finally:
        context.close()
        server.shutdown()
    assert dialogs == [] and errors == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_pages_with_charts_and_mentioned_in_links(browser, site_url: str, scheme: str) -> None:  # noqa: ANN001
    context = browser.new_context(viewport={"width": 1280, "height": 1000}, color_scheme=scheme)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    try:
        page.goto(site_url)
        charts = page.locator("figure.briefing-chart svg[role=img]")
        assert charts.count() == 2
        assert charts.first.get_attribute("aria-label").startswith("提及最多的技术：大模型 14 次")
        assert charts.first.bounding_box()["width"] > 300  # drawn at column width, not as a thumbnail
        page.screenshot(path=str(ARTIFACTS / f"home-{scheme}.png"), full_page=True)

        page.goto(site_url + "technologies/shu-zi-ren/")
        assert page.locator("figure.briefing-chart svg[role=img]").count() == 1
        page.screenshot(path=str(ARTIFACTS / f"technology-{scheme}.png"), full_page=True)
        page.locator("article h3 a[href*='events/']").first.click()  # "mentioned in" -> the event
        page.wait_for_url("**/events/05-23-*/")
        assert "新质生产力行业沙龙" in page.locator("h1").inner_text()
        page.screenshot(path=str(ARTIFACTS / f"event-{scheme}.png"), full_page=True)

        page.goto(site_url + "speakers/zhang-bin/")
        assert "百度云智能" in page.locator("article table").first.inner_text()
        page.screenshot(path=str(ARTIFACTS / f"speaker-{scheme}.png"), full_page=True)
    finally:
        context.close()
    assert errors == []
