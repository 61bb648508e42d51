"""Plain, immutable records that services return: safe to pass between threads and to the UI.

ORM objects stay inside a service's session; everything that crosses that line is one of these.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from reader.display import one_line

COLORS: tuple[str, ...] = ("yellow", "green", "blue", "pink", "purple")
ImportStatus = Literal["imported", "updated", "unchanged", "failed"]
HighlightStatus = Literal["anchored", "orphaned"]


@dataclass(frozen=True, slots=True)
class ArticleSummary:
    """What the library list shows: metadata only, never the body."""

    id: int
    title: str
    site: str | None
    byline: str | None
    published: str | None
    words: int
    highlights: int
    added_at: datetime
    updated_at: datetime
    path: str
    format: str
    cleaning: str = "cleaned"  # "none": the cleaner was clearly wrong; all the text is kept


@dataclass(frozen=True, slots=True)
class ArticleRecord:
    """One article with its body, for the reader view, `margin show` and export."""

    id: int
    title: str
    site: str | None
    byline: str | None
    published: str | None
    url: str | None
    language: str | None
    words: int
    path: str
    sha256: str
    format: str
    encoding: str
    html: str
    plain_text: str
    document_json: str
    reading_position: int
    note: str
    tags: tuple[str, ...]
    added_at: datetime
    updated_at: datetime
    cleaning: str = "cleaned"


@dataclass(frozen=True, slots=True)
class HighlightRecord:
    id: int
    uid: str
    article_id: int
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
class ReanchorReport:
    """What happened to an article's highlights when its text changed."""

    kept: int = 0
    moved: int = 0
    fuzzy: int = 0
    orphaned: int = 0

    @property
    def total(self) -> int:
        return self.kept + self.moved + self.fuzzy + self.orphaned

    def describe(self) -> str:
        parts = [
            f"{n} {label}"
            for label, n in (
                ("kept", self.kept),
                ("moved", self.moved),
                ("fuzzy", self.fuzzy),
                ("orphaned", self.orphaned),
            )
            if n
        ]
        return "highlights: " + ", ".join(parts) if parts else ""


@dataclass(frozen=True, slots=True)
class ImportResult:
    path: str
    status: ImportStatus
    article_id: int | None = None
    title: str | None = None
    reason: str | None = None
    detail: str | None = None
    reanchor: ReanchorReport | None = None

    def describe(self) -> str:
        """The CLI's one line for this file (a line break in a file name is shown as ``\\n``)."""
        if self.status == "failed":
            return one_line(f"failed: {self.path}: {self.reason}")
        extra = [x for x in (self.detail, self.reanchor.describe() if self.reanchor else "") if x]
        tail = f" ({'; '.join(extra)})" if extra else ""
        return one_line(f"{self.status}: {self.path} -> #{self.article_id} {self.title}{tail}")


@dataclass(frozen=True, slots=True)
class RemovalImpact:
    """What removing an article takes with it; the window asks before doing it."""

    article_id: int
    title: str
    highlights: int
    notes: int


SearchKind = Literal["article", "highlight", "note"]


@dataclass(frozen=True, slots=True)
class SearchResult:
    """One search result: an article, a highlight, or a note (on an article or a highlight).

    ``snippet`` is one line of context and ``marks`` the spans of it that matched; ``start``
    and ``end`` say where in the article's plain text to open (a highlight's passage).
    """

    kind: SearchKind
    article_id: int
    title: str
    snippet: str
    marks: tuple[tuple[int, int], ...] = ()
    highlight_id: int | None = None
    note_id: int | None = None
    color: str | None = None
    start: int | None = None
    end: int | None = None
    score: float = 0.0


@dataclass(frozen=True, slots=True)
class SearchResults:
    """Results grouped by kind, each group best first, and what the query parser warned."""

    articles: tuple[SearchResult, ...] = ()
    highlights: tuple[SearchResult, ...] = ()
    notes: tuple[SearchResult, ...] = ()
    warnings: tuple[str, ...] = ()

    def __len__(self) -> int:
        return len(self.articles) + len(self.highlights) + len(self.notes)

    def merged(self, limit: int | None = None) -> list[SearchResult]:
        """All kinds in one list, best first (BM25 ranks; by date when only filters)."""
        rows = sorted([*self.articles, *self.highlights, *self.notes], key=lambda r: r.score)
        return rows[:limit] if limit is not None else rows
