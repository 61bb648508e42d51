"""Initial schema: articles, highlights, notes, tags, and full-text search over articles.

Revision ID: 0001
Revises:
Create Date: 2026-11-26
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "articles",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("source_path", sa.Text, nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("source_size", sa.Integer, nullable=False),
        sa.Column("source_mtime", sa.Float, nullable=False),
        sa.Column("format", sa.String(16), nullable=False),
        sa.Column("encoding", sa.String(32), nullable=False),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("byline", sa.Text),
        sa.Column("site", sa.Text),
        sa.Column("url", sa.Text),
        sa.Column("published", sa.String(32)),
        sa.Column("language", sa.String(16)),
        sa.Column("word_count", sa.Integer, nullable=False),
        sa.Column("html", sa.Text, nullable=False),
        sa.Column("plain_text", sa.Text, nullable=False),
        sa.Column("document_json", sa.Text, nullable=False),
        sa.Column("cleaner_version", sa.Integer, nullable=False),
        sa.Column("reading_position", sa.Integer, nullable=False),
        sa.Column("added_at", sa.DateTime, nullable=False),
        sa.Column("updated_at", sa.DateTime, nullable=False),
        sa.Column("opened_at", sa.DateTime),
        sa.UniqueConstraint("sha256", name="uq_articles_sha256"),
    )
    op.create_index("ix_articles_source_path", "articles", ["source_path"])

    op.create_table(
        "tags",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(200, collation="NOCASE"), nullable=False),
        sa.UniqueConstraint("name", name="uq_tags_name"),
    )

    op.create_table(
        "highlights",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("uid", sa.String(32), nullable=False),
        sa.Column(
            "article_id",
            sa.Integer,
            sa.ForeignKey("articles.id", ondelete="CASCADE", name="fk_highlights_article"),
            nullable=False,
        ),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
        sa.Column("exact", sa.Text, nullable=False),
        sa.Column("prefix", sa.Text, nullable=False),
        sa.Column("suffix", sa.Text, nullable=False),
        sa.Column("color", sa.String(16), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("anchor_method", sa.String(16), nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("updated_at", sa.DateTime, nullable=False),
        sa.UniqueConstraint("uid", name="uq_highlights_uid"),
        sa.CheckConstraint("status IN ('anchored', 'orphaned')", name="ck_highlights_status"),
    )
    op.create_index("ix_highlights_article_start", "highlights", ["article_id", "start"])

    op.create_table(
        "notes",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "article_id",
            sa.Integer,
            sa.ForeignKey("articles.id", ondelete="CASCADE", name="fk_notes_article"),
        ),
        sa.Column(
            "highlight_id",
            sa.Integer,
            sa.ForeignKey("highlights.id", ondelete="CASCADE", name="fk_notes_highlight"),
        ),
        sa.Column("body", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("updated_at", sa.DateTime, nullable=False),
        sa.UniqueConstraint("article_id", name="uq_notes_article"),
        sa.UniqueConstraint("highlight_id", name="uq_notes_highlight"),
        sa.CheckConstraint(
            "(article_id IS NULL) <> (highlight_id IS NULL)", name="ck_notes_one_owner"
        ),
    )

    op.create_table(
        "article_tags",
        sa.Column(
            "article_id",
            sa.Integer,
            sa.ForeignKey("articles.id", ondelete="CASCADE", name="fk_article_tags_article"),
            primary_key=True,
        ),
        sa.Column(
            "tag_id",
            sa.Integer,
            sa.ForeignKey("tags.id", ondelete="CASCADE", name="fk_article_tags_tag"),
            primary_key=True,
        ),
    )
    op.create_table(
        "highlight_tags",
        sa.Column(
            "highlight_id",
            sa.Integer,
            sa.ForeignKey("highlights.id", ondelete="CASCADE", name="fk_highlight_tags_highlight"),
            primary_key=True,
        ),
        sa.Column(
            "tag_id",
            sa.Integer,
            sa.ForeignKey("tags.id", ondelete="CASCADE", name="fk_highlight_tags_tag"),
            primary_key=True,
        ),
    )

    # Full-text search over titles and article text, kept in step by triggers so that every
    # write path (import, update, remove) indexes in the same transaction.
    op.execute(
        "CREATE VIRTUAL TABLE articles_fts USING fts5("
        "title, plain_text, content='articles', content_rowid='id', "
        "tokenize='unicode61 remove_diacritics 2')"
    )
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


def downgrade() -> None:
    for trigger in ("articles_fts_ai", "articles_fts_ad", "articles_fts_au"):
        op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
    op.execute("DROP TABLE IF EXISTS articles_fts")
    for table in ("highlight_tags", "article_tags", "notes", "highlights", "tags", "articles"):
        op.drop_table(table)
