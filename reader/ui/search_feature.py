"""Search and browsing, plugged into the window: the Search, Highlights and Tags tabs beside
the article list, the Ctrl+K / Ctrl+Shift+F command, and opening an article at a match.

Built by `MainWindow` after its core parts, with the window passed in; it uses only the
window's plug-in points (library-side tabs, named menus, `appearance.changed`) and its public
parts (`open_article`, `reader`, `annotator`, `runner`). Opening a result opens the article
and then: a highlight (or a note on one) is jumped to and flashes, as from the highlights panel;
an article match is found with FTS5's ``highlight()`` (`reader.store.search.match_span`),
scrolled to and flashed; an article's own note shows the highlights panel, cursor in the note.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence, QTextCursor

from reader.store.db import Library
from reader.store.records import SearchResult
from reader.store.search import match_span
from reader.ui.appearance import Look
from reader.ui.library_highlights import LibraryHighlights
from reader.ui.search_pane import SearchPane
from reader.ui.tag_list import TagList

if TYPE_CHECKING:
    from reader.ui.main_window import MainWindow

SEARCH_KEYS = ("Ctrl+K", "Ctrl+Shift+F")


class SearchFeature(QObject):
    def __init__(self, window: MainWindow, library: Library) -> None:
        super().__init__(window)
        self.window = window
        self.library = library
        self.pane = SearchPane(library, window.runner, window)
        self.highlights = LibraryHighlights(library, window.runner, window)
        self.tags = TagList(library, window.runner, window)
        side = window.library_side
        side.addTab(self.pane, "Search")
        side.addTab(self.highlights, "Highlights")
        side.addTab(self.tags, "Tags")

        self.search_action = QAction("&Search Library…", window)
        self.search_action.setShortcuts([QKeySequence(k) for k in SEARCH_KEYS])
        self.search_action.triggered.connect(lambda: self.show_search())
        self.highlights_action = QAction("All &Highlights", window)
        self.highlights_action.triggered.connect(self.show_highlights)
        self.tags_action = QAction("&Tags", window)
        self.tags_action.triggered.connect(lambda: self._show_tab(self.tags))
        for action in (self.search_action, self.highlights_action, self.tags_action):
            window.addAction(action)  # the keys work while the menu bar is hidden too
        window.commands.menu("edit").addAction(self.search_action)
        library_menu = window.commands.menu("library")
        library_menu.addAction(self.highlights_action)
        library_menu.addAction(self.tags_action)

        self.pane.resultActivated.connect(self.open_result)
        self.pane.leave.connect(lambda: window.reader.setFocus(Qt.FocusReason.OtherFocusReason))
        self.highlights.highlightActivated.connect(self.open_highlight)
        self.tags.tagChosen.connect(lambda name: self.show_search(f'tag:"{name}"'))
        window.appearance.changed.connect(self._follow_look)
        # What changes the library's highlights and tags: annotation commands (pushed, undone,
        # redone), imports (re-anchoring) and removing articles.
        window.annotator.undo_group.indexChanged.connect(lambda _i: self.mark_stale())
        window.imports.importFinished.connect(lambda *_a: self.mark_stale())
        window.model.rowsRemoved.connect(lambda *_a: self.mark_stale())

    def _follow_look(self, look: Look) -> None:
        self.pane.set_theme(look.theme)
        self.highlights.set_theme(look.theme)

    def mark_stale(self) -> None:
        self.highlights.mark_stale()
        self.tags.mark_stale()

    # -- showing the tabs -----------------------------------------------------------------
    def _show_tab(self, widget: QObject) -> None:
        w = self.window
        w.stack.setCurrentWidget(w.splitter)
        w.commands.toggle_library.setChecked(True)
        w.library_side.show()
        w.library_side.setCurrentWidget(widget)

    def show_search(self, query: str | None = None) -> None:
        """Bring up the search field (Ctrl+K), optionally with a query already in it."""
        self._show_tab(self.pane)
        if query is not None:
            self.pane.set_query(query)
        self.pane.focus_field()

    def show_highlights(self) -> None:
        self._show_tab(self.highlights)
        self.highlights.list.setFocus(Qt.FocusReason.OtherFocusReason)

    # -- opening at a match ---------------------------------------------------------------
    def open_result(self, result: SearchResult, query: str) -> None:
        w = self.window
        if not w.open_article(result.article_id, True):
            return
        if result.highlight_id is not None:
            w.annotator.jump_to(result.highlight_id)
            return
        if result.kind == "note":  # the article's own note is at the top of the panel
            if not w.commands.toggle_panel.isChecked():
                w.commands.toggle_panel.trigger()
            w.panel.article_note.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        span = match_span(self.library, result.article_id, query)
        if span is not None:
            self.flash_span(*span)

    def open_highlight(self, article_id: int, highlight_id: int) -> None:
        if self.window.open_article(article_id, True):
            self.window.annotator.jump_to(highlight_id)

    def flash_span(self, start: int, end: int) -> None:
        """Scroll the reader to code points ``start``-``end`` of the article and flash them."""
        reader = self.window.reader
        pmap = reader.position_map
        if pmap is None:
            return
        a, b = pmap.span_to_qt(start, end)
        reader.scroll_to_qt(a)
        cursor = QTextCursor(reader.document())
        cursor.setPosition(a)
        reader.setTextCursor(cursor)
        self.window.annotator.flash.start(a, b)
