"""Search as a reader uses it: Material's search box in Debian's Chromium, on a site built from the
Simplified sample and a Traditional report (tests/fixtures/search/traditional-forum.txt), with
each query's expected first result."""

from __future__ import annotations

import functools
import http.server
import json
import os
import threading
from collections.abc import Iterator

import pytest
from click.testing import CliRunner

from generator import sitesearch
from generator.cli import main
from tests.conftest import FIXTURES, ROOT, SAMPLE_SEED, make_project

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = ROOT / "test-artifacts"
WORKER = ROOT / "theme" / "overrides" / "assets" / "javascripts" / "briefing-search.js"
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
    root = make_project(tmp_path_factory.mktemp("search"), [SAMPLE_SEED, FIXTURES / "search" / "traditional-forum.txt"])
    result = CliRunner().invoke(main, ["-q", "build", "--root", str(root)])
    assert result.exit_code == 0, result.output
    handler = functools.partial(QuietHandler, directory=str(root / "site"))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


@pytest.fixture
def page(browser):  # noqa: ANN001, ANN201 - Playwright objects
    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    page = context.new_page()
    errors: list[str] = []
    requests: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    context.on("request", lambda request: requests.append(request.url))
    page.requests = requests  # type: ignore[attr-defined]
    yield page
    context.close()
    assert errors == [], errors


def search(page, url: str, query: str) -> list[dict[str, str]]:  # noqa: ANN001
    """Type the query into Material's search box; the results as (href, title, text, kind)."""
    page.goto(url)
    page.locator("label.md-search__icon, .md-search__input").first.click()
    page.locator("input.md-search__input").click()
    page.keyboard.type(query)
    page.keyboard.press("End")  # Material searches on keyup; typed CJK text sends no key events
    page.wait_for_function(
        "q => document.querySelector('.md-search-result__item') && document.querySelector('input.md-search__input').value === q",
        arg=query,
        timeout=15000,
    )
    # a query typed character by character, and answered in rounds: let the last answer land (the
    # list unchanged for 400 ms; on a busy machine a later round can come after 200 ms)
    shown = None
    for _ in range(25):
        page.wait_for_timeout(400)
        now = page.eval_on_selector(".md-search-result__list", "list => list.innerHTML")
        if now == shown:
            break
        shown = now
    return page.eval_on_selector_all(
        ".md-search-result__item",
        """items => items.map(item => ({
            href: new URL(item.querySelector('a').href).pathname,
            title: item.querySelector('h1').innerText,
            titleHtml: item.querySelector('h1').innerHTML,
            text: item.querySelector('article').innerText,
            marks: item.querySelectorAll('mark').length,
            kind: (item.querySelector('.md-tag') || {}).innerText || ''
        }))""",
    )


CASES = [
    # 1. the entity first
    ("数字人", "/technologies/shu-zi-ren/"),
    ("大模型", "/technologies/da-mo-xing/"),
    ("影视", "/industries/ying-shi/"),  # the industry page (影视, since issue 13 names industries by their short form)
    ("图拉古", "/speakers/tu-la-gu/"),
    ("张龙", "/speakers/zhang-long/"),  # not 张彬
    ("张彬", "/speakers/zhang-bin/"),
    ("天图万境", "/organizations/tian-tu-wan-jing/"),
    ("数字人与大模型产业论坛", "/events/2024-06-12-shu-zi-ren-yu-da-mo-xing-chan-ye-lun-tan/"),
    # 2. one script: Traditional query, Simplified page; Simplified query, Traditional page
    ("數字人", "/technologies/shu-zi-ren/"),
    ("圖拉古", "/speakers/tu-la-gu/"),
    ("陈清河", "/speakers/chen-qing-he/"),
    ("云图数位科技", "/organizations/yun-tu-shu-wei/"),
    # 3. parts of names, Latin names in any case
    ("拉古", "/speakers/tu-la-gu/"),
    ("清河", "/speakers/chen-qing-he/"),
    ("天图", "/organizations/tian-tu-wan-jing/"),
    ("chatgpt", "/technologies/chatgpt/"),
    ("CHATGPT", "/technologies/chatgpt/"),
    ("ＣｈａｔＧＰＴ", "/technologies/chatgpt/"),
    ("aigc", "/technologies/aigc/"),
]


@pytest.mark.parametrize(("query", "first"), CASES)
def test_query_puts_the_expected_page_first(page, site_url: str, query: str, first: str) -> None:  # noqa: ANN001
    results = search(page, site_url, query)
    assert results[0]["href"] == first, [r["href"] for r in results]
    assert "\u200b" not in results[0]["title"]


def test_a_company_short_name_finds_its_pages_first(page, site_url: str) -> None:  # noqa: ANN001
    results = search(page, site_url, "百度")  # 百度智能雲解決方案 (Traditional report), 百度云智能… (sample)
    named = [r for r in results if r["title"].startswith("百度")]  # the organisations (and 百度智能云 if a technology)
    assert results[: len(named)] == named  # every page named 百度… comes before the pages that mention it
    orgs = [r["href"] for r in named if r["kind"] == "机构"]
    assert len(orgs) == 2 and all(h.startswith("/organizations/bai-du-") for h in orgs)
    assert {r["href"] for r in results} >= {"/speakers/zhang-bin/", "/speakers/zhang-long/"}  # then who works there


def test_the_entity_page_comes_first_then_the_pages_that_mention_it(page, site_url: str) -> None:  # noqa: ANN001
    results = search(page, site_url, "陳清河")
    hrefs = [r["href"] for r in results]
    assert hrefs[0] == "/speakers/chen-qing-he/"
    assert "/events/2024-06-12-shu-zi-ren-yu-da-mo-xing-chan-ye-lun-tan/" in hrefs[1:]
    assert "/speakers/tu-la-gu/" not in hrefs  # pages without the name are not listed


def test_snippets_are_the_matching_sentence_highlighted(page, site_url: str) -> None:  # noqa: ANN001
    results = search(page, site_url, "图拉古")
    event = next(r for r in results if r["href"].startswith("/events/05-23-"))
    speaker = results[0]
    for result in (event, speaker):
        assert "图拉古" in result["text"] and result["marks"] >= 1
        assert not result["text"].startswith(("时间", "项目", "机构 职务", "日期"))  # no table header text
    assert "<mark" in speaker["titleHtml"]
    assert "图拉古表示" in speaker["text"] or "图拉古介绍" in speaker["text"]  # a sentence he said


def test_traditional_query_results_list_screenshot(page, site_url: str) -> None:  # noqa: ANN001
    results = search(page, site_url, "陳清河 數字人")
    assert results[0]["href"] in {"/speakers/chen-qing-he/", "/events/2024-06-12-shu-zi-ren-yu-da-mo-xing-chan-ye-lun-tan/"}
    for result in results:
        assert "陳清河" in result["text"] + result["title"] or "陈清河" in result["text"] + result["title"]
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "search-traditional.png"))
    search(page, site_url, "數字人")
    page.screenshot(path=str(ARTIFACTS / "search-traditional-shu-zi-ren.png"))


def test_search_is_static_and_keeps_materials_look(page, site_url: str) -> None:  # noqa: ANN001
    search(page, site_url, "圖拉古")
    assert page.locator("header .md-search__input").count() == 1  # the box in the header
    assert page.locator(".md-search-result__meta").inner_text().endswith("符合条件的结果")  # Material's zh texts
    assert page.evaluate("document.documentElement.lang") == "zh"
    assert all(url.startswith(site_url) for url in page.requests), [u for u in page.requests if not u.startswith(site_url)]
    page.locator(".md-search-result__link[href*='speakers/tu-la-gu']").first.click()
    page.wait_for_url("**/speakers/tu-la-gu/**")
    assert page.locator("article mark[data-md-highlight]").count() >= 1  # highlighted on the page too


def test_nothing_for_a_name_that_is_not_there(page, site_url: str) -> None:  # noqa: ANN001
    page.goto(site_url)
    page.locator("label.md-search__icon, .md-search__input").first.click()
    page.locator("input.md-search__input").click()
    page.keyboard.type("欧阳娜娜")
    page.keyboard.press("End")
    page.wait_for_function("() => document.querySelector('.md-search-result__meta').innerText.includes('没有')", timeout=15000)
    assert page.locator(".md-search-result__item").count() == 0


def test_the_worker_folds_and_splits_as_the_index_does(page, site_url: str) -> None:  # noqa: ANN001
    """The browser's fold, terms and shard numbers equal Python's, for text of every kind."""
    samples = ["數字人與大模型", "圖拉古", "陳清河", "ＣｈａｔＧＰＴ-4o", "百度智能雲", "乾隆年間", "龍", "AI换脸 Sora"]
    page.goto(site_url)
    table = json.dumps(sitesearch.fold_pairs())
    script = WORKER.read_text(encoding="utf-8")
    got = page.evaluate(
        f"""samples => {{
            const self = {{location: {{href: location.href + 'assets/javascripts/x.js'}}}};
            const addEventListener = () => {{}};
            {script}
            const [from, to] = {table};
            const map = new Map();
            for (let i = 0; i < from.length; i++) map.set(from.charCodeAt(i), to.charCodeAt(i));
            return samples.map(s => {{
                const f = fold(s, map);
                return [f, terms(f), terms(f).map(t => shardOf(t, {sitesearch.SHARDS}))];
            }});
        }}""",
        samples,
    )
    expected = []
    for sample in samples:
        folded = sitesearch.fold(sample)
        unique = list(dict.fromkeys(sitesearch.terms(folded)))
        expected.append([folded, unique, [sitesearch.term_shard(t) for t in unique]])
    assert got == expected


def test_hostile_text_in_results_is_shown_as_text(browser, tmp_path) -> None:  # noqa: ANN001
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
        results = search(page, f"http://127.0.0.1:{server.server_address[1]}/", "创新论坛")
        page.wait_for_timeout(300)
        shown = " ".join(r["title"] + " " + r["text"] for r in results)
        assert "<img src=x onerror=alert(1)>" in shown  # the markup as text
        assert page.locator(".md-search-result img, .md-search-result script").count() == 0
    finally:
        context.close()
        server.shutdown()
    assert dialogs == [] and errors == []


CAPS = {"shards": 2500, "chunks": 300, "pages": 6000}  # bytes; the fixture site's files are smaller, their sum larger
CAP_QUERIES = ["数字人", "图拉古", "张龙", "天图万境", "陈清河", "chatgpt", "清河", "大模型", "影视", "拉古", "数字人"]


def test_the_worker_caches_never_hold_more_bytes_than_their_caps(page, site_url: str) -> None:  # noqa: ANN001
    """The worker of the site, started with small caps (its URL's ?caps=), answers a run of queries
    with the same first results while each cache drops its oldest files to stay within its cap."""
    expected = dict(CASES)
    page.goto(site_url)
    worker = f"{site_url}assets/javascripts/briefing-search.js?caps={CAPS['shards']},{CAPS['chunks']},{CAPS['pages']}"
    runs = page.evaluate(
        """async ([url, queries]) => {
            const worker = new Worker(url)
            const waiting = []
            let items = null
            worker.onmessage = ev => ev.data.type === 3 ? (items = ev.data.data.items) : waiting.shift()(ev.data)
            const ask = message => new Promise(resolve => { waiting.push(resolve); worker.postMessage(message) })
            await ask({type: 0, data: {}})
            const out = []
            for (const query of queries) {
                items = null
                worker.postMessage({type: 2, data: query})
                const stats = (await ask({type: 90})).data  // answered once the query's search is over
                out.push({query, first: items && items.length ? items[0][0].location : null, stats})
            }
            worker.terminate()
            return out
        }""",
        [worker, CAP_QUERIES],
    )
    assert [r["first"] for r in runs] == [expected[q].lstrip("/") for q in CAP_QUERIES]
    last = runs[-1]["stats"]
    for name, cap in CAPS.items():
        assert last[name]["cap"] == cap
        for run in runs:
            assert 0 < run["stats"][name]["bytes"] <= cap, (name, run)
        assert last[name]["peak"] <= cap
        assert last[name]["evicted"] > 0 and last[name]["loaded"] > last[name]["files"]  # the cap was reached
