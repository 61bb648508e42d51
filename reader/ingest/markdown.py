"""Markdown file → `Document`, with markdown-it-py, plus the front matter notes often carry.

Markdown needs little cleaning: the structure is explicit. What needs care is what Markdown lets
through: raw HTML is never passed on (it is reduced to its text by the HTML walker, scripts and
all dropped), images become alt-text captions (nothing is fetched), and pipe tables become table
blocks.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from lxml import etree
from lxml import html as lxml_html
from markdown_it import MarkdownIt
from markdown_it.token import Token

from reader.document import (
    Block,
    BlockKind,
    Document,
    InlineBuilder,
    normalize_inline,
    table_block,
)
from reader.ingest.budget import checkpoint
from reader.ingest.html_blocks import CAPTION_PREFIX, safe_href, tree_to_blocks
from reader.ingest.html_shape import limit_nesting
from reader.ingest.markdown_shape import install_checkpoints, limit_markdown_nesting

_FRONT_MATTER_RE = re.compile(
    r"\A\ufeff?---[ \t]*\r?\n(.*?)^(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.S | re.M
)
_KEY_RE = re.compile(r"^([A-Za-z_][\w -]*?)\s*:\s*(.*)$")
_ITEM_RE = re.compile(r"^\s*-\s+(.*)$")
MAX_FRONT_MATTER_CHARS = 20_000  # a longer "front matter" is a document that starts with a rule
_MAX_LINE = 2_000  # longer front matter lines are skipped (and never reach a regex)

_TITLE_KEYS = ("title",)
_AUTHOR_KEYS = ("author", "authors", "by", "byline", "creator")
_SITE_KEYS = ("source", "site", "publisher", "publication")
_URL_KEYS = ("url", "link", "source_url", "canonical", "canonical_url", "source")
_DATE_KEYS = ("date", "published", "publish_date", "created", "pubdate")
_LANG_KEYS = ("lang", "language")


def _unquote(value: str) -> str:
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
        inner = value[1:-1]
        return inner.replace('\\"', '"') if value[0] == '"' else inner.replace("''", "'")
    return value


def _flow_list(value: str) -> list[str] | None:
    """``[a, "b", c]`` → its items; anything else → None."""
    value = value.strip()
    if not (value.startswith("[") and value.endswith("]")):
        return None
    return [_unquote(v) for v in value[1:-1].split(",") if v.strip()]


def parse_front_matter(text: str) -> tuple[dict[str, str | list[str]], str]:
    """A leading ``---`` block read as simple ``key: value`` lines, and the text after it.

    This is not YAML (PyYAML is not a dependency of the app): scalars, quoted scalars, ``[a, b]``
    lists and ``- item`` lists are understood, anything else is skipped. Text without a closed
    block at the very top is returned unchanged.
    """
    match = _FRONT_MATTER_RE.match(text[: MAX_FRONT_MATTER_CHARS + 10])
    if not match:
        return {}, text
    fields: dict[str, str | list[str]] = {}
    current: str | None = None
    for line in match.group(1).splitlines():
        if not line.strip() or line.lstrip().startswith("#") or len(line) > _MAX_LINE:
            continue
        item = _ITEM_RE.match(line)
        if item and current is not None and (line[:1].isspace() or line.startswith("-")):
            existing = fields.get(current)
            items = existing if isinstance(existing, list) else []
            items.append(_unquote(item.group(1)))
            fields[current] = items
            continue
        pair = _KEY_RE.match(line)
        if not pair or line[:1].isspace():
            current = None
            continue
        key, raw = pair.group(1).strip().lower().replace(" ", "_"), pair.group(2)
        current = key
        listed = _flow_list(raw)
        if listed is not None:
            fields[key] = listed
        elif raw.strip() and raw.strip() not in ("|", ">", "|-", ">-"):
            fields[key] = _unquote(raw)
    return fields, text[match.end() :]


def _first(fields: dict[str, str | list[str]], keys: tuple[str, ...]) -> str | None:
    for key in keys:
        value = fields.get(key)
        if isinstance(value, list):
            value = ", ".join(v for v in value if v)
        if value:
            clean = normalize_inline(value)
            if clean:
                return clean
    return None


def _is_url(value: str | None) -> bool:
    return value is not None and value.lower().startswith(("http://", "https://"))


@dataclass
class _Item:
    """An open list item: its text so far, and where it sits."""

    depth: int
    ordered: bool
    quote_depth: int
    builder: InlineBuilder = field(default_factory=InlineBuilder)


_SKIPPED_INLINE_HTML = re.compile(r"<\s*(/?)\s*(script|style|template|noscript)\b", re.I)


class _Walker:
    """Turns markdown-it's flat token stream into blocks."""

    def __init__(self, base_url: str | None) -> None:
        self.base_url = base_url
        self.blocks: list[Block] = []
        self.lists: list[bool] = []  # ordered flag of each open list
        self.items: list[_Item] = []
        self.quote_depth = 0

    def run(self, tokens: list[Token]) -> list[Block]:
        i = 0
        while i < len(tokens):
            checkpoint()
            i = self._token(tokens, i)
        while self.items:
            self._flush(self.items.pop())
        return self.blocks

    # -- blocks --------------------------------------------------------------------------------
    def _token(self, tokens: list[Token], i: int) -> int:
        tok = tokens[i]
        kind = tok.type
        if kind in ("bullet_list_open", "ordered_list_open"):
            self._flush_top()
            self.lists.append(kind == "ordered_list_open")
        elif kind in ("bullet_list_close", "ordered_list_close"):
            if self.lists:
                self.lists.pop()
        elif kind == "list_item_open":
            ordered = self.lists[-1] if self.lists else False
            self.items.append(_Item(max(len(self.lists), 1), ordered, self.quote_depth))
        elif kind == "list_item_close":
            if self.items:
                self._flush(self.items.pop())
        elif kind in ("blockquote_open", "blockquote_close"):
            self._flush_top()
            step = 1 if kind == "blockquote_open" else -1
            self.quote_depth = max(self.quote_depth + step, 0)
        elif kind == "heading_open" and i + 1 < len(tokens) and tokens[i + 1].type == "inline":
            self._flush_top()
            level = int(tok.tag[1:]) if tok.tag[1:].isdigit() else 2
            self._paragraph(tokens[i + 1], "heading", max(level, 2))
            return i + 3
        elif kind == "inline":
            item = self.items[-1] if self.items else None
            if item is not None and item.quote_depth == self.quote_depth:
                if not item.builder.empty:
                    item.builder.text(" ")  # a second paragraph of the same item
                item.builder = self._inline(tok.children or [], item.builder, self._flush_item_text)
            else:
                self._paragraph(tok, "quote" if self.quote_depth else "paragraph")
        elif kind in ("fence", "code_block"):
            self._flush_top()
            if tok.content.strip():
                self.blocks.append(Block("pre", tok.content))
        elif kind == "html_block":
            self._flush_top()
            self.blocks.extend(_html_text_blocks(tok.content, self.base_url))
        elif kind == "table_open":
            self._flush_top()
            return self._table(tokens, i)
        return i + 1

    def _flush(self, item: _Item) -> None:
        if not item.builder.empty:
            self.blocks.append(item.builder.build("list_item", item.depth, item.ordered))
        item.builder = InlineBuilder()

    def _flush_top(self) -> None:
        """Before a nested block: the open item's text so far becomes its block."""
        if self.items:
            self._flush(self.items[-1])

    def _flush_item_text(self, builder: InlineBuilder) -> InlineBuilder:
        self._flush_top()
        return self.items[-1].builder

    def _paragraph(self, tok: Token, kind: BlockKind, level: int = 0) -> None:
        def flush(builder: InlineBuilder) -> InlineBuilder:
            if not builder.empty:
                self.blocks.append(builder.build(kind, level))
            return InlineBuilder()

        builder = self._inline(tok.children or [], InlineBuilder(), flush)
        flush(builder)

    def _table(self, tokens: list[Token], i: int) -> int:
        """A table block (cells as plain text); pictures in cells follow it as captions."""
        rows: list[list[str]] = []
        row: list[str] | None = None
        header = False
        mark = len(self.blocks)  # captions `_inline` emits while reading cells

        def keep(builder: InlineBuilder) -> InlineBuilder:
            return builder

        while i < len(tokens):
            tok = tokens[i]
            if tok.type == "thead_open":
                header = True
            elif tok.type == "tr_open":
                row = []
            elif tok.type == "inline" and row is not None:
                row.append(self._inline(tok.children or [], InlineBuilder(), keep).build().text)
            elif tok.type == "tr_close" and row is not None:
                rows.append(row)
                row = None
            elif tok.type == "table_close":
                i += 1
                break
            i += 1
        captions = self.blocks[mark:]
        del self.blocks[mark:]
        self.blocks.append(table_block(rows, header))
        self.blocks.extend(captions)
        return i

    # -- inline --------------------------------------------------------------------------------
    def _inline(
        self,
        children: list[Token],
        builder: InlineBuilder,
        split: Callable[[InlineBuilder], InlineBuilder],
    ) -> InlineBuilder:
        """Feed inline tokens to ``builder``; returns the builder in use at the end.

        An image ends the text before it (``split`` emits it and hands back a fresh builder)
        and becomes a caption block of its own.
        """
        handles: dict[str, list[int | None]] = {"em": [], "strong": [], "link": []}
        skipping = False
        for child in children:
            ctype = child.type
            if ctype == "html_inline":
                tag = _SKIPPED_INLINE_HTML.search(child.content)
                if tag:
                    skipping = not tag.group(1)
                elif re.match(r"<\s*br\b", child.content, re.I):
                    builder.text(" ")
            elif skipping:
                continue
            elif ctype == "text":
                builder.text(child.content)
            elif ctype in ("softbreak", "hardbreak"):
                builder.text(" ")
            elif ctype == "code_inline":
                handle = builder.open("code")
                builder.text(child.content)
                builder.close(handle)
            elif ctype in ("em_open", "strong_open"):
                name = ctype.removesuffix("_open")
                handles[name].append(builder.open(name))  # type: ignore[arg-type]
            elif ctype == "link_open":
                href = safe_href(str(child.attrs.get("href") or ""), self.base_url)
                handles["link"].append(builder.open("link", href) if href else None)
            elif ctype in ("em_close", "strong_close", "link_close"):
                stack = handles[ctype.removesuffix("_close")]
                handle = stack.pop() if stack else None
                if handle is not None:
                    builder.close(handle)
            elif ctype == "image":
                alt = normalize_inline(child.content or "")
                if alt:
                    builder = split(builder)
                    self.blocks.append(Block("caption", CAPTION_PREFIX + alt))
        return builder


def _html_text_blocks(source: str, base_url: str | None) -> list[Block]:
    """Raw HTML in Markdown, reduced to its text blocks; scripts, styles and tags are dropped."""
    if not source.strip():
        return []
    try:
        root = lxml_html.fragment_fromstring(limit_nesting(source), create_parent="div")
    except (etree.ParserError, ValueError):
        return []
    return tree_to_blocks(root, base_url)


_MD = install_checkpoints(
    MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
)


def parse_markdown(text: str) -> Document:
    """A Markdown text as a `Document`; never raises on odd input."""
    if not isinstance(text, str):
        return Document()
    fields, body = parse_front_matter(text)
    title = _first(fields, _TITLE_KEYS)
    url = next((u for u in (_first(fields, (k,)) for k in _URL_KEYS) if _is_url(u)), None)
    site = next(
        (s for s in (_first(fields, (k,)) for k in _SITE_KEYS) if s and not _is_url(s)), None
    )
    try:
        tokens = _MD.parse(limit_markdown_nesting(body))
    except RecursionError:
        tokens = []
    blocks = _Walker(url).run(tokens)
    if not title:
        first_h1 = _first_h1(tokens)
        if first_h1 is not None:
            title = first_h1
    if title:
        blocks = _without_title(blocks, title)
    return Document(
        title=title or "",
        blocks=blocks,
        byline=_first(fields, _AUTHOR_KEYS),
        site=site,
        published=_first(fields, _DATE_KEYS),
        url=url,
        language=_first(fields, _LANG_KEYS),
    )


def _first_h1(tokens: list[Token]) -> str | None:
    for i, tok in enumerate(tokens):
        if tok.type == "heading_open" and tok.tag == "h1" and i + 1 < len(tokens):
            text = normalize_inline(_plain(tokens[i + 1]))
            if text:
                return text
    return None


def _plain(inline: Token) -> str:
    return (
        "".join(c.content for c in (inline.children or []) if c.type in ("text", "code_inline"))
        or inline.content
    )


def _without_title(blocks: list[Block], title: str) -> list[Block]:
    """Drop the first heading that repeats the title (it is `Document.title` already)."""
    key = title.casefold()
    for i, block in enumerate(blocks):
        if block.kind == "heading" and block.text.casefold() == key:
            return blocks[:i] + blocks[i + 1 :]
    return blocks
