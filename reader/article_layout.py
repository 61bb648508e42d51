"""What the reader view shows of a document: its HTML, removed text in place or as markers, and
which Qt block is which.

The reader can show the text the cleaner removed, dimmed, where it stood; when it does not, a quiet
marker stands in for each run of removed blocks and expands it when clicked. Removed text is not
part of the plain text, so positions must skip it: `Layout.slots` lists every Qt block the view
will hold after its chrome line, in order, each saying whether it is a piece of the plain text
(``unit``: an index into `Layout.units`, the argument `reader.positions.PositionMap` takes), a
removed block shown (``entry``: an index into `Document.entries`) or a marker (``run``). The view
matches its real blocks to the slots by text (`match_slots`) and gives the map the positions of
the text slots only. Nothing here imports Qt.

Removed blocks are drawn as plain dimmed paragraphs (a list item keeps its bullet as text, a
table stays a table, code stays code), so that each is one Qt block like a kept one.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass, field

from reader.document import Block, Document, Entry, blocks_html, title_html
from reader.document_tables import table_html
from reader.positions import Unit, as_unit

MARKER_HREF = "#margin-removed-"


@dataclass(frozen=True, slots=True)
class Slot:
    """One Qt block of the article area: its text, and what it is."""

    text: str
    unit: int | None = None  # a piece of unit `unit` of the plain text
    entry: int | None = None  # removed block `entry` (index into `Document.entries`) shown
    run: int | None = None  # the marker standing for removed run `run`


@dataclass(slots=True)
class Layout:
    html: str
    units: list[str | Unit]
    slots: list[Slot]
    runs: list[list[int]] = field(default_factory=list)  # entry indices of each removed run


def marker_text(count: int) -> str:
    return f"⋯ {count} removed {'paragraph' if count == 1 else 'paragraphs'}"


def layout(
    doc: Document, *, show_removed: bool = False, expanded: frozenset[int] = frozenset()
) -> Layout:
    """The reader's HTML for ``doc`` and its slots; removed runs shown when ``show_removed`` or
    when their run index is in ``expanded``, otherwise as one marker each."""
    units = doc.qt_units()
    out = Layout("", units, [])
    parts: list[str] = []
    unit = 0
    if doc.title:
        parts.append(title_html(doc.title))
        out.slots.append(Slot(doc.title, unit=0))
        unit = 1
    entries = doc.entries()
    kept_run: list[Block] = []

    def flush_kept() -> None:
        nonlocal unit
        if not kept_run:
            return
        parts.extend(blocks_html(kept_run))
        for _ in kept_run:
            for _offset, text in as_unit(units[unit]).segments:
                out.slots.append(Slot(text, unit=unit))
            unit += 1
        kept_run.clear()

    i = 0
    while i < len(entries):
        if entries[i].kept:
            kept_run.append(entries[i].block)
            i += 1
            continue
        flush_kept()
        j = i
        while j < len(entries) and not entries[j].kept:
            j += 1
        run_index = len(out.runs)
        out.runs.append(list(range(i, j)))
        if show_removed or run_index in expanded:
            for k in range(i, j):
                parts.append(_removed_html(entries[k], last=k == j - 1))
                out.slots.extend(Slot(t, entry=k) for t in _removed_texts(entries[k].block))
        else:
            text = marker_text(j - i)
            tip = html.escape(_marker_tip(entries[i:j]), quote=True)
            parts.append(
                f'<p class="removed-marker"><a href="{MARKER_HREF}{run_index}" '
                f'title="{tip}">{html.escape(text, quote=False)}</a></p>'
            )
            out.slots.append(Slot(text, run=run_index))
        i = j
    flush_kept()
    out.html = "\n".join(parts)
    return out


def _marker_tip(entries: Sequence[Entry]) -> str:
    reasons = list(dict.fromkeys(e.reason for e in entries if e.reason))
    shown = "; ".join(reasons[:3]) + ("; …" if len(reasons) > 3 else "")
    return f"Removed: {shown}. Click to show." if shown else "Click to show the removed text."


def _removed_texts(block: Block) -> list[str]:
    """The texts of the Qt blocks a removed block is drawn as (see `_removed_html`)."""
    if block.kind == "table":
        return [c for row in block.rows for c in row]
    if block.kind == "pre":
        return block.text.split("\n")
    if block.kind == "list_item":
        return ["• " + block.text]
    return [block.text]


def _removed_html(entry: Entry, last: bool = False) -> str:
    """A removed block, dimmed; a run of them reads as one band (the last one closes it)."""
    block = entry.block
    reason = f"Removed: {entry.reason}" if entry.reason else "Removed"
    if block.kind == "table":
        return table_html(block.rows, block.header, css_class="removed", title=reason)
    tip = html.escape(reason, quote=True)
    if block.kind == "pre":
        return f'<pre class="removed" title="{tip}">{html.escape(block.text, quote=False)}</pre>'
    text = _removed_texts(block)[0]
    css = "removed-end" if last else "removed"
    return f'<p class="{css}" title="{tip}">{html.escape(text, quote=False)}</p>'


def match_slots(slots: Sequence[Slot], qt_texts: Sequence[str]) -> list[int] | None:
    """Index of the Qt block holding each slot, or None when the view is not what was planned.

    Qt may add empty blocks the HTML does not name (after a table at the very end, say); those
    are skipped. Any other difference means the plan is wrong and the caller falls back.
    """
    found: list[int] = []
    q = 0
    for slot in slots:
        while q < len(qt_texts) and qt_texts[q] != slot.text:
            if qt_texts[q]:
                return None
            q += 1
        if q == len(qt_texts):
            return None
        found.append(q)
        q += 1
    return found
