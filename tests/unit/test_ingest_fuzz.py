"""Property-based fuzzing (hypothesis) of the cleaners, the sanitiser and the importer.

Whatever the input: no exception escapes, the stored HTML is inside the allow-list (no script, no
handler, no link that is not http(s) or mailto), and the HTML says exactly what the plain text
says, block by block (the plain text is what highlights are anchored in; the window's
`PositionMap` relies on the two agreeing, which `tests/gui/test_ingest_positions_fuzz.py` checks
in a real QTextDocument).
"""

from __future__ import annotations

import html as html_lib
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import html as lxml_html

from reader.document import Document
from reader.ingest.html_page import extract_html
from reader.ingest.markdown import parse_markdown
from reader.ingest.sniff import EXTENSIONS
from reader.ingest.text_dump import clean_text_dump
from reader.sanitize import sanitize_html
from reader.store import open_library
from reader.store.db import Library
from reader.store.library import get_article, import_file
from tests.xss_vectors import unsafe_parts

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

_chars = st.characters(exclude_categories=("Cs",))
_nasty = st.sampled_from(
    [
        "&", "&amp;", "&lt;script&gt;", "&#106;", "&#x0A;", "<", ">", '"', "'", "\ue000",
        "\ue0001", "\u2028", "\u202e", "\u200b", "\ufeff", "\x00", "\x0b", "\r", "\t", "😀",
        "𠀀", "é", "\u0301", "]]>", "<!--", "-->", "javascript:", "\\", "*", "_", "`", "[", "]",
        "(", ")", "#", ">", "-", "1.", "|", "\n",
    ]
)  # fmt: skip
TEXT = st.lists(st.one_of(st.text(_chars, max_size=12), _nasty), max_size=12).map("".join)
WORDS = st.lists(
    st.one_of(
        st.sampled_from(["harbour", "gulls", "market", "quay", "boats", "nets", "morning"]), _nasty
    ),
    min_size=1,
    max_size=30,
).map(" ".join)

_TAGS = st.sampled_from(
    [
        "p",
        "div",
        "span",
        "a",
        "b",
        "i",
        "em",
        "strong",
        "u",
        "s",
        "code",
        "pre",
        "ul",
        "ol",
        "li",
        "dl",
        "dt",
        "dd",
        "blockquote",
        "h1",
        "h2",
        "h3",
        "h6",
        "table",
        "tr",
        "td",
        "th",
        "img",
        "br",
        "hr",
        "figure",
        "figcaption",
        "article",
        "section",
        "nav",
        "header",
        "footer",
        "main",
        "aside",
        "script",
        "style",
        "iframe",
        "svg",
        "math",
        "object",
        "embed",
        "form",
        "input",
        "button",
        "base",
        "meta",
        "link",
        "title",
        "noscript",
        "template",
        "textarea",
        "select",
        "option",
        "video",
        "source",
        "picture",
        "font",
        "center",
        "xmp",
        "plaintext",
    ]
)
_ATTR_NAMES = st.sampled_from(
    [
        "href",
        "src",
        "srcset",
        "onclick",
        "onerror",
        "onload",
        "style",
        "class",
        "title",
        "alt",
        "xlink:href",
        "data",
        "action",
        "formaction",
        "background",
        "lowsrc",
        "poster",
        "content",
        "http-equiv",
        "rel",
    ]
)
_ATTR_VALUES = st.one_of(
    st.sampled_from(
        [
            "javascript:alert(1)", "JaVaScRiPt:alert(1)", " java\tscript:alert(1)",
            "jav&#x61;script:alert(1)", "http://e.example/x", "https://e.example/y?a=1&b=2",
            "mailto:a@e.example", "data:text/html,<script>alert(1)</script>", "vbscript:x",
            "//evil.example/", "#top", "relative/path", "0;url=javascript:alert(1)",
            "x\" onmouseover=\"alert(1)", "expression(alert(1))", "url(http://e.example/i.png)",
        ]
    ),
    TEXT,
)  # fmt: skip


@st.composite
def _element(draw: st.DrawFn, children: st.SearchStrategy[str]) -> str:
    tag = draw(_TAGS)
    attrs = draw(st.dictionaries(_ATTR_NAMES, _ATTR_VALUES, max_size=3))
    attr_text = "".join(f' {k}="{html_lib.escape(v, quote=True)}"' for k, v in attrs.items())
    inner = "".join(draw(st.lists(children, max_size=4)))
    close = draw(st.sampled_from([f"</{tag}>", f"</{tag}>", ""]))  # sometimes left open
    return f"<{tag}{attr_text}>{inner}{close}"


HTML_FRAGMENT = st.recursive(
    st.one_of(WORDS, TEXT, WORDS.map(html_lib.escape)), _element, max_leaves=40
)
HTML_PAGE = st.builds(
    lambda head, body: f"<html><head>{head}</head><body>{body}</body></html>",
    HTML_FRAGMENT,
    st.lists(HTML_FRAGMENT, max_size=6).map("".join),
)
_MD_LINE = st.builds(
    lambda prefix, text, suffix: prefix + text + suffix,
    st.sampled_from(
        ["", "", "# ", "## ", "> ", "> > ", "- ", "  - ", "1. ", "    ", "```", "~~~", "| ", "* ", "- [ ] "]
    ),
    st.one_of(WORDS, TEXT, HTML_FRAGMENT),
    st.sampled_from(
        ["", "", " |", "*", "**", "`", "](javascript:alert(1))", "](http://e.example/)", "\n---", "\n===", "<"]
    ),
)  # fmt: skip
MARKDOWN = st.lists(st.one_of(_MD_LINE, st.just("")), max_size=25).map("\n".join)
DUMP = st.lists(
    st.one_of(WORDS, TEXT, st.just(""), WORDS.map(lambda w: "- " + w)), max_size=40
).map("\n".join)


def _html_units(html: str) -> list[str]:
    """The text of each block of our HTML, in order, as a rich-text view reads it."""
    if not html.strip():
        return []
    root = lxml_html.fragment_fromstring(html, create_parent="div")
    units: list[str] = []
    for elem in root.iter("h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "pre", "table"):
        if elem.tag == "table":  # one unit: a line per row, cells joined by " | "
            rows = (" | ".join(c.text_content() for c in tr) for tr in elem.iter("tr"))
            units.append("\n".join(rows))
        elif elem.tag == "li":  # its own text, not its nested list's
            parts = [elem.text or ""]
            for child in elem:
                if child.tag not in ("ul", "ol"):
                    parts.append(child.text_content())
                parts.append(child.tail or "")
            units.append("".join(parts))
        else:
            units.append(elem.text_content())
    return units


def _check(doc: Document) -> None:
    """Allow-listed, and the HTML holds exactly the plain text's units."""
    html = sanitize_html(doc.to_html())
    assert unsafe_parts(html) == []
    assert _html_units(html) == doc.texts()
    assert doc.plain_text() == "\n\n".join(doc.texts())
    assert Document.from_json(doc.to_json()).texts() == doc.texts()
    doc.to_markdown()
    doc.to_text()


@SETTINGS
@given(HTML_PAGE)
def test_html_extraction(page: str) -> None:
    _check(extract_html(page))


@SETTINGS
@given(MARKDOWN)
def test_markdown(text: str) -> None:
    _check(parse_markdown(text))


@SETTINGS
@given(DUMP)
def test_text_dumps(text: str) -> None:
    _check(clean_text_dump(text))


@SETTINGS
@given(st.one_of(HTML_FRAGMENT, TEXT, st.lists(HTML_FRAGMENT, max_size=8).map("".join)))
def test_sanitiser_output_is_always_allow_listed(html: str) -> None:
    assert unsafe_parts(sanitize_html(html)) == []


@SETTINGS
@given(st.lists(st.text(st.characters(exclude_categories=("Cs", "Cc")), max_size=30), max_size=6))
def test_escaped_text_passes_the_sanitiser_unchanged(texts: list[str]) -> None:
    html = "".join(f"<p>{html_lib.escape(t, quote=False)}</p>" for t in texts)
    assert sanitize_html(html) == html


@pytest.fixture(scope="module")
def fuzz_library(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Library]:
    library = open_library(tmp_path_factory.mktemp("fuzz") / "library.db")
    yield library
    library.close()


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    data=st.one_of(
        st.binary(max_size=3000),
        st.builds(
            lambda text, codec: text.encode(codec, "replace"),
            st.one_of(HTML_PAGE, MARKDOWN, DUMP),
            st.sampled_from(
                ["utf-8", "utf-16", "utf-16-le", "utf-32", "cp1252", "latin-1", "utf-8-sig"]
            ),
        ),
    ),
    ext=st.sampled_from([*EXTENSIONS, "", ".bin"]),
)
def test_importer_reports_every_file_on_one_line(
    fuzz_library: Library, data: bytes, ext: str
) -> None:
    library = fuzz_library
    path = library.path.parent / f"fuzz{ext}"
    path.write_bytes(data)
    result = import_file(library, path)
    assert result.status in ("imported", "updated", "unchanged", "failed")
    if result.status == "failed":
        assert result.reason
        assert "\n" not in result.reason
        assert "internal error" not in result.reason, result.reason
    else:
        assert result.article_id is not None
        record = get_article(library, result.article_id)
        assert record is not None
        assert unsafe_parts(record.html) == []
        assert _html_units(record.html) == Document.from_json(record.document_json).texts()
    assert library.integrity_check() == "ok"
