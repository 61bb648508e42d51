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


class SetValue(AnnotationCommand):
    """Changes one value of a highlight or article from ``old`` to ``new``: undo applies ``old``.

    Subclasses only say how to apply a value (`apply`); ``owner`` is the highlight or article id.
    """

    label = ""

    def __init__(self, target: CommandTarget, owner: int, old: object, new: object) -> None:
        super().__init__(target, self.label)
        self.owner, self.old, self.new = owner, old, new

    def do(self) -> None:
        self.apply(self.new)

    def revert(self) -> None:
        self.apply(self.old)

    def apply(self, value: object) -> None:
        raise NotImplementedError


class TypedText(SetValue):
    """Text typed in one editing session: successive edits merge into one undo step."""

    merge_id = 0

    def __init__(self, target: CommandTarget, owner: int, old: str, new: str, session: int) -> None:
        super().__init__(target, owner, old, new)
        self.session = session

    def id(self) -> int:
        return self.merge_id

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not (
            type(other) is type(self)
            and isinstance(other, TypedText)
            and (other.owner, other.session) == (self.owner, self.session)
        ):
            return False
        self.new = other.new
        self.setObsolete(str(self.new).rstrip() == str(self.old).rstrip())
        return True


class SetColor(SetValue):
    label = "Colour"

    def apply(self, value: object) -> None:
        record = notes.set_color(self.library, self.owner, str(value))
        self.target.highlight_changed(record, make_current=True)


class EditHighlightNote(TypedText):
    """One editing session's changes to a highlight's note (merged as the user types)."""

    label, merge_id = "Note", NOTE_MERGE_ID

    def apply(self, value: object) -> None:
        self.target.highlight_changed(
            notes.set_highlight_note(self.library, self.owner, str(value))
        )


class SetHighlightTags(SetValue):
    label = "Highlight Tags"

    def apply(self, value: object) -> None:
        record = notes.set_highlight_tags(self.library, self.owner, tuple(value))  # type: ignore[arg-type]
        self.target.highlight_changed(record)


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


class EditArticleNote(TypedText):
    label, merge_id = "Article Note", ARTICLE_NOTE_MERGE_ID

    def apply(self, value: object) -> None:
        body = notes.set_article_note(self.library, self.owner, str(value))
        self.target.article_changed(self.owner, note=body)


class SetArticleTags(SetValue):
    label = "Article Tags"

    def apply(self, value: object) -> None:
        tags = lib_service.set_article_tags(self.library, self.owner, tuple(value))  # type: ignore[arg-type]
        self.target.article_changed(self.owner, tags=tags)
