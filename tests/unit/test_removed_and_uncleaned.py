"""Removed text kept in the Document with reasons, corrections by content, and the rule that
imports a file uncleaned when the cleaner is clearly wrong about it: nothing with words is lost."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from reader.corrections import (
    REMOVED_BY_YOU,
    apply_corrections,
    block_key,
    block_views,
    keep_everything,
    text_key,
)
from reader.document import Block, Document, Removed, count_words
from reader.ingest import IngestError, clean_file
from reader.ingest.html_page import extract_html
from reader.ingest.text_dump import clean_text_dump
from reader.ingest.uncleaned import too_little

DATA = Path(__file__).resolve().parent.parent / "data" / "uncleaned"


def sample() -> Document:
    return Document(
        title="Title",
        blocks=[Block("paragraph", "First kept."), Block("paragraph", "Second kept.")],
        removed=[
            Removed(0, Block("paragraph", "Menu"), "menu"),
            Removed(1, Block("list_item", "Between", level=1), "not part of the article"),
            Removed(2, Block("paragraph", "Footer"), "page footer"),
        ],
    )


def test_entries_interleave_removed_blocks_and_plain_text_ignores_them() -> None:
    doc = sample()
    assert [(e.block.text, e.kept) for e in doc.entries()] == [
        ("Menu", False),
        ("First kept.", True),
        ("Between", False),
        ("Second kept.", True),
        ("Footer", False),
    ]
    assert doc.plain_text() == "Title\n\nFirst kept.\n\nSecond kept."
    assert "Menu" not in doc.to_html() + doc.to_markdown() + doc.to_text()
    again = Document.from_json(doc.to_json())
    assert again.entries() == doc.entries()
    assert again.removed[1].reason == "not part of the article"


def test_corrections_are_by_content_and_keep_or_drop_in_place() -> None:
    doc = sample()
    assert text_key("  FIRST   kept. ") == text_key("first kept.")
    fixed = apply_corrections(
        doc,
        {
            block_key(Block("paragraph", "between")): "keep",
            block_key(doc.blocks[0]): "drop",
            text_key("text that is not there"): "drop",
        },
    )
    assert [(e.block.text, e.kept, e.reason) for e in fixed.entries()] == [
        ("Menu", False, "menu"),
        ("First kept.", False, REMOVED_BY_YOU),
        ("Between", True, ""),
        ("Second kept.", True, ""),
        ("Footer", False, "page footer"),
    ]
    assert fixed.plain_text() == "Title\n\nBetween\n\nSecond kept."
    views = block_views(fixed, {block_key(Block("paragraph", "Between")): "keep"})
    assert [(v.index, v.kept, v.corrected) for v in views][1:3] == [
        (1, False, False),
        (2, True, True),
    ]
    assert views[2].reason == "kept by you"
    assert apply_corrections(doc, {}) is doc


def test_keep_everything_keeps_every_block_in_reading_order() -> None:
    everything = keep_everything(sample())
    assert everything.removed == []
    assert [b.text for b in everything.blocks] == [
        "Menu",
        "First kept.",
        "Between",
        "Second kept.",
        "Footer",
    ]


LIGHTHOUSE = (
    "For more than a century, the lighthouse on the northern cape was kept by families who lived "
    "beside it, trimming the wicks and winding the clockwork through the long winter nights.",
    "When the light was automated in 1987, most keepers left within a year, but the Arnesen "
    "family stayed on, renting the cottage from the coast authority and keeping the garden.",
    "Their records, written in pencil in a row of ledgers, describe every storm, every ship that "
    "passed close to the rocks, and every visitor who climbed the hundred and twelve steps.",
)
MENU = ("Skip to main content", "Menu", "Home", "World", "Business", "Sign in", "Subscribe")
FOOTER = ("Share on Facebook", "Share on Twitter", "Related stories", "Cookie settings")
DUMP = "\n".join(
    [*MENU, "The Lighthouse Keepers Who Stayed", "", *(p + "\n" for p in LIGHTHOUSE), *FOOTER, ""]
)


def test_text_dump_keeps_its_dropped_paragraphs_with_short_reasons() -> None:
    doc = clean_text_dump(DUMP)
    assert doc.title == "The Lighthouse Keepers Who Stayed"
    assert [b.text for b in doc.blocks] == list(LIGHTHOUSE)
    removed = {r.block.text: r for r in doc.removed}
    assert set(MENU) | set(FOOTER) == set(removed)
    assert all(r.reason for r in removed.values())
    assert removed["Home"].at == 0
    assert removed["Cookie settings"].at == len(LIGHTHOUSE)
    assert "menu" in removed["Home"].reason
    assert "Home" not in doc.plain_text()


def test_html_removed_text_is_placed_with_the_landmark_it_came_from() -> None:
    body = "".join(f"<p>{p}</p>" for p in LIGHTHOUSE * 2)
    page = f"""<html><head><title>Lighthouse keepers</title></head><body>
    <header><p>The Valley Courier</p></header>
    <article><h1>Lighthouse keepers</h1>{body}</article>
    <aside><h2>Most read</h2><p>Fire at the bakery on the corner of Mill Street</p></aside>
    <div class="comments"><p>I drove past it yesterday and it looked fine to me, honestly.</p></div>
    <footer><p>All rights reserved by the publisher of this fine paper.</p></footer></body></html>"""
    doc = extract_html(page)
    assert [b.text for b in doc.blocks] == list(LIGHTHOUSE * 2)
    reasons = {r.block.text: (r.at, r.reason) for r in doc.removed}
    assert reasons["The Valley Courier"] == (0, "page header")
    end = len(doc.blocks)
    assert reasons["Fire at the bakery on the corner of Mill Street"] == (end, "sidebar")
    assert reasons["I drove past it yesterday and it looked fine to me, honestly."] == (
        end,
        "reader comments",
    )
    assert reasons["All rights reserved by the publisher of this fine paper."] == (
        end,
        "page footer",
    )
    assert "Lighthouse keepers" not in reasons  # the title is the title, not removed text


def _sentences(text: str) -> list[str]:
    return [s for s in (" ".join(line.split()) for line in text.splitlines()) if s]


@pytest.mark.parametrize("name", ["repeated-refrain.txt", "pasted-note.txt", "song-with-intro.txt"])
def test_files_the_cleaner_gets_wrong_are_imported_with_all_their_text(name: str) -> None:
    path = DATA / name
    cleaned = clean_file(path)
    assert cleaned.cleaning == "none"
    plain = " ".join(cleaned.plain_text.split())
    for line in _sentences(path.read_text(encoding="utf-8")):
        assert line in plain, line
    # Every copy of a repeated paragraph is there, not one of them.
    for line in set(_sentences(path.read_text(encoding="utf-8"))):
        wanted = path.read_text(encoding="utf-8").count(line)
        assert len(re.findall(re.escape(line), plain)) >= wanted, line


def test_an_ordinary_article_is_cleaned(tmp_path: Path) -> None:
    path = tmp_path / "lighthouse.txt"
    path.write_text(DUMP, encoding="utf-8")
    cleaned = clean_file(path)
    assert cleaned.cleaning == "cleaned"
    assert "Sign in" not in cleaned.plain_text
    assert any(r.block.text == "Sign in" for r in cleaned.document.removed)


def test_clearly_too_little_is_a_rule_about_furniture() -> None:
    prose = "A long paragraph of ordinary prose that a person wrote and wants to keep."
    kept = [Block("paragraph", prose)]
    dropped_prose = [Removed(1, Block("paragraph", prose + " Again."), "repeat")] * 3
    menu = [
        Removed(0, Block("paragraph", w), "menu") for w in ("Home", "News", "Sport", "Jobs", "Cars")
    ]
    assert too_little(Document(blocks=kept, removed=dropped_prose))
    assert not too_little(Document(blocks=kept, removed=dropped_prose + menu))
    assert not too_little(Document(blocks=kept * 4, removed=dropped_prose))  # kept the most
    assert too_little(Document(blocks=[], removed=menu))  # kept nothing at all
    assert not too_little(Document(blocks=kept, removed=[]))


def test_only_a_file_without_words_is_refused(tmp_path: Path) -> None:
    (tmp_path / "marks.txt").write_text("--- *** ---\n\n!!!\n", encoding="utf-8")
    with pytest.raises(IngestError, match="no words"):
        clean_file(tmp_path / "marks.txt")
    (tmp_path / "one.txt").write_text("Hello\n", encoding="utf-8")
    assert count_words(clean_file(tmp_path / "one.txt").plain_text) >= 1


def test_control_characters_in_a_page_never_break_cleaning(tmp_path: Path) -> None:
    # Found by the importer fuzz test: lxml refuses control characters in text handed back to
    # it, as the page's text (Show Original, the uncleaned fallback) and loose container text.
    path = tmp_path / "page.txt"
    path.write_bytes(
        b"<html>   =     <div>\x0c\x0c\x0c\x0c    <p>   =     \t  \x0c<body     >\x01\x0c\x0c"
        + b" " * 20
        + b"\x1b" * 6
        + b" " * 10
        + b"\t\t\t\t-y"
    )
    cleaned = clean_file(path)
    assert cleaned.cleaning == "none"
    assert "-y" in cleaned.plain_text
    from reader.ingest.original import original_text

    assert original_text(path.read_bytes(), "html").split() == ["=", "=", "-y"]
    page = (
        "<html><body><div>loose \x0b text<header><p>Site</p></header>"
        "<article><p>" + " ".join(LIGHTHOUSE) + "</p></article></div></body></html>"
    )
    doc = extract_html(page)
    assert any(r.block.text == "loose text" for r in doc.removed)
