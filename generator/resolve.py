"""Resolving entities across records: one person, organisation, technology, industry per page.

People: the same name (Simplified and Traditional spellings are one name) is one person unless
the organisations say otherwise: appearances whose organisations share nothing are kept apart;
appearances that name no organisation join the person seen most often. Organisations: spellings
that differ only by script, punctuation or a generic suffix (祖母镜 / 祖母镜科技) are one.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from .cache import Memo, Store, code_key
from .chinese import to_simplified
from .industries import canonical, load_table
from .keys import person_key
from .orgnames import is_fragment, tidy_record
from .records import Record, Speaker
from .safety import identity_key
from .slugs import MAX_SLUG, slugify
from .urls import Registry, assign, carry_redirects

ORG_GENERIC_SUFFIXES = (
    "股份有限公司",
    "有限责任公司",
    "有限公司",
    "集团有限公司",
    "集团",
    "公司",
    "科技",
    "技术",
    "股份",
    "(中国)",
    "（中国）",
)


@dataclass(frozen=True)
class Appearance:
    """One person in one report: tuples of its own, never the record's lists (records stay as read)."""

    record_id: str
    event_slug: str
    event_name: str
    date: str | None
    name: str  # as written in this article
    role: str
    segments: tuple[str, ...]  # segment kinds (and titles) this person sat in
    orgs: tuple[str, ...]
    titles: tuple[str, ...]
    quotes: tuple[str, ...]
    statements: tuple[str, ...]


@dataclass
class PersonEntity:
    key: str
    slug: str = ""
    name: str = ""
    spellings: list[str] = field(default_factory=list)
    appearances: list[Appearance] = field(default_factory=list)
    org_keys: list[str] = field(default_factory=list)
    technologies: Counter[str] = field(default_factory=Counter)  # tech slug -> mentions
    costars: Counter[str] = field(default_factory=Counter)  # person slug -> shared events


@dataclass
class OrgEntity:
    key: str
    slug: str = ""
    name: str = ""
    spellings: Counter[str] = field(default_factory=Counter)
    people: dict[str, set[str]] = field(default_factory=dict)  # person slug -> events with this org
    events: set[str] = field(default_factory=set)
    technologies: Counter[str] = field(default_factory=Counter)


@dataclass
class Mention:
    event_slug: str
    date: str | None
    count: int
    sentences: tuple[str, ...]  # its own tuple, never the record's list (records stay as read)
    speakers: list[str]  # person slugs whose words mention it


@dataclass
class TechEntity:
    key: str
    slug: str = ""
    name: str = ""
    category: str | None = None
    spellings: Counter[str] = field(default_factory=Counter)
    mentions: list[Mention] = field(default_factory=list)
    related: Counter[str] = field(default_factory=Counter)

    @property
    def total(self) -> int:
        return sum(m.count for m in self.mentions) or len(self.mentions)


@dataclass
class IndustryEntity:
    key: str
    slug: str = ""
    name: str = ""
    events: set[str] = field(default_factory=set)
    technologies: Counter[str] = field(default_factory=Counter)
    people: dict[str, set[str]] = field(default_factory=dict)  # person slug -> events in this industry


@dataclass
class EventEntity:
    slug: str
    record: Record
    speaker_slugs: list[str]  # parallel to record.speakers
    tech_slugs: list[str]  # parallel to record.technologies
    industry_slugs: list[str]  # parallel to record.industries
    org_slugs: dict[str, str]  # organisation as written -> slug


@dataclass
class Site:
    events: dict[str, EventEntity]
    people: dict[str, PersonEntity]
    orgs: dict[str, OrgEntity]
    technologies: dict[str, TechEntity]
    industries: dict[str, IndustryEntity]

    def events_by_date(self) -> list[EventEntity]:
        return sorted(self.events.values(), key=lambda e: (_date_key(e.record.event.date), e.slug), reverse=True)


def _date_key(d: str | None) -> str:
    if not d:
        return "0000-00-00"
    return d if len(d) == 10 else "0000-" + d


@lru_cache(maxsize=200_000)
def org_key(name: str) -> str:
    """Normalised organisation: Simplified, no punctuation, generic suffixes removed."""
    key = re.sub(r"[《》“”\"'「」\s·、,，.。()（）]", "", to_simplified(identity_key(name))).lower()
    changed = True
    while changed:
        changed = False
        for suffix in ORG_GENERIC_SUFFIXES:
            if key.endswith(suffix) and len(key) > len(suffix) + 1:
                key = key[: -len(suffix)]
                changed = True
    return key


def display_name(spellings: Counter[str]) -> str:
    """The spelling to show: a Simplified one when the reports have it (the site is in
    Simplified Chinese), then the most frequent, then the longest (祖母镜科技 over 祖母镜)."""
    return max(spellings, key=lambda s: (to_simplified(s) == s, spellings[s], len(s), s))


def _orgs_compatible(a: set[str], b: set[str]) -> bool:
    """Two sets of organisation keys that can belong to one person (百度云智能… / 百度云智能…)."""
    if not a or not b or a & b:
        return True
    return any(_same_org(x, y) for x in a for y in b)


def _same_org(x: str, y: str) -> bool:
    if x in y or y in x:
        return True
    common = 0
    for cx, cy in zip(x, y, strict=False):
        if cx != cy:
            break
        common += 1
    return common >= 4 or common >= 0.6 * min(len(x), len(y))


def resolve(
    records: list[Record],
    merges: dict[str, str] | None = None,
    splits: dict[tuple[str, str], str] | None = None,
    registry: Registry | None = None,
    tech_renames: dict[str, str] | None = None,
    industry_table: dict[str, str] | None = None,
    mentions: MentionCounts | None = None,
) -> tuple[Site, Registry]:
    """Build the site model and the URL registry for it.

    `merges` maps a person key to the key it is merged into; `splits` maps (record id, person key)
    to a tag that makes those appearances a person of their own (editors' corrections). `registry`
    holds the slugs published before, which entities keep. `industry_table` maps industry names
    to the one they mean (`industries.load_table`; the shipped table when None). `mentions` keeps
    each speaker's technology counts between builds (`mention_cache`); None: all are counted.
    """
    table = industry_table if industry_table is not None else load_table()
    old = registry or Registry()
    new = Registry()
    records = sorted(map(tidy_record, records), key=lambda r: (_date_key(r.event.date), r.id))
    event_slugs = assign("events", {r.id: _event_slug(r) for r in records}, old, new)
    people = _people(records, event_slugs, merges or {}, splits or {})
    person_slugs = assign(
        "speakers",
        {p.key: p.slug for p in people.values()},
        old,
        new,
        family=lambda k: k.split("|")[0],
        successors=merges or {},
    )
    for p in people.values():
        p.slug = person_slugs[p.key]
    orgs = _orgs(records, people)
    org_slugs = assign("organizations", {k: o.slug for k, o in orgs.items()}, old, new)
    for k, o in orgs.items():
        o.slug = org_slugs[k]
    techs = _technologies(records, event_slugs)
    renames = {_tech_key(a): _tech_key(b) for a, b in (tech_renames or {}).items()}
    tech_slugs = assign("technologies", {k: t.slug for k, t in techs.items()}, old, new, successors=renames)
    for k, t in techs.items():
        t.slug = tech_slugs[k]
    industries = _industries(records, event_slugs, table)
    industry_slugs = assign("industries", {k: i.slug for k, i in industries.items()}, old, new)
    for k, i in industries.items():
        i.slug = industry_slugs[k]
    carry_redirects(old, new)
    events: dict[str, EventEntity] = {}
    person_of = {(a.record_id, a.name): p.slug for p in people.values() for a in p.appearances}
    for r in records:
        slug = event_slugs[r.id]
        speaker_slugs = [person_of[(r.id, s.name)] for s in r.speakers]
        tech_slugs = [techs[_tech_key(t.canonical)].slug for t in r.technologies]
        industry_slugs = [industries[canonical(i, table)].slug for i in r.industries]
        org_slugs = {o: orgs[org_key(o)].slug for s in r.speakers for o in s.orgs if org_key(o) in orgs}
        for o in r.event.organizers:
            if org_key(o) in orgs:
                org_slugs[o] = orgs[org_key(o)].slug
        events[slug] = EventEntity(slug, r, speaker_slugs, tech_slugs, industry_slugs, org_slugs)
    _link(events, people, orgs, techs, industries, mentions or MentionCounts())
    return Site(events, _by_slug(people), _by_slug(orgs), _by_slug(techs), _by_slug(industries)), new


@lru_cache(maxsize=100_000)
def _tech_forms(forms: tuple[str, ...]) -> frozenset[str]:
    """Every written form of a technology, Simplified and lower-case, to count in quotes."""
    return frozenset(to_simplified(f).lower() for f in forms if f)


def _by_slug(entities: dict) -> dict:
    return {e.slug: e for e in sorted(entities.values(), key=lambda e: e.slug)}


def _event_slug(r: Record) -> str:
    name = slugify(r.event.name, fallback="event")
    date = r.event.date or ""
    slug = f"{date}-{name}" if date else name
    if len(slug) > MAX_SLUG:  # cut between syllables, as slugify does (not …-zhuan-c)
        slug = slug[: slug.rfind("-", 0, MAX_SLUG + 1)]
    return slug


def _people(
    records: list[Record], event_slugs: dict[str, str], merges: dict[str, str], splits: dict[tuple[str, str], str]
) -> dict[str, PersonEntity]:
    clusters: dict[tuple[str, str], list[PersonEntity]] = {}
    for r in records:
        kinds = [f"{seg.kind}" + (f"：{seg.title}" if seg.title else "") for seg in r.segments]
        for s in r.speakers:
            key = person_key(s.name)
            merged = key in merges or key in merges.values()
            key = merges.get(key, key)
            appearance = Appearance(
                r.id,
                event_slugs[r.id],
                r.event.name,
                r.event.date,
                s.name,
                s.role,
                tuple(kinds[i] for i in s.segment if 0 <= i < len(kinds)),
                tuple(s.orgs),
                tuple(s.titles),
                tuple(s.quotes),
                tuple(s.statements),
            )
            own = list(dict.fromkeys(org_key(o) for o in s.orgs))  # ordered: the first organisation keys the URL
            group = clusters.setdefault((key, splits.get((r.id, key), "")), [])
            target = next((p for p in group if merged or (own and _orgs_compatible(set(own), set(p.org_keys)))), None)
            if target is None and not own and group:
                target = max(group, key=lambda p: len(p.appearances))
            if target is None:
                target = PersonEntity(key)
                group.append(target)
            target.appearances.append(appearance)
            target.org_keys += [k for k in own if k not in target.org_keys]
    entities: dict[str, PersonEntity] = {}
    per_name = Counter(key for key, _tag in clusters for _ in clusters[(key, _tag)])
    # Stable key: the name and the first organisation seen (a namesake never takes over the URL).
    for (key, tag), group in sorted(clusters.items()):
        for n, person in enumerate(group):
            spellings = Counter(a.name for a in person.appearances)
            person.spellings = sorted(spellings)
            person.name = display_name(spellings)
            base = slugify(key, fallback="person", person=True)
            if per_name[key] > 1:  # namesakes: the organisation tells them apart in the URL
                org = person.org_keys[0] if person.org_keys else f"{n + 1}"
                base = f"{base}-{slugify(org, fallback=str(n + 1))[:24].strip('-')}"
            stable = f"{key}|{person.org_keys[0] if person.org_keys else ''}" + (f"|{tag}" if tag else "")
            unique = next(k for k in (stable + "+" * n for n in range(len(entities) + 1)) if k not in entities)
            person.key, person.slug = unique, base  # the final key, computed before it is set
            entities[unique] = person
    return entities


def _orgs(records: list[Record], people: dict[str, PersonEntity]) -> dict[str, OrgEntity]:
    orgs: dict[str, OrgEntity] = {}
    for r in records:
        for name in [o for s in r.speakers for o in s.orgs] + list(r.event.organizers):
            key = org_key(name)
            if len(key) < 2 or is_fragment(name):  # 省委, 武汉, 汽车行业: no organisation of their own
                continue
            orgs.setdefault(key, OrgEntity(key)).spellings[name] += 1
    # A key that extends another by a generic tail is the same organisation (祖母镜 / 祖母镜科技).
    for key in sorted(orgs, key=lambda k: (len(k), k)):
        for shorter in sorted((k for k in orgs if k != key and key.startswith(k) and len(k) >= 2), key=lambda k: (len(k), k)):
            if key[len(shorter) :] in {"ai", "集团", "科技", "文化", "传媒", "股份", "员会"}:  # …委 / …委员会
                orgs[shorter].spellings.update(orgs.pop(key).spellings)
                break
    for key, org in orgs.items():
        org.slug = slugify(key, fallback="org")
        org.name = display_name(org.spellings)
    longest_first = _longest_first(orgs)
    alias: dict[str, str] = {}  # each key looked up once
    for p in people.values():
        p.org_keys = [alias[k] if k in alias else alias.setdefault(k, _org_alias(k, orgs, longest_first)) for k in p.org_keys]
    return orgs


def _longest_first(orgs: dict[str, OrgEntity]) -> list[str]:
    return sorted(orgs, key=lambda k: (len(k), k), reverse=True)


def _org_alias(key: str, orgs: dict[str, OrgEntity], longest_first: list[str]) -> str:
    """The organisation a merged-away key now belongs to (祖母镜科技 -> 祖母镜)."""
    if key in orgs:
        return key
    for k in longest_first:
        if key.startswith(k):
            return k
    return key


@lru_cache(maxsize=100_000)
def _tech_key(canonical: str) -> str:
    return to_simplified(identity_key(canonical)).lower()


def _technologies(records: list[Record], event_slugs: dict[str, str]) -> dict[str, TechEntity]:
    techs: dict[str, TechEntity] = {}
    for r in records:
        for t in r.technologies:
            key = _tech_key(t.canonical)
            entity = techs.get(key)
            if entity is None:  # made once per technology, not once per mention
                entity = techs[key] = TechEntity(key, name=t.canonical, category=t.category)
            entity.spellings[t.name] += 1
            for alias in t.aliases:
                entity.spellings[alias] += 1
            entity.mentions.append(Mention(event_slugs[r.id], r.event.date, t.mentions, tuple(t.sentences), []))
    for t in techs.values():
        t.slug = slugify(t.name, fallback="tech")
    return {k: techs[k] for k in sorted(techs)}


def _industries(records: list[Record], event_slugs: dict[str, str], table: dict[str, str]) -> dict[str, IndustryEntity]:
    industries: dict[str, IndustryEntity] = {}
    for r in records:
        for name in r.industries:
            key = canonical(name, table)
            industries.setdefault(key, IndustryEntity(key, name=key)).events.add(event_slugs[r.id])
    for key, i in industries.items():
        i.slug = slugify(key, fallback="industry")
    return industries


def mention_counts(texts: tuple[str, ...], tech_forms: tuple[frozenset[str], ...]) -> tuple[int, ...]:
    """How often one speaker's quotes and statements name each technology of the report (its forms
    in Simplified, lower case): a function of the words alone, so kept between builds (MentionCounts)."""
    simplified = to_simplified(" ".join(texts)).lower() if texts else ""
    return tuple(sum(map(simplified.count, forms)) if simplified else 0 for forms in tech_forms)


class MentionCounts:
    """`mention_counts` by its inputs, kept between builds in a `cache.Store`, so that only an
    added or changed report's speakers are converted (OpenCC) and counted again. The key is a
    digest of the inputs themselves (the texts and the forms); the store is valid for this
    module's code key (`mention_cache`). Without a store it computes everything."""

    def __init__(self, store: Store | None = None) -> None:
        self.memo = Memo(store)  # the project's one mechanism for values kept by their key

    @property
    def store(self) -> Store | None:
        return self.memo.store

    def get(self, speaker: Speaker, tech_forms: tuple[frozenset[str], ...]) -> tuple[int, ...]:
        if not tech_forms:
            return ()
        texts = (*speaker.quotes, *speaker.statements)
        if self.memo.store is None:
            return mention_counts(texts, tech_forms)
        key = hashlib.blake2b(repr((texts, [sorted(f) for f in tech_forms])).encode(), digest_size=16).hexdigest()
        counts: tuple[int, ...] = self.memo.get(key, lambda: mention_counts(texts, tech_forms))
        return counts

    def save(self) -> None:
        """Keep the counts this build used (the others belong to reports that are gone)."""
        self.memo.save()


def mention_cache(cache_dir: Path) -> MentionCounts:
    """The counts of the last build (.cache/mentions.pickle), valid for this module's code key."""
    return MentionCounts(Store(cache_dir / "mentions.pickle", code_key(Path(__file__))))


def _link(
    events: dict[str, EventEntity],
    people: dict[str, PersonEntity],
    orgs: dict[str, OrgEntity],
    techs: dict[str, TechEntity],
    industries: dict[str, IndustryEntity],
    counts: MentionCounts,
) -> None:
    """Cross references: who said what about which technology, who shared a stage, orgs' people."""
    by_slug = {p.slug: p for p in people.values()}
    tech_by_slug = {t.slug: t for t in techs.values()}
    industry_by_slug = {i.slug: i for i in industries.values()}
    mention_of = {(t.slug, m.event_slug): m for t in techs.values() for m in t.mentions}
    longest_first = _longest_first(orgs)
    alias: dict[str, str] = {}
    for event in events.values():
        r = event.record
        tech_forms = tuple(_tech_forms((tech.name, tech.canonical, *tech.aliases)) for tech in r.technologies)
        for person_slug, speaker in zip(event.speaker_slugs, r.speakers, strict=True):
            person = by_slug[person_slug]
            for tech_slug, n in zip(event.tech_slugs, counts.get(speaker, tech_forms), strict=True):
                if n:
                    person.technologies[tech_slug] += n
                    mention = mention_of[(tech_slug, event.slug)]
                    if person_slug not in mention.speakers:
                        mention.speakers.append(person_slug)
            person.costars.update(other for other in event.speaker_slugs if other != person_slug)
            for org in speaker.orgs:
                key = org_key(org)
                entity = orgs.get(key)
                if entity is None:
                    if key not in alias:
                        alias[key] = _org_alias(key, orgs, longest_first)
                    entity = orgs.get(alias[key])
                if entity:
                    entity.people.setdefault(person_slug, set()).add(event.slug)
                    entity.events.add(event.slug)
                    entity.technologies.update(event.tech_slugs)
        for org in r.event.organizers:
            entity = orgs.get(org_key(org))
            if entity:
                entity.events.add(event.slug)
        for i_slug in event.industry_slugs:
            industry_by_slug[i_slug].technologies.update(event.tech_slugs)
            for person_slug in event.speaker_slugs:
                industry_by_slug[i_slug].people.setdefault(person_slug, set()).add(event.slug)
        for a in event.tech_slugs:
            for b in event.tech_slugs:
                if a != b:
                    tech_by_slug[a].related[b] += 1
