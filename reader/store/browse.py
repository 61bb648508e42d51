"""Every highlight of the library in one list, and the tags with their counts.

The Highlights view and ``margin highlights --all`` list highlights across articles, filtered
by colour, tag and words and ordered newest first or by article. A library can hold 100,000
highlights, so the view asks for the ordered ids first (`highlight_ids`, one indexed query)
and reads the rows it shows in pages (`highlight_items`); the CLI reads them all.

A tag filter is strict: a highlight matches ``travel`` if it carries that tag itself, which is
also what the tag list counts. Words are matched by the search index (quote, tags or the
highlight's note), with the same query language as search.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from reader.search.fts import plan
from reader.search.query import parse_query
from reader.store.annotations import _record, normalize_color
from reader.store.db import Library
from reader.store.models import Article, Highlight
from reader.store.records import HighlightRecord

HighlightOrder = Literal["newest", "article"]
_ORDERS: dict[str, str] = {
    "newest": "h.created_at DESC, h.id DESC",
    "article": "lower(a.title), a.id, h.status = 'orphaned', h.start, h.id",
}


@dataclass(frozen=True, slots=True)
class LibraryHighlight:
    """A highlight with the title of its article, for lists that span the library."""

    highlight: HighlightRecord
    article_title: str


@dataclass(frozen=True, slots=True)
class TagCount:
    name: str
    articles: int
    highlights: int

    @property
    def total(self) -> int:
        return self.articles + self.highlights


def highlight_ids(
    library: Library,
    *,
    color: str | None = None,
    tag: str | None = None,
    text: str | None = None,
    order: HighlightOrder = "newest",
    live: bool = False,
) -> list[int]:
    """Ids of the highlights that pass the filters, in display order."""
    conditions: list[str] = []
    params: list[Any] = []
    if color:
        conditions.append("h.color = ?")
        params.append(normalize_color(color))
    if tag:
        conditions.append(
            "EXISTS (SELECT 1 FROM highlight_tags y JOIN tags t ON t.id = y.tag_id "
            "WHERE y.highlight_id = h.id AND t.name = ?)"
        )
        params.append(" ".join(tag.strip().lstrip("#").split()))
    if text and text.strip():
        words_sql, words_params = _text_condition(text, live)
        if words_sql is None:
            return []
        conditions.append(words_sql)
        params += words_params
    where = f"WHERE {' AND '.join(conditions)}" if conditions else ""
    sql = (
        f"SELECT h.id FROM highlights h JOIN articles a ON a.id = h.article_id {where} "
        f"ORDER BY {_ORDERS.get(order, _ORDERS['newest'])}"
    )
    with library.read() as session:
        conn = session.connection().connection.driver_connection
        assert conn is not None
        return [r[0] for r in conn.execute(sql, params)]


def _text_condition(text: str, live: bool) -> tuple[str | None, list[Any]]:
    """Highlights whose quote, tags or note contain every word of ``text`` (and none of the
    ``-excluded`` ones); None when ``text`` has nothing to match."""
    match = plan(parse_query(text, live=live))
    matching = (
        "(h.id IN (SELECT rowid FROM highlights_fts WHERE highlights_fts MATCH ?) "
        "OR h.id IN (SELECT n.highlight_id FROM notes n WHERE n.id IN "
        "(SELECT rowid FROM notes_fts WHERE notes_fts MATCH ?)))"
    )
    if match.expression is not None:
        return matching, [match.expression, match.expression]
    if match.excluded is not None:
        return f"NOT {matching}", [match.excluded, match.excluded]
    return None, []


def highlight_items(library: Library, ids: Sequence[int]) -> list[LibraryHighlight]:
    """The highlights with these ids, in the order given (missing ones are left out)."""
    found: dict[int, LibraryHighlight] = {}
    with library.read() as session:
        for start in range(0, len(ids), 500):
            chunk = list(ids[start : start + 500])
            rows = session.scalars(
                select(Highlight)
                .where(Highlight.id.in_(chunk))
                .options(
                    selectinload(Highlight.tags),
                    selectinload(Highlight.note),
                    selectinload(Highlight.article).load_only(Article.title),
                )
            )
            for h in rows:
                found[h.id] = LibraryHighlight(_record(h), h.article.title)
    return [found[i] for i in ids if i in found]


def all_highlights(
    library: Library,
    *,
    color: str | None = None,
    tag: str | None = None,
    text: str | None = None,
    order: HighlightOrder = "newest",
) -> list[LibraryHighlight]:
    ids = highlight_ids(library, color=color, tag=tag, text=text, order=order)
    return highlight_items(library, ids)


def tag_counts(library: Library) -> list[TagCount]:
    """Every tag in use, with how many articles and highlights carry it, by name."""
    sql = (
        "SELECT t.name, "
        "(SELECT count(*) FROM article_tags x WHERE x.tag_id = t.id), "
        "(SELECT count(*) FROM highlight_tags y WHERE y.tag_id = t.id) "
        "FROM tags t ORDER BY t.name COLLATE NOCASE"
    )
    with library.read() as session:
        conn = session.connection().connection.driver_connection
        assert conn is not None
        rows = conn.execute(sql).fetchall()
    return [TagCount(name, a, h) for name, a, h in rows if a or h]


def colors_in_use(library: Library) -> dict[str, int]:
    with library.read() as session:
        conn = session.connection().connection.driver_connection
        assert conn is not None
        rows: Iterable[tuple[str, int]] = conn.execute(
            "SELECT color, count(*) FROM highlights GROUP BY color"
        ).fetchall()
    return dict(rows)
