"""Saved web page → `Document`: the article's blocks without the page around it.

trafilatura finds the article and keeps its structure; `html_blocks` turns its output into
blocks; `html_meta` reads title, byline, site and date from the page's declarations. Nothing is
ever fetched: images become alt-text captions and links are kept only as http(s)/mailto targets.
"""

from __future__ import annotations

import logging
import warnings

import trafilatura
from lxml import etree
from trafilatura.utils import load_html

from reader.document import Block, Document, normalize_inline
from reader.ingest.html_blocks import tree_to_blocks
from reader.ingest.html_meta import PageMeta, read_meta

logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
logging.getLogger("readability").setLevel(logging.CRITICAL)

TRAFILATURA_OPTIONS: dict[str, object] = {
    "fast": True,
    "output_format": "xml",  # the XML tree is used directly; no text rendering is needed
    "include_comments": False,
    "include_formatting": True,
    "include_links": True,
    "include_images": True,
    "include_tables": True,
    "with_metadata": False,
}
MAX_HTML_CHARS = 30_000_000  # beyond this the page is cut: no saved article is that long


def _parse(html: str) -> etree._Element | None:
    """Parse leniently; a fragment without ``<html>`` is wrapped so it is not rejected."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            tree = load_html(html)
            if tree is None or len(tree) == 0:
                tree = load_html(f"<html><body><div>{html}</div></body></html>")
    except (ValueError, TypeError, etree.LxmlError, RecursionError, MemoryError):
        return None
    return tree


def _trafilatura_body(tree: etree._Element) -> etree._Element | None:
    """trafilatura's article body as its XML tree (no serialisation round trip)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            result = trafilatura.bare_extraction(tree, **TRAFILATURA_OPTIONS)
    except Exception:  # trafilatura's internals raise many types on hostile input
        return None
    body = getattr(result, "body", None)
    return body if body is not None and len(body) else None


def _drop_repeated_title(blocks: list[Block], title: str) -> list[Block]:
    """The title is `Document.title`; a leading heading or paragraph repeating it goes."""
    key = title.casefold()
    for i, block in enumerate(blocks[:3]):
        if block.kind in ("heading", "paragraph") and block.text.casefold() == key:
            return blocks[:i] + blocks[i + 1 :]
    return blocks


def extract_html(html: str, *, url: str | None = None) -> Document:
    """The article in a saved page; an empty `Document` when there is none. Never raises."""
    if not isinstance(html, str) or not html.strip():
        return Document(url=url)
    html = html[:MAX_HTML_CHARS]
    tree = _parse(html)
    if tree is None:
        return Document(url=url)
    try:
        meta = read_meta(tree, url)
    except Exception:  # metadata is a bonus: odd markup must not lose the article
        meta = PageMeta(url=url)
    body = _trafilatura_body(tree)
    blocks = tree_to_blocks(body, meta.url) if body is not None else []
    title = normalize_inline(meta.title or "")
    if title:
        blocks = _drop_repeated_title(blocks, title)
    return Document(
        title=title,
        blocks=blocks,
        byline=meta.byline,
        site=meta.site,
        published=meta.published,
        url=meta.url,
        language=meta.language,
    )

