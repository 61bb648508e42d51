"""Sources kept with every article, corrections by content through re-imports and re-cleaning,
highlights on and around corrected blocks, the export for training, and the 0004 upgrade."""

from __future__ import annotations

import json
import shutil
import sqlite3
import zlib
from pathlib import Path

import pytest

from reader.corrections import block_key, text_key
from reader.ingest import pipeline
from reader.store import open_library
from reader.store.annotations import add_highlight_by_quote, list_highlights
from reader.store.cleaning import (
    CleaningError,
    correct_blocks,
    list_blocks,
    original_text,
    outdated_with_source,
    reclean,
    set_correction,
    source_of,
)
from reader.store.corrections_export import export_corrections
from reader.store.db import Library
from reader.store.library import get_article, import_file, list_articles
from reader.store.records import HighlightRecord

MENU = ("Skip to main content", "Menu", "Home", "World", "Business", "Sign in", "Subscribe")
TITLE = "The Lighthouse Keepers Who Stayed"
BODY = (
    "For more than a century, the lighthouse on the northern cape was kept by families who lived "
    "beside it, trimming the wicks and winding the clockwork through the long winter nights.",
    "When the light was automated in 1987, most keepers left within a year, but the Arnesen "
    "family stayed on, renting the cottage from the coast authority and keeping the garden.",
    "Their records, written in pencil in a row of ledgers, describe every storm, every ship that "
    "passed close to the rocks, and every visitor who climbed the hundred and twelve steps.",
    "Historians now read the ledgers as a rare account of ordinary life at the edge of the sea, "
    "where the weather decided what a day would hold and news arrived weeks late by boat.",
)
FOOTER = ("Share on Facebook", "Share on Twitter", "Related stories", "Cookie settings")


def dump(body: tuple[str, ...] = BODY) -> str:
    return "\n".join([*MENU, TITLE, "", *(p + "\n" for p in body), *FOOTER, ""])


@pytest.fixture
def article(library: Library, tmp_path: Path) -> tuple[int, Path]:
    path = tmp_path / "lighthouse.txt"
    path.write_text(dump(), encoding="utf-8")
    result = import_file(library, path)
    assert result.status == "imported"
    assert result.article_id is not None
    return result.article_id, path


def index_of(library: Library, article_id: int, text: str) -> int:
    return next(b.index for b in list_blocks(library, article_id).blocks if b.block.text == text)


def by_uid(library: Library, article_id: int) -> dict[str, HighlightRecord]:
    return {h.uid: h for h in list_highlights(library, article_id)}


def assert_anchored_on_their_text(library: Library, article_id: int) -> None:
    record = get_article(library, article_id)
    assert record is not None
    for h in list_highlights(library, article_id):
        if h.status == "anchored":
            assert record.plain_text[h.start : h.end] == h.exact, h


def test_import_keeps_the_source_the_cleaners_document_and_the_cleaning(
    library: Library, article: tuple[int, Path]
) -> None:
    article_id, path = article
    data, fmt = source_of(library, article_id)
    assert (data, fmt) == (path.read_bytes(), "text")
    assert original_text(library, article_id) == path.read_text(encoding="utf-8")
    blocks = list_blocks(library, article_id)
    assert blocks.cleaning == "cleaned"
    assert [b.block.text for b in blocks.blocks if b.kept] == list(BODY)
    removed = [b for b in blocks.blocks if not b.kept]
    assert {b.block.text for b in removed} == set(MENU) | set(FOOTER)
    assert all(b.reason and not b.corrected for b in removed)
    assert [a.cleaning for a in list_articles(library)] == ["cleaned"]


def test_keep_and_drop_survive_reimport_of_an_edited_file_with_highlights(
    library: Library, article: tuple[int, Path]
) -> None:
    article_id, path = article
    before = add_highlight_by_quote(library, article_id, "trimming the wicks")
    doomed = add_highlight_by_quote(library, article_id, "the Arnesen family stayed on")
    after = add_highlight_by_quote(library, article_id, "a row of ledgers")

    # Remove the second paragraph: its highlight is orphaned (kept), the others stay on their text.
    change = correct_blocks(library, article_id, [index_of(library, article_id, BODY[1])], "drop")
    assert change.after == {block_key_of(BODY[1]): "drop"}
    assert change.reanchor is not None
    assert change.reanchor.orphaned == 1
    hs = by_uid(library, article_id)
    assert hs[doomed.uid].status == "orphaned"
    assert hs[doomed.uid].note == doomed.note  # nothing deleted
    assert (hs[before.uid].status, hs[after.uid].status) == ("anchored", "anchored")
    assert hs[after.uid].start < after.start
    # Put back a line the cleaner removed, and highlight in it.
    correct_blocks(library, article_id, [index_of(library, article_id, "Related stories")], "keep")
    on_kept = add_highlight_by_quote(library, article_id, "Related stories")
    assert_anchored_on_their_text(library, article_id)

    # The file is edited (a new first paragraph, a word changed outside the highlights) and
    # imported again: both corrections still hold, highlights follow their text.
    edited = (
        "A new opening paragraph was added by the editor, long enough to count as article prose.",
        BODY[0].replace("northern cape", "north cape"),
        *BODY[1:],
    )
    path.write_text(dump(edited), encoding="utf-8")
    assert import_file(library, path).status == "updated"
    record = get_article(library, article_id)
    assert record is not None
    assert BODY[1] not in record.plain_text
    assert "Related stories" in record.plain_text
    hs = by_uid(library, article_id)
    assert hs[doomed.uid].status == "orphaned"
    for h in (before, after, on_kept):
        assert hs[h.uid].status == "anchored", h.exact
    assert_anchored_on_their_text(library, article_id)
    blocks = {b.block.text: b for b in list_blocks(library, article_id).blocks}
    assert (blocks[BODY[1]].kept, blocks[BODY[1]].corrected) == (False, True)
    assert blocks[BODY[1]].reason == "removed by you"
    assert (blocks["Related stories"].kept, blocks["Related stories"].corrected) == (True, True)

    # Undoing the drop brings the paragraph back, and its orphan finds its text again.
    set_correction(library, article_id, block_key_of(BODY[1]), BODY[1], None)
    hs = by_uid(library, article_id)
    assert hs[doomed.uid].status == "anchored"
    assert_anchored_on_their_text(library, article_id)


def block_key_of(text: str) -> str:
    return text_key(text)


@pytest.mark.parametrize("via", ["reimport", "reclean"])
def test_corrections_hold_when_a_newer_cleaner_cleans_again(
    library: Library, article: tuple[int, Path], monkeypatch: pytest.MonkeyPatch, via: str
) -> None:
    article_id, path = article
    correct_blocks(library, article_id, [index_of(library, article_id, BODY[3])], "drop")
    correct_blocks(library, article_id, [index_of(library, article_id, "Home")], "keep")
    highlight = add_highlight_by_quote(library, article_id, "every storm")

    # A "newer cleaner": it keeps the footer lines too and drops the first paragraph.
    real = pipeline.extract

    def newer(text: str, fmt: str):  # type: ignore[no-untyped-def]
        doc = real(text, fmt)
        from reader.document import Entry

        entries = [
            Entry(e.block, e.block.text in FOOTER or (e.kept and e.block.text != BODY[0]), "new")
            for e in doc.entries()
        ]
        return type(doc).from_entries(entries, **doc.metadata())

    monkeypatch.setattr(pipeline, "extract", newer)
    monkeypatch.setattr(pipeline, "CLEANER_VERSION", pipeline.CLEANER_VERSION + 1)
    import reader.store.library as library_module

    monkeypatch.setattr(library_module, "CLEANER_VERSION", pipeline.CLEANER_VERSION)
    if via == "reimport":
        assert import_file(library, path).status == "updated"  # same bytes, newer cleaner
    else:  # the file is gone: cleaned again from the source kept in the library
        path.unlink()
        assert outdated_with_source(library) == [article_id]
        assert reclean(library, article_id).article_id == article_id
        assert outdated_with_source(library) == []
    record = get_article(library, article_id)
    assert record is not None
    assert BODY[0] not in record.plain_text  # the newer cleaner's own decision
    assert "Cookie settings" in record.plain_text
    assert BODY[3] not in record.plain_text  # the person's drop still holds
    assert "\n\nHome\n\n" in record.plain_text  # and the person's keep
    h = by_uid(library, article_id)[highlight.uid]
    assert h.status == "anchored"
    assert_anchored_on_their_text(library, article_id)


def test_a_correction_that_agrees_with_the_cleaner_is_not_stored(
    library: Library, article: tuple[int, Path]
) -> None:
    article_id, _path = article
    change = correct_blocks(library, article_id, [index_of(library, article_id, BODY[0])], "keep")
    assert not change.changed
    assert not any(b.corrected for b in list_blocks(library, article_id).blocks)
    with pytest.raises(CleaningError, match="no block 99"):
        correct_blocks(library, article_id, [99], "drop")
    with pytest.raises(CleaningError, match="no article with id 42"):
        list_blocks(library, 42)


def test_export_is_the_agreed_training_format(
    library: Library, article: tuple[int, Path], tmp_path: Path
) -> None:
    article_id, path = article
    md = tmp_path / "note.md"
    md.write_text("# A note\n\nSome text of a note.\n\nMore text of the note.\n", encoding="utf-8")
    md_id = import_file(library, md).article_id
    assert md_id is not None
    correct_blocks(library, md_id, [0], "drop")  # not a text dump: not exported
    correct_blocks(library, article_id, [index_of(library, article_id, BODY[2])], "drop")
    correct_blocks(library, article_id, [index_of(library, article_id, "Sign in")], "keep")
    data = json.loads(json.dumps(export_corrections(library)))
    assert data["format"] == "margin-corrections"
    assert data["version"] == 1
    assert len(data["pages"]) == 1
    page = data["pages"][0]
    assert set(page) == {"key", "format", "title", "text", "articleBody", "corrections"}
    record = get_article(library, article_id)
    assert record is not None
    assert page["key"] == record.sha256
    assert page["format"] == "text"
    assert page["title"] == TITLE
    assert page["text"] == path.read_text(encoding="utf-8")
    assert page["articleBody"] == "\n\n".join(["Sign in", BODY[0], BODY[1], BODY[3]])
    assert page["corrections"] == [
        {"text": BODY[2], "action": "drop"},
        {"text": "Sign in", "action": "keep"},
    ]


def test_removing_an_article_removes_its_source_and_corrections(
    library: Library, article: tuple[int, Path]
) -> None:
    from reader.store.library import remove_article

    article_id, _path = article
    correct_blocks(library, article_id, [0], "keep")
    assert remove_article(library, article_id)
    with library.engine.connect() as conn:
        for table in ("article_sources", "corrections"):
            assert conn.exec_driver_sql(f"SELECT count(*) FROM {table}").scalar() == 0


# -- upgrading a library made before sources were kept -----------------------------------------

FIXTURE = Path(__file__).resolve().parent.parent / "data" / "library_0002.db"


def test_upgrade_keeps_sources_of_files_still_there_and_marks_the_rest(tmp_path: Path) -> None:
    from tests.data.make_old_libraries import KYOTO, TEXT_DUMP

    db = tmp_path / "library.db"
    shutil.copyfile(FIXTURE, db)
    files = tmp_path / "files"
    files.mkdir()
    (files / "salt-road.txt").write_text(TEXT_DUMP, encoding="utf-8")  # same bytes as imported
    (files / "kyoto.html").write_text(KYOTO + "\n<!-- edited since -->", encoding="utf-8")
    with sqlite3.connect(db) as raw:
        texts = dict(raw.execute("SELECT id, plain_text FROM articles"))
        raw.execute(
            "UPDATE articles SET source_path = ? WHERE id = 6", (str(files / "salt-road.txt"),)
        )
        raw.execute(
            "UPDATE articles SET source_path = ? WHERE id = 1", (str(files / "kyoto.html"),)
        )

    library = open_library(db)
    try:
        assert {a.id: a.cleaning for a in list_articles(library)} == dict.fromkeys(texts, "cleaned")
        for article_id, text in texts.items():
            record = get_article(library, article_id)
            assert record is not None
            assert record.plain_text == text  # nothing is re-cleaned by the upgrade
        assert original_text(library, 6) == TEXT_DUMP
        for missing in (1, 4, 5):  # a changed file and files that are gone: no source
            with pytest.raises(CleaningError, match="no stored source"):
                source_of(library, missing)
        # Corrections work on upgraded articles, from the document they had.
        blocks = list_blocks(library, 6).blocks
        assert all(b.kept for b in blocks)
        change = correct_blocks(library, 6, [blocks[-1].index], "drop")
        assert change.changed
        assert blocks[-1].block.text not in (get_article(library, 6) or record).plain_text
        with library.engine.connect() as conn:
            stored = conn.exec_driver_sql(
                "SELECT data, size FROM article_sources WHERE article_id = 6"
            ).one()
        assert zlib.decompress(stored[0]) == TEXT_DUMP.encode("utf-8")
        assert stored[1] == len(TEXT_DUMP.encode("utf-8"))
    finally:
        library.close()


def test_block_keys_are_by_content() -> None:
    from reader.document import Block

    assert block_key(Block("paragraph", "Related  Stories")) == text_key("related stories")


def test_search_follows_corrections(library: Library, article: tuple[int, Path]) -> None:
    from reader.store.search import search

    article_id, _path = article

    def finds(word: str) -> bool:
        return article_id in {r.article_id for r in search(library, word).articles}

    assert finds("Arnesen")
    assert not finds("Cookie")  # removed text is not searched
    correct_blocks(library, article_id, [index_of(library, article_id, BODY[1])], "drop")
    correct_blocks(library, article_id, [index_of(library, article_id, "Cookie settings")], "keep")
    assert not finds("Arnesen")
    assert finds("Cookie")
