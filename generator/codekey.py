"""Code keys: the files a stage's code depends on, found from its entry module, never listed by hand.

`closure(entries)` follows the import statements of the entry modules (anywhere in a module,
inside functions too) through this package, and adds the package data files those modules name
(data/technologies.yaml, schemas/data.schema.json); `code_key` hashes their paths and bytes. It
lives apart from generator/cache.py so that extraction, which computes its key from its own
closure, does not depend on the page cache's code.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
PACKAGE_NAME = PACKAGE.name


def _module_file(package: Path, dotted: str) -> Path | None:
    """The file of `generator.a.b` (dotted without the package name: "a.b"), or None."""
    base = package.joinpath(*dotted.split(".")) if dotted else package
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def _dotted_of(package: Path, path: Path) -> str:
    rel = path.relative_to(package).with_suffix("")
    parts = rel.parts[:-1] if rel.name == "__init__" else rel.parts
    return ".".join(parts)


# Import statements anywhere in a module (inside functions too), found in its text: as exact as
# an `ast` walk for this package's style (tests/test_cache.py checks both agree on every module)
# and a hundred times faster, which matters since extraction computes its key at start-up.
_FROM = re.compile(r"^[ \t]*from[ \t]+(\.+[\w.]*|\w[\w.]*)[ \t]+import[ \t]+(\([^)]*\)|[^\n#;]*)", re.MULTILINE)
_IMPORT = re.compile(r"^[ \t]*import[ \t]+([^\n#;]+)", re.MULTILINE)
_QUOTED = re.compile(r"""["']([^"'\n]{1,200})["']""")


@lru_cache(maxsize=4096)
def _parse(path: Path, stamp: tuple[int, int]) -> tuple[frozenset[str], frozenset[str]]:
    """(modules of the package that `path` imports, quoted strings in it); `stamp` keys the cache."""
    text = path.read_text(encoding="utf-8")
    package = _package_of(path)
    here = _dotted_of(package, path) if package else ""
    is_init = path.name == "__init__.py"
    found: set[str] = set()
    for match in _IMPORT.finditer(text):
        for part in match.group(1).split(","):
            name = part.split()[0] if part.split() else ""
            if name == PACKAGE_NAME or name.startswith(PACKAGE_NAME + "."):
                found.add(name.removeprefix(PACKAGE_NAME).lstrip("."))
    for match in _FROM.finditer(text):
        module, names = match.group(1), match.group(2).strip("() \t\n")
        if module.startswith("."):  # relative: from .x import y, from . import x
            level = len(module) - len(module.lstrip("."))
            parent = here.split(".") if here else []
            drop = level - (1 if is_init else 0)
            parent = parent[: len(parent) - drop] if drop else parent
            rest = module.lstrip(".")
            base = ".".join([*parent, *([rest] if rest else [])])
        elif module == PACKAGE_NAME or module.startswith(PACKAGE_NAME + "."):
            base = module.removeprefix(PACKAGE_NAME).lstrip(".")
        else:
            continue
        found.add(base)
        for part in names.replace("\n", " ").split(","):  # `from . import dates`: a module; `from .x import name`: not one
            name = part.split()[0] if part.split() else ""
            if name.isidentifier():
                found.add(f"{base}.{name}" if base else name)
    return frozenset(found), frozenset(_QUOTED.findall(text))


def _package_of(path: Path) -> Path | None:
    """The copy of this package a file belongs to (its folder), or None for a file outside it."""
    folder = path.parent
    return folder if (folder / "__init__.py").is_file() and folder.name == PACKAGE_NAME else None


def _stat(path: Path) -> tuple[int, int]:
    s = path.stat()
    return s.st_mtime_ns, s.st_size


def closure(entries: Iterable[str | Path], package: Path = PACKAGE) -> list[Path]:
    """Every file a stage's code depends on: its entry modules ("extract" or a path such as
    theme/hooks.py), the package modules they import (transitively, the package's __init__ too)
    and the package data files they name. Sorted."""
    todo: list[Path] = [package / "__init__.py"]
    for entry in entries:
        path = entry if isinstance(entry, Path) else _module_file(package, entry)
        if path is None:
            raise ValueError(f"{entry}: no such module in {package}")
        todo.append(path)
    seen: set[Path] = set()
    data: set[Path] = set()
    # Data files of the package (not modules), by file name: a module that names one depends on it.
    by_name: dict[str, list[Path]] = {}
    for folder in sorted(package.iterdir()):
        if folder.is_dir() and not (folder / "__init__.py").exists() and not folder.name.startswith((".", "_")):
            for path in sorted(folder.rglob("*")):
                if path.is_file() and path.suffix != ".pyc":
                    by_name.setdefault(path.name, []).append(path)
    while todo:
        path = todo.pop()
        if path in seen:
            continue
        seen.add(path)
        modules, strings = _parse(path, _stat(path))
        for dotted in modules:
            target = _module_file(package, dotted)
            if target is not None and target not in seen:
                todo.append(target)
        for text in strings:
            for candidate in by_name.get(text.rsplit("/", 1)[-1], ()):
                if text.rsplit("/", 1)[0] in (text, candidate.parent.name, candidate.parent.relative_to(package).as_posix()):
                    data.add(candidate)
    return sorted(seen | data)


def files_key(files: Iterable[Path], root: Path, salt: str = "") -> str:
    """A hash of files by their path under `root` (or their name) and their bytes."""
    digest = hashlib.sha256(salt.encode())
    for path in files:
        name = path.relative_to(root) if path.is_relative_to(root) else Path(path.name)
        digest.update(name.as_posix().encode() + b"\0")
        try:
            digest.update(path.read_bytes())
        except OSError:
            digest.update(b"(missing)")
        digest.update(b"\0")
    return digest.hexdigest()


def code_key(*entries: str | Path, package: Path = PACKAGE) -> str:
    """The key of the code a stage runs: see `closure`."""
    return files_key(closure(entries, package), package.parent)
