"""PDF, MHTML, Safari web archives and EPUB in the window: drag and drop, the open dialog's
filter, watched folders; each is listed with its title and reads like any article."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QDir
from pytestqt.qtbot import QtBot

from reader.ingest.sniff import EXTENSIONS
from reader.ui.main_window import FILE_FILTER
from tests.format_files import BUILDERS, PARAGRAPHS
from tests.gui.conftest import IMPORT_TIMEOUT_MS, WindowFactory, drop_files, reader_text

pytestmark = pytest.mark.gui
FORMATS = ("pdf", "mhtml", "webarchive", "epub")


def _write_all(folder: Path) -> dict[str, str]:
    """One file per format, each with its own title; returns format → title."""
    folder.mkdir(parents=True, exist_ok=True)
    titles = {}
    for fmt in FORMATS:
        title = f"Harbour Seals Seen From a {fmt.upper()} File"
        name, data = BUILDERS[fmt](title, PARAGRAPHS)
        (folder / name).write_bytes(data)
        titles[fmt] = title
    return titles


def test_dropped_files_of_every_format_are_listed_and_readable(
    qtbot: QtBot, make_window: WindowFactory, tmp_path: Path
) -> None:
    titles = _write_all(tmp_path / "files")
    window = make_window()
    outcome = drop_files(qtbot, window, sorted((tmp_path / "files").iterdir()))
    assert [r.status for r in outcome.results] == ["imported"] * len(FORMATS), outcome.results
    listed = {window.model.summary(r).title: window.model.summary(r) for r in range(4)}
    assert set(listed) == set(titles.values())
    for title in titles.values():
        with qtbot.waitSignal(window.articleOpened):
            window.open_article(listed[title].id, False)
        text = reader_text(window)
        assert title in text
        assert PARAGRAPHS[2] in text


def test_open_dialog_filter_offers_every_format(tmp_path: Path) -> None:
    _write_all(tmp_path)
    (tmp_path / "setup.exe").write_bytes(b"MZ")
    articles = FILE_FILTER.split(";;")[0]
    patterns = articles[articles.index("(") + 1 : articles.index(")")].split()
    assert patterns == [f"*{ext}" for ext in EXTENSIONS]
    shown = QDir(str(tmp_path)).entryList(patterns, QDir.Filter.Files)
    assert sorted(shown) == sorted(p.name for p in tmp_path.iterdir() if p.suffix != ".exe")


def test_watched_folder_picks_up_every_format(
    qtbot: QtBot, make_window: WindowFactory, tmp_path: Path
) -> None:
    folder = tmp_path / "watched"
    folder.mkdir()
    window = make_window()
    window.watched.add(folder)
    titles = _write_all(folder)

    def all_listed() -> bool:
        model = window.model
        return {model.summary(r).title for r in range(model.rowCount())} == set(titles.values())

    qtbot.waitUntil(all_listed, timeout=IMPORT_TIMEOUT_MS)
