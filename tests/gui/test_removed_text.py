"""Removed text in the reader: markers, shown in place, and positions that stay exact around
removed blocks and inside table cells (each cell is its own QTextBlock)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QHelpEvent, QTextCursor
from PySide6.QtWidgets import QApplication, QToolTip
from pytestqt.qtbot import QtBot

from reader.ui.highlight_layer import block_cursors
from reader.ui.main_window import MainWindow
from reader.ui.original_dialog import OriginalDialog
from tests.gui.conftest import PAGE_BODY, WindowFactory, drop_files

pytestmark = pytest.mark.gui

TABLE = (
    "<table><tr><th>Route</th><th>Nights</th><th>Since</th></tr>"
    "<tr><td>Vienna – Paris</td><td>3 😴</td><td>2021</td></tr>"
    "<tr><td>Brussels – Prague</td><td></td><td>2022</td></tr></table>"
)


def table_page() -> str:
    body = "".join(f"<p>{p}</p>" for p in PAGE_BODY)
    return f"""<!doctype html><html><head><meta charset="utf-8"><title>Night trains</title>
</head><body><header><p>Rail Weekly</p><p>Subscribe to our newsletter today</p></header>
<article><h1>Night trains</h1>{body[: len(body) // 2]}</p>{TABLE}<p>{PAGE_BODY[0]} Again.</p>
{body}{TABLE.replace("Vienna", "Munich")}</article>
<aside><h2>Most read</h2><p>Fire at the bakery on the corner of Mill Street</p></aside>
</body></html>"""


@pytest.fixture
def reading(qtbot: QtBot, make_window: WindowFactory, tmp_path: Path) -> MainWindow:
    path = tmp_path / "trains.html"
    path.write_text(table_page(), encoding="utf-8")
    window = make_window()
    with qtbot.waitSignal(window.articleOpened):
        drop_files(qtbot, window, [path])
    return window


def assert_positions_exact(window: MainWindow) -> None:
    """Every character of the plain text is where the map says, and maps back to itself."""
    view = window.reader
    record, pmap = view.record, view.position_map
    assert record is not None
    assert pmap is not None
    doc = view.document()
    plain = record.plain_text
    for cp, ch in enumerate(plain):
        if ch == "\n" or ord(ch) > 0xFFFF:
            continue
        pos = pmap.to_qt(cp)
        if plain[cp - 2 : cp + 1].startswith(" | ") or plain[cp - 1 : cp + 2] == " | ":
            continue  # a cell separator: not in the view
        if ch == " " and plain[cp + 1 : cp + 3] == "| ":
            continue
        assert doc.characterAt(pos) == ch, (cp, ch, plain[cp - 10 : cp + 10])
        assert pmap.from_qt(pos) == cp


def painted(window: MainWindow, quote: str) -> list[str]:
    """The text each block-by-block cursor of a highlight over ``quote`` would cover."""
    view = window.reader
    assert view.record is not None
    assert view.position_map is not None
    start = view.record.plain_text.index(quote)
    a, b = view.position_map.span_to_qt(start, start + len(quote))
    return [c.selectedText() for c in block_cursors(view.document(), a, b)]


def test_tables_and_markers_keep_positions_exact(reading: MainWindow) -> None:
    view = reading.reader
    doc = view.document_shown
    assert doc is not None
    assert sum(b.kind == "table" for b in doc.blocks) == 2
    assert doc.removed  # header, sidebar
    text = view.document().toPlainText()
    assert "removed paragraph" in text  # the quiet markers
    assert "Fire at the bakery" not in text
    assert_positions_exact(reading)
    # A span across cells starts and ends on the cells' own characters; painted one block at a
    # time (as highlights are), it covers exactly the text of each cell it touches.
    assert painted(reading, "Paris | 3") == ["Paris", "3"]
    assert painted(reading, "Brussels – Prague |  | 2022") == ["Brussels – Prague", "2022"]
    view.set_show_removed(True)
    text = view.document().toPlainText()
    assert "Fire at the bakery" in text
    assert "removed paragraph" not in text
    assert_positions_exact(reading)
    view.set_show_removed(False)
    assert_positions_exact(reading)


def _marker_point(window: MainWindow, run: int) -> QPoint:
    view = window.reader
    block = view.document().begin()
    while block.isValid():
        slot = view.slot_at(block.position())
        if slot is not None and slot.run == run:
            cursor = QTextCursor(block)
            cursor.setPosition(block.position() + 2)
            return view.cursorRect(cursor).center()
        block = block.next()
    raise AssertionError(f"no marker for run {run}")


def test_clicking_a_marker_shows_that_run_only(qtbot: QtBot, reading: MainWindow) -> None:
    view = reading.reader
    runs = view._layout.runs if view._layout else []
    assert len(runs) >= 2
    last = len(runs) - 1
    view.scroll_to_position(view.record.plain_text.index("Munich") if view.record else 0)
    point = _marker_point(reading, last)
    with qtbot.waitSignal(view.rendered):
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    text = view.document().toPlainText()
    assert "Fire at the bakery" in text  # the sidebar, at the end, is shown
    assert "Rail Weekly" not in text  # the page header, another run, is not
    assert_positions_exact(reading)


@pytest.mark.qt_log_ignore("This plugin does not support raise")  # the offscreen tooltip
def test_removed_text_says_why_on_hover(qtbot: QtBot, reading: MainWindow) -> None:
    view = reading.reader
    view.set_show_removed(True)
    view.scroll_to_position(len(view.record.plain_text) if view.record else 0)
    found = view.document().find("Fire at the bakery")
    assert not found.isNull()
    inside = QTextCursor(view.document())
    inside.setPosition(found.selectionStart() + 3)
    point = view.cursorRect(inside).center()
    event = QHelpEvent(QEvent.Type.ToolTip, point, view.viewport().mapToGlobal(point))
    QApplication.sendEvent(view.viewport(), event)  # what hovering does
    assert QToolTip.text() == "Removed: sidebar"


# -- the window's commands: toggle, keep and remove, undo ---------------------------------------

CTRL = Qt.KeyboardModifier.ControlModifier
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def _caret_in(window: MainWindow, text: str) -> None:
    """Put the text cursor inside ``text`` in the view, as a click would."""
    found = window.reader.document().find(text)
    assert not found.isNull(), text
    cursor = QTextCursor(window.reader.document())
    cursor.setPosition(found.selectionStart() + 2)
    window.reader.setTextCursor(cursor)
    window.reader.setFocus(Qt.FocusReason.MouseFocusReason)


def _menu_entry(window: MainWindow, text: str, name: str):  # type: ignore[no-untyped-def]
    """The right-click menu at ``text`` and its entry ``name``."""
    view = window.reader
    found = view.document().find(text)
    assert not found.isNull(), text
    inside = QTextCursor(view.document())
    inside.setPosition(found.selectionStart() + 2)
    view.ensureCursorVisible()
    view.setTextCursor(inside)
    point = view.cursorRect(inside).center()
    menu = view.context_menu(point)
    entry = next(a for a in menu.actions() if a.text() == name)
    return menu, entry


def test_view_toggle_shows_removed_text_and_is_remembered(
    qtbot: QtBot, reading: MainWindow, make_window: WindowFactory
) -> None:
    window = reading
    toggle = window.cleaning.show_removed
    assert toggle in window.commands.menu("view").actions()
    assert not toggle.isChecked()
    window.reader.setFocus()
    qtbot.keyClick(window.reader, Qt.Key.Key_R, modifier=CTRL_SHIFT)
    assert toggle.isChecked()
    assert "Fire at the bakery" in window.reader.document().toPlainText()
    assert_positions_exact(window)
    window.close()
    again = make_window()
    assert again.cleaning.show_removed.isChecked()  # remembered
    again.cleaning.show_removed.trigger()
    assert not again.reader.removed_shown


def test_keep_and_remove_from_menu_and_keys_undo_with_ctrl_z(
    qtbot: QtBot, make_window: WindowFactory, sample_dump: Path
) -> None:
    from reader.store.annotations import add_highlight_by_quote, list_highlights

    window = make_window()
    with qtbot.waitSignal(window.articleOpened):
        drop_files(qtbot, window, [sample_dump])
    view = window.reader
    assert view.record is not None
    article_id = view.record.id
    highlight = add_highlight_by_quote(window.library, article_id, "trimming the wicks")
    window.annotator.layer.reset(list_highlights(window.library, article_id))

    # Right-click a removed line (shown): Keep This puts it back in the article.
    window.cleaning.show_removed.trigger()
    menu, keep = _menu_entry(window, "Related stories", "Keep This")
    _, remove = _menu_entry(window, "Related stories", "Remove This")
    assert keep.isEnabled()
    assert not remove.isEnabled()
    with qtbot.waitSignal(view.rendered):
        keep.trigger()
    menu.deleteLater()
    assert view.record is not None
    assert "Related stories" in view.record.plain_text
    assert_positions_exact(window)

    # The keyboard: X in the first paragraph removes it, and its highlight is orphaned.
    _caret_in(window, "trimming the wicks")
    with qtbot.waitSignal(view.rendered):
        qtbot.keyClick(view, Qt.Key.Key_X)
    assert "trimming the wicks" not in view.record.plain_text
    assert [h.status for h in list_highlights(window.library, article_id)] == ["orphaned"]
    assert "Related stories" in view.record.plain_text

    # Ctrl+Z twice undoes both, in order; the orphan finds its text again.
    with qtbot.waitSignal(view.rendered):
        qtbot.keyClick(view, Qt.Key.Key_Z, modifier=CTRL)
    assert "trimming the wicks" in view.record.plain_text
    restored = list_highlights(window.library, article_id)
    assert [(h.uid, h.status) for h in restored] == [(highlight.uid, "anchored")]
    assert window.annotator.layer.published_ids() == [highlight.id]  # painted again
    with qtbot.waitSignal(view.rendered):
        qtbot.keyClick(view, Qt.Key.Key_Z, modifier=CTRL)
    assert "Related stories" not in view.record.plain_text
    assert not window.commands.undo.isEnabled()
    with qtbot.waitSignal(view.rendered):
        qtbot.keyClick(view, Qt.Key.Key_Z, modifier=CTRL_SHIFT)
    assert "Related stories" in view.record.plain_text
    assert_positions_exact(window)


def test_keep_on_a_marker_keeps_its_whole_run(qtbot: QtBot, reading: MainWindow) -> None:
    view = reading.reader
    assert not view.removed_shown
    menu, keep = _menu_entry(reading, "removed paragraph", "Keep This")
    assert keep.isEnabled()
    with qtbot.waitSignal(view.rendered):
        keep.trigger()
    menu.deleteLater()
    assert view.record is not None
    assert view.record.plain_text.startswith("Night trains\n\nRail Weekly\n\nSubscribe")


def test_show_original_and_uncleaned_articles_say_so(
    qtbot: QtBot, make_window: WindowFactory, tmp_path: Path
) -> None:
    from reader.ui.article_html import NOT_CLEANED

    song = Path(__file__).resolve().parent.parent / "data" / "uncleaned" / "repeated-refrain.txt"
    window = make_window()
    with qtbot.waitSignal(window.articleOpened):
        drop_files(qtbot, window, [song])
    assert NOT_CLEANED in window.reader.document().begin().text()
    window.reader.setFocus()
    qtbot.keyClick(window.reader, Qt.Key.Key_U, modifier=CTRL)
    dialog = window.findChild(OriginalDialog)
    assert dialog is not None
    assert dialog.isVisible()
    assert dialog.text.toPlainText() == song.read_text(encoding="utf-8")
    dialog.find_edit.setText("still the water")
    assert dialog.find_next()
    dialog.close()


def test_removed_text_cannot_be_highlighted(qtbot: QtBot, reading: MainWindow) -> None:
    from reader.ui.annotator import REMOVED_ONLY

    view = reading.reader
    view.set_show_removed(True)
    found = view.document().find("Fire at the bakery")
    view.setTextCursor(found)
    view.setFocus()
    with qtbot.waitSignal(reading.annotator.message) as said:
        qtbot.keyClick(view, Qt.Key.Key_H)
    assert said.args == [REMOVED_ONLY]
    assert reading.annotator.records() == []
