"""Table blocks: their cells, their plain text, and how each rendering shows them.

A table is one `Block` of kind ``table`` whose ``rows`` hold the cells' texts. Its plain text (the
highlight coordinate system) is one line per row, the cells joined by `CELL_SEPARATOR`, so a
quote inside a table is an ordinary span and search finds cell text. The reader view makes every
cell a QTextBlock of its own; `cell_segments` says where each cell starts in the block's text so
`reader.positions.PositionMap` can map a cell's characters exactly, and the few characters of
separator between two cells (which Qt does not show) snap like the blank line between paragraphs.

Rows are padded to the widest row: Qt lays a table out as a grid and would otherwise add empty
cells of its own, which the position map would not know about. Every cell is whitespace-collapsed
the way Qt's HTML import collapses it, and cells hold plain text (no inline marks), which keeps
the three renderings (HTML table, Markdown pipe table, text lines) in step.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable, Sequence

CELL_SEPARATOR = " | "
ROW_SEPARATOR = "\n"
Rows = tuple[tuple[str, ...], ...]

_MD_ESC = re.compile(r"([\\`*_\[\]<>|!&~])")


def normalize_rows(rows: Iterable[Sequence[str]], normalize: Callable[[str], str]) -> Rows:
    """Collapse every cell, drop rows without any text, pad rows to the widest one."""
    clean = [tuple(normalize(c) for c in row) for row in rows]
    clean = [row for row in clean if any(row)]
    width = max((len(r) for r in clean), default=0)
    return tuple(row + ("",) * (width - len(row)) for row in clean)


def table_text(rows: Rows) -> str:
    """The plain text: one line per row, cells joined by the separator."""
    return ROW_SEPARATOR.join(CELL_SEPARATOR.join(row) for row in rows)


def cell_segments(rows: Rows) -> tuple[tuple[int, str], ...]:
    """``(offset in table_text, cell text)`` of every cell, row by row: one Qt block each."""
    out: list[tuple[int, str]] = []
    pos = 0
    for row in rows:
        for j, cell in enumerate(row):
            if j:
                pos += len(CELL_SEPARATOR)
            out.append((pos, cell))
            pos += len(cell)
        pos += len(ROW_SEPARATOR)
    return tuple(out)


def table_html(rows: Rows, header: bool, css_class: str = "", title: str = "") -> str:
    """A plain ``<table>``; the first row as ``<th>`` cells when it is a header row.

    ``css_class`` and ``title`` (a hover text on every cell) are for the reader's own views.
    """
    attr = f' class="{html.escape(css_class, quote=True)}"' if css_class else ""
    tip = f' title="{html.escape(title, quote=True)}"' if title else ""
    out = [f"<table{attr}>"]
    for i, row in enumerate(rows):
        tag = "th" if header and i == 0 else "td"
        cells = "".join(f"<{tag}{tip}>{html.escape(c, quote=False)}</{tag}>" for c in row)
        out.append(f"<tr>{cells}</tr>")
    out.append("</table>")
    return "".join(out)


def _md_cell(text: str) -> str:
    return _MD_ESC.sub(r"\\\1", text) or " "


def table_markdown(rows: Rows) -> str:
    """A GitHub-style pipe table. Markdown has no header-less table: the first row heads it."""
    if not rows:
        return ""
    width = len(rows[0])
    lines = ["| " + " | ".join(_md_cell(c) for c in rows[0]) + " |"]
    lines.append("|" + "|".join(" --- " for _ in range(width)) + "|")
    lines.extend("| " + " | ".join(_md_cell(c) for c in row) + " |" for row in rows[1:])
    return "\n".join(lines)
