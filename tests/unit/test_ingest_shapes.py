"""Input shaping before the expensive libraries: nesting depth for lxml and markdown-it, escape
floods for bleach, and marks rendered in one sweep. Each keeps all of the text."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from lxml import etree
from lxml import html as lxml_html

from reader.document import Block, Document, Mark
from reader.ingest.html_page import extract_html
from reader.ingest.html_shape import MAX_NESTING, limit_nesting
from reader.ingest.markdown import parse_markdown
from reader.ingest.markdown_shape import MAX_PREFIX_COLUMNS, limit_markdown_nesting
from reader.ingest.pipeline import clean_file
from reader.sanitize import sanitize_html
from tests.hostile_corpus import PROSE

P2 = "Second paragraph: the gulls kept the market square to themselves until nine."


def _depth(html: str) -> int:
    tree = lxml_html.document_fromstring(html.encode(), parser=lxml_html.HTMLParser(huge_tree=True))
    depth = deepest = 0
    for event, _elem in etree.iterwalk(tree, events=("start", "end")):
        depth += 1 if event == "start" else -1
        deepest = max(deepest, depth)
    return deepest


@pytest.mark.parametrize("depth", [3_000, 50_000])
@pytest.mark.parametrize("tag", ["div", "blockquote", "span", "b", "section"])
def test_html_nested_past_libxml2s_limit_imports_its_text(
    tmp_path: Path, depth: int, tag: str
) -> None:
    body = f"<{tag}>" * depth + f"<p>{PROSE}</p><p>{P2}</p>" + f"</{tag}>" * depth
    path = tmp_path / "deep.html"
    path.write_text(f"<html><head><title>Deep</title></head><body>{body}</body></html>")
    text = clean_file(path).plain_text
    assert PROSE in text
    assert P2 in text


def test_unclosed_tags_are_bounded_like_libxml2_counts_them() -> None:
    body = "".join(
        f"<p><b><i><font>{PROSE} {i} <a href='http://e.example/{i}'>link</a>" for i in range(3000)
    )
    html = f"<html><body><article>{body}</article></body></html>"
    shaped = limit_nesting(html)
    assert _depth(html) >= 2000  # libxml2 nests them all
    assert _depth(shaped) <= MAX_NESTING + 2
    text = " ".join(b.text for b in extract_html(shaped).blocks)
    assert all(f"{PROSE} {i} link" in text for i in (0, 1500, 2999))


def test_shallow_pages_are_left_alone() -> None:
    html = (
        "<html><body>"
        + "<div><ul><li><p>x <b>y</b> <br> <img src=a> z</p></li></ul></div>" * 500
        + "</body></html>"
    )
    assert limit_nesting(html) is html


def test_development_pages_are_left_alone(shared_dir: Path) -> None:
    pages = sorted((shared_dir / "cleaning-bench" / "data" / "html").glob("*.html"))
    if not pages:
        pytest.skip("no bench pages")
    for page in pages:
        text = page.read_bytes().decode("utf-8", "replace")
        assert limit_nesting(text) == text, page.name


def test_markdown_nested_past_markdown_its_limit_keeps_the_rest() -> None:
    quotes = "".join(f"{'>' * i} level {i}\n" for i in range(1, 60))
    text = f"# Deep\n\n{quotes}\nAfter the quotes.\n\n## A heading\n\n{P2}\n"
    doc = parse_markdown(text)
    plain = doc.plain_text()
    assert all(f"level {i}" in plain for i in range(1, 60))
    assert "After the quotes." in plain
    assert [b.text for b in doc.blocks if b.kind == "heading"] == ["A heading"]
    assert doc.blocks[-1].text == P2


def test_markdown_with_10000_quote_markers_on_one_line() -> None:
    doc = parse_markdown(">" * 10_000 + " deep text\n\nAfter.\n")
    assert [b.text for b in doc.blocks] == ["deep text", "After."]


def test_markdown_nested_lists_keep_every_item() -> None:
    text = "".join("  " * i + f"- item {i}\n" for i in range(300)) + f"\n{P2}\n"
    plain = parse_markdown(text).plain_text()
    assert all(re.search(rf"\bitem {i}\b", plain) for i in range(300))
    assert plain.endswith(P2)


def test_markdown_shaping_leaves_ordinary_files_and_code_alone() -> None:
    ordinary = "# T\n\n> quote\n> > nested\n\n- a\n  - b\n    - c\n\n    code\n"
    assert limit_markdown_nesting(ordinary) is ordinary
    fenced = "```\n" + " " * 80 + "deep code\n" + "> " * 40 + "x\n```\n"
    assert limit_markdown_nesting(fenced) is fenced
    line = "> " * 40 + "text"
    cut = limit_markdown_nesting(line)
    assert cut.endswith(" text")
    assert len(cut) - len("text") <= MAX_PREFIX_COLUMNS


@pytest.mark.parametrize("escape", ["&amp;", "&lt;", "&gt;", "&quot;"])
def test_an_escape_flood_passes_the_sanitiser_unchanged(escape: str) -> None:
    html = f"<p>{PROSE}</p><p>{escape * 200_000}</p>"  # took bleach minutes before
    assert sanitize_html(html) == html


def test_the_sanitisers_shield_cannot_be_forged() -> None:
    html = '<p>\ue000 \ue0001 \ue0002 &amp;\ue0000 <a href="http://a.example/?x=1&amp;y=&quot;">l</a></p>'
    out = sanitize_html(html + "<script>alert(1)</script><a href='javascript:x'>j</a>")
    assert out == html + "<a>j</a>"


def test_a_paragraph_of_30000_links_renders_in_one_sweep() -> None:
    words = [f"w{i}" for i in range(30_000)]
    text = " ".join(words)
    marks, pos = [], 0
    for i, w in enumerate(words):
        marks.append(Mark(pos, pos + len(w), "link", f"http://e.example/{i}"))
        pos += len(w) + 1
    doc = Document(title="Links", blocks=[Block("paragraph", text, marks=tuple(marks))])
    html = doc.to_html()  # minutes with the quadratic renderer (100,000 links: hours)
    assert html.count("<a href=") == 30_000
    assert doc.to_markdown().count("](<http://e.example/") == 30_000
