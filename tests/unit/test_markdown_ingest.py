"""Markdown notes and saved articles: front matter, structure, and what must not get through."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.document import Block, Document
from reader.ingest.markdown import parse_front_matter, parse_markdown

ARTICLE = """---
title: "Tides: a field guide"
author: 'Ana O''Neill'
source: The Coastal Review
url: https://coast.example/tides
date: 2023-06-01
lang: en
tags: [sea, "moon"]
---

# Tides: a field guide

The sea rises and falls *twice* a day, **give or take**, because of the `moon`.
See [the tables](https://coast.example/tables) or [this](javascript:alert(1)).

## Spring and neap

1. Spring tides come with full and new moons
2. Neap tides come in between
   - smaller range
   - calmer water

> Time and tide wait for no man.
>
> — a proverb

```python
def high_tide(hour):
    return hour + 12.42
```

    indented code

![A beach at low tide](https://img.example/beach.jpg)

<div class="note">Raw <b>HTML</b> note<script>steal()</script></div>

| Place | Range |
|-------|-------|
| Bay   | 12 m  |
"""


@pytest.fixture(scope="module")
def doc() -> Document:
    return parse_markdown(ARTICLE)


def kinds(doc: Document) -> list[tuple[str, str]]:
    return [(b.kind, b.text) for b in doc.blocks]


def test_front_matter_fills_the_metadata(doc: Document) -> None:
    assert doc.title == "Tides: a field guide"
    assert doc.byline == "Ana O'Neill"
    assert doc.site == "The Coastal Review"
    assert doc.url == "https://coast.example/tides"
    assert doc.published == "2023-06-01"
    assert doc.language == "en"


def test_title_heading_is_not_repeated(doc: Document) -> None:
    assert all(b.text != doc.title for b in doc.blocks)
    assert doc.blocks[0].text.startswith("The sea rises and falls")


def test_headings_keep_their_level(doc: Document) -> None:
    headings = [(b.text, b.level) for b in doc.blocks if b.kind == "heading"]
    assert headings == [("Spring and neap", 2)]


def test_inline_marks(doc: Document) -> None:
    first = doc.blocks[0]
    marked = {(first.text[m.start : m.end], m.kind, m.href) for m in first.marks}
    assert marked == {
        ("twice", "em", None),
        ("give or take", "strong", None),
        ("moon", "code", None),
        ("the tables", "link", "https://coast.example/tables"),
    }
    # markdown-it refuses the javascript: target, so the source stays as plain, escaped text.
    assert 'href="javascript' not in doc.to_html()


def test_nested_lists_keep_depth_and_numbering(doc: Document) -> None:
    items = [(b.text, b.level, b.ordered) for b in doc.blocks if b.kind == "list_item"]
    assert items == [
        ("Spring tides come with full and new moons", 1, True),
        ("Neap tides come in between", 1, True),
        ("smaller range", 2, False),
        ("calmer water", 2, False),
    ]


def test_block_quote(doc: Document) -> None:
    quotes = [b.text for b in doc.blocks if b.kind == "quote"]
    assert quotes == ["Time and tide wait for no man.", "— a proverb"]


def test_fenced_and_indented_code_are_preformatted(doc: Document) -> None:
    pre = [b.text for b in doc.blocks if b.kind == "pre"]
    assert pre == ["def high_tide(hour):\n    return hour + 12.42", "indented code"]


def test_image_becomes_a_caption_and_is_never_fetched(doc: Document) -> None:
    assert ("caption", "Image: A beach at low tide") in kinds(doc)
    assert "img.example" not in doc.to_html()
    assert "<img" not in doc.to_html()


def test_raw_html_is_reduced_to_its_text(doc: Document) -> None:
    assert ("paragraph", "Raw HTML note") in kinds(doc)
    for rendering in (doc.plain_text(), doc.to_html(), doc.to_markdown()):
        assert "steal" not in rendering
        assert "<div" not in rendering


def test_a_pipe_table_becomes_a_table_block(doc: Document) -> None:
    table = next(b for b in doc.blocks if b.kind == "table")
    assert table.rows == (("Place", "Range"), ("Bay", "12 m"))
    assert table.header
    assert table.text == "Place | Range\nBay | 12 m"


def test_first_h1_is_the_title_without_front_matter() -> None:
    doc = parse_markdown("Intro line.\n\n# The Real Title\n\nBody text.\n\n# Second part\n")
    assert doc.title == "The Real Title"
    assert [(b.kind, b.text, b.level) for b in doc.blocks] == [
        ("paragraph", "Intro line.", 0),
        ("paragraph", "Body text.", 0),
        ("heading", "Second part", 2),
    ]


def test_no_title_at_all() -> None:
    doc = parse_markdown("Just a paragraph.\n\n## A section\n")
    assert doc.title == ""
    assert doc.blocks == [Block("paragraph", "Just a paragraph."), Block("heading", "A section", 2)]


def test_loose_list_item_paragraphs_stay_in_their_item() -> None:
    doc = parse_markdown("- first line\n\n  second paragraph\n- next\n")
    assert [(b.kind, b.text) for b in doc.blocks] == [
        ("list_item", "first line second paragraph"),
        ("list_item", "next"),
    ]


def test_inline_script_text_is_dropped() -> None:
    doc = parse_markdown("Before <script>evil()</script> after<br>and on.\n")
    assert doc.blocks == [Block("paragraph", "Before after and on.")]


@pytest.mark.parametrize(
    ("text", "fields", "rest"),
    [
        ("---\ntitle: Plain\n---\nBody", {"title": "Plain"}, "Body"),
        ('---\ntitle: "Quoted: yes"\n---\n', {"title": "Quoted: yes"}, ""),
        ("---\nauthors:\n  - A\n  - B\n...\nBody", {"authors": ["A", "B"]}, "Body"),
        ("---\ntags: [x, 'y']\n---\n", {"tags": ["x", "y"]}, ""),
        ("---\nbad line\ntitle: Kept\n---\n", {"title": "Kept"}, ""),
        ("---\ntitle: Never closed\n\nBody", {}, "---\ntitle: Never closed\n\nBody"),
        ("Text first\n---\ntitle: no\n---\n", {}, "Text first\n---\ntitle: no\n---\n"),
        ("\ufeff---\r\ntitle: BOM\r\n---\r\nBody", {"title": "BOM"}, "Body"),
    ],
)
def test_front_matter_is_read_tolerantly(text: str, fields: dict[str, object], rest: str) -> None:
    assert parse_front_matter(text) == (fields, rest)


def test_front_matter_author_list_becomes_one_byline() -> None:
    doc = parse_markdown("---\nauthors:\n  - Ann Lee\n  - Bo Chan\n---\nText.\n")
    assert doc.byline == "Ann Lee, Bo Chan"


def test_markdown_read_from_a_real_file(tmp_path: Path) -> None:
    path = tmp_path / "note.md"
    path.write_text(ARTICLE, encoding="utf-8")
    assert parse_markdown(path.read_text(encoding="utf-8")) == parse_markdown(ARTICLE)


@pytest.mark.parametrize(
    "garbage",
    [
        "",
        "---\n---\n",
        "\x00\x01\x02",
        "[" * 5000,
        ">" * 3000 + " deep quote",
        "- " * 2000 + "deep list",
        "<script>alert(1)</script>",
        "*" * 10000,
        "| a |\n|---|\n" + "| x |\n" * 2000,
    ],
)
def test_garbage_never_raises(garbage: str) -> None:
    doc = parse_markdown(garbage)
    assert isinstance(doc, Document)
    assert "alert" not in doc.plain_text()
