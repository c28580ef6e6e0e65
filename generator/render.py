"""Rendering: the resolved `Site` -> Markdown pages (path -> text), from Jinja2 templates.

Every value printed by a template passes through `md` (Jinja `finalize`), so article text stays
literal; only links built from our own slugs are trusted markup.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup
from pypinyin import Style, lazy_pinyin

from .markdown import external_link, link, md
from .resolve import Site, _date_key

KIND_LABELS = {
    "opening": "开幕致辞",
    "keynote": "主旨演讲",
    "talk": "主题分享",
    "roundtable": "圆桌对话",
    "closing": "闭幕",
    "other": "其他环节",
}
TOP_N = 10
PER_PAGE = 200  # rows per index page: keeps every HTML page well under 100 KB
ENTITY_LIST_LIMIT = 100  # events listed on an organisation or industry page before overflow pages
MENTIONS_PER_PAGE = 40  # technology mentions (with a sentence each) per page
RANKED_LIMIT = 30  # co-speakers, related technologies: the strongest ties


def kind_label(kind: str) -> str:
    head, _, title = kind.partition("：")
    label = KIND_LABELS.get(head, head)
    return f"{label}：{title}" if title else label


def make_env(template_dir: Path, site: Site) -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(template_dir)),
        finalize=md,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )

    def person_link(slug: str, prefix: str) -> Markup:
        return link(site.people[slug].name, f"{prefix}speakers/{slug}.md")

    def event_link(slug: str, prefix: str) -> Markup:
        return link(site.events[slug].record.event.name, f"{prefix}events/{slug}.md")

    def tech_link(slug: str, prefix: str) -> Markup:
        return link(site.technologies[slug].name, f"{prefix}technologies/{slug}.md")

    env.globals.update(
        site=site, link=link, external_link=external_link, kind_label=kind_label,
        person_link=person_link, event_link=event_link, tech_link=tech_link,
    )
    env.filters["kind_label"] = kind_label
    return env


def render_site(site: Site, template_dir: Path) -> dict[str, str]:
    """Every page of the site as {relative path: Markdown}."""
    env = make_env(template_dir, site)
    pages: dict[str, str] = {}
    series: dict[str, list[str]] = {}
    for e in site.events_by_date():
        if e.record.event.series:
            series.setdefault(e.record.event.series, []).append(e.slug)
    event_t = env.get_template("event.md.j2")
    for slug, e in site.events.items():
        same = [s for s in series.get(e.record.event.series or "", []) if s != slug]
        agenda = [
            (seg, [(e.speaker_slugs[k], sp) for k, sp in enumerate(e.record.speakers) if index in sp.segment])
            for index, seg in enumerate(e.record.segments)
        ]
        pages[f"events/{slug}.md"] = event_t.render(event=e, same_series=same, agenda=agenda)
    speaker_t = env.get_template("speaker.md.j2")
    for slug, p in site.people.items():
        appearances = sorted(p.appearances, key=lambda a: (_date_key(a.date), a.event_slug))
        pages[f"speakers/{slug}.md"] = speaker_t.render(
            person=p,
            appearances=appearances,
            has_words=any(a.quotes or a.statements for a in appearances),
            technologies=_ranked(p.technologies, RANKED_LIMIT),
            costars=_ranked(p.costars, RANKED_LIMIT),
        )
    tech_t = env.get_template("technology.md.j2")
    for slug, t in site.technologies.items():
        mentions = sorted(t.mentions, key=lambda m: (_date_key(m.date), m.event_slug), reverse=True)
        aliases = sorted(s for s in t.spellings if s != t.name)
        chunks = [mentions[i : i + MENTIONS_PER_PAGE] for i in range(0, len(mentions), MENTIONS_PER_PAGE)] or [[]]
        links = [f"{slug}.md"] + [f"{slug}/page-{n}.md" for n in range(2, len(chunks) + 1)]
        for n, chunk in enumerate(chunks):
            nested = n > 0
            pager = [(f"第 {k + 1} 页", ("../" + links[k] if nested else links[k]) if k else ("../" + links[0] if nested else links[0]), k == n) for k in range(len(chunks))] if len(chunks) > 1 else []
            path = f"technologies/{slug}.md" if n == 0 else f"technologies/{slug}/page-{n + 1}.md"
            pages[path] = tech_t.render(
                tech=t, mentions=chunk, all_mentions=len(mentions), aliases=aliases, related=_ranked(t.related, RANKED_LIMIT),
                prefix="../../" if nested else "../", pager=pager, page_number=n + 1,
            )
    org_t = env.get_template("organization.md.j2")
    for slug, o in site.orgs.items():
        events, more = _overflow_events(env, site, "organizations", slug, o.name, _events_newest(site, o.events))
        pages.update(more)
        pages[f"organizations/{slug}.md"] = org_t.render(
            org=o,
            spellings=sorted(o.spellings),
            people=sorted(o.people, key=lambda s: _pinyin_key(site.people[s].name))[:ENTITY_LIST_LIMIT],
            people_total=len(o.people),
            events=events,
            events_total=len(o.events),
            more=f"{slug}/page.md" if more else None,
            technologies=_ranked(o.technologies, RANKED_LIMIT),
        )
    industry_t = env.get_template("industry.md.j2")
    for slug, i in site.industries.items():
        events, more = _overflow_events(env, site, "industries", slug, i.name, _events_newest(site, i.events))
        pages.update(more)
        people = sorted(i.people, key=lambda s: (-len(site.people[s].appearances), _pinyin_key(site.people[s].name)))
        pages[f"industries/{slug}.md"] = industry_t.render(
            industry=i,
            events=events,
            events_total=len(i.events),
            more=f"{slug}/page.md" if more else None,
            technologies=_ranked(i.technologies, RANKED_LIMIT),
            people=people[:ENTITY_LIST_LIMIT],
            people_total=len(people),
        )
    pages.update(_indexes(env, site))
    pages["index.md"] = _home(env, site)
    return dict(sorted(pages.items()))


def _ranked(counter: Counter[str], limit: int | None = None) -> list[tuple[str, int]]:
    return sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]


def _events_newest(site: Site, slugs: set[str]) -> list[str]:
    return sorted(slugs, key=lambda s: (_date_key(site.events[s].record.event.date), s), reverse=True)


def _pinyin_key(name: str) -> str:
    return " ".join(lazy_pinyin(name, style=Style.NORMAL)).lower()


def _initial(name: str) -> str:
    key = _pinyin_key(name)
    return key[:1].upper() if key[:1].isalpha() else "#"


def paginate(
    env: Environment,
    folder: str,
    heading: str,
    intro: str,
    rows: list[tuple[str, str, str, str]],
    per_page: int,
    first_name: str = "index",
) -> dict[str, str]:
    """A listing split into pages of `per_page` rows: folder/index.md, folder/index-2.md, …

    Rows are (group, label, href relative to the folder, note); a group heading starts a group.
    Long lists are split so that no page grows with the size of the collection.
    """
    t = env.get_template("index.md.j2")
    chunks = [rows[i : i + per_page] for i in range(0, len(rows), per_page)] or [[]]
    names = [first_name] + [f"{first_name}-{n}" for n in range(2, len(chunks) + 1)]
    pages = {}
    for n, chunk in enumerate(chunks):
        groups: list[tuple[str, list]] = []
        for group, label, href, note in chunk:
            if not groups or groups[-1][0] != group:
                groups.append((group, []))
            groups[-1][1].append((label, href, note))
        pager = [(f"第 {k + 1} 页", f"{names[k]}.md", k == n) for k in range(len(chunks))] if len(chunks) > 1 else []
        pages[f"{folder}/{names[n]}.md"] = t.render(heading=heading, intro=intro, groups=groups, pager=pager)
    return pages


def _indexes(env: Environment, site: Site) -> dict[str, str]:
    pages: dict[str, str] = {}
    rows = [("", e.record.event.name, f"{e.slug}.md", " · ".join(x for x in (e.record.event.date, e.record.event.city) if x)) for e in site.events_by_date()]
    pages.update(paginate(env, "events", "活动", f"共 {len(rows)} 场，按日期从新到旧。", rows, PER_PAGE))
    people = sorted(site.people.values(), key=lambda p: (_pinyin_key(p.name), p.slug))
    rows = []
    for p in people:
        orgs = Counter(o for a in p.appearances for o in a.orgs)
        note = f"{len(p.appearances)} 场" + (f" · {_ranked(orgs, 1)[0][0]}" if orgs else "")
        rows.append((_initial(p.name), p.name, f"{p.slug}.md", note))
    pages.update(paginate(env, "speakers", "嘉宾", f"共 {len(people)} 位，按拼音排序。", rows, PER_PAGE))
    techs = sorted(site.technologies.values(), key=lambda x: (-x.total, x.slug))
    rows = [("", x.name, f"{x.slug}.md", f"{x.total} 次 · {len(x.mentions)} 场") for x in techs]
    pages.update(paginate(env, "technologies", "技术", f"共 {len(rows)} 项，按提及次数排序。", rows, PER_PAGE))
    orgs = sorted(site.orgs.values(), key=lambda o: (-len(o.people), _pinyin_key(o.name), o.slug))
    rows = [("", o.name, f"{o.slug}.md", f"{len(o.people)} 位嘉宾 · {len(o.events)} 场活动") for o in orgs]
    pages.update(paginate(env, "organizations", "机构", f"共 {len(rows)} 家，按嘉宾人数排序。", rows, PER_PAGE))
    inds = sorted(site.industries.values(), key=lambda i: (-len(i.events), i.slug))
    rows = [("", i.name, f"{i.slug}.md", f"{len(i.events)} 场活动") for i in inds]
    pages.update(paginate(env, "industries", "行业", f"共 {len(rows)} 个。", rows, PER_PAGE))
    return pages


def _overflow_events(env: Environment, site: Site, folder: str, slug: str, name: str, events: list[str]) -> tuple[list[str], dict[str, str]]:
    """The newest events stay on the entity page; the rest go to paginated pages beside it."""
    if len(events) <= ENTITY_LIST_LIMIT:
        return events, {}
    rest = events[ENTITY_LIST_LIMIT:]
    rows = [("", site.events[e].record.event.name, f"../../events/{e}.md", site.events[e].record.event.date or "") for e in rest]
    pages = paginate(env, f"{folder}/{slug}", f"{name}：更早的活动", f"另有 {len(rest)} 场。", rows, PER_PAGE, "page")
    return events[:ENTITY_LIST_LIMIT], pages


def _home(env: Environment, site: Site) -> str:
    dates = sorted(e.record.event.date for e in site.events.values() if e.record.event.date and len(e.record.event.date) == 10)
    top_people = _ranked(Counter({p.slug: len(p.appearances) for p in site.people.values()}), TOP_N)
    top_techs = _ranked(Counter({t.slug: t.total for t in site.technologies.values()}), TOP_N)
    top_orgs = _ranked(Counter({o.slug: len(o.people) for o in site.orgs.values()}), TOP_N)
    return env.get_template("home.md.j2").render(
        latest=site.events_by_date()[:TOP_N],
        date_range=(dates[0], dates[-1]) if dates else None,
        top_people=top_people,
        top_techs=top_techs,
        top_orgs=top_orgs,
    )
