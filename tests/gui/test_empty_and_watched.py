"""First start (the empty state) and watched folders."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from reader.store.folders import list_folders
from reader.ui.empty_state import DROP_HINT
from reader.ui.watched_folders import WatchedFoldersDialog
from tests.gui.conftest import IMPORT_TIMEOUT_MS, WindowFactory, drop_files, sample_page

pytestmark = pytest.mark.gui


def test_empty_library_shows_a_friendly_empty_state(
    qtbot: QtBot, make_window: WindowFactory, sample_html: Path
) -> None:
    window = make_window()
    empty = window.empty_state
    assert window.stack.currentWidget() is empty
    assert empty.isVisible()
    assert "Margin reads the articles you keep as files" in empty.blurb_label.text()
    assert empty.open_button.text() == "Open files…"
    assert empty.folder_button.text() == "Import folder…"
    assert empty.hint_label.text() == DROP_HINT
    for button in (empty.open_button, empty.folder_button):
        assert button.isVisible()
        assert button.width() >= button.sizeHint().width()
    # Dropping a file on the empty state imports it and shows the library and the article.
    with qtbot.waitSignal(window.articleOpened):
        drop_files(qtbot, window, [sample_html])
    assert window.stack.currentWidget() is window.splitter


def _wait_for_title(qtbot: QtBot, window: object, title: str) -> None:
    def listed() -> bool:
        model = window.model  # type: ignore[attr-defined]
        return any(model.summary(r).title == title for r in range(model.rowCount()))

    qtbot.waitUntil(listed, timeout=IMPORT_TIMEOUT_MS)


def test_watched_folder_imports_new_and_changed_files(
    qtbot: QtBot, make_window: WindowFactory, tmp_path: Path
) -> None:
    folder = tmp_path / "watched"
    (folder / "sub").mkdir(parents=True)
    (folder / "existing.html").write_text(sample_page(title="Already Here"), "utf-8")
    window = make_window()
    dialog = window.show_watched_folders()
    assert isinstance(dialog, WatchedFoldersDialog)
    window.watched.add(folder)  # what the dialog's Add Folder… does after the folder picker
    assert dialog.list.count() == 1
    assert list_folders(window.library) == [str(folder.resolve())]
    _wait_for_title(qtbot, window, "Already Here")

    # A new file, in a subfolder, written after the folder was added.
    (folder / "sub" / "new.html").write_text(sample_page(title="Arrived Later"), "utf-8")
    _wait_for_title(qtbot, window, "Arrived Later")

    # A file changed in place (another size, so another stat): updated, not duplicated.
    target = folder / "existing.html"
    target.write_text(sample_page(title="Already Here, Revised"), "utf-8")
    _wait_for_title(qtbot, window, "Already Here, Revised")
    qtbot.waitUntil(lambda: not window.imports.busy)
    assert window.model.rowCount() == 2

    # The same content under another name is recognised, not imported twice.
    (folder / "copy-of-new.html").write_text(sample_page(title="Arrived Later"), "utf-8")
    with qtbot.waitSignal(window.imports.importFinished, timeout=IMPORT_TIMEOUT_MS) as blocker:
        pass
    assert [r.status for r in blocker.args[1].results] == ["unchanged"]
    assert window.model.rowCount() == 2

    # Unsupported files are ignored silently; the folder list survives a restart.
    (folder / "notes.exe").write_bytes(b"MZ")
    window.close()
    again = make_window()
    assert again.watched.folders() == [str(folder.resolve())]
    assert again.model.rowCount() == 2


def test_removing_a_watched_folder_keeps_its_articles(
    qtbot: QtBot, make_window: WindowFactory, tmp_path: Path
) -> None:
    folder = tmp_path / "watched"
    folder.mkdir()
    (folder / "a.html").write_text(sample_page(), "utf-8")
    window = make_window()
    window.watched.add(folder)
    qtbot.waitUntil(lambda: window.model.rowCount() == 1, timeout=IMPORT_TIMEOUT_MS)
    window.watched.remove(str(folder.resolve()))
    assert window.watched.folders() == []
    assert not window.watched.watcher.directories()
    (folder / "b.html").write_text(sample_page(title="Not Imported"), "utf-8")
    drop_files(qtbot, window, [folder / "a.html"])  # a later, unrelated import finishes
    assert window.model.rowCount() == 1


def test_the_open_article_follows_its_changed_file(
    qtbot: QtBot, make_window: WindowFactory, tmp_path: Path
) -> None:
    folder = tmp_path / "watched"
    folder.mkdir()
    source = folder / "a.html"
    source.write_text(sample_page(), "utf-8")
    window = make_window()
    window.watched.add(folder)
    qtbot.waitUntil(lambda: window.model.rowCount() == 1, timeout=IMPORT_TIMEOUT_MS)
    with qtbot.waitSignal(window.articleOpened):
        window.library_pane.context_menu_for(window.model.summary(0).id).actions()[0].trigger()
    source.write_text(sample_page(extra="<p>A postscript added by the editor later.</p>"), "utf-8")
    qtbot.waitUntil(
        lambda: "A postscript added" in window.reader.document().toPlainText(),
        timeout=IMPORT_TIMEOUT_MS,
    )
    assert window.model.rowCount() == 1
