"""Rendering: the resolved `Site` -> Markdown pages (path -> text), from Jinja2 templates.

Every value printed by a template passes through `md` (Jinja `finalize`), so article text stays
literal; only links built from our own slugs are trusted markup.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from functools import lru_cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup
from pypinyin import Style, lazy_pinyin

from . import paths
from .briefings import Briefing, briefings, period_label
from .cache import Derived, Memo, PageCache, Recorder, Store, recording_environment
from .charts import chart, mentions_over_time
from .codekey import code_key
from .dates import SOURCE_LABELS
from .exports import briefing_feed, event_meta, front_matter, org_meta, person_meta, publications, tech_meta
from .markdown import external_link, link, md
from .paths import PageTable
from .resolve import Appearance, EventEntity, Site, _date_key
from .slugs import slugify
from .urls import redirect_page

KIND_LABELS = {
    "opening": "开幕致辞",
    "keynote": "主旨演讲",
    "talk": "主题分享",
    "roundtable": "圆桌对话",
    "closing": "闭幕",
    "other": "其他环节",
}
TOP_N = 10
PER_PAGE = 200  # rows per listing or archive page: keeps every HTML page well under 100 KB
ENTITY_LIST_LIMIT = 100  # events listed on an organisation or industry page; older ones in archive pages
MENTIONS_PER_PAGE = 20  # newest technology mentions shown with their sentences (older: archive pages)
WORDS_EVENTS = 20  # newest events whose quotes and statements a speaker page shows
RANKED_LIMIT = 30  # related technologies, a speaker's technologies: the strongest ties
ACTIVE_PEOPLE = 50  # most active speakers on the speakers index
COSTARS_LIMIT = 12  # co-speakers shown on a speaker page (the most shared events first)


def kind_label(kind: str) -> str:
    head, _, title = kind.partition("：")
    label = KIND_LABELS.get(head, head)
    return f"{label}：{title}" if title else label


def statements_besides_quotes(a: Appearance) -> list[str]:
    """A speaker's statements except those that repeat a quote printed above them (each quote once)."""
    return [s for s in a.statements if not any(q in s for q in a.quotes)]


def make_env(template_dir: Path, site: Site) -> Environment:
    """The templates' environment. Site-wide data (`site`, `cities`) is seen through recorders, so
    that a page's fingerprint holds every value its template read from them (generator/cache.py)."""
    env = recording_environment(
        loader=FileSystemLoader(str(template_dir)),
        finalize=md,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,  # templates do not change during a build: no stat() per page
    )

    raw_cities = city_slugs(site)
    env.site_roots = {"site": site, "cities": raw_cities}  # type: ignore[attr-defined]
    env.cities = raw_cities  # type: ignore[attr-defined]
    view, cities = Recorder(site, ("site",)), Recorder(raw_cities, ("cities",))

    def person_link(slug: str, prefix: str) -> Markup:
        return link(view.people[slug].name, paths.link(paths.SPEAKERS, slug, prefix))

    def event_link(slug: str, prefix: str) -> Markup:
        return link(view.events[slug].record.event.name, paths.link(paths.EVENTS, slug, prefix))

    def tech_link(slug: str, prefix: str) -> Markup:
        return link(view.technologies[slug].name, paths.link(paths.TECHNOLOGIES, slug, prefix))

    def city_link(name: str, prefix: str) -> Markup:
        return link(name, paths.link(paths.CITIES, cities[name], prefix)) if name in cities else md(name)

    env.globals.update(
        site=view,
        cities=cities,
        city_link=city_link,
        period_label=period_label,
        statements_besides_quotes=statements_besides_quotes,
        date_labels=SOURCE_LABELS,
        signed=lambda n: f"+{n}" if n > 0 else ("0" if n == 0 else f"−{-n}"),
        link=link,
        href=paths.link,
        external_link=external_link,
        kind_label=kind_label,
        person_link=person_link,
        event_link=event_link,
        tech_link=tech_link,
        front_matter=front_matter,
    )
    env.filters["kind_label"] = kind_label
    return env


def page_cache(pages_dir: Path, cache_dir: Path, site_url: str) -> PageCache:
    """The pages of the last build, valid for this rendering code (this module and everything it
    imports: generator/codekey.py computes it) and this site address."""
    code = f"{code_key(Path(__file__))}/{site_url}"
    memo = Memo(Store(cache_dir / "publications.pickle", code))
    return PageCache(Store(cache_dir / "pages.pickle", code), pages_dir, memo)


def _page(env: Environment, pages: dict[str, str], path: str, template: str, **context: object) -> None:
    """Render `template` into pages[path], unless the page cache has it unchanged in pages/."""
    cache: PageCache | None = getattr(env, "page_cache", None)
    if cache is None:
        pages[path] = env.get_template(template).render(context)
    elif (text := cache.render(path, template, context)) is not None:
        pages[path] = text


def render_site(
    site: Site,
    template_dir: Path,
    site_url: str = "https://example.org/",
    page_cache: PageCache | None = None,
    problems: list[str] | None = None,
    progress: Callable[[str, int, int], None] | None = None,
    redirects: dict[str, str] | None = None,
) -> dict[str, str]:
    """Every page and file of the site as {relative path: text}: Markdown pages, feeds, data, and
    the redirect page of each moved page (`redirects`: {"speakers/old": "speakers/new"}).

    Pages go through a `PageTable`: two at one path raise `paths.PathCollision`.

    A record a feed or calendar writer cannot write is left out of that file and noted in `problems`;
    `progress("render", done, total)` is told after each kind of page, counted in entities."""
    env = make_env(template_dir, site)
    env.globals.update(site_url=site_url)
    if page_cache is not None:
        page_cache.bind(env, env.site_roots)  # type: ignore[attr-defined]
    env.page_cache = page_cache  # type: ignore[attr-defined]
    sizes = [len(site.events), len(site.events), len(site.people), len(site.technologies), len(site.orgs), len(site.industries)]
    total, done = sum(sizes) + len(site.events), 0

    def step(n: int) -> None:
        nonlocal done
        done += n
        if progress:
            progress("render", done, total)

    step(0)
    table = PageTable()  # refuses a second page at one path: no page silently replaces another
    memo = page_cache.memo if page_cache else None
    table.update(publications(site, site_url, problems, memo), "feeds, calendars and data files")
    step(sizes[0])
    series = _series(site)
    table.update(_event_pages(env, site, series), "event pages")
    table.update(_series_pages(env, site, series), "series pages")
    step(sizes[1])
    table.update(_speaker_pages(env, site), "speaker pages")
    step(sizes[2])
    table.update(_technology_pages(env, site), "technology pages")
    step(sizes[3])
    table.update(_group_pages(env, site, paths.ORGANIZATIONS, "organization.md.j2", site.orgs, "次"), "organisation pages")
    step(sizes[4])
    table.update(_group_pages(env, site, paths.INDUSTRIES, "industry.md.j2", site.industries, "场"), "industry pages")
    step(sizes[5])
    table.update(_indexes(env, site), "index pages")
    months, weeks, undated = briefings(site)
    table.update(_briefing_pages(env, site, months, weeks, undated), "briefing pages")
    table.add(paths.BRIEFINGS_FEED, briefing_feed(site_url, months + weeks), "the briefings feed")
    table.update(_city_pages(env, site), "city pages")
    table.update(_data_page(env), "the data page")
    table.add(
        paths.DATA_SCHEMA, (Path(__file__).parent / "schemas" / "data.schema.json").read_text(encoding="utf-8"), "the data schema"
    )
    table.update(_home(env, site, months[0] if months else None), "the home page")
    for source, target in (redirects or {}).items():
        table.add(paths.redirect(source), redirect_page(target, source.count("/") + 1), f"the redirect from {source} to {target}")
    if page_cache is not None:
        table.claim_all(page_cache.unchanged, "a page unchanged since the last build")
    step(total - done)
    return table.pages()


ARCHIVE_CUT = 40  # an archive page ends after a row whose key hashes to 0 modulo this (~50 rows a page)
ARCHIVE_MIN = 10  # … but not before it has this many rows (the 200-row cap is then rarely reached)


def archive(
    env: Environment,
    folder: str,
    heading: str,
    rows: list[tuple[str, str, str, str]],
    per_page: int,
    back: str,
) -> tuple[list[tuple[str, str]], dict[str, str]]:
    """Older rows in archive pages, oldest first (folder/page-<id>.md).

    `rows` are (group, label, href, note), oldest first, hrefs relative to `folder`. Pages end
    where the content says (after a row whose href hashes to a given value, as in rsync's
    chunking), not every n rows: a row inserted among older ones (a late report of an old
    event) changes the one page it lands on instead of shifting every later page, and pages keep
    their names, so their URLs. Each page links only to its neighbours.
    Returns the (label, href from the parent folder) of each page, and the pages.
    """
    if not rows:
        return [], {}
    chunks = _archive_chunks(rows, per_page)
    name = folder.rsplit("/", 1)[-1]
    # A page is named after the row that ends the page before it (a row that cuts): a row
    # inserted at its start leaves the name alone, and cuts do not move once made.
    after = ["", *(_row_key(chunk[-1]) for chunk in chunks[:-1])]
    files = [f"page-{hashlib.sha1(key.encode()).hexdigest()[:8]}.md" for key in after]
    labels = [_span_label(chunk, k) for k, chunk in enumerate(chunks)]
    links = [(label, f"{name}/{file}") for label, file in zip(labels, files, strict=True)]
    pages: dict[str, str] = {}
    for k, chunk in enumerate(chunks):
        pager = [("← 更早", files[k - 1], False)] if k > 0 else []
        pager += [("更晚 →", files[k + 1], False)] if k + 1 < len(chunks) else []
        intro = f"{labels[k]}，共 {len(chunk)} 条，按时间从早到晚。"
        path = f"{folder}/{files[k]}"
        groups: list[tuple[str, list]] = []
        for group, label, href, note in chunk:
            if not groups or groups[-1][0] != group:
                groups.append((group, []))
            groups[-1][1].append((label, href, note))
        _page(env, pages, path, "index.md.j2", heading=heading, intro=intro, groups=groups, pager=pager, back=back)
    return links, pages


def _archive_chunks(rows: list[tuple[str, str, str, str]], per_page: int) -> list[list[tuple[str, str, str, str]]]:
    starts = _chunk_starts([_row_key(row) for row in rows], per_page)
    return [rows[a:b] for a, b in zip(starts, [*starts[1:], len(rows)], strict=True)]


def _row_key(row: tuple[str, str, str, str]) -> str:
    """The event slug a row links to (the same key whichever page the row is listed on)."""
    return row[2].rsplit("/", 1)[-1].removesuffix(".md")


def _cuts_after(key: str) -> bool:
    return _key_hash(key) % ARCHIVE_CUT == 0


def _chunk_starts(keys: list[str], cap: int) -> list[int]:
    """Where each chunk of oldest-first keys starts: after a key that cuts, or after `cap` keys."""
    starts = [0]
    for i, key in enumerate(keys):
        size = i + 1 - starts[-1]
        if size >= cap or (size >= ARCHIVE_MIN and _cuts_after(key)):
            starts.append(i + 1)
    if len(starts) > 1 and starts[-1] == len(keys):
        starts.pop()
    return starts


def recent_start(keys: list[str], limit: int) -> int:
    """Where an entity page's own list begins in its oldest-first events; earlier ones are archived.

    The page keeps between ARCHIVE_MIN and `limit` rows, and the split is chosen by content among
    the newest `limit` rows alone: the list starts after the row whose key hashes lowest among
    those that leave at least ARCHIVE_MIN rows on the page. A report dated among the older (archived)
    ones then changes the one archive page it lands on, not also the page the split would have
    moved a row to or from (a split by position shifted by one row on every such insertion).
    A newer event moves the split only when the row leaving the window, or the one entering it,
    is the lowest: about 2 in (limit - ARCHIVE_MIN) additions (1.5 in 10 measured for limit 20).
    """
    if len(keys) <= limit:
        return 0
    first = len(keys) - limit  # candidates: a start that leaves `limit` … ARCHIVE_MIN rows on the page
    window = keys[first - 1 : len(keys) - ARCHIVE_MIN]  # the row before each candidate start
    lowest = min(range(len(window)), key=lambda k: (_key_hash(window[k]), k))
    return first + lowest


def _key_hash(key: str) -> int:
    return int(hashlib.sha1(key.encode()).hexdigest()[:8], 16)


def _span_label(chunk: list[tuple[str, str, str, str]], k: int) -> str:
    """The dates a page covers (notes start with the date), or its place when rows have none."""
    dates = [note.split(" · ")[0] for _g, _l, _h, note in chunk if note[:1].isdigit()]
    if not dates:
        return f"第 {k + 1} 页"
    return dates[0] if dates[0] == dates[-1] else f"{dates[0]} 至 {dates[-1]}"


def _series(site: Site) -> dict[str, list[str]]:
    """Series name -> its events, oldest first."""
    series: dict[str, list[str]] = {}
    for e in reversed(site.events_by_date()):
        if e.record.event.series:
            series.setdefault(e.record.event.series, []).append(e.slug)
    return series


def series_slugs(series: dict[str, list[str]]) -> dict[str, str]:
    """Series with a page (two events or more) -> its slug (a second series with the same pinyin gets a suffix)."""
    out: dict[str, str] = {}
    for name in sorted(n for n, members in series.items() if len(members) > 1):
        out[name] = paths.free_slug(slugify(name, fallback="series"), set(out.values()))
    return out


def _neighbours(members: list[str], slug: str) -> tuple[str | None, str | None]:
    k = members.index(slug) if slug in members else -1
    return (members[k - 1] if k > 0 else None, members[k + 1] if 0 <= k < len(members) - 1 else None)


def _event_pages(env: Environment, site: Site, series: dict[str, list[str]]) -> dict[str, str]:
    series_slug = series_slugs(series)
    by_organizer: dict[str, list[str]] = {}  # organiser slug -> its events, oldest first
    for e in reversed(site.events_by_date()):
        for org_slug in dict.fromkeys(e.org_slugs[o] for o in e.record.event.organizers if o in e.org_slugs):
            by_organizer.setdefault(org_slug, []).append(e.slug)
    pages: dict[str, str] = {}
    for slug, e in site.events.items():
        organizers = []  # previous and next event of each organiser: a stable, short "same organiser" list
        for org_slug in dict.fromkeys(e.org_slugs[o] for o in e.record.event.organizers if o in e.org_slugs):
            previous, following = _neighbours(by_organizer[org_slug], slug)
            if previous or following:
                organizers.append((org_slug, previous, following))
        # Its neighbours only, not the series' size (that is on the series page): a new event of a
        # series then changes two of its members' pages, not all of them.
        members = series.get(e.record.event.series or "", [])
        k = members.index(slug) if slug in members else -1
        neighbours = {
            "previous": members[k - 1] if k > 0 else None,
            "next": members[k + 1] if 0 <= k < len(members) - 1 else None,
            "slug": series_slug.get(e.record.event.series or ""),
        }
        path = paths.page(paths.EVENTS, slug)
        agenda = [
            (seg, [(e.speaker_slugs[n], sp) for n, sp in enumerate(e.record.speakers) if index in sp.segment])
            for index, seg in enumerate(e.record.segments)
        ]
        _page(
            env,
            pages,
            path,
            "event.md.j2",
            event=e,
            series=neighbours,
            organizers=organizers,
            agenda=agenda,
            meta=Derived(_event_front_matter, e, env.globals["site"], env.globals["site_url"]),
        )
    return pages


def _event_front_matter(e: EventEntity, site: Site, site_url: str) -> dict:
    """An event page's front matter (computed when the page is rendered: `site` is its recorder)."""
    return {k: v for k, v in event_meta(e, site, site_url).items() if v}


def _series_pages(env: Environment, site: Site, series: dict[str, list[str]]) -> dict[str, str]:
    slugs = series_slugs(series)
    pages = {}
    rows_all = []
    for name, members in sorted(series.items()):
        if len(members) < 2:
            continue
        slug = slugs[name]
        rows = [
            ("", site.events[m].record.event.name, paths.link(paths.EVENTS, m, "../../"), site.events[m].record.event.date or "")
            for m in members
        ]
        split = recent_start(members, PER_PAGE)
        links, more = archive(
            env, paths.archive_folder(paths.SERIES, slug), f"{name}：往期", rows[:split], PER_PAGE, f"../{slug}.md"
        )
        pages.update(more)
        newest = [(label, href.replace("../../", "../"), note) for _g, label, href, note in reversed(rows[split:])]
        _page(
            env,
            pages,
            paths.page(paths.SERIES, slug),
            "index.md.j2",
            heading=name,
            intro=f"共 {len(members)} 场，按日期从新到旧。",
            groups=[("", newest)],
            pager=[],
            archive=links,
        )
        rows_all.append(("", name, paths.sibling(slug), f"{len(members)} 场"))
    _page(
        env,
        pages,
        paths.listing(paths.SERIES),
        "index.md.j2",
        heading="系列",
        intro=f"共 {len(rows_all)} 个系列（两场及以上）。",
        groups=[("", [r[1:] for r in rows_all])],
        pager=[],
    )
    return pages


def timeline(appearances: list) -> list[dict]:
    """Organisation and title over time: one row per organisation-and-title, from its first to its last appearance.

    Appearances with the same ones form one row even when others come between (reports that
    alternate between two titles of one person would otherwise mark a change on every row); a
    row is marked as a change when it starts after the first.
    """
    rows: list[dict] = []
    by_key: dict[tuple, dict] = {}
    for a in appearances:
        key = (tuple(a.orgs), tuple(a.titles))
        if key in by_key:
            row = by_key[key]
            if _full(a.date) and not _full(row["since"]):  # a date without its year never bounds a dated row
                row["since"], row["first"] = a.date, a.event_slug
            if _full(a.date) or not _full(row["since"]):
                row["until"] = a.date
            row["events"] += 1
        else:
            by_key[key] = {}
            rows.append(
                {
                    "key": key,
                    "orgs": a.orgs,
                    "titles": a.titles,
                    "since": a.date,
                    "until": a.date,
                    "events": 1,
                    "first": a.event_slug,
                }
            )
            by_key[key] = rows[-1]
    rows.sort(key=lambda row: (not _full(row["since"]), row["since"] or ""))  # dated rows by date, then year-unknown ones
    for n, row in enumerate(rows):
        row["changed"] = n > 0
    return rows


def _full(date: str | None) -> bool:
    return bool(date) and len(date) == 10  # type: ignore[arg-type]


def _speaker_pages(env: Environment, site: Site) -> dict[str, str]:
    pages = {}
    for slug, p in site.people.items():
        appearances = sorted(p.appearances, key=lambda a: (_date_key(a.date), a.event_slug))
        split = recent_start([a.event_slug for a in appearances], WORDS_EVENTS)
        recent, older = appearances[split:], appearances[:split]
        links, more = _archive_events(
            env, site, paths.archive_folder(paths.SPEAKERS, slug), f"{p.name}：更早的活动", [a.event_slug for a in older]
        )
        pages.update(more)
        technologies = _ranked(p.technologies, RANKED_LIMIT)
        costars = _ranked(p.costars, COSTARS_LIMIT)
        path = paths.page(paths.SPEAKERS, slug)
        _page(
            env,
            pages,
            path,
            "speaker.md.j2",
            meta=Derived(person_meta, p, env.globals["site_url"], env.globals["site"]),
            person=p,
            timeline=timeline(appearances),
            appearances=list(reversed(recent)),
            older=len(older),
            archive=links,
            has_words=any(a.quotes or a.statements for a in recent),
            technologies=technologies,
            costars=costars,
            costars_total=len(p.costars),
        )
    return pages


def _technology_pages(env: Environment, site: Site) -> dict[str, str]:
    pages = {}
    for slug, t in site.technologies.items():
        oldest_first = sorted(t.mentions, key=lambda m: (_date_key(m.date), m.event_slug))
        split = recent_start([m.event_slug for m in oldest_first], MENTIONS_PER_PAGE)
        links, more = _archive_events(
            env,
            site,
            paths.archive_folder(paths.TECHNOLOGIES, slug),
            f"{t.name}：更早的提及",
            [m.event_slug for m in oldest_first[:split]],
        )
        pages.update(more)
        labels, values = mentions_over_time([(m.date, m.count) for m in t.mentions])
        _page(
            env,
            pages,
            paths.page(paths.TECHNOLOGIES, slug),
            "technology.md.j2",
            meta=Derived(tech_meta, t, env.globals["site_url"], env.globals["site"]),
            chart=chart("bar", f"{t.name}：提及次数随时间变化", labels, values),
            tech=t,
            mentions=list(reversed(oldest_first[split:])),
            all_mentions=len(oldest_first),
            older=split,
            archive=links,
            aliases=sorted(s for s in t.spellings if s != t.name),
            related=_ranked(t.related, RANKED_LIMIT),
        )
    return pages


def _archive_events(env: Environment, site: Site, folder: str, heading: str, older: list[str]) -> tuple[list, dict[str, str]]:
    """Archive pages (under folder/) for events that no longer fit on an entity page, oldest first."""
    rows = [
        ("", site.events[e].record.event.name, paths.link(paths.EVENTS, e, "../../"), site.events[e].record.event.date or "")
        for e in older
    ]
    return archive(env, folder, heading, rows, PER_PAGE, f"../{folder.rsplit('/', 1)[-1]}.md")


def _event_list_with_archive(
    env: Environment, site: Site, folder: str, slug: str, name: str, events: Iterable[str]
) -> tuple[list[str], list, dict]:
    oldest_first = list(reversed(_events_newest(site, events)))
    split = recent_start(oldest_first, ENTITY_LIST_LIMIT)
    links, more = _archive_events(env, site, paths.archive_folder(folder, slug), f"{name}：更早的活动", oldest_first[:split])
    return list(reversed(oldest_first[split:])), links, more


def _group_pages(env: Environment, site: Site, folder: str, template: str, entities: Mapping, unit: str) -> dict[str, str]:
    """Organisation and industry pages: the people, events and technologies tied to each, with counts."""
    pages = {}
    for slug, entity in entities.items():
        events, links, more = _event_list_with_archive(env, site, folder, slug, entity.name, entity.events)
        pages.update(more)
        # Counts are within this organisation or industry: a page changes only when its own events do.
        people = sorted(entity.people, key=lambda s: (-len(entity.people[s]), _pinyin_key(site.people[s].name), s))
        _page(
            env,
            pages,
            paths.page(folder, slug),
            template,
            meta=org_meta(entity, site)
            if folder == "organizations"
            else {"description": f"{entity.name}：{len(entity.people)} 位嘉宾，{len(entity.events)} 场活动"},
            entity=entity,
            spellings=sorted(getattr(entity, "spellings", ())),
            people=[(p, len(entity.people[p])) for p in people[:ENTITY_LIST_LIMIT]],
            people_total=len(people),
            events=events,
            events_total=len(entity.events),
            archive=links,
            technologies=_ranked(entity.technologies, RANKED_LIMIT),
            unit=unit,
        )
    return pages


def _ranked(counter: Mapping[str, int], limit: int | None = None) -> list[tuple[str, int]]:
    return sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]


def _events_newest(site: Site, slugs: Iterable[str]) -> list[str]:
    return sorted(slugs, key=lambda s: (_date_key(site.events[s].record.event.date), s), reverse=True)


@lru_cache(maxsize=100_000)
def _pinyin_key(name: str) -> str:
    return " ".join(lazy_pinyin(name, style=Style.NORMAL)).lower()


def _initial(name: str) -> str:
    key = _pinyin_key(name)
    return key[:1].upper() if key[:1].isalpha() else "#"


def _letter_pages(
    env: Environment,
    folder: str,
    heading: str,
    unit: str,
    rows: list[tuple[str, str, str, str]],
    top: list[tuple[str, str, str]] | None = None,
    top_heading: str = "",
) -> dict[str, str]:
    """An index split by pinyin initial: folder/index.md has the whole letter bar (and the most
    active entries, when given) so that any entry is two clicks at most; folder/letter-x.md the names."""
    letters: dict[str, list] = {}
    for group, label, href, note in rows:
        letters.setdefault(group, []).append((label, href, note))
    names = {letter: "letter-" + ("other" if letter == "#" else letter.lower()) for letter in letters}
    pages: dict[str, str] = {}
    for letter, items in sorted(letters.items()):
        bar = [(x, paths.sibling(names[x]), x == letter) for x in sorted(letters)]
        _page(
            env,
            pages,
            paths.page(folder, names[letter]),
            "index.md.j2",
            heading=f"{heading}：{letter}",
            intro=f"共 {len(items)} {unit}。",
            letters=bar,
            groups=[("", items)],
            pager=[],
            back=paths.sibling("index"),
        )
    bar = [(f"{x}（{len(letters[x])}）", paths.sibling(names[x]), False) for x in sorted(letters)]
    _page(
        env,
        pages,
        paths.listing(folder),
        "index.md.j2",
        heading=heading,
        intro=f"共 {len(rows)} {unit}，按拼音首字母分页：",
        letters=bar,
        groups=[(top_heading, top)] if top else [],
        pager=[],
    )
    return pages


def _indexes(env: Environment, site: Site) -> dict[str, str]:
    pages: dict[str, str] = {}
    oldest_first = list(reversed(site.events_by_date()))
    rows = [
        (
            "",
            e.record.event.name,
            paths.sibling(e.slug, "../"),
            " · ".join(x for x in (e.record.event.date, e.record.event.city) if x),
        )
        for e in oldest_first
    ]
    split = recent_start([e.slug for e in oldest_first], PER_PAGE)
    links, more = archive(env, paths.archive_folder(paths.EVENTS, "archive"), "活动：往期", rows[:split], PER_PAGE, "../index.md")
    pages.update(more)
    newest = [(label, href.replace("../", "", 1), note) for _g, label, href, note in reversed(rows[split:])]
    _page(
        env,
        pages,
        paths.listing(paths.EVENTS),
        "index.md.j2",
        heading="活动",
        intro=f"共 {len(rows)} 场，按日期从新到旧；最新 {len(newest)} 场在此页。",
        groups=[("", newest)],
        pager=[],
        archive=links,
    )
    # Index rows carry no counts: a new report then changes a letter page only when it brings a
    # new name (counts are on each person's and organisation's own page).
    people = sorted(site.people.values(), key=lambda p: (_pinyin_key(p.name), p.slug))
    rows = []
    for p in people:
        orgs = Counter(o for a in p.appearances for o in a.orgs)
        rows.append((_initial(p.name), p.name, paths.sibling(p.slug), _ranked(orgs, 1)[0][0] if orgs else ""))
    active = sorted(people, key=lambda p: (-len(p.appearances), _pinyin_key(p.name), p.slug))[:ACTIVE_PEOPLE]
    top = [(p.name, paths.sibling(p.slug), f"{len(p.appearances)} 场") for p in active]
    pages.update(_letter_pages(env, paths.SPEAKERS, "嘉宾", "位", rows, top, f"最活跃的 {len(top)} 位嘉宾"))
    orgs = sorted(site.orgs.values(), key=lambda o: (_pinyin_key(o.name), o.slug))
    rows = [(_initial(o.name), o.name, paths.sibling(o.slug), "") for o in orgs]
    pages.update(_letter_pages(env, paths.ORGANIZATIONS, "机构", "家", rows))
    techs = sorted(site.technologies.values(), key=lambda x: (-x.total, x.slug))
    rows = [(x.name, paths.sibling(x.slug), f"{x.total} 次 · {len(x.mentions)} 场") for x in techs]
    _page(
        env,
        pages,
        paths.listing(paths.TECHNOLOGIES),
        "index.md.j2",
        heading="技术",
        intro=f"共 {len(rows)} 项，按提及次数排序。",
        groups=[("", rows)],
        pager=[],
    )
    inds = sorted(site.industries.values(), key=lambda i: (-len(i.events), i.slug))
    rows = [(i.name, paths.sibling(i.slug), f"{len(i.events)} 场活动") for i in inds]
    _page(
        env,
        pages,
        paths.listing(paths.INDUSTRIES),
        "index.md.j2",
        heading="行业",
        intro=f"共 {len(rows)} 个。",
        groups=[("", rows)],
        pager=[],
    )
    return pages


DATA_FILES = [
    (
        "events.json",
        "活动，按日期从新到旧。",
        [
            ("id", "活动页面名称"),
            ("name", "活动名称（按报道原文）"),
            ("date", "日期：YYYY-MM-DD，年份不明时为 MM-DD，没有日期时为 null"),
            (
                "date_source",
                "年份从何处得来：text 日期旁、link 原文链接、dateline 报道发布日期、event-name 活动名称、body 正文同一句、seed 标题或附加字段；null 表示没有年份",
            ),
            ("city", "城市"),
            ("venue", "地点"),
            ("organizers", "主办方（按原文）"),
            ("series", "系列名称（活动名称去掉届次与年份）"),
            ("url", "原文链接"),
            ("outlet", "发布媒体"),
            ("speakers", "嘉宾 id，按议程顺序"),
            ("technologies", "技术 id"),
            ("industries", "行业 id"),
            ("summary", "概要"),
        ],
    ),
    (
        "events.csv",
        "活动，每行一场。",
        [
            ("id", "活动页面名称"),
            ("name", "活动名称"),
            ("date", "日期（见上文）"),
            ("date_source", "年份来源（同 events.json）"),
            ("city", "城市"),
            ("organizers", "主办方，以“、”分隔"),
            ("speaker_names", "嘉宾姓名，以“、”分隔，与 speakers 一一对应"),
            ("speakers", "嘉宾 id，以空格分隔"),
            ("technology_names", "技术名称，以“、”分隔，与 technologies 一一对应"),
            ("technologies", "技术 id，以空格分隔"),
            ("url", "原文链接"),
        ],
    ),
    (
        "speakers.json",
        "嘉宾，每人一项，含每次出场。",
        [
            ("id", "嘉宾页面名称"),
            ("name", "显示的姓名"),
            ("spellings", "各报道中的写法"),
            ("appearances[].event", "活动 id"),
            ("appearances[].date", "活动日期"),
            ("appearances[].name", "该报道中的写法"),
            ("appearances[].role", "speaker 发言 / moderator 主持"),
            ("appearances[].orgs", "该报道给出的机构"),
            ("appearances[].titles", "该报道给出的职务"),
            ("appearances[].segments", "所在环节"),
            ("appearances[].quotes", "直接引语"),
        ],
    ),
    (
        "speakers.csv",
        "嘉宾出场，每行一人一场。",
        [
            ("speaker_id", "嘉宾 id"),
            ("name", "嘉宾姓名"),
            ("event_id", "活动 id"),
            ("event_name", "活动名称"),
            ("date", "活动日期"),
            ("role", "speaker / moderator"),
            ("orgs", "机构，以“、”分隔"),
            ("titles", "职务，以“、”分隔"),
            ("quotes", "引语条数"),
        ],
    ),
    (
        "technologies.json",
        "技术，每项一行。",
        [
            ("id", "技术页面名称"),
            ("name", "规范名称"),
            ("category", "类别"),
            ("spellings", "报道中的写法"),
            ("mentions", "提及次数"),
            ("events", "提及它的活动 id，从早到晚"),
        ],
    ),
    (
        "technologies.csv",
        "技术，每行一项。",
        [("id", "技术 id"), ("name", "名称"), ("category", "类别"), ("mentions", "提及次数"), ("events", "活动场数")],
    ),
    (
        "organizations.json",
        "机构，每项一行。",
        [
            ("id", "机构页面名称"),
            ("name", "显示的名称"),
            ("spellings", "报道中的写法"),
            ("people", "嘉宾 id"),
            ("events", "活动 id"),
        ],
    ),
    (
        "organizations.csv",
        "机构，每行一家。",
        [("id", "机构 id"), ("name", "名称"), ("people", "嘉宾人数"), ("events", "活动场数")],
    ),
]


def _data_page(env: Environment) -> dict[str, str]:
    files = [{"name": name, "about": about, "fields": fields} for name, about, fields in DATA_FILES]
    pages: dict[str, str] = {}
    _page(env, pages, paths.DATA_INDEX, "data.md.j2", files=files)
    return pages


def city_slugs(site: Site) -> dict[str, str]:
    """City as written -> its page slug (pinyin; a second city with the same pinyin gets a suffix)."""
    out: dict[str, str] = {}
    taken: set[str] = set()
    for city in sorted({e.record.event.city for e in site.events.values() if e.record.event.city}):
        slug = paths.free_slug(slugify(city, fallback="city"), taken)
        taken.add(slug)
        out[city] = slug
    return out


def _city_pages(env: Environment, site: Site) -> dict[str, str]:
    """A page per city listing its events (newest first), and an index of cities."""
    cities: dict[str, str] = env.cities  # type: ignore[attr-defined]
    by_city: dict[str, list] = {}
    for e in site.events_by_date():
        if e.record.event.city:
            by_city.setdefault(e.record.event.city, []).append(e)
    pages: dict[str, str] = {}
    rows = []
    for city, slug in sorted(cities.items(), key=lambda kv: (-len(by_city[kv[0]]), kv[1])):
        events = by_city[city]
        listed = [
            (e.record.event.name, paths.link(paths.EVENTS, e.slug, "../"), e.record.event.date or "日期未注明") for e in events
        ]
        _page(
            env,
            pages,
            paths.page(paths.CITIES, slug),
            "index.md.j2",
            heading=f"城市：{city}",
            intro=f"共 {len(events)} 场活动，按日期从新到旧。",
            groups=[("", listed[:PER_PAGE])],
            pager=[],
            back=paths.sibling("index"),
        )
        rows.append((city, paths.sibling(slug), f"{len(events)} 场"))
    _page(
        env,
        pages,
        paths.listing(paths.CITIES),
        "index.md.j2",
        heading="城市",
        intro=f"共 {len(rows)} 个城市。",
        groups=[("", rows)],
        pager=[],
    )
    return pages


def _briefing_chart(site: Site, b: Briefing) -> Markup:
    names = [site.technologies[s].name for s, _now, _before in b.techs]
    return chart("barh", f"{b.period.label}：技术提及次数", names, [now for _s, now, _before in b.techs])


def _briefing_pages(
    env: Environment, site: Site, months: list[Briefing], weeks: list[Briefing], undated: list[str]
) -> dict[str, str]:
    """briefings/<yyyy-mm>.md, briefings/<yyyy-wNN>.md, their index and the events with no full date."""
    pages: dict[str, str] = {}
    for b in months + weeks:
        _page(
            env,
            pages,
            paths.page(paths.BRIEFINGS, b.period.key),
            "briefing.md.j2",
            meta={"description": b.summary, "feed": paths.BRIEFINGS_FEED},
            b=b,
            chart=_briefing_chart(site, b),
        )
    groups = [
        ("月度简报", [(b.period.label, paths.sibling(b.period.key), f"{len(b.period.events)} 场活动") for b in months]),
        (
            "每周简报",
            [(b.period.label, paths.sibling(b.period.key), f"{b.period.span} · {len(b.period.events)} 场") for b in weeks],
        ),
    ]
    intro = (
        md(f"{len(months)} 个月、{len(weeks)} 周有活动，从新到旧。订阅：") + link("简报（Atom）", "../feeds/briefings.xml") + "。"
    )
    if undated:
        intro += md("另有 ") + link(f"{len(undated)} 场活动", paths.sibling("undated")) + md(" 年份不明，无法归入某月或某周。")
    _page(
        env,
        pages,
        paths.listing(paths.BRIEFINGS),
        "index.md.j2",
        heading="简报",
        intro=intro,
        groups=[g for g in groups if g[1]],
        pager=[],
    )
    rows = [
        (site.events[s].record.event.name, paths.link(paths.EVENTS, s, "../"), site.events[s].record.event.date or "日期未注明")
        for s in undated
    ]
    _page(
        env,
        pages,
        paths.page(paths.BRIEFINGS, "undated"),
        "index.md.j2",
        heading="年份不明的活动",
        intro=f"共 {len(undated)} 场：报道只写了月日（或没有日期），链接、电头、活动名称和正文中也找不到年份。",
        groups=[("", rows)],
        pager=[],
        back=paths.sibling("index"),
    )
    return pages


def _home(env: Environment, site: Site, month: Briefing | None = None) -> dict[str, str]:
    dates = sorted(e.record.event.date for e in site.events.values() if e.record.event.date and len(e.record.event.date) == 10)
    top_people = _ranked(Counter({p.slug: len(p.appearances) for p in site.people.values()}), TOP_N)
    top_techs = _ranked(Counter({t.slug: t.total for t in site.technologies.values()}), TOP_N)
    top_orgs = _ranked(Counter({o.slug: len(o.people) for o in site.orgs.values()}), TOP_N)
    techs = [site.technologies[s] for s, _n in top_techs]
    tech_chart = chart("barh", "提及最多的技术", [x.name for x in techs], [x.total for x in techs])
    labels, values = mentions_over_time([(m.date, m.count) for x in site.technologies.values() for m in x.mentions])
    time_chart = chart("bar", "技术提及次数随时间变化", labels, values)
    pages: dict[str, str] = {}
    _page(
        env,
        pages,
        paths.HOME,
        "home.md.j2",
        month=month,
        meta={
            "hide": ["navigation"],
            "description": f"{len(site.events)} 场活动、{len(site.people)} 位嘉宾、{len(site.technologies)} 项技术",
        },
        tech_chart=tech_chart,
        time_chart=time_chart,
        latest=site.events_by_date()[:TOP_N],
        date_range=(dates[0], dates[-1]) if dates else None,
        top_people=top_people,
        top_techs=top_techs,
        top_orgs=top_orgs,
    )
    return pages
