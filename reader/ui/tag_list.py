"""The Tags tab of the library side: every tag with how many articles and highlights carry it.

Choosing a tag (click or Enter) asks for a search of ``tag:"NAME"``, which lists the articles,
highlights and notes that carry it, grouped like any search. The counts are read off the GUI
thread when the tab is shown after the library changed.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QKeyEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from reader.store.browse import TagCount, tag_counts
from reader.store.db import Library
from reader.ui.jobs import CallJob, JobRunner

Index = QModelIndex | QPersistentModelIndex
NAME, ARTICLES, HIGHLIGHTS = range(3)
HEADERS = ("Tag", "Articles", "Highlights")


class TagCountModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[TagCount] = []

    def set_tags(self, tags: list[TagCount]) -> None:
        self.beginResetModel()
        self._rows = list(tags)
        self.endResetModel()

    def tag(self, row: int) -> TagCount | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt default
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        tag = self.tag(index.row()) if index.isValid() else None
        if tag is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return (tag.name, tag.articles or "", tag.highlights or "")[index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() != NAME:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{tag.name}: {tag.articles} articles, {tag.highlights} highlights"
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section] if 0 <= section < len(HEADERS) else None
        return None


class TagTable(QTableView):
    enter = Signal(QModelIndex)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.enter.emit(self.currentIndex())
            return
        super().keyPressEvent(event)


class TagList(QWidget):
    tagChosen = Signal(str)
    loaded = Signal()

    def __init__(self, library: Library, runner: JobRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("tagList")
        self.library = library
        self.runner = runner
        self._stale = True
        self._generation = 0
        self.model = TagCountModel(self)
        self.table = TagTable(self)
        self.table.setObjectName("tagTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setShowGrid(False)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionResizeMode(NAME, QHeaderView.ResizeMode.Stretch)
        for column in (ARTICLES, HIGHLIGHTS):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.hint = QLabel("Tags you give articles and highlights appear here.", self)
        self.hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.hint)
        layout.addWidget(self.table, 1)
        self.table.clicked.connect(self._chosen)
        self.table.enter.connect(self._chosen)

    def mark_stale(self) -> None:
        self._stale = True
        if self.isVisible():
            self.reload()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.reload()

    def reload(self) -> None:
        self._stale = False
        self._generation += 1
        generation = self._generation
        job = CallJob(tag_counts, self.library)
        job.signals.finished.connect(lambda tags: self._loaded(generation, tags))
        self.runner.start(job)

    def _loaded(self, generation: int, tags: list[TagCount]) -> None:
        if generation != self._generation:
            return
        self.model.set_tags(tags)
        self.hint.setText(
            "Choose a tag to see what carries it."
            if tags
            else "Tags you give articles and highlights appear here."
        )
        self.loaded.emit()

    def _chosen(self, index: QModelIndex) -> None:
        tag = self.model.tag(index.row())
        if tag is not None:
            self.tagChosen.emit(tag.name)
