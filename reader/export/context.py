"""What a Markdown template sees: plain views of an article and its highlights.

Templates get these instead of the store's records so the documented variables stay stable when
the records change, and so nothing in them varies between runs (no export time, no random order):
that is what makes the same library export byte-identical files.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from reader.store.records import ArticleRecord, HighlightRecord

BLOCK_ID_MIN = 8


def tag_order(tags: tuple[str, ...] | list[str]) -> list[str]:
    """Tags in a stable order whatever the store returns: case-insensitively, then exactly."""
    return sorted(tags, key=lambda t: (t.casefold(), t))


def iso(moment: datetime) -> str:
    """UTC time as ``YYYY-MM-DDTHH:MM:SSZ`` (the store keeps naive UTC)."""
    return moment.replace(microsecond=0).isoformat() + "Z"


@dataclass(frozen=True, slots=True)
class HighlightView:
    """One highlight as templates see it (see the variables in the default template)."""

    id: str
    uid: str
    quote: str
    note: str
    color: str
    tags: list[str]
    start: int
    end: int
    position: int
    status: str
    orphaned: bool
    prefix: str
    suffix: str
    created: str
    created_at: str
    updated_at: str


@dataclass(frozen=True, slots=True)
class ArticleView:
    """The article as templates see it."""

    id: int
    title: str
    author: str | None
    site: str | None
    source: str
    url: str | None
    published: str | None
    language: str | None
    words: int
    sha256: str
    note: str
    tags: list[str]
    highlight_count: int


def block_ids(uids: list[str]) -> dict[str, str]:
    """``h-`` plus the shortest uid prefix (at least 8, growing by 4) unique within the article.

    The longest prefix a uid shares with any other is the one it shares with a neighbour in
    sorted order, so one sort and one look at each neighbour do it (10,000 highlights took 30 s
    when every uid was compared with every other).
    """
    ordered = sorted(set(uids))
    ids: dict[str, str] = {}
    for i, uid in enumerate(ordered):
        shared = max(
            _common_prefix(uid, ordered[i - 1]) if i else 0,
            _common_prefix(uid, ordered[i + 1]) if i + 1 < len(ordered) else 0,
        )
        n = BLOCK_ID_MIN
        while n < len(uid) and n <= shared:
            n += 4
        ids[uid] = "h-" + uid[:n].lower()
    return ids


def _common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


def highlight_view(h: HighlightRecord, block_id: str, text_length: int) -> HighlightView:
    return HighlightView(
        id=block_id,
        uid=h.uid,
        quote=h.exact,
        note=h.note,
        color=h.color,
        tags=tag_order(h.tags),
        start=h.start,
        end=h.end,
        position=min(100, h.start * 100 // text_length) if text_length else 0,
        status=h.status,
        orphaned=h.status == "orphaned",
        prefix=h.prefix,
        suffix=h.suffix,
        created=h.created_at.date().isoformat(),
        created_at=iso(h.created_at),
        updated_at=iso(h.updated_at),
    )


def reading_order(highlights: list[HighlightRecord]) -> list[HighlightRecord]:
    """Anchored highlights by position, orphans after them; uid breaks every tie."""
    return sorted(highlights, key=lambda h: (h.status == "orphaned", h.start, h.end, h.uid))


def template_context(article: ArticleRecord, highlights: list[HighlightRecord]) -> dict[str, Any]:
    """The variables a template is rendered with: ``article``, ``highlights``, ``orphans``."""
    ordered = reading_order(highlights)
    ids = block_ids([h.uid for h in ordered])
    length = len(article.plain_text)
    views = [highlight_view(h, ids[h.uid], length) for h in ordered]
    view = ArticleView(
        id=article.id,
        title=article.title,
        author=article.byline,
        site=article.site,
        source=article.path,
        url=article.url,
        published=article.published,
        language=article.language,
        words=article.words,
        sha256=article.sha256,
        note=article.note,
        tags=tag_order(article.tags),
        highlight_count=len(views),
    )
    return {
        "article": view,
        "highlights": [v for v in views if not v.orphaned],
        "orphans": [v for v in views if v.orphaned],
        "all_highlights": views,
    }
