#!/usr/bin/env python3
"""Benchmark: extraction throughput, full and incremental builds, memory and output sizes.

    .venv/bin/python bench/run.py                 # 1,000 and 5,000 articles
    .venv/bin/python bench/run.py --sizes 200     # any sizes
    .venv/bin/python bench/run.py --sizes 30 --quick   # smoke run (skips the plain MkDocs build)
    .venv/bin/python bench/run.py --sizes 1000 5000 --search-only
    .venv/bin/python bench/run.py --site PATH/site     # the search figures of a site built already

Corpora come from ../shared/bench/make_corpus.py. Prints figures; asserts nothing. The search figures (index size and file count; for three
queries typed on a cold page load in Debian's Chromium: time to first results, bytes fetched,
the longest main-thread task; then the tab's JavaScript memory and the worker's caches after 12 and 150 queries) come last,
with how many index files adding one article rewrote; `--search-only` skips the extraction
rates, the second full build, the plain MkDocs build and two of the three added articles.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MAKE_CORPUS = ROOT.parent / "shared" / "bench" / "make_corpus.py"
# Runs the CLI in-process and reports peak resident memory of itself and its worker processes.
RUNNER = (
    "import resource, sys\n"
    "from generator.cli import main\n"
    "try:\n"
    "    main(sys.argv[1:], standalone_mode=False)\n"
    "finally:\n"
    "    s = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
    "    c = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss\n"
    "    print(f'PEAK_RSS_KB {s} {c}', file=sys.stderr)\n"
)


def run_cli(args: list[str], cwd: Path) -> tuple[float, str, int]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NO_MKDOCS_2_WARNING": "1"}
    started = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", RUNNER, *args], cwd=cwd, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if proc.returncode != 0:
        sys.exit(f"command failed: {args}\n{proc.stderr[-3000:]}")
    peak = 0
    for line in proc.stderr.splitlines():
        if line.startswith("PEAK_RSS_KB"):
            _, own, children = line.split()
            peak = max(int(own), int(children))
    return elapsed, proc.stderr, peak


HELD_OUT = 3  # articles added one at a time to the built collection


def make_project(folder: Path, n: int) -> Path:
    project = folder / "project"
    project.mkdir(parents=True)
    shutil.copy(ROOT / "mkdocs.yml", project)
    shutil.copytree(ROOT / "theme", project / "theme")
    corpus = folder / "corpus"
    subprocess.run([sys.executable, str(MAKE_CORPUS), str(corpus), str(n + HELD_OUT)], check=True, capture_output=True)
    files = sorted(corpus.iterdir())
    (project / "seeds").mkdir()
    for f in files[:n]:
        shutil.copy(f, project / "seeds" / f.name)
    for k, f in enumerate(files[n:]):
        shutil.copy(f, folder / f"held-out-{k}.txt")
    return project


def clean(project: Path) -> None:
    """Back to seeds only, for another full build from scratch."""
    for name in ("content", "pages", "site", ".cache"):
        shutil.rmtree(project / name, ignore_errors=True)


def extraction_rate(project: Path, jobs: int) -> float:
    """Articles per second after start-up (jieba and the lexicon are loaded before timing)."""
    code = (
        "import sys, time\n"
        "from pathlib import Path\n"
        "from generator.build import _run_extraction\n"
        "from generator.extract import ExtractionTask, extract_file\n"
        "seeds = sorted(Path('seeds').iterdir())\n"
        "extract_file(ExtractionTask(str(seeds[0]), 'warm'))\n"
        f"jobs = {jobs}\n"
        "todo = [ExtractionTask(str(p), p.stem) for p in seeds]\n"
        "t = time.perf_counter()\n"
        "if jobs == 1:\n"
        "    n = sum(1 for item in todo if extract_file(item).record is not None)\n"
        "else:\n"
        "    n = sum(1 for r in _run_extraction(todo, jobs, None) if r.record is not None)\n"
        "print(n / (time.perf_counter() - t))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    out = subprocess.run([sys.executable, "-c", code], cwd=project, env=env, capture_output=True, text=True, check=True)
    return float(out.stdout.strip())


def folder_size(folder: Path, pattern: str = "*") -> int:
    return sum(p.stat().st_size for p in folder.rglob(pattern) if p.is_file())


def timings(stderr: str) -> str:
    line = next((ln for ln in stderr.splitlines() if " events, " in ln), "")
    return line.split(" · ", 3)[-1] if line else "?"


def args_full_runs(n: int) -> int:
    """Full builds to time: two up to 1,000 articles (this machine's timings vary by a tenth or more
    from run to run), one beyond (a 5,000-article build takes minutes)."""
    return 2 if n <= 1000 else 1


def bench(n: int, quick: bool, search_only: bool = False) -> None:
    print(f"\n== {n} articles")
    with tempfile.TemporaryDirectory(prefix=f"bench-{n}-") as tmp:
        project = make_project(Path(tmp), n)
        if not search_only:
            one = extraction_rate(project, 1)
            cores = os.cpu_count() or 1
            many = extraction_rate(project, cores)
            print(
                f"extraction: {one:.1f} articles/s on 1 core, {many:.1f} articles/s on {cores} cores ({many / cores:.1f} per core)"
            )

        fulls = []
        for attempt in range(1 if search_only else args_full_runs(n)):
            if attempt:
                clean(project)
            full, err, peak = run_cli(["build", "--root", "."], project)
            fulls.append(full)
            print(f"full build: {full:.1f} s wall ({timings(err)}); peak RSS {peak / 1024:.0f} MiB")
        full = statistics.median(fulls)

        if not quick and not search_only:
            env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(ROOT)}
            t = time.perf_counter()
            subprocess.run(
                [sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(Path(tmp) / "plain-site")],
                cwd=project,
                env=env,
                check=True,
            )
            plain = time.perf_counter() - t
            print(f"plain mkdocs build of the same pages: {plain:.1f} s; full build (median) / plain = {full / plain:.2f}")

        adds = []
        held_out = 1 if search_only else HELD_OUT
        for k in range(held_out):
            added = project / "seeds" / "zz-added.txt"
            shutil.copy(Path(tmp) / f"held-out-{k}.txt", added)
            before = index_inodes(project / "site")
            inc, err, peak_inc = run_cli(["build", "--root", "."], project)
            adds.append(inc)
            after = index_inodes(project / "site")
            rewritten = sum(1 for rel, inode in after.items() if before.get(rel) != inode)
            print(
                f"add one article and rebuild: {inc:.1f} s ({timings(err)}) = {100 * inc / full:.0f} % of the full build; peak RSS {peak_inc / 1024:.0f} MiB; "
                f"search index files rewritten: {rewritten} of {len(after)}"
            )
            if k + 1 < held_out:  # take it out again (not timed), so each addition starts from the same collection
                added.unlink()
                run_cli(["build", "--root", "."], project)
        inc = statistics.median(adds)
        print(
            f"add one article, median of {held_out}: {inc:.2f} s = {100 * inc / full:.1f} % of the full build (median of {len(fulls)}: {full:.1f} s)"
        )

        pages = folder_size(project / "pages", "*.md")
        site = folder_size(project / "site")
        largest = max((p for p in (project / "site").rglob("*.html")), key=lambda p: p.stat().st_size)
        print(f"markdown {pages / 1e6:.1f} MB · site {site / 1e6:.1f} MB")
        print(
            f"largest page: {largest.relative_to(project / 'site')} {largest.stat().st_size / 1e3:.0f} KB; pages: {sum(1 for _ in (project / 'site').rglob('index.html'))}"
        )
        search_figures(project / "site")


def index_inodes(site: Path) -> dict[str, int]:
    """Inode of each file under site/search: a file an incremental build rewrote is a new one."""
    return {p.relative_to(site).as_posix(): p.stat().st_ino for p in (site / "search").rglob("*") if p.is_file()}


def search_figures(site: Path) -> None:
    """The search index on disk, and three queries typed on a cold page load in Chromium."""
    index = [p for p in (site / "search").rglob("*") if p.is_file()]
    page_files = list(site.rglob("_search.json"))
    meta = json.loads((site / "search" / "meta.json").read_text(encoding="utf-8"))
    shards = sorted(p.stat().st_size for p in (site / "search" / "t").glob("*.json"))
    size = sum(p.stat().st_size for p in index)
    texts = sum(p.stat().st_size for p in page_files)
    gz = sum(len(gzip.compress(p.read_bytes(), 6)) for p in index)
    print(
        f"search index: {size / 1e6:.1f} MB in {len(index)} files under search/ ({gz / 1e6:.1f} MB gzipped; "
        f"shards median {shards[len(shards) // 2] / 1e3:.1f} KB, largest {shards[-1] / 1e3:.1f} KB) "
        f"+ {texts / 1e6:.1f} MB in {len(page_files)} page files (_search.json); {meta['docs']} documents; "
        f"{(size + texts) / max(folder_size(site.parent / 'pages', '*.md'), 1):.2f}× the Markdown"
    )
    if not os.path.exists(CHROMIUM):
        print(f"search in the browser: skipped ({CHROMIUM} not found)")
        return
    queries = pick_queries(site)
    for query, first, ms, fetched, requests, longest in browser_queries(site, queries):
        print(
            f"search {query!r}: first results {ms:.0f} ms after typing (cold page load), {fetched / 1e3:.0f} KB in "
            f"{requests} requests for the whole query; longest main-thread task {longest:.0f} ms; first result {first}"
        )
    for typed, page_heap, worker_heap, caches in tab_memory(site, more_queries(site, queries)):
        held = ", ".join(
            f"{name} {c['bytes'] / 1e6:.2f} of {c['cap'] / 1e6:g} MB ({c['files']} files held, {c['loaded']} loaded, {c['evicted']} dropped)"
            for name, c in caches.items()
        )
        print(
            f"tab memory after {typed} queries in one tab (JS heap in use after a garbage collection): "
            f"page {page_heap / 1e6:.1f} MB, search worker {worker_heap / 1e6:.1f} MB; worker caches: {held or '?'}"
        )


CHROMIUM = "/usr/bin/chromium"


def pick_queries(site: Path) -> list[str]:
    """A speaker's full name, the last two characters of another's, and a Traditional technology name."""
    names = []
    for path in sorted((site / "speakers").glob("*/_search.json")):
        title = json.loads(path.read_text(encoding="utf-8"))["t"]
        if len(title) == 3 and "：" not in title:
            names.append(title)
    names = names or ["图拉古"]
    return [names[len(names) // 3], names[(2 * len(names)) // 3][1:], "數字人"]


LONG_RUN = 150  # queries typed in one tab for the memory figures (about 3 minutes)


def more_queries(site: Path, queries: list[str]) -> list[str]:
    """The three queries, then names of other pages (speakers, organisations, technologies) up to
    12 in all (the run of earlier figures), then up to LONG_RUN three event titles for one name:
    an event title has many terms, so it fetches many shards and checks many pages, which fills
    the worker's caches within the run (their caps for shards and page files are reached at 2,000 reports)."""

    def titles(kind: str) -> list[str]:
        return [json.loads(p.read_text(encoding="utf-8"))["t"] for p in sorted((site / kind).glob("*/_search.json"))]

    more = list(queries)
    named = {kind: titles(kind) for kind in ("speakers", "organizations", "technologies", "events")}
    for kind in ("speakers", "organizations", "technologies"):
        more += named[kind][:: max(1, len(named[kind]) // 3)][:3]
    more = more[:12]
    events = list(dict.fromkeys(named["events"]))  # distinct titles (many events share a series' title)
    events = events[1 :: max(1, len(events) // LONG_RUN)]
    people = [
        t for kind in ("speakers", "organizations", "technologies") for t in named[kind][1 :: max(1, len(named[kind]) // 40)]
    ]
    k = 0
    while len(more) < LONG_RUN and (events or people):
        source = people if (k % 4 == 3 or not events) and people else events
        title = source.pop(0)
        if title not in more:
            more.append(title)
        k += 1
    return more


def serve(site: Path):  # noqa: ANN201 - the server
    import functools
    import http.server
    import threading

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


MEMORY_AFTER = 12  # queries: the first heap figure (the run of earlier figures); the second after all of them


def tab_memory(site: Path, queries: list[str]) -> list[tuple[int, int, int, dict]]:
    """(queries typed, page JS heap, search worker JS heap, the worker's caches) after the first
    MEMORY_AFTER queries and after all of them, typed one after another in one tab: a garbage
    collection in each (CDP HeapProfiler.collectGarbage), then Runtime.getHeapUsage's usedSize,
    and in the worker cacheStats() (bytes held per cache, its cap, files held, loaded, dropped),
    through a browser-level CDP session attached to each target."""
    from playwright.sync_api import sync_playwright

    server, url = serve(site)
    out = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu", "--no-first-run"])
            page = browser.new_context(viewport={"width": 1280, "height": 1000}).new_page()
            page.goto(url, wait_until="load")
            page.locator(".md-search__input").first.click()
            cdp = browser.new_browser_cdp_session()
            replies: dict[tuple[str, int], dict] = {}

            def received(event: dict) -> None:
                message = json.loads(event["message"])
                if "id" in message:
                    replies[(event["sessionId"], message["id"])] = message

            cdp.on("Target.receivedMessageFromTarget", received)

            def measure(typed: int) -> None:
                heaps: dict[str, int] = {}
                caches: dict = {}
                for target in cdp.send("Target.getTargets")["targetInfos"]:
                    if target["type"] not in ("page", "worker") or not target["url"].startswith(url):
                        continue
                    session = cdp.send("Target.attachToTarget", {"targetId": target["targetId"], "flatten": False})["sessionId"]
                    calls = [(1, "HeapProfiler.collectGarbage", {}), (2, "Runtime.getHeapUsage", {})]
                    if target["type"] == "worker":
                        calls.append(
                            (3, "Runtime.evaluate", {"expression": "JSON.stringify(cacheStats())", "returnByValue": True})
                        )
                    for number, method, params in calls:
                        message = json.dumps({"id": number, "method": method, "params": params})
                        cdp.send("Target.sendMessageToTarget", {"sessionId": session, "message": message})
                    for _ in range(200):
                        if (session, calls[-1][0]) in replies:
                            break
                        page.wait_for_timeout(50)
                    heaps[target["type"]] = replies.get((session, 2), {}).get("result", {}).get("usedSize", -1)
                    if target["type"] == "worker":
                        value = replies.get((session, 3), {}).get("result", {}).get("result", {}).get("value")
                        caches = json.loads(value) if value else {}
                    cdp.send("Target.detachFromTarget", {"sessionId": session})
                out.append((typed, heaps.get("page", -1), heaps.get("worker", -1), caches))

            for typed, query in enumerate(queries, 1):
                page.locator("input.md-search__input").fill(query)
                page.keyboard.press("End")
                page.locator(".md-search-result__item").first.wait_for(timeout=60000)
                # every round of the query (the first ones as in earlier figures; then shorter: a round
                # still running when the next query is typed still fills the caches)
                page.wait_for_timeout(1500 if typed <= MEMORY_AFTER else 800)
                if typed == MEMORY_AFTER or typed == len(queries):
                    measure(typed)
            browser.close()
    finally:
        server.shutdown()
    return out


def browser_queries(site: Path, queries: list[str]) -> list[tuple[str, str, float, int, int, float]]:
    from playwright.sync_api import sync_playwright

    server, url = serve(site)
    out = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu", "--no-first-run"])
            for query in queries:
                context = browser.new_context(viewport={"width": 1280, "height": 1000})  # cold: empty cache
                page = context.new_page()
                finished: list = []
                context.on("requestfinished", lambda request, into=finished: into.append(request))
                page.goto(url, wait_until="load")
                page.evaluate(
                    "() => { window.__long = 0; new PerformanceObserver(list => { for (const e of list.getEntries())"
                    " window.__long = Math.max(window.__long, e.duration) }).observe({type: 'longtask', buffered: false}) }"
                )
                page.locator(".md-search__input").first.click()
                page.evaluate(
                    """() => {
                        // page-side clock: from the key that sends the query to the first result in the list
                        window.__t = {}
                        const input = document.querySelector("input.md-search__input")
                        input.addEventListener("keyup", () => { window.__t.typed = window.__t.typed || performance.now() }, true)
                        const list = document.querySelector(".md-search-result__list")
                        new MutationObserver(() => {
                            if (!window.__t.shown && list.querySelector(".md-search-result__item")) window.__t.shown = performance.now()
                        }).observe(list, {childList: true})
                    }"""
                )
                before = len(finished)
                page.locator("input.md-search__input").fill(query)
                page.keyboard.press("End")  # Material searches on keyup
                page.locator(".md-search-result__item").first.wait_for(timeout=60000)
                page.wait_for_timeout(3000)  # the later rounds of checked candidates, counted in the bytes
                clock = page.evaluate("window.__t")
                ms = clock["shown"] - clock["typed"]
                fetched = 0
                for request in finished[before:]:
                    sizes = request.sizes()
                    fetched += sizes["responseBodySize"] + sizes["responseHeadersSize"]
                first = page.locator(".md-search-result__link").first.get_attribute("href") or ""
                longest = page.evaluate("window.__long")
                out.append((query, first.split("?")[0].replace(url, "/"), ms, fetched, len(finished) - before, longest))
                context.close()
            browser.close()
    finally:
        server.shutdown()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000])
    parser.add_argument(
        "--quick", action="store_true", help="skip the plain MkDocs comparison; 12 queries for the memory figures"
    )
    parser.add_argument("--search-only", action="store_true", help="one full build, one added article, then the search figures")
    parser.add_argument("--site", type=Path, help="only the search figures, of this built site (its project's pages/ beside it)")
    args = parser.parse_args()
    if args.site:
        search_figures(args.site)
        return
    if args.quick:  # a smoke run: the memory figures after 12 queries only
        global LONG_RUN
        LONG_RUN = MEMORY_AFTER
    if not MAKE_CORPUS.exists():
        sys.exit(f"{MAKE_CORPUS} not found: the benchmark needs ../shared/bench/make_corpus.py")
    for n in args.sizes:
        bench(n, args.quick, args.search_only)


if __name__ == "__main__":
    main()
