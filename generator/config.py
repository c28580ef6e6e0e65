"""The build's configuration: one object, made once from mkdocs.yml and the project's settings.

mkdocs.yml is read with MkDocs' own YAML loader (so `!ENV`, `!relative` and Python tags mean what
they mean to MkDocs) and the settings the generator relies on are validated with MkDocs' own
option types before any work starts; every problem is reported at once (`ConfigError`), as MkDocs
does. The rest of the configuration (theme, plugins, Markdown extensions) MkDocs validates itself
with `load_config` in the MkDocs stage: loading it here would import Material, its search plugin
and jieba in the build process (2.5 s measured on the shared machine), which the helper process
does meanwhile. Nothing else reads mkdocs.yml; paths come from the project root, never from the
working directory.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

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
    data = _read(mkdocs_yml, problems)
    site_url = _site_url(mkdocs_yml, data.get("site_url"), problems)
    for key, folder in (("docs_dir", "pages"), ("site_dir", "site")):
        value = data.get(key, "docs" if key == "docs_dir" else "site")
        if not isinstance(value, str) or (root / value).resolve() != root / folder:
            problems.append(f"{mkdocs_yml}: {key}: must be '{folder}' (the generator writes {folder}/), not {value!r}")
    if data.get("use_directory_urls", True) is not True:
        problems.append(f"{mkdocs_yml}: use_directory_urls: must be true (pages link to each other as folders)")
    site_name = data.get("site_name")
    if not isinstance(site_name, str) or not site_name.strip():
        problems.append(f"{mkdocs_yml}: site_name: required (a non-empty text)")
    if not (root / "theme" / "pages").is_dir():
        problems.append(f"{root / 'theme' / 'pages'}: missing: the page templates live there")
    if problems:
        raise ConfigError(problems)
    hooks = tuple(root / h for h in data.get("hooks") or [] if isinstance(h, str))
    theme = data.get("theme")
    custom = theme.get("custom_dir") if isinstance(theme, dict) else None
    custom_dir = root / custom if isinstance(custom, str) else None
    return Config(root, mkdocs_yml, site_url, str(site_name), root / "pages", root / "site", hooks, custom_dir)


def _read(mkdocs_yml: Path, problems: list[str]) -> dict[str, Any]:
    from mkdocs.utils.yaml import yaml_load
    from yaml import YAMLError

    try:
        with open(mkdocs_yml, encoding="utf-8") as f:
            data = yaml_load(f)
    except OSError as exc:
        problems.append(f"{mkdocs_yml}: cannot read: {exc.strerror or exc}")
        return {}
    except (YAMLError, ValueError) as exc:
        problems.append(f"{mkdocs_yml}: not valid YAML: {exc}")
        return {}
    if not isinstance(data, dict):
        problems.append(f"{mkdocs_yml}: must be a mapping of settings")
        return {}
    return data


def _site_url(mkdocs_yml: Path, value: object, problems: list[str]) -> str:
    """site_url as MkDocs validates it (config_options.URL, a folder: ends with "/"), absolute."""
    if value is None:
        return DEFAULT_SITE_URL
    from mkdocs.config.base import ValidationError
    from mkdocs.config.config_options import URL

    try:
        url = URL(is_dir=True).run_validation(value)
    except ValidationError as exc:
        problems.append(f"{mkdocs_yml}: site_url: {exc}")
        return DEFAULT_SITE_URL
    if not url.startswith(("http://", "https://")):
        problems.append(f"{mkdocs_yml}: site_url: must be an absolute http(s) address, not {value!r}")
        return DEFAULT_SITE_URL
    return url
