"""Highlights and notes in the window: what H, 1-5, N, Delete and the panel do.

The `Annotator` keeps the open article's highlights as plain records, turns every user action
into a command on that article's undo stack (`annotation_commands`), and, when a command reports
a change, updates the painted layer, the panel and the note editor by that one record: nothing
reloads while the user works, which keeps a 1,000-highlight article within a frame per action.

Durability: annotation writes run synchronously on the GUI thread, each in its own transaction
committed before the action returns. They take a few milliseconds (measured by
``tests/benchmarks/bench_highlights.py``: well under a frame), and doing them here means that when
the process is killed right after a key press, the change is already in the database, which a
queued write on the serial pool could not promise. SQLite's WAL lets the GUI write while an import
job holds its (short) transactions; a write waits for the other at most a few milliseconds.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtCore import QEvent, QObject, QRect, Qt, Signal
from PySide6.QtGui import QTextCursor, QUndoGroup, QUndoStack

from reader.store import annotations as notes
from reader.store.db import Library
from reader.store.records import COLORS, ArticleRecord, HighlightRecord
from reader.store.snapshot import OpenArticleSnapshot
from reader.ui.annotation_commands import (
    AddHighlight,
    AnnotationCommand,
    DeleteHighlight,
    EditArticleNote,
    EditHighlightNote,
    ReattachHighlight,
    SetArticleTags,
    SetColor,
    SetHighlightTags,
)
from reader.ui.highlight_layer import Flash, HighlightLayer
from reader.ui.highlights_panel import HighlightsPanel
from reader.ui.note_editor import NotePopup
from reader.ui.reader_view import ReaderView

NO_TARGET = "Select some text, or click a highlight, first"
REMOVED_ONLY = "Removed text cannot be highlighted: keep it first (K)"


class Annotator(QObject):
    currentChanged = Signal(object)  # highlight id or None
    countChanged = Signal(int, int)  # article id, its number of anchored highlights
    message = Signal(str)

    def __init__(
        self, library: Library, view: ReaderView, panel: HighlightsPanel, parent: QObject
    ) -> None:
        super().__init__(parent)
        self.library = library
        self.view = view
        self.panel = panel
        self.layer = HighlightLayer(view)
        self.flash = Flash(view)
        self.popup = NotePopup(view.viewport())
        self.undo_group = QUndoGroup(self)
        self._stacks: dict[int, QUndoStack] = {}
        self._article: ArticleRecord | None = None
        self._records: dict[int, HighlightRecord] = {}
        self._current: int | None = None
        self._article_note = ""
        self._article_tags: tuple[str, ...] = ()
        self._session = 0
        self._keep_history = False

        view.rendered.connect(self._on_rendered)
        view.clickedAt.connect(self._clicked)
        view.contextRequested.connect(self._clicked_for_menu)
        view.verticalScrollBar().valueChanged.connect(self._place_popup)
        view.viewport().installEventFilter(self)
        self.popup.noteEdited.connect(self.set_note)
        self.popup.tagsEdited.connect(self.set_tags)
        self.popup.closed.connect(lambda: self.view.setFocus(Qt.FocusReason.OtherFocusReason))
        panel.highlightChosen.connect(self.jump_to)
        panel.noteRequested.connect(self._note_from_panel)
        panel.reattachRequested.connect(self.reattach)
        panel.orphanDeleteRequested.connect(self.delete)
        panel.articleNoteEdited.connect(self.set_article_note)
        panel.articleTagsEdited.connect(self.set_article_tags)
        panel.article_note.started.connect(self._new_session)

    # -- state ----------------------------------------------------------------------------
    @property
    def article(self) -> ArticleRecord | None:
        """The open article as it was loaded (id, title, text); None when nothing is open."""
        return self._article

    @property
    def article_id(self) -> int | None:
        return self._article.id if self._article else None

    @property
    def current(self) -> int | None:
        return self._current

    def records(self) -> list[HighlightRecord]:
        """The open article's highlights in reading order, orphans last."""
        return sorted(
            self._records.values(), key=lambda r: (r.status == "orphaned", r.start, r.end, r.id)
        )

    def anchored_count(self) -> int:
        """What the library list and the panel count (orphans are listed apart)."""
        return sum(1 for r in self._records.values() if r.status == "anchored")

    def record(self, highlight_id: int) -> HighlightRecord | None:
        return self._records.get(highlight_id)

    @property
    def stack(self) -> QUndoStack | None:
        return self.undo_group.activeStack()

    @contextmanager
    def keeping_history(self) -> Iterator[None]:
        """Re-show the open article inside this block when its text was changed by a command on
        its own undo stack (a correction): highlights are reloaded, the history is kept."""
        self._keep_history = True
        try:
            yield
        finally:
            self._keep_history = False

    def flush(self) -> None:
        """Save what editors hold but have not reported yet (before switching or quitting)."""
        self.popup.note.flush()
        self.popup.tags.commit()
        self.panel.article_note.flush()
        self.panel.article_tags.commit()

    # -- actions (keys, menus, toolbar) ---------------------------------------------------
    def highlight_selection(self, color: str | None = None) -> HighlightRecord | None:
        span = self.selected_span()
        if span is None or self._article is None:
            self.message.emit(
                REMOVED_ONLY
                if self._selects_removed_only()
                else "Select some text to highlight first"
            )
            return None
        same = next(
            (r for r in self._records.values() if (r.start, r.end) == span), None
        )  # the same passage again: work on that highlight rather than stack a copy
        self._clear_selection()
        if same is not None:
            self.set_current(same.id)
            if color is not None and color != same.color:
                self._push(SetColor(self, same.id, same.color, color))
            return self._records.get(same.id)
        command = AddHighlight(self, self._article.id, *span, color or COLORS[0])
        self._push(command)
        return command.record

    def apply_color(self, number: int) -> None:
        """Keys 1-5: colour the selection (a new highlight) or else the current highlight."""
        color = COLORS[number - 1]
        if self.selected_span() is not None:
            self.highlight_selection(color)
        elif self._current is not None and self._current in self._records:
            old = self._records[self._current].color
            if old != color:
                self._push(SetColor(self, self._current, old, color))
        else:
            self.message.emit(NO_TARGET)

    def edit_note(self) -> None:
        """N: the note editor of the current highlight (highlighting the selection first)."""
        if self.selected_span() is not None:
            self.highlight_selection()
        hid = self._current
        record = self._records.get(hid) if hid is not None else None
        if record is None:
            self.message.emit(NO_TARGET)
            return
        if record.status != "anchored":
            self.message.emit("Re-attach this highlight to a passage before editing its note")
            return
        self._session += 1
        self.popup.open_for(record.id, record.note, record.tags, record.exact)
        self._place_popup()

    def delete_current(self) -> None:
        if self._current is None:
            self.message.emit("Click a highlight first")
            return
        self.delete(self._current)

    def delete(self, highlight_id: int) -> None:
        if highlight_id in self._records:
            self._push(DeleteHighlight(self, highlight_id))

    def reattach(self, highlight_id: int) -> None:
        before = self._records.get(highlight_id)
        span = self.selected_span()
        if before is None:
            return
        if span is None:
            self.message.emit("Select the passage to attach the highlight to, then re-attach")
            return
        self._clear_selection()
        self._push(ReattachHighlight(self, before, *span))

    def set_note(self, highlight_id: int, text: str) -> None:
        record = self._records.get(highlight_id)
        if record is not None and text.rstrip() != record.note:
            self._push(EditHighlightNote(self, highlight_id, record.note, text, self._session))

    def set_tags(self, highlight_id: int, tags: tuple[str, ...]) -> None:
        record = self._records.get(highlight_id)
        if record is not None and tuple(tags) != record.tags:
            self._push(SetHighlightTags(self, highlight_id, record.tags, tuple(tags)))

    def set_article_note(self, text: str) -> None:
        if self._article is not None and text.rstrip() != self._article_note:
            self._push(
                EditArticleNote(self, self._article.id, self._article_note, text, self._session)
            )

    def set_article_tags(self, tags: tuple[str, ...]) -> None:
        if self._article is not None and tuple(tags) != self._article_tags:
            self._push(SetArticleTags(self, self._article.id, self._article_tags, tuple(tags)))

    def jump_to(self, highlight_id: int) -> None:
        """Make a highlight current, bring it into view and let it flash."""
        self.set_current(highlight_id)
        span = self.layer.span(highlight_id)
        if span is None:
            if highlight_id in self._records:
                self.message.emit("This highlight's text is no longer in the article")
            return
        a, b = span
        self.view.scroll_to_qt(a)
        cursor = QTextCursor(self.view.document())
        cursor.setPosition(a)
        self.view.setTextCursor(cursor)
        self.flash.start(a, b)

    def set_current(self, highlight_id: int | None) -> None:
        if highlight_id is not None and highlight_id not in self._records:
            highlight_id = None
        if self.popup.is_open and self.popup.highlight_id != highlight_id:
            self.popup.close_popup()
        if highlight_id == self._current:
            return
        self._current = highlight_id
        self.layer.set_current(highlight_id)
        self.panel.set_current(highlight_id)
        self.currentChanged.emit(highlight_id)

    def selected_span(self) -> tuple[int, int] | None:
        """Code points of the reader's selection, without white space at either end."""
        cursor = self.view.textCursor()
        pmap = self.view.position_map
        if not cursor.hasSelection() or pmap is None or self._article is None:
            return None
        start, end = pmap.span_from_qt(cursor.selectionStart(), cursor.selectionEnd())
        text = self._article.plain_text
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        return (start, end) if start < end else None

    def _selects_removed_only(self) -> bool:
        """A selection that holds no article text at all: it lies in removed text or markers."""
        cursor, pmap = self.view.textCursor(), self.view.position_map
        if not cursor.hasSelection() or pmap is None:
            return False
        start, end = pmap.span_from_qt(cursor.selectionStart(), cursor.selectionEnd())
        return start == end

    # -- what commands report (CommandTarget) ---------------------------------------------
    def highlight_changed(self, record: HighlightRecord, make_current: bool = False) -> None:
        if record.article_id != self.article_id:
            return
        new = record.id not in self._records
        old_status = self._records[record.id].status if not new else record.status
        self._records[record.id] = record
        self.layer.upsert(record)
        self.panel.upsert(record)
        self.popup.refresh(record.id, record.note, record.tags)
        if make_current:
            self.set_current(record.id)
        if new or record.status != old_status:
            self.countChanged.emit(record.article_id, self.anchored_count())

    def highlight_removed(self, record: HighlightRecord) -> None:
        if record.article_id != self.article_id:
            return
        self._records.pop(record.id, None)
        if self.popup.highlight_id == record.id:
            self.popup.highlight_id = None  # nothing left to save into
            self.popup.close_popup()
        if self._current == record.id:
            self.set_current(None)
        self.layer.remove(record.id)
        self.panel.remove(record.id)
        self.countChanged.emit(record.article_id, self.anchored_count())

    def article_changed(
        self, article_id: int, note: str | None = None, tags: tuple[str, ...] | None = None
    ) -> None:
        if article_id != self.article_id:
            return
        if note is not None:
            self._article_note = note
        if tags is not None:
            self._article_tags = tuple(tags)
        self.panel.set_article_fields(note, tags)

    def sync_from_store(self, snap: OpenArticleSnapshot) -> bool:
        """Another program changed this article's annotations: show them as they are stored.

        The open note editor stays open if its highlight is still there; the undo history is
        cleared, since its steps describe states someone else has since changed.
        """
        if snap.article_id != self.article_id:
            return False
        changed = False
        fresh = {r.id: r for r in snap.highlights}
        if fresh != self._records:
            changed = True
            self._records = fresh
            if self.popup.highlight_id is not None and self.popup.highlight_id not in fresh:
                self.popup.highlight_id = None
                self.popup.close_popup()
            current = self._current if self._current in fresh else None
            self._current = current
            self.layer.reset(fresh.values(), current)
            self.panel.set_records(list(snap.highlights))
            self.panel.set_current(current)
            if self.stack is not None:
                self.stack.clear()
            self.countChanged.emit(snap.article_id, self.anchored_count())
            self.currentChanged.emit(current)
        if snap.note != self._article_note or tuple(snap.tags) != self._article_tags:
            changed = True
            self.article_changed(snap.article_id, snap.note, tuple(snap.tags))
        return changed

    def report(self, message: str) -> None:
        self.message.emit(message)

    # -- internals ------------------------------------------------------------------------
    def _push(self, command: AnnotationCommand) -> None:
        stack = self.stack
        if stack is None:
            return
        stack.push(command)

    def _new_session(self) -> None:
        self._session += 1

    def _clear_selection(self) -> None:
        cursor = self.view.textCursor()
        cursor.setPosition(cursor.selectionEnd())
        self.view.setTextCursor(cursor)

    def _on_rendered(self) -> None:
        shown = self.view.record
        if shown is None:
            self._load(None)
        elif (
            self._article is None
            or shown.id != self._article.id
            or shown.updated_at != self._article.updated_at
        ):
            self._load(shown)
        else:  # same article, new document (theme, font): repaint from the records we have
            self.layer.reset(self._records.values(), self._current)
            self._place_popup()

    def _load(self, article: ArticleRecord | None) -> None:
        self.flush()
        self.popup.close_popup()
        self.flash.stop()
        reimported = (
            article is not None and self._article is not None and article.id == self._article.id
        )
        self._article = article
        self._current = None
        self._session += 1
        records = notes.list_highlights(self.library, article.id) if article else []
        self._records = {r.id: r for r in records}
        self._article_note = article.note if article else ""
        self._article_tags = tuple(article.tags) if article else ()
        self.layer.reset(records)
        self.panel.set_article(article)
        self.panel.set_records(records)
        if article is None:
            self.undo_group.setActiveStack(None)
        else:
            stack = self._stacks.get(article.id)
            if stack is None:
                stack = self._stacks[article.id] = QUndoStack(self.undo_group)
            elif reimported and not self._keep_history:
                stack.clear()  # its positions refer to the text before the re-import
            self.undo_group.setActiveStack(stack)
        self.currentChanged.emit(None)

    def _clicked(self, qt_pos: int) -> None:
        self.set_current(self.layer.at(qt_pos) if qt_pos >= 0 else None)

    def _clicked_for_menu(self, qt_pos: int) -> None:
        if not self.view.textCursor().hasSelection() and qt_pos >= 0:
            hit = self.layer.at(qt_pos)
            if hit is not None:
                self.set_current(hit)

    def _note_from_panel(self, highlight_id: int) -> None:
        self.jump_to(highlight_id)
        self.edit_note()

    def _place_popup(self, *_args: object) -> None:
        hid = self.popup.highlight_id
        if hid is None or not self.popup.isVisible():
            return
        span = self.layer.span(hid)
        view = self.view
        margin = view.side_margin
        column = QRect(margin, 0, max(view.viewport().width() - 2 * margin, 200), 1)
        if span is None:
            self.popup.place(None, None, column)
            return
        cursor = QTextCursor(view.document())
        cursor.setPosition(span[1])
        below = view.cursorRect(cursor)
        cursor.setPosition(span[0])
        above = view.cursorRect(cursor)
        self.popup.place(below, above, column)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            self.layer.viewport_resized()
            self._place_popup()
        return False
