"""Every highlight of the library as a Qt list model that reads its rows a page at a time.

A library may hold 100,000 highlights. The view's job hands the model the ordered ids of the
highlights that pass the filters (one indexed query, off the GUI thread) and the first page of
rows; rows further down are read when the view first asks for them, `PAGE` at a time (a few
milliseconds each), and kept. So the list opens at once and memory follows what was scrolled
through, not the size of the library. The delegate draws the article's title over the quote,
then the note and the colour and tags.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from reader.store.browse import LibraryHighlight, highlight_items
from reader.store.db import Library
from reader.store.records import COLORS
from reader.ui import highlight_style
from reader.ui.highlights_model import elide_lines, one_line
from reader.ui.themes import Theme

Index = QModelIndex | QPersistentModelIndex
ITEM_ROLE = Qt.ItemDataRole.UserRole + 1
ID_ROLE = Qt.ItemDataRole.UserRole + 2
PAGE = 50  # rows read at once on the GUI thread: 7-20 ms on the 100,000-highlight library


class LibraryHighlightsModel(QAbstractListModel):
    def __init__(self, library: Library, parent: Any = None) -> None:
        super().__init__(parent)
        self.library = library
        self._ids: list[int] = []
        self._pages: dict[int, list[LibraryHighlight | None]] = {}

    def set_rows(self, ids: Sequence[int], first_page: Sequence[LibraryHighlight] = ()) -> None:
        self.beginResetModel()
        self._ids = list(ids)
        self._pages = {}
        if first_page:
            self._store(0, first_page)
        self.endResetModel()

    def ids(self) -> list[int]:
        return list(self._ids)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt default
        return 0 if parent.isValid() else len(self._ids)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._ids):
            return None
        if role == ID_ROLE:
            return self._ids[index.row()]
        item = self.item(index.row())
        if item is None:
            return None
        h = item.highlight
        if role == Qt.ItemDataRole.DisplayRole:
            return one_line(h.exact)
        if role == Qt.ItemDataRole.ToolTipRole:
            quote = h.exact if len(h.exact) < 600 else h.exact[:600] + "…"
            return f"{item.article_title}\n\n{quote}" + (f"\n\nNote: {h.note}" if h.note else "")
        if role == ITEM_ROLE:
            return item
        return None

    def item(self, row: int) -> LibraryHighlight | None:
        """The row's highlight, read with its page the first time it is needed."""
        page = row // PAGE
        if page not in self._pages:
            start = page * PAGE
            self._store(page, highlight_items(self.library, self._ids[start : start + PAGE]))
        return self._pages[page][row % PAGE]

    def _store(self, page: int, items: Sequence[LibraryHighlight]) -> None:
        start = page * PAGE
        wanted = self._ids[start : start + PAGE]
        by_id = {i.highlight.id: i for i in items}
        # A highlight deleted since the ids were read stays an empty row until the next reload.
        self._pages[page] = [by_id.get(i) for i in wanted]

    def row_of(self, highlight_id: int) -> int | None:
        try:
            return self._ids.index(highlight_id)
        except ValueError:
            return None


class LibraryHighlightDelegate(QStyledItemDelegate):
    """Article title, the quote (two lines), the note, then colour · tags."""

    PAD = 6
    BAR = 5
    LINES = 5

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.theme: Theme | None = None

    @classmethod
    def row_height(cls, metrics: QFontMetrics) -> int:
        return metrics.lineSpacing() * cls.LINES + 2 * cls.PAD

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        return QSize(200, self.row_height(option.fontMetrics))

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        item: LibraryHighlight | None = index.data(ITEM_ROLE)
        painter.save()
        style = option.widget.style() if option.widget else None
        if style is not None:
            style.drawPrimitive(QStyle.PrimitiveElement.PE_PanelItemViewItem, option, painter)
        if item is None:
            painter.restore()
            return
        h = item.highlight
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        pal = option.palette
        text_colour = pal.color(
            QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        )
        muted = QColor(text_colour)
        muted.setAlphaF(0.7)
        rect: QRect = option.rect.adjusted(self.PAD, self.PAD, -self.PAD, -self.PAD)
        colour = h.color if h.color in COLORS else COLORS[0]
        if self.theme is not None:
            painter.fillRect(
                QRect(rect.left(), rect.top(), self.BAR, rect.height()),
                highlight_style.swatch(self.theme, colour),
            )
            painter.fillRect(
                QRect(rect.left(), rect.top(), 2, rect.height()),
                highlight_style.ink(self.theme, colour),
            )
        text = rect.adjusted(self.BAR + 8, 0, 0, 0)
        fm = option.fontMetrics
        line = fm.lineSpacing()
        y = text.top()
        bold = QFont(option.font)
        bold.setBold(True)
        painter.setFont(bold)
        painter.setPen(muted)
        title = painter.fontMetrics().elidedText(
            item.article_title, Qt.TextElideMode.ElideRight, text.width()
        )
        painter.drawText(QRect(text.left(), y, text.width(), line), 0, title)
        y += line
        painter.setFont(option.font)
        painter.setPen(text_colour)
        quote_lines = 2 if h.note else 3
        for part in elide_lines(one_line(h.exact), option.font, text.width(), quote_lines):
            painter.drawText(QRect(text.left(), y, text.width(), line), 0, part)
            y += line
        if h.note:
            italic = QFont(option.font)
            italic.setItalic(True)
            painter.setFont(italic)
            note = fm.elidedText("✎ " + one_line(h.note), Qt.TextElideMode.ElideRight, text.width())
            painter.drawText(QRect(text.left(), y, text.width(), line), 0, note)
            painter.setFont(option.font)
        y = text.top() + (self.LINES - 1) * line
        painter.setPen(muted)
        tags = "  ".join(f"#{t}" for t in h.tags)
        status = " · orphaned" if h.status == "orphaned" else ""
        label = f"{colour}{status}" + (f" · {tags}" if tags else "")
        label += f" · {h.created_at:%Y-%m-%d}"
        painter.drawText(
            QRect(text.left(), y, text.width(), line),
            0,
            fm.elidedText(label, Qt.TextElideMode.ElideRight, text.width()),
        )
        painter.restore()
