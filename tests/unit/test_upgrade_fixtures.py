"""Libraries written by old releases upgrade with the current code and keep every item.

The fixtures in ``tests/data`` were written by the old code itself (see
``tests/data/make_old_libraries.py``), each with a JSON record of what it held. A helper who adds a
migration adds a ``library_NNNN.db`` made at the previous head; every one found here is tested.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from reader.store.annotations import add_highlight_by_quote, list_highlights
from reader.store.db import current_revision, head_revision, open_library
from reader.store.folders import list_folders
from reader.store.library import get_article, list_articles
from reader.store.search import search

DATA = Path(__file__).resolve().parent.parent / "data"
FIXTURES = sorted(DATA.glob("library_*.db"))


def _expected(fixture: Path) -> dict[str, Any]:
    return json.loads(fixture.with_suffix(".expected.json").read_text(encoding="utf-8"))


def _when(stored: str) -> datetime:
    return datetime.fromisoformat(stored)


def _copy(fixture: Path, tmp_path: Path) -> Path:
    target = tmp_path / "library.db"
    shutil.copyfile(fixture, target)
    return target


def test_there_are_fixtures_from_the_first_schemas() -> None:
    names = {f.name for f in FIXTURES}
    assert {"library_0001.db", "library_0002.db"} <= names
    for fixture in FIXTURES:
        assert fixture.with_suffix(".expected.json").is_file(), fixture


@pytest.mark.parametrize("fixture", FIXTURES, ids=[f.stem for f in FIXTURES])
def test_old_library_upgrades_with_every_item_intact(fixture: Path, tmp_path: Path) -> None:
    expected = _expected(fixture)
    path = _copy(fixture, tmp_path)
    with sqlite3.connect(path) as raw:
        assert raw.execute("SELECT version_num FROM alembic_version").fetchone() == (
            expected["revision"],
        )

    library = open_library(path)
    try:
        assert current_revision(library) == head_revision()
        assert library.integrity_check() == "ok"
        articles = {a.id: a for a in list_articles(library)}
        assert sorted(articles) == [a["id"] for a in expected["articles"]]
        for want in expected["articles"]:
            got = get_article(library, want["id"])
            assert got is not None
            assert (got.title, got.path, got.sha256, got.format, got.words) == (
                want["title"],
                want["source_path"],
                want["sha256"],
                want["format"],
                want["words"],
            )
            assert got.plain_text == want["plain_text"]
            assert got.reading_position == want["reading_position"]
            assert got.added_at == _when(want["added_at"])
            assert got.note == want["note"]
            assert sorted(got.tags, key=str.lower) == want["tags"]
            highlights_of_article = [
                h for h in expected["highlights"] if h["article_id"] == want["id"]
            ]
            got_highlights = {h.uid: h for h in list_highlights(library, want["id"])}
            assert sorted(got_highlights) == sorted(h["uid"] for h in highlights_of_article)
            for h in highlights_of_article:
                g = got_highlights[h["uid"]]
                assert (g.id, g.start, g.end, g.exact, g.prefix, g.suffix) == (
                    h["id"],
                    h["start"],
                    h["end"],
                    h["exact"],
                    h["prefix"],
                    h["suffix"],
                )
                assert (g.color, g.status, g.anchor_method) == (
                    h["color"],
                    h["status"],
                    h["anchor_method"],
                )
                assert (g.note, list(g.tags)) == (h["note"], h["tags"])
                assert g.created_at == _when(h["created_at"])
        assert list_folders(library) == expected["watched_folders"]

        # The search index came through, and the upgraded library takes new annotations.
        first = expected["articles"][0]
        word = max(first["title"].split(), key=len)
        assert first["id"] in {hit.article_id for hit in search(library, word).articles}
        new = add_highlight_by_quote(library, first["id"], first["plain_text"][:12])
        assert new.id > max(h["id"] for h in expected["highlights"])
    finally:
        library.close()

    # A safety copy of the old file was kept, unchanged, before the upgrade wrote anything.
    if expected["revision"] != head_revision():
        backups = list(tmp_path.glob("library.db.before-*.bak"))
        assert len(backups) == 1
        with sqlite3.connect(backups[0]) as copy:
            assert copy.execute("SELECT version_num FROM alembic_version").fetchone() == (
                expected["revision"],
            )
            assert copy.execute("SELECT count(*) FROM highlights").fetchone() == (
                len(expected["highlights"]),
            )


@pytest.mark.parametrize("fixture", FIXTURES, ids=[f.stem for f in FIXTURES])
def test_opening_an_upgraded_library_again_changes_nothing(fixture: Path, tmp_path: Path) -> None:
    path = _copy(fixture, tmp_path)
    open_library(path).close()
    backups = sorted(tmp_path.glob("*.bak"))
    with sqlite3.connect(path) as raw:
        before = raw.execute("SELECT count(*) FROM highlights").fetchone()
    open_library(path).close()
    assert sorted(tmp_path.glob("*.bak")) == backups
    with sqlite3.connect(path) as raw:
        assert raw.execute("SELECT count(*) FROM highlights").fetchone() == before
