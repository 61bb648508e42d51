"""The highlights panel beside the reader: the article's note and tags, its highlights, and the
orphans that lost their place in the text.

The panel shows and asks; the `Annotator` decides and writes. Choosing a highlight in the list
(click, or the arrow keys) asks to jump there; a double click or Enter asks for its note editor.
Orphaned highlights get their own list with "Re-attach to Selection" and "Delete", because they
are the ones that need a person's decision. Filtering is by colour (toggle swatches; none
toggled means all colours) and by words found in the quote, the note or the tags.
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QSize, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QKeyEvent, QPainter, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from reader.store.records import COLORS, ArticleRecord, HighlightRecord
from reader.ui import highlight_style
from reader.ui.highlights_model import (
    HighlightDelegate,
    HighlightFilter,
    HighlightListModel,
)
from reader.ui.note_editor import NoteEdit, TagsEdit
from reader.ui.themes import Theme

ORPHAN_ROWS = 3
EMPTY_HINT = "No highlights yet. Select text and press H."


def swatch_icon(fill: QColor, edge: QColor, size: int = 14) -> QIcon:
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(edge)
    painter.setBrush(fill)
    painter.drawRoundedRect(1, 1, size - 2, size - 2, 3, 3)
    painter.end()
    return QIcon(pixmap)


class HighlightList(QListView):
    """Enter asks for the note of the chosen highlight (Return is free in a list)."""

    noteRequested = Signal(QModelIndex)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.noteRequested.emit(self.currentIndex())
            return
        super().keyPressEvent(event)


def _section_label(text: str, parent: QWidget) -> QLabel:
    label = QLabel(text, parent)
    font = label.font()
    font.setBold(True)
    label.setFont(font)
    return label


class HighlightsPanel(QWidget):
    highlightChosen = Signal(int)
    noteRequested = Signal(int)
    reattachRequested = Signal(int)
    orphanDeleteRequested = Signal(int)
    articleNoteEdited = Signal(str)
    articleTagsEdited = Signal(tuple)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("highlightsPanel")
        self._quiet = False
        self.model = HighlightListModel(self)
        self.anchored = HighlightFilter(self.model, orphans=False, parent=self)
        self.orphaned = HighlightFilter(self.model, orphans=True, parent=self)
        self.delegate = HighlightDelegate(self)

        self.article_label = _section_label("Article", self)
        self.article_tags = TagsEdit(self)
        self.article_tags.setObjectName("articleTags")
        self.article_note = NoteEdit(self, "Your note on this article…")
        self.article_note.setObjectName("articleNote")
        self.article_note.setFixedHeight(self.fontMetrics().lineSpacing() * 4 + 12)

        self.count_label = _section_label("Highlights", self)
        self.filter_edit = QLineEdit(self, placeholderText="Filter highlights")
        self.filter_edit.setClearButtonEnabled(True)
        self.colour_buttons: dict[str, QToolButton] = {}
        colours = QHBoxLayout()
        colours.setSpacing(2)
        for n, name in enumerate(COLORS, 1):
            button = QToolButton(self)
            button.setCheckable(True)
            button.setAutoRaise(True)
            button.setToolTip(f"Show only {name} highlights (key {n} sets the colour)")
            button.setIconSize(QSize(14, 14))
            button.toggled.connect(self._colour_filter_changed)
            self.colour_buttons[name] = button
            colours.addWidget(button)
        self.list = self._make_list(self.anchored)
        self.list.setObjectName("highlightList")
        self.empty_label = QLabel(EMPTY_HINT, self)
        self.empty_label.setWordWrap(True)
        self.empty_label.setObjectName("highlightsEmpty")

        self.orphan_label = _section_label("Orphaned", self)
        self.orphan_hint = QLabel(
            "Their text is no longer in the article. Select the passage and re-attach, or delete.",
            self,
        )
        self.orphan_hint.setWordWrap(True)
        self.orphan_list = self._make_list(self.orphaned)
        self.orphan_list.setObjectName("orphanList")
        row = HighlightDelegate.row_height(self.orphan_list.fontMetrics())
        self.orphan_list.setFixedHeight(row * ORPHAN_ROWS + 4)
        self.reattach_button = QPushButton("Re-attach to Selection", self)
        self.delete_orphan_button = QPushButton("Delete", self)
        self.reattach_button.clicked.connect(self._reattach)
        self.delete_orphan_button.clicked.connect(self._delete_orphan)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.setSpacing(4)
        layout.addWidget(self.article_label)
        tags_row = QHBoxLayout()
        tags_row.addWidget(QLabel("Tags:", self))
        tags_row.addWidget(self.article_tags, 1)
        layout.addLayout(tags_row)
        layout.addWidget(self.article_note)
        layout.addSpacing(6)
        head = QHBoxLayout()
        head.addWidget(self.count_label, 1)
        head.addLayout(colours)
        layout.addLayout(head)
        layout.addWidget(self.filter_edit)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.empty_label)
        layout.addWidget(self.orphan_label)
        layout.addWidget(self.orphan_hint)
        layout.addWidget(self.orphan_list)
        buttons = QHBoxLayout()
        buttons.addWidget(self.reattach_button)
        buttons.addWidget(self.delete_orphan_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)

        self.filter_edit.textChanged.connect(self.anchored.set_text)
        self.filter_edit.textChanged.connect(self._update_counts)  # the empty message says why
        self.article_note.edited.connect(self.articleNoteEdited)
        self.article_tags.committed.connect(self.articleTagsEdited)
        for proxy in (self.anchored, self.orphaned):
            proxy.rowsInserted.connect(self._update_counts)
            proxy.rowsRemoved.connect(self._update_counts)
            proxy.modelReset.connect(self._update_counts)
            proxy.layoutChanged.connect(self._update_counts)
        self.set_article(None)

    def _make_list(self, proxy: HighlightFilter) -> HighlightList:
        view = HighlightList(self)
        view.setModel(proxy)
        view.setItemDelegate(self.delegate)
        view.setUniformItemSizes(False)  # rows are as tall as their quote and note
        view.setResizeMode(QListView.ResizeMode.Adjust)  # and rewrap when the panel is resized
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        view.selectionModel().currentRowChanged.connect(
            lambda current, _prev, p=proxy: self._current_changed(p, current)
        )
        view.clicked.connect(lambda index, p=proxy: self._chosen(p, index))
        view.doubleClicked.connect(lambda index, p=proxy: self._note(p, index))
        view.noteRequested.connect(lambda index, p=proxy: self._note(p, index))
        return view

    # -- what is shown --------------------------------------------------------------------
    def set_theme(self, theme: Theme) -> None:
        self.delegate.theme = theme
        for name, button in self.colour_buttons.items():
            button.setIcon(
                swatch_icon(highlight_style.swatch(theme, name), highlight_style.ink(theme, name))
            )
        self.list.viewport().update()
        self.orphan_list.viewport().update()

    def set_article(self, record: ArticleRecord | None) -> None:
        self.article_note.flush()
        enabled = record is not None
        for widget in (self.article_note, self.article_tags, self.filter_edit, self.list):
            widget.setEnabled(enabled)
        self.article_note.set_text(record.note if record else "")
        self.article_tags.set_tags(record.tags if record else ())
        if record is None:
            self.model.set_records([])

    def set_article_fields(self, note: str | None, tags: tuple[str, ...] | None) -> None:
        current = self.article_note.toPlainText().rstrip()
        if note is not None and not self.article_note.pending and current != note:
            self.article_note.set_text(note)
        if tags is not None and not self.article_tags.hasFocus():
            self.article_tags.set_tags(tags)

    def set_records(self, records: list[HighlightRecord]) -> None:
        self.model.set_records(records)

    def upsert(self, record: HighlightRecord) -> None:
        self.model.upsert(record)

    def remove(self, highlight_id: int) -> None:
        self.model.remove(highlight_id)

    def set_current(self, highlight_id: int | None) -> None:
        """Select the current highlight's row without asking to jump to it."""
        self._quiet = True
        try:
            for view, proxy in ((self.list, self.anchored), (self.orphan_list, self.orphaned)):
                index = proxy.index_of(highlight_id) if highlight_id is not None else QModelIndex()
                if index.isValid():
                    view.selectionModel().setCurrentIndex(
                        index, QItemSelectionModel.SelectionFlag.ClearAndSelect
                    )
                    view.scrollTo(index)
                else:
                    view.selectionModel().clear()
        finally:
            self._quiet = False

    def current_orphan(self) -> int | None:
        return self.orphaned.highlight_id(self.orphan_list.currentIndex())

    # -- internals ------------------------------------------------------------------------
    def _colour_filter_changed(self) -> None:
        self.anchored.set_colours(n for n, b in self.colour_buttons.items() if b.isChecked())
        self._update_counts()

    def _update_counts(self, *_args: object) -> None:
        shown, total = self.anchored.rowCount(), self._anchored_total()
        label = f"Highlights · {total}" if shown == total else f"Highlights · {shown} of {total}"
        self.count_label.setText(label)
        self.empty_label.setText(self._empty_text(shown, total))
        self.empty_label.setVisible(shown == 0 and self.list.isEnabled())
        orphans = self.orphaned.rowCount()
        for widget in (
            self.orphan_label,
            self.orphan_hint,
            self.orphan_list,
            self.reattach_button,
            self.delete_orphan_button,
        ):
            widget.setVisible(orphans > 0)
        self.orphan_label.setText(f"Orphaned · {orphans}")
        has_orphan = self.current_orphan() is not None
        self.reattach_button.setEnabled(has_orphan)
        self.delete_orphan_button.setEnabled(has_orphan)

    def _empty_text(self, shown: int, total: int) -> str:
        """Why the list is empty: nothing yet, or nothing that passes the filters."""
        if total == 0:
            return EMPTY_HINT
        words = self.filter_edit.text().strip()
        colours = [n for n, b in self.colour_buttons.items() if b.isChecked()]
        what = f"{' or '.join(colours)} highlight" if colours else "highlight"
        where = f" with “{words}”" if words else ""
        return f"No {what}{where} in this article. Clear the filter to see all {total}."

    def _anchored_total(self) -> int:
        return sum(1 for r in self.model.records() if r.status == "anchored")

    def _current_changed(self, proxy: HighlightFilter, current: QModelIndex) -> None:
        has_orphan = self.current_orphan() is not None
        self.reattach_button.setEnabled(has_orphan)
        self.delete_orphan_button.setEnabled(has_orphan)
        if not self._quiet and current.isValid():
            self._chosen(proxy, current)

    def _chosen(self, proxy: HighlightFilter, index: QModelIndex) -> None:
        highlight_id = proxy.highlight_id(index)
        if highlight_id is not None:
            self.highlightChosen.emit(highlight_id)

    def _note(self, proxy: HighlightFilter, index: QModelIndex) -> None:
        highlight_id = proxy.highlight_id(index)
        if highlight_id is not None:
            self.noteRequested.emit(highlight_id)

    def _reattach(self) -> None:
        highlight_id = self.current_orphan()
        if highlight_id is not None:
            self.reattachRequested.emit(highlight_id)

    def _delete_orphan(self) -> None:
        highlight_id = self.current_orphan()
        if highlight_id is not None:
            self.orphanDeleteRequested.emit(highlight_id)
