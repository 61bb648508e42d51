"""Layout at real sizes (issue 12, point 6): pane widths, the highlights list, dialogs, menus."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QFontMetrics
from pytestqt.qtbot import QtBot

from reader.store import open_library
from reader.store.annotations import add_highlight_by_quote
from reader.store.library import import_file
from reader.ui.main_window import MainWindow
from tests.gui.conftest import WindowFactory, sample_page

pytestmark = pytest.mark.gui

LONG_NOTE = (
    "Operators have said this for years; the interesting part is who pays for the night staff "
    "and whether the timetables can be kept when the border checks come back."
)


@pytest.fixture
def annotated(make_window: WindowFactory, tmp_path: Path, db_path: Path) -> MainWindow:
    page = tmp_path / "train.html"
    page.write_text(sample_page(paragraphs=4), encoding="utf-8")
    with open_library(db_path) as library:
        article_id = import_file(library, page).article_id
        assert article_id is not None
        add_highlight_by_quote(library, article_id, "Operators", color="blue")
        add_highlight_by_quote(library, article_id, "board in the evening", note=LONG_NOTE)
        add_highlight_by_quote(
            library,
            article_id,
            "Rolling stock is cheaper to lease, track access charges have fallen in several "
            "countries, and governments have started to subsidise routes.",
            color="green",
        )
    return make_window(open_id=article_id, size=(1280, 800))


def text_characters(window: MainWindow) -> int:
    """How many average characters of the reading font fit on a line of the text column."""
    view = window.reader
    column = view.viewport().width() - 2 * view.side_margin
    return column // QFontMetrics(view.typography.font()).averageCharWidth()


def test_narrow_window_keeps_a_readable_text_column(qtbot: QtBot, annotated: MainWindow) -> None:
    window = annotated
    assert window.panel.isVisible()
    assert text_characters(window) >= 60
    window.resize(800, 600)
    qtbot.waitUntil(lambda: text_characters(window) >= 45)
    assert not window.panel.isVisible()  # stepped aside for the text...
    assert not window.commands.toggle_panel.isChecked()
    window.resize(1280, 800)
    qtbot.waitUntil(window.panel.isVisible)  # ...and back when there is room again
    assert window.commands.toggle_panel.isChecked()
    assert text_characters(window) >= 60


def test_wide_window_gives_the_room_to_the_library(qtbot: QtBot, annotated: MainWindow) -> None:
    window = annotated
    before = window.library_side.width()
    window.resize(1920, 1080)
    qtbot.waitUntil(lambda: window.library_side.width() >= 560)
    assert window.library_side.width() > before + 150
    assert window.panel.width() >= 360
    view = window.reader
    column = view.viewport().width() - 2 * view.side_margin
    assert view.side_margin < column // 3  # no wide empty margins beside the text


def row_heights(window: MainWindow) -> dict[str, int]:
    """Height of each row of the highlights list, by the first word of its quote."""
    view, proxy = window.panel.list, window.panel.anchored
    out = {}
    for row in range(proxy.rowCount()):
        index = proxy.index(row, 0)
        out[str(index.data()).split()[0]] = view.visualRect(index).height()
    return out


def test_highlight_rows_fit_their_quote_and_note(qtbot: QtBot, annotated: MainWindow) -> None:
    window = annotated
    qtbot.waitUntil(lambda: window.panel.anchored.rowCount() == 3)
    heights = row_heights(window)
    line = QFontMetrics(window.panel.list.font()).lineSpacing()
    # A one-word quote takes two lines (quote, colour); a long quote more; a long note shows
    # on several lines instead of being cut to one.
    assert heights["Operators"] <= 2 * line + 16
    assert heights["Rolling"] > heights["Operators"] + line
    r = next(r for r in window.annotator.records() if r.note)
    rows = window.panel.delegate.layout(
        r, window.panel.list.font(), window.panel.list.viewport().width()
    )
    assert len(rows.note) >= 2
    assert "".join(rows.note).replace(" ", "").endswith(
        LONG_NOTE.replace(" ", "")[-12:]
    ) or rows.note[-1].endswith("…")


def test_a_filter_with_no_match_says_so(qtbot: QtBot, annotated: MainWindow) -> None:
    panel = annotated.panel
    qtbot.keyClicks(panel.filter_edit, "zeppelin")
    assert panel.anchored.rowCount() == 0
    assert panel.empty_label.isVisible()
    assert "zeppelin" in panel.empty_label.text()
    assert "3" in panel.empty_label.text()
    panel.filter_edit.clear()
    assert not panel.empty_label.isVisible()
    panel.colour_buttons["purple"].click()
    assert panel.empty_label.isVisible()
    assert "purple" in panel.empty_label.text()


def test_failed_files_wrap_instead_of_scrolling_sideways(
    qtbot: QtBot, make_window: WindowFactory, tmp_path: Path
) -> None:
    folder = tmp_path / ("a-folder-with-a-rather-long-name-" * 4) / "inside"
    folder.mkdir(parents=True)
    (folder / "empty-file-with-a-long-name.txt").write_bytes(b"")
    window = make_window()
    with qtbot.waitSignal(window.imports.importFinished):
        window.import_paths([folder])
    dialog = window.imports.failures_dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    assert dialog.text.horizontalScrollBar().maximum() == 0
    assert "file is empty" in dialog.text.toPlainText()


def test_shortcuts_are_a_readable_table(qtbot: QtBot, annotated: MainWindow) -> None:
    from reader.ui.actions import SHORTCUTS

    dialog = annotated.show_shortcuts()
    qtbot.waitExposed(dialog)
    table = dialog.table  # type: ignore[attr-defined]
    assert table.rowCount() == len(SHORTCUTS)
    assert [table.item(r, 0).text() for r in range(table.rowCount())] == [k for k, _ in SHORTCUTS]
    assert table.columnWidth(0) >= table.sizeHintForColumn(0)  # keys never cut
    assert dialog.width() >= 480
    assert dialog.minimumWidth() < dialog.width()  # resizable, not a fixed message box
    dialog.close()


def test_checkable_menu_entries_show_their_check_mark(annotated: MainWindow) -> None:
    for menu in annotated.commands.menus.values():
        for action in menu.actions():
            if action.isCheckable():
                assert action.icon().isNull() or not action.isIconVisibleInMenu(), action.text()
    assert annotated.commands.toggle_panel.isChecked()


def test_find_never_leaves_the_match_at_the_bottom_edge(
    qtbot: QtBot, make_window: WindowFactory, tmp_path: Path
) -> None:
    page = tmp_path / "long.html"
    page.write_text(sample_page(paragraphs=12, extra="<p>A zeppelin passed overhead.</p>"), "utf-8")
    window = make_window(size=(1000, 600))
    with qtbot.waitSignal(window.articleOpened):
        window.import_paths([page])
    view = window.reader
    for word in ("zeppelin", "Barcelona"):
        window.find_bar.open_bar()
        window.find_bar.edit.setText(word)
        for _ in range(3):
            cursor = view.textCursor()
            assert cursor.selectedText().lower() == word.lower()
            rect = view.cursorRect(cursor)
            line = view.fontMetrics().lineSpacing()
            assert rect.top() >= 0
            assert rect.bottom() <= view.viewport().height() - 2 * line
            window.find_bar.find_next()
