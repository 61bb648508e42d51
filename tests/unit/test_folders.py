"""Watched folders in the library file: migration 0002, the service, and what it knows of files."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text

from reader.store import db as store_db
from reader.store import folders
from reader.store.library import import_file, list_articles
from reader.store.models import Base

PAGE = """<!doctype html><html><head><title>Tides of the North Sea</title></head><body>
<article><h1>Tides of the North Sea</h1>
<p>The tide rises twice a day along the coast, and the harbour fills with water within hours.</p>
<p>Fishermen plan their work around it, leaving before dawn and returning with the ebb.</p>
<p>Storm surges are the exception: wind piles water against the shore and the dykes hold it.</p>
</article></body></html>"""


def test_add_list_remove_roundtrip(library: store_db.Library, tmp_path: Path) -> None:
    a = tmp_path / "articles"
    b = tmp_path / "more"
    a.mkdir()
    b.mkdir()
    assert folders.list_folders(library) == []
    stored = folders.add_folder(library, a)
    assert stored == str(a.resolve())
    folders.add_folder(library, b)
    folders.add_folder(library, tmp_path / "articles" / ".." / "articles")  # same folder again
    assert folders.list_folders(library) == [str(a.resolve()), str(b.resolve())]
    assert folders.remove_folder(library, a)
    assert not folders.remove_folder(library, a)
    assert folders.list_folders(library) == [str(b.resolve())]


def test_add_refuses_a_file(library: store_db.Library, tmp_path: Path) -> None:
    f = tmp_path / "x.txt"
    f.write_text("hello", encoding="utf-8")
    with pytest.raises(NotADirectoryError):
        folders.add_folder(library, f)
    assert folders.list_folders(library) == []


def test_known_sources_only_under_the_folder(library: store_db.Library, tmp_path: Path) -> None:
    inside = tmp_path / "watched_1"
    outside = tmp_path / "watched_10"  # shares the prefix "watched_1" but is another folder
    inside.mkdir()
    outside.mkdir()
    (inside / "tides.html").write_text(PAGE, encoding="utf-8")
    (outside / "other.html").write_text(PAGE.replace("North Sea", "Baltic"), encoding="utf-8")
    for path in (inside / "tides.html", outside / "other.html"):
        assert import_file(library, path).status == "imported"
    known = folders.known_sources(library, inside)
    path = str((inside / "tides.html").resolve())
    assert list(known) == [path]
    st = os.stat(path)
    assert known[path] == (st.st_size, st.st_mtime)


def test_models_agree_with_migrations(library: store_db.Library) -> None:
    """Migration 0002 creates exactly the table the `WatchedFolder` model describes."""
    ours = {"watched_folders"}

    def only_ours(obj: object, name: str | None, type_: str, *_: object) -> bool:
        table = name if type_ == "table" else getattr(getattr(obj, "table", None), "name", None)
        return table in ours

    with library.engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"include_object": only_ours})
        diff = compare_metadata(ctx, Base.metadata)
    assert diff == []
    assert "watched_folders" in Base.metadata.tables
    assert store_db.current_revision(library) == store_db.head_revision()


def test_upgrade_from_0001_keeps_articles(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    old = store_db.Library(path)
    cfg = store_db._alembic_config()
    with old.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0001")
    # Written as the 0001 code wrote it: today's models describe columns 0001 did not have.
    with old.engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO articles (source_path, sha256, source_size, source_mtime, format,"
                " encoding, title, word_count, html, plain_text, document_json, cleaner_version,"
                " reading_position, added_at, updated_at) VALUES ('/x/tides.html', :sha, 1, 0,"
                " 'html', 'utf-8', 'Tides of the North Sea', 3, '<p>Tides</p>',"
                " 'Tides of the North Sea', '{}', 1, 0, '2026-01-01', '2026-01-01')"
            ),
            {"sha": "0" * 64},
        )
    with old.engine.connect() as conn:
        names = {r[0] for r in conn.execute(text("SELECT name FROM sqlite_master"))}
    assert "watched_folders" not in names
    old.close()

    upgraded = store_db.open_library(path)
    try:
        assert [a.title for a in list_articles(upgraded)] == ["Tides of the North Sea"]
        assert folders.list_folders(upgraded) == []
        folders.add_folder(upgraded, tmp_path)
        assert folders.list_folders(upgraded) == [str(tmp_path.resolve())]
        assert upgraded.integrity_check() == "ok"
    finally:
        upgraded.close()
