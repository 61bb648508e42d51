"""The structured article every format is turned into, and its renderings.

A `Document` is a title, some metadata and a flat list of `Block`s. Everything the user sees or
annotates is derived from it:

* `plain_text()` is the coordinate system for highlights and search: the title, then each block's
  text, joined by a blank line. Offsets into it are Unicode code points. Only `pre` and `table`
  blocks contain newlines (a table is one line per row, see `reader.document_tables`); every other
  block's text has its whitespace collapsed, so that Qt's rich-text view shows exactly the same
  characters (`reader.positions.PositionMap` maps positions unit by unit, `qt_units` says how).
* `to_html()` emits only tags of the sanitiser's allow-list, with escaped text. The reader view
  shows it; one HTML block element per block (a `pre` block becomes one Qt block per line, a
  table one Qt block per cell).
* `to_markdown()` and `to_text()` serve `margin clean` / `margin show`. The HTML and Markdown
  renderers live in `reader.document_render`, tables in `reader.document_tables`.

`removed` keeps what the cleaner left out, each with where it stood and a short reason, so the
reader can show it in place and a person can take it back (`reader.corrections`). Removed blocks
are never part of the plain text: highlights and search see the kept blocks only.

The structure is stored as JSON with the article (`to_json`/`from_json`), so renderings can be
redone without re-reading the source file.
"""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from reader.document_render import block_markdown, blocks_html, md_inline, title_html
from reader.document_tables import Rows, cell_segments, normalize_rows, table_text
from reader.positions import Unit

BlockKind = Literal["heading", "paragraph", "list_item", "quote", "pre", "caption", "table"]
MarkKind = Literal["em", "strong", "code", "link"]

BLOCK_KINDS: tuple[str, ...] = (
    "heading",
    "paragraph",
    "list_item",
    "quote",
    "pre",
    "caption",
    "table",
)
MARK_KINDS: tuple[str, ...] = ("em", "strong", "code", "link")
BLOCK_SEPARATOR = "\n\n"

_WS_RE = re.compile(r"\s+")
# C0/C1 controls other than tab and newline, plus Unicode line/paragraph separators, which Qt would
# turn into block or line breaks and so break the position mapping.
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufffc\ufeff]")


def normalize_inline(text: str) -> str:
    """Collapse whitespace and drop control characters, as Qt's HTML import would."""
    # Most text is clean already. `isprintable` is False for every control and every space but
    # " " (tabs, newlines, no-break and line separators); U+FFFC is the one printable to drop.
    if (
        text.isprintable()
        and "  " not in text
        and "\ufffc" not in text
        and text[:1] != " "
        and text[-1:] != " "
    ):
        return text
    return _WS_RE.sub(" ", _CONTROL_RE.sub("", text)).strip()


def normalize_pre(text: str) -> str:
    """Keep line structure of preformatted text but drop controls and blank edges."""
    text = _CONTROL_RE.sub("", text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", "    "))
    lines = [line.rstrip() for line in text.split("\n")]
    while lines and not lines[0].strip():
        lines.pop(0)
    while lines and not lines[-1].strip():
        lines.pop()
    return "\n".join(lines)


@dataclass(frozen=True, slots=True)
class Mark:
    """Inline formatting over ``block.text[start:end]`` (code points)."""

    start: int
    end: int
    kind: MarkKind
    href: str | None = None


@dataclass(frozen=True, slots=True)
class Block:
    """One paragraph-level unit of the article.

    ``level`` is the heading level (2-6; the title is level 1 and lives in ``Document.title``) or,
    for list items, the nesting depth starting at 1. ``ordered`` marks numbered list items. A
    ``table`` has its cells in ``rows`` (``header``: the first row heads the columns) and its
    plain text in ``text``, derived from the rows (`table_block` builds one).
    """

    kind: BlockKind
    text: str
    level: int = 0
    ordered: bool = False
    marks: tuple[Mark, ...] = ()
    rows: Rows = ()
    header: bool = False

    def normalized(self) -> Block:
        """Return a copy whose text obeys the plain-text rules (marks dropped if text changed)."""
        if self.kind == "table":
            rows = normalize_rows(self.rows, normalize_inline)
            text = table_text(rows)
            if (rows, text, self.marks) == (self.rows, self.text, ()):
                return self
            return replace(self, text=text, rows=rows, marks=())
        text = normalize_pre(self.text) if self.kind == "pre" else normalize_inline(self.text)
        if text == self.text:
            return self
        return replace(self, text=text, marks=())


def table_block(rows: Iterable[Iterable[str]], header: bool = False) -> Block:
    """A table block from its cells (normalised; its text is derived from them)."""
    return Block("table", "", rows=tuple(tuple(r) for r in rows), header=header).normalized()


@dataclass(frozen=True, slots=True)
class Removed:
    """A block the cleaner left out: it stood before ``Document.blocks[at]`` (``at`` may equal
    ``len(blocks)``: after the last one), and ``reason`` says briefly why it went."""

    at: int
    block: Block
    reason: str


@dataclass(frozen=True, slots=True)
class Entry:
    """One block in reading order, kept or removed (`Document.entries`)."""

    block: Block
    kept: bool
    reason: str = ""


@dataclass(slots=True)
class Document:
    """An article: title, metadata, blocks. Built by the extractors in `reader.ingest`."""

    title: str = ""
    blocks: list[Block] = field(default_factory=list)
    byline: str | None = None
    site: str | None = None
    published: str | None = None
    url: str | None = None
    language: str | None = None
    removed: list[Removed] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.title = normalize_inline(self.title or "")
        self.blocks = [b for b in (blk.normalized() for blk in self.blocks) if b.text]
        n = len(self.blocks)
        removed: list[Removed] = []
        for r in self.removed:
            block = r.block.normalized()
            if not block.text:
                continue
            reason = normalize_inline(r.reason)
            if block is not r.block or reason != r.reason or not 0 <= r.at <= n:
                r = Removed(min(max(r.at, 0), n), block, reason)
            removed.append(r)
        if any(a.at > b.at for a, b in itertools.pairwise(removed)):
            removed.sort(key=lambda r: r.at)  # stable: page order within a gap
        self.removed = removed

    # -- kept and removed blocks in reading order ----------------------------------------------
    def entries(self) -> list[Entry]:
        """Every block, kept or removed, in reading order (the title is not a block)."""
        out: list[Entry] = []
        pending = iter(self.removed)
        nxt = next(pending, None)
        for k, block in enumerate([*self.blocks, None]):
            while nxt is not None and nxt.at <= k:
                out.append(Entry(nxt.block, False, nxt.reason))
                nxt = next(pending, None)
            if block is not None:
                out.append(Entry(block, True))
        return out

    @classmethod
    def from_entries(cls, entries: Iterable[Entry], **meta: Any) -> Document:
        """A document whose kept and removed blocks are ``entries``, in that order."""
        blocks: list[Block] = []
        removed: list[Removed] = []
        for e in entries:
            if e.kept:
                blocks.append(e.block)
            else:
                removed.append(Removed(len(blocks), e.block, e.reason))
        return cls(blocks=blocks, removed=removed, **meta)

    def metadata(self) -> dict[str, Any]:
        """Title and metadata, as keyword arguments for another `Document` of the same article."""
        return {
            "title": self.title,
            "byline": self.byline,
            "site": self.site,
            "published": self.published,
            "url": self.url,
            "language": self.language,
        }

    # -- the coordinate system ---------------------------------------------------------------
    def texts(self) -> list[str]:
        """The title (if any) then each block's text: the units of `plain_text`."""
        return ([self.title] if self.title else []) + [b.text for b in self.blocks]

    def plain_text(self) -> str:
        return BLOCK_SEPARATOR.join(self.texts())

    def qt_units(self) -> list[str | Unit]:
        """The units of `texts` as the reader view lays them out (a table: one Qt block a cell)."""
        units: list[str | Unit] = [self.title] if self.title else []
        for b in self.blocks:
            units.append(Unit(b.text, cell_segments(b.rows)) if b.kind == "table" else b.text)
        return units

    def block_spans(self) -> list[tuple[int, int]]:
        """``(start, end)`` code-point offsets in `plain_text` of each unit of `texts`."""
        spans: list[tuple[int, int]] = []
        pos = 0
        for text in self.texts():
            spans.append((pos, pos + len(text)))
            pos += len(text) + len(BLOCK_SEPARATOR)
        return spans

    def word_count(self) -> int:
        return count_words(self.plain_text())

    # -- renderings --------------------------------------------------------------------------
    def to_html(self) -> str:
        """Article HTML: ``<h1>`` title then the blocks; every tag is on the sanitiser's list."""
        out: list[str] = []
        if self.title:
            out.append(title_html(self.title))
        out.extend(blocks_html(self.blocks))
        return "\n".join(out)

    def to_text(self) -> str:
        """Readable plain text: the title line, then paragraphs separated by blank lines."""
        parts: list[str] = [self.title] if self.title else []
        for b in self.blocks:
            if b.kind == "list_item":
                parts.append("  " * max(b.level - 1, 0) + ("1. " if b.ordered else "• ") + b.text)
            else:
                parts.append(b.text)
        return BLOCK_SEPARATOR.join(parts) + "\n" if parts else ""

    def to_markdown(self) -> str:
        """Markdown: ``# Title``, ``##`` headings, lists, quotes, fenced code."""
        parts: list[str] = []
        if self.title:
            parts.append("# " + md_inline(self.title, (), heading=True))
        prev: Block | None = None
        for b in self.blocks:
            md = block_markdown(b)
            # Consecutive items of one list stay together; everything else is its own paragraph.
            if prev is not None and prev.kind == b.kind and b.kind in ("list_item", "quote"):
                sep = "\n" if b.kind == "list_item" else "\n>\n"
                parts[-1] += sep + md
            else:
                parts.append(md)
            prev = b
        return BLOCK_SEPARATOR.join(parts) + "\n" if parts else ""

    # -- storage -----------------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            **self.metadata(),
            "blocks": [_block_to_dict(b) for b in self.blocks],
        }
        if self.removed:
            data["removed"] = [
                {"at": r.at, "reason": r.reason, **_block_to_dict(r.block)} for r in self.removed
            ]
        return data

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Document:
        return cls(
            title=data.get("title") or "",
            byline=data.get("byline"),
            site=data.get("site"),
            published=data.get("published"),
            url=data.get("url"),
            language=data.get("language"),
            blocks=[_block_from_dict(b) for b in data.get("blocks", [])],
            removed=[
                Removed(int(r.get("at", 0)), _block_from_dict(r), str(r.get("reason") or ""))
                for r in data.get("removed", [])
            ],
        )

    @classmethod
    def from_json(cls, text: str) -> Document:
        return cls.from_dict(json.loads(text))


_WORD_RE = re.compile(r"\w+", re.UNICODE)
_CJK_RE = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")


def count_words(text: str) -> int:
    """Words for reading time: ``\\w+`` runs, counting each CJK character as a word."""
    cjk = len(_CJK_RE.findall(text))
    return len(_WORD_RE.findall(_CJK_RE.sub(" ", text))) + cjk


# -- JSON -------------------------------------------------------------------------------------


def _block_to_dict(b: Block) -> dict[str, Any]:
    if b.kind == "table":
        return {"kind": "table", "rows": [list(r) for r in b.rows], "header": b.header}
    d: dict[str, Any] = {"kind": b.kind, "text": b.text}
    if b.level:
        d["level"] = b.level
    if b.ordered:
        d["ordered"] = True
    if b.marks:
        d["marks"] = [[m.start, m.end, m.kind, m.href] for m in b.marks]
    return d


def _block_from_dict(d: dict[str, Any]) -> Block:
    kind = d.get("kind", "paragraph")
    if kind == "table":
        rows = d.get("rows") or []
        return table_block(
            ([str(c) for c in r] for r in rows if isinstance(r, list)), bool(d.get("header"))
        )
    if kind not in BLOCK_KINDS:
        kind = "paragraph"
    marks = tuple(
        Mark(int(s), int(e), k, h) for s, e, k, h in d.get("marks", []) if k in MARK_KINDS
    )
    return Block(
        kind=kind,
        text=d.get("text", ""),
        level=int(d.get("level", 0)),
        ordered=bool(d.get("ordered", False)),
        marks=marks,
    )


def paragraphs_document(title: str, paragraphs: Iterable[str]) -> Document:
    """A document of plain paragraphs: handy for tests and simple formats."""
    return Document(title=title, blocks=[Block("paragraph", p) for p in paragraphs])


class InlineBuilder:
    """Builds one block's text and marks from pieces, collapsing whitespace as it goes.

    Extractors walk a tree (HTML, Markdown tokens) and feed text with the formatting active at
    that point; the result already obeys `normalize_inline`, so the marks stay valid.
    """

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._len = 0
        self._pending_space = False
        self._open: dict[int, tuple[MarkKind, str | None, int]] = {}
        self._marks: list[Mark] = []
        self._next_id = 0

    def text(self, piece: str) -> None:
        piece = _CONTROL_RE.sub("", piece)
        for i, word in enumerate(_WS_RE.split(piece)):
            if i > 0:
                self._pending_space = True
            if word:
                if self._pending_space and self._len:
                    self._parts.append(" ")
                    self._len += 1
                self._pending_space = False
                self._parts.append(word)
                self._len += len(word)

    def open(self, kind: MarkKind, href: str | None = None) -> int:
        """Start a mark at the current position; returns a handle for `close`."""
        self._next_id += 1
        self._open[self._next_id] = (
            kind,
            href,
            self._len + (1 if self._pending_space and self._len else 0),
        )
        return self._next_id

    def close(self, handle: int) -> None:
        kind, href, start = self._open.pop(handle, (None, None, 0))
        if kind is not None and self._len > start:
            self._marks.append(Mark(start, self._len, kind, href))

    @property
    def empty(self) -> bool:
        return self._len == 0

    def build(self, kind: BlockKind = "paragraph", level: int = 0, ordered: bool = False) -> Block:
        return Block(kind, "".join(self._parts), level, ordered, tuple(self._marks))
