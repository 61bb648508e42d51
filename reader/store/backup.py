"""Restoring annotations from a backup: by uid, with their identity and times, never twice.

`reader.store.annotations` creates highlights for a user's actions (new uid, times of now). A
backup restore needs the opposite: put back highlights exactly as they were (uid, created and
modified times, colour, note, tags, orphan status) and recognise those already present, so that
importing the same backup twice changes nothing. A highlight present in both is only changed when
the backup's copy is newer. All of one article's annotations are restored in one transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from reader.store.annotations import AnnotationError, get_or_create_tags, normalize_tags
from reader.store.db import Library
from reader.store.models import Article, Highlight, Note, Tag
from reader.store.records import HighlightStatus


@dataclass(frozen=True, slots=True)
class HighlightBackup:
    """A highlight to restore, already placed on the article's current text by the caller."""

    uid: str
    start: int
    end: int
    exact: str
    prefix: str
    suffix: str
    color: str
    status: HighlightStatus
    anchor_method: str
    note: str
    tags: tuple[str, ...]
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class ArticleNoteBackup:
    """An article's own note and tags; times are None when the backup does not say."""

    note: str
    tags: tuple[str, ...]
    created_at: datetime | None = None
    updated_at: datetime | None = None


@dataclass(slots=True)
class RestoreCounts:
    """What restoring one article's annotations did."""

    restored: int = 0
    orphaned: int = 0
    """Of the restored highlights, those whose passage is not in the current text."""
    updated: int = 0
    unchanged: int = 0
    kept: int = 0
    """Present in the library with a newer change than the backup's: left as they are."""
    conflicts: int = 0
    """Their uid belongs to a highlight of another article: skipped."""
    note: str | None = None
    tags_added: int = 0


def _seconds(moment: datetime) -> datetime:
    return moment.replace(microsecond=0)


def note_times(library: Library, article_id: int) -> tuple[datetime, datetime] | None:
    """Created and updated times of an article's note, None when it has none."""
    with library.read() as session:
        note = session.scalars(select(Note).where(Note.article_id == article_id)).first()
        return (note.created_at, note.updated_at) if note else None


def _same(h: Highlight, b: HighlightBackup) -> bool:
    tags = sorted(t.name.lower() for t in h.tags)
    body = h.note.body if h.note else ""
    return (
        h.color == b.color
        and body == b.note.rstrip()
        and tags == sorted(t.lower() for t in normalize_tags(b.tags))
    )


def _set_note(h: Highlight, body: str, when: datetime) -> None:
    body = body.rstrip()
    if not body:
        h.note = None
    elif h.note is None:
        h.note = Note(body=body, created_at=when, updated_at=when)
    else:
        h.note.body, h.note.updated_at = body, when


class _Batch:
    """One article's restore: existing highlights and tags looked up once, not per highlight."""

    CHUNK = 500  # SQLite's limit on bound parameters is far above; keeps statements small

    def __init__(
        self, session: Session, article_id: int, backups: Sequence[HighlightBackup]
    ) -> None:
        self.session = session
        self.article_id = article_id
        self.existing: dict[str, Highlight] = {}
        uids = sorted({b.uid for b in backups})
        for i in range(0, len(uids), self.CHUNK):
            rows = session.scalars(
                select(Highlight)
                .where(Highlight.uid.in_(uids[i : i + self.CHUNK]))
                .options(selectinload(Highlight.tags), selectinload(Highlight.note))
            )
            self.existing.update((h.uid, h) for h in rows)
        names = normalize_tags(t for b in backups for t in b.tags)
        self.tags = {t.name.lower(): t for t in get_or_create_tags(session, names)}

    def tags_for(self, names: Sequence[str]) -> list[Tag]:
        return [self.tags[n.lower()] for n in normalize_tags(names)]

    def restore(self, b: HighlightBackup, counts: RestoreCounts) -> None:
        h = self.existing.get(b.uid)
        if h is not None and h.article_id != self.article_id:
            counts.conflicts += 1
        elif h is None:
            h = Highlight(
                uid=b.uid,
                article_id=self.article_id,
                start=b.start,
                end=b.end,
                exact=b.exact,
                prefix=b.prefix,
                suffix=b.suffix,
                color=b.color,
                status=b.status,
                anchor_method=b.anchor_method,
                created_at=b.created_at,
                updated_at=b.updated_at,
            )
            self.session.add(h)
            _set_note(h, b.note, b.updated_at)
            h.tags = self.tags_for(b.tags)
            self.existing[b.uid] = h
            counts.restored += 1
            counts.orphaned += b.status == "orphaned"
        elif _same(h, b):
            counts.unchanged += 1
        elif _seconds(b.updated_at) > _seconds(h.updated_at):
            h.color = b.color
            _set_note(h, b.note, b.updated_at)
            h.tags = self.tags_for(b.tags)
            h.updated_at = b.updated_at
            counts.updated += 1
        else:
            counts.kept += 1


def _restore_article_note(session: Session, article: Article, b: ArticleNoteBackup) -> str | None:
    body = b.note.rstrip()
    if not body:
        return None
    note = session.scalars(select(Note).where(Note.article_id == article.id)).first()
    if note is None:
        note = Note(article_id=article.id, body=body)
        if b.created_at is not None:
            note.created_at = b.created_at
        if b.updated_at or b.created_at:
            note.updated_at = b.updated_at or b.created_at
        session.add(note)
        return "restored"
    if note.body == body:
        return "unchanged"
    if b.updated_at is not None and _seconds(b.updated_at) > _seconds(note.updated_at):
        note.body, note.updated_at = body, b.updated_at
        return "updated"
    return "kept"


def _add_article_tags(session: Session, article: Article, names: Sequence[str]) -> int:
    have = {t.name.lower() for t in article.tags}
    new = [n for n in normalize_tags(names) if n.lower() not in have]
    if new:
        article.tags = [*article.tags, *get_or_create_tags(session, new)]
    return len(new)


def restore_article(
    library: Library,
    article_id: int,
    highlights: Sequence[HighlightBackup],
    article_note: ArticleNoteBackup | None = None,
) -> RestoreCounts:
    """Restore one article's annotations in one transaction; existing uids are matched, not added.

    The article's tags are merged (a restore never removes a tag); its note replaces the
    library's only when the backup's is newer.
    """
    counts = RestoreCounts()
    with library.write() as session:
        article = session.get(Article, article_id)
        if article is None:
            raise AnnotationError(f"no article with id {article_id}")
        batch = _Batch(session, article_id, highlights)
        for b in highlights:
            batch.restore(b, counts)
        session.flush()
        if article_note is not None:
            counts.note = _restore_article_note(session, article, article_note)
            counts.tags_added = _add_article_tags(session, article, article_note.tags)
    return counts
