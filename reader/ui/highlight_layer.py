"""Paints the open article's highlights as one layer of extra selections in the reader view.

Incremental, for long articles: each highlight's ExtraSelection (a QTextCursor over its Qt range
and a shared format) is built once and cached. Adding, recolouring or removing one touches only
that entry; the list handed to the view is rebuilt from the cache in reading order (the current
highlight last, so it is drawn on top), and Qt compares it with the previous list and repaints
only the rectangles that changed. Code points become Qt positions through the view's
`PositionMap` and nowhere else. Orphaned highlights have no place in the text and are not painted.

Two things keep Qt from laying out a whole long article (Qt otherwise lays out only what is on
screen, lazily): only the highlights in a window of text around the viewport are handed to Qt,
the window following the scroll bar, because Qt measures each extra selection it is given; and a
highlight that spans blocks (paragraphs, headings, list items) is handed over as one selection
per block, because Qt measures a multi-block selection against the whole root frame, which
finishes the layout of the entire document (a 1 MB article: about 100 ms, at every change).

`Flash` briefly glows over a passage the user jumped to, as a separate layer.
"""

from __future__ import annotations

import math
from bisect import bisect_left, insort
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QTextCharFormat, QTextCursor, QTextDocument
from PySide6.QtWidgets import QTextEdit

from reader.store.records import HighlightRecord
from reader.ui.highlight_style import flash_format, highlight_format
from reader.ui.reader_view import ReaderView

LAYER = "highlights"
FLASH_LAYER = "flash"
FLASH_STEPS = 14
FLASH_INTERVAL_MS = 45
WINDOW_MARGIN = 6000  # Qt positions before and after the viewport whose highlights are painted

Key = tuple[int, int, int]  # (qt start, -qt end, id): reading order, outer before inner


def block_cursors(doc: QTextDocument, a: int, b: int) -> list[QTextCursor]:
    """Cursors selecting ``a..b`` one block at a time (see the module docstring for why)."""
    cursors: list[QTextCursor] = []
    block = doc.findBlock(a)
    while block.isValid() and block.position() < b:
        start = max(a, block.position())
        end = min(b, block.position() + block.length() - 1)
        if start < end:
            cursor = QTextCursor(doc)
            cursor.setPosition(start)
            cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
            cursors.append(cursor)
        block = block.next()
    return cursors


class HighlightLayer:
    """The painted highlights of the article shown in ``view``."""

    def __init__(self, view: ReaderView) -> None:
        self.view = view
        self._records: dict[int, HighlightRecord] = {}
        self._sel: dict[int, list[QTextEdit.ExtraSelection]] = {}  # one per block
        self._spans: dict[int, tuple[int, int]] = {}
        self._keys: dict[int, Key] = {}
        self._order: list[Key] = []
        self._current: int | None = None
        self._window = (0, 0)
        self._longest = 0
        self._published: list[int] = []
        view.verticalScrollBar().valueChanged.connect(self._scrolled)

    # -- state ----------------------------------------------------------------------------
    @property
    def current(self) -> int | None:
        return self._current

    def span(self, highlight_id: int) -> tuple[int, int] | None:
        """The Qt range a highlight is painted over (None for orphans and unknown ids)."""
        return self._spans.get(highlight_id)

    def selections(self, highlight_id: int) -> list[QTextEdit.ExtraSelection]:
        """The pieces (one per block) a highlight is painted with."""
        if highlight_id not in self._spans:
            return []
        with self._no_layout():
            return list(self._pieces(highlight_id))

    def painted_ids(self) -> list[int]:
        """Every highlight with a place in the text, in reading order."""
        return [key[2] for key in self._order]

    def published_ids(self) -> list[int]:
        """The highlights handed to Qt now (those in the window around the viewport)."""
        return list(self._published)

    # -- changes --------------------------------------------------------------------------
    def reset(self, records: Iterable[HighlightRecord], current: int | None = None) -> None:
        """Rebuild everything (new article, or the document was re-rendered)."""
        self._records = {r.id: r for r in records}
        self._sel.clear()
        self._spans.clear()
        self._keys.clear()
        self._order = []
        self._longest = 0
        self._current = current if current in self._records else None
        self._window = self._window_around_viewport()
        if self.view.position_map is not None:
            for record in self._records.values():
                key = self._add(record)
                if key is not None:
                    self._order.append(key)
            self._order.sort()
        self._publish()

    def upsert(self, record: HighlightRecord) -> None:
        old = self._records.get(record.id)
        self._records[record.id] = record
        if old is not None and (old.start, old.end, old.status) == (
            record.start,
            record.end,
            record.status,
        ):
            fmt = self._format(record)
            for selection in self._sel.get(record.id, ()):
                selection.format = fmt
        else:
            self._drop(record.id)
            key = self._add(record)
            if key is not None:
                insort(self._order, key)
        self._publish()

    def remove(self, highlight_id: int) -> None:
        self._records.pop(highlight_id, None)
        self._drop(highlight_id)
        if self._current == highlight_id:
            self._current = None
        self._publish()

    def set_current(self, highlight_id: int | None) -> None:
        if highlight_id == self._current:
            return
        previous, self._current = self._current, highlight_id
        for hid in (previous, highlight_id):
            if hid is not None and hid in self._sel:
                fmt = self._format(self._records[hid])
                for selection in self._sel[hid]:
                    selection.format = fmt
        self._publish()

    def at(self, qt_pos: int) -> int | None:
        """The highlight under Qt position ``qt_pos``: the innermost of those covering it."""
        best: tuple[int, int] | None = None
        for hid, (a, b) in self._spans.items():
            if a <= qt_pos <= b:
                size = b - a
                if best is None or size < best[0] or (size == best[0] and hid > best[1]):
                    best = (size, hid)
        return best[1] if best else None

    # -- internals ------------------------------------------------------------------------
    @contextmanager
    def _no_layout(self) -> Iterator[None]:
        """Place many cursors without laying the document out.

        `QTextCursor.setPosition` works out the cursor's x on screen, which lays out the whole
        document up to that block (a 1 MB article: a quarter of a second for 1,000 cursors);
        inside an edit block it skips that, and an edit block that changes nothing is free.
        """
        guard = QTextCursor(self.view.document())
        guard.beginEditBlock()
        try:
            yield
        finally:
            guard.endEditBlock()

    def _format(self, record: HighlightRecord) -> QTextCharFormat:
        return highlight_format(
            self.view.theme, record.color, bool(record.note), record.id == self._current
        )

    def _add(self, record: HighlightRecord) -> Key | None:
        pmap = self.view.position_map
        if pmap is None or record.status != "anchored":
            return None
        a, b = pmap.span_to_qt(record.start, record.end)
        if a >= b:
            return None
        key: Key = (a, -b, record.id)
        self._longest = max(self._longest, b - a)
        self._spans[record.id] = (a, b)  # its selections are made when first painted
        self._keys[record.id] = key
        return key  # the caller puts it in order

    def _pieces(self, highlight_id: int) -> list[QTextEdit.ExtraSelection]:
        """A highlight's extra selections, made on first use (cached until it changes)."""
        pieces = self._sel.get(highlight_id)
        if pieces is None:
            a, b = self._spans[highlight_id]
            fmt = self._format(self._records[highlight_id])
            pieces = []
            for cursor in block_cursors(self.view.document(), a, b):
                selection = QTextEdit.ExtraSelection()
                selection.cursor = cursor
                selection.format = fmt
                pieces.append(selection)
            self._sel[highlight_id] = pieces
        return pieces

    def _drop(self, highlight_id: int) -> None:
        key = self._keys.pop(highlight_id, None)
        self._sel.pop(highlight_id, None)
        self._spans.pop(highlight_id, None)
        if key is not None:
            i = bisect_left(self._order, key)
            if i < len(self._order) and self._order[i] == key:
                del self._order[i]

    def _window_around_viewport(self) -> tuple[int, int]:
        view = self.view
        if view.position_map is None:
            return (0, 0)
        rect = view.viewport().rect()
        top = view.cursorForPosition(rect.topLeft()).position()
        bottom = view.cursorForPosition(rect.bottomRight()).position()
        return max(0, top - WINDOW_MARGIN), bottom + WINDOW_MARGIN

    def _scrolled(self, _value: int = 0) -> None:
        """Move the window when the viewport comes within a third of the margin of its edge."""
        if not self._order:
            return
        lo, hi = self._window
        new_lo, new_hi = self._window_around_viewport()
        slack = WINDOW_MARGIN // 3
        top, bottom = new_lo + WINDOW_MARGIN, new_hi - WINDOW_MARGIN
        if (lo == 0 or top - lo >= slack) and hi - bottom >= slack:
            return
        self._window = (new_lo, new_hi)
        self._publish()

    def viewport_resized(self) -> None:
        self._scrolled()

    def _publish(self) -> None:
        current = self._current
        order = self._order
        lo, hi = self._window
        first = bisect_left(order, (lo - self._longest,))
        last = bisect_left(order, (hi + 1,))
        # Keys are (start, -end, id); a highlight is in the window if it ends at or after lo.
        ids = [k[2] for k in order[first:last] if -k[1] >= lo and k[2] != current]
        span = self._spans.get(current) if current is not None else None
        if current is not None and span is not None and span[0] <= hi and span[1] >= lo:
            ids.append(current)
        self._published = ids
        with self._no_layout():
            pieces = [piece for i in ids for piece in self._pieces(i)]
        self.view.set_selection_layer(LAYER, pieces)


class Flash(QObject):
    """A short glow that rises and fades over a Qt range (where a jump landed)."""

    def __init__(self, view: ReaderView) -> None:
        super().__init__(view)
        self.view = view
        self._cursors: list[QTextCursor] = []
        self._step = 0
        self._timer = QTimer(self, interval=FLASH_INTERVAL_MS)
        self._timer.timeout.connect(self._tick)
        view.rendered.connect(self.stop)

    @property
    def active(self) -> bool:
        return self._timer.isActive()

    def start(self, a: int, b: int) -> None:
        self._cursors = block_cursors(self.view.document(), a, b)
        self._step = 0
        self._timer.start()
        self._tick()

    def stop(self) -> None:
        self._timer.stop()
        self._cursors = []
        self.view.set_selection_layer(FLASH_LAYER, [])

    def _tick(self) -> None:
        if not self._cursors or self._step > FLASH_STEPS:
            self.stop()
            return
        strength = math.sin(math.pi * self._step / FLASH_STEPS)
        self._step += 1
        fmt = flash_format(self.view.theme, strength)
        selections = []
        for cursor in self._cursors:
            selection = QTextEdit.ExtraSelection()
            selection.cursor = cursor
            selection.format = fmt
            selections.append(selection)
        self.view.set_selection_layer(FLASH_LAYER, selections)
