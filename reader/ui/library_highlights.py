"""The Highlights tab of the library side: every highlight of every article in one list.

Newest first or by article; filtered by colour (one swatch at a time; none means all), by tag
and by words (quote, note or tags, the search language's words, phrases and prefixes). Each
change of filter asks a `CallJob` for the ordered ids (off the GUI thread; answers to older
filters are dropped) and the model reads the rows it shows a page at a time. Choosing a row
(click or Enter) asks the window to open its article at the passage.

The list reloads when it is shown after the library changed (`mark_stale`), so highlighting in
the reader never pays for a list nobody is looking at.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from reader.store.browse import HighlightOrder, TagCount, highlight_ids, highlight_items, tag_counts
from reader.store.db import Library
from reader.store.records import COLORS
from reader.ui import highlight_style
from reader.ui.highlights_panel import swatch_icon
from reader.ui.jobs import CallJob, JobRunner
from reader.ui.library_highlights_model import (
    ID_ROLE,
    ITEM_ROLE,
    PAGE,
    LibraryHighlightDelegate,
    LibraryHighlightsModel,
)
from reader.ui.themes import Theme

ORDERS: tuple[tuple[HighlightOrder, str], ...] = (
    ("newest", "Newest first"),
    ("article", "By article"),
)
ALL_TAGS = "All tags"
TEXT_DEBOUNCE_MS = 120


def load(
    library: Library, color: str | None, tag: str | None, text: str, order: HighlightOrder
) -> tuple[list[int], list[Any], list[TagCount]]:
    """What one reload needs, read off the GUI thread: ids, the first page, the tags."""
    ids = highlight_ids(library, color=color, tag=tag, text=text, order=order, live=True)
    return ids, highlight_items(library, ids[:PAGE]), tag_counts(library)


class HighlightsListView(QListView):
    enter = Signal(QModelIndex)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.enter.emit(self.currentIndex())
            return
        super().keyPressEvent(event)


class LibraryHighlights(QWidget):
    highlightActivated = Signal(int, int)  # article id, highlight id
    loaded = Signal()

    def __init__(self, library: Library, runner: JobRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("libraryHighlights")
        self.library = library
        self.runner = runner
        self._generation = 0
        self._stale = True
        self._tag_names: list[str] = []

        self.filter_edit = QLineEdit(self, placeholderText="Filter by words in quotes and notes")
        self.filter_edit.setObjectName("highlightsFilter")
        self.filter_edit.setClearButtonEnabled(True)
        self.colour_group = QButtonGroup(self)
        self.colour_group.setExclusive(False)
        self.colour_buttons: dict[str, QToolButton] = {}
        colours = QHBoxLayout()
        colours.setSpacing(2)
        for name in COLORS:
            button = QToolButton(self)
            button.setCheckable(True)
            button.setAutoRaise(True)
            button.setToolTip(f"Only {name} highlights")
            button.setIconSize(QSize(14, 14))
            self.colour_group.addButton(button)
            self.colour_buttons[name] = button
            colours.addWidget(button)
        self.tag_box = QComboBox(self)
        self.tag_box.setObjectName("highlightsTag")
        self.tag_box.addItem(ALL_TAGS)
        self.order_box = QComboBox(self)
        self.order_box.setObjectName("highlightsOrder")
        for _key, label in ORDERS:
            self.order_box.addItem(label)
        self.count_label = QLabel(self)
        self.model = LibraryHighlightsModel(library, self)
        self.delegate = LibraryHighlightDelegate(self)
        self.list = HighlightsListView(self)
        self.list.setObjectName("libraryHighlightList")
        self.list.setModel(self.model)
        self.list.setItemDelegate(self.delegate)
        self.list.setUniformItemSizes(True)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.filter_edit)
        row = QHBoxLayout()
        row.addLayout(colours)
        row.addStretch(1)
        row.addWidget(self.tag_box)
        layout.addLayout(row)
        row = QHBoxLayout()
        row.addWidget(self.count_label, 1)
        row.addWidget(self.order_box)
        layout.addLayout(row)
        layout.addWidget(self.list, 1)

        self._text_timer = QTimer(self, singleShot=True, interval=TEXT_DEBOUNCE_MS)
        self._text_timer.timeout.connect(self.reload)
        self.filter_edit.textChanged.connect(lambda _t: self._text_timer.start())
        self.colour_group.buttonToggled.connect(self._colour_toggled)
        self.tag_box.currentIndexChanged.connect(lambda _i: self.reload())
        self.order_box.currentIndexChanged.connect(lambda _i: self.reload())
        self.list.clicked.connect(self._activated)
        self.list.enter.connect(self._activated)

    # -- filters --------------------------------------------------------------------------
    @property
    def color(self) -> str | None:
        return next((n for n, b in self.colour_buttons.items() if b.isChecked()), None)

    @property
    def tag(self) -> str | None:
        index = self.tag_box.currentIndex()
        return self._tag_names[index - 1] if index > 0 else None

    @property
    def order(self) -> HighlightOrder:
        return ORDERS[max(self.order_box.currentIndex(), 0)][0]

    def set_tag(self, name: str | None) -> None:
        names = [n.lower() for n in self._tag_names]
        index = names.index(name.lower()) + 1 if name and name.lower() in names else 0
        self.tag_box.setCurrentIndex(index)

    def _colour_toggled(self, button: QToolButton, checked: bool) -> None:
        if checked:  # one colour at a time; clicking the checked one again shows all
            for other in self.colour_buttons.values():
                if other is not button and other.isChecked():
                    other.blockSignals(True)
                    other.setChecked(False)
                    other.blockSignals(False)
        self.reload()

    def set_theme(self, theme: Theme) -> None:
        self.delegate.theme = theme
        for name, button in self.colour_buttons.items():
            button.setIcon(
                swatch_icon(highlight_style.swatch(theme, name), highlight_style.ink(theme, name))
            )
        self.list.viewport().update()

    # -- loading --------------------------------------------------------------------------
    def mark_stale(self) -> None:
        """The library's highlights changed: reload now if shown, else when next shown."""
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
        job = CallJob(load, self.library, self.color, self.tag, self.filter_edit.text(), self.order)
        job.signals.finished.connect(lambda answer: self._loaded(generation, answer))
        self.runner.start(job)

    def _loaded(self, generation: int, answer: tuple[list[int], list[Any], list[TagCount]]) -> None:
        if generation != self._generation:
            return  # the filters changed meanwhile
        ids, first, tags = answer
        self._set_tags(tags)
        self.model.set_rows(ids, first)
        n = len(ids)
        filtered = bool(self.color or self.tag or self.filter_edit.text().strip())
        noun = "highlight" if n == 1 else "highlights"
        self.count_label.setText(f"{n:,} {noun}" + (" match" if filtered and n != 1 else ""))
        if not n:
            self.count_label.setText("No highlights match" if filtered else "No highlights yet")
        self.loaded.emit()

    def _set_tags(self, tags: list[TagCount]) -> None:
        current = self.tag
        names = [t.name for t in tags if t.highlights]
        if names == self._tag_names:
            return
        self.tag_box.blockSignals(True)
        self.tag_box.clear()
        self.tag_box.addItem(ALL_TAGS)
        for t in tags:
            if t.highlights:
                self.tag_box.addItem(f"{t.name} ({t.highlights})")
        self._tag_names = names
        self.tag_box.blockSignals(False)
        self.tag_box.blockSignals(True)
        self.set_tag(current)
        self.tag_box.blockSignals(False)

    # -- choosing -------------------------------------------------------------------------
    def _activated(self, index: QModelIndex) -> None:
        item = index.data(ITEM_ROLE)
        if item is not None:
            self.highlightActivated.emit(item.highlight.article_id, index.data(ID_ROLE))
