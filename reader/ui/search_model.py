"""Search results as a Qt tree: one group per kind (articles, highlights, notes), results below.

The model holds the plain `SearchResult`s of one search and is replaced whole when a newer
search finishes (the search pane discards older ones). The delegate draws each result on three
lines: the article's title (with the highlight's colour, for highlights and their notes), then
the snippet with the matched words marked as the reader marks find matches.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QModelIndex,
    QPersistentModelIndex,
    QPointF,
    QRect,
    QSize,
    Qt,
)
from PySide6.QtGui import QColor, QFont, QPainter, QPalette, QTextCharFormat, QTextLayout
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from reader.store.records import COLORS, SearchResult, SearchResults
from reader.ui import highlight_style
from reader.ui.themes import Theme

Index = QModelIndex | QPersistentModelIndex
RESULT_ROLE = Qt.ItemDataRole.UserRole + 1
GROUPS: tuple[tuple[str, str, str], ...] = (
    ("articles", "Articles", "article"),
    ("highlights", "Highlights", "highlight"),
    ("notes", "Notes", "note"),
)
_GROUP = 0  # internal id of group rows; results carry their group's number + 1


class SearchResultsModel(QAbstractItemModel):
    """Groups (top level) of results (children); empty groups are left out."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._groups: list[tuple[str, tuple[SearchResult, ...]]] = []
        self.limits: dict[str, int] = {}  # by group label: how many were asked for

    def set_results(self, results: SearchResults, limits: dict[str, int] | None = None) -> None:
        self.beginResetModel()
        by_kind = limits or {}
        self.limits = {label: by_kind.get(kind, 0) for _attr, label, kind in GROUPS}
        self._groups = [
            (label, getattr(results, attr))
            for attr, label, _kind in GROUPS
            if getattr(results, attr)
        ]
        self.endResetModel()

    def clear(self) -> None:
        self.set_results(SearchResults())

    def total(self) -> int:
        return sum(len(rows) for _label, rows in self._groups)

    def counts(self) -> dict[str, int]:
        return {label: len(rows) for label, rows in self._groups}

    def is_full(self, label: str) -> bool:
        """Whether the group holds as many results as were asked for (there may be more)."""
        limit = self.limits.get(label, 0)
        return bool(limit) and self.counts().get(label, 0) >= limit

    # -- QAbstractItemModel ---------------------------------------------------------------
    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        if column != 0 or row < 0:
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, 0, _GROUP) if row < len(self._groups) else QModelIndex()
        if parent.internalId() != _GROUP or parent.row() >= len(self._groups):
            return QModelIndex()
        if row >= len(self._groups[parent.row()][1]):
            return QModelIndex()
        return self.createIndex(row, 0, parent.row() + 1)

    def parent(self, index: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        if not index.isValid() or index.internalId() == _GROUP:
            return QModelIndex()
        return self.createIndex(int(index.internalId()) - 1, 0, _GROUP)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if not parent.isValid():
            return len(self._groups)
        if parent.internalId() == _GROUP and parent.row() < len(self._groups):
            return len(self._groups[parent.row()][1])
        return 0

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 1

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        if index.internalId() == _GROUP:
            return Qt.ItemFlag.ItemIsEnabled
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if index.internalId() == _GROUP:
            if index.row() >= len(self._groups):
                return None
            label, rows = self._groups[index.row()]
            if role == Qt.ItemDataRole.DisplayRole:
                more = "+" if self.is_full(label) else ""
                return f"{label} ({len(rows)}{more})"
            if role == Qt.ItemDataRole.FontRole:
                font = QFont()
                font.setBold(True)
                return font
            return None
        result = self.result(index)
        if result is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return result.title
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{result.title}\n{result.snippet}"
        if role == RESULT_ROLE:
            return result
        return None

    def result(self, index: Index) -> SearchResult | None:
        if not index.isValid() or index.internalId() == _GROUP:
            return None
        group = int(index.internalId()) - 1
        if group >= len(self._groups) or index.row() >= len(self._groups[group][1]):
            return None
        return self._groups[group][1][index.row()]

    def first_result(self) -> QModelIndex:
        return self.index(0, 0, self.index(0, 0)) if self._groups else QModelIndex()


def snippet_layout(result: SearchResult, font: QFont, mark: QColor, width: int) -> QTextLayout:
    """The snippet laid out in at most two lines of ``width``, its marks on ``mark``, bold."""
    layout = QTextLayout(result.snippet, font)
    formats = []
    for start, end in result.marks:
        fmt = QTextCharFormat()
        fmt.setBackground(mark)
        fmt.setFontWeight(QFont.Weight.DemiBold)
        span = QTextLayout.FormatRange()
        span.start, span.length, span.format = start, end - start, fmt
        formats.append(span)
    layout.setFormats(formats)
    layout.beginLayout()
    y = 0.0
    for _ in range(2):
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(width)
        line.setPosition(QPointF(0, y))
        y += line.height()
    layout.endLayout()
    return layout


class SearchResultDelegate(QStyledItemDelegate):
    """Title (bold) over two lines of snippet; group rows are drawn as plain bold text.

    The snippet is drawn with a `QTextLayout` and format ranges: an HTML document per row took
    up to 50 ms to paint a screenful while the person was typing."""

    PAD = 5
    BAR = 4

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.theme: Theme | None = None
        self._mark: QColor | None = None
        # Laid-out snippets by (result, width, mark colour), so a repaint does not shape again.
        self._layouts: dict[tuple[SearchResult, int, int], QTextLayout] = {}

    def set_theme(self, theme: Theme) -> None:
        self.theme = theme
        self._mark = highlight_style.find_colour(theme)
        self._layouts.clear()

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        if index.data(RESULT_ROLE) is None:
            return super().sizeHint(option, index)
        return QSize(200, option.fontMetrics.lineSpacing() * 3 + 2 * self.PAD)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        result: SearchResult | None = index.data(RESULT_ROLE)
        if result is None:
            super().paint(painter, option, index)
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
        rect: QRect = option.rect.adjusted(self.PAD, self.PAD, -self.PAD, -self.PAD)
        if result.color in COLORS and self.theme is not None:
            painter.fillRect(
                QRect(rect.left(), rect.top(), self.BAR, rect.height()),
                highlight_style.ink(self.theme, result.color),
            )
            rect = rect.adjusted(self.BAR + 6, 0, 0, 0)
        line = option.fontMetrics.lineSpacing()
        title_font = QFont(option.font)
        title_font.setBold(True)
        painter.setFont(title_font)
        painter.setPen(text_colour)
        title = painter.fontMetrics().elidedText(
            result.title, Qt.TextElideMode.ElideRight, rect.width()
        )
        painter.drawText(QRect(rect.left(), rect.top(), rect.width(), line), 0, title)
        mark = self._mark if self._mark is not None else pal.color(QPalette.ColorRole.Highlight)
        if selected:
            mark = QColor(mark)
            mark.setAlphaF(0.45)
        painter.setFont(option.font)
        painter.setClipRect(QRect(rect.left(), rect.top() + line, rect.width(), line * 2))
        key = (result, rect.width(), mark.rgba())
        layout = self._layouts.get(key)
        if layout is None:
            if len(self._layouts) > 400:
                self._layouts.clear()
            layout = self._layouts[key] = snippet_layout(result, option.font, mark, rect.width())
        layout.draw(painter, QPointF(rect.left(), rect.top() + line))
        painter.restore()
