"""The window's search (Ctrl+K), the Highlights tab and the Tags tab, driven like a person would:
keys typed into the field, results chosen, the article opened at the match."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from reader.store import open_library
from reader.store.browse import highlight_items
from reader.store.records import SearchResults
from reader.ui.library_highlights_model import LibraryHighlightsModel
from reader.ui.main_window import MainWindow
from reader.ui.search_model import SearchResultsModel
from reader.ui.tag_list import TagCountModel
from tests.gui.conftest import WindowFactory
from tests.search_library import SearchLibrary, build

pytestmark = pytest.mark.gui
WAIT_MS = 10_000


@pytest.fixture
def lib(db_path: Path, tmp_path: Path) -> SearchLibrary:
    with open_library(db_path) as library:
        return build(library, tmp_path / "articles")


@pytest.fixture
def window(make_window: WindowFactory, lib: SearchLibrary) -> MainWindow:
    return make_window()


def type_query(qtbot: QtBot, window: MainWindow, text: str) -> None:
    """Type ``text`` into the search field (CJK as an input method commits it) and wait."""
    pane = window.search.pane
    with qtbot.waitSignal(pane.searched, timeout=WAIT_MS, check_params_cb=lambda t: t == text):
        if text.isascii():
            QTest.keyClicks(pane.field, text)
        else:
            pane.field.insert(text)


def titles(window: MainWindow) -> dict[str, list[int]]:
    model = window.search.pane.model
    out: dict[str, list[int]] = {}
    for g in range(model.rowCount()):
        group = model.index(g, 0)
        label = str(model.data(group)).split(" ")[0]
        out[label] = [
            model.result(model.index(r, 0, group)).article_id for r in range(model.rowCount(group))
        ]  # type: ignore[union-attr]
    return out


def test_ctrl_k_searches_as_you_type(qtbot: QtBot, window: MainWindow, lib: SearchLibrary) -> None:
    QTest.keyClick(window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    pane = window.search.pane
    assert window.library_side.currentWidget() is pane
    assert pane.field.hasFocus()
    type_query(qtbot, window, "naiv")  # the word being typed is a prefix
    assert titles(window) == {"Articles": [lib.rivers], "Notes": [lib.rivers]}
    assert "1 article" in pane.status.text()
    # Ctrl+Shift+F comes back to the field from the reader.
    window.reader.setFocus()
    QTest.keyClick(
        window,
        Qt.Key.Key_F,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert pane.field.hasFocus()
    # Esc clears the field, and the results with it at once; Esc again goes back to the reader.
    QTest.keyClick(pane.field, Qt.Key.Key_Escape)
    assert pane.field.text() == ""
    assert pane.model.rowCount() == 0
    assert pane.shown_text == ""
    QTest.keyClick(pane.field, Qt.Key.Key_Escape)
    assert window.reader.hasFocus()


def test_only_the_newest_text_shows_results(
    qtbot: QtBot, window: MainWindow, lib: SearchLibrary
) -> None:
    pane = window.search.pane
    window.search.show_search()
    QTest.keyClicks(pane.field, "salmon")
    with qtbot.waitSignal(
        pane.searched, timeout=WAIT_MS, check_params_cb=lambda t: t == "salmon sleeper"
    ):
        QTest.keyClicks(pane.field, " sleeper")
    assert pane.model.rowCount() == 0  # nothing has both words
    assert "Nothing matches" in pane.status.text()
    # An answer to an older text arriving late is dropped.
    pane._finished((pane._generation - 1, "salmon", SearchResults(), {}))
    assert pane.shown_text == "salmon sleeper"


def test_enter_opens_an_article_at_the_match(
    qtbot: QtBot, window: MainWindow, lib: SearchLibrary
) -> None:
    window.search.show_search()
    type_query(qtbot, window, "bridge in:articles")
    QTest.keyClick(window.search.pane.field, Qt.Key.Key_Return)
    assert window.reader.article_id == lib.rivers
    assert window.annotator.flash.active
    record = window.reader.record
    assert record is not None
    pmap = window.reader.position_map
    assert pmap is not None
    at = pmap.from_qt(window.reader.textCursor().position())
    assert record.plain_text[at : at + 6].lower() == "bridge"


def test_choosing_a_highlight_or_its_note_jumps_to_it(
    qtbot: QtBot, window: MainWindow, lib: SearchLibrary
) -> None:
    pane = window.search.pane
    window.search.show_search()
    type_query(qtbot, window, "smokehouse")
    QTest.keyClick(pane.field, Qt.Key.Key_Down)
    assert pane.view.hasFocus()
    QTest.keyClick(pane.view, Qt.Key.Key_Return)
    assert window.reader.article_id == lib.rivers
    assert window.annotator.current == lib.salmon
    assert window.annotator.flash.active
    # A CJK highlight, by a substring inside its quote.
    pane.field.clear()
    window.search.show_search()
    type_query(qtbot, window, "ンの改 in:highlights")
    group = pane.model.index(0, 0)
    rect = pane.view.visualRect(pane.model.index(0, 0, group))
    QTest.mouseClick(pane.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.reader.article_id == lib.japanese
    assert window.annotator.current == lib.kaizo


def test_highlights_tab_lists_filters_and_opens(
    qtbot: QtBot, window: MainWindow, lib: SearchLibrary
) -> None:
    view = window.search.highlights
    with qtbot.waitSignal(view.loaded, timeout=WAIT_MS):
        window.search.show_highlights()
    assert view.model.ids() == [lib.kaizo, lib.sleeper, lib.zurich, lib.salmon]  # newest first
    assert view.count_label.text() == "4 highlights"
    with qtbot.waitSignal(view.loaded, timeout=WAIT_MS):
        view.colour_buttons["green"].click()
    assert view.model.ids() == [lib.salmon]
    with qtbot.waitSignal(view.loaded, timeout=WAIT_MS):
        view.colour_buttons["green"].click()  # again: all colours
    assert len(view.model.ids()) == 4
    with qtbot.waitSignal(view.loaded, timeout=WAIT_MS):
        view.set_tag("rail")
    assert view.model.ids() == [lib.sleeper]
    with qtbot.waitSignal(view.loaded, timeout=WAIT_MS):
        view.set_tag(None)
    with qtbot.waitSignal(view.loaded, timeout=WAIT_MS):
        QTest.keyClicks(view.filter_edit, "idee")  # in a note, without its accent
    assert view.model.ids() == [lib.zurich]
    with qtbot.waitSignal(view.loaded, timeout=WAIT_MS):
        view.filter_edit.clear()
    with qtbot.waitSignal(view.loaded, timeout=WAIT_MS):
        view.order_box.setCurrentIndex(1)  # by article: Rivers, Night Train, 車の改造…
    assert (
        view.model.ids()
        == [lib.salmon, lib.zurich, lib.sleeper, lib.kaizo][:2] + view.model.ids()[2:]
    )
    index = view.model.index(view.model.row_of(lib.sleeper) or 0)
    view.list.setCurrentIndex(index)
    QTest.keyClick(view.list, Qt.Key.Key_Return)
    assert window.reader.article_id == lib.trains
    assert window.annotator.current == lib.sleeper


def test_highlights_tab_follows_new_highlights(
    qtbot: QtBot, window: MainWindow, lib: SearchLibrary
) -> None:
    view = window.search.highlights
    with qtbot.waitSignal(view.loaded, timeout=WAIT_MS):
        window.search.show_highlights()
    window.open_article(lib.trains, True)
    record = window.reader.record
    assert record is not None
    start = record.plain_text.index("overnight routes")
    window.annotator.select_range(start, start + len("overnight routes")) if hasattr(
        window.annotator, "select_range"
    ) else window.reader.select_range(start, start + len("overnight routes"))
    with qtbot.waitSignal(view.loaded, timeout=WAIT_MS):
        created = window.annotator.highlight_selection("purple")
    assert created is not None
    assert view.model.ids()[0] == created.id


def test_tags_tab_counts_and_searches(qtbot: QtBot, window: MainWindow, lib: SearchLibrary) -> None:
    tags = window.search.tags
    with qtbot.waitSignal(tags.loaded, timeout=WAIT_MS):
        window.search._show_tab(tags)
    rows = {
        tags.model.tag(r).name: (tags.model.tag(r).articles, tags.model.tag(r).highlights)
        for r in range(tags.model.rowCount())
    }  # type: ignore[union-attr]
    assert rows["rail"] == (1, 1)
    assert rows["food"] == (0, 1)
    assert rows["日本語"] == (1, 0)
    row = [tags.model.tag(r).name for r in range(tags.model.rowCount())].index("rail")  # type: ignore[union-attr]
    pane = window.search.pane
    with qtbot.waitSignal(pane.searched, timeout=WAIT_MS):
        rect = tags.table.visualRect(tags.model.index(row, 0))
        QTest.mouseClick(tags.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert pane.field.text() == 'tag:"rail"'
    assert titles(window) == {
        "Articles": [lib.trains],
        "Highlights": [lib.trains],
        "Notes": [lib.trains],
    }


def test_models_pass_the_model_tester(
    qtmodeltester, window: MainWindow, lib: SearchLibrary
) -> None:  # type: ignore[no-untyped-def]
    from reader.store.search import search

    model = SearchResultsModel()
    model.set_results(search(window.library, "in:highlights"), {"highlight": 50})
    qtmodeltester.check(model)
    model.set_results(search(window.library, "train*"), {"article": 1})
    qtmodeltester.check(model)
    highlights = LibraryHighlightsModel(window.library)
    ids = [lib.kaizo, lib.sleeper, lib.zurich, lib.salmon]
    highlights.set_rows(ids, highlight_items(window.library, ids[:2]))
    qtmodeltester.check(highlights)
    from reader.store.browse import tag_counts

    tags = TagCountModel()
    tags.set_tags(tag_counts(window.library))
    qtmodeltester.check(tags)


def test_a_full_group_says_how_to_see_more(
    qtbot: QtBot, window: MainWindow, lib: SearchLibrary
) -> None:
    from reader.store.search import search

    pane = window.search.pane
    window.search.show_search()
    type_query(qtbot, window, "train*")
    results = search(window.library, "train*")
    pane._finished((pane._generation, "train*", results, {"article": 1, "highlight": 20}))
    assert pane.model.data(pane.model.index(0, 0)) == f"Articles ({len(results.articles)}+)"
    assert "For more, add in:articles." in pane.status.text()
