"""Rendering a `Document`'s blocks as HTML (for the reader and the stored article) and Markdown.

Both renderers are pure string building over the blocks. The HTML emits only tags and attributes
of the sanitiser's allow-list, with every piece of text escaped: one element per block, runs of
list items as one (nested) list and runs of quotes as one blockquote, so that each block is one
Qt block in the reader (a `pre` block one per line, a table one per cell). The Markdown escapes
everything that could start structure, so article text can never become headings, lists, code,
links or HTML in a notes app.
"""

from __future__ import annotations

import heapq
import html
import itertools
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from reader.document_tables import table_html, table_markdown

if TYPE_CHECKING:
    from reader.document import Block, Mark

_MARK_ORDER: tuple[str, ...] = ("em", "strong", "code", "link")  # outermost last
_SAFE_HREF_RE = re.compile(r"^(https?:|mailto:|#)", re.IGNORECASE)


# -- HTML rendering ---------------------------------------------------------------------------


def _esc(text: str) -> str:
    return html.escape(text, quote=False)


def _inline_html(text: str, marks: tuple[Mark, ...]) -> str:
    """Escape text and wrap marked ranges; splitting at every boundary keeps tags well nested."""
    if not marks:
        return _esc(text)
    out: list[str] = []
    for a, b, kinds, link in _segments(text, marks):
        seg = _esc(text[a:b])
        href = link.href if link and link.href and _SAFE_HREF_RE.match(link.href) else None
        if href:
            seg = f'<a href="{html.escape(href, quote=True)}">{seg}</a>'
        for kind in ("code", "strong", "em"):  # innermost first
            if kind in kinds:
                seg = f"<{kind}>{seg}</{kind}>"
        out.append(seg)
    return "".join(out)


def _segments(
    text: str, marks: tuple[Mark, ...]
) -> Iterator[tuple[int, int, frozenset[str], Mark | None]]:
    """``text`` cut at every mark boundary: each piece's span, the kinds of mark over it and its
    innermost link.

    One sweep over the sorted boundaries, so the work is linear in text and marks (testing every
    mark at every cut was quadratic: 100,000 links in one paragraph took hours). Marks of one
    kind over the same piece render as one.
    """
    n = len(text)
    bounds = {min(max(m.start, 0), n) for m in marks} | {min(max(m.end, 0), n) for m in marks}
    cuts = sorted({0, n, *bounds})
    pending = sorted((m for m in marks if m.start < m.end), key=lambda m: m.start)
    ends: list[tuple[int, int]] = []  # heap of (end, index in pending) of active marks
    counts = dict.fromkeys(_MARK_ORDER, 0)
    links: list[int] = []  # active link indexes by start; ended ones are dropped lazily
    ended: set[int] = set()
    nxt = 0
    for a, b in itertools.pairwise(cuts):
        while ends and ends[0][0] <= a:
            _, i = heapq.heappop(ends)
            counts[pending[i].kind] -= 1
            ended.add(i)
        while nxt < len(pending) and pending[nxt].start <= a:
            if pending[nxt].end > a:
                heapq.heappush(ends, (pending[nxt].end, nxt))
                counts[pending[nxt].kind] += 1
                if pending[nxt].kind == "link":
                    links.append(nxt)
            nxt += 1
        while links and links[-1] in ended:
            links.pop()
        kinds = frozenset(k for k, c in counts.items() if c)
        yield a, b, kinds, pending[links[-1]] if links else None


def title_html(title: str) -> str:
    return f"<h1>{_esc(title)}</h1>"


def blocks_html(blocks: list[Block]) -> list[str]:
    """HTML of a run of blocks: one element per block, a list or a quote per run of them."""
    return [_group_html(group) for group in _group(blocks)]


def _group(blocks: list[Block]) -> Iterator[list[Block]]:
    """Runs of list items (one list) or quotes (one blockquote); other blocks alone."""
    run: list[Block] = []
    for b in blocks:
        if run and (b.kind != run[0].kind or b.kind not in ("list_item", "quote")):
            yield run
            run = []
        if run and b.kind == "list_item" and b.level <= 1 and b.ordered != run[0].ordered:
            yield run
            run = []
        run.append(b)
    if run:
        yield run


def _group_html(group: list[Block]) -> str:
    first = group[0]
    if first.kind == "list_item":
        return _list_html(group)
    if first.kind == "quote":
        inner = "".join(f"<p>{_inline_html(b.text, b.marks)}</p>" for b in group)
        return f"<blockquote>{inner}</blockquote>"
    b = first
    if b.kind == "heading":
        level = min(max(b.level or 2, 2), 6)
        return f"<h{level}>{_inline_html(b.text, b.marks)}</h{level}>"
    if b.kind == "pre":
        return f"<pre>{_esc(b.text)}</pre>"
    if b.kind == "table":
        return table_html(b.rows, b.header)
    if b.kind == "caption":
        return f'<p class="caption"><small>{_inline_html(b.text, b.marks)}</small></p>'
    return f"<p>{_inline_html(b.text, b.marks)}</p>"


def _list_html(items: list[Block]) -> str:
    """Nested ``ul``/``ol`` from list items with depths; each item stays one Qt block."""
    out: list[str] = []
    stack: list[str] = []  # open list tags
    for item in items:
        depth = max(item.level, 1)
        tag = "ol" if item.ordered else "ul"
        while len(stack) > depth:
            out.append(f"</li></{stack.pop()}>")
        if len(stack) == depth:
            out.append("</li>")
        while len(stack) < depth:
            if stack and out and out[-1] == "</li>":
                out.pop()  # nest inside the previous item
            out.append(f"<{tag}>")
            stack.append(tag)
        out.append(f"<li>{_inline_html(item.text, item.marks)}")
    while stack:
        out.append(f"</li></{stack.pop()}>")
    return "".join(out)


# -- Markdown rendering -----------------------------------------------------------------------
# Correct by construction: article text is literal, so every character that means something
# anywhere in CommonMark's (or GitHub's) inline syntax is backslash-escaped, whatever its
# neighbours, and a block's first characters cannot open another block. The only structure comes
# from the block kind and the marks: emphasis, code spans (backticks only around text without
# any), and links with an allowed scheme whose destination is written in angle brackets with
# every character that could end it percent-encoded. `!` is always escaped, so no text can turn
# a link into an image; code fences are longer than any run of backticks in the code.

_MD_INLINE_ESC = re.compile(r"([\\`*_\[\]<>|!&~])")
_MD_BLOCK_START = re.compile(r"^(?:([#>+\-=:])|(\d{1,9})([.)]))")
_MD_DEST_UNSAFE = re.compile(r"[\x00-\x20<>\\\x7f]")
_MD_BACKTICKS = re.compile(r"`+")


def _md_escape(text: str, extra: str = "") -> str:
    out = _MD_INLINE_ESC.sub(r"\\\1", text.replace("\n", " ").replace("\r", " "))
    for ch in extra:
        out = out.replace(ch, "\\" + ch)
    return out


def _md_destination(href: str) -> str:
    """``<href>`` with everything that could end or break the destination percent-encoded."""
    encoded = _MD_DEST_UNSAFE.sub(
        lambda m: "".join(f"%{b:02X}" for b in m.group().encode("utf-8")), href
    )
    return f"<{encoded}>"


def _md_block_safe(md: str) -> str:
    """Escape what would open a block at the start of a line (list, quote, heading...)."""
    md = md.lstrip()
    match = _MD_BLOCK_START.match(md)
    if match is None:
        return md
    if match.group(1):
        return "\\" + md
    return match.group(2) + "\\" + md[len(match.group(2)) :]


def md_fence(text: str) -> str:
    """A backtick fence longer than every run of backticks in ``text``: no line can close it."""
    longest = max((len(run) for run in _MD_BACKTICKS.findall(text)), default=0)
    return "`" * max(3, longest + 1)


def _style(kinds: frozenset[str], link: Mark | None) -> tuple[bool, bool, bool, str | None]:
    """How a piece will be written: code, strong, em (strong wins), and the link, if any."""
    href = link.href if link and link.href and _SAFE_HREF_RE.match(link.href) else None
    return "code" in kinds, "strong" in kinds, "em" in kinds and "strong" not in kinds, href


def md_inline(text: str, marks: tuple[Mark, ...], *, heading: bool = False) -> str:
    """One block's text as literal Markdown with its marks; ``heading`` also escapes ``#``."""
    extra = "#" if heading else ""
    # Neighbouring pieces written alike are one run: `a``b` would be one code span, not two.
    runs: list[tuple[list[str], frozenset[str], Mark | None]] = []
    styles: list[tuple[bool, bool, bool, str | None]] = []
    for a, b, kinds, link in _segments(text, marks):
        style = _style(kinds, link)
        if styles and styles[-1] == style:
            runs[-1][0].append(text[a:b])
        else:
            runs.append(([text[a:b]], kinds, link))
            styles.append(style)
    out: list[str] = []
    for pieces, kinds, link in runs:
        raw = "".join(pieces)
        if "code" in kinds and raw.strip() and "`" not in raw:
            seg = "`" + raw.replace("\n", " ").replace("\r", " ") + "`"
        else:
            seg = _md_escape(raw, extra)
        stripped = seg.strip()
        if stripped and "strong" in kinds:
            seg = seg.replace(stripped, f"**{stripped}**", 1)
        elif stripped and "em" in kinds:
            seg = seg.replace(stripped, f"*{stripped}*", 1)
        if link and stripped and _SAFE_HREF_RE.match(link.href or ""):
            seg = f"[{seg}]({_md_destination(link.href or '')})"
        out.append(seg)
    return _md_block_safe("".join(out))


def block_markdown(b: Block) -> str:
    if b.kind == "heading":
        return "#" * min(max(b.level or 2, 2), 6) + " " + md_inline(b.text, b.marks, heading=True)
    if b.kind == "list_item":
        indent = "   " * max(b.level - 1, 0)
        return indent + ("1. " if b.ordered else "- ") + md_inline(b.text, b.marks)
    if b.kind == "quote":
        return "> " + md_inline(b.text, b.marks)
    if b.kind == "pre":
        fence = md_fence(b.text)
        return f"{fence}\n{b.text}\n{fence}"
    if b.kind == "caption":
        return "*" + md_inline(b.text, b.marks) + "*"
    if b.kind == "table":
        return table_markdown(b.rows)
    return md_inline(b.text, b.marks)
