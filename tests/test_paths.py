"""Output paths: one page per path, listing names reserved (generator/paths.py)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator import paths
from generator.cli import main
from generator.paths import PageTable, PathCollision, free_slug, is_reserved
from generator.urls import Registry, assign
from tests.conftest import FIXTURES, make_project

SEED = FIXTURES / "collisions" / "index-names.txt"  # a technology, an organisation and an industry named "Index"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = make_project(tmp_path_factory.mktemp("collisions"), [SEED])
    result = CliRunner().invoke(main, ["build", "--root", str(root)])
    assert result.exit_code == 0, result.output
    return root


@pytest.mark.parametrize("folder", ["technologies", "organizations", "industries"])
def test_an_entity_named_index_does_not_replace_the_listing(built: Path, folder: str) -> None:
    # Before paths.py the entity page `index.md` was replaced by the listing, which linked to itself.
    listings = [built / "pages" / folder / "index.md", *(built / "pages" / folder).glob("letter-*.md")]
    listing = "".join(p.read_text(encoding="utf-8") for p in listings)  # organisations: by initial
    assert re.search(r"^- \[Index[^\]]*\]\(index-2\.md\)", listing, re.M)
    assert not re.search(r"^- \[[^\]]*\]\(index\.md\)", listing, re.M)  # no row links to the listing itself
    entity = (built / "pages" / folder / "index-2.md").read_text(encoding="utf-8")
    assert "# Index" in entity
    assert (built / "site" / folder / "index-2" / "index.html").is_file()
    assert f"{folder}/index-2.md" in {p.relative_to(built / "pages").as_posix() for p in (built / "pages").rglob("*.md")}


def test_the_event_page_links_to_the_renamed_entities(built: Path) -> None:
    (event,) = [p for p in (built / "pages" / "events").glob("*.md") if p.name != "index.md"]
    text = event.read_text(encoding="utf-8")
    for folder in ("technologies", "industries"):
        assert f"../{folder}/index-2.md" in text and f"../{folder}/index.md" not in text


def test_a_second_page_at_one_path_is_refused_naming_both_sources() -> None:
    table = PageTable()
    table.add("technologies/index.md", "listing", "index pages")
    with pytest.raises(PathCollision, match=r"technologies/index\.md.*index pages.*technology pages"):
        table.add("technologies/index.md", "entity", "technology pages")
    # MkDocs publishes a/b.md and a/b/index.md at one place, a/b/: refused as well
    table.add("speakers/wang.md", "page", "speaker pages")
    with pytest.raises(PathCollision, match="speakers/wang.md and speakers/wang/index.html"):
        table.add(paths.redirect("speakers/wang"), "redirect", "a redirect")
    with pytest.raises(PathCollision):
        table.claim("speakers/wang/index.md", "cache")
    assert table.pages() == {"speakers/wang.md": "page", "technologies/index.md": "listing"}


def test_reserved_names_get_a_suffix() -> None:
    for name in ["index", "archive", "feeds", "data", "search", "assets", "404", "letter-a", "letter-other", "page-0123abcd"]:
        assert is_reserved(name), name
        assert free_slug(name, set()) == f"{name}-2"
    for name in ["indexing", "letter-ab", "page-2", "data-2", "zhang-bin"]:
        assert not is_reserved(name) and free_slug(name, set()) == name
    assert free_slug("index", {"index-2"}) == "index-3"


def test_a_published_reserved_slug_moves() -> None:
    old = Registry()
    old.slugs["technologies"] = {"index": "index", "ai": "ai"}
    new = Registry()
    assert assign("technologies", {"index": "index", "ai": "ai"}, old, new) == {"index": "index-2", "ai": "ai"}
