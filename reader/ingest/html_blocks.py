"""Turn trafilatura's XML body (or a cleaned HTML fragment) into `Block`s with inline marks.

trafilatura's output keeps structure as a small TEI-like vocabulary (``head rend=h2``, ``p``,
``list/item``, ``quote``, ``code``, ``table/row/cell``, ``hi rend=#b``, ``ref target``,
``graphic``). Readability's output is plain HTML. Both are walked here by one converter, so the
two extractors give the same kind of `Document` and can be compared block by block. A data table
becomes one table block (cells as plain text); a table that lays out a page is read as the
blocks of its cells.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import urljoin

from lxml import etree

from reader.document import (
    Block,
    BlockKind,
    InlineBuilder,
    MarkKind,
    normalize_inline,
    table_block,
)
from reader.ingest.budget import checkpoint

# Tag names of both vocabularies, mapped to what they mean for us.
_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
_LISTS = {"list", "ul", "ol", "dl"}
_ITEMS = {"item", "li", "dt", "dd"}
_QUOTES = {"quote", "blockquote"}
_CODE_BLOCKS = {"code", "pre"}
_TABLES = {"table"}
_ROWS = {"row", "tr"}
_CELLS = {"cell", "td", "th"}
_IMAGES = {"graphic", "img"}
_PARAS = {"p", "ab", "figcaption", "caption"}
_CONTAINERS = {
    "body", "div", "section", "article", "main", "figure", "center", "tbody", "thead", "tfoot",
    "header", "footer", "aside", "details", "summary", "hgroup", "html",
}  # fmt: skip
_BLOCKISH = (
    _LISTS | _ITEMS | _QUOTES | _TABLES | _ROWS | _IMAGES | _PARAS | _CONTAINERS | {"head", "hr"}
)
_INLINE_MARKS: dict[str, MarkKind] = {
    "#b": "strong", "#i": "em", "#t": "code",
    "b": "strong", "strong": "strong", "i": "em", "em": "em", "cite": "em",
    "code": "code", "kbd": "code", "samp": "code", "tt": "code",
}  # fmt: skip
_DROP = {"script", "style", "noscript", "iframe", "object", "embed", "template", "svg", "math",
         "button", "input", "select", "textarea", "form", "nav", "canvas", "video", "audio",
         "source", "track", "link", "meta", "title"}  # fmt: skip
_SAFE_SCHEMES = ("http://", "https://", "mailto:")
LAYOUT_CELL_WORDS = 80  # a cell holding more prose than this arranges a page, not data
MAX_DEPTH = 60  # deeper nesting is flattened to text: hostile pages must not exhaust the stack


def safe_href(href: str | None, base_url: str | None) -> str | None:
    """Resolve a link against the page URL and keep it only if it is http(s) or mailto."""
    if not href:
        return None
    href = href.strip()
    if base_url and not href.lower().startswith(_SAFE_SCHEMES):
        try:
            href = urljoin(base_url, href)
        except ValueError:
            return None
    return href if href.lower().startswith(_SAFE_SCHEMES) else None


CAPTION_PREFIX = "Image: "
MIN_ALT_WORDS = 3  # shorter alt texts name the picture's subject without describing it
# An alt text that is one token of word characters, dots, dashes or underscores with a dash,
# underscore or file extension in it is a file name or slug, not a description.
_SLUG_RE = re.compile(r"^[\w.\-]*(?:[_\-][\w.\-]*|\.(?:jpe?g|png|gif|webp|svg|avif))$", re.I)


def image_caption(elem: etree._Element, described: str | None = None) -> Block | None:
    """Images are never fetched: what the reader sees is a caption with the alt text.

    ``described`` is the figure's caption, for an image whose alt text is missing or useless.
    """
    alt = normalize_inline(described or elem.get("alt") or elem.get("title") or "")
    if len(alt) < 2 or _SLUG_RE.match(alt):
        return None
    if not described and len(alt.split()) < MIN_ALT_WORDS:
        return None  # "plague", "Hong Kong protester": keywords for search engines
    builder = _Builder()
    builder.text(CAPTION_PREFIX + alt)
    return builder.build("caption")


def _tag(elem: etree._Element) -> str:
    tag = elem.tag
    return tag.lower() if isinstance(tag, str) else ""


def _is_block_code(elem: etree._Element) -> bool:
    """A ``code`` element is a block when it stands alone or holds several lines."""
    if _tag(elem) == "pre":
        return True
    parent = elem.getparent()
    if parent is None or _tag(parent) in _CONTAINERS:
        return True
    text = "".join(elem.itertext())
    return "\n" in text.strip()


def _joins_words(left: str, right: str) -> bool:
    """Both sides are letters or digits of a script that separates words with spaces."""
    return left.isalnum() and right.isalnum() and ord(left) < 0x530 and ord(right) < 0x530


class _Builder(InlineBuilder):
    """An `InlineBuilder` that remembers its last character, to repair glued words.

    trafilatura trims the text after inline elements in some layouts ("<ref>MacBook Pro</ref>was
    released"); a word character on both sides of an element boundary was a space.
    """

    def __init__(self) -> None:
        super().__init__()
        self.last = ""

    def text(self, piece: str) -> None:
        super().text(piece)
        if piece:
            self.last = piece[-1]

    def tail(self, piece: str | None) -> None:
        if not piece:
            return
        if _joins_words(self.last, piece[0]):
            super().text(" ")
        self.text(piece)


class _Walker:
    """Walks one tree, emitting blocks in document order."""

    def __init__(self, base_url: str | None) -> None:
        self.base_url = base_url
        self.blocks: list[Block] = []

    # -- block level -------------------------------------------------------------------------
    def block(self, elem: etree._Element, depth: int, list_depth: int, in_quote: bool) -> None:
        checkpoint()
        tag = _tag(elem)
        if not tag or tag in _DROP:
            return
        if depth > MAX_DEPTH:
            self._flat_text(elem, "quote" if in_quote else "paragraph")
            return
        if tag == "head" or tag in _HEADINGS:
            level = _HEADINGS.get(elem.get("rend", "") if tag == "head" else tag, 2)
            self._inline_block(elem, "heading", level=max(level, 2))
        elif tag in _LISTS:
            ordered = tag == "ol" or elem.get("rend", "") == "ol"
            for child in elem:
                if _tag(child) in _ITEMS:
                    self._item(child, depth + 1, list_depth + 1, ordered)
                else:
                    self.block(child, depth + 1, list_depth, in_quote)
        elif tag in _ITEMS:
            self._item(elem, depth + 1, list_depth + 1, False)
        elif tag in _QUOTES:
            self._mixed(elem, "quote", depth, list_depth, True)
        elif tag in _CODE_BLOCKS and _is_block_code(elem):
            text = "".join(elem.itertext())
            if text.strip():
                self.blocks.append(Block("pre", text))
        elif tag in _TABLES:
            self._table(elem, depth)
        elif tag in _IMAGES:
            caption = image_caption(elem)
            if caption is not None:
                self.blocks.append(caption)
        elif tag in _CONTAINERS or tag in _ROWS or tag in _CELLS:
            self._mixed(elem, "quote" if in_quote else "paragraph", depth, list_depth, in_quote)
        else:  # p, ab, and anything inline met at block level
            kind: BlockKind = "caption" if tag in {"figcaption", "caption"} else "paragraph"
            self._mixed(elem, "quote" if in_quote else kind, depth, list_depth, in_quote)

    def _item(self, elem: etree._Element, depth: int, list_depth: int, ordered: bool) -> None:
        """A list item: its own text is one block; nested lists follow at a deeper level."""
        builder = _Builder()
        self._inline_text(builder, elem.text)
        for child in elem:
            ctag = _tag(child)
            if ctag in _LISTS or ctag in _QUOTES or ctag in _TABLES or ctag == "pre":
                self._flush(builder, "list_item", list_depth, ordered)
                builder = _Builder()
                self.block(child, depth + 1, list_depth, False)
            elif ctag in _IMAGES:
                caption = image_caption(child)
                if caption is not None:
                    self._flush(builder, "list_item", list_depth, ordered)
                    builder = _Builder()
                    self.blocks.append(caption)
            else:
                self._inline(builder, child, depth + 1)
            builder.tail(child.tail)
        self._flush(builder, "list_item", list_depth, ordered)

    def _mixed(
        self, elem: etree._Element, kind: BlockKind, depth: int, list_depth: int, in_quote: bool
    ) -> None:
        """Text and inline children become one block; block children split it."""
        builder = _Builder()
        self._inline_text(builder, elem.text)
        for child in elem:
            ctag = _tag(child)
            if ctag in _BLOCKISH or ctag in _HEADINGS or (ctag == "code" and _is_block_code(child)):
                self._flush(builder, kind)
                builder = _Builder()
                self.block(child, depth + 1, list_depth, in_quote)
            else:
                self._inline(builder, child, depth + 1)
            builder.tail(child.tail)
        self._flush(builder, kind)

    def _inline_block(self, elem: etree._Element, kind: BlockKind, level: int = 0) -> None:
        builder = _Builder()
        self._inline_text(builder, elem.text)
        for child in elem:
            if _tag(child) in _IMAGES:
                caption = image_caption(child)
                if caption is not None:
                    self.blocks.append(caption)
            else:
                self._inline(builder, child, MAX_DEPTH)
            builder.tail(child.tail)
        self._flush(builder, kind, level)

    def _table(self, elem: etree._Element, depth: int) -> None:
        """A data table becomes a table block; a layout table (one column, long prose in a
        cell, tables inside) is read as the blocks of its cells."""
        rows: list[list[str]] = []
        header = False
        layout = False
        for row in elem.iter("row", "tr"):
            if next(row.iterancestors("table"), None) is not elem:
                layout = True  # a nested table: the outer one arranges the page
                continue
            cells: list[str] = []
            for cell in row:
                if _tag(cell) not in _CELLS:
                    continue
                if not rows and (_tag(cell) == "th" or cell.get("role") == "head"):
                    header = True
                builder = _Builder()
                self._inline_text(builder, cell.text)
                for child in cell:
                    if _tag(child) in _BLOCKISH or _tag(child) in _HEADINGS:
                        builder.text(" ")
                    self._inline(builder, child, depth + 1)
                    builder.tail(child.tail)
                text = builder.build().text
                layout = layout or len(text.split()) > LAYOUT_CELL_WORDS
                cells.append(text)
            if any(cells):
                rows.append(cells)
        if not layout and rows and max(len(r) for r in rows) >= 2:
            self.blocks.append(table_block(rows, header))
            return
        for row in elem.iter("row", "tr"):
            if next(row.iterancestors("table"), None) is elem:
                for cell in row:
                    if _tag(cell) in _CELLS:
                        self._mixed(cell, "paragraph", depth + 1, 0, False)

    def _flat_text(self, elem: etree._Element, kind: BlockKind) -> None:
        builder = _Builder()
        builder.text(" ".join(_safe_itertext(elem)))
        self._flush(builder, kind)

    def _flush(
        self, builder: _Builder, kind: BlockKind, level: int = 0, ordered: bool = False
    ) -> None:
        if not builder.empty:
            self.blocks.append(builder.build(kind, level, ordered))

    # -- inline level ------------------------------------------------------------------------
    @staticmethod
    def _inline_text(builder: _Builder, text: str | None) -> None:
        if text:
            builder.text(text)

    def _inline(self, builder: _Builder, elem: etree._Element, depth: int) -> None:
        tag = _tag(elem)
        if not tag or tag in _DROP or tag in _IMAGES:
            return
        if tag in {"lb", "br"}:
            builder.text(" ")
            return
        if depth > MAX_DEPTH:
            builder.text(" ".join(_safe_itertext(elem)))
            return
        handle: int | None = None
        if tag in {"ref", "a"}:
            href = safe_href(elem.get("target") or elem.get("href"), self.base_url)
            if href:
                handle = builder.open("link", href)
        else:
            kind = _INLINE_MARKS.get(elem.get("rend", "") if tag == "hi" else tag)
            if kind:
                handle = builder.open(kind)
        self._inline_text(builder, elem.text)
        for child in elem:
            self._inline(builder, child, depth + 1)
            builder.tail(child.tail)
        if handle is not None:
            builder.close(handle)


def _safe_itertext(elem: etree._Element) -> Iterator[str]:
    """Text of a subtree without scripts or comments, iteratively (any depth)."""
    stack: list[tuple[bool, etree._Element]] = [(False, elem)]
    while stack:
        is_tail, node = stack.pop()
        if is_tail:
            if node.tail:
                yield node.tail
            continue
        if node is not elem:
            stack.append((True, node))
        tag = _tag(node)
        if not tag or tag in _DROP:
            continue
        if node.text:
            yield node.text
        stack.extend((False, child) for child in reversed(node))


def tree_to_blocks(root: etree._Element, base_url: str | None = None) -> list[Block]:
    """Blocks of an extracted body, in document order."""
    walker = _Walker(base_url)
    walker.block(root, 0, 0, False)
    return walker.blocks
