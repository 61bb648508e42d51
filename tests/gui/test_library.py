"""The library model under qtmodeltester, sorting and filtering, and the pane's context menu."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QObject, Qt, QUrl, Slot
from PySide6.QtGui import QDesktopServices
from pytestqt.qtbot import QtBot

from reader.store.annotations import add_highlight_by_quote, set_article_note
from reader.store.library import list_articles
from reader.store.records import ArticleSummary
from reader.ui.dialogs import removal_consequence
from reader.ui.library_model import (
    ADDED,
    HIGHLIGHTS,
    ID_ROLE,
    SITE,
    TITLE,
    WORDS,
    LibraryFilterModel,
    LibraryModel,
)
from tests.gui.conftest import PAGE_TITLE, WindowFactory, drop_files, sample_page

pytestmark = pytest.mark.gui

T0 = datetime(2025, 1, 1, 12, 0)


def summary(
    i: int, title: str, site: str | None = None, words: int = 100, hl: int = 0
) -> ArticleSummary:
    return ArticleSummary(
        id=i,
        title=title,
        site=site,
        byline=None,
        published=None,
        words=words,
        highlights=hl,
        added_at=T0 + timedelta(hours=i),
        updated_at=T0,
        path=f"/articles/{i}.txt",
        format="text",
    )


ROWS = [
    summary(1, "Zebras of the plain", "nature.org", 900, 2),
    summary(2, "apples and oranges", "food.example", 300),
    summary(3, "Mountain railways", None, 1200, 5),
    summary(4, "Écoles de village", "lemonde.fr", 50),
]


def test_model_passes_qtmodeltester(qtmodeltester: object) -> None:
    model = LibraryModel()
    model.set_articles(ROWS)
    qtmodeltester.check(model, force_py=True)  # type: ignore[attr-defined]
    model.upsert([summary(5, "Fresh"), summary(2, "apples and pears", "food.example", 310)])
    model.remove_ids([3])
    model.sort(TITLE, Qt.SortOrder.AscendingOrder)
    qtmodeltester.check(model, force_py=True)  # type: ignore[attr-defined]


def test_proxy_passes_qtmodeltester(qtmodeltester: object) -> None:
    model = LibraryModel()
    model.set_articles(ROWS)
    proxy = LibraryFilterModel(model)
    proxy.set_filter_text("rail")
    qtmodeltester.check(proxy, force_py=True)  # type: ignore[attr-defined]


def _titles(model: LibraryModel | LibraryFilterModel) -> list[str]:
    return [model.index(r, TITLE).data() for r in range(model.rowCount())]


def test_sorting_by_each_column() -> None:
    model = LibraryModel()
    model.set_articles(ROWS)
    assert model.sort_column == ADDED  # newest first by default
    assert _titles(model)[0] == "Écoles de village"
    model.sort(TITLE, Qt.SortOrder.AscendingOrder)
    # Neither case nor accents decide the order.
    assert _titles(model) == [
        "apples and oranges",
        "Écoles de village",
        "Mountain railways",
        "Zebras of the plain",
    ]
    model.sort(WORDS, Qt.SortOrder.DescendingOrder)
    assert _titles(model)[0] == "Mountain railways"
    model.sort(HIGHLIGHTS, Qt.SortOrder.DescendingOrder)
    assert [model.index(r, HIGHLIGHTS).data() for r in range(4)] == ["5", "2", "", ""]
    model.sort(SITE, Qt.SortOrder.AscendingOrder)
    assert model.index(0, SITE).data() == ""
    assert model.index(0, WORDS).data() == "1,200"


def test_upsert_keeps_order_and_selection_stable() -> None:
    model = LibraryModel()
    model.set_articles(ROWS)
    model.sort(TITLE, Qt.SortOrder.AscendingOrder)
    model.upsert([summary(9, "Lighthouses")])
    assert _titles(model).index("Lighthouses") == 2  # apples, Écoles, Lighthouses, ...
    assert model.row_of(9) == 2
    model.upsert([summary(9, "Lighthouses", words=77)])
    assert model.rowCount() == 5
    assert model.index(2, WORDS).data() == "77"
    model.remove_ids([1, 9])
    assert model.rowCount() == 3
    assert all(model.row_of(s.id) == r for r, s in enumerate(model.summary(r) for r in range(3)))


def test_filter_matches_title_site_and_ignores_case() -> None:
    model = LibraryModel()
    model.set_articles(ROWS)
    proxy = LibraryFilterModel(model)
    proxy.set_filter_text("RAIL")
    assert _titles(proxy) == ["Mountain railways"]
    proxy.set_filter_text("lemonde")
    assert _titles(proxy) == ["Écoles de village"]
    proxy.set_filter_text("of plain")  # every word, anywhere
    assert _titles(proxy) == ["Zebras of the plain"]
    proxy.set_filter_text("")
    assert proxy.rowCount() == 4
    proxy.sort(TITLE, Qt.SortOrder.DescendingOrder)  # the proxy forwards to the source
    assert _titles(proxy)[0] == "Zebras of the plain"
    assert proxy.article_id(proxy.index(0, 0)) == 1
    assert proxy.index_of(1).data(ID_ROLE) == 1


def test_filter_box_and_count_in_the_window(
    qtbot: QtBot, make_window: WindowFactory, tmp_path: Path
) -> None:
    folder = tmp_path / "two"
    folder.mkdir()
    (folder / "a.html").write_text(sample_page(), "utf-8")
    (folder / "b.html").write_text(sample_page(title="Ferries of the Fjords"), "utf-8")
    window = make_window()
    drop_files(qtbot, window, [folder])
    pane = window.library_pane
    assert pane.count_label.text() == "2 articles"
    qtbot.keyClicks(pane.filter_edit, "fjord")
    assert pane.proxy.rowCount() == 1
    assert pane.count_label.text() == "1 of 2 articles"


def _window_with_article(qtbot: QtBot, make_window: WindowFactory, path: Path) -> tuple:  # type: ignore[type-arg]
    path.write_text(sample_page(), "utf-8")
    window = make_window()
    with qtbot.waitSignal(window.articleOpened):
        drop_files(qtbot, window, [path])
    article_id = window.reader.article_id
    assert article_id is not None
    return window, article_id


def test_remove_asks_first_and_names_what_goes(
    qtbot: QtBot, make_window: WindowFactory, tmp_path: Path
) -> None:
    window, article_id = _window_with_article(qtbot, make_window, tmp_path / "a.html")
    lib = window.library
    add_highlight_by_quote(lib, article_id, "Rolling stock", note="why cheaper?")
    add_highlight_by_quote(lib, article_id, "Amsterdam")
    set_article_note(lib, article_id, "Read again before the trip")

    menu = window.library_pane.context_menu_for(article_id)
    labels = [a.text() for a in menu.actions() if a.text()]
    assert labels == ["Open", "Reveal source file", "Remove from library…"]
    menu.actions()[-1].trigger()
    box = window.articles.remove_box
    assert box is not None
    assert box.isVisible()
    assert PAGE_TITLE in box.text_label.text()
    assert "2 highlights and 2 notes" in box.info_label.text()

    box.cancel_button.click()  # a change of mind: nothing happens
    assert window.model.rowCount() == 1
    assert [a.id for a in list_articles(lib)] == [article_id]

    window.articles.ask_remove(article_id)
    box = window.articles.remove_box
    assert box is not None
    box.remove_button.click()
    assert list_articles(lib) == []
    assert window.model.rowCount() == 0
    assert window.reader.article_id is None
    assert window.windowTitle() == "Margin"
    assert window.stack.currentWidget() is window.empty_state


def test_removal_wording() -> None:
    from reader.store.records import RemovalImpact

    assert removal_consequence(RemovalImpact(1, "t", 1, 0)).startswith("Its 1 highlight will")
    assert removal_consequence(RemovalImpact(1, "t", 0, 3)).startswith("Its 3 notes will")
    assert "no highlights or notes" in removal_consequence(RemovalImpact(1, "t", 0, 0))


class _Catcher(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[QUrl] = []

    @Slot(QUrl)
    def catch(self, url: QUrl) -> None:
        self.urls.append(url)


def test_reveal_opens_the_folder_of_the_source(
    qtbot: QtBot, make_window: WindowFactory, tmp_path: Path
) -> None:
    path = tmp_path / "src" / "a.html"
    path.parent.mkdir()
    window, article_id = _window_with_article(qtbot, make_window, path)
    catcher = _Catcher()
    QDesktopServices.setUrlHandler("file", catcher, "catch")
    try:
        window.library_pane.context_menu_for(article_id).actions()[1].trigger()
    finally:
        QDesktopServices.unsetUrlHandler("file")
    assert [u.toLocalFile() for u in catcher.urls] == [str(path.parent.resolve())]
    path.unlink()
    window.articles.reveal(article_id)
    assert "no longer there" in window.statusBar().currentMessage()


def test_open_from_the_context_menu_focuses_the_reader(
    qtbot: QtBot, make_window: WindowFactory, tmp_path: Path
) -> None:
    window, article_id = _window_with_article(qtbot, make_window, tmp_path / "a.html")
    window.reader.clear_article()
    window.library_pane.filter_edit.setFocus()
    with qtbot.waitSignal(window.articleOpened):
        window.library_pane.context_menu_for(article_id).actions()[0].trigger()
    assert window.reader.article_id == article_id
    qtbot.waitUntil(window.reader.hasFocus)


def test_arrow_keys_browse_the_list_and_keep_the_focus(
    qtbot: QtBot, make_window: WindowFactory, tmp_path: Path
) -> None:
    folder = tmp_path / "two"
    folder.mkdir()
    (folder / "a.html").write_text(sample_page(), "utf-8")
    (folder / "b.html").write_text(sample_page(title="Ferries of the Fjords"), "utf-8")
    window = make_window()
    drop_files(qtbot, window, [folder])
    table = window.library_pane.table
    table.setFocus()
    qtbot.waitUntil(table.hasFocus)
    before = window.reader.article_id
    with qtbot.waitSignal(window.articleOpened):
        qtbot.keyClick(table, Qt.Key.Key_Down if table.currentIndex().row() == 0 else Qt.Key.Key_Up)
    assert window.reader.article_id != before
    assert table.hasFocus()
    qtbot.keyClick(table, Qt.Key.Key_Return)
    qtbot.waitUntil(window.reader.hasFocus)
