"""The library pane: a filter box over a sortable table of articles, with a context menu.

Selecting a row opens the article (Ctrl/Shift-click select several, for File → Export
Annotations…; the last one clicked is shown). A click (or Enter) also moves the keyboard focus
to the reader; moving through the list with the arrow keys opens each article but leaves the
focus in the list, so a person can keep browsing. Typing in the filter never opens anything:
rows that come and go under a filter move Qt's current row, and that is not a choice the user
made (the open article stays open, and selected while it matches). The pane only emits
requests; the window carries them out.
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QPoint, Qt, Signal
from PySide6.QtGui import QKeyEvent, QMouseEvent, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from reader.ui.library_model import (
    ADDED,
    HIGHLIGHTS,
    SITE,
    TITLE,
    WORDS,
    LibraryFilterModel,
    LibraryModel,
)

# Columns give way to the title when the pane is narrow, least useful first.
HIDE_ORDER = (WORDS, ADDED, HIGHLIGHTS, SITE)
MIN_TITLE_WIDTH = 180


class LibraryTable(QTableView):
    """Knows whether a change of row comes from the user (mouse or keys); fits columns to width."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.keyboard_navigation = False
        self.interacting = False  # inside a mouse press or key press of the user
        self.preferred_widths: dict[int, int] = {}

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fit_columns()

    def fit_columns(self) -> None:
        """Show as many columns as fit beside a readable title; hidden ones return on widening."""
        available = self.viewport().width()
        shown = [c for c in HIDE_ORDER if c in self.preferred_widths]
        while shown and available - sum(self.preferred_widths[c] for c in shown) < MIN_TITLE_WIDTH:
            shown.pop(0)
        for col in self.preferred_widths:
            self.setColumnHidden(col, col not in shown)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        self.keyboard_navigation = event.key() not in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        self.interacting = True
        try:
            super().keyPressEvent(event)
        finally:
            self.keyboard_navigation = False
            self.interacting = False

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self.interacting = True
        try:
            super().mousePressEvent(event)
        finally:
            self.interacting = False


class LibraryPane(QWidget):
    articleSelected = Signal(int, bool)  # article id, move the focus to the reader
    removeRequested = Signal(int)
    revealRequested = Signal(int)

    def __init__(self, model: LibraryModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("libraryPane")
        self.model = model
        self.proxy = LibraryFilterModel(model, self)
        self._quiet = False
        self._shown: int | None = None  # the article the window shows (kept selected)

        self.filter_edit = QLineEdit(self, placeholderText="Filter by title, site or author")
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.setAcceptDrops(False)  # dropped files go to the window's import
        self.filter_edit.textChanged.connect(self.set_filter_text)
        self.count_label = QLabel(self)
        self.count_label.setObjectName("libraryCount")

        self.table = LibraryTable(self)
        t = self.table
        t.setModel(self.proxy)
        t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        t.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        t.setShowGrid(False)
        t.setAlternatingRowColors(True)
        t.setWordWrap(False)
        t.setTextElideMode(Qt.TextElideMode.ElideRight)
        t.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        t.customContextMenuRequested.connect(self._context_menu)
        t.verticalHeader().hide()
        vh = t.verticalHeader()
        vh.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vh.setDefaultSectionSize(t.fontMetrics().height() + 10)
        header = t.horizontalHeader()
        header.setHighlightSections(False)
        header.setSortIndicator(model.sort_column, model.sort_order)
        t.setSortingEnabled(True)  # after the indicator, or it sorts by the first column
        header.setSectionResizeMode(TITLE, QHeaderView.ResizeMode.Stretch)
        fm = t.fontMetrics()
        for col, sample in (
            (SITE, "example.co.uk"),
            (WORDS, "00,000 ▾"),
            (HIGHLIGHTS, "Highlights"),
            (ADDED, "0000-00-00"),
        ):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Fixed)
            width = fm.horizontalAdvance(sample) + 20
            t.setColumnWidth(col, width)
            t.preferred_widths[col] = width
        header.setMinimumSectionSize(fm.horizontalAdvance("Words") + 20)
        t.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        t.selectionModel().currentRowChanged.connect(self._current_changed)
        t.activated.connect(self._activated)
        t.clicked.connect(self._activated)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.filter_edit)
        layout.addWidget(t, 1)
        layout.addWidget(self.count_label)
        # The proxy drops a row while the source still holds it (on rowsAboutToBeRemoved), so
        # the count also follows the source model's own signals, which come after the change.
        for source in (self.proxy, self.model):
            source.layoutChanged.connect(self._update_count)
            source.rowsInserted.connect(self._update_count)
            source.rowsRemoved.connect(self._update_count)
            source.modelReset.connect(self._update_count)
        self._update_count()

    # -- selection ------------------------------------------------------------------------
    def current_article_id(self) -> int | None:
        index = self.table.currentIndex()
        return self.proxy.article_id(index) if index.isValid() else None

    def selected_article_ids(self) -> list[int]:
        rows = self.table.selectionModel().selectedRows()
        ids = (self.proxy.article_id(index) for index in rows)
        return sorted(i for i in ids if i is not None)

    def set_filter_text(self, text: str) -> None:
        """Filter the rows; the current row follows the shown article, never the other way."""
        self._quiet = True
        try:
            self.proxy.set_filter_text(text)
        finally:
            self._quiet = False
        if self._shown is None or not self.select_article(self._shown):
            self._quiet = True
            try:
                self.table.selectionModel().clear()
            finally:
                self._quiet = False

    def select_article(self, article_id: int | None) -> bool:
        """Make ``article_id`` the current row without asking to open it again."""
        self._shown = article_id
        index = self.proxy.index_of(article_id) if article_id is not None else QModelIndex()
        if not index.isValid():
            return False
        self._quiet = True
        try:
            self.table.selectionModel().setCurrentIndex(
                index,
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )
            self.table.scrollTo(index)
        finally:
            self._quiet = False
        return True

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        # Only a row the user moved to opens: rows that a filter, a removal or an import take
        # away also move Qt's current row, and that must not open anything.
        if self._quiet or not current.isValid() or not self.table.interacting:
            return
        article_id = self.proxy.article_id(current)
        if article_id is not None:
            self.articleSelected.emit(article_id, not self.table.keyboard_navigation)

    def _activated(self, index: QModelIndex) -> None:
        article_id = self.proxy.article_id(index)
        if article_id is not None:
            self.articleSelected.emit(article_id, True)

    # -- context menu ---------------------------------------------------------------------
    def context_menu_for(self, article_id: int) -> QMenu:
        menu = QMenu(self)
        menu.addAction("Open", lambda: self.articleSelected.emit(article_id, True))
        menu.addAction("Reveal source file", lambda: self.revealRequested.emit(article_id))
        menu.addSeparator()
        menu.addAction("Remove from library…", lambda: self.removeRequested.emit(article_id))
        return menu

    def _context_menu(self, pos: QPoint) -> None:
        index = self.table.indexAt(pos)
        article_id = self.proxy.article_id(index) if index.isValid() else None
        if article_id is None:
            return
        menu = self.context_menu_for(article_id)
        menu.popup(self.table.viewport().mapToGlobal(pos))

    def _update_count(self, *_args: object) -> None:
        total = self.model.rowCount()
        shown = self.proxy.rowCount()
        noun = "article" if total == 1 else "articles"
        text = f"{total:,} {noun}" if shown == total else f"{shown:,} of {total:,} {noun}"
        self.count_label.setText(text)
