"""`show`/`clean --format markdown` can never turn article text into HTML, images or broken fences.

Property (hypothesis): any document, with text full of Markdown metacharacters and marks with
hostile link addresses, rendered to Markdown and parsed back with markdown-it-py (CommonMark with
raw HTML on, plus GitHub tables and strikethrough) has no raw HTML, no image, links only where a
link mark with an allowed scheme is, one intact fence per code block holding exactly its code,
only the headings, lists and quotes the blocks ask for, and (without emphasis marks) the very
text of each block.
"""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from reader.document import Block, Document, Mark
from reader.document_render import _md_destination

MD = MarkdownIt("commonmark").enable(["table", "strikethrough"])
META = "*_`~[]()<>!&#;|\\:-+=.)1234567890 \t\"'{}$^%@/"
TEXT = st.text(
    alphabet=st.one_of(
        st.sampled_from(META), st.characters(codec="utf-8", categories=("L", "N", "P", "S", "Zs"))
    ),
    min_size=1,
    max_size=40,
)
HREF = st.one_of(
    st.builds(
        lambda scheme, rest: scheme + rest,
        st.sampled_from(
            ["https://", "http://", "mailto:", "#", "javascript:", "data:", "HTTPS://"]
        ),
        st.text(alphabet=META + "abcxyz/?=", max_size=30),
    ),
    st.just("https://a.example/x)![y](https://evil.example/i.png"),
)
SAFE = ("http:", "https:", "mailto:", "#")


@st.composite
def blocks(draw: Any) -> Block:
    kind = draw(st.sampled_from(["paragraph", "heading", "list_item", "quote", "pre", "caption"]))
    if kind == "pre":
        lines = draw(
            st.lists(
                st.one_of(TEXT, st.sampled_from(["```", "````", "~~~~~", "<script>x</script>"])),
                min_size=1,
                max_size=5,
            )
        )
        return Block("pre", "\n".join(lines))
    text = draw(TEXT)
    marks = []
    for _ in range(draw(st.integers(0, 3))):
        a = draw(st.integers(0, len(text) - 1))
        b = draw(st.integers(a + 1, len(text)))
        mark_kind = draw(st.sampled_from(["em", "strong", "code", "link"]))
        marks.append(Mark(a, b, mark_kind, draw(HREF) if mark_kind == "link" else None))
    level = draw(st.integers(2, 6)) if kind == "heading" else 1 if kind == "list_item" else 0
    ordered = kind == "list_item" and draw(st.booleans())
    return Block(kind, text, level=level, ordered=ordered, marks=tuple(marks))


def _walk(tokens: list[Any]) -> list[Any]:
    out = []
    for t in tokens:
        out.append(t)
        out.extend(_walk(t.children or []))
    return out


def _inline_text(token: Any) -> str:
    parts = []
    for c in token.children or []:
        if c.type in ("text", "code_inline"):
            parts.append(c.content)
        elif c.type in ("softbreak", "hardbreak"):
            parts.append(" ")
    return "".join(parts)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(title=TEXT, body=st.lists(blocks(), min_size=1, max_size=8))
def test_rendered_markdown_keeps_text_as_text(title: str, body: list[Block]) -> None:
    doc = Document(title=title, blocks=body)
    tokens = MD.parse(doc.to_markdown())
    every = _walk(tokens)
    types = [t.type for t in every]
    assert not {"html_block", "html_inline", "image"} & set(types)

    allowed = {
        MD.normalizeLink(_md_destination(m.href)[1:-1])  # as written, in <...>
        for b in doc.blocks
        for m in b.marks
        if m.kind == "link" and m.href and m.href.lower().startswith(SAFE)
    }
    for t in every:
        if t.type == "link_open":
            assert t.attrs["href"] in allowed

    pres = [b for b in doc.blocks if b.kind == "pre"]
    fences = [t for t in tokens if t.type in ("fence", "code_block")]
    assert [f.content for f in fences] == [b.text + "\n" if b.text else "" for b in pres]

    headings = [t for t in tokens if t.type == "heading_open"]
    want = (["h1"] if doc.title else []) + [
        f"h{min(max(b.level, 2), 6)}" for b in doc.blocks if b.kind == "heading"
    ]
    assert [h.tag for h in headings] == want
    assert types.count("list_item_open") == sum(b.kind == "list_item" for b in doc.blocks)
    assert "hr" not in types
    if not any(b.kind == "quote" for b in doc.blocks):
        assert "blockquote_open" not in types
    assert "table_open" not in types

    # The text itself survives (emphasis may legitimately fail to apply next to punctuation).
    inlines = [t for t in tokens if t.type == "inline"]
    texts = ([doc.title] if doc.title else []) + [
        b.text for b in doc.blocks if b.kind not in ("pre",)
    ]
    plain = [b for b in ([None] if doc.title else []) + [b for b in doc.blocks if b.kind != "pre"]]
    assert len(inlines) == len(texts)
    for inline, text, block in zip(inlines, texts, plain, strict=True):
        if block is None or not any(m.kind in ("em", "strong") for m in block.marks):
            assert _inline_text(inline) == text


def test_known_injections_stay_inert() -> None:
    doc = Document(
        title="T",
        blocks=[
            Block(
                "paragraph", "Wow!here", marks=(Mark(4, 8, "link", "https://evil.example/x.png"),)
            ),
            Block(
                "paragraph",
                "see here",
                marks=(Mark(4, 8, "link", "https://a.example/x)![y](https://evil.example/i.png"),),
            ),
            Block("pre", "code\n````\n<script>alert(1)</script>\n````"),
            Block("paragraph", "~~~"),
            Block("paragraph", "---"),
            Block("heading", "Title ending in #", level=2),
        ],
    )
    tokens = _walk(MD.parse(doc.to_markdown()))
    assert not [t for t in tokens if t.type in ("image", "html_block", "html_inline", "hr")]
    fences = [t for t in tokens if t.type == "fence"]
    assert [f.content for f in fences] == ["code\n````\n<script>alert(1)</script>\n````\n"]
    heading = [t for t in tokens if t.type == "inline"][-1]
    assert heading.content.endswith("\\#")
