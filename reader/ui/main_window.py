"""The main window: library pane, reader and highlights panel side by side, menus, toolbar.

It builds the parts, hands each one its collaborators explicitly, and wires their signals; the
parts themselves (model, pane, reader view, highlights panel, annotator, import controller,
watched folders, appearance, export commands, actions) know nothing of the window or of each
other. Database work for imports, exports and list reloads runs as jobs; opening an article
reads one record directly (a WAL read never waits for an import's writes), and annotation writes
are synchronous (see `reader.ui.annotator` for why).

Where new window features plug in (each in its own module, built in `MainWindow.__init__`
after the core parts, with the collaborators it needs passed to its constructor):

* menu entries: ``self.commands.menu("file" | "edit" | "view" | "annotate" | "library" |
  "help").addAction(...)``; keys go in `reader.ui.actions.SHORTCUTS` too;
* the reader's right-click menu: ``self.reader.add_context_actions([...])`` (one section);
* a tab on the library side (beside "Articles"): ``self.library_side.addTab(widget, "Name")``
  (the tab bar appears once there are two tabs);
* a repaint on theme or font change: ``self.appearance.changed.connect(...)`` (gets a `Look`);
* the open article: ``self.articleOpened`` (id) and ``self.annotator`` (records, current).
"""

from __future__ import annotations

import gc
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QMimeData, QSize, Qt, Signal
from PySide6.QtGui import (
    QCloseEvent,
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QResizeEvent,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QMainWindow,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from reader.ingest.sniff import EXTENSIONS
from reader.store import library as lib_service
from reader.store.db import Library
from reader.store.records import ArticleSummary
from reader.ui.actions import Actions
from reader.ui.annotator import Annotator
from reader.ui.appearance import Appearance, Look
from reader.ui.article_commands import ArticleCommands
from reader.ui.cleaning_controls import CleaningControls
from reader.ui.dialogs import about_box, shortcuts_box
from reader.ui.empty_state import EmptyState
from reader.ui.export_dialog import ExportCommands
from reader.ui.external_changes import ExternalRefresh
from reader.ui.find_bar import FindBar
from reader.ui.highlights_panel import HighlightsPanel
from reader.ui.import_controller import ImportController, ImportRequest
from reader.ui.import_job import ImportOutcome
from reader.ui.jobs import CallJob, JobRunner
from reader.ui.library_model import LibraryModel
from reader.ui.library_pane import LibraryPane
from reader.ui.reader_view import ReaderView
from reader.ui.search_feature import SearchFeature
from reader.ui.settings import Settings
from reader.ui.watched_folders import WatchedFolders, WatchedFoldersDialog
from reader.ui.window_geometry import PaneGeometry

APP_TITLE = "Margin"
FILE_FILTER = f"Articles ({' '.join('*' + ext for ext in EXTENSIONS)});;All files (*)"
EMPTY_PAGE, LIBRARY_PAGE = 0, 1
MESSAGE_MS = 6000


def paths_from_mime(mime: QMimeData) -> list[Path]:
    """Local files and folders in a drop (remote URLs are ignored: nothing is downloaded)."""
    if not mime.hasUrls():
        return []
    return [Path(u.toLocalFile()) for u in mime.urls() if u.isLocalFile() and u.toLocalFile()]


class MainWindow(QMainWindow):
    articleOpened = Signal(int)
    libraryLoaded = Signal()

    def __init__(
        self,
        library: Library,
        settings: Settings,
        *,
        theme: str | None = None,
        persist: bool = True,
    ) -> None:
        super().__init__()
        self.setObjectName("mainWindow")
        self.library = library
        self.settings = settings
        self.persist = persist  # False in screenshot mode: look, do not remember
        self._positions: dict[int, int] = {}
        self.runner = JobRunner(self)
        # Small writes (reading positions, "opened") go through one thread, so they land in order.
        self.writer = JobRunner(self, max_threads=1)
        self.appearance = Appearance(settings, theme=theme, persist=persist, parent=self)

        # -- the visible parts ------------------------------------------------------------
        self.model = LibraryModel(self)
        self.library_pane = LibraryPane(self.model, self)
        self.library_side = QTabWidget(self)  # "Articles"; features add tabs beside it
        self.library_side.setObjectName("librarySide")
        self.library_side.setDocumentMode(True)
        self.library_side.setTabBarAutoHide(True)
        self.library_side.addTab(self.library_pane, "Articles")
        self.reader = ReaderView(self)
        self.find_bar = FindBar(self.reader, self)
        self.panel = HighlightsPanel(self)
        self.empty_state = EmptyState(self)
        self._lay_out()

        # -- what they do -----------------------------------------------------------------
        self.imports = ImportController(library, self.runner, self.statusBar(), self)
        self.watched = WatchedFolders(library, self.imports, self)
        self.annotator = Annotator(library, self.reader, self.panel, self)
        self.exports = ExportCommands(
            library,
            settings,
            self.runner,
            self.annotator,
            self.library_pane.selected_article_ids,
            self,
        )
        self.commands = Actions(
            self,
            self,
            find_bar=self.find_bar,
            appearance=self.appearance,
            exports=self.exports,
            annotations=self.annotator,
            key_targets=(self.reader, self.panel.list, self.panel.orphan_list),
            panel_visible=settings.panel_visible(),
        )
        self.reader.add_context_actions(self.commands.reader_menu_actions())
        self.articles = ArticleCommands(library, self.model, self)
        self.external = ExternalRefresh(
            library,
            self.runner,
            self.model,
            open_article=self._shown_stamp,
            busy=lambda: self.imports.busy,
            parent=self,
        )
        self.search = SearchFeature(self, library)  # Search, Highlights and Tags tabs; Ctrl+K
        self.cleaning = CleaningControls(
            library, self.reader, self.annotator, self.model, settings, self, persist=persist
        )
        self.cleaning.add_to_menus(self.commands.menu)

        # -- wiring -----------------------------------------------------------------------
        # Repaint order on a theme or font change: the panel before the reader (the reader's
        # rebuild repaints the highlights), then the note popup, then icons and menu checks.
        self.appearance.changed.connect(self._follow_look)
        self.appearance.changed.connect(self.commands.follow_look)
        self.library_pane.articleSelected.connect(self.open_article)
        self.library_pane.removeRequested.connect(self.articles.ask_remove)
        self.library_pane.revealRequested.connect(self.articles.reveal)
        self.articles.removed.connect(self._article_removed)
        self.articles.message.connect(self.show_message)
        self.external.articleChanged.connect(lambda _id: self._reload_open_article())
        self.external.articleRemoved.connect(self._removed_elsewhere)
        self.external.annotationsChanged.connect(self.annotator.sync_from_store)
        self.external.refreshed.connect(self._show_page)
        self.reader.readingPositionChanged.connect(self._save_position_later)
        self.imports.articlesArrived.connect(self._articles_arrived)
        self.imports.importFinished.connect(self._import_finished)
        self.annotator.message.connect(self.show_message)
        self.annotator.countChanged.connect(self._highlight_count_changed)
        self.annotator.currentChanged.connect(lambda _h: self._update_actions())
        self.exports.message.connect(self.show_message)
        self.cleaning.message.connect(self.show_message)
        self.empty_state.openFilesRequested.connect(self.open_files_dialog)
        self.empty_state.importFolderRequested.connect(self.import_folder_dialog)

        self.setAcceptDrops(True)
        self.setWindowTitle(APP_TITLE)
        self.setMinimumSize(QSize(640, 440))
        self.appearance.apply()
        self.geometry_keeper = PaneGeometry(
            self,
            settings,
            splitter=self.splitter,
            reading=self.reading,
            library=self.library_side,
            panel=self.panel,
            text_ideal=self.reader.ideal_width,
            fit_screen=persist,
        )
        self.geometry_keeper.restore()
        self.stack.currentChanged.connect(lambda _page: self.geometry_keeper.panes_shown())
        self._update_actions()
        has_articles = lib_service.article_count(library) > 0
        self.stack.setCurrentIndex(LIBRARY_PAGE if has_articles else EMPTY_PAGE)

    def _lay_out(self) -> None:
        """Library | (reader over find bar | highlights panel), or the empty state."""
        column = QWidget(self)
        column_layout = QVBoxLayout(column)
        column_layout.setContentsMargins(0, 0, 0, 0)
        column_layout.setSpacing(0)
        column_layout.addWidget(self.reader, 1)
        column_layout.addWidget(self.find_bar)
        # Reader and panel share a splitter of their own, so the library's split stays as it was.
        self.reading = QSplitter(Qt.Orientation.Horizontal, self)
        self.reading.setObjectName("readingSplitter")
        self.reading.addWidget(column)
        self.reading.addWidget(self.panel)
        self.reading.setChildrenCollapsible(False)
        self.reading.setStretchFactor(0, 1)
        self.reading.setStretchFactor(1, 0)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("mainSplitter")
        self.splitter.addWidget(self.library_side)
        self.splitter.addWidget(self.reading)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        column.setMinimumWidth(320)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.empty_state)
        self.stack.addWidget(self.splitter)
        self.setCentralWidget(self.stack)

    def _follow_look(self, look: Look) -> None:
        self.panel.set_theme(look.theme)  # before the reader: its rebuild repaints the highlights
        self.annotator.popup.set_theme(look.theme)
        self.reader.set_appearance(look.theme, look.typography)

    # -- startup --------------------------------------------------------------------------
    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.geometry_keeper.shown()
        self.commands.toggle_panel.setChecked(not self.panel.isHidden())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.geometry_keeper.resized()  # may step the highlights panel aside, or bring it back
        self.commands.toggle_panel.setChecked(not self.panel.isHidden())

    def start(self, open_id: int | None = None, restore_last: bool = True) -> None:
        """Load the list, reopen an article (``open_id`` or the last one), watch folders."""
        gc.freeze()  # see _library_loaded
        self.reload_library()
        target = open_id
        if target is None and restore_last:
            target = self.settings.last_article(self.library.path)
        if target is not None:
            self.open_article(target, True)
        self.watched.start()
        self.external.start()

    def reload_library(self) -> None:
        job = CallJob(lib_service.list_articles, self.library)
        job.signals.finished.connect(self._library_loaded)
        self.runner.start(job)

    def _library_loaded(self, rows: list[ArticleSummary]) -> None:
        self.model.set_articles(rows)
        # Everything alive now (modules, Qt wrappers, the list) lives as long as the window: keep
        # it out of the cyclic collector, whose full passes over it froze the window for 100+ ms.
        gc.freeze()
        self._show_page()
        if self.reader.article_id is not None:
            self.library_pane.select_article(self.reader.article_id)
        self.libraryLoaded.emit()

    def _show_page(self) -> None:
        empty = self.model.rowCount() == 0 and self.reader.article_id is None
        self.stack.setCurrentIndex(EMPTY_PAGE if empty else LIBRARY_PAGE)

    # -- articles -------------------------------------------------------------------------
    def open_article(self, article_id: int, focus: bool = True) -> bool:
        if self.reader.article_id == article_id:
            if focus:
                self.reader.setFocus(Qt.FocusReason.OtherFocusReason)
            return True
        record = lib_service.get_article(self.library, article_id)
        if record is None:
            self.statusBar().showMessage(f"Article #{article_id} is no longer in the library", 8000)
            return False
        self._save_position_now(sync=False)
        self.annotator.flush()  # a note typed a moment ago belongs to the article being left
        self.reader.show_article(record, self._positions.get(article_id))
        self.setWindowTitle(f"{record.title} — {APP_TITLE}")
        self.stack.setCurrentIndex(LIBRARY_PAGE)
        self.library_pane.select_article(article_id)
        if self.persist:
            self.settings.set_last_article(self.library.path, article_id)
            self.writer.start(CallJob(lib_service.mark_opened, self.library, article_id))
        if focus:
            self.reader.setFocus(Qt.FocusReason.OtherFocusReason)
        self._update_actions()
        self.articleOpened.emit(article_id)
        return True

    def _update_actions(self) -> None:
        """Actions on "the article" make sense only while one is open."""
        is_open = self.reader.article_id is not None
        for action in (self.commands.find, self.commands.find_next, self.commands.find_previous):
            action.setEnabled(is_open)
        for action in (self.commands.remove, self.commands.reveal):
            action.setEnabled(is_open or self.library_pane.current_article_id() is not None)
        for action in self.commands.annotation_actions():
            action.setEnabled(is_open)
        self.commands.copy_markdown.setEnabled(is_open)
        self.cleaning.set_enabled(is_open)

    def _close_article(self) -> None:
        self.find_bar.close_bar()
        self.reader.clear_article()
        self.library_pane.select_article(None)
        self.setWindowTitle(APP_TITLE)
        self._update_actions()
        if self.persist:
            self.settings.set_last_article(self.library.path, None)

    def _save_position_later(self, article_id: int, position: int) -> None:
        self._positions[article_id] = position
        if self.persist:
            job = CallJob(lib_service.set_reading_position, self.library, article_id, position)
            self.writer.start(job)

    def _save_position_now(self, sync: bool) -> None:
        current = self.reader.flush_position()
        if current is None or not self.persist:
            return
        article_id, position = current
        self._positions[article_id] = position
        if sync:
            lib_service.set_reading_position(self.library, article_id, position)
        else:
            self._save_position_later(article_id, position)

    def _shown_stamp(self) -> tuple[int, object] | None:
        """The open article and the version of it on screen (for `ExternalRefresh`)."""
        record = self.reader.record
        return (record.id, record.updated_at) if record is not None else None

    def _removed_elsewhere(self, article_id: int) -> None:
        record = self.reader.record
        title = record.title if record is not None else f"#{article_id}"
        self._article_removed(article_id, title, elsewhere=True)

    def current_article_id(self) -> int | None:
        return self.reader.article_id or self.library_pane.current_article_id()

    def _article_removed(self, article_id: int, title: str, elsewhere: bool = False) -> None:
        self._positions.pop(article_id, None)
        if self.reader.article_id == article_id:
            self._close_article()
        by = " by another program" if elsewhere else ""
        self.statusBar().showMessage(f"Removed “{title}”{by}", 8000)
        self._show_page()

    def remove_current(self) -> None:
        article_id = self.current_article_id()
        if article_id is not None:
            self.articles.ask_remove(article_id)

    def reveal_current(self) -> None:
        article_id = self.current_article_id()
        if article_id is not None:
            self.articles.reveal(article_id)

    # -- import ---------------------------------------------------------------------------
    def import_paths(self, paths: list[Path], open_first: bool = True) -> ImportRequest:
        return self.imports.import_paths(paths, open_first=open_first)

    def open_files_dialog(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(self, "Open Files", "", FILE_FILTER)
        if files:
            self.import_paths([Path(f) for f in files])

    def import_folder_dialog(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Import Folder")
        if folder:
            self.import_paths([Path(folder)])

    def show_watched_folders(self) -> WatchedFoldersDialog:
        dialog = WatchedFoldersDialog(self.watched, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def _articles_arrived(self, summaries: tuple[ArticleSummary, ...]) -> None:
        self.model.upsert(summaries)
        self._show_page()
        shown = self.reader.record
        for summary in summaries:
            if (
                shown is not None
                and summary.id == shown.id
                and summary.updated_at != shown.updated_at
            ):
                self._reload_open_article()

    def _reload_open_article(self) -> None:
        """The open article's file changed and was re-imported: show the new text in place."""
        shown = self.reader.record
        record = lib_service.get_article(self.library, shown.id) if shown else None
        if record is not None:
            self.reader.show_article(record, self.reader.top_position())
            self.setWindowTitle(f"{record.title} — {APP_TITLE}")

    def _import_finished(self, request: ImportRequest, outcome: ImportOutcome) -> None:
        one_file = len(request.paths) == 1 and request.paths[0].is_file()
        reading = self.reader.article_id is not None
        target = outcome.article_to_open(one_file=one_file, reading=reading)
        if request.open_first and target is not None:
            if self.model.row_of(target) is None:  # unchanged article not listed yet
                self.model.upsert(lib_service.list_articles(self.library, ids=[target]))
            self.open_article(target, True)
        self._show_page()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if paths_from_mime(event.mimeData()):
            event.acceptProposedAction()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if paths_from_mime(event.mimeData()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = paths_from_mime(event.mimeData())
        if paths:
            event.acceptProposedAction()
            self.import_paths(paths)

    # -- view ---------------------------------------------------------------------------
    def toggle_library(self, visible: bool) -> None:
        self.library_side.setVisible(visible)
        self.geometry_keeper.remember()

    def toggle_panel(self, visible: bool) -> None:
        self.panel.setVisible(visible)
        self.geometry_keeper.remember()
        if self.persist:
            self.settings.set_panel_visible(visible)

    def show_message(self, text: str) -> None:
        self.statusBar().showMessage(text, MESSAGE_MS)

    # -- annotations ----------------------------------------------------------------------
    def _highlight_count_changed(self, article_id: int, count: int) -> None:
        summary = self.model.summary_by_id(article_id)
        if summary is not None and summary.highlights != count:
            self.model.upsert([replace(summary, highlights=count)])

    def focus_library_filter(self) -> None:
        self.stack.setCurrentIndex(LIBRARY_PAGE)
        self.commands.toggle_library.setChecked(True)
        self.library_side.show()
        self.library_side.setCurrentWidget(self.library_pane)
        self.library_pane.filter_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.library_pane.filter_edit.selectAll()

    def show_shortcuts(self) -> QDialog:
        dialog = shortcuts_box(self)
        dialog.open()
        return dialog

    def show_about(self) -> None:
        about_box(self).open()

    # -- shutdown -------------------------------------------------------------------------
    def save_state(self) -> None:
        """Write everything a restart needs: reading position, geometry, splitter, article."""
        self._save_position_now(sync=True)
        if not self.persist:
            return
        self.geometry_keeper.save()
        self.settings.set_last_article(self.library.path, self.reader.article_id)

    def closeEvent(self, event: QCloseEvent) -> None:
        for dialog in self.findChildren(QDialog):
            if dialog.isVisible():
                dialog.close()
        self.annotator.flush()
        self.external.stop()
        self.imports.cancel()
        self.writer.shutdown()  # queued writes first, so the final position is the last word
        self.save_state()
        self.runner.shutdown()
        event.accept()
