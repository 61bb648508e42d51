"""Quit and start again: the article, its scroll position, the window and the reading settings."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from reader.store.library import get_article
from tests.gui.conftest import WindowFactory, drop_files, sample_page

pytestmark = pytest.mark.gui


def test_restart_restores_article_position_and_window(
    qtbot: QtBot, make_window: WindowFactory, tmp_path: Path
) -> None:
    path = tmp_path / "long.html"
    path.write_text(sample_page(paragraphs=12), encoding="utf-8")
    first = make_window(size=(780, 580))  # inside the offscreen screen (800x600)
    with qtbot.waitSignal(first.articleOpened):
        drop_files(qtbot, first, [path])
    article_id = first.reader.article_id
    assert article_id is not None
    first.appearance.set_theme("dark")
    first.appearance.change_font_size(+1)
    first.splitter.setSizes([260, 520])
    sizes = first.splitter.sizes()
    bar = first.reader.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 1000)
    bar.setValue(bar.maximum() // 2)
    top = first.reader.top_position()
    assert top > 500
    value = bar.value()

    qtbot.keyClick(first.reader, Qt.Key.Key_Q, modifier=Qt.KeyboardModifier.ControlModifier)
    assert not first.isVisible()
    record = get_article(first.library, article_id)
    assert record is not None
    assert record.reading_position == top

    second = make_window(size=None)
    assert second.size() == first.size()
    assert second.reader.article_id == article_id
    assert second.windowTitle() == first.windowTitle()
    assert second.appearance.theme_name == "dark"
    assert second.reader.typography == first.reader.typography
    assert second.splitter.sizes() == sizes
    bar2 = second.reader.verticalScrollBar()
    qtbot.waitUntil(lambda: second.reader.top_position() == top)
    line = second.reader.fontMetrics().lineSpacing() * 2
    assert abs(bar2.value() - value) <= line
    assert second.library_pane.current_article_id() == article_id
    assert second.reader.hasFocus()


def test_reading_position_is_saved_while_reading(
    qtbot: QtBot, make_window: WindowFactory, tmp_path: Path
) -> None:
    path = tmp_path / "long.html"
    path.write_text(sample_page(paragraphs=12), encoding="utf-8")
    window = make_window()
    with qtbot.waitSignal(window.articleOpened):
        drop_files(qtbot, window, [path])
    article_id = window.reader.article_id
    bar = window.reader.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 1000)
    with qtbot.waitSignal(window.reader.readingPositionChanged, timeout=5000) as blocker:
        bar.setValue(bar.maximum() // 3)
    assert blocker.args[0] == article_id
    position = blocker.args[1]
    assert position > 0

    def saved() -> bool:
        record = get_article(window.library, article_id)
        return record is not None and record.reading_position == position

    qtbot.waitUntil(saved)


def test_position_stays_at_the_same_text_when_the_font_grows(
    qtbot: QtBot, make_window: WindowFactory, tmp_path: Path
) -> None:
    path = tmp_path / "long.html"
    path.write_text(sample_page(paragraphs=12), encoding="utf-8")
    window = make_window()
    with qtbot.waitSignal(window.articleOpened):
        drop_files(qtbot, window, [path])
    bar = window.reader.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 1000)
    bar.setValue(bar.maximum() // 2)
    top = window.reader.top_position()
    window.appearance.change_font_size(+3)
    qtbot.waitUntil(lambda: abs(window.reader.top_position() - top) < 80)
    assert bar.value() > 0


def test_opening_a_deleted_last_article_is_harmless(
    qtbot: QtBot, make_window: WindowFactory, sample_html: Path
) -> None:
    window = make_window()
    with qtbot.waitSignal(window.articleOpened):
        drop_files(qtbot, window, [sample_html])
    window.settings.set_last_article(window.library.path, 999)
    window.persist = False  # keep the bogus id for the next start
    window.close()
    again = make_window()
    assert again.reader.article_id is None
    assert again.windowTitle() == "Margin"
    assert again.model.rowCount() == 1


def test_narrow_first_start_keeps_the_highlights_panel_closed(make_window: WindowFactory) -> None:
    narrow = make_window(size=(780, 580))
    assert narrow.panel.isHidden()
    assert not narrow.commands.toggle_panel.isChecked()
    narrow.commands.toggle_panel.trigger()
    assert not narrow.panel.isHidden()
    narrow.close()
    again = make_window(size=(780, 580))
    assert not again.panel.isHidden()  # the user's choice wins over the default


def test_wide_first_start_shows_the_highlights_panel(make_window: WindowFactory) -> None:
    wide = make_window()
    assert wide.width() >= 1000
    assert not wide.panel.isHidden()
    assert wide.commands.toggle_panel.isChecked()
