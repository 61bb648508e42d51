"""The document model: plain text as coordinate system, renderings, storage round trip."""

from __future__ import annotations

from reader.document import Block, Document, InlineBuilder, Mark
from reader.sanitize import sanitize_html


def sample() -> Document:
    return Document(
        title="A  title\twith space",
        blocks=[
            Block("paragraph", "First   para\n graph.", marks=()),
            Block("heading", "Section", level=2),
            Block("list_item", "one", level=1),
            Block("list_item", "nested", level=2),
            Block("quote", "Quoted words"),
            Block("pre", "\n\ncode()\n\n    indented\n\n"),
            Block("paragraph", "   "),
        ],
        site="Example",
    )


def test_whitespace_rules_and_empty_blocks_dropped() -> None:
    doc = sample()
    assert doc.title == "A title with space"
    assert [b.text for b in doc.blocks] == [
        "First para graph.",
        "Section",
        "one",
        "nested",
        "Quoted words",
        "code()\n\n    indented",
    ]


def test_plain_text_and_block_spans_agree() -> None:
    doc = sample()
    text = doc.plain_text()
    assert text.startswith("A title with space\n\nFirst para graph.\n\nSection")
    for (start, end), unit in zip(doc.block_spans(), doc.texts(), strict=True):
        assert text[start:end] == unit


def test_html_is_already_sanitary_and_escaped() -> None:
    doc = Document(
        title="<script>alert(1)</script>",
        blocks=[
            Block(
                "paragraph",
                "a <b> & link",
                marks=(Mark(10, 14, "link", "javascript:alert(1)"), Mark(0, 1, "em")),
            ),
            Block("paragraph", "safe", marks=(Mark(0, 4, "link", "https://example.org/?a=1&b=2"),)),
        ],
    )
    html = doc.to_html()
    assert "<script>" not in html
    assert "javascript:" not in html
    assert '<a href="https://example.org/?a=1&amp;b=2">safe</a>' in html
    assert sanitize_html(html) == html


def test_overlapping_marks_nest_properly() -> None:
    doc = Document(
        blocks=[Block("paragraph", "abcdef", marks=(Mark(0, 4, "em"), Mark(2, 6, "strong")))]
    )
    assert doc.to_html() == "<p><em>ab</em><em><strong>cd</strong></em><strong>ef</strong></p>"


def test_markdown_rendering_and_escaping() -> None:
    doc = Document(
        title="Title",
        blocks=[
            Block("heading", "Part", level=2),
            Block("paragraph", "# not a heading *nor* emphasis"),
            Block("list_item", "item", level=1),
            Block("list_item", "numbered", level=1, ordered=True),
            Block("quote", "q"),
            Block("pre", "x = `1`"),
        ],
    )
    md = doc.to_markdown()
    assert md.startswith("# Title\n\n## Part\n\n\\# not a heading \\*nor\\* emphasis\n\n- item")
    assert "> q" in md
    assert "```\nx = `1`\n```" in md


def test_text_rendering_title_first_then_blank_line_paragraphs() -> None:
    doc = Document(title="T", blocks=[Block("paragraph", "p1"), Block("paragraph", "p2")])
    assert doc.to_text() == "T\n\np1\n\np2\n"


def test_json_round_trip() -> None:
    doc = sample()
    doc.blocks.append(Block("paragraph", "x y", marks=(Mark(0, 1, "link", "https://a"),)))
    again = Document.from_json(doc.to_json())
    assert again.to_dict() == doc.to_dict()
    assert again.plain_text() == doc.plain_text()


def test_inline_builder_collapses_whitespace_and_keeps_marks_valid() -> None:
    b = InlineBuilder()
    b.text("  Hello \n ")
    h = b.open("strong")
    b.text(" big\t")
    b.close(h)
    b.text(" world  ")
    block = b.build()
    assert block.text == "Hello big world"
    (mark,) = block.marks
    assert block.text[mark.start : mark.end] == "big"


def test_word_count_counts_cjk_characters() -> None:
    doc = Document(title="", blocks=[Block("paragraph", "two words 東京都")])
    assert doc.word_count() == 5
