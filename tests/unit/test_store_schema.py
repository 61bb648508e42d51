"""The schema comes from migrations, matches the models, and upgrades never lose a library."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from reader.store import LibraryError, open_library
from reader.store.db import Library, _alembic_config, head_revision
from reader.store.models import Base


def test_fresh_library_is_created_by_migrations(db_path: Path) -> None:
    lib = open_library(db_path)
    try:
        with lib.engine.connect() as conn:
            tables = {
                r[0]
                for r in conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type='table'")
            }
            version = conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
            journal = conn.exec_driver_sql("PRAGMA journal_mode").scalar()
            fks = conn.exec_driver_sql("PRAGMA foreign_keys").scalar()
            busy = conn.exec_driver_sql("PRAGMA busy_timeout").scalar()
    finally:
        lib.close()
    assert {
        "articles",
        "highlights",
        "notes",
        "tags",
        "article_tags",
        "highlight_tags",
        "articles_fts",
    } <= tables
    assert version == head_revision()
    assert (journal, fks) == ("wal", 1)
    assert busy >= 1000


_UNMODELLED = ("alembic", "articles_fts", "highlights_fts", "notes_fts")


def test_models_match_the_migrated_schema(library: Library) -> None:
    with library.engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": False})
        diffs = [
            d
            for d in compare_metadata(ctx, Base.metadata)
            # FTS5 tables, their shadow tables and the alembic bookkeeping have no models.
            if not (d[0] == "remove_table" and d[1].name.startswith(_UNMODELLED))
        ]
    assert diffs == []


def _article_sql(n: int) -> str:
    return (
        "INSERT INTO articles (id, source_path, sha256, source_size, source_mtime, format, encoding,"
        " title, word_count, html, plain_text, document_json, cleaner_version, reading_position,"
        f" added_at, updated_at) VALUES ({n}, '/x/{n}.md', '{n:064d}', 1, 0, 'markdown', 'utf-8',"
        f" 'Old article {n}', 2, '<p>a b</p>', 'a b', '{{}}', 1, 0,"
        " '2026-01-01 00:00:00', '2026-01-01 00:00:00')"
    )


def test_library_made_at_first_revision_upgrades_without_loss(db_path: Path) -> None:
    # A library as the very first release created it, with an article, a highlight and a note.
    lib = Library(db_path)
    cfg = _alembic_config()
    with lib.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0001")
    with lib.engine.begin() as conn:
        conn.exec_driver_sql(_article_sql(1))
        conn.exec_driver_sql(
            "INSERT INTO highlights (id, uid, article_id, start, end, exact, prefix, suffix, color,"
            " status, anchor_method, created_at, updated_at) VALUES (1, 'u1', 1, 0, 1, 'a', '', ' b',"
            " 'green', 'anchored', 'exact', '2026-01-01 00:00:00', '2026-01-01 00:00:00')"
        )
        conn.exec_driver_sql(
            "INSERT INTO notes (highlight_id, body, created_at, updated_at)"
            " VALUES (1, 'kept', '2026-01-01 00:00:00', '2026-01-01 00:00:00')"
        )
    lib.close()

    upgraded = open_library(db_path)
    try:
        with upgraded.engine.connect() as conn:
            title = conn.exec_driver_sql("SELECT title FROM articles").scalar()
            note = conn.exec_driver_sql("SELECT body FROM notes").scalar()
            color = conn.exec_driver_sql("SELECT color FROM highlights").scalar()
            version = conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
    finally:
        upgraded.close()
    assert (title, note, color, version) == ("Old article 1", "kept", "green", head_revision())
    backups = list(db_path.parent.glob("library.db.before-*.bak"))
    if head_revision() != "0001":
        assert len(backups) == 1
        with sqlite3.connect(backups[0]) as copy:
            assert copy.execute("SELECT title FROM articles").fetchone() == ("Old article 1",)
    else:
        assert backups == []


def test_library_from_a_newer_margin_is_refused(db_path: Path) -> None:
    open_library(db_path).close()
    with sqlite3.connect(db_path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999_future'")
    with pytest.raises(LibraryError, match="newer Margin"):
        open_library(db_path)


def test_a_file_that_is_not_a_library_is_refused(tmp_path: Path) -> None:
    bogus = tmp_path / "notes.db"
    bogus.write_text("just some text, not a database")
    with pytest.raises(LibraryError, match="not a Margin library"):
        open_library(bogus)
    assert bogus.read_text() == "just some text, not a database"


def test_head_revision_from_file_names_is_alembics_head() -> None:
    """`head_revision` reads the versions folder's file names instead of loading Alembic (start-up
    cost); this holds only if every migration's id is its file name's prefix and the chain is
    linear. Renumber a migration (file name and ``revision``) when rebasing onto a newer head."""
    from alembic.script import ScriptDirectory

    from reader.store.db import known_revisions

    script = ScriptDirectory.from_config(_alembic_config())
    revisions = list(script.walk_revisions())  # newest first
    assert [r.revision for r in reversed(revisions)] == known_revisions()
    for rev in revisions:
        assert Path(rev.path).name.startswith(f"{rev.revision}_"), rev.path
    assert script.get_heads() == [head_revision()]
    for older, newer in zip(known_revisions(), known_revisions()[1:], strict=False):
        assert script.get_revision(newer).down_revision == older
