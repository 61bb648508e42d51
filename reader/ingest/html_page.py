"""Saved web page → `Document`: the article's blocks without the page around it.

trafilatura finds the article and keeps its structure; readability-lxml is asked for a second
opinion only when trafilatura's answer looks short of the page's prose (it is slower, and worse
on average, but right where trafilatura stops at the first of several containers). `html_blocks`
turns either output into blocks, `html_tidy` drops the furniture both let through, and
`html_meta` reads title, byline, site and date from the page's declarations.

Nothing is ever fetched: an image inside the article becomes a caption block with its alt text,
and links keep only http(s)/mailto targets. trafilatura runs in its fast mode without images,
which on the development pages is both its fastest and its most precise setting.
"""

from __future__ import annotations

import logging
import re
import threading
import warnings
from dataclasses import dataclass

import trafilatura
from lxml import etree
from lxml import html as lxml_html
from readability import Document as ReadabilityDocument

from reader.document import Block, Document, Removed, normalize_inline
from reader.ingest.html_blocks import CAPTION_PREFIX, image_caption, tree_to_blocks
from reader.ingest.html_meta import PageMeta, read_meta
from reader.ingest.html_removed import removed_blocks
from reader.ingest.html_shape import limit_nesting
from reader.ingest.html_tidy import drop_teaser_lists, tidy_blocks

LOGGER = logging.getLogger(__name__)
# Both log every page they cannot handle as a warning; the import reports outcomes itself.
logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
logging.getLogger("readability").setLevel(logging.CRITICAL)

TRAFILATURA_OPTIONS: dict[str, object] = {
    "fast": True,
    "output_format": "xml",  # the XML tree is used directly; no text rendering is needed
    "include_comments": False,
    "include_formatting": True,
    "include_links": True,
    # Images are placed by `_place_images`: trafilatura's image mode also keeps credit lines and
    # gallery debris around figures, which costs more article precision than it brings.
    "include_images": False,
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
CONTAINER_SHARE = 0.8  # the article's container holds this share of the matched text
_MAX_CONTAINER_ANCHORS = 400
MAX_SANE_DEPTH = 100  # article paragraphs sit 6-28 levels deep on the development pages
_DEPTH_SAMPLES = 64
HUGE_PAGE_PARAGRAPHS = 3000  # the development pages have at most 205
_MIN_ANCHOR_CHARS = 20  # shorter texts ("Share", "Advertisement") are too common to anchor on
_WORD_RE = re.compile(r"\w+")


_PARSERS = threading.local()  # lxml parsers must not be shared between threads


def _parser() -> lxml_html.HTMLParser:
    parser = getattr(_PARSERS, "parser", None)
    if parser is None:
        parser = _PARSERS.parser = lxml_html.HTMLParser(
            encoding="utf-8",
            collect_ids=False,
            default_doctype=False,
            remove_comments=True,
            remove_pis=True,
            huge_tree=True,  # text nodes over 10 MB, nesting to 2048 levels (libxml2 stops at 256)
        )
    return parser


def _parse(html: str) -> etree._Element | None:
    """Parse leniently from UTF-8 bytes (faster than from str, and indifferent to control
    characters and stray surrogates that lxml refuses in a str)."""
    data = html.encode("utf-8", "replace")
    if b"\x00" in data:
        data = data.replace(b"\x00", b"")
    try:
        return lxml_html.document_fromstring(data, parser=_parser())
    except (etree.ParserError, ValueError, TypeError, etree.LxmlError, RecursionError, MemoryError):
        return None


def _flatten_if_deep(tree: etree._Element) -> None:
    """Unwrap generic containers when the page nests absurdly deep.

    Real articles sit 10-30 levels down; hostile or generated pages can nest thousands of levels,
    where trafilatura's work grows with depth times size (minutes for a few megabytes).
    Unwrapping ``div``/``span``-like wrappers keeps all text and its paragraph structure.
    """
    elements = list(tree.iter())
    step = max(1, len(elements) // _DEPTH_SAMPLES)
    deepest = max((sum(1 for _ in e.iterancestors()) for e in elements[::step]), default=0)
    if deepest > MAX_SANE_DEPTH:
        etree.strip_tags(tree, "div", "span", "section", "font", "center")


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


def _tidy_captions(blocks: list[Block], title: str) -> list[Block]:
    """One caption per distinct image description, and no loose paragraph repeating it."""
    seen = {title.casefold()} if title else set()
    out: list[Block] = []
    for block in blocks:
        if block.kind != "caption" or not block.text.startswith(CAPTION_PREFIX):
            if out and out[-1].kind == "caption" and _caption_key(out[-1]) == block.text.casefold():
                continue  # the page's own caption line under the image says the same
            out.append(block)
            continue
        key = _caption_key(block)
        if key in seen:
            continue
        seen.add(key)
        if out and out[-1].kind != "caption" and out[-1].text.casefold() == key:
            out.pop()
        out.append(block)
    return out


def _caption_key(block: Block) -> str:
    return block.text.removeprefix(CAPTION_PREFIX).casefold()


def _words(blocks: list[Block]) -> list[str]:
    return [w.casefold() for b in blocks for w in _WORD_RE.findall(b.text)]


@dataclass(slots=True)
class _PageScan:
    """The page's text elements and images in document order, read once."""

    texts: list[tuple[str, etree._Element]]  # normalised text of each p, li, h2-h6, ...
    images: list[tuple[int, etree._Element, Block]]  # (texts before it, element, caption)


_TEXT_TAGS = ("p", "li", "h2", "h3", "h4", "h5", "h6", "blockquote", "dd", "td")


def _scan(tree: etree._Element) -> _PageScan:
    """Texts and captioned images.

    Only a picture the page captions (a figure with a figcaption) is shown: that is how a page
    marks a picture as part of the article, while bare images are decoration, teasers and ads
    whose alt text nobody sees on the page. Its alt text wins over the figure's caption, which
    often adds credits and detail the article text does not need."""
    scan = _PageScan([], [])
    figure_captions: dict[etree._Element, str] = {}
    for elem in tree.iter(*_TEXT_TAGS, "img", "figure"):
        tag = elem.tag
        if tag == "figure":
            caption = next(elem.iter("figcaption"), None)
            if caption is not None:
                figure_captions[elem] = normalize_inline(caption.text_content())
        elif tag == "img":
            if next(elem.iterancestors("a"), None) is not None:
                continue  # a linked picture is a teaser, an ad or a share button
            figure = next(elem.iterancestors("figure"), None)
            described = figure_captions.get(figure) if figure is not None else None
            if not described:
                continue
            block = image_caption(elem) or image_caption(elem, described)
            if block is not None:
                scan.images.append((len(scan.texts), elem, block))
        else:
            scan.texts.append((" ".join(elem.text_content().split()), elem))
    return scan


def _missing_prose(scan: _PageScan, blocks: list[Block]) -> int:
    """Characters of long page paragraphs that the extraction left out.

    trafilatura sometimes stops at the first of several article containers; a lot of prose
    outside its result is the cheap sign that a second opinion is worth its cost.
    """
    extracted = " ".join(b.text for b in blocks)
    return sum(
        len(text)
        for text, elem in scan.texts
        if elem.tag == "p"
        and len(text) >= LONG_PARAGRAPH_CHARS
        and text[:_PROBE_CHARS] not in extracted
    )


def _place_images(scan: _PageScan, blocks: list[Block]) -> list[Block]:
    """Put a caption block for each described image that sits between the article's paragraphs.

    Page text elements are matched to blocks by their opening characters. The article's
    container is the smallest element holding most of the matched text; an image inside it goes
    after the block of the last matched element before it. Images outside it, before its first
    or after its last matched element belong to the page around the article.
    """
    starts: dict[str, int] = {}
    for i, block in enumerate(blocks):
        if block.kind != "caption" and len(block.text) >= _MIN_ANCHOR_CHARS:
            starts.setdefault(block.text[:_PROBE_CHARS], i)
    anchors: list[tuple[int, int, etree._Element, int]] = []  # (page pos, block, element, size)
    for pos, (text, elem) in enumerate(scan.texts):
        index = starts.get(text[:_PROBE_CHARS]) if len(text) >= _MIN_ANCHOR_CHARS else None
        if index is not None:
            anchors.append((pos, index, elem, len(text)))
    container = _container([(elem, size) for _, _, elem, size in anchors])
    if container is None:
        return blocks
    in_container = set(container.iter())
    inside = [a for a in anchors if a[2] in in_container]
    if len(inside) < 2:
        return blocks
    first, last = inside[0][0], inside[-1][0]
    after: dict[int, list[Block]] = {}
    cursor = 0
    for pos, elem, caption in scan.images:
        if not first < pos <= last or elem not in in_container:
            continue
        while cursor + 1 < len(inside) and inside[cursor + 1][0] < pos:
            cursor += 1
        after.setdefault(inside[cursor][1], []).append(caption)
    if not after:
        return blocks
    out: list[Block] = []
    for i, block in enumerate(blocks):
        out.append(block)
        out.extend(after.get(i, ()))
    return out


def _container(anchors: list[tuple[etree._Element, int]]) -> etree._Element | None:
    """The deepest element holding at least `CONTAINER_SHARE` of the anchored text."""
    anchors = anchors[:: max(1, len(anchors) // _MAX_CONTAINER_ANCHORS)]  # bounded work
    total = sum(size for _, size in anchors)
    if not total:
        return None
    weight: dict[etree._Element, int] = {}
    depth: dict[etree._Element, int] = {}
    for elem, size in anchors:
        for level, node in enumerate(reversed(list(elem.iterancestors()))):
            weight[node] = weight.get(node, 0) + size
            depth[node] = level
    heavy = [node for node, w in weight.items() if w >= CONTAINER_SHARE * total]
    return max(heavy, key=depth.__getitem__, default=None)


def _readability_blocks(html: str, base_url: str | None) -> list[Block]:
    """readability-lxml's article, as blocks; empty when it fails."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            summary = ReadabilityDocument(html).summary(html_partial=True)
            root = lxml_html.fragment_fromstring(summary, create_parent="div")
    except Exception:  # readability raises its own and lxml's errors on odd pages
        return []
    drop_teaser_lists(root)
    return tree_to_blocks(root, base_url)


def _coverage(part: list[str], whole: list[str]) -> float:
    """Share of ``part``'s word trigrams that also occur in ``whole``."""
    grams = set(zip(part, part[1:], part[2:], strict=False))
    if not grams:
        return 1.0 if set(part) <= set(whole) else 0.0
    other = set(zip(whole, whole[1:], whole[2:], strict=False))
    return len(grams & other) / len(grams)


def _second_opinion(
    html: str, scan: _PageScan, blocks: list[Block], base_url: str | None
) -> tuple[list[Block], bool]:
    """Ask readability when trafilatura returned little, or visibly less than the page's prose."""
    words = _words(blocks)
    short = len(words) < SHORT_WORDS
    found = sum(len(b.text) for b in blocks)
    if not short and _missing_prose(scan, blocks) < MISSING_SHARE * found:
        return blocks, False
    other = _readability_blocks(html, base_url)
    other_words = _words(other)
    if short and len(other_words) > len(words):
        return other, True
    if len(other_words) >= LONGER_RATIO * len(words) and _coverage(words, other_words) >= COVERAGE:
        return other, True
    return blocks, False


def _article_blocks(html: str, tree: etree._Element, base_url: str | None) -> list[Block]:
    """trafilatura's article (or readability's, when it knows better), with images placed."""
    _flatten_if_deep(tree)
    scan = _scan(tree)
    if sum(1 for _, elem in scan.texts if elem.tag == "p") > HUGE_PAGE_PARAGRAPHS:
        # trafilatura's time grows with the square of the paragraph count (a book saved as
        # one page would take minutes); readability's stays linear.
        return _readability_blocks(html, base_url)
    body = _trafilatura_body(tree)
    blocks: list[Block] = []
    if body is not None:
        drop_teaser_lists(body)
        blocks = tree_to_blocks(body, base_url)
    blocks, from_readability = _second_opinion(html, scan, blocks, base_url)
    if from_readability:  # readability's own output keeps its images in place
        return blocks
    return _place_images(scan, blocks)


def extract_html(html: str, *, url: str | None = None) -> Document:
    """The article in a saved page; an empty `Document` when there is none. Never raises."""
    if not isinstance(html, str) or not html.strip():
        return Document(url=url)
    html = limit_nesting(html[:MAX_HTML_CHARS])
    tree = _parse(html)
    if tree is None:
        return Document(url=url)
    try:
        meta = read_meta(tree, url)
    except Exception:  # metadata is a bonus: odd markup must not lose the article
        LOGGER.warning("page metadata unreadable", exc_info=True)
        meta = PageMeta(url=url)
    try:
        blocks = _article_blocks(html, tree, meta.url)
    except Exception:  # a last net: one odd page must not stop a batch import
        LOGGER.warning("article extraction failed", exc_info=True)
        blocks = []
    title = normalize_inline(meta.title or "")
    if title:
        blocks = _drop_repeated_title(blocks, title)
    blocks = tidy_blocks(_tidy_captions(blocks, title))
    doc = Document(
        title=title,
        blocks=blocks,
        byline=meta.byline,
        site=meta.site,
        published=meta.published,
        url=meta.url,
        language=meta.language,
    )
    try:
        doc.removed = _removed(tree, doc, meta.url)
    except Exception:  # what was left out is a bonus: it must never cost the article
        LOGGER.warning("reading the rest of the page failed", exc_info=True)
    return doc


def _removed(tree: etree._Element, doc: Document, base_url: str | None) -> list[Removed]:
    """The page's text outside the article, placed between the article's blocks."""
    found = removed_blocks(tree, doc.blocks, doc.title, base_url)
    return Document(blocks=doc.blocks, removed=found).removed  # normalised, like the blocks
