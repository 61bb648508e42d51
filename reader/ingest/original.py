"""The source of an article as it was, as text a person can read (`margin show --original`).

Each format says how its stored bytes read as text (`ORIGINAL_TEXT`; a new format adds its own
function). A text dump or Markdown file is shown exactly as decoded. A saved web page is shown
as the page's text, block by block, rather than its markup: the point of looking at the original
is to check what the cleaner cut, and that is text; the markup (scripts, styles, attributes) is
noise a reader cannot check anything against, and it is still there in the file itself.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from reader.ingest.sniff import decode

# Control characters are no page text, and lxml refuses them in text it is given back.
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

_BLOCK_TAGS = (
    "p", "div", "section", "article", "main", "header", "footer", "aside", "nav", "li", "ul",
    "ol", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "table",
    "tr", "figure", "figcaption", "form", "br", "hr", "title", "body",
)  # fmt: skip
_HIDDEN = ("script", "style", "noscript", "template", "svg", "math", "head")


def _decoded(data: bytes, fmt: str) -> str:
    return decode(data, fmt if fmt in ("text", "html", "markdown") else None)[0]  # type: ignore[arg-type]


def _page_text(data: bytes, fmt: str) -> str:
    """A page's visible text, one block a line, blank lines between blocks; title first."""
    return _html_text(_decoded(data, fmt))


def _html_text(text: str) -> str:
    """An HTML page's visible text (see `_page_text`)."""
    from lxml import etree
    from lxml import html as lxml_html

    text = _CONTROLS.sub(" ", text)
    try:
        root = lxml_html.document_fromstring(text.encode("utf-8", "replace"))
    except (etree.ParserError, ValueError):
        return text
    title = next(root.iter("title"), None)
    head = " ".join((title.text_content() if title is not None else "").split())
    for elem in list(root.iter(*_HIDDEN)):
        if elem.getparent() is not None:
            elem.drop_tree()
    for elem in root.iter(*_BLOCK_TAGS, "td", "th"):
        cell = elem.tag in ("td", "th")
        elem.tail = (" | " if cell else "\n\n") + (elem.tail or "")
    lines: list[str] = [head] if head else []
    for chunk in root.text_content().split("\n\n"):
        chunk = " ".join(chunk.split())
        if chunk:
            lines.append(chunk)
    return "\n\n".join(lines) + "\n"


def _pdf_text(data: bytes, fmt: str) -> str:
    """A PDF's text layer as the cleaner read it: reflowed paragraphs, running headers and
    footers already gone (the cleaner's input, so what it cut can be checked against it)."""
    from reader.ingest.pdf import pdf_text

    return pdf_text(data).text


def _archive_text(data: bytes, fmt: str) -> str:
    """The page inside an MHTML file or a Safari web archive, as a saved page's text."""
    from reader.ingest import web_archives

    page = (web_archives.mhtml_page if fmt == "mhtml" else web_archives.webarchive_page)(data)
    text = web_archives.page_text(page)
    return _html_text(text) if page.mime in web_archives.HTML_TYPES else text


def _book_text(data: bytes, fmt: str) -> str:
    """An EPUB's chapters in reading order, each as a page's text."""
    from reader.ingest.epub import chapter_html

    return "".join(_html_text(html) for html in chapter_html(data))


ORIGINAL_TEXT: dict[str, Callable[[bytes, str], str]] = {
    "text": _decoded,
    "markdown": _decoded,
    "html": _page_text,
    "pdf": _pdf_text,
    "mhtml": _archive_text,
    "webarchive": _archive_text,
    "epub": _book_text,
}


def original_text(data: bytes, fmt: str) -> str:
    """The stored source ``data`` of a ``fmt`` article as readable text."""
    return ORIGINAL_TEXT.get(fmt, _decoded)(data, fmt)
