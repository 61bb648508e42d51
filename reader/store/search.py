"""Full-text search over the library (SQLite FTS5, kept current by triggers in the schema).

User input is never passed to FTS5 as query syntax: each word becomes a quoted prefix term, so a
stray quote or ``AND`` cannot cause an error, and ``ukra`` finds "Ukraine".
"""

from __future__ import annotations

import re

from sqlalchemy import text

from reader.store.db import Library
from reader.store.library import list_articles
from reader.store.records import SearchHit

_TERM_RE = re.compile(r"\w+", re.UNICODE)


def fts_query(user_query: str) -> str:
    terms = _TERM_RE.findall(user_query)
    return " ".join(f'"{t}"*' for t in terms)


def search_articles(library: Library, query: str, limit: int = 100) -> list[SearchHit]:
    """Articles matching every word of ``query``, best first, with a short snippet."""
    match = fts_query(query)
    if not match:
        return []
    sql = text(
        "SELECT rowid, snippet(articles_fts, 1, '[', ']', '…', 12) FROM articles_fts "
        "WHERE articles_fts MATCH :q ORDER BY bm25(articles_fts, 5.0, 1.0) LIMIT :n"
    )
    with library.read() as session:
        rows = [
            (int(r[0]), " ".join(str(r[1]).split()))
            for r in session.execute(sql, {"q": match, "n": limit})
        ]
    summaries = {s.id: s for s in list_articles(library, ids=[r[0] for r in rows])}
    return [SearchHit(summaries[i], snip) for i, snip in rows if i in summaries]
