"""One cache mechanism for every stage: extraction's records, the rendered pages, the MkDocs stage.

A stage's output is reused only when its key is unchanged, and the key is computed, never listed
by hand:

- **code**: `code_key(entry)` (generator/codekey.py) hashes the stage's entry module and every module of this package it
  imports, directly or not (import statements anywhere in a module, also inside functions),
  with the package data files those modules name (data/technologies.yaml, schemas/data.schema.json):
  a module that a stage can reach is in its key, a module it cannot reach is not.
- **templates**: a page records the templates Jinja loads while rendering it (its own, and what it
  includes, extends or imports); the page is rendered again when any of them changes.
- **inputs**: a page's fingerprint hashes the context its template is given, and every value the
  template (or a helper it calls) reads from the site-wide globals (`site`, `cities`), recorded
  while it renders (`Recorder`): on the next build those reads are done again on the new site and
  compared. A new field printed by a template is therefore in the fingerprint by construction.

`Store` keeps a stage's entries in `.cache/<name>.pickle`, valid only for the code key it was
written with: a change in the stage's code empties it.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from jinja2 import Environment

from .codekey import PACKAGE, closure, code_key, files_key

__all__ = ["PACKAGE", "closure", "code_key", "files_key"]


# --- a stage's store ------------------------------------------------------------------------


class Store:
    """A stage's cached entries by key, in one pickle, valid for one code key.

    Our own file in .cache/: unreadable, from other code or of another shape, it is simply empty."""

    def __init__(self, path: Path, code: str) -> None:
        self.path, self.code = path, code
        self.entries: dict[Any, Any] = {}
        self.changed = False
        import gc

        gc.disable()  # unpickling creates many objects and no garbage
        try:
            with open(path, "rb") as handle:
                data = pickle.load(handle)
            if isinstance(data, dict) and data.get("code") == code and isinstance(data.get("entries"), dict):
                self.entries = data["entries"]
        except Exception:  # missing, truncated, from another version of the code
            self.entries = {}
        finally:
            gc.enable()

    def get(self, key: Any, default: Any = None) -> Any:
        return self.entries.get(key, default)

    def put(self, key: Any, value: Any) -> None:
        if self.entries.get(key, _MISSING) is not value:
            self.entries[key] = value
            self.changed = True

    def replace(self, entries: dict[Any, Any]) -> None:
        if entries.keys() != self.entries.keys() or any(entries[k] is not self.entries[k] for k in entries):
            self.changed = True
        self.entries = entries

    def save(self) -> None:
        if not self.changed and self.path.exists():
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
        tmp.write_bytes(pickle.dumps({"code": self.code, "entries": self.entries}, protocol=pickle.HIGHEST_PROTOCOL))
        os.replace(tmp, self.path)
        self.changed = False


_MISSING = object()


def fingerprint(value: object) -> str:
    """A hash of a value (pickle: the fastest faithful serialisation; should two runs share objects
    differently, the bytes differ and the page is merely rendered again)."""
    return hashlib.blake2b(pickle.dumps(value, protocol=5), digest_size=16).hexdigest()


# --- what a template reads ------------------------------------------------------------------

LEAVES = (str, int, float, bool, type(None), bytes)


class Reads:
    """The values one page read from the site-wide globals: (path, value) in reading order."""

    __slots__ = ("items",)

    def __init__(self) -> None:
        self.items: list[tuple[tuple, object]] = []


_ACTIVE: list[Reads] = []  # the page being rendered (a stack: a page rendered within a page)


def _record(path: tuple, value: object) -> None:
    if _ACTIVE:
        _ACTIVE[-1].items.append((path, value))


def _wrap(value: object, path: tuple) -> Any:
    if isinstance(value, LEAVES):
        _record(path, value)
        return value
    return Recorder(value, path)


class Recorder:
    """A site-wide value as a template sees it: every read is recorded with the path it took.

    Attribute and item reads give recorders of their values (a plain value, such as a name, is
    recorded and returned as it is); anything that uses the whole value (iterating it, printing it,
    comparing it, calling it) records the whole value. `replay` reads the same paths again."""

    __slots__ = ("_value", "_path")

    def __init__(self, value: object, path: tuple) -> None:
        object.__setattr__(self, "_value", value)
        object.__setattr__(self, "_path", path)

    def _whole(self) -> Any:
        _record(self._path, self._value)
        return self._value

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        return _wrap(getattr(self._value, name), (*self._path, ("a", name)))

    def __getitem__(self, key: Any) -> Any:
        if isinstance(key, Recorder):
            key = key._whole()
        return _wrap(self._value[key], (*self._path, ("i", key)))

    def __len__(self) -> int:
        n = len(self._value)
        _record((*self._path, ("len",)), n)
        return n

    def __contains__(self, key: object) -> bool:
        if isinstance(key, Recorder):
            key = key._whole()
        found = key in self._value
        _record((*self._path, ("in", key)), found)
        return found

    def __bool__(self) -> bool:
        truth = bool(self._value)
        _record((*self._path, ("bool",)), truth)
        return truth

    def __iter__(self) -> Iterator:
        return iter(self._whole())

    def __reversed__(self) -> Iterator:
        return reversed(self._whole())

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self._whole()(*args, **kwargs)

    def __str__(self) -> str:
        return str(self._whole())

    def __html__(self) -> str:
        value = self._whole()
        return value.__html__() if hasattr(value, "__html__") else str(value)

    def __eq__(self, other: object) -> bool:
        return self._whole() == (other._whole() if isinstance(other, Recorder) else other)

    def __lt__(self, other: object) -> bool:
        return self._whole() < (other._whole() if isinstance(other, Recorder) else other)

    def __hash__(self) -> int:
        return hash(self._whole())

    def __repr__(self) -> str:
        return f"Recorder({self._path!r})"

    def __reduce__(self) -> tuple:  # in a fingerprint, a recorder stands for the reads it records
        return (Recorder, (None, self._path))


def replay(roots: dict[str, object], path: tuple) -> object:
    """The value that `path` reads now (KeyError, AttributeError …: it cannot be read any more)."""
    value = roots[path[0]]
    for step in path[1:]:
        kind = step[0]
        if kind == "a":
            value = getattr(value, step[1])
        elif kind == "i":
            value = value[step[1]]  # type: ignore[index]
        elif kind == "len":
            return len(value)  # type: ignore[arg-type]
        elif kind == "in":
            return step[1] in value  # type: ignore[operator]
        elif kind == "bool":
            return bool(value)
    return value


# --- templates and pages --------------------------------------------------------------------


def recording_environment(**options: Any) -> Environment:
    """A Jinja environment that tells which templates each render loads (includes, extends and
    imports load theirs through `get_template` too, at render time): see PageCache.render.
    jinja2 is imported here, so that extraction, which needs only `code_key`, does not load it."""
    from jinja2 import Environment, Template

    class RecordingEnvironment(Environment):
        loaded: list[set[str]] = []

        def _load_template(self, name: str, globals: Any) -> Template:  # noqa: A002 - Jinja's signature
            for log in self.loaded:
                log.add(name)
            return super()._load_template(name, globals)

    return RecordingEnvironment(**options)


class PageCache:
    """Pages whose fingerprint is unchanged since the last build are neither rendered nor read.

    An entry is (hash of the context, {template: hash} of the templates it loaded, the paths it
    read from the globals, hash of what they gave, size and time of the page's file). A page
    counts as unchanged only when all of these agree and its file in pages/ still has the size and
    modification time recorded after it was written (a page changed by hand is rendered again)."""

    env: Any  # from recording_environment
    roots: dict[str, object]  # the globals as they are (replayed), by the names the recorders use

    def __init__(self, store: Store, pages_dir: Path, memo: Memo | None = None) -> None:
        self.store, self.pages_dir = store, pages_dir
        self.memo = memo  # files made without a template (feeds, calendars), by their inputs
        self.new: dict[str, tuple] = {}
        self.hits = 0
        self.unchanged: set[str] = set()
        self._template_hashes: dict[str, str | None] = {}
        self.rendered: list[str] = []

    def bind(self, env: Any, roots: dict[str, object]) -> None:
        """The environment pages are rendered with, and its site-wide values as they are."""
        self.env, self.roots = env, roots
        self._template_hashes.clear()

    def _template_hash(self, name: str) -> str | None:
        if name not in self._template_hashes:
            try:
                source, _filename, _uptodate = self.env.loader.get_source(self.env, name)
                self._template_hashes[name] = hashlib.blake2b(source.encode(), digest_size=16).hexdigest()
            except Exception:  # gone
                self._template_hashes[name] = None
        return self._template_hashes[name]

    def _reads_hash(self, paths: list[tuple]) -> str | None:
        try:
            return fingerprint([replay(self.roots, p) for p in paths])
        except Exception:  # a slug that is gone, …: the page changed
            return None

    def render(self, path: str, template: str, context: dict[str, Any], render: Callable[[], str] | None = None) -> str | None:
        """The page's text, or None when it is unchanged in pages/ (then it is left as it is)."""
        key = fingerprint((template, context))
        old = self.store.get(path)
        if old is not None and old[0] == key and self._unchanged(path, old):
            self.new[path] = old
            self.hits += 1
            self.unchanged.add(path)
            return None
        reads, loaded = Reads(), set[str]()
        _ACTIVE.append(reads)
        self.env.loaded = [*getattr(self.env, "loaded", []), loaded]
        try:
            text = render() if render else self.env.get_template(template).render(context)
        finally:
            _ACTIVE.pop()
            self.env.loaded = self.env.loaded[:-1]
        loaded.add(template)
        paths = list(dict.fromkeys(p for p, _v in reads.items))
        values = {p: v for p, v in reads.items}
        templates = {name: self._template_hash(name) for name in sorted(loaded)}
        self.new[path] = (key, templates, paths, fingerprint([values[p] for p in paths]))
        self.rendered.append(path)
        return text

    def _unchanged(self, path: str, old: tuple) -> bool:
        if len(old) < 6:
            return False
        _key, templates, paths, reads, size, mtime = old
        if any(self._template_hash(name) != digest for name, digest in templates.items()):
            return False
        if self._reads_hash(paths) != reads:
            return False
        try:
            stat = (self.pages_dir / path).stat()
        except OSError:
            return False
        return (stat.st_size, stat.st_mtime_ns) == (size, mtime)

    def save(self) -> None:
        """Record each page's entry with its file's size and time, as written."""
        entries = {}
        for path, entry in self.new.items():
            if len(entry) == 6:
                entries[path] = entry
                continue
            try:
                stat = (self.pages_dir / path).stat()
            except OSError:
                continue
            entries[path] = (*entry, stat.st_size, stat.st_mtime_ns)
        self.store.replace(entries)
        self.store.save()
        if self.memo is not None:
            self.memo.save()


class Derived(Mapping):
    """A context value computed only when the template uses it: `func(*args)`, a mapping.

    Its fingerprint is the function and its arguments, which must be context values or recorders
    (whose reads, made while the page renders, are recorded): a page left as it is then costs
    nothing to compute (an event page's front matter, a chart)."""

    __slots__ = ("func", "args", "_cached")

    def __init__(self, func: Callable[..., Any], *args: Any) -> None:
        self.func, self.args, self._cached = func, args, None

    def value(self) -> Any:
        if self._cached is None:
            self._cached = self.func(*self.args)
        return self._cached

    def __getitem__(self, key: Any) -> Any:
        return self.value()[key]

    def __iter__(self) -> Iterator:
        return iter(self.value())

    def __len__(self) -> int:
        return len(self.value())

    def __reduce__(self) -> tuple:
        return (Derived, (self.func, *self.args))


class Memo:
    """Values computed from their key alone, kept between builds (a Store): the key must hold every
    input of the computation. Entries not used by a build are dropped when it saves."""

    def __init__(self, store: Store | None) -> None:
        self.store = store  # None: within this build only
        self.used: dict[Any, Any] = {}

    def get(self, key: Any, compute: Callable[[], Any]) -> Any:
        if key in self.used:
            return self.used[key]
        value = self.store.entries.get(key, _MISSING) if self.store is not None else _MISSING
        if value is _MISSING:
            value = compute()
        self.used[key] = value
        return value

    def save(self) -> None:
        if self.store is not None:
            self.store.replace(self.used)
            self.store.save()
