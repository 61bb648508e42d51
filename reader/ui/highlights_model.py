"""The open article's highlights as a Qt list model, its filter, and the delegate that draws rows.

The model holds plain `HighlightRecord`s in reading order (orphans last, as the store lists them)
and is updated one row at a time as commands run, so a list of a thousand highlights never
reloads while the user works. Two filter proxies sit on it: the panel's main list (anchored
highlights, filtered by colour and text) and the list of orphans. Rows have a fixed height
(uniform sizes), so long lists lay out at once; the delegate elides the quote to two lines.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QSize,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette, QTextLayout
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from reader.store.records import COLORS, HighlightRecord
from reader.ui import highlight_style
from reader.ui.themes import Theme

Index = QModelIndex | QPersistentModelIndex
RECORD_ROLE = Qt.ItemDataRole.UserRole + 1
ID_ROLE = Qt.ItemDataRole.UserRole + 2
COLOR_ROLE = Qt.ItemDataRole.UserRole + 3


def _order(r: HighlightRecord) -> tuple[bool, int, int, int]:
    return (r.status == "orphaned", r.start, r.end, r.id)


def one_line(text: str) -> str:
    return " ".join(text.split())


class HighlightListModel(QAbstractListModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[HighlightRecord] = []
        self._keys: list[tuple[bool, int, int, int]] = []

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt default
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        r = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return one_line(r.exact)
        if role == Qt.ItemDataRole.ToolTipRole:
            tip = r.exact if len(r.exact) < 600 else r.exact[:600] + "…"
            return tip + (f"\n\nNote: {r.note}" if r.note else "")
        if role == RECORD_ROLE:
            return r
        if role == ID_ROLE:
            return r.id
        if role == COLOR_ROLE:
            return r.color
        return None

    def set_records(self, records: Iterable[HighlightRecord]) -> None:
        self.beginResetModel()
        self._rows = sorted(records, key=_order)
        self._keys = [_order(r) for r in self._rows]
        self.endResetModel()

    def records(self) -> list[HighlightRecord]:
        return list(self._rows)

    def row(self, row: int) -> HighlightRecord:
        return self._rows[row]

    def row_of(self, highlight_id: int) -> int | None:
        for i, r in enumerate(self._rows):
            if r.id == highlight_id:
                return i
        return None

    def upsert(self, record: HighlightRecord) -> None:
        row = self.row_of(record.id)
        if row is not None and self._keys[row] == _order(record):
            self._rows[row] = record
            index = self.index(row)
            self.dataChanged.emit(index, index)
            return
        if row is not None:
            self.remove(record.id)
        key = _order(record)
        at = bisect_left(self._keys, key)
        self.beginInsertRows(QModelIndex(), at, at)
        self._rows.insert(at, record)
        self._keys.insert(at, key)
        self.endInsertRows()

    def remove(self, highlight_id: int) -> None:
        row = self.row_of(highlight_id)
        if row is None:
            return
        self.beginRemoveRows(QModelIndex(), row, row)
        del self._rows[row]
        del self._keys[row]
        self.endRemoveRows()


class HighlightFilter(QSortFilterProxyModel):
    """Anchored or orphaned highlights, optionally only some colours and matching a text."""

    def __init__(self, source: HighlightListModel, orphans: bool, parent: Any = None) -> None:
        super().__init__(parent)
        self._source = source
        self.setSourceModel(source)
        self.orphans = orphans
        self._text = ""
        self._colours: frozenset[str] = frozenset()

    def set_text(self, text: str) -> None:
        self.beginFilterChange()
        self._text = one_line(text).casefold()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_colours(self, colours: Iterable[str]) -> None:
        self.beginFilterChange()
        self._colours = frozenset(colours)
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    @property
    def filtering(self) -> bool:
        return bool(self._text or self._colours)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        r = self._source.row(source_row)  # direct: this runs for every row on every change
        if (r.status == "orphaned") != self.orphans:
            return False
        if self._colours and r.color not in self._colours:
            return False
        if self._text:
            hay = f"{r.exact}\n{r.note}\n{' '.join(r.tags)}".casefold()
            return all(word in hay for word in self._text.split())
        return True

    def highlight_id(self, index: Index) -> int | None:
        return self.data(index, ID_ROLE) if index.isValid() else None

    def index_of(self, highlight_id: int) -> QModelIndex:
        source: HighlightListModel = self.sourceModel()  # type: ignore[assignment]
        row = source.row_of(highlight_id)
        return QModelIndex() if row is None else self.mapFromSource(source.index(row))


def elide_lines(text: str, font: QFont, width: int, lines: int) -> list[str]:
    """``text`` wrapped to ``width`` in at most ``lines`` lines, the last elided with "…"."""
    metrics = QFontMetrics(font)
    layout = QTextLayout(text, font)
    out: list[str] = []
    layout.beginLayout()
    start = 0
    while len(out) < lines - 1:
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(width)
        out.append(text[line.textStart() : line.textStart() + line.textLength()].rstrip())
        start = line.textStart() + line.textLength()
    layout.endLayout()
    rest = text[start:].strip()
    if rest and len(out) < lines:
        out.append(metrics.elidedText(rest, Qt.TextElideMode.ElideRight, width))
    return out


class HighlightDelegate(QStyledItemDelegate):
    """Colour bar, the quote (up to three lines, two with a note), the note, colour and tags."""

    PAD = 6
    BAR = 5

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.theme: Theme | None = None

    @classmethod
    def row_height(cls, metrics: QFontMetrics) -> int:
        return metrics.lineSpacing() * 4 + 2 * cls.PAD + 2

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        return QSize(200, self.row_height(option.fontMetrics))

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        r: HighlightRecord | None = index.data(RECORD_ROLE)
        if r is None:
            return
        painter.save()
        style = option.widget.style() if option.widget else None
        if style is not None:
            style.drawPrimitive(QStyle.PrimitiveElement.PE_PanelItemViewItem, option, painter)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        pal = option.palette
        text_colour = pal.color(
            QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        )
        muted = QColor(text_colour)
        muted.setAlphaF(0.7)
        rect: QRect = option.rect.adjusted(self.PAD, self.PAD, -self.PAD, -self.PAD)
        theme = self.theme
        colour = r.color if r.color in COLORS else COLORS[0]
        if theme is not None:
            painter.fillRect(
                QRect(rect.left(), rect.top(), self.BAR, rect.height()),
                highlight_style.swatch(theme, colour)
                if not selected
                else highlight_style.ink(theme, colour),
            )
            painter.fillRect(
                QRect(rect.left(), rect.top(), 2, rect.height()), highlight_style.ink(theme, colour)
            )
        text_rect = rect.adjusted(self.BAR + 8, 0, 0, 0)
        fm = option.fontMetrics
        line = fm.lineSpacing()
        painter.setPen(text_colour)
        y = text_rect.top()
        quote_lines = 2 if r.note else 3  # without a note the quote may take its line
        for part in elide_lines(one_line(r.exact), option.font, text_rect.width(), quote_lines):
            painter.drawText(QRect(text_rect.left(), y, text_rect.width(), line), 0, part)
            y += line
        if r.note:
            font = painter.font()
            italic = painter.font()
            italic.setItalic(True)
            painter.setFont(italic)
            note = fm.elidedText(
                "✎ " + one_line(r.note), Qt.TextElideMode.ElideRight, text_rect.width()
            )
            painter.drawText(QRect(text_rect.left(), y, text_rect.width(), line), 0, note)
            painter.setFont(font)
        y = text_rect.top() + 3 * line  # colour and tags always on the last line
        painter.setPen(muted)
        tags = "  ".join(f"#{t}" for t in r.tags)
        label = colour + (f" · {tags}" if tags else "")
        painter.drawText(
            QRect(text_rect.left(), y, text_rect.width(), line),
            0,
            fm.elidedText(label, Qt.TextElideMode.ElideRight, text_rect.width()),
        )
        painter.restore()
