"""Highlighting with the keyboard in the real window: H, 1-5, N, Delete, clicks, restarts."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QTextCursor
from pytestqt.qtbot import QtBot

from reader.store.annotations import get_highlight, list_highlights
from reader.ui import highlight_style
from reader.ui.main_window import MainWindow
from tests.gui.conftest import (
    PAGE_BODY,
    WindowFactory,
    article_page,
    focus_reader,
    open_file,
    sample_page,
    select_quote,
)

pytestmark = pytest.mark.gui

QUOTE = "board in the evening, sleep, and wake up in another city"
NOTE = "Night trains beat flying\nfor trips under 1,000 km."


@pytest.fixture
def page(tmp_path: Path) -> Path:
    path = tmp_path / "files" / "night-train.html"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(sample_page(), encoding="utf-8")
    return path


@pytest.fixture
def reading(qtbot: QtBot, make_window: WindowFactory, page: Path) -> MainWindow:
    window = make_window()
    open_file(qtbot, window, page)
    return window


def key(qtbot: QtBot, window: MainWindow, k: Qt.Key, modifier: Qt.KeyboardModifier | None = None):
    widget = window.focusWidget() or window.reader
    if modifier is None:
        qtbot.keyClick(widget, k)
    else:
        qtbot.keyClick(widget, k, modifier=modifier)


def painted(window: MainWindow, highlight_id: int) -> tuple[int, int, str]:
    """The Qt range and the background colour the reader paints for a highlight."""
    pieces = window.annotator.layer.selections(highlight_id)
    assert pieces, "the highlight is not painted"
    assert highlight_id in window.annotator.layer.published_ids(), "not handed to Qt"
    colours = {p.format.background().color().name(QColor.NameFormat.HexArgb) for p in pieces}
    assert len(colours) == 1
    # One piece per block; together they cover the highlight's range.
    doc = window.reader.document()
    for before, after in itertools.pairwise(pieces):
        assert doc.findBlock(before.cursor.selectionStart()) != doc.findBlock(
            after.cursor.selectionStart()
        )
    return pieces[0].cursor.selectionStart(), pieces[-1].cursor.selectionEnd(), colours.pop()


def point_on(window: MainWindow, qt_pos: int) -> QPoint:
    """The viewport point over the middle of the character that starts at ``qt_pos``."""
    cursor = QTextCursor(window.reader.document())
    cursor.setPosition(qt_pos)
    left = window.reader.cursorRect(cursor)
    cursor.setPosition(qt_pos + 1)
    right = window.reader.cursorRect(cursor)
    assert left.top() == right.top(), "pick a character inside a line"
    return QPoint((left.left() + right.left()) // 2, left.center().y())


def tint_name(window: MainWindow, colour: str, current: bool = False) -> str:
    c = highlight_style.tint(window.reader.theme, colour, current=current)
    return c.name(c.NameFormat.HexArgb)


def test_h_then_2_then_n_and_a_note_survive_a_restart(
    qtbot: QtBot, make_window: WindowFactory, page: Path
) -> None:
    window = make_window()
    article_id = open_file(qtbot, window, page)
    start, end = select_quote(window, QUOTE)
    qt_range = (
        window.reader.textCursor().selectionStart(),
        window.reader.textCursor().selectionEnd(),
    )

    key(qtbot, window, Qt.Key.Key_H)
    [record] = list_highlights(window.library, article_id)
    assert (record.start, record.end, record.exact, record.color) == (start, end, QUOTE, "yellow")
    assert not window.reader.textCursor().hasSelection()  # the colour shows, not the selection
    assert window.annotator.current == record.id

    key(qtbot, window, Qt.Key.Key_2)
    assert get_highlight(window.library, record.id).color == "green"
    assert painted(window, record.id) == (*qt_range, tint_name(window, "green", current=True))

    key(qtbot, window, Qt.Key.Key_N)
    popup = window.annotator.popup
    assert popup.is_open
    qtbot.waitUntil(popup.note.hasFocus)
    qtbot.keyClicks(popup.note, "Night trains beat flying")
    qtbot.keyClick(popup.note, Qt.Key.Key_Return)
    qtbot.keyClicks(popup.note, "for trips under 1,000 km.")
    # Saved as typed, shortly after the last key, without closing the editor.
    qtbot.waitUntil(lambda: get_highlight(window.library, record.id).note == NOTE, timeout=2000)
    qtbot.keyClick(popup.note, Qt.Key.Key_Escape)
    assert not popup.isVisible()
    qtbot.waitUntil(window.reader.hasFocus)

    window.close()
    again = make_window(size=None)
    assert again.reader.article_id == article_id
    [same] = again.annotator.records()
    assert (same.id, same.color, same.note, same.exact) == (record.id, "green", NOTE, QUOTE)
    assert painted(again, same.id) == (*qt_range, tint_name(again, "green"))
    underline = again.annotator.layer.selections(same.id)[0].format.underlineStyle()
    assert underline != underline.NoUnderline  # a highlight with a note looks different


def test_every_annotation_command_undoes_and_redoes(qtbot: QtBot, reading: MainWindow) -> None:
    window = reading
    lib = window.library
    article_id = window.reader.article_id
    assert article_id is not None
    ctrl = Qt.KeyboardModifier.ControlModifier
    ctrl_shift = ctrl | Qt.KeyboardModifier.ShiftModifier

    def state() -> tuple[object, ...]:
        hs = list_highlights(lib, article_id)
        record = window.reader.record
        assert record is not None
        from reader.store.library import get_article

        article = get_article(lib, article_id)
        assert article is not None
        painted_ids = sorted(window.annotator.layer.painted_ids())
        return (
            tuple((h.exact, h.color, h.note, h.tags, h.status) for h in hs),
            article.note,
            article.tags,
            painted_ids,
        )

    states = [state()]

    def step(action: object) -> None:
        action()  # type: ignore[operator]
        states.append(state())
        assert states[-1] != states[-2], "the action changed nothing"

    annot = window.annotator
    step(lambda: (select_quote(window, QUOTE), key(qtbot, window, Qt.Key.Key_H)))
    hid = annot.current
    assert hid is not None
    step(lambda: key(qtbot, window, Qt.Key.Key_4))  # pink
    step(lambda: annot.set_note(hid, "first thought"))
    step(lambda: annot.set_tags(hid, ("travel", "rail")))
    step(lambda: annot.set_article_note("About sleepers"))
    step(lambda: annot.set_article_tags(("europe",)))
    step(lambda: (select_quote(window, "Not everything works yet."), annot.reattach(hid)))
    step(lambda: (annot.set_current(hid), key(qtbot, window, Qt.Key.Key_Delete)))
    assert list_highlights(lib, article_id) == []

    focus_reader(qtbot, window)
    for expected in reversed(states[:-1]):
        key(qtbot, window, Qt.Key.Key_Z, ctrl)
        assert state() == expected
    assert not window.commands.undo.isEnabled()
    for expected in states[1:]:
        key(qtbot, window, Qt.Key.Key_Z, ctrl_shift)
        assert state() == expected
    assert not window.commands.redo.isEnabled()
    # The panel follows the undo stack too.
    key(qtbot, window, Qt.Key.Key_Z, ctrl)
    assert window.panel.model.rowCount() == 1
    assert window.panel.article_tags.text() == "europe"


def test_note_typing_is_one_undo_step(qtbot: QtBot, reading: MainWindow) -> None:
    window = reading
    select_quote(window, QUOTE)
    key(qtbot, window, Qt.Key.Key_N)  # with a selection: highlight, then the note editor
    popup = window.annotator.popup
    qtbot.waitUntil(popup.note.hasFocus)
    hid = window.annotator.current
    assert hid is not None
    for word in ("one ", "two ", "three"):
        qtbot.keyClicks(popup.note, word)
        popup.note.flush()  # as if the user paused longer than the save delay
    assert get_highlight(window.library, hid).note == "one two three"
    qtbot.keyClick(popup.note, Qt.Key.Key_Escape)
    window.commands.undo.trigger()
    assert get_highlight(window.library, hid).note == ""
    window.commands.undo.trigger()
    assert list_highlights(window.library, window.reader.article_id) == []


EMOJI_TEXT = (
    "Family photos 👨‍👩‍👧 from the trip 🚆 to 東京 and 大阪 were shared by Zoë with café owners; "
    "the word naïve and e\u0301 (a combining accent) stay as written."
)
RTL_TEXT = "Hebrew: שלום עולם and Arabic: مرحبا بالعالم appear in the same line."


@pytest.mark.parametrize(
    "quote",
    ["👨‍👩‍👧 from the trip 🚆 to 東京", "東京 and 大阪", "🚆", "e\u0301 (a combining", "שלום עולם"],
)
def test_emoji_and_cjk_highlight_exactly_the_selected_characters(
    qtbot: QtBot, make_window: WindowFactory, tmp_path: Path, quote: str
) -> None:
    path = tmp_path / "unicode.html"
    path.write_text(
        article_page("Unicode on the line", [EMOJI_TEXT, RTL_TEXT, *PAGE_BODY[:2]]),
        encoding="utf-8",
    )
    window = make_window()
    article_id = open_file(qtbot, window, path)
    start, end = select_quote(window, quote)
    cursor = window.reader.textCursor()
    assert cursor.selectedText() == quote  # what the user sees selected
    selected = cursor.selectionStart(), cursor.selectionEnd()
    key(qtbot, window, Qt.Key.Key_H)
    [record] = list_highlights(window.library, article_id)
    assert (record.start, record.end, record.exact) == (start, end, quote)
    a, b, _colour = painted(window, record.id)
    assert (a, b) == selected
    check = QTextCursor(window.reader.document())
    check.setPosition(a)
    check.setPosition(b, QTextCursor.MoveMode.KeepAnchor)
    assert check.selectedText() == quote  # the painted range covers exactly those characters


def test_overlapping_and_cross_paragraph_highlights(qtbot: QtBot, reading: MainWindow) -> None:
    window = reading
    article_id = window.reader.article_id
    annot = window.annotator
    select_quote(window, "sleep, and wake up in another city without the queues")
    key(qtbot, window, Qt.Key.Key_H)
    first = annot.current
    select_quote(window, "wake up in another city")
    key(qtbot, window, Qt.Key.Key_3)
    inner = annot.current
    # From the middle of one paragraph into the next (and across the heading further on).
    cross = "of an airport.\n\nOperators point to three changes."
    start, end = select_quote(window, cross)
    key(qtbot, window, Qt.Key.Key_5)
    spanning = annot.current
    heading = "the subsidies.\n\nWhat comes next\n\nMeanwhile, the people"
    select_quote(window, heading)
    key(qtbot, window, Qt.Key.Key_H)
    over_heading = annot.current
    records = {r.id: r for r in list_highlights(window.library, article_id)}
    assert len(records) == 4
    assert records[spanning].exact == cross
    assert (records[spanning].start, records[spanning].end) == (start, end)
    assert records[over_heading].exact == heading
    assert records[inner].color == "blue"
    # Each is painted over its own range; the inner one lies inside the outer one.
    a1, b1, _ = painted(window, first)
    a2, b2, _ = painted(window, inner)
    assert a1 < a2 < b2 < b1
    a3, b3, _ = painted(window, spanning)
    assert window.reader.document().findBlock(a3) != window.reader.document().findBlock(b3)
    # A click inside the inner highlight picks the inner one (the innermost under the mouse).
    annot.set_current(None)
    qtbot.mouseClick(
        window.reader.viewport(), Qt.MouseButton.LeftButton, pos=point_on(window, a2 + 1)
    )
    assert annot.current == inner
    # Keys 1-5 without a selection recolour the current highlight.
    key(qtbot, window, Qt.Key.Key_1)
    assert get_highlight(window.library, inner).color == "yellow"
    assert painted(window, inner)[2] == tint_name(window, "yellow", current=True)
    # A click outside every highlight leaves none current.
    outside = window.reader.position_map.to_qt(records[spanning].end + 40)
    qtbot.mouseClick(
        window.reader.viewport(), Qt.MouseButton.LeftButton, pos=point_on(window, outside)
    )
    assert annot.current is None


def test_the_same_passage_is_not_highlighted_twice(qtbot: QtBot, reading: MainWindow) -> None:
    window = reading
    select_quote(window, QUOTE)
    key(qtbot, window, Qt.Key.Key_H)
    select_quote(window, QUOTE)
    key(qtbot, window, Qt.Key.Key_2)
    [record] = list_highlights(window.library, window.reader.article_id)
    assert record.color == "green"


def test_white_space_around_a_selection_is_left_out(qtbot: QtBot, reading: MainWindow) -> None:
    window = reading
    start, end = select_quote(window, " " + QUOTE + " ")
    key(qtbot, window, Qt.Key.Key_H)
    [record] = list_highlights(window.library, window.reader.article_id)
    assert (record.start, record.end, record.exact) == (start + 1, end - 1, QUOTE)


def test_keys_without_a_target_say_what_to_do(qtbot: QtBot, reading: MainWindow) -> None:
    window = reading
    key(qtbot, window, Qt.Key.Key_H)
    assert "Select some text" in window.statusBar().currentMessage()
    key(qtbot, window, Qt.Key.Key_3)
    assert "click a highlight" in window.statusBar().currentMessage()
    key(qtbot, window, Qt.Key.Key_Delete)
    assert list_highlights(window.library, window.reader.article_id) == []


def test_single_keys_do_not_fire_while_typing(qtbot: QtBot, reading: MainWindow) -> None:
    window = reading
    article_id = window.reader.article_id
    select_quote(window, QUOTE)
    key(qtbot, window, Qt.Key.Key_H)
    hid = window.annotator.current
    assert hid is not None
    select_quote(window, "Not everything works yet.")  # a selection H would highlight
    typed = "h1n2 3 4 5"
    inputs = [
        window.library_pane.filter_edit,
        window.panel.filter_edit,
        window.panel.article_tags,
    ]
    window.find_bar.open_bar()
    inputs.append(window.find_bar.edit)
    for edit in inputs:
        edit.setFocus(Qt.FocusReason.OtherFocusReason)
        qtbot.waitUntil(edit.hasFocus)
        edit.clear()
        qtbot.keyClicks(edit, typed)
        qtbot.keyClick(edit, Qt.Key.Key_Delete)
        assert edit.text() == typed, type(edit).__name__
    window.find_bar.close_bar()
    for note in (window.panel.article_note,):
        note.setFocus(Qt.FocusReason.OtherFocusReason)
        qtbot.waitUntil(note.hasFocus)
        qtbot.keyClicks(note, typed)
        qtbot.keyClick(note, Qt.Key.Key_Delete)
        assert note.toPlainText() == typed
    assert window.reader.textCursor().hasSelection()  # still there: no key took it
    window.reader.setTextCursor(QTextCursor(window.reader.document()))
    window.annotator.set_current(hid)
    window.annotator.edit_note()
    popup = window.annotator.popup
    qtbot.waitUntil(popup.note.hasFocus)
    qtbot.keyClicks(popup.note, typed)
    qtbot.keyClick(popup.note, Qt.Key.Key_Home)
    qtbot.keyClick(popup.note, Qt.Key.Key_Delete)
    assert popup.note.toPlainText() == typed[1:]
    popup.close_popup()
    # Nothing was highlighted, recoloured or deleted by those keys.
    [record] = list_highlights(window.library, article_id)
    assert (record.id, record.color, record.note) == (hid, "yellow", typed[1:])
    # Letters in the library list jump to titles, they do not annotate either.
    window.library_pane.table.setFocus()
    qtbot.waitUntil(window.library_pane.table.hasFocus)
    qtbot.keyClick(window.library_pane.table, Qt.Key.Key_2)
    qtbot.keyClick(window.library_pane.table, Qt.Key.Key_Delete)
    assert get_highlight(window.library, hid).color == "yellow"


def test_context_menu_and_toolbar_highlight(qtbot: QtBot, reading: MainWindow) -> None:
    window = reading
    select_quote(window, QUOTE)
    cursor = window.reader.textCursor()
    menu = window.reader.context_menu(window.reader.cursorRect(cursor).center())
    texts = [a.text() for a in menu.actions()]
    assert texts[:4] == ["&Highlight Selection", "&Colour", "&Note…", "&Delete Highlight"]
    menu.actions()[0].trigger()
    [record] = list_highlights(window.library, window.reader.article_id)
    assert record.exact == QUOTE
    # The toolbar button does the same for a new selection.
    select_quote(window, "Not everything works yet.")
    button = window.commands.toolbar.widgetForAction(window.commands.highlight)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert len(list_highlights(window.library, window.reader.article_id)) == 2
    # Right-clicking a highlight makes it current, so the menu's Delete applies to it.
    window.annotator.set_current(None)
    a, _b, _ = painted(window, record.id)
    menu = window.reader.context_menu(point_on(window, a + 1))
    assert window.annotator.current == record.id
    menu.actions()[3].trigger()
    assert [h.exact for h in list_highlights(window.library, window.reader.article_id)] == [
        "Not everything works yet."
    ]


def test_highlights_follow_theme_and_font_changes(qtbot: QtBot, reading: MainWindow) -> None:
    window = reading
    select_quote(window, QUOTE)
    key(qtbot, window, Qt.Key.Key_3)
    hid = window.annotator.current
    assert hid is not None
    before = painted(window, hid)
    window.appearance.set_theme("dark")
    after = painted(window, hid)
    assert after[:2] == before[:2]
    assert after[2] == tint_name(window, "blue", current=True) != before[2]
    window.appearance.change_font_size(+2)
    assert painted(window, hid)[:2] == before[:2]
    assert window.annotator.current == hid
