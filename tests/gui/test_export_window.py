"""File → Export Annotations… and Copy as Markdown, driven in the window."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot

from reader.export import markdown_for_article
from reader.store import open_library
from reader.store.annotations import add_highlight_by_quote, set_article_note
from reader.store.library import import_file
from reader.ui.export_dialog import ExportDialog
from reader.ui.main_window import MainWindow
from tests.gui.conftest import WindowFactory, focus_reader, sample_page

pytestmark = pytest.mark.gui

CTRL = Qt.KeyboardModifier.ControlModifier
TITLES = ("The Night Train Returns", "Sleepers and Subsidies", "An Article Left Alone")


@pytest.fixture
def library_window(
    qtbot: QtBot, make_window: WindowFactory, tmp_path: Path, db_path: Path
) -> MainWindow:
    """Three articles: two annotated, one not; the first is open."""
    ids = []
    with open_library(db_path) as lib:
        for n, title in enumerate(TITLES):
            path = tmp_path / "files" / f"a{n}.html"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(sample_page(title=title), encoding="utf-8")
            result = import_file(lib, path)
            assert result.article_id is not None
            ids.append(result.article_id)
        add_highlight_by_quote(lib, ids[0], "board in the evening", color="green", note="yes")
        add_highlight_by_quote(lib, ids[0], "Rolling stock is cheaper to lease", color="pink")
        add_highlight_by_quote(lib, ids[1], "Tickets are hard to book", tags=["tickets"])
        set_article_note(lib, ids[1], "Compare with the first one.")
    window = make_window(open_id=ids[0])
    return window


def run_export(qtbot: QtBot, dialog: ExportDialog) -> None:
    with qtbot.waitSignal(dialog.finished, timeout=30_000):
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)


def test_export_this_article_and_the_folder_is_remembered(
    qtbot: QtBot, library_window: MainWindow, tmp_path: Path
) -> None:
    window = library_window
    out = tmp_path / "notes"
    qtbot.keyClick(window.reader, Qt.Key.Key_E, modifier=CTRL)
    dialog = window.exports.dialog
    assert dialog is not None
    assert dialog.isVisible()
    assert dialog.scope_this.isChecked()
    assert dialog.folder.text() == ""
    dialog.folder.setText(str(out))
    run_export(qtbot, dialog)
    [written] = sorted(out.glob("*.md"))
    text = written.read_text(encoding="utf-8")
    assert "The Night Train Returns" in written.name
    assert "> board in the evening" in text
    assert "Sleepers" not in text
    assert "Exported 1 file" in window.statusBar().currentMessage()
    assert window.settings.export_folder() == str(out)

    again = window.exports.open_dialog()
    assert again.folder.text() == str(out)  # chosen once, remembered
    again.scope_all.setChecked(True)
    run_export(qtbot, again)
    names = sorted(p.name for p in out.glob("*.md"))
    assert len(names) == 2  # "all" means every annotated article; the first file was updated
    assert not any("Left Alone" in n for n in names)
    assert written.read_text(encoding="utf-8") == text  # re-export: same bytes


def test_export_selected_articles_as_json(
    qtbot: QtBot, library_window: MainWindow, tmp_path: Path
) -> None:
    window = library_window
    pane = window.library_pane
    selection = pane.table.selectionModel()
    for row in range(pane.proxy.rowCount()):
        index = pane.proxy.index(row, 0)
        if pane.proxy.article_id(index) != window.reader.article_id:
            selection.select(
                index,
                QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows,
            )
    assert len(pane.selected_article_ids()) == 3
    dialog = window.exports.open_dialog()
    assert dialog.scope_selected.isEnabled()
    dialog.scope_selected.setChecked(True)
    dialog.format.setCurrentIndex(dialog.format.findData("json"))
    assert not dialog.use_template.isEnabled()  # templates are for Markdown
    dialog.folder.setText(str(tmp_path / "backup"))
    run_export(qtbot, dialog)
    data = json.loads((tmp_path / "backup" / "margin-annotations.json").read_text("utf-8"))
    quotes = json.dumps(data)
    assert "board in the evening" in quotes
    assert "Tickets are hard to book" in quotes
    assert window.settings.export_format() == "json"


def test_template_errors_are_shown_with_their_line(
    qtbot: QtBot, library_window: MainWindow, tmp_path: Path
) -> None:
    window = library_window
    template = tmp_path / "mine.md.j2"
    template.write_text(
        "# {{ article.title | md_inline }}\n\n{% for h in highlights %}\n- {{ h.qoute }}\n"
        "{% endfor %}\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    dialog = window.exports.open_dialog()
    dialog.folder.setText(str(out))
    dialog.template.setText(str(template))
    dialog.use_template.setChecked(True)
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "line 4" in dialog.message.toPlainText())
    assert "mine.md.j2" in dialog.message.toPlainText()
    assert dialog.isVisible()
    assert not list(out.glob("*.md")) if out.exists() else True
    # Fixed, the same setting is used by the export and by Copy as Markdown.
    template.write_text(
        "# {{ article.title | md_inline }}\n{% for h in highlights %}\n* {{ h.quote }} ({{ h.color }})\n"
        "{% endfor %}\n",
        encoding="utf-8",
    )
    run_export(qtbot, dialog)
    [written] = out.glob("*.md")
    assert "* board in the evening (green)" in written.read_text(encoding="utf-8")
    focus_reader(qtbot, window)
    qtbot.keyClick(window.reader, Qt.Key.Key_C, modifier=CTRL | Qt.KeyboardModifier.ShiftModifier)
    clip = QGuiApplication.clipboard().text()
    assert clip.startswith("# The Night Train Returns\n")
    assert "* Rolling stock is cheaper to lease (pink)" in clip
    template.write_text("{{ article.nope }}\n", encoding="utf-8")
    window.exports.copy_markdown()
    assert "line 1" in window.statusBar().currentMessage()


def test_copy_as_markdown_puts_the_export_on_the_clipboard(
    qtbot: QtBot, library_window: MainWindow
) -> None:
    window = library_window
    article_id = window.reader.article_id
    assert article_id is not None
    QGuiApplication.clipboard().clear()
    qtbot.keyClick(window.reader, Qt.Key.Key_C, modifier=CTRL | Qt.KeyboardModifier.ShiftModifier)
    clip = QGuiApplication.clipboard().text()
    assert clip == markdown_for_article(window.library, article_id)
    assert "> board in the evening" in clip
    assert "yes" in clip
    assert window.statusBar().currentMessage() == "Copied 2 highlights as Markdown"
