"""``margin import-annotations``: put a JSON backup's annotations back into a library.

Each article of the backup is matched to a library article by content hash, else by source path
(the same file re-imported into a fresh library, or an edited file). Each highlight is re-anchored
on the article's current text with `reader.anchoring.reanchor`, so a backup also restores onto an
edited article; a passage that is gone is restored as an orphan with its quote and note. Identity
(uid), times, colour, note and tags are kept; highlights already present are matched by uid, so
restoring twice changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from reader.anchoring import Anchor, reanchor
from reader.export.webannotation_read import (
    ArticleGroup,
    BackupHighlightEntry,
    read_backup,
)
from reader.store.backup import ArticleNoteBackup, HighlightBackup, RestoreCounts, restore_article
from reader.store.db import Library
from reader.store.library import find_by_hash_or_path, get_article
from reader.store.models import utcnow


def plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


@dataclass(frozen=True, slots=True)
class ArticleRestoreReport:
    """What happened to one article of the backup."""

    label: str
    annotations: int
    article_id: int | None = None
    title: str | None = None
    counts: RestoreCounts | None = None

    @property
    def matched(self) -> bool:
        return self.article_id is not None

    def describe(self) -> str:
        """The CLI's one line for this article."""
        if self.counts is None:
            return (
                f"unmatched: {self.label}: {plural(self.annotations, 'annotation')}; no article "
                "with this content or source path in the library (import the file, then try again)"
            )
        c = self.counts
        parts = []
        if c.restored:
            extra = f" ({c.orphaned} orphaned)" if c.orphaned else ""
            parts.append(f"{plural(c.restored, 'highlight')} restored{extra}")
        for n, what in (
            (c.updated, "updated"),
            (c.unchanged, "unchanged"),
            (c.kept, "kept (the library's copy is newer)"),
            (c.conflicts, "skipped (their id belongs to another article)"),
        ):
            if n:
                parts.append(f"{n} {what}")
        if c.note:
            parts.append(f"note {c.note}")
        if c.tags_added:
            parts.append(f"{plural(c.tags_added, 'tag')} added")
        changed = c.restored or c.updated or c.note in ("restored", "updated") or c.tags_added
        word = "restored" if changed else "unchanged"
        return f"{word}: #{self.article_id} {self.title}: {', '.join(parts) or 'nothing to do'}"


def _placed(entry: BackupHighlightEntry, text: str) -> HighlightBackup:
    """The backup's highlight on the current text, or as an orphan keeping its quote."""
    start = entry.start if entry.start is not None else -1
    end = entry.end if entry.end is not None else start + len(entry.exact)
    created = entry.created or utcnow().replace(microsecond=0)
    modified = entry.modified or created
    result = reanchor(text, Anchor(start, end, entry.exact, entry.prefix, entry.suffix))
    if result.anchor is not None:
        a = result.anchor
        where = (a.start, a.end, a.exact, a.prefix, a.suffix)
        status, method = "anchored", "exact" if result.status == "kept" else result.status
    else:
        where = (max(start, 0), max(end, 0), entry.exact, entry.prefix, entry.suffix)
        status, method = "orphaned", "orphaned"
    return HighlightBackup(
        entry.uid,
        *where,
        color=entry.color,
        status=status,  # type: ignore[arg-type]
        anchor_method=method,
        note=entry.note,
        tags=entry.tags,
        created_at=created,
        updated_at=modified,
    )


def restore_group(library: Library, group: ArticleGroup) -> ArticleRestoreReport:
    """Restore one article's annotations (one transaction)."""
    count = len(group.highlights) + (group.whole is not None)
    label = group.source.label()
    article_id = find_by_hash_or_path(library, group.source.sha256, group.source.path)
    article = get_article(library, article_id) if article_id is not None else None
    if article is None:
        return ArticleRestoreReport(label, count)
    highlights = [_placed(e, article.plain_text) for e in group.highlights]
    whole = group.whole
    note = (
        ArticleNoteBackup(whole.note, whole.tags, whole.created, whole.modified) if whole else None
    )
    counts = restore_article(library, article.id, highlights, note)
    return ArticleRestoreReport(label, count, article.id, article.title, counts)


def import_annotations(library: Library, path: Path) -> list[ArticleRestoreReport]:
    """Validate the whole backup first (`BackupFormatError`), then restore article by article."""
    return [restore_group(library, group) for group in read_backup(path)]
