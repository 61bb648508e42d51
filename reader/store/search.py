"""Library-wide search over articles, highlights and notes (SQLite FTS5, kept by triggers).

`search` parses what a person typed (`reader.search.query`), turns it into one FTS5 expression
that is always valid (`reader.search.fts`) and runs one statement per kind of result:

- terms drive the query from the kind's index (``articles_fts``, ``highlights_fts``,
  ``notes_fts``), ranked by BM25 (``ORDER BY rank``, weights set in migration 0003), with
  FTS5's ``snippet()``; Chinese, Japanese or Thai text matches the index's ``grams`` column,
  and its snippet is cut in Python, as is any snippet in which FTS5 marked nothing;
- filters alone (``tag:travel``, ``color:green``) list the newest first.

The FTS table is the outer loop (``CROSS JOIN``) so that FTS5 returns rows in rank order and
``snippet()`` runs only for the rows kept. Statements go through the driver connection with
positional parameters: this runs on every keystroke in the window.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from reader.search import snippets
from reader.search.fts import MatchPlan, plan
from reader.search.query import Query, parse_query
from reader.store.db import Library
from reader.store.records import SearchKind, SearchResult, SearchResults

SNIPPET_TOKENS = 14
LONG_WORDS = 20_000  # longer articles get their snippet cut in Python (see `_run`)
# What the window shows of each kind: about a screenful (every result needs a snippet, and an
# article's snippet reads the whole article), or more when the query asks for one kind.
SHOWN: dict[SearchKind, int] = {"article": 10, "highlight": 20, "note": 20}
SHOWN_ONE_KIND = 100
Limit = int | Mapping[str, int]


def shown_limits(query: Query) -> dict[SearchKind, int]:
    """How many results of each kind the window asks for ``query``."""
    if len(query.kinds) == 1:
        return dict.fromkeys(SHOWN, SHOWN_ONE_KIND)
    return dict(SHOWN)


@dataclass(frozen=True, slots=True)
class _Kind:
    name: SearchKind
    table: str  # base table; its index is <table>_fts
    alias: str  # the base table's alias in the statement
    joins: str  # joins from the base table to `a` (articles) and, if any, `h` (highlights)
    columns: str  # article_id, title, highlight_id, note_id, color, start, end
    text: str  # the indexed text, read only when the snippet is cut in Python
    newest: str  # order when only filters apply
    snippet_column: int
    # Long texts: FTS5's snippet() and highlight() took seconds for a word found 10,000 times
    # in a 1 MB article; their snippets are cut in Python (one regular expression pass).
    long_text: bool = False


KINDS: dict[SearchKind, _Kind] = {
    "article": _Kind(
        "article",
        "articles",
        "a",
        "",
        "a.id, a.title, NULL, NULL, NULL, NULL, NULL",
        "a.plain_text",
        "a.added_at",
        1,
        long_text=True,
    ),
    "highlight": _Kind(
        "highlight",
        "highlights",
        "h",
        "JOIN articles a ON a.id = h.article_id",
        "a.id, a.title, h.id, NULL, h.color, h.start, h.end",
        "h.exact",
        "h.created_at",
        0,
    ),
    "note": _Kind(
        "note",
        "notes",
        "n",
        "LEFT JOIN highlights h ON h.id = n.highlight_id "
        "JOIN articles a ON a.id = coalesce(n.article_id, h.article_id)",
        "a.id, a.title, h.id, n.id, h.color, h.start, h.end",
        "n.body",
        "n.updated_at",
        0,
    ),
}


def search(
    library: Library, query: str | Query, *, limit: Limit = 50, live: bool = False
) -> SearchResults:
    """Up to ``limit`` results of each kind the query asks for (a number, or one per kind);
    nothing for an empty query."""
    q = parse_query(query, live=live) if isinstance(query, str) else query
    match = plan(q)
    if q.is_empty or not (match.has_positive or match.excluded or q.has_filters):
        return SearchResults(warnings=q.warnings)
    found: dict[str, tuple[SearchResult, ...]] = {}
    with library.read() as session:
        conn = session.connection().connection.driver_connection
        assert conn is not None
        for name, kind in KINDS.items():
            if name in q.kinds:
                n = limit if isinstance(limit, int) else limit.get(name, 0)
                found[name] = tuple(_run(conn, kind, q, match, n))
    return SearchResults(
        articles=found.get("article", ()),
        highlights=found.get("highlight", ()),
        notes=found.get("note", ()),
        warnings=q.warnings,
    )


def _run(conn: Any, kind: _Kind, q: Query, match: MatchPlan, limit: int) -> list[SearchResult]:
    where, filter_params = _filters(kind, q)
    if where is None:
        return []
    t, alias = kind.table, kind.alias
    base = f"{t} {alias} {kind.joins}"
    lead: list[object] = []  # parameters of the selected columns
    match_params: list[object] = []
    # Selected before the kind's columns: rank, FTS5 snippet, date (filters only), text to cut a
    # snippet from in Python, and where that text starts in the whole text.
    if match.expression is not None:
        # FTS5 returns the rows in rank order, so snippets are made for the rows kept only.
        source = f"{t}_fts CROSS JOIN {base}"
        conditions = [f"{alias}.id = {t}_fts.rowid", f"{t}_fts MATCH ?"]
        match_params.append(match.expression)
        snippet = f"snippet({t}_fts, {kind.snippet_column}, ?, ?, ?, ?)"
        fts_lead = [snippets.OPEN, snippets.CLOSE, snippets.ELLIPSIS, SNIPPET_TOKENS]
        if match.words and not kind.long_text:
            select = f"{t}_fts.rank, {snippet}, NULL, NULL, 0"
            lead = fts_lead
        elif match.words:
            # snippet() compares every match with every other: seconds for a common word in a
            # 1 MB article. Such articles are cut in Python (one regular expression pass).
            select = (
                f"{t}_fts.rank, CASE WHEN a.word_count <= ? THEN {snippet} END, NULL, "
                f"CASE WHEN a.word_count > ? THEN {kind.text} END, 0"
            )
            lead = [LONG_WORDS, *fts_lead, LONG_WORDS]
        else:  # only text without spaces: FTS5 would mark character pairs; cut it in Python
            where_at = f"instr({kind.text}, ?)"
            select = (
                f"{t}_fts.rank, NULL, NULL, substr({kind.text}, max(1, {where_at} - 60), 400), "
                f"max(0, {where_at} - 61)"
            )
            lead = [match.needles[0], match.needles[0]]
        order = f"{t}_fts.rank"
    else:  # filters (and exclusions) only: newest first
        source, conditions = base, []
        select = f"0.0, NULL, {kind.newest}, substr({kind.text}, 1, 400), 0"
        order = f"{kind.newest} DESC, {alias}.id DESC"
        if match.excluded is not None:
            conditions.append(
                f"{alias}.id NOT IN (SELECT rowid FROM {t}_fts WHERE {t}_fts MATCH ?)"
            )
            match_params.append(match.excluded)
    conditions += where
    sql = (
        f"SELECT {select}, {kind.columns} FROM {source} "
        f"{'WHERE ' + ' AND '.join(conditions) if conditions else ''} "
        f"ORDER BY {order} LIMIT ?"
    )
    rows = conn.execute(sql, [*lead, *match_params, *filter_params, limit]).fetchall()
    results = [_result(kind, row, match) for row in rows]
    if match.has_positive:
        _mark_in_python(conn, kind, results, match)
    return results


def _mark_in_python(conn: Any, kind: _Kind, results: list[SearchResult], match: MatchPlan) -> None:
    """Snippets in which FTS5 marked nothing (the match was in the tags, or in Latin letters
    written against Japanese): cut again around what the terms find in the text."""
    unmarked = [i for i, r in enumerate(results) if not r.marks]
    if not unmarked:
        return
    ids = [_own_id(kind, results[i]) for i in unmarked]
    sql = (
        f"SELECT {kind.alias}.id, {kind.text} FROM {kind.table} {kind.alias} "
        f"WHERE {kind.alias}.id IN ({', '.join('?' * len(ids))})"
    )
    texts = dict(conn.execute(sql, ids).fetchall())
    for i, own in zip(unmarked, ids, strict=True):
        text = texts.get(own, "")
        snippet, marks = snippets.window(
            text, snippets.spans(text, match.word_terms, match.needles)
        )
        if kind.name == "article":
            snippet, marks = snippets.without_title(snippet, marks, results[i].title)
        if marks:
            results[i] = replace(results[i], snippet=snippet, marks=marks)


def _own_id(kind: _Kind, r: SearchResult) -> int:
    value = {"article": r.article_id, "highlight": r.highlight_id, "note": r.note_id}[kind.name]
    assert value is not None
    return value


def _tagged(kind: _Kind) -> tuple[str, int]:
    """SQL true when the result carries tag ``?`` (a note: when its article or highlight does),
    and how many times the statement needs the tag as a parameter."""
    article = (
        "EXISTS (SELECT 1 FROM article_tags x JOIN tags t ON t.id = x.tag_id "
        "WHERE x.article_id = a.id AND t.name = ?)"
    )
    highlight = (
        "EXISTS (SELECT 1 FROM highlight_tags y JOIN tags u ON u.id = y.tag_id "
        "WHERE y.highlight_id = h.id AND u.name = ?)"
    )
    if kind.name == "article":
        return article, 1
    if kind.name == "highlight":
        return highlight, 1
    return f"(CASE WHEN h.id IS NULL THEN {article} ELSE {highlight} END)", 2


def _like(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _filters(kind: _Kind, q: Query) -> tuple[list[str] | None, list[str]]:
    """The filters' conditions and parameters; None when no result of this kind can match."""
    sql: list[str] = []
    params: list[str] = []
    if q.colors:
        if kind.name == "article":
            return None, []
        sql.append(f"h.color IN ({', '.join('?' * len(q.colors))})")
        params += q.colors
    if q.not_colors:
        sql.append(f"(h.id IS NULL OR h.color NOT IN ({', '.join('?' * len(q.not_colors))}))")
        if kind.name == "article":
            sql.pop()
        else:
            params += q.not_colors
    tagged, uses = _tagged(kind)
    for tag in q.tags:
        sql.append(tagged)
        params += [tag] * uses
    for tag in q.not_tags:
        sql.append(f"NOT {tagged}")
        params += [tag] * uses
    site = (
        "(lower(coalesce(a.site, '')) LIKE ? ESCAPE '\\' "
        "OR lower(coalesce(a.url, '')) LIKE ? ESCAPE '\\')"
    )
    if q.sites:
        sql.append("(" + " OR ".join([site] * len(q.sites)) + ")")
        for s in q.sites:
            params += [_like(s), _like(s)]
    for s in q.not_sites:
        sql.append(f"NOT {site}")
        params += [_like(s), _like(s)]
    return sql, params


def _result(kind: _Kind, row: tuple[Any, ...], match: MatchPlan) -> SearchResult:
    score, raw_snippet, date, text, offset = row[:5]
    article_id, title, highlight_id, note_id, color, start, end = row[5:]
    if raw_snippet is not None:
        snippet, marks = snippets.from_fts(raw_snippet)
    elif text is not None and match.has_positive:
        found = snippets.spans(text, match.word_terms, match.needles)
        snippet, marks = snippets.window(text, found)
        if offset and not snippet.startswith(snippets.ELLIPSIS):
            snippet, marks = snippets.ELLIPSIS + snippet, tuple((s + 1, e + 1) for s, e in marks)
    else:
        snippet, marks = snippets.head(_body(kind, text or "", title))
    if kind.name == "article":
        snippet, marks = snippets.without_title(snippet, marks, title)
    if date is not None:  # filters only: newest first
        score = -_timestamp(date)
    return SearchResult(
        kind=kind.name,
        article_id=article_id,
        title=title,
        snippet=snippet,
        marks=marks,
        highlight_id=highlight_id,
        note_id=note_id,
        color=color,
        start=start,
        end=end,
        score=float(score or 0.0),
    )


def _body(kind: _Kind, text: str, title: str) -> str:
    """An article's text after its title (the plain text starts with the title)."""
    if kind.name == "article" and text.startswith(title):
        return text[len(title) :].lstrip()
    return text


def _timestamp(value: Any) -> float:
    from datetime import datetime

    if isinstance(value, datetime):
        return value.timestamp()
    try:
        return datetime.fromisoformat(str(value)).timestamp()
    except ValueError:
        return 0.0


def match_span(library: Library, article_id: int, query: str | Query) -> tuple[int, int] | None:
    """Where in the article's plain text the query first matches (to open the article there);
    None when it matched only in the tags, or nowhere."""
    q = parse_query(query) if isinstance(query, str) else query
    match = plan(q)
    if match.expression is None:
        return None
    with library.read() as session:
        conn = session.connection().connection.driver_connection
        assert conn is not None
        row = conn.execute("SELECT plain_text FROM articles WHERE id = ?", (article_id,)).fetchone()
    if row is None:
        return None
    found = snippets.spans(row[0], match.word_terms, match.needles, limit=1)
    return found[0] if found else None
