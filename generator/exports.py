"""What other tools read: page metadata (OpenGraph, JSON-LD), Atom feeds, iCalendar files and the
dataset as JSON and CSV. Ids in every file are the slugs in the page URLs."""

from __future__ import annotations

import csv
import html
import io
import json
import re
from datetime import UTC, date, datetime
from functools import lru_cache, partial
from typing import TYPE_CHECKING, TypedDict
from urllib.parse import urljoin, urlparse

from markupsafe import Markup

from . import paths
from .cache import Memo, fingerprint
from .resolve import EventEntity, OrgEntity, PersonEntity, Site, TechEntity, _date_key

if TYPE_CHECKING:  # imported where they are used: a build that writes no feed loads neither
    from feedgen.entry import FeedEntry  # type: ignore[import-untyped]  # feedgen ships no type hints
    from icalendar import Event as VEvent

FEED_SIZE = 50  # newest events in a feed


def _one_line(text: str | None) -> str:
    """A value for a one-line field (an iCalendar property, a feed title): breaks become spaces."""
    return " ".join((text or "").split())


class _contained:  # noqa: N801 - used as a function: `with _contained(problems, file, record id):`
    """Run a writer for one record: a failure is noted (naming the record) and that one output left out."""

    def __init__(self, problems: list[str] | None, what: str, rid: str) -> None:
        self.problems, self.what, self.rid = problems, what, rid

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind: type | None, exc: BaseException | None, _tb: object) -> bool:
        if not isinstance(exc, Exception):
            return False
        if self.problems is not None:
            self.problems.append(f"record {self.rid}: {self.what}: {type(exc).__name__}: {exc}; left out of that file")
        return True


def front_matter(meta: dict) -> Markup:
    """Front matter as one JSON line (valid YAML, and ten times faster to write than YAML).

    Every string is a JSON string with non-ASCII escaped, so article text is never interpreted
    as YAML syntax. `description` is HTML-escaped too: Material writes it into an attribute as is.
    """
    meta = dict(meta)  # a mapping computed on use (generator.cache.Derived) too
    if meta.get("description"):
        meta = {**meta, "description": html.escape(" ".join(str(meta["description"]).split()), quote=True)}
    return Markup("---\n" + json.dumps(meta, ensure_ascii=True, sort_keys=True) + "\n---\n")


def json_for_script(data: object) -> str:
    """JSON safe inside <script>: no `</script>` or `<!--` can form."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


@lru_cache(maxsize=200_000)
def page_url(site_url: str, path: str) -> str:
    return urljoin(site_url if site_url.endswith("/") else site_url + "/", path)


def full_date(value: str | None) -> date | None:
    if value and len(value) == 10:
        try:
            return date.fromisoformat(value)
        except ValueError:
            return None
    return None


def event_meta(e: EventEntity, site: Site, site_url: str) -> dict:
    r = e.record
    url = page_url(site_url, paths.url(paths.EVENTS, e.slug))
    data: dict = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": r.event.name,
        "url": url,
        "description": r.summary[:300],
        "performer": [
            {"@type": "Person", "name": site.people[p].name, "url": page_url(site_url, paths.url(paths.SPEAKERS, p))}
            for p in dict.fromkeys(e.speaker_slugs)
        ],
    }
    if full_date(r.event.date):
        data["startDate"] = r.event.date
    if r.event.city or r.event.venue:
        data["location"] = {"@type": "Place", "name": r.event.venue or r.event.city, "address": r.event.city or ""}
    if r.event.organizers:
        data["organizer"] = [{"@type": "Organization", "name": o} for o in r.event.organizers]
    return {
        "search": {"boost": 2},
        "description": r.summary[:150],
        "og_type": "article",
        "og_url": url,
        "jsonld": json_for_script(data),
        "ics": paths.event_calendar(e.slug) if full_date(r.event.date) else None,
    }


def person_meta(p: PersonEntity, site_url: str, site: Site | None = None) -> dict:
    url = page_url(site_url, paths.url(paths.SPEAKERS, p.slug))
    latest = max(p.appearances, key=lambda a: (_date_key(a.date), a.event_slug))
    data = {
        "@context": "https://schema.org",
        "@type": "Person",
        "name": p.name,
        "url": url,
        "jobTitle": "、".join(latest.titles) or None,
        "affiliation": [{"@type": "Organization", "name": o} for o in latest.orgs],
        "alternateName": [s for s in p.spellings if s != p.name],
    }
    data = {k: v for k, v in data.items() if v}
    description = f"{p.name}：" + "、".join(latest.orgs + latest.titles) + f"；{len(p.appearances)} 场活动"
    return {
        "search": {"boost": 3},
        "description": description,
        "og_type": "profile",
        "og_url": url,
        "jsonld": json_for_script(data),
        **_subscriptions(site, person_events(site, p) if site else [], "speakers", p.slug),
    }


def _subscriptions(site: Site | None, events: list[EventEntity], folder: str, slug: str) -> dict:
    """The feed (and for people the calendar) of an entity page, when they have entries."""
    out = {}
    if has_dated(events):
        out["feed"] = paths.feed(folder, slug)
    if folder == "speakers" and any(full_date(e.record.event.date) for e in events):
        out["ics"] = paths.speaker_calendar(slug)
    return out


def org_meta(o: OrgEntity, site: Site) -> dict:
    return {
        "description": f"{o.name}：{len(o.people)} 位嘉宾，{len(o.events)} 场活动",
        **_subscriptions(site, org_events(site, o), "organizations", o.slug),
    }


def tech_meta(t: TechEntity, site_url: str, site: Site | None = None) -> dict:
    dated = site is None or has_dated([site.events[m.event_slug] for m in t.mentions])
    return {
        "search": {"boost": 2},
        "description": f"{t.name}：提及 {t.total} 次，{len(t.mentions)} 场活动",
        "og_type": "article",
        "og_url": page_url(site_url, paths.url(paths.TECHNOLOGIES, t.slug)),
        **({"feed": paths.feed(paths.TECHNOLOGIES, t.slug)} if dated else {}),
    }


# --- feeds ----------------------------------------------------------------------------------


def _when(e: EventEntity) -> datetime | None:
    d = full_date(e.record.event.date) or full_date(e.record.source.published)
    return datetime(d.year, d.month, d.day, tzinfo=UTC) if d else None


def atom_feed(
    site: Site, site_url: str, events: list[EventEntity], title: str, path: str, problems: list[str] | None = None
) -> str:
    """An Atom feed of events, newest first; deterministic (no build time in it).

    Only events whose full date (or publication date) is known can be placed in a feed.
    """
    from feedgen.feed import FeedGenerator  # type: ignore[import-untyped]  # feedgen ships no type hints

    fg = FeedGenerator()
    fg.id(page_url(site_url, path))
    fg.title(_one_line(title))
    fg.link(href=page_url(site_url, path), rel="self")
    fg.link(href=site_url, rel="alternate")
    fg.language("zh")
    fg.generator("briefing-generator")
    newest = newest_dated(events)
    fg.updated(_when(newest[0]) if newest else datetime(2000, 1, 1, tzinfo=UTC))
    for e in reversed(newest):  # feedgen prepends: add oldest first to keep newest first
        with _contained(problems, path, e.record.id):
            url = page_url(site_url, paths.url(paths.EVENTS, e.slug))
            summary = e.record.summary
            names = "、".join(site.people[p].name for p in dict.fromkeys(e.speaker_slugs))
            entry = _atom_entry(url, _one_line(e.record.event.name), _when(e), f"{summary}\n嘉宾：{names}" if names else summary)
            fg.add_entry(entry)
    return fg.atom_str(pretty=True).decode("utf-8")


def newest_dated(events: list[EventEntity]) -> list[EventEntity]:
    """The FEED_SIZE newest events with a full date (or publication date), newest first: what a feed shows."""
    dated = [(when, e) for e in events if (when := _when(e)) is not None]
    return [e for _w, e in sorted(dated, key=lambda we: (we[0], we[1].slug), reverse=True)[:FEED_SIZE]]


def _atom_entry(url: str, title: str, when: datetime | None, summary: str) -> FeedEntry:
    """One entry, serialised on its own first: text XML cannot hold fails here, not in the feed."""
    from feedgen.entry import FeedEntry
    from lxml import etree

    entry = FeedEntry()
    entry.id(url)
    entry.title(title)
    entry.link(href=url)
    entry.updated(when)
    entry.published(when)
    entry.summary(summary)
    etree.tostring(entry.atom_entry())
    return entry


_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _xml(text: object) -> str:
    """Text for XML: escaped, without the characters XML 1.0 forbids."""
    return html.escape(_NOT_XML.sub("", str(text)), quote=True)


def simple_atom(site_url: str, path: str, title: str, entries: list[tuple[str, str, datetime, str]]) -> str:
    """An Atom feed from (url, title, date, summary) entries, newest first, deterministic.

    Written directly (the per-speaker and per-organisation feeds number in the thousands, and
    feedgen builds an lxml tree for each): the same elements feedgen writes for `atom_feed`.
    """
    entries = sorted(entries, key=lambda x: (x[2], x[0]), reverse=True)[:FEED_SIZE]
    updated = entries[0][2] if entries else datetime(2000, 1, 1, tzinfo=UTC)
    feed_url = page_url(site_url, path)
    out = [
        "<?xml version='1.0' encoding='UTF-8'?>",
        '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="zh">',
        f"  <id>{_xml(feed_url)}</id>",
        f"  <title>{_xml(title)}</title>",
        f"  <updated>{updated.isoformat()}</updated>",
        f'  <link href="{_xml(feed_url)}" rel="self"/>',
        f'  <link href="{_xml(site_url)}" rel="alternate"/>',
        "  <generator>briefing-generator</generator>",
    ]
    for url, entry_title, when, summary in entries:
        out += [
            "  <entry>",
            f"    <id>{_xml(url)}</id>",
            f"    <title>{_xml(entry_title)}</title>",
            f"    <updated>{when.isoformat()}</updated>",
            f'    <link href="{_xml(url)}"/>',
            f"    <summary>{_xml(summary)}</summary>",
            f"    <published>{when.isoformat()}</published>",
            "  </entry>",
        ]
    out.append("</feed>")
    return "\n".join(out) + "\n"


def _memo_feed(
    memo: Memo, site: Site, site_url: str, events: list[EventEntity], title: str, path: str, problems: list[str] | None
) -> str:
    """atom_feed, kept by everything it reads between builds (a feed that had a problem is not kept).

    The feed shows its newest events only, so they alone are its key (a technology is mentioned
    by hundreds of events: hashing all of them cost more than the feed)."""
    newest = newest_dated(events)
    names = {e.slug: tuple(site.people[p].name for p in dict.fromkeys(e.speaker_slugs)) for e in newest}
    inputs = [(e.slug, e.record.id, e.record.event.name, _when(e), e.record.summary, names[e.slug]) for e in newest]
    key = fingerprint(("feed", site_url, path, title, inputs))
    found: list[str] = []
    text = memo.get(key, partial(atom_feed, site, site_url, newest, title, path, found))
    if found:
        memo.used.pop(key, None)
        if problems is not None:
            problems += found
    return text


def memo_atom(memo: Memo, site_url: str, path: str, title: str, entries: list[tuple[str, str, datetime, str]]) -> str:
    """simple_atom, kept by its inputs between builds."""
    return memo.get(fingerprint(("atom", site_url, path, title, entries)), partial(simple_atom, site_url, path, title, entries))


def event_entries(
    site: Site, site_url: str, events: list[EventEntity], cache: dict | None = None
) -> list[tuple[str, str, datetime, str]]:
    """Feed entries for the dated events among `events` (`cache` keeps them by event between feeds)."""
    cache = cache if cache is not None else {}
    entries = []
    for e in events:
        if e.slug not in cache:
            when = _when(e)
            names = "、".join(site.people[p].name for p in dict.fromkeys(e.speaker_slugs))
            summary = e.record.summary + (f"\n嘉宾：{names}" if names else "")
            cache[e.slug] = (
                (page_url(site_url, paths.url(paths.EVENTS, e.slug)), e.record.event.name, when, summary) if when else None
            )
        if cache[e.slug]:
            entries.append(cache[e.slug])
    return entries


def has_dated(events: list[EventEntity]) -> bool:
    """Whether a feed of these events has an entry (a feed with none is neither written nor linked)."""
    return any(_when(e) for e in events)


def person_events(site: Site, p: PersonEntity) -> list[EventEntity]:
    return [site.events[s] for s in dict.fromkeys(a.event_slug for a in p.appearances)]


def org_events(site: Site, o: OrgEntity) -> list[EventEntity]:
    return [site.events[s] for s in sorted(o.events)]


def briefing_feed(site_url: str, briefings: list) -> str:
    """Atom feed of the briefings (months and weeks), newest first; a briefing is dated by its last day."""
    entries = []
    for b in briefings:
        p = b.period
        when = datetime(p.end.year, p.end.month, p.end.day, tzinfo=UTC)
        title = f"简报：{p.label}"
        entries.append((page_url(site_url, paths.url(paths.BRIEFINGS, p.key)), title, when, b.summary))
    return simple_atom(site_url, paths.BRIEFINGS_FEED, "行业活动简报：简报", entries)


# --- calendars ------------------------------------------------------------------------------


def _vevent(e: EventEntity, site: Site, site_url: str) -> VEvent:
    from icalendar import Event as VEvent

    d = full_date(e.record.event.date)
    assert d is not None
    host = urlparse(site_url).hostname or "briefing"
    ev = VEvent()
    ev.add("uid", f"{e.slug}@{host}")
    ev.add("dtstamp", datetime(d.year, d.month, d.day, tzinfo=UTC))  # deterministic
    ev.add("dtstart", d)
    ev.add("summary", _one_line(e.record.event.name))
    location = " ".join(x for x in (e.record.event.city, e.record.event.venue) if x)
    if location:
        ev.add("location", location)
    ev.add("url", page_url(site_url, paths.url(paths.EVENTS, e.slug)))
    names = "、".join(site.people[p].name for p in dict.fromkeys(e.speaker_slugs))
    ev.add("description", e.record.summary + (f"\n嘉宾：{names}" if names else ""))
    return ev


def calendar(
    site: Site,
    site_url: str,
    events: list[EventEntity],
    name: str,
    problems: list[str] | None = None,
    memo: Memo | None = None,
) -> str:
    """An iCalendar file of the dated `events`.

    `memo` keeps each event's VEVENT text (and each calendar's head) by everything it is made
    from, within a build and between builds (an event is on its own calendar, the site's and each
    speaker's: icalendar's serialisation is the cost). The text is icalendar's own: the file is
    the same as one built by adding the components.
    """
    memo = memo if memo is not None else Memo(None)
    body = []
    for e in sorted(events, key=lambda e: (e.record.event.date or "", e.slug)):
        if full_date(e.record.event.date):
            with _contained(problems, "calendar", e.record.id):  # this event alone is left out if it cannot be written
                body.append(memo.get(_vevent_key(e, site, site_url), partial(_vevent_text, e, site, site_url)))
    head = memo.get(("calendar-head", name), partial(_calendar_head, name))
    end = "END:VCALENDAR\r\n"
    assert head.endswith(end)
    return head[: -len(end)] + "".join(body) + end


def _vevent_key(e: EventEntity, site: Site, site_url: str) -> str:
    """Everything `_vevent` reads."""
    r = e.record
    names = "、".join(site.people[p].name for p in dict.fromkeys(e.speaker_slugs))
    return fingerprint(("vevent", e.slug, site_url, r.event.date, r.event.name, r.event.city, r.event.venue, r.summary, names))


def _vevent_text(e: EventEntity, site: Site, site_url: str) -> str:
    return _vevent(e, site, site_url).to_ical().decode("utf-8")


def _calendar_head(name: str) -> str:
    from icalendar import Calendar

    cal = Calendar()
    cal.add("prodid", "-//briefing-generator//zh")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", _one_line(name))
    return cal.to_ical().decode("utf-8")


# --- data -----------------------------------------------------------------------------------


def _csv(header: list[str], rows: list[list]) -> str:
    """CSV with a UTF-8 byte-order mark: spreadsheet programs otherwise read the Chinese as a legacy code page."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def csv_date(value: str | None) -> str:
    """A date cell that spreadsheets keep as text: `2024-05-23`, or `05-23（年份不明）` without a year.

    A bare `05-23` is turned into a date in the current year by Excel and LibreOffice; a full ISO
    date is a date in every program and stays one.
    """
    if not value:
        return ""
    return value if len(value) == 10 else f"{value}（年份不明）"


class EventItem(TypedDict):
    """An event in data/events.json (and a row of data/events.csv)."""

    id: str
    name: str
    date: str | None
    date_source: str | None
    city: str | None
    venue: str | None
    organizers: list[str]
    series: str | None
    url: str | None
    outlet: str | None
    speakers: list[str]
    technologies: list[str]
    industries: list[str]
    summary: str


class TechItem(TypedDict):
    """A technology in data/technologies.json (and a row of data/technologies.csv)."""

    id: str
    name: str
    category: str | None
    spellings: list[str]
    mentions: int
    events: list[str]


def dataset(site: Site) -> dict[str, str]:
    """The whole dataset as JSON and CSV files, keyed by path under data/."""
    events: list[EventItem] = []
    for e in site.events_by_date():
        r = e.record
        events.append(
            {
                "id": e.slug,
                "name": r.event.name,
                "date": r.event.date,
                "date_source": r.event.date_source,
                "city": r.event.city,
                "venue": r.event.venue,
                "organizers": r.event.organizers,
                "series": r.event.series,
                "url": r.source.url,
                "outlet": r.source.outlet,
                "speakers": list(dict.fromkeys(e.speaker_slugs)),
                "technologies": list(e.tech_slugs),
                "industries": list(e.industry_slugs),
                "summary": r.summary,
            }
        )
    speakers = []
    appearance_rows = []
    for p in sorted(site.people.values(), key=lambda p: p.slug):
        apps = sorted(p.appearances, key=lambda a: (_date_key(a.date), a.event_slug))
        speakers.append(
            {
                "id": p.slug,
                "name": p.name,
                "spellings": p.spellings,
                "appearances": [
                    {
                        "event": a.event_slug,
                        "date": a.date,
                        "name": a.name,
                        "role": a.role,
                        "orgs": a.orgs,
                        "titles": a.titles,
                        "segments": a.segments,
                        "quotes": a.quotes,
                    }
                    for a in apps
                ],
            }
        )
        for a in apps:
            appearance_rows.append(
                [
                    p.slug,
                    p.name,
                    a.event_slug,
                    a.event_name,
                    csv_date(a.date),
                    a.role,
                    "、".join(a.orgs),
                    "、".join(a.titles),
                    len(a.quotes),
                ]
            )
    techs: list[TechItem] = [
        {
            "id": t.slug,
            "name": t.name,
            "category": t.category,
            "spellings": sorted(t.spellings),
            "mentions": t.total,
            "events": [m.event_slug for m in sorted(t.mentions, key=lambda m: (_date_key(m.date), m.event_slug))],
        }
        for t in sorted(site.technologies.values(), key=lambda t: t.slug)
    ]
    orgs = [
        {"id": o.slug, "name": o.name, "spellings": sorted(o.spellings), "people": sorted(o.people), "events": sorted(o.events)}
        for o in sorted(site.orgs.values(), key=lambda o: o.slug)
    ]

    def dump(items: list) -> str:
        # One item a line: diffable, and written by json's C encoder (an indented dump is not).
        lines = (json.dumps(item, ensure_ascii=False, sort_keys=True, separators=(",", ":")) for item in items)
        return "[\n" + ",\n".join(lines) + "\n]\n"

    return {
        "data/events.json": dump(events),
        "data/speakers.json": dump(speakers),
        "data/technologies.json": dump(techs),
        "data/organizations.json": dump(orgs),
        "data/events.csv": _csv(
            [
                "id",
                "name",
                "date",
                "date_source",
                "city",
                "organizers",
                "speaker_names",
                "speakers",
                "technology_names",
                "technologies",
                "url",
            ],
            [
                [
                    e["id"],
                    e["name"],
                    csv_date(e["date"]),
                    e["date_source"] or "",
                    e["city"] or "",
                    "、".join(e["organizers"]),
                    "、".join(site.people[s].name for s in e["speakers"]),
                    " ".join(e["speakers"]),
                    "、".join(site.technologies[s].name for s in e["technologies"]),
                    " ".join(e["technologies"]),
                    e["url"] or "",
                ]
                for e in events
            ],
        ),
        "data/speakers.csv": _csv(
            ["speaker_id", "name", "event_id", "event_name", "date", "role", "orgs", "titles", "quotes"], appearance_rows
        ),
        "data/technologies.csv": _csv(
            ["id", "name", "category", "mentions", "events"],
            [[t["id"], t["name"], t["category"] or "", t["mentions"], len(t["events"])] for t in techs],
        ),
        "data/organizations.csv": _csv(
            ["id", "name", "people", "events"], [[o["id"], o["name"], len(o["people"]), len(o["events"])] for o in orgs]
        ),
    }


def publications(site: Site, site_url: str, problems: list[str] | None = None, memo: Memo | None = None) -> dict[str, str]:
    """Feeds, calendars and data files, keyed by their path in the site.

    A record that a writer cannot write is left out of that file and noted in `problems`. `memo`
    keeps feeds and calendar entries between builds, by everything they are made from."""
    memo = memo if memo is not None else Memo(None)
    files = dataset(site)
    events = list(site.events.values())
    files[paths.EVENTS_FEED] = atom_feed(site, site_url, events, "行业活动简报：最新活动", paths.EVENTS_FEED, problems)
    entries: dict[str, tuple | None] = {}
    for t in site.technologies.values():
        mentioned = [site.events[m.event_slug] for m in t.mentions]
        if has_dated(mentioned):
            path = paths.feed(paths.TECHNOLOGIES, t.slug)
            files[path] = _memo_feed(memo, site, site_url, mentioned, f"行业活动简报：{t.name}", path, problems)
    for p in site.people.values():
        own = person_events(site, p)
        if has_dated(own):
            path = paths.feed(paths.SPEAKERS, p.slug)
            files[path] = memo_atom(memo, site_url, path, f"行业活动简报：{p.name}", event_entries(site, site_url, own, entries))
        if any(full_date(e.record.event.date) for e in own):
            files[paths.speaker_calendar(p.slug)] = calendar(site, site_url, own, f"{p.name}的活动", None, memo)
    for o in site.orgs.values():
        own = org_events(site, o)
        if has_dated(own):
            path = paths.feed(paths.ORGANIZATIONS, o.slug)
            files[path] = memo_atom(memo, site_url, path, f"行业活动简报：{o.name}", event_entries(site, site_url, own, entries))
    files[paths.EVENTS_CALENDAR] = calendar(site, site_url, events, "行业活动简报", problems, memo)
    for e in events:
        if full_date(e.record.event.date):
            files[paths.event_calendar(e.slug)] = calendar(site, site_url, [e], e.record.event.name, None, memo)
    return files
