"""Services for what the cleaner decided and what a person corrected. One transaction each.

Every article keeps, in `ArticleSource`, its original bytes and the cleaner's own document
before corrections (the *base*: kept and removed blocks, with reasons). The article's shown
document is always ``apply_corrections(base, corrections)``, so:

* a correction (or its undo) rewrites the article from the base without cleaning again, in one
  transaction with the re-anchoring of its highlights (the same rules as a re-import: nothing
  deleted, orphans kept) and the search index (kept by triggers on the article's text);
* a re-import of the file, or a re-clean from the stored source by a newer cleaner, makes a new
  base and the same corrections are applied to it (`store_cleaned`, `corrections_for`).

A correction that agrees with the cleaner is not stored (keeping a block the cleaner keeps says
nothing), so ``corrected`` marks exactly the blocks where the person overrode it.
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from reader.corrections import BlockView, apply_corrections, block_key, block_views
from reader.document import Document
from reader.ingest.pipeline import CleanedFile
from reader.store.annotations import reanchor_highlights
from reader.store.db import Library
from reader.store.models import Article, ArticleSource, Correction, utcnow
from reader.store.records import ReanchorReport


class CleaningError(Exception):
    """A request about an article's blocks or source that cannot be met; says why."""


@dataclass(frozen=True, slots=True)
class ArticleBlocks:
    """Every block of an article as `margin blocks` and the window list them."""

    article_id: int
    title: str
    cleaning: str
    blocks: tuple[BlockView, ...]


@dataclass(frozen=True, slots=True)
class CorrectionChange:
    """What one correction request did: per block key, the action before and after."""

    article_id: int
    before: dict[str, str | None]
    after: dict[str, str | None]
    texts: dict[str, str]
    reanchor: ReanchorReport | None

    @property
    def changed(self) -> bool:
        return self.before != self.after


def _zip(text: str) -> bytes:
    return zlib.compress(text.encode("utf-8"))


def _unzip(data: bytes) -> str:
    return zlib.decompress(data).decode("utf-8")


def _article(session: Session, article_id: int) -> Article:
    article = session.get(Article, article_id)
    if article is None:
        raise CleaningError(f"no article with id {article_id}")
    return article


def _base(article: Article) -> Document:
    """The cleaner's own document; for an article without one, its shown document."""
    source = article.source
    if source is not None and source.base_json:
        return Document.from_json(_unzip(source.base_json))
    return Document.from_json(article.document_json)


def _corrections(session: Session, article_id: int) -> dict[str, str]:
    rows = session.execute(
        select(Correction.key, Correction.action).where(Correction.article_id == article_id)
    )
    return {key: action for key, action in rows}


def corrections_for(session: Session, article_id: int | None) -> dict[str, str]:
    """The corrections to apply when this article is cleaned again (none for a new article)."""
    return {} if article_id is None else _corrections(session, article_id)


def store_cleaned(article: Article, cleaned: CleanedFile) -> None:
    """Keep a cleaned file's source bytes, base document and cleaning state with its article."""
    article.cleaning = cleaned.cleaning
    source = article.source
    if source is None:
        source = ArticleSource(size=0, base_json=b"")
        article.source = source
    source.data = zlib.compress(cleaned.source.data)
    source.size = len(cleaned.source.data)
    source.base_json = _zip(cleaned.base.to_json())


def write_document(
    session: Session, article: Article, doc: Document, html: str | None = None
) -> ReanchorReport | None:
    """Make ``doc`` the article's text (rendered, indexed by triggers) and move its highlights."""
    from reader.sanitize import sanitize_html

    old_text = article.plain_text
    article.title = doc.title
    article.word_count = doc.word_count()
    article.html = html if html is not None else sanitize_html(doc.to_html())
    article.plain_text = doc.plain_text()
    article.document_json = doc.to_json()
    article.updated_at = utcnow()
    if old_text == article.plain_text:
        return None
    report = reanchor_highlights(session, article, old_text)
    if article.reading_position > len(article.plain_text):
        article.reading_position = 0
    return report


def list_blocks(library: Library, article_id: int) -> ArticleBlocks:
    with library.read() as session:
        article = _article(session, article_id)
        doc = Document.from_json(article.document_json)
        views = block_views(doc, _corrections(session, article_id))
        return ArticleBlocks(article_id, article.title, article.cleaning, tuple(views))


def correct_blocks(
    library: Library, article_id: int, indices: Sequence[int], action: str
) -> CorrectionChange:
    """``keep`` or ``drop`` the blocks at these indices (of `list_blocks`), in one transaction."""
    with library.write() as session:
        article = _article(session, article_id)
        entries = Document.from_json(article.document_json).entries()
        bad = [i for i in indices if not 0 <= i < len(entries)]
        if bad:
            raise CleaningError(
                f"article {article_id} has blocks 0-{len(entries) - 1}; no block {bad[0]}"
                " (see `margin blocks`)"
            )
        wanted = {block_key(entries[i].block): (action, entries[i].block.text) for i in indices}
        return _set(session, article, wanted)


def set_correction(
    library: Library, article_id: int, key: str, text: str, action: str | None
) -> CorrectionChange:
    """Set one block's correction by content (``None``: the cleaner decides again)."""
    return set_corrections(library, article_id, {key: (action, text)})


def set_corrections(
    library: Library, article_id: int, wanted: dict[str, tuple[str | None, str]]
) -> CorrectionChange:
    """Set several blocks' corrections at once: block key -> (action or None, block text)."""
    with library.write() as session:
        return _set(session, _article(session, article_id), wanted)


def _set(
    session: Session, article: Article, wanted: dict[str, tuple[str | None, str]]
) -> CorrectionChange:
    if any(action not in (None, "keep", "drop") for action, _ in wanted.values()):
        raise CleaningError("a correction is 'keep' or 'drop'")
    base = _base(article)
    base_kept = {block_key(e.block): e.kept for e in base.entries()}
    rows = {
        c.key: c
        for c in session.scalars(
            select(Correction).where(
                Correction.article_id == article.id, Correction.key.in_(list(wanted))
            )
        )
    }
    before = {key: (rows[key].action if key in rows else None) for key in wanted}
    after: dict[str, str | None] = {}
    for key, (action, text) in wanted.items():
        agrees = action is not None and base_kept.get(key) == (action == "keep")
        row = rows.get(key)
        if action is None or agrees:
            if row is not None:
                session.delete(row)
            after[key] = None
        elif row is None:
            session.add(Correction(article_id=article.id, key=key, action=action, text=text))
            after[key] = action
        else:
            row.action, row.text, row.created_at = action, text, utcnow()
            after[key] = action
    session.flush()
    report = None
    if before != after:
        doc = apply_corrections(base, _corrections(session, article.id))
        report = write_document(session, article, doc)
    texts = {key: text for key, (_action, text) in wanted.items()}
    return CorrectionChange(article.id, before, after, texts, report)


def source_of(library: Library, article_id: int) -> tuple[bytes, str]:
    """The article's original bytes and format; `CleaningError` when no source was kept."""
    with library.read() as session:
        article = _article(session, article_id)
        source = article.source
        if source is None or source.data is None:
            raise CleaningError(
                f"article {article_id} has no stored source: it was imported before Margin kept "
                f"sources, and its file ({article.source_path}) has changed or is gone"
            )
        return zlib.decompress(source.data), article.format


def original_text(library: Library, article_id: int) -> str:
    """The article's source as it was, as readable text (`reader.ingest.original`)."""
    from reader.ingest.original import original_text as readable

    data, fmt = source_of(library, article_id)
    return readable(data, fmt)


@dataclass(frozen=True, slots=True)
class Recleaned:
    article_id: int
    title: str
    reanchor: ReanchorReport | None


def outdated_with_source(library: Library) -> list[int]:
    """Articles cleaned by an older cleaner whose source is stored (what `reclean` redoes)."""
    from reader.ingest.pipeline import CLEANER_VERSION

    with library.read() as session:
        rows = session.execute(
            select(Article.id)
            .join(ArticleSource, ArticleSource.article_id == Article.id)
            .where(Article.cleaner_version < CLEANER_VERSION, ArticleSource.data.is_not(None))
            .order_by(Article.id)
        )
        return [row[0] for row in rows]


def reclean(library: Library, article_id: int) -> Recleaned:
    """Clean an article again from its stored source with today's cleaner, corrections applied;
    its file is not needed. Highlights re-anchor as on a re-import."""
    from pathlib import Path

    from reader.ingest import IngestError, SourceFile, clean_source
    from reader.ingest.pipeline import CLEANER_VERSION

    data, _fmt = source_of(library, article_id)
    with library.read() as session:
        article = _article(session, article_id)
        source = SourceFile(Path(article.source_path), data, article.sha256, article.source_mtime)
        corrections = _corrections(session, article_id)
    try:
        cleaned = clean_source(source, corrections)
    except IngestError as exc:
        raise CleaningError(f"article {article_id}: {exc}") from exc
    with library.write() as session:
        article = _article(session, article_id)
        doc = cleaned.document
        article.format, article.encoding = cleaned.format, cleaned.encoding
        article.byline, article.site, article.url = doc.byline, doc.site, doc.url
        article.published, article.language = doc.published, doc.language
        article.cleaner_version = CLEANER_VERSION
        store_cleaned(article, cleaned)
        report = write_document(session, article, doc, cleaned.html)
        return Recleaned(article_id, article.title, report)
