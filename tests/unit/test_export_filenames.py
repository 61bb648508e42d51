"""File names from titles: safe on every system, inside the output folder, unique, deterministic."""

from __future__ import annotations

import os
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.export import export_articles
from reader.export.filenames import (
    MAX_STEM_BYTES,
    MAX_STEM_CHARS,
    UnsafePathError,
    choose_name,
    inside,
    safe_stem,
)
from reader.store.annotations import add_highlight_by_quote
from reader.store.db import Library
from tests.unit.test_export_markdown import PARAGRAPHS, import_article, write_article

RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(10)), *(f"LPT{i}" for i in range(10))}  # fmt: skip


def assert_safe(stem: str) -> None:
    assert stem
    assert stem == stem.strip()
    assert not stem.endswith(".")
    assert not stem.startswith(".")
    assert not set(stem) & set('<>:"/\\|?*#^[]'), stem
    assert all(unicodedata.category(c) not in ("Cc", "Cs") for c in stem)
    assert len(stem) <= MAX_STEM_CHARS
    assert len(stem.encode("utf-8")) <= MAX_STEM_BYTES
    assert stem.split(".")[0].strip().upper() not in RESERVED
    assert stem == unicodedata.normalize("NFC", stem)


@pytest.mark.parametrize(
    ("title", "stem"),
    [
        ("The Great Article", "The Great Article"),
        ("../../etc/passwd", "etc passwd"),
        ("..\\..\\Windows\\System32", "Windows System32"),
        ("CON", "_CON"),
        ("nul.txt", "_nul.txt"),
        ("com1", "_com1"),
        ("Console", "Console"),
        ("What? A <b>bold</b> claim: yes|no*", "What A b bold b claim yes no"),
        ("trailing dots...", "trailing dots"),
        ("  spaces  and\ttabs\nnewlines  ", "spaces and tabs newlines"),
        (".hidden", "hidden"),
        ("", "Untitled"),
        ("???", "Untitled"),
        ("[[wiki]] #tag ^block", "wiki tag block"),
        ("bell\x07 and nul\x00 and del\x7f", "bell and nul and del"),
        ("right\u202eto\u202cleft", "righttoleft"),
        ("Cafe\u0301", "Café"),
        ("🎉 party 👩‍👩‍👧", "🎉 party 👩‍👩‍👧"),
    ],
)
def test_safe_stem(title: str, stem: str) -> None:
    assert safe_stem(title) == stem
    assert_safe(safe_stem(title))


def test_long_titles_are_cut_within_both_limits() -> None:
    assert safe_stem("x" * 500) == "x" * MAX_STEM_CHARS
    emoji = safe_stem("🎉" * 500)
    assert emoji == "🎉" * (MAX_STEM_BYTES // 4)
    accents = safe_stem("e\u0301" * 300)  # NFC makes each one character
    assert accents == "é" * (MAX_STEM_BYTES // 2)
    # "q" with a tilde has no precomposed form: the cut must not leave the mark dangling.
    assert safe_stem("a" * 98 + "q\u0303\u0304") == "a" * 98 + "q"


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_any_title_gives_a_safe_stem(title: str) -> None:
    assert_safe(safe_stem(title))


def test_choose_name_is_unique_ignoring_case_and_normalisation() -> None:
    assert choose_name("Notes", 7, []) == "Notes.md"
    assert choose_name("Notes", 7, ["notes.MD"]) == "Notes (7).md"
    assert choose_name("Café", 7, ["Cafe\u0301.md"]) == "Café (7).md"
    assert choose_name("Notes", 7, ["Notes.md", "Notes (7).md"]) == "Notes (7-2).md"


def test_inside_refuses_anything_outside_the_folder(tmp_path: Path) -> None:
    assert inside(tmp_path, "a.md") == tmp_path / "a.md"
    for bad in ("", ".", "..", "../a.md", "sub/a.md", f"..{os.sep}a.md"):
        with pytest.raises(UnsafePathError):
            inside(tmp_path, bad)
    outside = tmp_path.parent / f"{tmp_path.name}-outside.md"
    (tmp_path / "link.md").symlink_to(outside)
    with pytest.raises(UnsafePathError):
        inside(tmp_path, "link.md")


def test_hostile_titles_are_written_inside_the_folder_and_never_clobber(
    library: Library, tmp_path: Path
) -> None:
    titles = ["../../etc/passwd", "CON", "x" * 500, "Same", "same", "🎉" * 100, "a/b\\c:d"]
    ids = []
    for i, title in enumerate(titles):
        art = import_article(library, write_article(tmp_path, f"{i}.md", title, PARAGRAPHS))
        add_highlight_by_quote(library, art, "first boats")
        ids.append(art)
    out = tmp_path / "vault" / "clippings"
    out.mkdir(parents=True)
    (out / "Same.md").write_text("the user's own note\n", encoding="utf-8")
    results = export_articles(library, ids, out, "markdown")
    assert [r.status for r in results] == ["written"] * len(titles)
    paths = [r.path for r in results]
    assert all(p is not None and p.resolve().parent == out.resolve() for p in paths)
    assert [p.name for p in paths if p] == [
        "etc passwd.md",
        "_CON.md",
        "x" * 100 + ".md",
        f"Same ({ids[3]}).md",
        f"same ({ids[4]}).md",
        "🎉" * 45 + ".md",
        "a b c d.md",
    ]
    assert (out / "Same.md").read_text(encoding="utf-8") == "the user's own note\n"
    assert sorted(p.name for p in tmp_path.rglob("*") if p.is_file() and "vault" in p.parts) == (
        sorted([*(p.name for p in paths if p), "Same.md"])
    )
    again = export_articles(library, ids, out, "markdown")
    assert [(r.status, r.path) for r in again] == [("unchanged", p) for p in paths]
