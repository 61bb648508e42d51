"""The reader view: find, themes, typography, links, resources, and the position map."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtCore import QObject, Qt, QUrl, Slot
from PySide6.QtGui import QColor, QDesktopServices, QImage, QPalette, QTextDocument
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from reader.document import Document
from reader.ui.main_window import MainWindow
from tests.gui.conftest import PAGE_TITLE, WindowFactory, drop_files, sample_page

pytestmark = pytest.mark.gui
CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def reading(qtbot: QtBot, make_window: WindowFactory, tmp_path: Path) -> MainWindow:
    """A window with a long-ish article open (the sample page, its body repeated)."""
    path = tmp_path / "long.html"
    path.write_text(sample_page(paragraphs=8), encoding="utf-8")
    window = make_window()
    with qtbot.waitSignal(window.articleOpened):
        drop_files(qtbot, window, [path])
    return window


def test_find_marks_all_matches_and_steps(qtbot: QtBot, reading: MainWindow) -> None:
    window = reading
    text = window.reader.document().toPlainText()
    expected = len(re.findall("operators", text, flags=re.IGNORECASE))
    assert expected >= 8
    qtbot.keyClick(window.reader, "f", modifier=CTRL)
    assert window.find_bar.isVisible()
    qtbot.waitUntil(window.find_bar.edit.hasFocus)
    qtbot.keyClicks(window.find_bar.edit, "Operators")
    assert window.find_bar.match_count == expected
    marked = window.reader.extraSelections()
    assert len(marked) == expected - 1  # the current match is the selection itself
    assert all(s.cursor.selectedText().lower() == "operators" for s in marked)
    first = window.reader.textCursor().selectionStart()
    assert window.reader.textCursor().selectedText().lower() == "operators"
    qtbot.keyClick(window.find_bar.edit, Qt.Key.Key_Return)
    second = window.reader.textCursor().selectionStart()
    assert second > first
    assert (
        window.find_bar.count_label.text() == f"{window.find_bar.current_index + 1} of {expected}"
    )
    window.find_bar.find_previous()
    assert window.reader.textCursor().selectionStart() == first
    qtbot.keyClick(window.find_bar.edit, Qt.Key.Key_Escape)
    assert not window.find_bar.isVisible()
    assert window.reader.extraSelections() == []
    assert window.reader.hasFocus()


def test_find_without_matches_says_so(qtbot: QtBot, reading: MainWindow) -> None:
    reading.find_bar.open_bar()
    qtbot.keyClicks(reading.find_bar.edit, "zeppelin")
    assert reading.find_bar.match_count == 0
    assert reading.find_bar.count_label.text() == "No matches"


def test_find_survives_a_theme_change(qtbot: QtBot, reading: MainWindow) -> None:
    reading.find_bar.open_bar()
    qtbot.keyClicks(reading.find_bar.edit, "routes")
    count = reading.find_bar.match_count
    assert count > 0
    reading.appearance.set_theme("dark")
    assert reading.find_bar.match_count == count
    assert len(reading.reader.extraSelections()) == count - 1


def test_theme_switch_changes_the_palette(qtbot: QtBot, reading: MainWindow) -> None:
    view = reading.reader
    reading.appearance.set_theme("light")
    light_base = view.palette().color(QPalette.ColorRole.Base)
    light_text = view.palette().color(QPalette.ColorRole.Text)
    reading.appearance.set_theme("dark")
    dark_base = view.palette().color(QPalette.ColorRole.Base)
    assert dark_base != light_base
    assert dark_base.lightness() < 60 < light_base.lightness()
    assert view.palette().color(QPalette.ColorRole.Text) != light_text
    assert QApplication.palette().color(QPalette.ColorRole.Window).lightness() < 80
    assert reading.commands.theme_actions["dark"].isChecked()
    reading.appearance.set_theme("sepia")
    sepia = view.palette().color(QPalette.ColorRole.Base)
    assert sepia not in (light_base, dark_base)
    assert sepia.red() > sepia.blue()  # warm paper
    # The article's own text colour follows (the style sheet is rebuilt).
    assert "#3b2f20" in view.document().defaultStyleSheet()
    assert reading.settings.theme() == "sepia"


def test_system_theme_follows_the_platform(make_window: WindowFactory) -> None:
    window = make_window(theme="system")
    from reader.ui.themes import system_theme_name

    expected = "#1b1c1f" if system_theme_name() == "dark" else "#fcfcfa"
    assert window.reader.palette().color(QPalette.ColorRole.Base) == QColor(expected)


def test_font_size_shortcuts(qtbot: QtBot, reading: MainWindow) -> None:
    view = reading.reader
    size = view.typography.size
    qtbot.keyClick(view, "=", modifier=CTRL)
    assert view.typography.size == size + 1
    assert view.document().defaultFont().pointSizeF() == size + 1
    qtbot.keyClick(view, "-", modifier=CTRL)
    qtbot.keyClick(view, "-", modifier=CTRL)
    assert view.typography.size == size - 1
    assert reading.settings.typography().size == size - 1


def test_line_spacing_and_family(reading: MainWindow) -> None:
    reading.appearance.set_line_height(180)
    assert "line-height: 180%" in reading.reader.document().defaultStyleSheet()
    block = reading.reader.document().findBlockByNumber(2)
    assert block.blockFormat().lineHeight() == 180
    reading.appearance.set_font_family("Sans")
    assert "sans-serif" in reading.reader.document().defaultFont().families()
    assert reading.commands.family_actions["Sans"].isChecked()


def test_text_column_is_limited_and_centred(qtbot: QtBot, reading: MainWindow) -> None:
    view = reading.reader
    reading.resize(1600, 800)
    reading.toggle_panel(False)
    reading.splitter.setSizes([300, 1300])
    qtbot.waitUntil(lambda: view.viewport().width() > view.typography.measure_px() + 300)
    qtbot.waitUntil(lambda: view.side_margin > 150)
    width = view.viewport().width()
    root = view.document().rootFrame().frameFormat()
    assert root.leftMargin() == root.rightMargin() == view.side_margin
    column = width - 2 * view.side_margin
    assert column <= view.typography.measure_px() + 1
    reading.resize(700, 600)
    qtbot.waitUntil(lambda: view.side_margin < 100)


class _UrlCatcher(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    @Slot(QUrl)
    def catch(self, url: QUrl) -> None:
        self.urls.append(url.toString())


def test_links_go_to_the_system_browser(qtbot: QtBot, reading: MainWindow) -> None:
    catcher = _UrlCatcher()
    QDesktopServices.setUrlHandler("https", catcher, "catch")
    try:
        reading.reader.anchorClicked.emit(QUrl("https://example.org/report"))
    finally:
        QDesktopServices.unsetUrlHandler("https")
    assert catcher.urls == ["https://example.org/report"]
    assert reading.reader.record is not None
    assert reading.reader.record.title == PAGE_TITLE  # the view did not navigate away


def test_no_resource_is_ever_loaded(qtbot: QtBot, reading: MainWindow, tmp_path: Path) -> None:
    image = tmp_path / "pixel.png"
    img = QImage(40, 30, QImage.Format.Format_RGB32)
    img.fill(QColor("red"))
    assert img.save(str(image))
    view = reading.reader
    # Even an HTML that asks for a local image, a remote image and a remote style sheet.
    view.refused_urls.clear()
    view.setHtml(
        f'<link rel="stylesheet" href="https://example.org/s.css">'
        f'<p><img src="{QUrl.fromLocalFile(str(image)).toString()}"></p>'
        '<p><img src="https://example.org/tracker.gif"></p>'
    )
    view.document().documentLayout().documentSize()  # force layout (image requests)
    for url in (QUrl.fromLocalFile(str(image)), QUrl("https://example.org/tracker.gif")):
        answer = view.loadResource(QTextDocument.ResourceType.ImageResource.value, url)
        assert answer.width() == 1  # a blank placeholder, never the file
    assert any("pixel.png" in u for u in view.refused_urls)
    assert any("tracker.gif" in u for u in view.refused_urls)
    resource = view.document().resource(
        QTextDocument.ResourceType.ImageResource, QUrl.fromLocalFile(str(image))
    )
    assert resource.width() <= 1  # the blank placeholder, not the 40x30 file


def test_chrome_line_and_position_map(reading: MainWindow) -> None:
    view = reading.reader
    record = view.record
    assert record is not None
    first = view.document().begin()
    assert "min read" in first.text()
    assert "Rail Weekly" in first.text()
    assert first.next().text() == PAGE_TITLE
    units = Document.from_json(record.document_json).texts()
    plain = record.plain_text
    pmap = view.position_map
    assert pmap is not None
    for needle in ("Rolling stock", "Amsterdam", "enthusiastic"):
        start = plain.index(needle)
        a, b = pmap.span_to_qt(start, start + len(needle))
        from PySide6.QtGui import QTextCursor

        cursor = QTextCursor(view.document())
        cursor.setPosition(a)
        cursor.setPosition(b, QTextCursor.MoveMode.KeepAnchor)
        assert cursor.selectedText() == needle
    assert len(units) > 10
