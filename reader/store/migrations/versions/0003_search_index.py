"""Search index: articles (title, text, tags), highlights (quote, tags) and notes.

One FTS5 table per kind, with external content (no text is stored twice) read through a view
that adds the ``grams`` column: the character pairs of Chinese, Japanese, Thai… text, made by
our ``margin_grams`` SQL function (`reader.search.grams`, registered on every connection by
`reader.store.db`). Triggers keep the indexes in step with every write, including the cascades
when an article or highlight is deleted. Tags reach the indexes through a ``tag_names`` column
on articles and highlights that triggers on the tag links maintain. Ranking weights (BM25) are
stored with each index.

Existing libraries are indexed by this migration (the old articles index is rebuilt).

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

WORDS = "tokenize='unicode61 remove_diacritics 2'"
# Per kind: the indexed columns (the grams are made of them too) and the BM25 weights of
# those columns and of ``grams``.
INDEXES = {
    "articles": (("title", "plain_text", "tag_names"), "bm25(10.0, 1.0, 4.0, 1.0)"),
    "highlights": (("exact", "tag_names"), "bm25(1.0, 2.0, 1.0)"),
    "notes": (("body",), "bm25(1.0, 1.0)"),
}
TAG_LINKS = {
    "article_tags": ("articles", "article_id"),
    "highlight_tags": ("highlights", "highlight_id"),
}


def _register_function() -> None:
    """The migration may run on a connection that `reader.store.db` did not make."""
    from reader.search.grams import index_grams

    raw = op.get_bind().connection.driver_connection
    raw.create_function("margin_grams", 1, index_grams, deterministic=True)


def _grams_of(table: str, row: str = "") -> str:
    """The ``margin_grams(...)`` call over a row's text (``new.``/``old.`` or the table's)."""
    text = " || char(10) || ".join(f"{row}{c}" for c in INDEXES[table][0])
    return f"margin_grams({text})"


def _index_sql(table: str, row: str, delete: bool) -> str:
    columns = INDEXES[table][0]
    cols = ", ".join((*columns, "grams"))
    values = ", ".join((*(f"{row}.{c}" for c in columns), _grams_of(table, f"{row}.")))
    if delete:
        return (
            f"INSERT INTO {table}_fts({table}_fts, rowid, {cols}) "
            f"VALUES ('delete', {row}.id, {values});"
        )
    return f"INSERT INTO {table}_fts(rowid, {cols}) VALUES ({row}.id, {values});"


def _tag_names_sql(link: str, owner: str, key: str, row: str) -> str:
    return (
        f"UPDATE {owner} SET tag_names = (SELECT coalesce(group_concat(name, ', '), '') FROM "
        f"(SELECT t.name FROM {link} x JOIN tags t ON t.id = x.tag_id "
        f"WHERE x.{key} = {row}.{key} ORDER BY t.name COLLATE NOCASE, t.id)) "
        f"WHERE id = {row}.{key};"
    )


def create_search_index() -> None:
    _register_function()
    for table, (columns, rank) in INDEXES.items():
        cols = ", ".join(columns)
        op.execute(
            f"CREATE VIEW {table}_search AS SELECT id, {cols}, {_grams_of(table)} AS grams "
            f"FROM {table}"
        )
        op.execute(
            f"CREATE VIRTUAL TABLE {table}_fts USING fts5({cols}, grams, "
            f"content='{table}_search', content_rowid='id', {WORDS})"
        )
        op.execute(f"INSERT INTO {table}_fts({table}_fts, rank) VALUES ('rank', '{rank}')")
        op.execute(f"INSERT INTO {table}_fts({table}_fts) VALUES ('rebuild')")
        op.execute(
            f"CREATE TRIGGER {table}_search_ai AFTER INSERT ON {table} BEGIN "
            f"{_index_sql(table, 'new', delete=False)} END"
        )
        op.execute(
            f"CREATE TRIGGER {table}_search_ad AFTER DELETE ON {table} BEGIN "
            f"{_index_sql(table, 'old', delete=True)} END"
        )
        op.execute(
            f"CREATE TRIGGER {table}_search_au AFTER UPDATE OF {cols} ON {table} BEGIN "
            f"{_index_sql(table, 'old', delete=True)} {_index_sql(table, 'new', delete=False)} END"
        )
    for link, (owner, key) in TAG_LINKS.items():
        for when, row in (("INSERT", "new"), ("DELETE", "old")):
            op.execute(
                f"CREATE TRIGGER {link}_search_{when[0].lower()} AFTER {when} ON {link} BEGIN "
                f"{_tag_names_sql(link, owner, key, row)} END"
            )


def drop_search_index() -> None:
    for link in TAG_LINKS:
        for suffix in ("i", "d"):
            op.execute(f"DROP TRIGGER IF EXISTS {link}_search_{suffix}")
    for table in INDEXES:
        for suffix in ("ai", "ad", "au"):
            op.execute(f"DROP TRIGGER IF EXISTS {table}_search_{suffix}")
        op.execute(f"DROP TABLE IF EXISTS {table}_fts")
        op.execute(f"DROP VIEW IF EXISTS {table}_search")


def upgrade() -> None:
    # The index of 0001 (title and text only) is replaced by one that also covers tags.
    for trigger in ("articles_fts_ai", "articles_fts_ad", "articles_fts_au"):
        op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
    op.execute("DROP TABLE IF EXISTS articles_fts")
    for owner in ("articles", "highlights"):
        op.add_column(owner, sa.Column("tag_names", sa.Text, nullable=False, server_default=""))
    for link, (owner, key) in TAG_LINKS.items():
        op.execute(
            f"UPDATE {owner} SET tag_names = coalesce((SELECT group_concat(name, ', ') FROM "
            f"(SELECT t.name FROM {link} x JOIN tags t ON t.id = x.tag_id "
            f"WHERE x.{key} = {owner}.id ORDER BY t.name COLLATE NOCASE, t.id)), '')"
        )
    op.create_index("ix_highlights_created_at", "highlights", ["created_at"])
    create_search_index()


def downgrade() -> None:
    drop_search_index()
    op.drop_index("ix_highlights_created_at", "highlights")
    for owner in ("articles", "highlights"):
        with op.batch_alter_table(owner) as batch:
            batch.drop_column("tag_names")
    op.execute(
        "CREATE VIRTUAL TABLE articles_fts USING fts5(title, plain_text, content='articles', "
        f"content_rowid='id', {WORDS})"
    )
    op.execute("INSERT INTO articles_fts(articles_fts) VALUES ('rebuild')")
    op.execute(
        "CREATE TRIGGER articles_fts_ai AFTER INSERT ON articles BEGIN "
        "INSERT INTO articles_fts(rowid, title, plain_text) "
        "VALUES (new.id, new.title, new.plain_text); END"
    )
    op.execute(
        "CREATE TRIGGER articles_fts_ad AFTER DELETE ON articles BEGIN "
        "INSERT INTO articles_fts(articles_fts, rowid, title, plain_text) "
        "VALUES ('delete', old.id, old.title, old.plain_text); END"
    )
    op.execute(
        "CREATE TRIGGER articles_fts_au AFTER UPDATE OF title, plain_text ON articles BEGIN "
        "INSERT INTO articles_fts(articles_fts, rowid, title, plain_text) "
        "VALUES ('delete', old.id, old.title, old.plain_text); "
        "INSERT INTO articles_fts(rowid, title, plain_text) "
        "VALUES (new.id, new.title, new.plain_text); END"
    )
