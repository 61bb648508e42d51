"""The window's helpers are built from their collaborators, without a `MainWindow`.

`Appearance`, `ExportCommands` and `Actions` used to read and write the window's attributes;
now each gets what it needs in its constructor, so each is built here on its own (over a real
library, a real reader view and a plain `QMainWindow`) and driven like the window drives it.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMainWindow, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from reader.store.db import Library
from reader.store.library import get_article, import_file
from reader.ui.actions import MENUS, Actions
from reader.ui.annotator import Annotator
from reader.ui.app import create_app
from reader.ui.appearance import Appearance, Look
from reader.ui.export_dialog import ExportCommands
from reader.ui.find_bar import FindBar
from reader.ui.highlights_panel import HighlightsPanel
from reader.ui.jobs import JobRunner
from reader.ui.reader_view import ReaderView
from reader.ui.settings import Settings
from tests.gui.conftest import article_page

pytestmark = pytest.mark.gui


class Commands:
    """The window-level commands (`WindowCommands`), recorded instead of opening dialogs."""

    def __init__(self) -> None:
        self.calls: list[str] = []

    def _record(self, name: str) -> None:
        self.calls.append(name)

    def open_files_dialog(self) -> None:
        self._record("open_files")

    def import_folder_dialog(self) -> None:
        self._record("import_folder")

    def show_watched_folders(self) -> None:
        self._record("watched")

    def close(self) -> bool:
        self._record("close")
        return True

    def focus_library_filter(self) -> None:
        self._record("filter")

    def toggle_library(self, visible: bool) -> None:
        self._record(f"library {visible}")

    def toggle_panel(self, visible: bool) -> None:
        self._record(f"panel {visible}")

    def remove_current(self) -> None:
        self._record("remove")

    def reveal_current(self) -> None:
        self._record("reveal")

    def show_shortcuts(self) -> None:
        self._record("shortcuts")

    def show_about(self) -> None:
        self._record("about")


def test_appearance_alone_tells_its_listeners_and_remembers(tmp_path: Path) -> None:
    create_app()
    settings = Settings(tmp_path / "window.ini")
    appearance = Appearance(settings, theme="light")
    seen: list[Look] = []
    appearance.changed.connect(seen.append)
    appearance.set_theme("dark")
    appearance.change_font_size(+1)
    assert [look.theme.name for look in seen] == ["dark", "dark"]
    assert seen[-1].typography.size > seen[0].typography.size
    assert Settings(tmp_path / "window.ini").theme() == "dark"
    quiet = Appearance(Settings(tmp_path / "other.ini"), theme="sepia", persist=False)
    quiet.set_theme("light")
    assert Settings(tmp_path / "other.ini").theme() == "system"  # screenshot mode writes nothing


def test_actions_export_and_annotator_without_a_main_window(
    qtbot: QtBot, library: Library, tmp_path: Path
) -> None:
    create_app()
    page = tmp_path / "page.html"
    page.write_text(article_page("Harbour Lights", ["The ferry left at dawn."]), encoding="utf-8")
    article_id = import_file(library, page).article_id
    assert article_id is not None

    host = QMainWindow()
    qtbot.addWidget(host)
    centre = QWidget(host)
    reader = ReaderView(centre)
    find_bar = FindBar(reader, centre)
    panel = HighlightsPanel(centre)
    layout = QVBoxLayout(centre)
    for widget in (reader, find_bar, panel):
        layout.addWidget(widget)
    host.setCentralWidget(centre)
    settings = Settings(tmp_path / "window.ini")
    appearance = Appearance(settings, theme="light", persist=False)
    annotator = Annotator(library, reader, panel, host)
    runner = JobRunner(host)
    exports = ExportCommands(library, settings, runner, annotator, list, host)
    window = Commands()
    commands = Actions(
        host,
        window,
        find_bar=find_bar,
        appearance=appearance,
        exports=exports,
        annotations=annotator,
        key_targets=(reader,),
        panel_visible=True,
    )
    reader.add_context_actions(commands.reader_menu_actions())
    appearance.changed.connect(commands.follow_look)
    appearance.apply()
    host.setMinimumSize(640, 440)  # as the window does: a fixed minimum, never re-propagated
    host.resize(900, 700)
    host.show()
    qtbot.waitExposed(host)

    assert [commands.menu(name).title().replace("&", "") for name in MENUS] == [
        "File",
        "Edit",
        "View",
        "Annotate",
        "Library",
        "Help",
    ]
    commands.about.trigger()
    commands.toggle_panel.trigger()
    assert window.calls == ["about", "panel False"]

    record = get_article(library, article_id)
    assert record is not None
    reader.show_article(record)
    reader.setFocus(Qt.FocusReason.OtherFocusReason)
    qtbot.waitUntil(reader.hasFocus)
    start = record.plain_text.index("ferry")
    assert reader.position_map is not None
    reader.select_range(*reader.position_map.span_to_qt(start, start + len("ferry left")))
    qtbot.keyClick(reader, Qt.Key.Key_H)
    assert [h.exact for h in annotator.records()] == ["ferry left"]
    menu = reader.context_menu(reader.viewport().rect().center())
    assert commands.highlight in menu.actions()

    messages: list[str] = []
    exports.message.connect(messages.append)
    text = exports.copy_markdown()
    assert text is not None
    assert "ferry left" in QGuiApplication.clipboard().text()
    assert messages == ["Copied 1 highlight as Markdown"]

    commands.find.trigger()
    assert find_bar.isVisible()
    commands.theme_actions["dark"].trigger()
    assert reader.theme.name == "light"  # the reader was not connected: only the checks follow
    assert commands.theme_actions["dark"].isChecked()
    host.close()
    runner.shutdown()
