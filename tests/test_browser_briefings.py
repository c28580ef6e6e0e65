"""Briefings and the pages of issue 13 as a reader sees them, in Debian's Chromium (Playwright).

The site is served under its `site_url` path (/briefing/), with the built 404 page for any
missing address, as a static host does. Screenshots go to test-artifacts/.
"""

from __future__ import annotations

import functools
import http.server
import os
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from tests.conftest import FIXTURES, ROOT, SAMPLE_SEED, make_project

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = ROOT / "test-artifacts"
PREFIX = "/briefing/"  # the path of site_url in mkdocs.yml
PAGES = {
    "month": "briefings/2025-04/",
    "week": "briefings/2025-w12/",
    "speaker": "speakers/deng-lei-lin/",
    "event": "events/2025-03-17-wei-lai-mei-ti-sha-long-shu-zi-ren-zhuan-chang/",
    "home": "",
    "speakers": "speakers/",
    "data": "data/",
}
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="Debian's chromium is not installed (.ci/run installs it)"),
]


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Serves site/ under /briefing/, and site/404.html (status 404) for anything missing."""

    site: Path

    def translate_path(self, path: str) -> str:
        path = path.split("?", 1)[0]
        if not path.startswith(PREFIX):
            return str(self.site / "missing")
        return str(self.site / path[len(PREFIX) :])

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        if code != 404:
            super().send_error(code, message, explain)
            return
        body = (self.site / "404.html").read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = make_project(
        tmp_path_factory.mktemp("browser-briefings"), [SAMPLE_SEED, *sorted((FIXTURES / "briefings").glob("*.txt"))]
    )
    result = CliRunner().invoke(main, ["-q", "build", "--root", str(root)])
    assert result.exit_code == 0, result.output
    handler = type("Handler", (_Handler,), {"site": root / "site"})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}{PREFIX}"
    server.shutdown()


def _open(browser, url: str, phone: bool):  # noqa: ANN001, ANN202 - Playwright objects
    if phone:
        context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2, color_scheme="dark")
    else:
        context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme="light")
    page = context.new_page()
    missing: list[str] = []
    errors: list[str] = []
    page.on("response", lambda r: missing.append(r.url) if r.status >= 400 else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(url, wait_until="networkidle")
    return context, page, missing, errors


@pytest.mark.parametrize("name", sorted(PAGES))
def test_no_page_scrolls_sideways_on_a_phone_and_nothing_is_missing(browser, base: str, name: str) -> None:  # noqa: ANN001
    context, page, missing, errors = _open(browser, base + PAGES[name], phone=True)
    try:
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        # no table wider than the screen, or than the scroller Material wraps it in (its last column cut off)
        widest = page.evaluate(
            "Math.max(0, ...[...document.querySelectorAll('.md-content table')].map("
            "t => Math.max(t.getBoundingClientRect().right, t.parentElement.scrollWidth - t.parentElement.clientWidth + 390)))"
        )
        assert widest <= 390, f"a table reaches {widest}px"
        assert missing == [], missing  # e.g. feeds/sitemap.xml, fetched by Material for rel=alternate links
        assert errors == []
        if name in ("month", "week", "speaker", "event"):
            ARTIFACTS.mkdir(exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / f"issue13-fixture-{name}-phone-dark.png"), full_page=True)
    finally:
        context.close()


@pytest.mark.parametrize("name", ["month", "week", "speaker", "event"])
def test_desktop_pages_load_clean(browser, base: str, name: str) -> None:  # noqa: ANN001
    context, page, missing, errors = _open(browser, base + PAGES[name], phone=False)
    try:
        assert missing == [] and errors == []
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"issue13-fixture-{name}-desktop-light.png"), full_page=True)
    finally:
        context.close()


def test_series_neighbours_are_separate_lines(browser, base: str) -> None:  # noqa: ANN001
    context, page, _missing, _errors = _open(browser, base + PAGES["event"], phone=False)
    try:
        items = page.locator("li", has_text="一场：")
        assert items.count() >= 2
        boxes = [items.nth(k).bounding_box() for k in range(2)]
        assert boxes[0]["y"] < boxes[1]["y"]  # one under the other, not one line
    finally:
        context.close()


def test_404_page_in_chinese_leads_on_from_any_depth(browser, base: str) -> None:  # noqa: ANN001
    context, page, _missing, errors = _open(browser, base + "no/such/page/here/", phone=False)
    try:
        assert page.locator("h1", has_text="页面不存在").count() == 1
        assert page.locator("input#briefing-404-q").count() == 1
        page.get_by_role("link", name="嘉宾", exact=True).last.click()
        page.wait_for_load_state("networkidle")
        assert page.url == base + "speakers/"
        assert page.locator("h1", has_text="嘉宾").count() == 1
        assert errors == []
    finally:
        context.close()
