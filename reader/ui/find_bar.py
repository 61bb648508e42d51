"""Find in the open article: every match marked, the current one selected, next and previous.

Matches are found with `QTextDocument.find` (case-insensitive) and shown as a layer of extra
selections in the reader view, so they never disturb the document (or, later, the highlights).
The search runs again whenever the view rebuilds its document (theme, font, another article).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut, QTextCursor
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QTextEdit, QToolButton, QWidget

from reader.ui.highlight_style import find_format
from reader.ui.reader_view import ReaderView

MAX_MARKED = 5000  # beyond this the count is still right, but only the first are painted
LAYER = "find"


class FindBar(QWidget):
    """A slim bar under the reader view; Esc closes it and gives the focus back to the text."""

    closed = Signal()

    def __init__(self, view: ReaderView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("findBar")
        self._view = view
        self._matches: list[QTextCursor] = []
        self._current = -1
        self.edit = QLineEdit(self, placeholderText="Find in article")
        self.edit.setClearButtonEnabled(True)
        self.edit.setAcceptDrops(False)
        self.prev_button = QToolButton(
            self, text="Previous", toolTip="Previous match (Shift+Enter)"
        )
        self.next_button = QToolButton(self, text="Next", toolTip="Next match (Enter)")
        self.count_label = QLabel(self)
        self.count_label.setMinimumWidth(self.fontMetrics().horizontalAdvance("9999 of 9999"))
        self.close_button = QToolButton(self, text="✕", toolTip="Close (Esc)")
        self.close_button.setAutoRaise(True)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.prev_button)
        layout.addWidget(self.next_button)
        layout.addWidget(self.count_label)
        layout.addWidget(self.close_button)
        self.edit.textChanged.connect(self._search)
        self.edit.returnPressed.connect(self.find_next)
        self.next_button.clicked.connect(self.find_next)
        self.prev_button.clicked.connect(self.find_previous)
        self.close_button.clicked.connect(self.close_bar)
        QShortcut(QKeySequence("Shift+Return"), self.edit, self.find_previous)
        QShortcut(QKeySequence("Shift+Enter"), self.edit, self.find_previous)
        # Esc in the text closes the bar too, but only while it is open (Esc is free otherwise).
        self._escape = QShortcut(QKeySequence(Qt.Key.Key_Escape), view, self.close_bar)
        self._escape.setContext(Qt.ShortcutContext.WidgetShortcut)
        self._escape.setEnabled(False)
        view.rendered.connect(self._on_rendered)
        self.hide()

    # -- public ---------------------------------------------------------------------------
    def open_bar(self) -> None:
        """Show the bar with the current selection (if any) as the search text."""
        selected = self._view.textCursor().selectedText()
        if selected and "\u2029" not in selected and len(selected) < 200:
            self.edit.setText(selected)
        self.show()
        self._escape.setEnabled(True)
        self.edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.edit.selectAll()
        self._search()

    def close_bar(self) -> None:
        self.hide()
        self._escape.setEnabled(False)
        self._matches = []
        self._current = -1
        self._view.set_selection_layer(LAYER, [])
        self._view.setFocus(Qt.FocusReason.OtherFocusReason)
        self.closed.emit()

    @property
    def match_count(self) -> int:
        return len(self._matches)

    @property
    def current_index(self) -> int:
        return self._current

    def find_next(self) -> None:
        self._step(+1)

    def find_previous(self) -> None:
        self._step(-1)

    # -- internals ------------------------------------------------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.close_bar()
            return
        super().keyPressEvent(event)

    def _on_rendered(self) -> None:
        if self.isVisible():
            self._search()

    def _search(self) -> None:
        needle = self.edit.text()
        self._matches = []
        self._current = -1
        if needle:
            doc = self._view.document()
            cursor = doc.find(needle, 0)
            while not cursor.isNull():
                self._matches.append(cursor)
                cursor = doc.find(needle, cursor)
        if self._matches:
            self._current = self._first_after(self._view_top_qt())
            self._select_current()
        self._paint()
        self._update_label()

    def _view_top_qt(self) -> int:
        return self._view.cursorForPosition(self._view.viewport().rect().topLeft()).position()

    def _first_after(self, qt_pos: int) -> int:
        for i, match in enumerate(self._matches):
            if match.selectionStart() >= qt_pos:
                return i
        return 0

    def _step(self, delta: int) -> None:
        if not self._matches:
            return
        self._current = (self._current + delta) % len(self._matches)
        self._select_current()
        self._paint()
        self._update_label()

    def _select_current(self) -> None:
        match = self._matches[self._current]
        self._view.select_range(match.selectionStart(), match.selectionEnd())

    def _paint(self) -> None:
        fmt = find_format(self._view.theme)  # apart from every highlight colour
        selections: list[QTextEdit.ExtraSelection] = []
        for i, match in enumerate(self._matches[:MAX_MARKED]):
            if i == self._current:
                continue  # the current match is the real selection
            sel = QTextEdit.ExtraSelection()
            sel.cursor = match
            sel.format = fmt
            selections.append(sel)
        self._view.set_selection_layer(LAYER, selections)

    def _update_label(self) -> None:
        if not self.edit.text():
            self.count_label.setText("")
        elif not self._matches:
            self.count_label.setText("No matches")
        else:
            self.count_label.setText(f"{self._current + 1} of {len(self._matches)}")
        self.prev_button.setEnabled(len(self._matches) > 1)
        self.next_button.setEnabled(len(self._matches) > 1)
