"""Every annotation action as an undoable command (git-cola's habit: one class per action).

A command calls one store service per `redo`/`undo` (each its own transaction, committed before
the call returns) and then tells its `CommandTarget` (the window's `Annotator`) what changed so
it can repaint. `QUndoStack.push` runs `redo` at once, so pushing a command *is* doing the action.

Typing is not one command per keystroke: note edits from the same editing session merge into one
command (`mergeWith`), so Ctrl+Z takes back the whole note as it was before the editor opened.
A command whose target vanished (say the article was removed) reports why and makes itself
obsolete, which takes it off the stack instead of leaving an undo that cannot work.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from PySide6.QtGui import QUndoCommand

from reader.store import annotations as notes
from reader.store import library as lib_service
from reader.store.annotations import AnnotationError
from reader.store.db import Library
from reader.store.records import HighlightRecord

NOTE_MERGE_ID = 1
ARTICLE_NOTE_MERGE_ID = 2


class CommandTarget(Protocol):
    library: Library

    def highlight_changed(self, record: HighlightRecord, make_current: bool = False) -> None: ...

    def highlight_removed(self, record: HighlightRecord) -> None: ...

    def article_changed(
        self, article_id: int, note: str | None = None, tags: tuple[str, ...] | None = None
    ) -> None: ...

    def report(self, message: str) -> None: ...


class AnnotationCommand(QUndoCommand):
    def __init__(self, target: CommandTarget, text: str) -> None:
        super().__init__(text)
        self.target = target
        self.library = target.library

    def redo(self) -> None:
        self._run(self.do)

    def undo(self) -> None:
        self._run(self.revert)

    def do(self) -> None:
        raise NotImplementedError

    def revert(self) -> None:
        raise NotImplementedError

    def _run(self, step: Callable[[], None]) -> None:
        try:
            step()
        except (AnnotationError, KeyError) as exc:
            self.target.report(f"{self.text()}: {exc}")
            self.setObsolete(True)


class AddHighlight(AnnotationCommand):
    def __init__(
        self,
        target: CommandTarget,
        article_id: int,
        start: int,
        end: int,
        color: str,
        note: str = "",
    ) -> None:
        super().__init__(target, "Highlight")
        self.args = (article_id, start, end)
        self.color, self.note = color, note
        self.record: HighlightRecord | None = None

    def do(self) -> None:
        if self.record is None:
            self.record = notes.add_highlight(
                self.library, *self.args, color=self.color, note=self.note
            )
        else:  # redo after undo: the same highlight, same id and uid
            self.record = notes.restore_highlight(self.library, self.record)
        self.target.highlight_changed(self.record, make_current=True)

    def revert(self) -> None:
        assert self.record is not None
        self.record = notes.delete_highlight(self.library, self.record.id)
        self.target.highlight_removed(self.record)


class DeleteHighlight(AnnotationCommand):
    def __init__(self, target: CommandTarget, highlight_id: int) -> None:
        super().__init__(target, "Delete Highlight")
        self.highlight_id = highlight_id
        self.record: HighlightRecord | None = None

    def do(self) -> None:
        self.record = notes.delete_highlight(self.library, self.highlight_id)
        self.target.highlight_removed(self.record)

    def revert(self) -> None:
        assert self.record is not None
        self.record = notes.restore_highlight(self.library, self.record)
        self.highlight_id = self.record.id
        self.target.highlight_changed(self.record, make_current=True)


class SetColor(AnnotationCommand):
    def __init__(self, target: CommandTarget, highlight_id: int, old: str, new: str) -> None:
        super().__init__(target, "Colour")
        self.highlight_id, self.old, self.new = highlight_id, old, new

    def do(self) -> None:
        self.target.highlight_changed(
            notes.set_color(self.library, self.highlight_id, self.new), make_current=True
        )

    def revert(self) -> None:
        self.target.highlight_changed(
            notes.set_color(self.library, self.highlight_id, self.old), make_current=True
        )


class EditHighlightNote(AnnotationCommand):
    """One editing session's changes to a highlight's note (merged as the user types)."""

    def __init__(
        self, target: CommandTarget, highlight_id: int, old: str, new: str, session: int
    ) -> None:
        super().__init__(target, "Note")
        self.highlight_id, self.old, self.new, self.session = highlight_id, old, new, session

    def id(self) -> int:
        return NOTE_MERGE_ID

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not (
            isinstance(other, EditHighlightNote)
            and other.highlight_id == self.highlight_id
            and other.session == self.session
        ):
            return False
        self.new = other.new
        self.setObsolete(self.new.rstrip() == self.old.rstrip())
        return True

    def do(self) -> None:
        self.target.highlight_changed(
            notes.set_highlight_note(self.library, self.highlight_id, self.new)
        )

    def revert(self) -> None:
        self.target.highlight_changed(
            notes.set_highlight_note(self.library, self.highlight_id, self.old)
        )


class SetHighlightTags(AnnotationCommand):
    def __init__(
        self,
        target: CommandTarget,
        highlight_id: int,
        old: tuple[str, ...],
        new: tuple[str, ...],
    ) -> None:
        super().__init__(target, "Highlight Tags")
        self.highlight_id, self.old, self.new = highlight_id, old, new

    def do(self) -> None:
        self.target.highlight_changed(
            notes.set_highlight_tags(self.library, self.highlight_id, self.new)
        )

    def revert(self) -> None:
        self.target.highlight_changed(
            notes.set_highlight_tags(self.library, self.highlight_id, self.old)
        )


class ReattachHighlight(AnnotationCommand):
    """Anchor a highlight (usually an orphan) to the text the user selected."""

    def __init__(self, target: CommandTarget, before: HighlightRecord, start: int, end: int):
        super().__init__(target, "Re-attach Highlight")
        self.before, self.start, self.end = before, start, end

    def do(self) -> None:
        record = notes.reattach_highlight(self.library, self.before.id, self.start, self.end)
        self.target.highlight_changed(record, make_current=True)

    def revert(self) -> None:
        self.target.highlight_changed(notes.reset_highlight(self.library, self.before))


class EditArticleNote(AnnotationCommand):
    def __init__(
        self, target: CommandTarget, article_id: int, old: str, new: str, session: int
    ) -> None:
        super().__init__(target, "Article Note")
        self.article_id, self.old, self.new, self.session = article_id, old, new, session

    def id(self) -> int:
        return ARTICLE_NOTE_MERGE_ID

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not (
            isinstance(other, EditArticleNote)
            and other.article_id == self.article_id
            and other.session == self.session
        ):
            return False
        self.new = other.new
        self.setObsolete(self.new.rstrip() == self.old.rstrip())
        return True

    def do(self) -> None:
        body = notes.set_article_note(self.library, self.article_id, self.new)
        self.target.article_changed(self.article_id, note=body)

    def revert(self) -> None:
        body = notes.set_article_note(self.library, self.article_id, self.old)
        self.target.article_changed(self.article_id, note=body)


class SetArticleTags(AnnotationCommand):
    def __init__(
        self,
        target: CommandTarget,
        article_id: int,
        old: tuple[str, ...],
        new: tuple[str, ...],
    ) -> None:
        super().__init__(target, "Article Tags")
        self.article_id, self.old, self.new = article_id, old, new

    def do(self) -> None:
        tags = lib_service.set_article_tags(self.library, self.article_id, self.new)
        self.target.article_changed(self.article_id, tags=tags)

    def revert(self) -> None:
        tags = lib_service.set_article_tags(self.library, self.article_id, self.old)
        self.target.article_changed(self.article_id, tags=tags)
