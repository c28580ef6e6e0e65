"""Resolving entities across records: one person, organisation, technology, industry per page.

People: the same name (Simplified and Traditional spellings are one name) is one person unless
the organisations say otherwise: appearances whose organisations share nothing are kept apart;
appearances that name no organisation join the person seen most often. Organisations: spellings
that differ only by script, punctuation or a generic suffix (祖母镜 / 祖母镜科技) are one.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter, defaultdict
from collections.abc import ItemsView, Iterable, Iterator, KeysView, Mapping, ValuesView
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

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

_K = TypeVar("_K")
_V = TypeVar("_V")


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


class Table(Mapping[_K, _V]):
    """A read-only mapping (an entity's counts, a site's entities by slug): built once from its
    items, then never changed; it pickles as its items, in their order."""

    __slots__ = ("_items",)
    _items: dict[_K, _V]

    def __init__(self, items: Iterable[tuple[_K, _V]] = ()) -> None:
        object.__setattr__(self, "_items", dict(items))

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"a Table is read-only ({name})")

    def __getitem__(self, key: _K) -> _V:
        return self._items[key]

    def __contains__(self, key: object) -> bool:
        return key in self._items

    def __iter__(self) -> Iterator[_K]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def get(self, key: _K, default: Any = None) -> Any:
        return self._items.get(key, default)

    def keys(self) -> KeysView[_K]:
        return self._items.keys()

    def values(self) -> ValuesView[_V]:
        return self._items.values()

    def items(self) -> ItemsView[_K, _V]:
        return self._items.items()

    def __eq__(self, other: object) -> bool:
        return self._items == (other._items if isinstance(other, Table) else other)

    def __hash__(self) -> int:
        return hash(tuple(self._items.items()))

    def __repr__(self) -> str:
        return f"Table({list(self._items.items())!r})"

    def __reduce__(self) -> tuple:
        return (Table, (tuple(self._items.items()),))


def _counts(counter: Counter[str]) -> Table[str, int]:
    """A counter as a Table, in key order (the same bytes whatever order the counts came in)."""
    return Table(sorted(counter.items()))


@dataclass(frozen=True)
class PersonEntity:
    key: str
    slug: str
    name: str
    spellings: tuple[str, ...]
    appearances: tuple[Appearance, ...]
    org_keys: tuple[str, ...]
    technologies: Table[str, int]  # tech slug -> mentions
    costars: Table[str, int]  # person slug -> shared events


@dataclass(frozen=True)
class OrgEntity:
    key: str
    slug: str
    name: str
    spellings: tuple[str, ...]
    people: Table[str, tuple[str, ...]]  # person slug -> events with this org
    events: tuple[str, ...]
    technologies: Table[str, int]


@dataclass(frozen=True)
class Mention:
    event_slug: str
    date: str | None
    count: int
    sentences: tuple[str, ...]  # its own tuple, never the record's list (records stay as read)
    speakers: tuple[str, ...]  # person slugs whose words mention it


@dataclass(frozen=True)
class TechEntity:
    key: str
    slug: str
    name: str
    category: str | None
    spellings: tuple[str, ...]
    mentions: tuple[Mention, ...]
    related: Table[str, int]

    @property
    def total(self) -> int:
        return sum(m.count for m in self.mentions) or len(self.mentions)


@dataclass(frozen=True)
class IndustryEntity:
    key: str
    slug: str
    name: str
    events: tuple[str, ...]
    technologies: Table[str, int]
    people: Table[str, tuple[str, ...]]  # person slug -> events in this industry


@dataclass(frozen=True)
class EventEntity:
    slug: str
    record: Record
    speaker_slugs: tuple[str, ...]  # parallel to record.speakers
    tech_slugs: tuple[str, ...]  # parallel to record.technologies
    industry_slugs: tuple[str, ...]  # parallel to record.industries
    org_slugs: Table[str, str]  # organisation as written -> slug


@dataclass(frozen=True)
class Site:
    events: Table[str, EventEntity]
    people: Table[str, PersonEntity]
    orgs: Table[str, OrgEntity]
    technologies: Table[str, TechEntity]
    industries: Table[str, IndustryEntity]
    newest_first: tuple[EventEntity, ...]  # the events by date, sorted once (render asks for them often)

    def events_by_date(self) -> list[EventEntity]:
        return list(self.newest_first)


def by_date(events: Iterable[EventEntity]) -> tuple[EventEntity, ...]:
    return tuple(sorted(events, key=lambda e: (_date_key(e.record.event.date), e.slug), reverse=True))


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

    Every entity is built once, frozen, from what was collected about it (drafts first: who
    appears where, then slugs, then the cross references; no entity is changed after it is made).
    """
    table = industry_table if industry_table is not None else load_table()
    old = registry or Registry()
    new = Registry()
    records = sorted(map(tidy_record, records), key=lambda r: (_date_key(r.event.date), r.id))
    event_slugs = assign("events", {r.id: _event_slug(r) for r in records}, old, new)
    people = _people(records, event_slugs, merges or {}, splits or {})
    person_slugs = assign(
        "speakers",
        {k: p.base for k, p in people.items()},
        old,
        new,
        family=lambda k: k.split("|")[0],
        successors=merges or {},
    )
    orgs = _orgs(records)
    org_slugs = assign("organizations", {k: o.base for k, o in orgs.items()}, old, new)
    techs = _technologies(records, event_slugs)
    renames = {_tech_key(a): _tech_key(b) for a, b in (tech_renames or {}).items()}
    tech_slugs = assign("technologies", {k: t.base for k, t in techs.items()}, old, new, successors=renames)
    industries = _industries(records, event_slugs, table)
    industry_slugs = assign("industries", {k: i.base for k, i in industries.items()}, old, new)
    carry_redirects(old, new)
    resolver = _OrgResolver(orgs)
    events: dict[str, EventEntity] = {}
    person_of = {(a.record_id, a.name): person_slugs[k] for k, p in people.items() for a in p.appearances}
    for r in records:
        slug = event_slugs[r.id]
        slugs_of_orgs = {o: org_slugs[org_key(o)] for s in r.speakers for o in s.orgs if org_key(o) in orgs}
        for o in r.event.organizers:
            if org_key(o) in orgs:
                slugs_of_orgs[o] = org_slugs[org_key(o)]
        events[slug] = EventEntity(
            slug,
            r,
            tuple(person_of[(r.id, s.name)] for s in r.speakers),
            tuple(tech_slugs[_tech_key(t.canonical)] for t in r.technologies),
            tuple(industry_slugs[canonical(i, table)] for i in r.industries),
            Table(slugs_of_orgs.items()),
        )
    links = _link(events, orgs, resolver, mentions or MentionCounts())
    person_entities = [
        PersonEntity(
            key,
            person_slugs[key],
            p.name,
            p.spellings,
            tuple(p.appearances),
            tuple(resolver.alias(k) for k in p.org_keys),
            _counts(links.person_techs[person_slugs[key]]),
            _counts(links.costars[person_slugs[key]]),
        )
        for key, p in people.items()
    ]
    org_entities = [
        OrgEntity(
            key,
            org_slugs[key],
            o.name,
            o.spellings,
            Table(sorted((s, tuple(sorted(ev))) for s, ev in links.org_people[key].items())),
            tuple(sorted(links.org_events[key])),
            _counts(links.org_techs[key]),
        )
        for key, o in orgs.items()
    ]
    tech_entities = []
    for key, t in techs.items():
        slug = tech_slugs[key]
        last = {m.event_slug: n for n, m in enumerate(t.mentions)}  # a report's last mention holds its speakers
        mentions_of = tuple(
            Mention(
                m.event_slug,
                m.date,
                m.count,
                m.sentences,
                tuple(links.speakers_of[(slug, m.event_slug)]) if last[m.event_slug] == n else (),
            )
            for n, m in enumerate(t.mentions)
        )
        tech_entities.append(
            TechEntity(key, slug, t.name, t.category, tuple(sorted(t.spellings)), mentions_of, _counts(links.related[slug]))
        )
    industry_entities = []
    for key, i in industries.items():
        slug = industry_slugs[key]
        industry_entities.append(
            IndustryEntity(
                key,
                slug,
                i.name,
                tuple(sorted(i.events)),
                _counts(links.industry_techs[slug]),
                Table(sorted((s, tuple(sorted(ev))) for s, ev in links.industry_people[slug].items())),
            )
        )
    site = Site(
        Table(events.items()),
        _by_slug(person_entities),
        _by_slug(org_entities),
        _by_slug(tech_entities),
        _by_slug(industry_entities),
        by_date(events.values()),
    )
    return site, new


@lru_cache(maxsize=100_000)
def _tech_forms(forms: tuple[str, ...]) -> frozenset[str]:
    """Every written form of a technology, Simplified and lower-case, to count in quotes."""
    return frozenset(to_simplified(f).lower() for f in forms if f)


def _by_slug(entities: Iterable[Any]) -> Table[str, Any]:
    return Table((e.slug, e) for e in sorted(entities, key=lambda e: e.slug))


def _event_slug(r: Record) -> str:
    name = slugify(r.event.name, fallback="event")
    date = r.event.date or ""
    slug = f"{date}-{name}" if date else name
    if len(slug) > MAX_SLUG:  # cut between syllables, as slugify does (not …-zhuan-c)
        slug = slug[: slug.rfind("-", 0, MAX_SLUG + 1)]
    return slug


@dataclass
class _Cluster:
    """Appearances gathered for one person while records are read (resolve's own draft)."""

    appearances: list[Appearance] = field(default_factory=list)
    org_keys: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class _PersonDraft:
    """A person before slugs are assigned: the slug wanted (`base`) and what the page shows."""

    base: str
    name: str
    spellings: tuple[str, ...]
    appearances: tuple[Appearance, ...]
    org_keys: tuple[str, ...]


def _people(
    records: list[Record], event_slugs: dict[str, str], merges: dict[str, str], splits: dict[tuple[str, str], str]
) -> dict[str, _PersonDraft]:
    clusters: dict[tuple[str, str], list[_Cluster]] = {}
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
                target = _Cluster()
                group.append(target)
            target.appearances.append(appearance)
            target.org_keys += [k for k in own if k not in target.org_keys]
    drafts: dict[str, _PersonDraft] = {}
    per_name = Counter(key for key, _tag in clusters for _ in clusters[(key, _tag)])
    # Stable key: the name and the first organisation seen (a namesake never takes over the URL).
    for (key, tag), group in sorted(clusters.items()):
        for n, person in enumerate(group):
            spellings = Counter(a.name for a in person.appearances)
            base = slugify(key, fallback="person", person=True)
            if per_name[key] > 1:  # namesakes: the organisation tells them apart in the URL
                org = person.org_keys[0] if person.org_keys else f"{n + 1}"
                base = f"{base}-{slugify(org, fallback=str(n + 1))[:24].strip('-')}"
            stable = f"{key}|{person.org_keys[0] if person.org_keys else ''}" + (f"|{tag}" if tag else "")
            unique = next(k for k in (stable + "+" * n for n in range(len(drafts) + 1)) if k not in drafts)
            drafts[unique] = _PersonDraft(
                base,
                display_name(spellings),
                tuple(sorted(spellings)),
                tuple(person.appearances),
                tuple(person.org_keys),
            )
    return drafts


@dataclass(frozen=True)
class _OrgDraft:
    base: str
    name: str
    spellings: tuple[str, ...]


def _orgs(records: list[Record]) -> dict[str, _OrgDraft]:
    spellings: dict[str, Counter[str]] = {}
    for r in records:
        for name in [o for s in r.speakers for o in s.orgs] + list(r.event.organizers):
            key = org_key(name)
            if len(key) < 2 or is_fragment(name):  # 省委, 武汉, 汽车行业: no organisation of their own
                continue
            spellings.setdefault(key, Counter())[name] += 1
    # A key that extends another by a generic tail is the same organisation (祖母镜 / 祖母镜科技).
    for key in sorted(spellings, key=lambda k: (len(k), k)):
        for shorter in sorted(
            (k for k in spellings if k != key and key.startswith(k) and len(k) >= 2), key=lambda k: (len(k), k)
        ):
            if key[len(shorter) :] in {"ai", "集团", "科技", "文化", "传媒", "股份", "员会"}:  # …委 / …委员会
                spellings[shorter].update(spellings.pop(key))
                break
    return {
        key: _OrgDraft(slugify(key, fallback="org"), display_name(counts), tuple(sorted(counts)))
        for key, counts in spellings.items()
    }


class _OrgResolver:
    """The organisation a key belongs to: itself, or the one it was merged into (祖母镜科技 -> 祖母镜)."""

    def __init__(self, orgs: Mapping[str, object]) -> None:
        self.orgs = orgs
        self.longest_first = sorted(orgs, key=lambda k: (len(k), k), reverse=True)
        self.known: dict[str, str] = {}  # each key looked up once

    def alias(self, key: str) -> str:
        if key in self.orgs:
            return key
        if key not in self.known:
            self.known[key] = next((k for k in self.longest_first if key.startswith(k)), key)
        return self.known[key]


@lru_cache(maxsize=100_000)
def _tech_key(canonical: str) -> str:
    return to_simplified(identity_key(canonical)).lower()


@dataclass(frozen=True)
class _MentionDraft:
    event_slug: str
    date: str | None
    count: int
    sentences: tuple[str, ...]


@dataclass
class _TechDraft:
    name: str
    category: str | None
    spellings: Counter[str] = field(default_factory=Counter)
    mentions: list[_MentionDraft] = field(default_factory=list)

    @property
    def base(self) -> str:
        return slugify(self.name, fallback="tech")


def _technologies(records: list[Record], event_slugs: dict[str, str]) -> dict[str, _TechDraft]:
    techs: dict[str, _TechDraft] = {}
    for r in records:
        for t in r.technologies:
            key = _tech_key(t.canonical)
            draft = techs.get(key)
            if draft is None:  # made once per technology, not once per mention
                draft = techs[key] = _TechDraft(t.canonical, t.category)
            draft.spellings[t.name] += 1
            for alias in t.aliases:
                draft.spellings[alias] += 1
            draft.mentions.append(_MentionDraft(event_slugs[r.id], r.event.date, t.mentions, tuple(t.sentences)))
    return {k: techs[k] for k in sorted(techs)}


@dataclass
class _IndustryDraft:
    name: str
    events: set[str] = field(default_factory=set)

    @property
    def base(self) -> str:
        return slugify(self.name, fallback="industry")


def _industries(records: list[Record], event_slugs: dict[str, str], table: dict[str, str]) -> dict[str, _IndustryDraft]:
    industries: dict[str, _IndustryDraft] = {}
    for r in records:
        for name in r.industries:
            key = canonical(name, table)
            industries.setdefault(key, _IndustryDraft(key)).events.add(event_slugs[r.id])
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


@dataclass
class _Links:
    """The cross references, collected before any entity is made (keys: slugs, org keys)."""

    person_techs: defaultdict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    costars: defaultdict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    speakers_of: defaultdict[tuple[str, str], list[str]] = field(default_factory=lambda: defaultdict(list))
    org_people: defaultdict[str, dict[str, set[str]]] = field(default_factory=lambda: defaultdict(dict))
    org_events: defaultdict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    org_techs: defaultdict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    industry_techs: defaultdict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    industry_people: defaultdict[str, dict[str, set[str]]] = field(default_factory=lambda: defaultdict(dict))
    related: defaultdict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))


def _link(events: dict[str, EventEntity], orgs: Mapping[str, object], resolver: _OrgResolver, counts: MentionCounts) -> _Links:
    """Cross references: who said what about which technology, who shared a stage, orgs' people."""
    links = _Links()
    for event in events.values():
        r = event.record
        tech_forms = tuple(_tech_forms((tech.name, tech.canonical, *tech.aliases)) for tech in r.technologies)
        for person_slug, speaker in zip(event.speaker_slugs, r.speakers, strict=True):
            for tech_slug, n in zip(event.tech_slugs, counts.get(speaker, tech_forms), strict=True):
                if n:
                    links.person_techs[person_slug][tech_slug] += n
                    speakers = links.speakers_of[(tech_slug, event.slug)]
                    if person_slug not in speakers:
                        speakers.append(person_slug)
            links.costars[person_slug].update(other for other in event.speaker_slugs if other != person_slug)
            for org in speaker.orgs:
                key = org_key(org)
                if key not in orgs:
                    key = resolver.alias(key)
                if key in orgs:
                    links.org_people[key].setdefault(person_slug, set()).add(event.slug)
                    links.org_events[key].add(event.slug)
                    links.org_techs[key].update(event.tech_slugs)
        for org in r.event.organizers:
            key = org_key(org)
            if key in orgs:
                links.org_events[key].add(event.slug)
        for i_slug in event.industry_slugs:
            links.industry_techs[i_slug].update(event.tech_slugs)
            for person_slug in event.speaker_slugs:
                links.industry_people[i_slug].setdefault(person_slug, set()).add(event.slug)
        for a in event.tech_slugs:
            for b in event.tech_slugs:
                if a != b:
                    links.related[a][b] += 1
    return links
