"""Saved web page → `Document`: the article's blocks without the page around it.

trafilatura finds the article and keeps its structure; `html_blocks` turns its output into
blocks; `html_meta` reads title, byline, site and date from the page's declarations. Nothing is
ever fetched: images become alt-text captions and links are kept only as http(s)/mailto targets.
"""

from __future__ import annotations

import logging
import re
import warnings

import trafilatura
from lxml import etree
from lxml import html as lxml_html
from readability import Document as ReadabilityDocument
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
MAX_HTML_CHARS = 60_000_000  # past the import limit: only bounds misuse of the API

# When to ask readability for a second opinion, and when to believe it.
SHORT_WORDS = 60  # trafilatura found less than this: try readability
LONG_PARAGRAPH_CHARS = 200  # a page paragraph this long is prose...
MISSING_SHARE = 0.5  # ...and this much of it missing (relative to what was found) is suspicious
LONGER_RATIO = 1.5  # readability's text must be this much longer
COVERAGE = 0.7  # and contain this share of trafilatura's
_PROBE_CHARS = 40
_WORD_RE = re.compile(r"\w+")


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


def _words(blocks: list[Block]) -> list[str]:
    return [w.casefold() for b in blocks for w in _WORD_RE.findall(b.text)]


def _missing_prose(tree: etree._Element, blocks: list[Block]) -> int:
    """Characters of long page paragraphs that the extraction left out.

    trafilatura sometimes stops at the first of several article containers; a lot of prose
    outside its result is the cheap sign that a second opinion is worth its cost.
    """
    extracted = " ".join(b.text for b in blocks)
    missing = 0
    for para in tree.iter("p"):
        text = normalize_inline(para.text_content())
        if len(text) >= LONG_PARAGRAPH_CHARS and text[:_PROBE_CHARS] not in extracted:
            missing += len(text)
    return missing


def _readability_blocks(html: str, base_url: str | None) -> list[Block]:
    """readability-lxml's article, as blocks; empty when it fails."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            summary = ReadabilityDocument(html).summary(html_partial=True)
            root = lxml_html.fragment_fromstring(summary, create_parent="div")
    except Exception:  # readability raises its own and lxml's errors on odd pages
        return []
    return tree_to_blocks(root, base_url)


def _coverage(part: list[str], whole: list[str]) -> float:
    """Share of ``part``'s word trigrams that also occur in ``whole``."""
    grams = set(zip(part, part[1:], part[2:], strict=False))
    if not grams:
        return 1.0 if set(part) <= set(whole) else 0.0
    other = set(zip(whole, whole[1:], whole[2:], strict=False))
    return len(grams & other) / len(grams)


def _second_opinion(html: str, tree: etree._Element, blocks: list[Block], base_url: str | None
                    ) -> list[Block]:  # fmt: skip
    """Ask readability when trafilatura returned little, or visibly less than the page's prose."""
    words = _words(blocks)
    short = len(words) < SHORT_WORDS
    if not short and _missing_prose(tree, blocks) < MISSING_SHARE * sum(len(b.text) for b in blocks):
        return blocks
    other = _readability_blocks(html, base_url)
    other_words = _words(other)
    if short and len(other_words) > len(words):
        return other
    if len(other_words) >= LONGER_RATIO * len(words) and _coverage(words, other_words) >= COVERAGE:
        return other
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
    blocks = _second_opinion(html, tree, blocks, meta.url)
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
