"""Periodic briefings: what happened in a month or an ISO week, against the period before.

A briefing is computed from dated events only (a full `YYYY-MM-DD` date; see `dates.py` for how
years are read). Its figures are counts over the resolved `Site`; the summary paragraph is a
template filled with those figures, never text that is not in them.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta

from .resolve import Site

TOP_ORGS = 10
TOP_TECHS = 8


@dataclass
class Period:
    key: str  # "2025-11" or "2025-w46": the page name under briefings/
    kind: str  # "month" or "week"
    label: str  # 2025年11月 / 2025年第46周
    span: str  # 2025-11-01 至 2025-11-30
    start: date
    end: date
    events: list[str] = field(default_factory=list)  # event slugs, oldest first
    previous: str | None = None  # key of the period before (of the same kind) when it has events
    next: str | None = None


@dataclass
class Briefing:
    period: Period
    previous_label: str  # the period compared against (it may have no events)
    cities: list[tuple[str, int]]
    new_people: list[str]  # person slugs first seen in this period
    returning: list[str]  # person slugs seen before this period
    orgs: list[tuple[str, int]]  # organisation slug, events in the period
    techs: list[tuple[str, int, int]]  # tech slug, mentions now, mentions in the previous period
    rising: list[tuple[str, int, int]]
    falling: list[tuple[str, int, int]]
    quotes: list[tuple[str, str, str]]  # (event slug, person slug, quote): one per event at most
    summary: str


QUOTE_PUNCTUATION = set("，。！？；：,.!?;")


def notable(quote: str) -> bool:
    """A quote worth a briefing: a statement (some words and a clause mark), not a slogan or a
    name put in quotation marks (`磐石、橋梁、守護`, `健康台灣深耕計畫`)."""
    return len(quote) >= 12 and any(ch in QUOTE_PUNCTUATION for ch in quote.rstrip("。！？!?.")) or len(quote) >= 24


def event_day(value: str | None) -> date | None:
    if not value or len(value) != 10:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def month_key(d: date) -> str:
    return f"{d.year:04d}-{d.month:02d}"


def week_key(d: date) -> str:
    year, week, _ = d.isocalendar()
    return f"{year:04d}-w{week:02d}"


def _month_bounds(key: str) -> tuple[date, date]:
    year, month = int(key[:4]), int(key[5:7])
    start = date(year, month, 1)
    following = date(year + (month == 12), month % 12 + 1, 1)
    return start, following - timedelta(days=1)


def _week_bounds(key: str) -> tuple[date, date]:
    start = date.fromisocalendar(int(key[:4]), int(key[6:]), 1)
    return start, start + timedelta(days=6)


def previous_key(key: str) -> str:
    """The period just before (calendar month or ISO week), whether it has events or not."""
    if "-w" in key:
        return week_key(_week_bounds(key)[0] - timedelta(days=7))
    return month_key(_month_bounds(key)[0] - timedelta(days=1))


def period_label(key: str) -> str:
    if "-w" in key:
        return f"{int(key[:4])}年第{int(key[6:])}周"
    return f"{int(key[:4])}年{int(key[5:7])}月"


def periods(site: Site) -> tuple[list[Period], list[Period], list[str]]:
    """Months and weeks that have events (newest first), and the events without a full date."""
    months: dict[str, list[tuple[date, str]]] = {}
    weeks: dict[str, list[tuple[date, str]]] = {}
    undated = []
    for slug, e in site.events.items():
        d = event_day(e.record.event.date)
        if d is None:
            undated.append(slug)
            continue
        months.setdefault(month_key(d), []).append((d, slug))
        weeks.setdefault(week_key(d), []).append((d, slug))
    out = []
    for table, kind, bounds in ((months, "month", _month_bounds), (weeks, "week", _week_bounds)):
        keys = sorted(table, reverse=True)
        found = []
        for n, key in enumerate(keys):
            start, end = bounds(key)
            found.append(
                Period(
                    key=key,
                    kind=kind,
                    label=period_label(key),
                    span=f"{start.isoformat()} 至 {end.isoformat()}",
                    start=start,
                    end=end,
                    events=[slug for _d, slug in sorted(table[key])],
                    previous=keys[n + 1] if n + 1 < len(keys) else None,
                    next=keys[n - 1] if n > 0 else None,
                )
            )
        out.append(found)
    undated.sort(key=lambda s: (site.events[s].record.event.date or "", s))
    return out[0], out[1], undated


def first_seen(site: Site) -> dict[str, date]:
    """Each person's first dated appearance."""
    seen: dict[str, date] = {}
    for slug, p in site.people.items():
        days = [d for a in p.appearances if (d := event_day(a.date))]
        if days:
            seen[slug] = min(days)
    return seen


def tech_counts(site: Site, events: list[str]) -> Counter[str]:
    counts: Counter[str] = Counter()
    for slug in events:
        e = site.events[slug]
        for t, tech_slug in zip(e.record.technologies, e.tech_slugs, strict=False):
            counts[tech_slug] += t.mentions or 1
    return counts


def briefing(site: Site, period: Period, by_key: dict[str, Period], seen: dict[str, date]) -> Briefing:
    events = period.events
    prev_key = previous_key(period.key)
    prev_events = by_key[prev_key].events if prev_key in by_key else []
    cities = Counter(city for s in events if (city := site.events[s].record.event.city))
    people: dict[str, None] = {}
    for s in events:
        for p in site.events[s].speaker_slugs:
            people.setdefault(p)
    new = [p for p in people if p in seen and period.start <= seen[p] <= period.end]
    returning = [p for p in people if p not in new]
    orgs: Counter[str] = Counter()
    for s in events:
        for org_slug in set(site.events[s].org_slugs.values()):
            orgs[org_slug] += 1
    now, before = tech_counts(site, events), tech_counts(site, prev_events)
    techs = [(t, n, before.get(t, 0)) for t, n in sorted(now.items(), key=lambda kv: (-kv[1], kv[0]))]
    changes = [(t, now.get(t, 0), before.get(t, 0)) for t in sorted(set(now) | set(before))]
    rising = sorted((c for c in changes if c[1] > c[2]), key=lambda c: (c[2] - c[1], c[0]))[:5]
    falling = sorted((c for c in changes if c[1] < c[2]), key=lambda c: (c[1] - c[2], c[0]))[:5]
    quotes = []
    for s in events:
        e = site.events[s]
        said = [(person, q) for sp, person in zip(e.record.speakers, e.speaker_slugs, strict=False) for q in sp.quotes]
        best = next((pq for pq in said if notable(pq[1])), None)  # the first that says something
        if best:
            quotes.append((s, *best))
    b = Briefing(
        period=period,
        previous_label=period_label(prev_key),
        cities=sorted(cities.items(), key=lambda kv: (-kv[1], kv[0])),
        new_people=new,
        returning=returning,
        orgs=sorted(orgs.items(), key=lambda kv: (-kv[1], kv[0]))[:TOP_ORGS],
        techs=techs[:TOP_TECHS],
        rising=rising,
        falling=falling,
        quotes=quotes,
        summary="",
    )
    b.summary = summary(site, b, len(prev_events))
    return b


def summary(site: Site, b: Briefing, previous_events: int) -> str:
    """One paragraph from the briefing's figures (a template: every clause is a count shown below)."""
    p = b.period
    parts = [f"{p.label}（{p.span}）共收录 {len(p.events)} 场活动"]
    if b.cities:
        top = "、".join(f"{city} {n} 场" for city, n in b.cities[:3])
        parts[-1] += f"，分布在 {len(b.cities)} 个城市（{top}）"
    parts[-1] += f"；{'上月' if p.kind == 'month' else '上周'}（{b.previous_label}）为 {previous_events} 场。"
    people = len(b.new_people) + len(b.returning)
    if people:
        parts.append(f"共 {people} 位嘉宾登台，其中 {len(b.new_people)} 位首次出现。")
    if b.orgs:
        org_slug, n = b.orgs[0]
        parts.append(f"出现最多的机构是{site.orgs[org_slug].name}（{n} 场）。")
    if b.techs:
        t, n, _before = b.techs[0]
        parts.append(f"提及最多的技术是{site.technologies[t].name}（{n} 次）")
        if b.rising:
            t, n, before = b.rising[0]
            parts[-1] += f"，增加最多的是{site.technologies[t].name}（{before} → {n}）"
        if b.falling:
            t, n, before = b.falling[0]
            parts[-1] += f"，减少最多的是{site.technologies[t].name}（{before} → {n}）"
        parts[-1] += "。"
    return "".join(parts)


def briefings(site: Site) -> tuple[list[Briefing], list[Briefing], list[str]]:
    """Every month's and week's briefing (newest first), and the events that cannot be placed."""
    months, weeks, undated = periods(site)
    seen = first_seen(site)
    by_key = {p.key: p for p in months + weeks}
    return [briefing(site, p, by_key, seen) for p in months], [briefing(site, p, by_key, seen) for p in weeks], undated
