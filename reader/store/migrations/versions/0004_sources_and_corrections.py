"""Article sources, the cleaner's own document, and corrections: cleaning that never loses text.

* ``articles.cleaning``: ``cleaned``, or ``none`` when the cleaner was clearly wrong about a file
  and the article holds all of its text (existing articles were cleaned).
* ``article_sources``: per article, the original bytes (zlib) and the cleaner's own document
  before corrections (zlib JSON), in a table of their own so that listing articles never reads
  them. Existing articles get their source from the file when it is still there with the same
  content (its SHA-256 is the article's); otherwise ``data`` is NULL: no source kept.
* ``corrections``: a person's "keep this" / "remove this" per article, by block content.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-28
"""

import hashlib
import zlib
from pathlib import Path

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

MAX_SOURCE_BYTES = 200 * 1024 * 1024  # past any import limit: such a file is not read back


def _source_bytes(path: str, sha256: str) -> bytes | None:
    """The file's bytes if it still holds exactly what was imported; None otherwise."""
    try:
        file = Path(path)
        if not file.is_file() or file.stat().st_size > MAX_SOURCE_BYTES:
            return None
        data = file.read_bytes()
    except OSError:
        return None
    return data if hashlib.sha256(data).hexdigest() == sha256 else None


def upgrade() -> None:
    op.add_column(
        "articles",
        sa.Column("cleaning", sa.String(16), nullable=False, server_default="cleaned"),
    )
    op.create_table(
        "article_sources",
        sa.Column(
            "article_id",
            sa.Integer,
            sa.ForeignKey("articles.id", ondelete="CASCADE", name="fk_article_sources_article"),
            primary_key=True,
        ),
        sa.Column("data", sa.LargeBinary),
        sa.Column("size", sa.Integer, nullable=False),
        sa.Column("base_json", sa.LargeBinary, nullable=False),
    )
    op.create_table(
        "corrections",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "article_id",
            sa.Integer,
            sa.ForeignKey("articles.id", ondelete="CASCADE", name="fk_corrections_article"),
            nullable=False,
        ),
        sa.Column("key", sa.String(32), nullable=False),
        sa.Column("action", sa.String(8), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.UniqueConstraint("article_id", "key", name="uq_corrections_article_key"),
        sa.CheckConstraint("action IN ('keep', 'drop')", name="ck_corrections_action"),
    )

    conn = op.get_bind()
    rows = conn.execute(sa.text("SELECT id, source_path, sha256, document_json FROM articles"))
    insert = sa.text(
        "INSERT INTO article_sources (article_id, data, size, base_json) "
        "VALUES (:id, :data, :size, :base)"
    )
    for article_id, path, sha256, document_json in rows.fetchall():
        data = _source_bytes(path, sha256)
        conn.execute(
            insert,
            {
                "id": article_id,
                "data": zlib.compress(data) if data is not None else None,
                "size": len(data) if data is not None else 0,
                "base": zlib.compress((document_json or "{}").encode("utf-8")),
            },
        )


def downgrade() -> None:
    op.drop_table("corrections")
    op.drop_table("article_sources")
    with op.batch_alter_table("articles") as batch:
        batch.drop_column("cleaning")
