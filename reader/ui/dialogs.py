"""Small dialogs of the window: confirm removal, the keyboard shortcuts table, about.

They are opened with `open()` (window-modal, not a nested event loop), so the window keeps
painting and tests can answer them like a person would, by clicking a button. They are plain
QDialogs whose layout is settled before the native window exists (`settle`): QMessageBox fixes
its size while being shown, which some platforms (offscreen, used by the tests) cannot do.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStyle,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from reader import __version__
from reader.store.records import RemovalImpact
from reader.ui.actions import SHORTCUTS


def settle(dialog: QDialog) -> None:
    """Compute the layout (and so the minimum size) now, before the dialog is shown."""
    layout = dialog.layout()
    if layout is not None:
        layout.activate()
    dialog.resize(dialog.sizeHint().expandedTo(dialog.minimumSizeHint()))


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def removal_consequence(impact: RemovalImpact) -> str:
    """What goes with the article, said plainly."""
    if impact.highlights and impact.notes:
        what = f"Its {_count(impact.highlights, 'highlight')} and {_count(impact.notes, 'note')}"
    elif impact.highlights:
        what = f"Its {_count(impact.highlights, 'highlight')}"
    elif impact.notes:
        what = f"Its {_count(impact.notes, 'note')}"
    else:
        return "It has no highlights or notes. The file on disk is not touched."
    return f"{what} will be deleted with it. The file on disk is not touched."


class MessageDialog(QDialog):
    """An icon, a bold question or title, an explanation, and buttons."""

    def __init__(
        self,
        title: str,
        text: str,
        informative: str = "",
        *,
        icon: QStyle.StandardPixmap = QStyle.StandardPixmap.SP_MessageBoxInformation,
        rich: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        pixmap = self.style().standardIcon(icon).pixmap(40, 40)
        icon_label = QLabel(self)
        icon_label.setPixmap(pixmap)
        icon_label.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.text_label = QLabel(text, self)
        self.text_label.setTextFormat(Qt.TextFormat.RichText if rich else Qt.TextFormat.PlainText)
        self.text_label.setWordWrap(True)
        self.text_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        if not rich:
            font = self.text_label.font()
            font.setBold(True)
            self.text_label.setFont(font)
        self.info_label = QLabel(informative, self)
        self.info_label.setWordWrap(True)
        self.info_label.setVisible(bool(informative))
        self.buttons = QDialogButtonBox(self)
        column = QVBoxLayout()
        column.addWidget(self.text_label)
        column.addWidget(self.info_label)
        row = QHBoxLayout()
        row.addWidget(icon_label)
        row.addSpacing(8)
        row.addLayout(column, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addSpacing(8)
        layout.addWidget(self.buttons)
        self.text_label.setMinimumWidth(340)

    def finish(self) -> None:
        settle(self)


class RemoveArticleBox(MessageDialog):
    """Asks before removing an article; `confirmed` is True when Remove was clicked."""

    def __init__(self, impact: RemovalImpact, parent: QWidget | None = None) -> None:
        super().__init__(
            "Remove Article",
            f"Remove “{impact.title}” from the library?",
            removal_consequence(impact),
            icon=QStyle.StandardPixmap.SP_MessageBoxWarning,
            parent=parent,
        )
        self.setObjectName("removeArticleBox")
        self.impact = impact
        self.confirmed = False
        self.remove_button: QPushButton = self.buttons.addButton(
            "Remove", QDialogButtonBox.ButtonRole.DestructiveRole
        )
        self.cancel_button: QPushButton = self.buttons.addButton(
            QDialogButtonBox.StandardButton.Cancel
        )
        self.remove_button.clicked.connect(self._remove)
        self.buttons.rejected.connect(self.reject)
        self.remove_button.setAutoDefault(False)
        self.cancel_button.setDefault(True)
        self.finish()

    def _remove(self) -> None:
        self.confirmed = True
        self.accept()


def _ok_dialog(title: str, body: str, parent: QWidget) -> MessageDialog:
    dialog = MessageDialog(title, body, rich=True, parent=parent)
    dialog.buttons.addButton(QDialogButtonBox.StandardButton.Close)
    dialog.buttons.rejected.connect(dialog.reject)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.finish()
    return dialog


class ShortcutsDialog(QDialog):
    """Every keyboard shortcut in a two-column table the size of its contents (scrolls only
    when the screen is too small), resizable, closed with Esc or Close."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setWindowTitle("Keyboard Shortcuts")
        self.setObjectName("shortcutsDialog")
        self.table = QTableWidget(len(SHORTCUTS), 2, self)
        self.table.setHorizontalHeaderLabels(["Keys", "What they do"])
        self.table.verticalHeader().hide()
        self.table.setShowGrid(False)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(True)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        bold = QFont(self.font())
        bold.setBold(True)
        for row, (keys, what) in enumerate(SHORTCUTS):
            key_item = QTableWidgetItem(keys)
            key_item.setFont(bold)
            self.table.setItem(row, 0, key_item)
            self.table.setItem(row, 1, QTableWidgetItem(what))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        layout.activate()
        fm = self.table.fontMetrics()
        keys = max(fm.horizontalAdvance(k) for k, _ in SHORTCUTS) + 40
        what = max(fm.horizontalAdvance(w) for _, w in SHORTCUTS) + 30
        rows = self.table.verticalHeader().length() + self.table.horizontalHeader().height()
        screen = parent.screen().availableGeometry() if parent.screen() else None
        width = keys + what + 40
        height = rows + buttons.sizeHint().height() + 48
        if screen is not None:
            width = min(width, screen.width() - 80)
            height = min(height, screen.height() - 80)
        self.resize(max(width, 480), max(height, 300))


def shortcuts_box(parent: QWidget) -> ShortcutsDialog:
    dialog = ShortcutsDialog(parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    return dialog


def about_box(parent: QWidget) -> MessageDialog:
    return _ok_dialog(
        "About Margin",
        f"<h3>Margin {html.escape(__version__)}</h3>"
        "<p>A reader and annotator for the articles you keep as local files.</p>"
        "<p>Your library is a single SQLite file; nothing is ever sent over the network.</p>",
        parent,
    )
