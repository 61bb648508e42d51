"""Editors for notes and tags that save themselves, and the note editor that opens beside a
highlight.

There is no Save button anywhere: `NoteEdit` reports its text `SAVE_DELAY_MS` after the last
keystroke (and at once when it loses focus or closes), so what is typed is in the library within
half a second. `TagsEdit` reports its tags when editing finishes (Enter or leaving the field).
Setting the text from outside (undo, another highlight) is silent: it is not an edit.

`NotePopup` is the small editor N opens: a frame inside the reader's viewport, placed under the
highlight (above it when there is no room below), focused at once; Esc closes it and gives the
keyboard back to the text. Tab moves from the note to the highlight's tags.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt, QTimer, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent, QResizeEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from reader.store.annotations import normalize_tags
from reader.ui.themes import Theme

SAVE_DELAY_MS = 300
POPUP_WIDTH = 440
POPUP_GAP = 6


def parse_tags(text: str) -> tuple[str, ...]:
    return tuple(normalize_tags(text.split(",")))


def format_tags(tags: tuple[str, ...] | list[str]) -> str:
    return ", ".join(tags)


class NoteEdit(QPlainTextEdit):
    """Multi-line plain text (Markdown allowed) that reports itself shortly after each change."""

    edited = Signal(str)
    escaped = Signal()
    started = Signal()  # the keyboard came in: a new editing session (one undo step) begins

    def __init__(self, parent: QWidget | None = None, placeholder: str = "") -> None:
        super().__init__(parent)
        self.setPlaceholderText(placeholder)
        self.setTabChangesFocus(True)
        self._silent = False
        self._timer = QTimer(self, singleShot=True, interval=SAVE_DELAY_MS)
        self._timer.timeout.connect(self._report)
        self.textChanged.connect(self._changed)

    @property
    def pending(self) -> bool:
        return self._timer.isActive()

    def set_text(self, text: str) -> None:
        """Show ``text`` without reporting it (it came from the library, not the keyboard)."""
        if text == self.toPlainText():
            return
        self._timer.stop()
        self._silent = True
        try:
            self.setPlainText(text)
            self.moveCursor(self.textCursor().MoveOperation.End)
        finally:
            self._silent = False

    def flush(self) -> None:
        """Report a pending change now (before closing, switching article or quitting)."""
        if self._timer.isActive():
            self._timer.stop()
            self._report()

    def _changed(self) -> None:
        if not self._silent:
            self._timer.start()

    def _report(self) -> None:
        self.edited.emit(self.toPlainText())

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.flush()
            self.escaped.emit()
            return
        super().keyPressEvent(event)

    def focusInEvent(self, event: QFocusEvent) -> None:
        self.started.emit()
        super().focusInEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        self.flush()
        super().focusOutEvent(event)


class TagsEdit(QLineEdit):
    """Comma-separated tags; `committed` fires with the cleaned tags when they changed."""

    committed = Signal(tuple)
    escaped = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText("Tags, separated by commas")
        self.setClearButtonEnabled(True)
        self._tags: tuple[str, ...] = ()
        self.editingFinished.connect(self.commit)

    def set_tags(self, tags: tuple[str, ...]) -> None:
        self._tags = tuple(tags)
        self.setText(format_tags(self._tags))

    def commit(self) -> None:
        tags = parse_tags(self.text())
        if tags != self._tags:
            self._tags = tags
            self.committed.emit(tags)
        if self.text() != format_tags(tags) and not self.hasFocus():
            self.setText(format_tags(tags))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.commit()
            self.escaped.emit()
            return
        super().keyPressEvent(event)


class NotePopup(QFrame):
    """The note (and tags) of one highlight, edited in a frame beside the passage."""

    noteEdited = Signal(int, str)  # highlight id, text
    tagsEdited = Signal(int, tuple)  # highlight id, tags
    closed = Signal()

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("notePopup")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self.highlight_id: int | None = None
        self._title = "Note"
        self.title = QLabel("Note", self)
        self.title.setObjectName("notePopupTitle")
        self.hint = QLabel("Saved as you type · Esc closes", self)
        self.hint.setObjectName("notePopupHint")
        self.note = NoteEdit(self, "Write a note… (Markdown is fine)")
        self.tags = TagsEdit(self)
        line = self.fontMetrics().lineSpacing()
        self.note.setFixedHeight(line * 5 + 12)
        tags_row = QHBoxLayout()
        tags_row.addWidget(QLabel("Tags:", self))
        tags_row.addWidget(self.tags, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.setSpacing(5)
        layout.addWidget(self.title)
        layout.addWidget(self.note)
        layout.addLayout(tags_row)
        layout.addWidget(self.hint)
        self.note.edited.connect(self._note_edited)
        self.tags.committed.connect(self._tags_edited)
        self.note.escaped.connect(self.close_popup)
        self.tags.escaped.connect(self.close_popup)
        self.hide()

    @property
    def is_open(self) -> bool:
        return self.isVisible() and self.highlight_id is not None

    def open_for(self, highlight_id: int, note: str, tags: tuple[str, ...], quote: str) -> None:
        if self.highlight_id != highlight_id:
            self.note.flush()
            self.tags.commit()
        self.highlight_id = highlight_id
        self._title = f"Note on “{' '.join(quote.split())}”"
        self._elide_title()
        self.note.set_text(note)
        self.tags.set_tags(tags)
        self.show()
        self.raise_()
        self.note.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def set_theme(self, theme: Theme) -> None:
        """A card a shade apart from the page, so it never reads as part of the article."""
        self.setStyleSheet(
            f"#notePopup {{ background: {theme.window}; border: 1px solid {theme.border};"
            f" border-radius: 6px; }}"
            f" #notePopupHint {{ color: {theme.muted}; }}"
        )

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._elide_title()

    def _elide_title(self) -> None:
        width = self.title.width() if self.isVisible() else POPUP_WIDTH - 24
        self.title.setText(
            self.fontMetrics().elidedText(self._title, Qt.TextElideMode.ElideRight, width)
        )

    def refresh(self, highlight_id: int, note: str, tags: tuple[str, ...]) -> None:
        """The library changed under the editor (undo/redo): show what is stored now."""
        if highlight_id != self.highlight_id:
            return
        if not self.note.pending and self.note.toPlainText().rstrip() != note:
            self.note.set_text(note)
        if not self.tags.hasFocus():
            self.tags.set_tags(tags)

    def close_popup(self) -> None:
        if self.highlight_id is None and not self.isVisible():
            return
        self.note.flush()
        self.tags.commit()
        self.highlight_id = None
        self.hide()
        self.closed.emit()

    def place(self, below: QRect | None, above: QRect | None, column: QRect) -> None:
        """Put the frame under ``below`` (or over ``above``), inside ``column`` and the viewport."""
        area = self.parentWidget().rect()
        self.layout().activate()
        width = min(POPUP_WIDTH, max(column.width(), 200), area.width() - 8)
        height = self.sizeHint().height()
        x = min(max(column.left(), 4), max(area.right() - width - 4, 4))
        y = (below.bottom() + POPUP_GAP) if below is not None else area.top() + 8
        if y + height > area.bottom() - 4 and above is not None:
            y = above.top() - POPUP_GAP - height
        y = min(max(y, 4), max(area.bottom() - height - 4, 4))
        self.setGeometry(x, y, width, height)

    def _note_edited(self, text: str) -> None:
        if self.highlight_id is not None:
            self.noteEdited.emit(self.highlight_id, text)

    def _tags_edited(self, tags: tuple[str, ...]) -> None:
        if self.highlight_id is not None:
            self.tagsEdited.emit(self.highlight_id, tags)
