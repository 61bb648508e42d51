"""What a new user tripped over (issue 12), each reproduced with the real window.

Focus and geometry are also checked under a real X server with a window manager in
`test_real_x11_window.py`; these run offscreen.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from reader.store import open_library
from reader.store.annotations import add_highlight_by_quote
from reader.store.library import import_file
from tests.gui.conftest import WindowFactory, article_page

pytestmark = pytest.mark.gui

TRAIN = "The Quiet Return of the Night Train"
LIGHT = "Keepers of the Northern Light"
TRAIN_TEXT = [
    "Sleeper trains are coming back to European timetables after two decades of decline.",
    "Travellers look for alternatives to short flights, and operators fill their carriages.",
]
LIGHT_TEXT = [
    "For more than a century, the lighthouse was kept by families who lived beside it.",
    "Their ledgers describe every storm and every ship that passed close to the rocks.",
]


def write_pages(folder: Path) -> tuple[Path, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    train = folder / "train.html"
    light = folder / "light.html"
    train.write_text(article_page(TRAIN, TRAIN_TEXT), encoding="utf-8")
    light.write_text(article_page(LIGHT, LIGHT_TEXT), encoding="utf-8")
    return train, light


@pytest.fixture
def two_articles(db_path: Path, tmp_path: Path) -> tuple[int, int]:
    train, light = write_pages(tmp_path / "articles")
    with open_library(db_path) as library:
        a = import_file(library, train).article_id
        b = import_file(library, light).article_id
    assert a is not None
    assert b is not None
    return a, b


def type_into_focus(qtbot: QtBot, text: str) -> None:
    """Type like a person: each key goes to whatever has the keyboard focus at that moment."""
    for char in text:
        widget = QApplication.focusWidget()
        assert widget is not None
        qtbot.keyClick(widget, char)


def test_filtering_out_the_open_article_keeps_focus_and_article(
    qtbot: QtBot, make_window: WindowFactory, two_articles: tuple[int, int]
) -> None:
    train, _light = two_articles
    window = make_window(open_id=train)
    assert window.reader.article_id == train
    window.activateWindow()
    qtbot.keyClick(window.reader, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(window.library_pane.filter_edit.hasFocus)
    type_into_focus(qtbot, "northern")
    assert window.library_pane.filter_edit.text() == "northern"
    assert window.library_pane.filter_edit.hasFocus()
    assert window.reader.article_id == train  # nothing else was opened behind the user's back
    assert window.library_pane.proxy.rowCount() == 1
    assert window.annotator.records() == []  # no letter reached the reader's shortcuts
    assert window.library_pane.current_article_id() is None
    qtbot.keyClick(
        window.library_pane.filter_edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier
    )
    type_into_focus(qtbot, "quiet")  # the open article matches again: it is selected again
    assert window.library_pane.current_article_id() == train


def test_import_of_an_unchanged_folder_does_not_jump(
    qtbot: QtBot, make_window: WindowFactory, two_articles: tuple[int, int], tmp_path: Path
) -> None:
    train, _light = two_articles
    window = make_window(open_id=train)  # light.html comes first in the folder
    with qtbot.waitSignal(window.imports.importFinished) as blocker:
        window.import_paths([tmp_path / "articles"])
    assert blocker.args[1].count("unchanged") == 2
    qtbot.wait(50)
    assert window.reader.article_id == train


def test_import_jumps_only_to_a_single_new_article(
    qtbot: QtBot, make_window: WindowFactory, two_articles: tuple[int, int], tmp_path: Path
) -> None:
    train, _light = two_articles
    window = make_window(open_id=train)
    folder = tmp_path / "more"
    folder.mkdir()
    for n in range(2):
        (folder / f"new{n}.md").write_text(f"# Fresh piece {n}\n\nSome words here.\n", "utf-8")
    with qtbot.waitSignal(window.imports.importFinished):
        window.import_paths([folder])
    qtbot.wait(50)
    assert window.reader.article_id == train  # two new articles: they are listed, not opened
    single = tmp_path / "single.md"
    single.write_text("# Only one\n\nJust this one.\n", "utf-8")
    with qtbot.waitSignal(window.articleOpened) as opened:
        window.import_paths([single])
    assert window.reader.record is not None
    assert window.reader.record.title == "Only one"
    assert opened.args == [window.reader.article_id]
    # Opening a file that is already in the library opens it (the user asked for that file).
    with qtbot.waitSignal(window.articleOpened):
        window.import_paths([tmp_path / "articles" / "train.html"])
    assert window.reader.article_id == train


def test_count_after_remove_and_highlight_counts_without_orphans(
    qtbot: QtBot, make_window: WindowFactory, two_articles: tuple[int, int], db_path: Path
) -> None:
    train, light = two_articles
    with open_library(db_path) as library:
        add_highlight_by_quote(library, light, "every storm")
        orphan = add_highlight_by_quote(library, light, "close to the rocks")
        with library.write() as session:
            from reader.store.models import Highlight

            row = session.get(Highlight, orphan.id)
            assert row is not None
            row.status = "orphaned"
    window = make_window(open_id=light)
    summary = window.model.summary_by_id(light)
    assert summary is not None
    assert summary.highlights == 1  # as the panel says: orphans are listed apart
    assert window.panel.count_label.text() == "Highlights · 1"
    box = window.articles.ask_remove(train)
    assert box is not None
    box.remove_button.click()
    assert window.model.rowCount() == 1
    assert window.library_pane.count_label.text() == "1 article"
    # Annotating keeps the list's count in step with the panel (orphans still apart).
    window.reader.setFocus()
    record = window.reader.record
    assert record is not None
    start = record.plain_text.index("lighthouse")
    pmap = window.reader.position_map
    assert pmap is not None
    window.reader.select_range(*pmap.span_to_qt(start, start + len("lighthouse")))
    window.annotator.highlight_selection()
    summary = window.model.summary_by_id(light)
    assert summary is not None
    assert summary.highlights == 2
