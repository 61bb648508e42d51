"""What another process may have changed under an open window, read in one transaction.

The window compares these with what it shows when the library file changed (`PRAGMA
data_version` moved): the article list as `list_articles` gives it, and for the open article its
`updated_at` (its text was re-imported), its note and tags, and its highlights.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from reader.store.annotations import _record, article_note
from reader.store.db import Library
from reader.store.models import Article, Highlight
from reader.store.records import HighlightRecord


@dataclass(frozen=True, slots=True)
class OpenArticleSnapshot:
    article_id: int
    updated_at: datetime
    note: str
    tags: tuple[str, ...]
    highlights: tuple[HighlightRecord, ...]  # reading order, orphans last


def open_article_snapshot(library: Library, article_id: int) -> OpenArticleSnapshot | None:
    """The open article's annotations as stored now; None when it is no longer there."""
    with library.read() as session:
        a = session.get(Article, article_id)
        if a is None:
            return None
        rows = session.scalars(
            select(Highlight)
            .where(Highlight.article_id == article_id)
            .options(selectinload(Highlight.tags), selectinload(Highlight.note))
            .order_by(Highlight.status == "orphaned", Highlight.start, Highlight.end, Highlight.id)
        )
        return OpenArticleSnapshot(
            a.id,
            a.updated_at,
            article_note(session, a.id),
            tuple(sorted(t.name for t in a.tags)),
            tuple(_record(h) for h in rows),
        )
