"""Re-anchoring planned outside the write transaction, so an import never holds the lock for long.

Putting highlights back on an edited article is the slow part of an update (a long quote, or
thousands of highlights, take seconds), and holding SQLite's write lock meanwhile made a
``margin annotate`` running at the same moment wait, then fail with "database is locked". So the
work is split: `plan_reanchor` reads the highlights in a short read transaction and computes
where each one goes with no transaction open; the update's write transaction then only applies
the plan (`reader.store.annotations.reanchor_highlights`). A highlight added, moved or edited
between the two steps is not in the plan (or no longer matches it) and is re-anchored inside
the transaction: only that one, so the lock is still held for a moment.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select

from reader.anchoring import Anchor, Reanchored
from reader.store.db import Library
from reader.store.models import Article, Highlight


@dataclass(frozen=True, slots=True)
class ReanchorPlan:
    """Where each highlight of one article goes when its text changes from ``old`` to ``new``."""

    old_text: str
    new_text: str
    results: dict[int, tuple[Anchor, Reanchored]] = field(default_factory=dict)
    """highlight id -> (the anchor the result was computed from, the result)"""

    def result_for(self, h: Highlight, old_text: str, new_text: str) -> Reanchored | None:
        """The planned result for ``h``, if the plan still holds for it."""
        if (old_text, new_text) != (self.old_text, self.new_text):
            return None
        planned = self.results.get(h.id)
        if planned is None or planned[0] != anchor_of(h):
            return None
        return planned[1]


def anchor_of(h: Highlight) -> Anchor:
    return Anchor(h.start, h.end, h.exact, h.prefix, h.suffix)


def plan_reanchor(library: Library, article_id: int, new_text: str) -> ReanchorPlan | None:
    """Compute where the article's highlights go on ``new_text``; None if there is nothing to do.

    Reads in one short transaction, computes with none open.
    """
    with library.read() as session:
        old_text = session.scalar(select(Article.plain_text).where(Article.id == article_id))
        if old_text is None or old_text == new_text:
            return None
        anchors = {
            h.id: anchor_of(h)
            for h in session.scalars(select(Highlight).where(Highlight.article_id == article_id))
        }
    if not anchors:
        return None
    from reader.anchoring import reanchor_all  # rapidfuzz: only when the text changed

    ids = list(anchors)
    results = reanchor_all(new_text, [anchors[i] for i in ids], old_text=old_text)
    return ReanchorPlan(
        old_text, new_text, {i: (anchors[i], r) for i, r in zip(ids, results, strict=True)}
    )
