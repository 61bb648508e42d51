"""*View → Show Original*: the article's source as it was, before any cleaning, in a window.

A separate, non-modal window rather than a mode of the reader: the reader's text is what
highlights point into, and the original is for looking up what the cleaner cut while reading on.
Read-only plain text (never rendered as HTML: a saved page is shown as its text, see
`reader.ingest.original`), with Find (Ctrl+F in the field selects the next match of the search).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QKeySequence, QShortcut, QTextDocument
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)


class OriginalDialog(QDialog):
    """One article's original text."""

    def __init__(self, title: str, text: str, note: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("originalDialog")
        self.setWindowTitle(f"Original — {title}")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        layout = QVBoxLayout(self)
        self.note = QLabel(note, self)
        self.note.setWordWrap(True)
        layout.addWidget(self.note)
        self.find_edit = QLineEdit(self)
        self.find_edit.setPlaceholderText("Find in the original (Enter: next)")
        self.find_edit.returnPressed.connect(self.find_next)
        layout.addWidget(self.find_edit)
        self.text = QPlainTextEdit(self)
        self.text.setReadOnly(True)
        self.text.setPlainText(text)
        self.text.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        font = QFont(self.text.font())
        font.setPointSizeF(font.pointSizeF() * 1.05)
        self.text.setFont(font)
        layout.addWidget(self.text, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.close)
        layout.addWidget(buttons)
        QShortcut(QKeySequence.StandardKey.Find, self, self.find_edit.setFocus)
        layout.activate()  # the size is settled before the native window exists
        self.resize(720, 640)

    def find_next(self) -> bool:
        """Select the next match of the find field's text, wrapping at the end."""
        needle = self.find_edit.text()
        if not needle:
            return False
        if self.text.find(needle):
            return True
        cursor = self.text.textCursor()
        cursor.movePosition(cursor.MoveOperation.Start)
        self.text.setTextCursor(cursor)
        return self.text.find(needle, QTextDocument.FindFlag(0))
