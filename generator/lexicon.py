"""The technology lexicon: canonical names, categories and aliases, and finding them in text."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

import yaml

from .chinese import to_simplified
from .records import load_yaml
from .safety import clean_data

DEFAULT_LEXICON = Path(__file__).parent / "data" / "technologies.yaml"
# Generic words that name the field, not a technology: never an entry on their own.
GENERIC = {"人工智能", "ai", "ai技术", "科技", "技术", "数字化", "智能化", "互联网"}


@dataclass(frozen=True)
class TechEntry:
    name: str
    category: str | None
    aliases: tuple[str, ...]


@dataclass(frozen=True)
class Lexicon:
    entries: tuple[TechEntry, ...]
    by_form: dict[str, TechEntry]  # lower-cased Simplified spelling -> entry
    fingerprint: str = ""  # hash of the entries: records extracted with another lexicon are redone

    @cached_property
    def pattern(self) -> re.Pattern[str] | None:
        """All forms, longest first, compiled on first use: a build with nothing to extract needs
        only the fingerprint (for the extractor key), and compiling ~650 forms costs about 0.24 s."""
        forms = sorted(self.by_form, key=lambda f: (-len(f), f))
        return re.compile("|".join(_term_regex(f) for f in forms), re.IGNORECASE) if forms else None

    def canonical(self, name: str) -> TechEntry | None:
        return self.by_form.get(to_simplified(name).lower())

    def find(self, simplified_text: str) -> list[tuple[int, int, TechEntry]]:
        """(start, end, entry) of every lexicon term in the text, longest match first."""
        if self.pattern is None:
            return []
        found = []
        for match in self.pattern.finditer(simplified_text):
            entry = self.by_form.get(match.group(0).lower())
            if entry is not None:
                found.append((match.start(), match.end(), entry))
        return found


class LexiconError(ValueError):
    pass


def _entries_from(path: Path) -> list[TechEntry]:
    try:
        data = clean_data(load_yaml(path.read_text(encoding="utf-8"))) or []  # no controls, no invisible characters
    except yaml.YAMLError as exc:
        raise LexiconError(f"{path}: not valid YAML: {exc}") from exc
    if not isinstance(data, list):
        raise LexiconError(f"{path}: expected a list of {{name, category, aliases}} entries")
    entries = []
    for number, item in enumerate(data, start=1):
        if not isinstance(item, dict) or not isinstance(item.get("name"), str) or not item["name"].strip():
            raise LexiconError(f"{path}: entry {number}: needs a 'name' string")
        aliases = item.get("aliases") or []
        if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
            raise LexiconError(f"{path}: entry {number} ({item['name']}): 'aliases' must be a list of strings")
        entries.append(TechEntry(item["name"].strip(), item.get("category"), tuple(a.strip() for a in aliases if a.strip())))
    return entries


def _term_regex(term: str) -> str:
    escaped = re.escape(term)
    # Latin terms must not match inside longer Latin words (MR in "MRI", AR in "ART").
    if re.match(r"[A-Za-z0-9]", term[0]):
        escaped = r"(?<![A-Za-z0-9])" + escaped
    if re.match(r"[A-Za-z0-9]", term[-1]):
        escaped += r"(?![A-Za-z0-9])"
    return escaped


def build_lexicon(entries: list[TechEntry]) -> Lexicon:
    by_name: dict[str, TechEntry] = {}
    for entry in entries:  # later entries (editors') replace earlier ones with the same name
        by_name[entry.name] = entry
    by_form: dict[str, TechEntry] = {}
    for entry in by_name.values():
        for form in (entry.name, *entry.aliases):
            by_form.setdefault(to_simplified(form).lower(), entry)
    fingerprint = hashlib.sha256(
        repr(sorted((e.name, e.category or "", e.aliases) for e in by_name.values())).encode()
    ).hexdigest()[:8]
    return Lexicon(tuple(by_name.values()), by_form, fingerprint)


@lru_cache(maxsize=8)
def load_lexicon(extra: Path | None = None) -> Lexicon:
    """The shipped lexicon, extended (or overridden entry by entry) by an editor's file."""
    entries = _entries_from(DEFAULT_LEXICON)
    if extra is not None and extra.exists():
        entries += _entries_from(extra)
    return build_lexicon(entries)
