"""Annotation services: highlights, notes and tags. Each public function is one transaction.

Highlights are stored as the W3C Web Annotation model does: a position selector (code-point offsets
into the article's plain text) and a quote selector (exact text with prefix and suffix). When an
article's text changes, `reanchor_highlights` moves them with `reader.anchoring`; a highlight that
cannot be placed becomes an orphan and keeps its quote, note and tags. Nothing is deleted silently.

Deleting returns a full `HighlightRecord`, and `restore_highlight` puts it back with the same
identity, which is what the window's undo stack needs.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from reader.anchoring import find_occurrence, make_anchor
from reader.store.db import Library
from reader.store.models import Article, Highlight, Note, Tag, utcnow
from reader.store.reanchoring import ReanchorPlan, anchor_of
from reader.store.records import COLORS, HighlightRecord, ReanchorReport


class AnnotationError(Exception):
    """An annotation request that cannot be carried out; the message says why."""


def normalize_color(color: str | None) -> str:
    if color is None:
        return COLORS[0]
    name = color.strip().lower()
    if name.isdigit() and 1 <= int(name) <= len(COLORS):
        return COLORS[int(name) - 1]
    if name not in COLORS:
        raise AnnotationError(f"unknown colour {color!r}; choose one of {', '.join(COLORS)}")
    return name


def normalize_tags(names: Iterable[str]) -> list[str]:
    seen: dict[str, str] = {}
    for name in names:
        clean = " ".join(name.strip().lstrip("#").split())
        if clean and clean.lower() not in seen:
            seen[clean.lower()] = clean
    return list(seen.values())


def get_or_create_tags(session: Session, names: Iterable[str]) -> list[Tag]:
    tags: list[Tag] = []
    for name in normalize_tags(names):
        tag = session.scalars(select(Tag).where(Tag.name == name)).first()
        if tag is None:
            tag = Tag(name=name)
            session.add(tag)
            session.flush()
        tags.append(tag)
    return tags


def _record(h: Highlight) -> HighlightRecord:
    return HighlightRecord(
        id=h.id,
        uid=h.uid,
        article_id=h.article_id,
        start=h.start,
        end=h.end,
        exact=h.exact,
        prefix=h.prefix,
        suffix=h.suffix,
        color=h.color,
        status=h.status,  # type: ignore[arg-type]
        anchor_method=h.anchor_method,
        note=h.note.body if h.note else "",
        tags=tuple(sorted((t.name for t in h.tags), key=str.lower)),
        created_at=h.created_at,
        updated_at=h.updated_at,
    )


def _article(session: Session, article_id: int) -> Article:
    article = session.get(Article, article_id)
    if article is None:
        raise AnnotationError(f"no article with id {article_id}")
    return article


def _highlight(session: Session, highlight_id: int) -> Highlight:
    h = session.get(Highlight, highlight_id)
    if h is None:
        raise AnnotationError(f"no highlight with id {highlight_id}")
    return h


def _set_note(session: Session, h: Highlight, body: str | None) -> None:
    body = (body or "").rstrip()
    if not body:
        if h.note is not None:
            session.delete(h.note)
            h.note = None
        return
    if h.note is None:
        h.note = Note(body=body)
    elif h.note.body != body:
        h.note.body = body
        h.note.updated_at = utcnow()


# -- highlights -------------------------------------------------------------------------------


def add_highlight(
    library: Library,
    article_id: int,
    start: int,
    end: int,
    *,
    color: str | None = None,
    note: str | None = None,
    tags: Iterable[str] = (),
) -> HighlightRecord:
    """Highlight ``plain_text[start:end]`` of an article."""
    color = normalize_color(color)
    with library.write() as session:
        article = _article(session, article_id)
        text = article.plain_text
        if not 0 <= start < end <= len(text):
            raise AnnotationError(f"range {start}-{end} is outside the article (0-{len(text)})")
        if not text[start:end].strip():
            raise AnnotationError("cannot highlight only white space")
        anchor = make_anchor(text, start, end)
        h = Highlight(
            uid=uuid.uuid4().hex,
            article_id=article_id,
            start=anchor.start,
            end=anchor.end,
            exact=anchor.exact,
            prefix=anchor.prefix,
            suffix=anchor.suffix,
            color=color,
            status="anchored",
            anchor_method="exact",
        )
        session.add(h)
        _set_note(session, h, note)
        h.tags = get_or_create_tags(session, tags)
        session.flush()
        return _record(h)


def add_highlight_by_quote(
    library: Library,
    article_id: int,
    quote: str,
    *,
    occurrence: int = 1,
    color: str | None = None,
    note: str | None = None,
    tags: Iterable[str] = (),
) -> HighlightRecord:
    """Highlight the ``occurrence``-th (1-based) occurrence of ``quote`` in the article."""
    if occurrence < 1:
        raise AnnotationError("occurrence counts from 1")
    with library.read() as session:
        text = _article(session, article_id).plain_text
    span = find_occurrence(text, quote, occurrence)
    if span is None:
        where = "" if occurrence == 1 else f" {occurrence} times"
        raise AnnotationError(f"quote not found{where} in article {article_id}: {quote[:60]!r}")
    return add_highlight(library, article_id, *span, color=color, note=note, tags=tags)


def list_highlights(library: Library, article_id: int) -> list[HighlightRecord]:
    """An article's highlights in reading order (orphans last)."""
    with library.read() as session:
        rows = session.scalars(
            select(Highlight)
            .where(Highlight.article_id == article_id)
            .options(selectinload(Highlight.tags), selectinload(Highlight.note))
            .order_by(Highlight.status == "orphaned", Highlight.start, Highlight.end, Highlight.id)
        )
        return [_record(h) for h in rows]


def get_highlight(library: Library, highlight_id: int) -> HighlightRecord:
    with library.read() as session:
        return _record(_highlight(session, highlight_id))


def set_color(library: Library, highlight_id: int, color: str) -> HighlightRecord:
    color = normalize_color(color)
    with library.write() as session:
        h = _highlight(session, highlight_id)
        if h.color != color:
            h.color = color
            h.updated_at = utcnow()
        return _record(h)


def set_highlight_note(library: Library, highlight_id: int, body: str | None) -> HighlightRecord:
    with library.write() as session:
        h = _highlight(session, highlight_id)
        _set_note(session, h, body)
        h.updated_at = utcnow()
        session.flush()
        return _record(h)


def set_highlight_tags(
    library: Library, highlight_id: int, names: Iterable[str]
) -> HighlightRecord:
    with library.write() as session:
        h = _highlight(session, highlight_id)
        h.tags = get_or_create_tags(session, names)
        h.updated_at = utcnow()
        return _record(h)


def delete_highlight(library: Library, highlight_id: int) -> HighlightRecord:
    """Delete a highlight; returns what it was, so the deletion can be undone."""
    with library.write() as session:
        h = _highlight(session, highlight_id)
        record = _record(h)
        session.delete(h)
        return record


def restore_highlight(library: Library, record: HighlightRecord) -> HighlightRecord:
    """Put back a deleted highlight with its identity, note, tags and timestamps."""
    with library.write() as session:
        _article(session, record.article_id)
        if session.scalar(select(Highlight.id).where(Highlight.uid == record.uid)) is not None:
            raise AnnotationError("that highlight exists already")
        h = Highlight(
            id=record.id,
            uid=record.uid,
            article_id=record.article_id,
            start=record.start,
            end=record.end,
            exact=record.exact,
            prefix=record.prefix,
            suffix=record.suffix,
            color=record.color,
            status=record.status,
            anchor_method=record.anchor_method,
            created_at=record.created_at,
            updated_at=record.updated_at,
        )
        if session.get(Highlight, record.id) is not None:
            h.id = None  # type: ignore[assignment]  # id taken meanwhile: take a new one
        session.add(h)
        _set_note(session, h, record.note)
        h.tags = get_or_create_tags(session, record.tags)
        session.flush()
        return _record(h)


def reset_highlight(library: Library, record: HighlightRecord) -> HighlightRecord:
    """Put an existing highlight's anchor, status and colour back to a snapshot (undo of a
    re-attach, which may have to make it an orphan again), in one transaction."""
    with library.write() as session:
        h = _highlight(session, record.id)
        h.start, h.end = record.start, record.end
        h.exact, h.prefix, h.suffix = record.exact, record.prefix, record.suffix
        h.status, h.anchor_method = record.status, record.anchor_method
        h.color, h.updated_at = record.color, record.updated_at
        return _record(h)


def reattach_highlight(
    library: Library, highlight_id: int, start: int, end: int
) -> HighlightRecord:
    """Anchor a (typically orphaned) highlight to a new range chosen by the user."""
    with library.write() as session:
        h = _highlight(session, highlight_id)
        text = _article(session, h.article_id).plain_text
        if not 0 <= start < end <= len(text):
            raise AnnotationError(f"range {start}-{end} is outside the article")
        anchor = make_anchor(text, start, end)
        h.start, h.end = anchor.start, anchor.end
        h.exact, h.prefix, h.suffix = anchor.exact, anchor.prefix, anchor.suffix
        h.status, h.anchor_method = "anchored", "manual"
        h.updated_at = utcnow()
        return _record(h)


# -- article notes ----------------------------------------------------------------------------


def article_note(session: Session, article_id: int) -> str:
    note = session.scalars(select(Note).where(Note.article_id == article_id)).first()
    return note.body if note else ""


def set_article_note(library: Library, article_id: int, body: str | None) -> str:
    body = (body or "").rstrip()
    with library.write() as session:
        _article(session, article_id)
        note = session.scalars(select(Note).where(Note.article_id == article_id)).first()
        if not body:
            if note is not None:
                session.delete(note)
            return ""
        if note is None:
            session.add(Note(article_id=article_id, body=body))
        elif note.body != body:
            note.body, note.updated_at = body, utcnow()
        return body


def get_article_note(library: Library, article_id: int) -> str:
    with library.read() as session:
        _article(session, article_id)
        return article_note(session, article_id)


# -- re-anchoring (called inside the import transaction) ---------------------------------------


def reanchor_highlights(
    session: Session, article: Article, old_text: str, plan: ReanchorPlan | None = None
) -> ReanchorReport:
    """Move every highlight of ``article`` onto its new plain text; orphan what cannot move.

    With a ``plan`` computed beforehand (`reader.store.reanchoring`), only highlights the plan
    does not cover (added or changed since) are computed here, inside the caller's transaction.
    """
    highlights = list(session.scalars(select(Highlight).where(Highlight.article_id == article.id)))
    if not highlights:
        return ReanchorReport()
    new_text = article.plain_text
    planned = [plan.result_for(h, old_text, new_text) if plan else None for h in highlights]
    missing = [i for i, r in enumerate(planned) if r is None]
    if missing:
        from reader.anchoring import reanchor_all  # rapidfuzz: only when the text changed

        anchors = [anchor_of(highlights[i]) for i in missing]
        for i, r in zip(missing, reanchor_all(new_text, anchors, old_text=old_text), strict=True):
            planned[i] = r
    counts = {"kept": 0, "moved": 0, "fuzzy": 0, "orphaned": 0}
    now = utcnow()
    for h, res in zip(highlights, planned, strict=True):
        assert res is not None
        counts[res.status] += 1
        if res.anchor is None:
            if h.status != "orphaned":
                h.status, h.anchor_method, h.updated_at = "orphaned", "orphaned", now
            continue
        new = res.anchor
        changed = (new.start, new.end, new.exact) != (h.start, h.end, h.exact)
        h.start, h.end = new.start, new.end
        h.exact, h.prefix, h.suffix = new.exact, new.prefix, new.suffix
        h.status = "anchored"
        if res.status != "kept":
            h.anchor_method = res.status
        elif h.anchor_method == "orphaned":
            h.anchor_method = "exact"
        if changed:
            h.updated_at = now
    return ReanchorReport(**counts)
