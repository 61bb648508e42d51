"""The open article's highlights as a Qt list model, its filter, and the delegate that draws rows.

The model holds plain `HighlightRecord`s in reading order (orphans last, as the store lists them)
and is updated one row at a time as commands run, so a list of a thousand highlights never
reloads while the user works. Two filter proxies sit on it: the panel's main list (anchored
highlights, filtered by colour and text) and the list of orphans. Rows are as tall as their
quote (up to three lines) and note (up to four) need; the delegate caches each row's layout.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass
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
from PySide6.QtWidgets import (
    QAbstractItemView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

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


@dataclass(frozen=True, slots=True)
class RowLayout:
    """The lines of one row at one width: the quote, the note, then colour and tags."""

    quote: tuple[str, ...]
    note: tuple[str, ...]
    line: int  # line spacing

    @property
    def lines(self) -> int:
        return len(self.quote) + len(self.note) + 1


class HighlightDelegate(QStyledItemDelegate):
    """Colour bar, the quote (up to three lines), the note (up to four), colour and tags.

    Rows are as tall as what they show: a one-word quote takes two lines, a long quote with a
    long note up to eight. Layouts are cached per highlight, text and width, so a list of a
    thousand highlights lays out once and then only rows that change are measured again.
    """

    PAD = 6
    BAR = 5
    QUOTE_LINES = 3
    NOTE_LINES = 4

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.theme: Theme | None = None
        self._layouts: dict[tuple[int, str, str, int, str], RowLayout] = {}

    @classmethod
    def row_height(cls, metrics: QFontMetrics) -> int:
        """A typical row (two lines of quote, a note line, the colour line)."""
        return metrics.lineSpacing() * 4 + 2 * cls.PAD + 2

    def text_width(self, row_width: int) -> int:
        return max(row_width - 2 * self.PAD - self.BAR - 8, 40)

    def layout(self, r: HighlightRecord, font: QFont, row_width: int) -> RowLayout:
        width = self.text_width(row_width)
        key = (r.id, r.exact, r.note, width, font.key())
        cached = self._layouts.get(key)
        if cached is not None:
            return cached
        quote = elide_lines(one_line(r.exact), font, width, self.QUOTE_LINES)
        note: list[str] = []
        if r.note:
            italic = QFont(font)
            italic.setItalic(True)
            note = elide_lines("✎ " + one_line(r.note), italic, width, self.NOTE_LINES)
        if len(self._layouts) > 5000:  # widths come and go as the panel is resized
            self._layouts.clear()
        made = RowLayout(tuple(quote), tuple(note), QFontMetrics(font).lineSpacing())
        self._layouts[key] = made
        return made

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        r: HighlightRecord | None = index.data(RECORD_ROLE)
        widget = option.widget
        width = widget.viewport().width() if isinstance(widget, QAbstractItemView) else 200
        if r is None:
            return QSize(width, self.row_height(option.fontMetrics))
        rows = self.layout(r, option.font, width)
        return QSize(width, rows.lines * rows.line + 2 * self.PAD + 2)

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
        rows = self.layout(r, option.font, option.rect.width())
        line = rows.line
        painter.setPen(text_colour)
        y = text_rect.top()
        for part in rows.quote:
            painter.drawText(QRect(text_rect.left(), y, text_rect.width(), line), 0, part)
            y += line
        if rows.note:
            font = painter.font()
            italic = painter.font()
            italic.setItalic(True)
            painter.setFont(italic)
            for part in rows.note:
                painter.drawText(QRect(text_rect.left(), y, text_rect.width(), line), 0, part)
                y += line
            painter.setFont(font)
        painter.setPen(muted)
        tags = "  ".join(f"#{t}" for t in r.tags)
        label = colour + (f" · {tags}" if tags else "")
        painter.drawText(
            QRect(text_rect.left(), y, text_rect.width(), line),
            0,
            option.fontMetrics.elidedText(label, Qt.TextElideMode.ElideRight, text_rect.width()),
        )
        painter.restore()
