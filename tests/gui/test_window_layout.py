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
