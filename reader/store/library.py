"""Library services: import, list, read, remove articles. One transaction per user action.

Import is split so the slow part never holds the write lock: reading and cleaning a file happen
outside any transaction; then one short ``BEGIN IMMEDIATE`` transaction decides insert / update /
no-op against the current state and writes the article, its search index (triggers) and the
re-anchored highlights together. A failure at any point leaves the library as it was.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import datetime
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from reader.config import Limits
from reader.ingest import CleanedFile, IngestError, SourceFile, clean_source, iter_files
from reader.ingest.pipeline import CLEANER_VERSION, read_source
from reader.store.annotations import article_note, reanchor_highlights
from reader.store.cleaning import corrections_for, store_cleaned
from reader.store.db import Library
from reader.store.models import Article, Highlight, Note, utcnow
from reader.store.records import (
    ArticleRecord,
    ArticleSummary,
    ImportResult,
    RemovalImpact,
)


def _find(session: Session, source: SourceFile) -> tuple[Article | None, Article | None]:
    by_hash = session.scalars(select(Article).where(Article.sha256 == source.sha256)).first()
    by_path = session.scalars(
        select(Article)
        .where(Article.source_path == str(source.path.resolve()))
        .order_by(Article.id)
    ).first()
    return by_hash, by_path


def _apply(article: Article, cleaned: CleanedFile) -> None:
    doc = cleaned.document
    src = cleaned.source
    article.source_path = str(src.path.resolve())
    article.sha256 = src.sha256
    article.source_size = len(src.data)
    article.source_mtime = src.mtime
    article.format = cleaned.format
    article.encoding = cleaned.encoding
    article.title = doc.title
    article.byline = doc.byline
    article.site = doc.site
    article.url = doc.url
    article.published = doc.published
    article.language = doc.language
    article.word_count = doc.word_count()
    article.html = cleaned.html
    article.plain_text = cleaned.plain_text
    article.document_json = doc.to_json()
    article.cleaner_version = CLEANER_VERSION
    article.updated_at = utcnow()


def _store(article: Article, cleaned: CleanedFile) -> None:
    _apply(article, cleaned)
    store_cleaned(article, cleaned)


def import_file(library: Library, path: Path, limits: Limits | None = None) -> ImportResult:
    """Import one file in its own transaction; never raises for bad input, reports it instead."""
    shown = str(path)
    try:
        source = read_source(path, limits)
    except IngestError as exc:
        return ImportResult(shown, "failed", reason=str(exc))

    with library.read() as session:
        by_hash, by_path = _find(session, source)
        up_to_date = by_hash is not None and by_hash.cleaner_version >= CLEANER_VERSION
        known_id = by_hash.id if by_hash is not None else None
        existing_id = (by_hash or by_path).id if (by_hash or by_path) is not None else None
        corrections = corrections_for(session, existing_id)
    if up_to_date and known_id is not None:
        return _unchanged(library, known_id, source)

    try:
        cleaned = clean_source(source, corrections, limits=limits)
    except IngestError as exc:
        return ImportResult(shown, "failed", reason=str(exc))
    except Exception as exc:  # a cleaner bug must not stop the batch
        return ImportResult(shown, "failed", reason=f"internal error while cleaning: {exc!r}")

    # Re-anchoring is planned before the write transaction (see reader.store.reanchoring).
    plan = None
    if existing_id is not None:
        from reader.store.reanchoring import plan_reanchor

        plan = plan_reanchor(library, existing_id, cleaned.plain_text)

    with library.write() as session:
        by_hash, by_path = _find(session, source)
        target = by_hash or by_path
        if target is None:
            article = Article(added_at=utcnow(), reading_position=0)
            session.add(article)
            _store(article, cleaned)
            session.flush()
            return ImportResult(shown, "imported", article.id, article.title, detail=cleaned.note)
        old_text = target.plain_text
        _store(target, cleaned)
        report = None
        if old_text != target.plain_text:
            report = reanchor_highlights(session, target, old_text, plan)
            if target.reading_position > len(target.plain_text):
                target.reading_position = 0
        session.flush()
        return ImportResult(
            shown, "updated", target.id, target.title, detail=cleaned.note, reanchor=report
        )


def _unchanged(library: Library, article_id: int, source: SourceFile) -> ImportResult:
    """Same bytes as a stored article: nothing to clean; write only a moved path or new mtime."""
    new_path = str(source.path.resolve())
    shown = str(source.path)
    with library.read() as session:
        article = session.get(Article, article_id)
        if article is None:  # removed meanwhile
            return ImportResult(shown, "failed", reason="article was removed meanwhile; try again")
        title, old_path, old_mtime = article.title, article.source_path, article.source_mtime
    if (old_path, old_mtime) == (new_path, source.mtime):
        return ImportResult(shown, "unchanged", article_id, title)
    with library.write() as session:
        article = session.get(Article, article_id)
        if article is None:
            return ImportResult(shown, "failed", reason="article was removed meanwhile; try again")
        article.source_path, article.source_mtime = new_path, source.mtime
    detail = None
    if old_path != new_path:
        detail = f"same content as before, path updated from {old_path}"
    return ImportResult(shown, "unchanged", article_id, title, detail=detail)


def import_paths(
    library: Library,
    paths: Iterable[Path],
    limits: Limits | None = None,
    *,
    supported_only: bool = False,
    cancelled: Callable[[], bool] = lambda: False,
) -> Iterator[ImportResult]:
    """Import files and folders one by one, yielding each result as it is known."""
    for path in iter_files([Path(p) for p in paths], supported_only=supported_only):
        if cancelled():
            return
        yield import_file(library, path, limits)


# -- reading ----------------------------------------------------------------------------------

_SORTS = {
    "added": Article.added_at.desc(),
    "title": func.lower(Article.title),
    "words": Article.word_count.desc(),
    "updated": Article.updated_at.desc(),
}


def _highlight_counts():  # type: ignore[no-untyped-def]
    """Anchored highlights per article: orphans are listed apart, as in the highlights panel."""
    return (
        select(Highlight.article_id, func.count(Highlight.id).label("n"))
        .where(Highlight.status == "anchored")
        .group_by(Highlight.article_id)
        .subquery()
    )


def _summary_select():  # type: ignore[no-untyped-def]
    counts = _highlight_counts()
    stmt = select(
        Article.id,
        Article.title,
        Article.site,
        Article.byline,
        Article.published,
        Article.word_count,
        func.coalesce(counts.c.n, 0),
        Article.added_at,
        Article.updated_at,
        Article.source_path,
        Article.format,
        Article.cleaning,
    ).outerjoin(counts, counts.c.article_id == Article.id)
    return stmt


def _summary(row: tuple) -> ArticleSummary:  # type: ignore[type-arg]
    return ArticleSummary(*row)


def list_articles(
    library: Library, *, sort: str = "added", ids: Iterable[int] | None = None
) -> list[ArticleSummary]:
    """Metadata of every article (or of ``ids``), without loading any article body."""
    stmt = _summary_select().order_by(_SORTS.get(sort, _SORTS["added"]), Article.id)
    if ids is not None:
        stmt = stmt.where(Article.id.in_(list(ids)))
    with library.read() as session:
        return [_summary(tuple(row)) for row in session.execute(stmt)]


def get_summary(library: Library, article_id: int) -> ArticleSummary | None:
    with library.read() as session:
        row = session.execute(_summary_select().where(Article.id == article_id)).first()
        return _summary(tuple(row)) if row else None


def get_article(library: Library, article_id: int) -> ArticleRecord | None:
    with library.read() as session:
        a = session.get(Article, article_id)
        if a is None:
            return None
        return ArticleRecord(
            id=a.id,
            title=a.title,
            site=a.site,
            byline=a.byline,
            published=a.published,
            url=a.url,
            language=a.language,
            words=a.word_count,
            path=a.source_path,
            sha256=a.sha256,
            format=a.format,
            encoding=a.encoding,
            html=a.html,
            plain_text=a.plain_text,
            document_json=a.document_json,
            reading_position=a.reading_position,
            cleaning=a.cleaning,
            note=article_note(session, a.id),
            tags=tuple(sorted(t.name for t in a.tags)),
            added_at=a.added_at,
            updated_at=a.updated_at,
        )


def find_by_hash_or_path(library: Library, sha256: str | None, path: str | None) -> int | None:
    """The article with this content hash, else at this source path (annotation restore)."""
    with library.read() as session:
        if sha256:
            found = session.scalar(select(Article.id).where(Article.sha256 == sha256))
            if found is not None:
                return found
        if path:
            return session.scalar(select(Article.id).where(Article.source_path == path))
    return None


def article_ids(library: Library) -> list[int]:
    """Every article's id, newest first (the order of ``margin list``)."""
    with library.read() as session:
        return list(session.scalars(select(Article.id).order_by(_SORTS["added"], Article.id)))


def article_count(library: Library) -> int:
    with library.read() as session:
        return session.scalar(select(func.count(Article.id))) or 0


def removal_impact(library: Library, article_id: int) -> RemovalImpact | None:
    with library.read() as session:
        a = session.get(Article, article_id)
        if a is None:
            return None
        hl_ids = select(Highlight.id).where(Highlight.article_id == article_id)
        n_high = session.scalar(select(func.count()).select_from(hl_ids.subquery())) or 0
        n_notes = (
            session.scalar(
                select(func.count(Note.id)).where(
                    (Note.article_id == article_id) | Note.highlight_id.in_(hl_ids)
                )
            )
            or 0
        )
        return RemovalImpact(article_id, a.title, n_high, n_notes)


def remove_article(library: Library, article_id: int) -> bool:
    """Delete an article with its highlights, notes and tag links (cascades)."""
    with library.write() as session:
        a = session.get(Article, article_id)
        if a is None:
            return False
        session.delete(a)
        return True


def set_reading_position(library: Library, article_id: int, position: int) -> None:
    with library.write() as session:
        a = session.get(Article, article_id)
        if a is not None:
            a.reading_position = max(0, min(int(position), len(a.plain_text)))


def mark_opened(library: Library, article_id: int, when: datetime | None = None) -> None:
    with library.write() as session:
        a = session.get(Article, article_id)
        if a is not None:
            a.opened_at = when or utcnow()


def set_article_tags(library: Library, article_id: int, names: Iterable[str]) -> tuple[str, ...]:
    from reader.store.annotations import get_or_create_tags

    with library.write() as session:
        a = session.get(Article, article_id)
        if a is None:
            raise KeyError(article_id)
        a.tags = get_or_create_tags(session, names)
        return tuple(sorted(t.name for t in a.tags))
