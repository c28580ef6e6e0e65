"""MkDocs hooks for this site; the code lives in the generator package (generator/mkdocs_hooks.py)."""

from generator.mkdocs_hooks import (
    on_config,
    on_env,
    on_files,
    on_nav,
    on_page_content,
    on_post_build,
    on_post_page,
    on_pre_build,
)

__all__ = ["on_config", "on_env", "on_files", "on_nav", "on_page_content", "on_post_build", "on_post_page", "on_pre_build"]
