"""SQLAlchemy ORM models of the library. Only the services in `reader.store` touch them.

The schema itself is created and evolved by the Alembic migrations in ``migrations/versions``;
these classes must agree with the latest migration (a test compares the two). ORM objects never
leave a service function: callers get the plain records of `reader.store.records`.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import (
    CheckConstraint,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


class Base(DeclarativeBase):
    pass


article_tags = Table(
    "article_tags",
    Base.metadata,
    Column("article_id", ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("tag_id", ForeignKey("tags.id", ondelete="CASCADE"), primary_key=True),
)

highlight_tags = Table(
    "highlight_tags",
    Base.metadata,
    Column("highlight_id", ForeignKey("highlights.id", ondelete="CASCADE"), primary_key=True),
    Column("tag_id", ForeignKey("tags.id", ondelete="CASCADE"), primary_key=True),
)


class Article(Base):
    __tablename__ = "articles"

    id: Mapped[int] = mapped_column(primary_key=True)
    source_path: Mapped[str] = mapped_column(Text, index=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    source_size: Mapped[int] = mapped_column(Integer, default=0)
    source_mtime: Mapped[float] = mapped_column(Float, default=0.0)
    format: Mapped[str] = mapped_column(String(16))
    encoding: Mapped[str] = mapped_column(String(32))
    title: Mapped[str] = mapped_column(Text)
    byline: Mapped[str | None] = mapped_column(Text)
    site: Mapped[str | None] = mapped_column(Text)
    url: Mapped[str | None] = mapped_column(Text)
    published: Mapped[str | None] = mapped_column(String(32))
    language: Mapped[str | None] = mapped_column(String(16))
    word_count: Mapped[int] = mapped_column(Integer, default=0)
    html: Mapped[str] = mapped_column(Text)
    plain_text: Mapped[str] = mapped_column(Text)
    document_json: Mapped[str] = mapped_column(Text)
    cleaner_version: Mapped[int] = mapped_column(Integer, default=0)
    cleaning: Mapped[str] = mapped_column(String(16), default="cleaned", server_default="cleaned")
    reading_position: Mapped[int] = mapped_column(Integer, default=0)
    added_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    opened_at: Mapped[datetime | None] = mapped_column(DateTime)
    # The tag names as one string for the search index; written only by triggers (0003).
    tag_names: Mapped[str] = mapped_column(Text, default="", server_default="")

    highlights: Mapped[list[Highlight]] = relationship(
        back_populates="article", cascade="all, delete-orphan", passive_deletes=True
    )
    tags: Mapped[list[Tag]] = relationship(secondary=article_tags)
    # Loaded only when asked for: listing or reading articles never reads sources.
    source: Mapped[ArticleSource | None] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, lazy="select"
    )
    corrections: Mapped[list[Correction]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, lazy="select"
    )


class ArticleSource(Base):
    """An article's original bytes (zlib; NULL when not kept) and the cleaner's own document
    before corrections (zlib JSON): what re-cleaning and corrections start from (migration 0004)."""

    __tablename__ = "article_sources"

    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE", name="fk_article_sources_article"),
        primary_key=True,
    )
    data: Mapped[bytes | None] = mapped_column(LargeBinary)
    size: Mapped[int] = mapped_column(Integer, default=0)
    base_json: Mapped[bytes] = mapped_column(LargeBinary)


class Correction(Base):
    """A person's decision on one block of an article, by the block's content (migration 0004)."""

    __tablename__ = "corrections"
    __table_args__ = (
        UniqueConstraint("article_id", "key", name="uq_corrections_article_key"),
        CheckConstraint("action IN ('keep', 'drop')", name="ck_corrections_action"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE", name="fk_corrections_article")
    )
    key: Mapped[str] = mapped_column(String(32))
    action: Mapped[str] = mapped_column(String(8))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class Highlight(Base):
    __tablename__ = "highlights"
    __table_args__ = (
        Index("ix_highlights_article_start", "article_id", "start"),
        Index("ix_highlights_created_at", "created_at"),
        CheckConstraint("status IN ('anchored', 'orphaned')", name="ck_highlights_status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(32), unique=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    exact: Mapped[str] = mapped_column(Text)
    prefix: Mapped[str] = mapped_column(Text, default="")
    suffix: Mapped[str] = mapped_column(Text, default="")
    color: Mapped[str] = mapped_column(String(16), default="yellow")
    status: Mapped[str] = mapped_column(String(16), default="anchored")
    anchor_method: Mapped[str] = mapped_column(String(16), default="exact")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    # The tag names as one string for the search index; written only by triggers (0003).
    tag_names: Mapped[str] = mapped_column(Text, default="", server_default="")

    article: Mapped[Article] = relationship(back_populates="highlights")
    tags: Mapped[list[Tag]] = relationship(secondary=highlight_tags)
    note: Mapped[Note | None] = relationship(
        back_populates="highlight", cascade="all, delete-orphan", passive_deletes=True
    )


class Note(Base):
    __tablename__ = "notes"
    __table_args__ = (
        CheckConstraint(
            "(article_id IS NULL) <> (highlight_id IS NULL)", name="ck_notes_one_owner"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int | None] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), unique=True
    )
    highlight_id: Mapped[int | None] = mapped_column(
        ForeignKey("highlights.id", ondelete="CASCADE"), unique=True
    )
    body: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    highlight: Mapped[Highlight | None] = relationship(back_populates="note")


class Tag(Base):
    __tablename__ = "tags"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200, collation="NOCASE"), unique=True)


class WatchedFolder(Base):
    """A library folder whose new and changed files the window imports (migration 0002)."""

    __tablename__ = "watched_folders"

    id: Mapped[int] = mapped_column(primary_key=True)
    path: Mapped[str] = mapped_column(Text, unique=True)
    added_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
