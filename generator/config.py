"""The build's configuration: one object, made once from mkdocs.yml and the project's settings.

mkdocs.yml is read once, here, and validated through MkDocs' own configuration schema (so `!ENV`,
`!relative` and Python tags mean what they mean to MkDocs, and the theme, plugins, hooks and
Markdown extensions are validated as `mkdocs build` validates them), then checked for what the
generator relies on (docs_dir pages, site_dir site, use_directory_urls, an absolute site_url),
before any work starts; every problem, MkDocs' and ours, is reported at once (`ConfigError`, each
`mkdocs.yml: key: reason`). The Config keeps the values as read (`mkdocs_values`): the MkDocs
stage and `serve` build their MkDocs configuration from them (`mkdocs_config`, with the staging
folders as overrides, as `mkdocs build -f` would), so nothing else opens mkdocs.yml and a file
changed after `load` does not change the build under way. Paths come from the project root,
never from the working folder.
"""

from __future__ import annotations

import hashlib
import io
import logging
import pickle
import types
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
    # mkdocs.yml's values as read and parsed by `load` (MkDocs' YAML loader: !ENV resolved, INHERIT
    # merged), pickled: what `mkdocs_config` builds MkDocs' configuration from, and what the
    # MkDocs stage's key hashes. Bytes, so that the Config goes to the helper process as it is.
    mkdocs_values: bytes = b""
    mkdocs_digest: str = ""  # SHA-256 of mkdocs.yml's bytes as read (comments too: the MkDocs stage's key)

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
    raw, values_read, digest = _read(mkdocs_yml, problems)
    mk = _validate(mkdocs_yml, values_read, root / "pages", problems) if values_read else None
    named = {p.split(": ")[1] for p in problems if p.count(": ") >= 2}  # keys MkDocs refused already
    # The generator's own checks, on MkDocs' validated values, or (MkDocs refused the file and
    # stopped at its first stage of checks) on the values as written, so that every problem is named.
    values: dict[str, Any] = dict(mk) if mk is not None else raw
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
        root,
        mkdocs_yml,
        site_url,
        str(site_name),
        root / "pages",
        root / "site",
        hooks,
        Path(custom) if custom else None,
        values_read,
        digest,
    )


HOOKS_INPUT = "briefing_stage"  # the key of `extra` that holds what the MkDocs stage tells its hooks
PLUGIN_FILES = ("jieba_dict", "jieba_dict_user")  # plugin options naming a file (Material's search)


def mkdocs_config(config: Config, hooks_input: dict[str, Any] | None = None, **overrides: Any) -> MkDocsConfig:
    """MkDocs' configuration for the MkDocs stage (or `serve`), built as MkDocs' `load_config`
    builds it (its schema, validated, `overrides` replacing the file's values as `mkdocs build`'s
    options do) from the values `load` read: mkdocs.yml is not opened again. Its warnings are
    logged as MkDocs logs them; an error (mkdocs.yml is sound, so an override) raises ConfigError.

    Nothing depends on the working folder or the environment: plugin options naming a file
    (PLUGIN_FILES, which Material opens relative to the working folder) are made absolute,
    relative to mkdocs.yml's folder, and what the stage tells the hooks (`hooks_input`: the live
    site of an incremental build) is `extra[HOOKS_INPUT]` (mkdocs_hooks.stage_input)."""
    mk, errors, warnings = _build(config.mkdocs_yml, config.mkdocs_values, overrides)
    logger = logging.getLogger("mkdocs.config")
    for name, warning in warnings:
        logger.warning(f"Config value '{name}': {warning}")
    if errors or (mk.strict and warnings):
        raise ConfigError([f"{config.mkdocs_yml}: {name}: {reason}" for name, reason in [*errors, *warnings]])
    for plugin in mk.plugins.values():
        options = getattr(plugin, "config", None)
        for key in PLUGIN_FILES:
            value = options.get(key) if options is not None and hasattr(options, "get") else None
            if isinstance(value, str) and value and not Path(value).is_absolute():
                options[key] = str(config.mkdocs_yml.parent / value)  # type: ignore[index]
    mk.extra[HOOKS_INPUT] = dict(hooks_input or {})
    return mk


class _Pickler(pickle.Pickler):
    """Pickles mkdocs.yml's values; the MkDocs configuration they were read for (which `!relative`
    values refer to) is left out, to be replaced by the one they are loaded into (`_Unpickler`)."""

    def __init__(self, file: io.BytesIO, config: object) -> None:
        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)
        self._config = config

    def persistent_id(self, obj: object) -> str | None:
        return "config" if obj is self._config else None


class _Unpickler(pickle.Unpickler):
    def __init__(self, data: bytes, config: object) -> None:
        super().__init__(io.BytesIO(data))
        self._config = config

    def persistent_load(self, pid: object) -> object:
        return self._config


def _read(mkdocs_yml: Path, problems: list[str]) -> tuple[dict[str, Any], bytes, str]:
    """mkdocs.yml read (the only time) and parsed by MkDocs' YAML loader, as MkDocs reads it:
    (its values, the same pickled for `mkdocs_config`, the file's SHA-256); ({}, b"", "") when it
    cannot be read."""
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.exceptions import MkDocsException
    from mkdocs.utils.yaml import get_yaml_loader, yaml_load

    try:
        data = mkdocs_yml.read_bytes()
    except FileNotFoundError:
        problems.append(f"{mkdocs_yml}: cannot read: no such file")
        return {}, b"", ""
    except OSError as exc:
        problems.append(f"{mkdocs_yml}: cannot read: {exc.strerror or exc}")
        return {}, b"", ""
    digest = hashlib.sha256(data).hexdigest()
    source = io.BytesIO(data)
    source.name = str(mkdocs_yml)  # where MkDocs looks for an INHERIT parent
    placeholder = MkDocsConfig(config_file_path=str(mkdocs_yml))
    try:
        values = yaml_load(source, get_yaml_loader(config=placeholder))
    except MkDocsException as exc:  # not YAML; an INHERIT parent missing
        problems.append(f"{mkdocs_yml}: {exc.format_message()}")
        return {}, b"", digest
    if not isinstance(values, dict):
        problems.append(f"{mkdocs_yml}: not a mapping of options")
        return {}, b"", digest
    out = io.BytesIO()
    try:
        _Pickler(out, placeholder).dump(values)
    except (pickle.PicklingError, TypeError, AttributeError) as exc:
        problems.append(f"{mkdocs_yml}: a value cannot be handed to the MkDocs stage ({exc})")
        return values, b"", digest
    return values, out.getvalue(), digest


def _build(mkdocs_yml: Path, values: bytes, overrides: dict[str, Any]) -> tuple[MkDocsConfig, list, list]:
    """(MkDocs' configuration from `values` and `overrides`, its errors, its warnings), as
    `mkdocs.config.load_config` makes them."""
    from mkdocs.config.defaults import MkDocsConfig

    mk = MkDocsConfig(config_file_path=str(mkdocs_yml))
    mk.load_dict(_Unpickler(values, mk).load())
    mk.load_dict({key: value for key, value in overrides.items() if value is not None})
    errors, warnings = mk.validate()
    return mk, errors, warnings


# Modules that validation imports but only a build runs: Material's search plugin imports jieba
# at its top (the import alone, through pkg_resources, costs about as much CPU as the rest of
# config.load) and touches it only when it builds. Validating the plugin (its class, its
# options) needs none of it.
ONLY_TO_BUILD = ("jieba",)


class _Deferred(types.ModuleType):
    """Stands for a module not imported yet (in sys.modules, so `import name` finds it): the
    first attribute read imports the real module, which then replaces it in sys.modules; every
    read through a reference kept meanwhile (Material's `jieba`) goes to the real module.
    (`importlib.util.LazyLoader` would be the standard tool, but the import statement itself reads
    the module's `__spec__`, which makes LazyLoader load jieba during validation: measured.)"""

    def __getattr__(self, attribute: str) -> Any:
        import importlib
        import sys

        real = self.__dict__.get("_real")
        if real is None:
            if sys.modules.get(self.__name__) is self:
                del sys.modules[self.__name__]
            real = importlib.import_module(self.__name__)
            self.__dict__["_real"] = real
        return getattr(real, attribute)


def _defer_import(names: tuple[str, ...]) -> None:
    """Make `import name` cost nothing until the module is used (`_Deferred`). A module imported
    already, or not installed, is left as it is."""
    import importlib.util
    import sys

    for name in names:
        spec = None if name in sys.modules else importlib.util.find_spec(name)
        if spec is None:
            continue
        module = _Deferred(name)
        module.__spec__ = spec  # what importlib.util.find_spec(name) answers meanwhile
        sys.modules[name] = module


def _validate(mkdocs_yml: Path, values: bytes, pages: Path, problems: list[str]) -> MkDocsConfig | None:
    """mkdocs.yml's values through MkDocs' configuration schema: every option validated as
    `mkdocs build` validates it (theme, plugins, hooks, Markdown extensions too), every error
    kept, `file: key: reason`. pages/ need not exist yet (the build writes it): MkDocs insists,
    so an empty one is made for the check and removed again."""
    made = not pages.exists()
    logger = logging.getLogger("mkdocs.config")
    propagate = logger.propagate
    logger.propagate = False  # its warnings are MkDocs' to print, when it builds
    try:
        if made:
            pages.mkdir()
        _defer_import(ONLY_TO_BUILD)
        mk, errors, warnings = _build(mkdocs_yml, values, {})
    finally:
        logger.propagate = propagate
        if made:
            try:
                pages.rmdir()
            except OSError:
                pass
    # as load_config: every error; in strict mode (`strict: true`) every warning too
    refused = [*errors, *(warnings if mk.strict else [])]
    problems.extend(f"{mkdocs_yml}: {name}: {reason}" for name, reason in refused)
    return None if refused else mk


def _site_url(mkdocs_yml: Path, value: object, problems: list[str]) -> str:
    """site_url as MkDocs validated it (a folder: ends with "/"), and absolute."""
    if value is None:
        return DEFAULT_SITE_URL
    if not isinstance(value, str) or not value.startswith(("http://", "https://")):
        problems.append(f"{mkdocs_yml}: site_url: must be an absolute http(s) address, not {value!r}")
        return DEFAULT_SITE_URL
    return value
