"""Import by drag and drop, see it listed, select it, read it: the core path of the window."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from reader.ui.library_model import TITLE
from tests.conftest import SEED_TITLE
from tests.gui.conftest import (
    DUMP_BODY,
    DUMP_JUNK,
    DUMP_TITLE,
    PAGE_BODY,
    PAGE_JUNK,
    PAGE_TITLE,
    WindowFactory,
    drop_files,
    reader_text,
)

pytestmark = pytest.mark.gui


def _click_row(qtbot: QtBot, window: object, row: int) -> None:
    table = window.library_pane.table  # type: ignore[attr-defined]
    rect = table.visualRect(table.model().index(row, TITLE))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def _import_select_read(
    qtbot: QtBot,
    make_window: WindowFactory,
    path: Path,
    title: str,
    body: tuple[str, ...],
    junk: tuple[str, ...],
) -> None:
    window = make_window()
    assert window.stack.currentWidget() is window.empty_state
    outcome = drop_files(qtbot, window, [path])
    assert [r.status for r in outcome.results] == ["imported"], outcome.results

    model = window.library_pane.proxy
    assert model.rowCount() == 1
    assert model.index(0, TITLE).data() == title
    assert window.stack.currentWidget() is window.splitter

    # Start from nothing shown, then select the row as a person would: a click.
    window.reader.clear_article()
    window.library_pane.table.clearSelection()
    window.library_pane.table.setCurrentIndex(model.index(-1, -1))
    with qtbot.waitSignal(window.articleOpened):
        _click_row(qtbot, window, 0)
    text = reader_text(window)
    assert title in text
    for paragraph in body:
        assert paragraph in text
    for line in junk:
        assert line not in text
    assert window.windowTitle() == f"{title} — Margin"
    qtbot.waitUntil(window.reader.hasFocus)


def test_dropped_page_is_listed_and_readable(
    qtbot: QtBot, make_window: WindowFactory, sample_html: Path
) -> None:
    _import_select_read(qtbot, make_window, sample_html, PAGE_TITLE, PAGE_BODY, PAGE_JUNK)


def test_dropped_text_dump_is_listed_and_readable(
    qtbot: QtBot, make_window: WindowFactory, sample_dump: Path
) -> None:
    _import_select_read(qtbot, make_window, sample_dump, DUMP_TITLE, DUMP_BODY, DUMP_JUNK)


def test_dropped_seed_article(qtbot: QtBot, make_window: WindowFactory, seed_file: Path) -> None:
    gold = json.loads(seed_file.with_name(seed_file.stem + ".gold.json").read_text("utf-8"))
    junk = tuple(line for line in gold["boilerplate"] if len(line) > 12)
    _import_select_read(qtbot, make_window, seed_file, SEED_TITLE, tuple(gold["body"][:3]), junk)


def test_drop_opens_the_first_file_and_focuses_the_reader(
    qtbot: QtBot, make_window: WindowFactory, sample_html: Path
) -> None:
    window = make_window()
    with qtbot.waitSignal(window.articleOpened):
        drop_files(qtbot, window, [sample_html])
    assert window.reader.record is not None
    assert window.reader.record.title == PAGE_TITLE
    assert window.library_pane.current_article_id() == window.reader.article_id
    assert window.windowTitle() == f"{PAGE_TITLE} — Margin"
    qtbot.waitUntil(window.reader.hasFocus)


def test_dropping_the_same_file_twice_keeps_one_article(
    qtbot: QtBot, make_window: WindowFactory, sample_html: Path
) -> None:
    window = make_window()
    drop_files(qtbot, window, [sample_html])
    outcome = drop_files(qtbot, window, [sample_html])
    assert [r.status for r in outcome.results] == ["unchanged"]
    assert window.model.rowCount() == 1


def test_drop_of_a_folder_lists_failures_with_reasons(
    qtbot: QtBot, make_window: WindowFactory, tmp_path: Path, sample_html: Path
) -> None:
    folder = sample_html.parent
    (folder / "empty.txt").write_bytes(b"")
    (folder / "program.exe").write_bytes(b"MZ\x90\x00" * 10)
    window = make_window()
    outcome = drop_files(qtbot, window, [folder])
    assert outcome.count("imported") == 1
    assert len(outcome.failures) == 2
    dialog = window.imports.failures_dialog
    assert dialog is not None
    assert dialog.isVisible()
    listing = dialog.text.toPlainText()
    assert "empty.txt" in listing
    assert "program.exe" in listing
    assert all(r.reason and r.reason in listing for r in outcome.failures)
    assert "1 imported" in window.statusBar().currentMessage()
    dialog.copy_button.click()
    from PySide6.QtGui import QGuiApplication

    assert QGuiApplication.clipboard().text() == listing


def test_window_title_without_article(make_window: WindowFactory) -> None:
    window = make_window()
    assert window.windowTitle() == "Margin"
