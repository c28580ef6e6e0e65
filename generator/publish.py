"""What other tools read: page metadata (OpenGraph, JSON-LD), Atom feeds, iCalendar files and the
dataset as JSON and CSV. Ids in every file are the slugs in the page URLs."""

from __future__ import annotations

import csv
import html
import io
import json
from datetime import UTC, date, datetime
from urllib.parse import urljoin, urlparse

from markupsafe import Markup

from .resolve import EventEntity, PersonEntity, Site, TechEntity, _date_key

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
    if meta.get("description"):
        meta = {**meta, "description": html.escape(" ".join(str(meta["description"]).split()), quote=True)}
    return Markup("---\n" + json.dumps(meta, ensure_ascii=True, sort_keys=True) + "\n---\n")


def json_for_script(data: object) -> str:
    """JSON safe inside <script>: no `</script>` or `<!--` can form."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


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
    url = page_url(site_url, f"events/{e.slug}/")
    data: dict = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": r.event.name,
        "url": url,
        "description": r.summary[:300],
        "performer": [
            {"@type": "Person", "name": site.people[p].name, "url": page_url(site_url, f"speakers/{p}/")}
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
        "ics": f"calendar/{e.slug}.ics" if full_date(r.event.date) else None,
    }


def person_meta(p: PersonEntity, site_url: str) -> dict:
    url = page_url(site_url, f"speakers/{p.slug}/")
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
    }


def tech_meta(t: TechEntity, site_url: str) -> dict:
    return {
        "search": {"boost": 2},
        "description": f"{t.name}：提及 {t.total} 次，{len(t.mentions)} 场活动",
        "og_type": "article",
        "og_url": page_url(site_url, f"technologies/{t.slug}/"),
        "feed": f"feeds/technologies/{t.slug}.xml",
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
    from feedgen.feed import FeedGenerator

    fg = FeedGenerator()
    fg.id(page_url(site_url, path))
    fg.title(_one_line(title))
    fg.link(href=page_url(site_url, path), rel="self")
    fg.link(href=site_url, rel="alternate")
    fg.language("zh")
    fg.generator("briefing-generator")
    dated = [(when, e) for e in events if (when := _when(e)) is not None]
    newest = [e for _w, e in sorted(dated, key=lambda we: (we[0], we[1].slug), reverse=True)[:FEED_SIZE]]
    fg.updated(_when(newest[0]) if newest else datetime(2000, 1, 1, tzinfo=UTC))
    for e in reversed(newest):  # feedgen prepends: add oldest first to keep newest first
        with _contained(problems, path, e.record.id):
            url = page_url(site_url, f"events/{e.slug}/")
            summary = e.record.summary
            names = "、".join(site.people[p].name for p in dict.fromkeys(e.speaker_slugs))
            entry = _atom_entry(url, _one_line(e.record.event.name), _when(e), f"{summary}\n嘉宾：{names}" if names else summary)
            fg.add_entry(entry)
    return fg.atom_str(pretty=True).decode("utf-8")


def _atom_entry(url: str, title: str, when: datetime | None, summary: str):  # noqa: ANN202 - feedgen's FeedEntry
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


# --- calendars ------------------------------------------------------------------------------


def _vevent(e: EventEntity, site: Site, site_url: str):  # noqa: ANN202 - icalendar's Event
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
    ev.add("url", page_url(site_url, f"events/{e.slug}/"))
    names = "、".join(site.people[p].name for p in dict.fromkeys(e.speaker_slugs))
    ev.add("description", e.record.summary + (f"\n嘉宾：{names}" if names else ""))
    return ev


def calendar(site: Site, site_url: str, events: list[EventEntity], name: str, problems: list[str] | None = None) -> str:
    from icalendar import Calendar

    cal = Calendar()
    cal.add("prodid", "-//briefing-generator//zh")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", _one_line(name))
    for e in sorted(events, key=lambda e: (e.record.event.date or "", e.slug)):
        if full_date(e.record.event.date):
            with _contained(problems, "calendar", e.record.id):
                event = _vevent(e, site, site_url)
                event.to_ical()  # fails here, for this event alone, if it cannot be written
                cal.add_component(event)
    return cal.to_ical().decode("utf-8")


# --- data -----------------------------------------------------------------------------------


def _csv(header: list[str], rows: list[list]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def dataset(site: Site) -> dict[str, str]:
    """The whole dataset as JSON and CSV files, keyed by path under data/."""
    events = []
    for e in site.events_by_date():
        r = e.record
        events.append(
            {
                "id": e.slug,
                "name": r.event.name,
                "date": r.event.date,
                "city": r.event.city,
                "venue": r.event.venue,
                "organizers": r.event.organizers,
                "series": r.event.series,
                "url": r.source.url,
                "outlet": r.source.outlet,
                "speakers": list(dict.fromkeys(e.speaker_slugs)),
                "technologies": e.tech_slugs,
                "industries": e.industry_slugs,
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
                [p.slug, p.name, a.event_slug, a.date or "", a.role, "、".join(a.orgs), "、".join(a.titles), len(a.quotes)]
            )
    techs = [
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
            ["id", "name", "date", "city", "organizers", "speakers", "technologies", "url"],
            [
                [
                    e["id"],
                    e["name"],
                    e["date"] or "",
                    e["city"] or "",
                    "、".join(e["organizers"]),
                    " ".join(e["speakers"]),
                    " ".join(e["technologies"]),
                    e["url"] or "",
                ]
                for e in events
            ],
        ),
        "data/speakers.csv": _csv(
            ["speaker_id", "name", "event_id", "date", "role", "orgs", "titles", "quotes"], appearance_rows
        ),
        "data/technologies.csv": _csv(
            ["id", "name", "category", "mentions", "events"],
            [[t["id"], t["name"], t["category"] or "", t["mentions"], len(t["events"])] for t in techs],
        ),
        "data/organizations.csv": _csv(
            ["id", "name", "people", "events"], [[o["id"], o["name"], len(o["people"]), len(o["events"])] for o in orgs]
        ),
    }


def publications(site: Site, site_url: str, problems: list[str] | None = None) -> dict[str, str]:
    """Feeds, calendars and data files, keyed by their path in the site.

    A record that a writer cannot write is left out of that file and noted in `problems`."""
    files = dataset(site)
    events = list(site.events.values())
    files["feeds/events.xml"] = atom_feed(site, site_url, events, "行业活动简报：最新活动", "feeds/events.xml", problems)
    for t in site.technologies.values():
        mentioned = [site.events[m.event_slug] for m in t.mentions]
        path = f"feeds/technologies/{t.slug}.xml"
        files[path] = atom_feed(site, site_url, mentioned, f"行业活动简报：{t.name}", path, problems)
    files["calendar/events.ics"] = calendar(site, site_url, events, "行业活动简报", problems)
    for e in events:
        if full_date(e.record.event.date):
            files[f"calendar/{e.slug}.ics"] = calendar(site, site_url, [e], e.record.event.name, None)
    return files
