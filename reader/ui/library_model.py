"""The library list as a Qt model: metadata records only, fast with tens of thousands of rows.

`LibraryModel` holds `ArticleSummary` records (never a body) and formats cells lazily, only for the
rows a view asks about. Sorting happens here, in Python, with one key per row: a
QSortFilterProxyModel would call back into Python twice per comparison (~n log n calls), which is
what made sorting 10,000 rows slow. `LibraryFilterModel` (the proxy) only filters, against a
lower-cased text kept per row, and forwards sort requests to the source.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)

from reader.store.records import ArticleSummary

Index = QModelIndex | QPersistentModelIndex
ID_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_ROLE = Qt.ItemDataRole.UserRole + 2
COLUMNS: tuple[str, ...] = ("Title", "Site", "Words", "Highlights", "Added")
TITLE, SITE, WORDS, HIGHLIGHTS, ADDED = range(len(COLUMNS))
NUMERIC = frozenset({WORDS, HIGHLIGHTS})
BULK_INSERT = 200  # more new rows than this at once: one reset is cheaper than many inserts


def fold(text: str) -> str:
    """Sort key for names: case and accents do not decide the order ("École" sorts as "ecole")."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


_SORT_KEYS: dict[int, Callable[[ArticleSummary], Any]] = {
    TITLE: lambda s: (fold(s.title), s.id),
    SITE: lambda s: (fold(s.site or ""), fold(s.title), s.id),
    WORDS: lambda s: (s.words, s.id),
    HIGHLIGHTS: lambda s: (s.highlights, s.id),
    ADDED: lambda s: (s.added_at, s.id),
}


def local_date(moment: datetime) -> str:
    """Stored times are naive UTC; show the local calendar date."""
    return moment.replace(tzinfo=UTC).astimezone().strftime("%Y-%m-%d")


class LibraryModel(QAbstractTableModel):
    """Rows of article metadata; ids are the stable handle the rest of the window uses."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[ArticleSummary] = []
        self._row_of: dict[int, int] = {}
        self._hay: dict[int, str] = {}
        self._sort_column = ADDED
        self._sort_order = Qt.SortOrder.DescendingOrder

    # -- Qt model API ---------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt default
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt default
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(COLUMNS):
            if role == Qt.ItemDataRole.DisplayRole:
                return COLUMNS[section]
            if role == Qt.ItemDataRole.TextAlignmentRole and section in NUMERIC:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        s = self._rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(s, col)
        if role == ID_ROLE:
            return s.id
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{s.title}\n{s.path}"
        if role == Qt.ItemDataRole.TextAlignmentRole and col in NUMERIC:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == SORT_ROLE:
            return _SORT_KEYS[col](s)[0] if col != ADDED else s.added_at.isoformat()
        return None

    @staticmethod
    def _display(s: ArticleSummary, col: int) -> str:
        if col == TITLE:
            return s.title
        if col == SITE:
            return s.site or ""
        if col == WORDS:
            return f"{s.words:,}"
        if col == HIGHLIGHTS:
            return str(s.highlights) if s.highlights else ""
        return local_date(s.added_at)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemNeverHasChildren
        )

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if column not in _SORT_KEYS:
            return
        self._sort_column, self._sort_order = column, order
        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()
        ids = [self._rows[p.row()].id if p.row() < len(self._rows) else None for p in persistent]
        self._sort_rows()
        new = [
            self.index(self._row_of[i], p.column()) if i in self._row_of else QModelIndex()
            for p, i in zip(persistent, ids, strict=True)
        ]
        self.changePersistentIndexList(persistent, new)
        self.layoutChanged.emit()

    # -- our API --------------------------------------------------------------------------
    @property
    def sort_column(self) -> int:
        return self._sort_column

    @property
    def sort_order(self) -> Qt.SortOrder:
        return self._sort_order

    def _sort_rows(self) -> None:
        reverse = self._sort_order == Qt.SortOrder.DescendingOrder
        self._rows.sort(key=_SORT_KEYS[self._sort_column], reverse=reverse)
        self._row_of = {s.id: r for r, s in enumerate(self._rows)}

    def set_articles(self, rows: Sequence[ArticleSummary]) -> None:
        """Replace every row (a full reload), keeping the current sort order."""
        self.beginResetModel()
        self._rows = list(rows)
        self._hay.clear()
        self._sort_rows()
        self.endResetModel()

    def upsert(self, rows: Iterable[ArticleSummary]) -> None:
        """Insert new articles and refresh changed ones, keeping the sort order."""
        fresh: dict[int, ArticleSummary] = {}
        for s in rows:
            self._hay.pop(s.id, None)
            r = self._row_of.get(s.id)
            if r is None:
                fresh[s.id] = s
            else:
                self._rows[r] = s
                self.dataChanged.emit(self.index(r, 0), self.index(r, len(COLUMNS) - 1))
        if len(fresh) > BULK_INSERT:
            self.set_articles([*self._rows, *fresh.values()])
            return
        # A sorted insert per row keeps views and selections stable without a reset.
        for s in fresh.values():
            self._insert_sorted(s)

    def _insert_sorted(self, s: ArticleSummary) -> None:
        key = _SORT_KEYS[self._sort_column]
        k = key(s)
        lo, hi = 0, len(self._rows)
        descending = self._sort_order == Qt.SortOrder.DescendingOrder
        while lo < hi:
            mid = (lo + hi) // 2
            before = key(self._rows[mid]) > k if descending else key(self._rows[mid]) < k
            if before:
                lo = mid + 1
            else:
                hi = mid
        self.beginInsertRows(QModelIndex(), lo, lo)
        self._rows.insert(lo, s)
        for r in range(lo, len(self._rows)):
            self._row_of[self._rows[r].id] = r
        self.endInsertRows()

    def remove_ids(self, ids: Iterable[int]) -> None:
        for article_id in ids:
            r = self._row_of.get(article_id)
            if r is None:
                continue
            self.beginRemoveRows(QModelIndex(), r, r)
            del self._rows[r]
            del self._row_of[article_id]
            self._hay.pop(article_id, None)
            for i in range(r, len(self._rows)):
                self._row_of[self._rows[i].id] = i
            self.endRemoveRows()

    def row_of(self, article_id: int) -> int | None:
        return self._row_of.get(article_id)

    def summary(self, row: int) -> ArticleSummary:
        return self._rows[row]

    def summary_by_id(self, article_id: int) -> ArticleSummary | None:
        r = self._row_of.get(article_id)
        return self._rows[r] if r is not None else None

    def summaries(self) -> list[ArticleSummary]:
        """Every row's record (a copy of the list, in the model's order)."""
        return list(self._rows)

    def ids(self) -> list[int]:
        return [s.id for s in self._rows]

    def haystack(self, row: int) -> str:
        """Lower-cased searchable text of a row (built once per record and cached)."""
        s = self._rows[row]
        text = self._hay.get(s.id)
        if text is None:
            text = f"{s.title}\n{s.site or ''}\n{s.byline or ''}".casefold()
            self._hay[s.id] = text
        return text


class LibraryFilterModel(QSortFilterProxyModel):
    """Filters by a text typed by the user; sorting is delegated to `LibraryModel`."""

    def __init__(self, source: LibraryModel, parent: Any = None) -> None:
        super().__init__(parent)
        self._needles: list[str] = []
        self.setSourceModel(source)
        self.setDynamicSortFilter(False)

    def library(self) -> LibraryModel:
        model = self.sourceModel()
        assert isinstance(model, LibraryModel)
        return model

    def set_filter_text(self, text: str) -> None:
        needles = text.casefold().split()
        if needles == self._needles:
            return
        self.beginFilterChange()
        self._needles = needles
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        if not self._needles:
            return True
        hay = self.library().haystack(source_row)
        return all(n in hay for n in self._needles)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.library().sort(column, order)

    def article_id(self, index: Index) -> int | None:
        value = self.data(index, ID_ROLE)
        return int(value) if value is not None else None

    def index_of(self, article_id: int) -> QModelIndex:
        row = self.library().row_of(article_id)
        if row is None:
            return QModelIndex()
        return self.mapFromSource(self.library().index(row, 0))
