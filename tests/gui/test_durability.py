"""Killed right after an action, the action is still there: a real process, killed with SIGKILL.

The child process drives the real window (offscreen) and kills itself without closing anything:
no close event, no flush, no clean shutdown of SQLite. Whatever the library holds afterwards is
what a crash would leave.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from reader.store import open_library
from reader.store.annotations import list_highlights
from reader.store.library import get_article, import_file
from tests.conftest import ROOT
from tests.gui.conftest import sample_page

pytestmark = [
    pytest.mark.gui,
    pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL"),
]

CHILD = r"""
import os, signal, sys
from pathlib import Path
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from reader.store import open_library
from reader.ui.app import create_app
from reader.ui.main_window import MainWindow
from reader.ui.settings import Settings

app = create_app()
library = open_library(Path(sys.argv[1]))
window = MainWindow(library, Settings())
window.show()
window.start(open_id=1)
QTest.qWaitForWindowExposed(window)
window.activateWindow()
window.reader.setFocus()
text = window.reader.record.plain_text
quote = "board in the evening"
start = text.index(quote)
a, b = window.reader.position_map.span_to_qt(start, start + len(quote))
window.reader.select_range(a, b)
QTest.keyClick(window.reader, Qt.Key.Key_H)
QTest.keyClick(window.reader, Qt.Key.Key_2)
if sys.argv[2] == "note":  # the editor stays open and focused: nothing but the timer saves
    QTest.keyClick(window.reader, Qt.Key.Key_N)
    QTest.keyClicks(window.annotator.popup.note, "typed, then the power went")
    QTest.qWait(500)  # "within half a second" of the last key
elif sys.argv[2] == "article":
    window.panel.article_note.setFocus()
    QTest.keyClicks(window.panel.article_note, "article note")
    QTest.qWait(500)
os.kill(os.getpid(), signal.SIGKILL)
"""


def run_and_kill(tmp_path: Path, db: Path, mode: str) -> None:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT)
    result = subprocess.run(
        [sys.executable, "-c", CHILD, str(db), mode],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == -signal.SIGKILL, result.stderr


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "library.db"
    page = tmp_path / "night-train.html"
    page.write_text(sample_page(), encoding="utf-8")
    with open_library(path) as library:
        assert import_file(library, page).article_id == 1
    return path


def test_a_highlight_survives_a_kill_right_after_the_key(tmp_path: Path, db: Path) -> None:
    run_and_kill(tmp_path, db, "keys")
    with open_library(db) as library:
        [record] = list_highlights(library, 1)
        assert (record.exact, record.color) == ("board in the evening", "green")
        assert library.integrity_check() == "ok"


@pytest.mark.parametrize("mode", ["note", "article"])
def test_notes_typed_half_a_second_ago_survive_a_kill(tmp_path: Path, db: Path, mode: str) -> None:
    run_and_kill(tmp_path, db, mode)
    with open_library(db) as library:
        [record] = list_highlights(library, 1)
        article = get_article(library, 1)
        assert article is not None
        if mode == "note":
            assert record.note == "typed, then the power went"
        else:
            assert article.note == "article note"
