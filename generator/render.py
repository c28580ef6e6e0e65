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
            technologies=_ranked(p.technologies),
            costars=_ranked(p.costars),
        )
    tech_t = env.get_template("technology.md.j2")
    for slug, t in site.technologies.items():
        mentions = sorted(t.mentions, key=lambda m: (_date_key(m.date), m.event_slug), reverse=True)
        aliases = sorted(s for s in t.spellings if s != t.name)
        pages[f"technologies/{slug}.md"] = tech_t.render(tech=t, mentions=mentions, aliases=aliases, related=_ranked(t.related))
    org_t = env.get_template("organization.md.j2")
    for slug, o in site.orgs.items():
        pages[f"organizations/{slug}.md"] = org_t.render(
            org=o,
            spellings=sorted(o.spellings),
            people=sorted(o.people, key=lambda s: _pinyin_key(site.people[s].name)),
            events=_events_newest(site, o.events),
            technologies=_ranked(o.technologies),
        )
    industry_t = env.get_template("industry.md.j2")
    for slug, i in site.industries.items():
        pages[f"industries/{slug}.md"] = industry_t.render(
            industry=i,
            events=_events_newest(site, i.events),
            technologies=_ranked(i.technologies),
            people=sorted(i.people, key=lambda s: _pinyin_key(site.people[s].name)),
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


def _indexes(env: Environment, site: Site) -> dict[str, str]:
    t = env.get_template("index.md.j2")
    pages = {}
    rows = [(e.record.event.name, f"{e.slug}.md", " · ".join(x for x in (e.record.event.date, e.record.event.city) if x)) for e in site.events_by_date()]
    pages["events/index.md"] = t.render(heading="活动", intro=f"共 {len(rows)} 场，按日期从新到旧。", groups=[("", rows)])
    people = sorted(site.people.values(), key=lambda p: (_pinyin_key(p.name), p.slug))
    groups: dict[str, list] = {}
    for p in people:
        orgs = Counter(o for a in p.appearances for o in a.orgs)
        note = f"{len(p.appearances)} 场" + (f" · {_ranked(orgs, 1)[0][0]}" if orgs else "")
        groups.setdefault(_initial(p.name), []).append((p.name, f"{p.slug}.md", note))
    pages["speakers/index.md"] = t.render(heading="嘉宾", intro=f"共 {len(people)} 位，按拼音排序。", groups=sorted(groups.items()))
    techs = sorted(site.technologies.values(), key=lambda x: (-x.total, x.slug))
    rows = [(x.name, f"{x.slug}.md", f"{x.total} 次 · {len(x.mentions)} 场") for x in techs]
    pages["technologies/index.md"] = t.render(heading="技术", intro=f"共 {len(rows)} 项，按提及次数排序。", groups=[("", rows)])
    orgs = sorted(site.orgs.values(), key=lambda o: (-len(o.people), _pinyin_key(o.name), o.slug))
    rows = [(o.name, f"{o.slug}.md", f"{len(o.people)} 位嘉宾 · {len(o.events)} 场活动") for o in orgs]
    pages["organizations/index.md"] = t.render(heading="机构", intro=f"共 {len(rows)} 家，按嘉宾人数排序。", groups=[("", rows)])
    inds = sorted(site.industries.values(), key=lambda i: (-len(i.events), i.slug))
    rows = [(i.name, f"{i.slug}.md", f"{len(i.events)} 场活动") for i in inds]
    pages["industries/index.md"] = t.render(heading="行业", intro=f"共 {len(rows)} 个。", groups=[("", rows)])
    return pages


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
