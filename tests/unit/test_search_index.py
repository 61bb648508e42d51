"""The search index follows every write: imports, re-imports, annotation edits, deletions,
cascades, undo; and migration 0003 indexes a library made by the previous schema."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from reader.store import open_library
from reader.store.annotations import (
    add_highlight_by_quote,
    delete_highlight,
    restore_highlight,
    set_article_note,
    set_color,
    set_highlight_note,
    set_highlight_tags,
)
from reader.store.db import Library
from reader.store.library import import_file, remove_article, set_article_tags
from reader.store.records import SearchResults
from reader.store.search import search
from tests.search_library import write

DATA = Path(__file__).resolve().parent.parent / "data"
TABLES = ["articles_fts", "highlights_fts", "notes_fts"]


def kinds(results: SearchResults) -> list[tuple[str, int | None]]:
    return sorted((r.kind, r.note_id or r.highlight_id or r.article_id) for r in results.merged())


def assert_index_consistent(library: Library) -> None:
    """FTS5's own check of every index (against the tables, for the word indexes)."""
    with library.engine.begin() as conn:
        for table in TABLES:
            conn.exec_driver_sql(
                f"INSERT INTO {table}({table}, rank) VALUES ('integrity-check', 1)"
            )


def test_imported_article_is_found_by_title_text_and_tags(library: Library, tmp_path: Path) -> None:
    f = write(tmp_path / "a.md", "# Lighthouse keepers\n\nThe keeper trimmed the wick at dusk.\n")
    art = import_file(library, f).article_id
    assert art is not None
    assert [r.article_id for r in search(library, "lighthouse wick").articles] == [art]
    set_article_tags(library, art, ["coast", "History"])
    assert [r.article_id for r in search(library, "coast").articles] == [art]
    assert [r.article_id for r in search(library, "tag:history").articles] == [art]
    set_article_tags(library, art, ["coast"])
    assert search(library, "history").articles == ()
    set_article_tags(library, art, [])
    assert search(library, "coast").articles == ()
    assert_index_consistent(library)


def test_reimport_replaces_the_indexed_text(library: Library, tmp_path: Path) -> None:
    f = write(tmp_path / "a.md", "# Old title\n\nA paragraph about herons and 改造.\n")
    art = import_file(library, f).article_id
    h = add_highlight_by_quote(library, art, "herons", note="birds")  # type: ignore[arg-type]
    write(f, "# New title\n\nA paragraph about herons and egrets.\n")
    assert import_file(library, f).status == "updated"
    assert search(library, "old").articles == ()
    assert search(library, "改造").articles == ()
    assert [r.article_id for r in search(library, "egrets new").articles] == [art]
    assert kinds(search(library, "herons in:highlights")) == [("highlight", h.id)]
    assert import_file(library, f).status == "unchanged"
    assert_index_consistent(library)


def test_annotation_edits_and_deletions_follow(library: Library, tmp_path: Path) -> None:
    f = write(tmp_path / "a.md", "# Tides\n\nThe spring tide covered the causeway twice.\n")
    art = import_file(library, f).article_id
    assert art is not None
    h = add_highlight_by_quote(library, art, "covered the causeway", note="dangerous crossing")
    with library.engine.connect() as conn:
        note_id = conn.exec_driver_sql("SELECT id FROM notes").scalar()
    assert kinds(search(library, "dangerous")) == [("note", note_id)]
    set_highlight_note(library, h.id, "safe at low water")
    assert search(library, "dangerous").notes == ()
    assert kinds(search(library, "low water")) == [("note", note_id)]
    set_highlight_note(library, h.id, "")
    assert search(library, "water").notes == ()
    set_highlight_tags(library, h.id, ["walks", "北海道"])
    assert kinds(search(library, "walks")) == [("highlight", h.id)]
    assert kinds(search(library, "北海")) == [("highlight", h.id)]
    assert kinds(search(library, "tag:WALKS")) == [("highlight", h.id)]
    set_highlight_tags(library, h.id, [])
    assert search(library, "walks").highlights == ()
    assert search(library, "tag:walks").highlights == ()
    set_color(library, h.id, "purple")
    assert kinds(search(library, "color:purple")) == [("highlight", h.id)]
    set_article_note(library, art, "Check the tide tables")
    assert [r.kind for r in search(library, "tables").merged()] == ["note"]
    set_article_note(library, art, "")
    assert search(library, "tables").notes == ()

    gone = delete_highlight(library, h.id)
    assert search(library, "causeway").highlights == ()
    back = restore_highlight(library, gone)  # undo
    assert kinds(search(library, "causeway in:highlights")) == [("highlight", back.id)]
    assert_index_consistent(library)


def test_removing_an_article_removes_everything_it_carried(
    library: Library, tmp_path: Path
) -> None:
    f = write(tmp_path / "a.md", "# 北京的咖啡馆\n\nPeople read in the 咖啡馆 all day.\n")
    art = import_file(library, f).article_id
    assert art is not None
    add_highlight_by_quote(library, art, "read in the", note="cosy 咖啡", tags=["cafes"])
    set_article_note(library, art, "visit again")
    set_article_tags(library, art, ["beijing"])
    assert sorted(r.kind for r in search(library, "咖啡").merged()) == ["article", "note"]
    assert remove_article(library, art)
    for query in ("咖啡", "read", "cosy", "visit", "beijing", "cafes", "tag:beijing"):
        assert len(search(library, query)) == 0, query
    with library.engine.connect() as conn:
        for table in TABLES:
            rows = conn.exec_driver_sql(f"SELECT count(*) FROM {table}_docsize").scalar()
            assert rows == 0, table
    assert_index_consistent(library)


def test_a_plain_sqlite_connection_reads_but_cannot_corrupt(
    library: Library, tmp_path: Path
) -> None:
    art = import_file(library, write(tmp_path / "a.md", "# Kites\n\nRed kites over the hill.\n"))
    conn = sqlite3.connect(library.path)
    try:
        rows = conn.execute(
            "SELECT rowid FROM articles_fts WHERE articles_fts MATCH 'kites'"
        ).fetchall()
        assert rows == [(art.article_id,)]
        with pytest.raises(sqlite3.OperationalError, match="margin_grams"):
            conn.execute("UPDATE articles SET title = 'Hawks'")
    finally:
        conn.close()
    assert_index_consistent(library)


@pytest.mark.parametrize("name", ["library_0001", "library_0002"])
def test_old_libraries_are_indexed_on_upgrade(tmp_path: Path, name: str) -> None:
    """The fixtures written by the old code (see tests/data/make_old_libraries.py): after the
    upgrade every article, highlight, note and tag is found, and new writes are indexed."""
    expected = json.loads((DATA / f"{name}.expected.json").read_text(encoding="utf-8"))
    path = tmp_path / "library.db"
    shutil.copy(DATA / f"{name}.db", path)
    library = open_library(path)
    try:
        assert_index_consistent(library)
        for art in expected["articles"]:
            word = max(art["title"].split(), key=len)
            assert art["id"] in [r.article_id for r in search(library, word).articles], word
            for tag in art["tags"]:
                found = search(library, f'tag:"{tag}" in:articles').articles
                assert art["id"] in [r.article_id for r in found], tag
            if art["note"]:
                words = f'"{art["note"].split()[0]}" in:notes'
                assert art["id"] in [r.article_id for r in search(library, words).notes]
        for h in expected["highlights"]:
            phrase = '"' + " ".join(h["exact"].split()[:3]) + '" in:highlights'
            assert h["id"] in [r.highlight_id for r in search(library, phrase).highlights]
            color = search(library, f"color:{h['color']} in:highlights", limit=100).highlights
            assert h["id"] in [r.highlight_id for r in color]
            for tag in h["tags"]:
                tagged = search(library, f'tag:"{tag}" in:highlights', limit=100).highlights
                assert h["id"] in [r.highlight_id for r in tagged]
        kyoto = [a["id"] for a in expected["articles"] if "喫茶店" in a["plain_text"]]
        assert [r.article_id for r in search(library, "喫茶").articles] == kyoto
        art = import_file(library, write(tmp_path / "n.md", "# Herons\n\nGrey herons.\n"))
        assert [r.article_id for r in search(library, "herons").articles] == [art.article_id]
        assert_index_consistent(library)
    finally:
        library.close()
