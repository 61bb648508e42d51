"""Changes made by other programs while the window is open show up without reopening anything.

Issue 12, point 7: a highlight added with ``margin annotate`` appeared only after reopening the
article, and an article re-imported by another process was not refreshed. The window polls the
library's ``PRAGMA data_version`` once a second; these tests wait for that, as a person would.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from reader.store import open_library
from reader.store.annotations import set_article_note
from reader.store.library import import_file, remove_article
from reader.ui.main_window import MainWindow
from tests.conftest import ROOT
from tests.gui.conftest import WindowFactory, article_page, select_quote

pytestmark = pytest.mark.gui

WAIT_MS = 8000  # a poll a second, a job, and a slow shared machine


@pytest.fixture
def pages(tmp_path: Path, db_path: Path) -> list[Path]:
    folder = tmp_path / "pages"
    folder.mkdir()
    out = []
    for name, title, text in (
        ("tide.html", "Tide Tables", "The tide turns twice a day along the whole coast."),
        ("salt.html", "Salt Marshes", "Salt marshes shelter birds through the winter months."),
    ):
        path = folder / name
        path.write_text(article_page(title, [text]), encoding="utf-8")
        out.append(path)
    with open_library(db_path) as library:
        for path in out:
            import_file(library, path)
    return out


def test_a_highlight_added_by_the_cli_appears(
    qtbot: QtBot, make_window: WindowFactory, pages: list[Path], db_path: Path
) -> None:
    window = make_window(open_id=1)
    assert window.annotator.records() == []
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "reader",
            "--db",
            str(db_path),
            "annotate",
            "1",
            "--quote",
            "twice a day",
            "--color",
            "green",
            "--note",
            "from the CLI",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    qtbot.waitUntil(lambda: len(window.annotator.records()) == 1, timeout=WAIT_MS)
    [record] = window.annotator.records()
    assert (record.exact, record.color, record.note) == ("twice a day", "green", "from the CLI")
    assert window.annotator.layer.span(record.id) is not None  # painted in the text
    assert window.panel.anchored.rowCount() == 1
    summary = window.model.summary_by_id(1)
    assert summary is not None
    assert summary.highlights == 1


def test_an_article_changed_elsewhere_is_shown_anew(
    qtbot: QtBot, make_window: WindowFactory, pages: list[Path], db_path: Path
) -> None:
    window = make_window(open_id=1)
    pages[0].write_text(
        article_page("Tide Tables", ["The tide now turns four times a day in the bay."]), "utf-8"
    )
    with open_library(db_path) as other:  # another connection: another program, to SQLite
        assert import_file(other, pages[0]).status == "updated"
        set_article_note(other, 1, "Checked against the harbour office.")
    qtbot.waitUntil(
        lambda: "four times a day" in window.reader.document().toPlainText(), timeout=WAIT_MS
    )
    assert window.reader.article_id == 1
    qtbot.waitUntil(
        lambda: window.panel.article_note.toPlainText() == "Checked against the harbour office.",
        timeout=WAIT_MS,
    )


def test_removals_elsewhere_leave_the_list_and_close_the_article(
    qtbot: QtBot, make_window: WindowFactory, pages: list[Path], db_path: Path
) -> None:
    window = make_window(open_id=1)
    with open_library(db_path) as other:
        remove_article(other, 2)
    qtbot.waitUntil(lambda: window.model.rowCount() == 1, timeout=WAIT_MS)
    assert window.library_pane.count_label.text() == "1 article"
    with open_library(db_path) as other:
        remove_article(other, 1)
    qtbot.waitUntil(lambda: window.reader.article_id is None, timeout=WAIT_MS)
    assert "another program" in window.statusBar().currentMessage()


def test_the_windows_own_work_is_not_undone_by_a_refresh(
    qtbot: QtBot, make_window: WindowFactory, pages: list[Path]
) -> None:
    window: MainWindow = make_window(open_id=1)
    window.external.request()  # a refresh under way while the user highlights
    select_quote(window, "twice a day")
    window.annotator.highlight_selection()
    with qtbot.waitSignal(window.external.refreshed, timeout=WAIT_MS):
        window.external.request()
    assert [r.exact for r in window.annotator.records()] == ["twice a day"]
    summary = window.model.summary_by_id(1)
    assert summary is not None
    assert summary.highlights == 1
