"""Seeing and correcting what the cleaner cut, in the window.

* *View → Show Removed Text* (Ctrl+Shift+R) shows the removed blocks in place, dimmed, with the
  reason on hover; off, a quiet marker stands where text went and expands when clicked (the
  reader view does both). The choice is remembered.
* *View → Show Original* (Ctrl+U) opens the source as it was (`original_dialog`).
* *Keep This* (K) puts a removed block (or a marker's whole run) back; *Remove This* (X) removes
  a kept block (every block a selection touches). From the keyboard they act where the text
  cursor is, from the right-click menu where the click was. Each is a command on the open
  article's undo stack, so Ctrl+Z takes it back like a highlight.

A correction rewrites the article in one transaction (`reader.store.cleaning`), highlights
re-anchored with it; the view is then re-shown at the same place, keeping the undo history.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence, QUndoCommand
from PySide6.QtWidgets import QMenu, QWidget

from reader.corrections import block_key
from reader.store import library as lib_service
from reader.store.cleaning import CleaningError, CorrectionChange, original_text, set_corrections
from reader.store.db import Library
from reader.ui.annotator import Annotator
from reader.ui.library_model import LibraryModel
from reader.ui.original_dialog import OriginalDialog
from reader.ui.reader_view import ReaderView
from reader.ui.settings import Settings

ORIGINAL_NOTE = {
    "html": "The saved page's text, block by block (its markup is left out).",
    "text": "The file's text exactly as it was imported.",
    "markdown": "The file's text exactly as it was imported.",
}
Wanted = dict[str, tuple[str | None, str]]  # block key -> (action or None, block text)


class CorrectBlocks(QUndoCommand):
    """Keep or remove blocks of one article; undo gives each block its earlier correction."""

    def __init__(self, controls: CleaningControls, article_id: int, wanted: Wanted, label: str):
        super().__init__(label)
        self.controls, self.article_id, self.wanted = controls, article_id, wanted
        self.before: Wanted | None = None

    def redo(self) -> None:
        change = self._apply(self.wanted)
        if change is None:
            return
        if self.before is None:
            self.before = {k: (change.before[k], change.texts[k]) for k in change.before}
            if not change.changed:
                self.setObsolete(True)  # nothing to undo: the cleaner already agreed
        self.controls.article_rewritten(change, self.text())

    def undo(self) -> None:
        if self.before is not None:
            change = self._apply(self.before)
            if change is not None:
                self.controls.article_rewritten(change, f"Undo {self.text().lower()}")

    def _apply(self, wanted: Wanted) -> CorrectionChange | None:
        try:
            return set_corrections(self.controls.library, self.article_id, wanted)
        except CleaningError as exc:
            self.controls.message.emit(f"{self.text()}: {exc}")
            self.setObsolete(True)
            return None


class CleaningControls(QObject):
    """The window's actions on removed text; built by the window, plugged into its menus."""

    message = Signal(str)

    def __init__(
        self,
        library: Library,
        reader: ReaderView,
        annotator: Annotator,
        model: LibraryModel,
        settings: Settings,
        host: QWidget,
        *,
        persist: bool = True,
    ) -> None:
        super().__init__(host)
        self.library, self.reader, self.annotator = library, reader, annotator
        self.model, self.settings, self.host, self.persist = model, settings, host, persist
        self._menu_pos = -1

        def action(text: str, slot: Callable[[], object], key: str, widget: bool) -> QAction:
            act = QAction(text, host)
            act.setShortcut(QKeySequence(key))
            act.triggered.connect(slot)
            if widget:  # a single letter: only while the keyboard is in the text
                act.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
                reader.addAction(act)
            else:
                host.addAction(act)
            return act

        self.show_removed = action("Show &Removed Text", self._toggle, "Ctrl+Shift+R", False)
        self.show_removed.setCheckable(True)
        self.show_original = action("Show &Original", self.open_original, "Ctrl+U", False)
        self.keep = action("&Keep This", lambda: self.keep_at(self._cursor_pos()), "K", True)
        self.remove = action("Re&move This", lambda: self.remove_at(self._cursor_pos()), "X", True)
        # The right-click menu's own entries act where the click was, not at the text cursor.
        self.keep_here = QAction("Keep This", host)
        self.keep_here.setShortcut(QKeySequence("K"))
        self.keep_here.triggered.connect(lambda: self.keep_at(self._menu_pos))
        self.remove_here = QAction("Remove This", host)
        self.remove_here.setShortcut(QKeySequence("X"))
        self.remove_here.triggered.connect(lambda: self.remove_at(self._menu_pos, menu=True))
        reader.add_context_actions([self.keep_here, self.remove_here])
        reader.contextRequested.connect(self._menu_opened)
        shown = settings.removed_text_shown()
        self.show_removed.setChecked(shown)
        reader.set_show_removed(shown)
        reader.removedShownChanged.connect(self.show_removed.setChecked)

    def view_actions(self) -> list[QAction]:
        return [self.show_removed, self.show_original]

    def edit_actions(self) -> list[QAction]:
        return [self.keep, self.remove]

    def add_to_menus(self, menu: Callable[[str], QMenu]) -> None:
        """View gets the showing, Annotate the correcting (``menu``: the window's by name)."""
        for name, entries in (("view", self.view_actions()), ("annotate", self.edit_actions())):
            menu(name).addSeparator()
            menu(name).addActions(entries)

    def set_enabled(self, article_open: bool) -> None:
        for act in (self.show_original, self.keep, self.remove):
            act.setEnabled(article_open)

    # -- showing --------------------------------------------------------------------------
    def _toggle(self, shown: bool) -> None:
        self.reader.set_show_removed(shown)
        if self.persist:
            self.settings.set_removed_text_shown(shown)

    def open_original(self) -> OriginalDialog | None:
        record = self.reader.record
        if record is None:
            return None
        try:
            text = original_text(self.library, record.id)
        except CleaningError as exc:
            self.message.emit(str(exc))
            return None
        note = ORIGINAL_NOTE.get(record.format, ORIGINAL_NOTE["text"])
        dialog = OriginalDialog(record.title, text, note, self.host)
        dialog.show()
        return dialog

    # -- correcting -----------------------------------------------------------------------
    def _cursor_pos(self) -> int:
        cursor = self.reader.textCursor()
        return cursor.selectionStart() if cursor.hasSelection() else cursor.position()

    def _menu_opened(self, qt_pos: int) -> None:
        self._menu_pos = qt_pos
        self.keep_here.setEnabled(bool(self._removed_at(qt_pos)))
        self.remove_here.setEnabled(bool(self._kept_at(qt_pos, menu=True)))

    def _removed_at(self, qt_pos: int) -> list[int]:
        """Entries a Keep at ``qt_pos`` puts back: a removed block, or a marker's run."""
        slot = self.reader.slot_at(qt_pos) if qt_pos >= 0 else None
        layout = self.reader.layout_shown
        if slot is None or layout is None:
            return []
        if slot.run is not None:
            return list(layout.runs[slot.run])
        return [slot.entry] if slot.entry is not None else []

    def _kept_at(self, qt_pos: int, menu: bool = False) -> list[int]:
        """Entries a Remove takes out: the kept block at ``qt_pos``, or every kept block the
        selection touches (from the keyboard, or a right click inside the selection)."""
        cursor = self.reader.textCursor()
        a, b = cursor.selectionStart(), cursor.selectionEnd()
        inside = cursor.hasSelection() and (not menu or a <= qt_pos <= b)
        positions = self._block_starts(a, b) if inside else [qt_pos]
        doc = self.reader.document_shown
        if doc is None:
            return []
        entries = doc.entries()
        found: list[int] = []
        for pos in positions:
            index = self.reader.entry_at(pos) if pos >= 0 else None
            if index is not None and entries[index].kept and index not in found:
                found.append(index)
        return found

    def _block_starts(self, a: int, b: int) -> list[int]:
        block = self.reader.document().findBlock(a)
        out = [a]
        block = block.next()
        while block.isValid() and block.position() < b:
            out.append(block.position())
            block = block.next()
        return out

    def keep_at(self, qt_pos: int) -> bool:
        entries = self._removed_at(qt_pos)
        if not entries:
            self.message.emit("Keep This works on removed text: show it, or click its marker")
            return False
        return self._push(entries, "keep", "Keep Text")

    def remove_at(self, qt_pos: int, menu: bool = False) -> bool:
        entries = self._kept_at(qt_pos, menu)
        if not entries:
            self.message.emit("Remove This works on the article's text (not its title)")
            return False
        return self._push(entries, "drop", "Remove Text")

    def _push(self, indices: list[int], action: str, label: str) -> bool:
        record, doc, stack = self.reader.record, self.reader.document_shown, self.annotator.stack
        if record is None or doc is None or stack is None:
            return False
        entries = doc.entries()
        wanted: Wanted = {
            block_key(entries[i].block): (action, entries[i].block.text) for i in indices
        }
        count = len(indices)
        text = f"{label} ({count} blocks)" if count > 1 else label
        stack.push(CorrectBlocks(self, record.id, wanted, text))
        return True

    def article_rewritten(self, change: CorrectionChange, what: str) -> None:
        """A correction was made or undone: show the new text where the reader was."""
        record = lib_service.get_article(self.library, change.article_id)
        if record is None:
            return
        if self.reader.article_id == change.article_id:
            with self.annotator.keeping_history():
                self.reader.show_article(record, self.reader.top_position())
        summary = lib_service.get_summary(self.library, change.article_id)
        if summary is not None:
            self.model.upsert([summary])
        moved = change.reanchor.describe() if change.reanchor else ""
        self.message.emit(f"{what}{f' ({moved})' if moved else ''}")
