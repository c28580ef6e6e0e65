"""The build's configuration: one object, made once from mkdocs.yml and the project's settings.

mkdocs.yml is loaded through MkDocs' own `load_config` (so `!ENV`, `!relative` and Python tags
mean what they mean to MkDocs, and the theme, plugins, hooks and Markdown extensions are validated
as `mkdocs build` validates them), then checked for what the generator relies on (docs_dir pages,
site_dir site, use_directory_urls, an absolute site_url), before any work starts; every problem,
MkDocs' and ours, is reported at once (`ConfigError`, each `mkdocs.yml: key: reason`). The build
reads mkdocs.yml nowhere else; paths come from the project root, never from the working folder.
(The MkDocs stage hands MkDocs the same file with the staging folders as overrides, as
`mkdocs build -f` does: MkDocs builds from a configuration it loads itself.)
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

DEFAULT_SITE_URL = "https://example.org/"  # feeds and calendars need absolute addresses


class ConfigError(Exception):
    """mkdocs.yml or the project cannot be built from; `problems` lists every reason, `file: reason`."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class Config:
    """What the stages need from mkdocs.yml, validated, with the project's folders."""

    root: Path
    mkdocs_yml: Path
    site_url: str  # absolute, ends with "/"
    site_name: str
    docs_dir: Path  # always root/pages: the generator writes the pages there
    site_dir: Path  # always root/site
    hooks: tuple[Path, ...] = ()  # MkDocs hook files (`hooks:`): the MkDocs stage's key follows their code
    custom_dir: Path | None = None  # the theme's custom_dir: its files are in the MkDocs stage's key

    @property
    def url_path(self) -> str:
        """The site's path on its host (`/briefing/`): where `serve` publishes it."""
        from urllib.parse import urlparse

        return urlparse(self.site_url).path or "/"


def load(root: Path) -> Config:
    """The configuration of the project at `root`; raises ConfigError listing every problem."""
    root = root.resolve()
    mkdocs_yml = root / "mkdocs.yml"
    problems: list[str] = []
    mk = _load_mkdocs(mkdocs_yml, root / "pages", problems)
    named = {p.split(": ")[1] for p in problems if p.count(": ") >= 2}  # keys MkDocs refused already
    # The generator's own checks, on MkDocs' validated values, or (MkDocs refused the file and
    # stopped at its first stage of checks) on the values as written, so that every problem is named.
    values: dict[str, Any] = dict(mk) if mk is not None else _as_written(mkdocs_yml)
    site_url = DEFAULT_SITE_URL if "site_url" in named else _site_url(mkdocs_yml, values.get("site_url"), problems)
    for key, folder in (("docs_dir", "pages"), ("site_dir", "site")):
        value = values.get(key, "docs" if key == "docs_dir" else "site")
        if key not in named and (not isinstance(value, str) or (root / value).resolve() != root / folder):
            problems.append(f"{mkdocs_yml}: {key}: must be '{folder}' (the generator writes {folder}/), not {value!r}")
    if "use_directory_urls" not in named and values.get("use_directory_urls", True) is not True:
        problems.append(f"{mkdocs_yml}: use_directory_urls: must be true (pages link to each other as folders)")
    site_name = values.get("site_name")
    if "site_name" not in named and (not isinstance(site_name, str) or not site_name.strip()):
        problems.append(f"{mkdocs_yml}: site_name: required (a non-empty text)")
    if not (root / "theme" / "pages").is_dir():
        problems.append(f"{root / 'theme' / 'pages'}: missing: the page templates live there")
    if problems or mk is None:
        raise ConfigError(problems or [f"{mkdocs_yml}: cannot be loaded"])
    loaded = mk.hooks or []  # name -> module (typed by MkDocs as a list of modules)
    modules = list(loaded.values()) if isinstance(loaded, dict) else list(loaded)
    hooks = tuple(Path(file) for module in modules if (file := getattr(module, "__file__", None)))
    custom = mk.theme.custom_dir
    return Config(
        root, mkdocs_yml, site_url, str(site_name), root / "pages", root / "site", hooks, Path(custom) if custom else None
    )


def _as_written(mkdocs_yml: Path) -> dict[str, Any]:
    """mkdocs.yml's values before validation (MkDocs' YAML loader), when MkDocs refused the file."""
    from mkdocs.utils.yaml import yaml_load

    try:
        with open(mkdocs_yml, encoding="utf-8") as f:
            data = yaml_load(f)
    except Exception:  # noqa: BLE001 - MkDocs has said why already
        return {}
    return data if isinstance(data, dict) else {}


class _Collected(logging.Handler):
    """MkDocs' own report of each configuration error (`Config value 'x': reason`), kept."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


_CONFIG_VALUE = re.compile(r"^Config value '([^']*)': (.*)$", re.S)


def _load_mkdocs(mkdocs_yml: Path, pages: Path, problems: list[str]) -> MkDocsConfig | None:
    """mkdocs.yml through MkDocs' own `load_config`: every option validated as `mkdocs build`
    validates it (theme, plugins, hooks, Markdown extensions too), every error kept, `file: key: reason`.
    pages/ need not exist yet (the build writes it): MkDocs insists, so an empty one is made for
    the check and removed again."""
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, MkDocsException

    if not mkdocs_yml.is_file():
        problems.append(f"{mkdocs_yml}: cannot read: no such file")
        return None
    made = not pages.exists()
    logger = logging.getLogger("mkdocs.config")
    collected, propagate = _Collected(), logger.propagate
    logger.addHandler(collected)
    logger.propagate = False  # its warnings are MkDocs' to print, when it builds
    try:
        if made:
            pages.mkdir()
        return load_config(str(mkdocs_yml))
    except Abort:
        for message in collected.messages:
            match = _CONFIG_VALUE.match(message)
            problems.append(f"{mkdocs_yml}: {match.group(1)}: {match.group(2)}" if match else f"{mkdocs_yml}: {message}")
        if not collected.messages:
            problems.append(f"{mkdocs_yml}: refused by MkDocs")
        return None
    except MkDocsException as exc:  # not readable, not YAML
        problems.append(f"{mkdocs_yml}: {exc.format_message()}")
        return None
    except OSError as exc:
        problems.append(f"{mkdocs_yml}: cannot read: {exc.strerror or exc}")
        return None
    finally:
        logger.removeHandler(collected)
        logger.propagate = propagate
        if made:
            try:
                pages.rmdir()
            except OSError:
                pass


def _site_url(mkdocs_yml: Path, value: object, problems: list[str]) -> str:
    """site_url as MkDocs validated it (a folder: ends with "/"), and absolute."""
    if value is None:
        return DEFAULT_SITE_URL
    if not isinstance(value, str) or not value.startswith(("http://", "https://")):
        problems.append(f"{mkdocs_yml}: site_url: must be an absolute http(s) address, not {value!r}")
        return DEFAULT_SITE_URL
    return value
