"""The highlights panel: model, filters, jumping, orphans, the article's note and tags."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from reader.store import open_library
from reader.store.annotations import add_highlight_by_quote, get_highlight, list_highlights
from reader.store.library import get_article, import_file
from reader.store.records import HighlightRecord
from reader.ui.highlights_model import HighlightFilter, HighlightListModel
from reader.ui.main_window import MainWindow
from tests.gui.conftest import (
    PAGE_BODY,
    WindowFactory,
    drop_files,
    focus_reader,
    open_file,
    sample_page,
    select_quote,
)

pytestmark = pytest.mark.gui

QUOTES = [  # (quote, colour, note, tags), in reading order
    ("sleeper services that were cut a decade ago", "yellow", "", ()),
    ("board in the evening", "green", "the whole pitch", ("pitch",)),
    ("Rolling stock is cheaper to lease", "blue", "", ()),
    ("Tickets are hard to book across borders", "pink", "ticketing is the real problem", ()),
    ("a line from Amsterdam to Barcelona", "purple", "", ("routes", "spain")),
]


def record(i: int, start: int, color: str = "yellow", status: str = "anchored") -> HighlightRecord:
    t = datetime(2025, 1, 1)
    return HighlightRecord(
        i, f"u{i}", 1, start, start + 5, f"quote {i}", "", "", color, status, "exact", "", (), t, t
    )  # type: ignore[arg-type]


def test_model_passes_qtmodeltester(qtmodeltester: object) -> None:
    model = HighlightListModel()
    model.set_records([record(3, 50), record(1, 10, "green"), record(2, 0, status="orphaned")])
    qtmodeltester.check(model)  # type: ignore[attr-defined]
    assert [model.data(model.index(r), Qt.ItemDataRole.UserRole + 2) for r in range(3)] == [1, 3, 2]
    model.upsert(record(4, 20))
    model.upsert(record(1, 60, "blue"))  # moved: its row moves too
    model.remove(3)
    ids = [model.records()[r].id for r in range(model.rowCount())]
    assert ids == [4, 1, 2]
    anchored = HighlightFilter(model, orphans=False)
    qtmodeltester.check(anchored)  # type: ignore[attr-defined]
    assert anchored.rowCount() == 2
    anchored.set_colours(["blue"])
    assert anchored.rowCount() == 1


@pytest.fixture
def annotated(
    qtbot: QtBot, make_window: WindowFactory, tmp_path: Path, db_path: Path
) -> MainWindow:
    """A window opened on an article that already has highlights (made with the CLI's services)."""
    path = tmp_path / "files" / "long.html"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(sample_page(paragraphs=6), encoding="utf-8")
    with open_library(db_path) as lib:
        article_id = import_file(lib, path).article_id
        assert article_id is not None
        for quote, color, note, tags in QUOTES:
            add_highlight_by_quote(lib, article_id, quote, color=color, note=note, tags=tags)
        # The last one sits far down the article (the body repeats), to test jumping.
        add_highlight_by_quote(lib, article_id, "Whether they last", occurrence=6, color="green")
    window = make_window(open_id=article_id)
    focus_reader(qtbot, window)
    return window


def shown_quotes(window: MainWindow) -> list[str]:
    proxy = window.panel.anchored
    return [proxy.index(r, 0).data() for r in range(proxy.rowCount())]


def test_panel_lists_in_reading_order_and_filters(qtbot: QtBot, annotated: MainWindow) -> None:
    panel = annotated.panel
    assert shown_quotes(annotated) == [q for q, *_ in QUOTES] + ["Whether they last"]
    assert panel.count_label.text() == "Highlights · 6"
    qtbot.mouseClick(panel.colour_buttons["green"], Qt.MouseButton.LeftButton)
    assert shown_quotes(annotated) == ["board in the evening", "Whether they last"]
    qtbot.mouseClick(panel.colour_buttons["pink"], Qt.MouseButton.LeftButton)
    assert len(shown_quotes(annotated)) == 3
    assert panel.count_label.text() == "Highlights · 3 of 6"
    qtbot.mouseClick(panel.colour_buttons["green"], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(panel.colour_buttons["pink"], Qt.MouseButton.LeftButton)
    assert len(shown_quotes(annotated)) == 6
    qtbot.keyClicks(panel.filter_edit, "PROBLEM")  # notes count, case does not
    assert shown_quotes(annotated) == ["Tickets are hard to book across borders"]
    panel.filter_edit.clear()
    qtbot.keyClicks(panel.filter_edit, "spain")  # and so do tags
    assert shown_quotes(annotated) == ["a line from Amsterdam to Barcelona"]
    panel.filter_edit.clear()
    assert not panel.empty_label.isVisible()


def test_click_in_the_panel_jumps_and_flashes(qtbot: QtBot, annotated: MainWindow) -> None:
    window = annotated
    view = window.reader
    bar = view.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 500)
    bar.setValue(0)
    far = next(r for r in window.annotator.records() if r.exact == "Whether they last")
    index = window.panel.anchored.index_of(far.id)
    window.panel.list.scrollTo(index)
    rect = window.panel.list.visualRect(index)
    qtbot.mouseClick(window.panel.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.annotator.current == far.id
    assert window.annotator.flash.active
    assert bar.value() > 0
    a, _b = window.annotator.layer.span(far.id) or (0, 0)
    cursor = view.textCursor()
    cursor.setPosition(a)
    assert view.viewport().rect().contains(view.cursorRect(cursor))  # the passage is in view
    qtbot.waitUntil(lambda: not window.annotator.flash.active, timeout=3000)
    # Keys work from the list too: 3 recolours the highlight just chosen.
    qtbot.keyClick(window.panel.list, Qt.Key.Key_3)
    assert get_highlight(window.library, far.id).color == "blue"
    # Enter (or a double click) in the list opens its note editor.
    qtbot.keyClick(window.panel.list, Qt.Key.Key_Return)
    assert window.annotator.popup.is_open
    qtbot.waitUntil(window.annotator.popup.note.hasFocus)


def test_article_note_and_tags_are_saved_and_come_back(
    qtbot: QtBot, annotated: MainWindow, make_window: WindowFactory
) -> None:
    window = annotated
    article_id = window.reader.article_id
    assert article_id is not None
    panel = window.panel
    panel.article_note.setFocus()
    qtbot.waitUntil(panel.article_note.hasFocus)
    qtbot.keyClicks(panel.article_note, "Worth a follow-up in spring.")
    qtbot.waitUntil(
        lambda: get_article(window.library, article_id).note == "Worth a follow-up in spring.",
        timeout=2000,
    )
    panel.article_tags.setFocus()
    qtbot.keyClicks(panel.article_tags, "rail, Europe, #rail")
    qtbot.keyClick(panel.article_tags, Qt.Key.Key_Return)
    assert get_article(window.library, article_id).tags == ("Europe", "rail")
    window.close()
    again = make_window(size=None)
    assert again.panel.article_note.toPlainText() == "Worth a follow-up in spring."
    assert again.panel.article_tags.text() == "Europe, rail"


def test_library_count_follows_highlights(qtbot: QtBot, annotated: MainWindow) -> None:
    window = annotated
    article_id = window.reader.article_id
    assert article_id is not None
    focus_reader(qtbot, window)
    select_quote(window, "Meanwhile, the people who ride them")
    qtbot.keyClick(window.reader, Qt.Key.Key_H)
    summary = window.model.summary_by_id(article_id)
    assert summary is not None
    assert summary.highlights == 7
    qtbot.keyClick(window.reader, Qt.Key.Key_Delete)
    summary = window.model.summary_by_id(article_id)
    assert summary is not None
    assert summary.highlights == 6


def test_orphans_are_listed_and_can_be_reattached_or_deleted(
    qtbot: QtBot, make_window: WindowFactory, tmp_path: Path
) -> None:
    path = tmp_path / "night-train.html"
    path.write_text(sample_page(), encoding="utf-8")
    window = make_window()
    article_id = open_file(qtbot, window, path)
    lib = window.library
    kept = add_highlight_by_quote(lib, article_id, "Rolling stock is cheaper to lease")
    lost = add_highlight_by_quote(
        lib, article_id, "Tickets are hard to book across borders", note="check Interrail"
    )
    gone = add_highlight_by_quote(lib, article_id, "including a line from Amsterdam")
    # The file changes: the paragraphs with two of the quotes are rewritten.
    text = sample_page().replace(PAGE_BODY[3], "Booking is still a puzzle for most people.")
    path.write_text(text.replace(PAGE_BODY[4], "More routes are coming."), encoding="utf-8")
    outcome = drop_files(qtbot, window, [path])
    assert "2 orphaned" in window.statusBar().currentMessage()
    assert outcome.reanchor().orphaned == 2
    panel = window.panel
    qtbot.waitUntil(lambda: panel.orphaned.rowCount() == 2)
    assert panel.orphan_list.isVisible()
    assert panel.orphan_label.text() == "Orphaned · 2"
    assert shown_quotes(window) == [kept.exact]

    select_quote(window, "Booking is still a puzzle")
    index = panel.orphaned.index_of(lost.id)
    panel.orphan_list.setCurrentIndex(index)
    assert panel.reattach_button.isEnabled()
    qtbot.mouseClick(panel.reattach_button, Qt.MouseButton.LeftButton)
    moved = get_highlight(lib, lost.id)
    assert (moved.status, moved.exact, moved.note) == (
        "anchored",
        "Booking is still a puzzle",
        "check Interrail",
    )
    assert window.annotator.layer.span(lost.id) is not None
    assert panel.orphaned.rowCount() == 1
    window.commands.undo.trigger()  # back to an orphan, quote and all
    undone = get_highlight(lib, lost.id)
    assert (undone.status, undone.exact) == ("orphaned", "Tickets are hard to book across borders")
    assert window.annotator.layer.span(lost.id) is None
    window.commands.redo.trigger()
    assert get_highlight(lib, lost.id).status == "anchored"

    panel.orphan_list.setCurrentIndex(panel.orphaned.index_of(gone.id))
    qtbot.mouseClick(panel.delete_orphan_button, Qt.MouseButton.LeftButton)
    assert {h.id for h in list_highlights(lib, article_id)} == {kept.id, lost.id}
    assert not panel.orphan_list.isVisible()
    window.commands.undo.trigger()
    assert get_highlight(lib, gone.id).status == "orphaned"
    assert panel.orphaned.rowCount() == 1
