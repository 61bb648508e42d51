"""What a new user sees first: what Margin does, and the ways to bring articles in.

Shown instead of the library and reader while the library is empty. The dashed box is a drop
target in looks only: drops anywhere on the window import (the window handles them).
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

TITLE = "Your library is empty"
BLURB = (
    "Margin reads the articles you keep as files (saved web pages, text dumps of pages, "
    "Markdown clippings) and shows each one as clean text, without the menus and ads around "
    "it. Highlight what matters, write notes beside it, and export them to your notes app."
)
DROP_HINT = "or drop files and folders here"


class DropBox(QWidget):
    """The framed area holding the buttons; draws a dashed rounded border."""

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pen = QPen(self.palette().color(QPalette.ColorRole.Mid), 2, Qt.PenStyle.DashLine)
        painter.setPen(pen)
        painter.drawRoundedRect(QRectF(self.rect()).adjusted(2, 2, -2, -2), 14, 14)


class EmptyState(QWidget):
    openFilesRequested = Signal()
    importFolderRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("emptyState")
        self.setAutoFillBackground(True)
        self.setBackgroundRole(QPalette.ColorRole.Base)

        title = QLabel(TITLE, self)
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        title.setFont(font)
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        blurb = QLabel(BLURB, self)
        blurb.setWordWrap(True)
        blurb.setAlignment(Qt.AlignmentFlag.AlignCenter)
        blurb.setMaximumWidth(520)

        box = DropBox(self)
        box.setMinimumHeight(150)
        box.setMaximumWidth(520)
        self.open_button = QPushButton("Open files…", box)
        self.folder_button = QPushButton("Import folder…", box)
        for button in (self.open_button, self.folder_button):
            button.setMinimumWidth(button.sizeHint().width() + 24)
            button.setMinimumHeight(button.sizeHint().height() + 8)
        self.open_button.setDefault(True)
        self.open_button.clicked.connect(self.openFilesRequested)
        self.folder_button.clicked.connect(self.importFolderRequested)
        hint = QLabel(DROP_HINT, box)
        hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        hint.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.open_button)
        buttons.addSpacing(12)
        buttons.addWidget(self.folder_button)
        buttons.addStretch(1)
        inner = QVBoxLayout(box)
        inner.setContentsMargins(24, 24, 24, 24)
        inner.addStretch(1)
        inner.addLayout(buttons)
        inner.addSpacing(12)
        inner.addWidget(hint)
        inner.addStretch(1)

        column = QVBoxLayout()
        column.addStretch(2)
        column.addWidget(title)
        column.addSpacing(12)
        column.addWidget(blurb, 0, Qt.AlignmentFlag.AlignHCenter)
        column.addSpacing(24)
        column.addWidget(box, 0)
        column.addStretch(3)
        outer = QHBoxLayout(self)
        outer.setContentsMargins(24, 24, 24, 24)
        outer.addStretch(1)
        outer.addLayout(column, 4)
        outer.addStretch(1)
        self.hint_label = hint
        self.blurb_label = blurb
