"""The main window: library pane and reader side by side, menus, toolbar, status bar.

It wires the parts together and carries out what they ask for; the parts themselves (model,
pane, reader view, import controller, watched folders) know nothing of each other. Database work
for imports and list reloads runs as jobs; opening an article reads one record directly (a WAL
read never waits for an import's writes).
"""

from __future__ import annotations

import gc
from pathlib import Path

from PySide6.QtCore import QMimeData, QSize, Qt, QUrl, Signal
from PySide6.QtGui import (
    QCloseEvent,
    QDesktopServices,
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QGuiApplication,
    QResizeEvent,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFileDialog,
    QFontDialog,
    QMainWindow,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from reader.store import library as lib_service
from reader.store.db import Library
from reader.store.records import ArticleSummary
from reader.ui import themes
from reader.ui.actions import Actions
from reader.ui.dialogs import RemoveArticleBox, about_box, shortcuts_box
from reader.ui.empty_state import EmptyState
from reader.ui.find_bar import FindBar
from reader.ui.import_controller import ImportController, ImportRequest
from reader.ui.import_job import ImportOutcome
from reader.ui.jobs import CallJob, JobRunner
from reader.ui.library_model import LibraryModel
from reader.ui.library_pane import LibraryPane
from reader.ui.reader_view import ReaderView
from reader.ui.settings import Settings
from reader.ui.typography import Typography
from reader.ui.watched_folders import WatchedFolders, WatchedFoldersDialog

APP_TITLE = "Margin"
FILE_FILTER = "Articles (*.txt *.text *.html *.htm *.xhtml *.md *.markdown);;All files (*)"
EMPTY_PAGE, LIBRARY_PAGE = 0, 1
MAX_LIBRARY_SHARE = 0.42


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
        self._theme_name = theme or settings.theme()
        self._typo = settings.typography()
        self._positions: dict[int, int] = {}
        self.runner = JobRunner(self)
        # Small writes (reading positions, "opened") go through one thread, so they land in order.
        self.writer = JobRunner(self, max_threads=1)

        self.model = LibraryModel(self)
        self.library_pane = LibraryPane(self.model, self)
        self.reader = ReaderView(self)
        self.find_bar = FindBar(self.reader, self)
        column = QWidget(self)
        column_layout = QVBoxLayout(column)
        column_layout.setContentsMargins(0, 0, 0, 0)
        column_layout.setSpacing(0)
        column_layout.addWidget(self.reader, 1)
        column_layout.addWidget(self.find_bar)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("mainSplitter")
        self.splitter.addWidget(self.library_pane)
        self.splitter.addWidget(column)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.library_pane.setMinimumWidth(220)
        column.setMinimumWidth(320)
        self.empty_state = EmptyState(self)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.empty_state)
        self.stack.addWidget(self.splitter)
        self.setCentralWidget(self.stack)

        self.imports = ImportController(library, self.runner, self.statusBar(), self)
        self.watched = WatchedFolders(library, self.imports, self)
        self.commands = Actions(self)

        self.library_pane.articleSelected.connect(self.open_article)
        self.library_pane.removeRequested.connect(self.ask_remove)
        self.library_pane.revealRequested.connect(self.reveal)
        self.reader.readingPositionChanged.connect(self._save_position_later)
        self.imports.articlesArrived.connect(self._articles_arrived)
        self.imports.importFinished.connect(self._import_finished)
        self.empty_state.openFilesRequested.connect(self.open_files_dialog)
        self.empty_state.importFolderRequested.connect(self.import_folder_dialog)
        QGuiApplication.styleHints().colorSchemeChanged.connect(self._system_scheme_changed)

        self.remove_box: RemoveArticleBox | None = None
        self.setAcceptDrops(True)
        self.setWindowTitle(APP_TITLE)
        self.setMinimumSize(QSize(640, 440))
        self.apply_theme()
        self._restore_geometry()
        self._update_actions()
        has_articles = lib_service.article_count(library) > 0
        self.stack.setCurrentIndex(LIBRARY_PAGE if has_articles else EMPTY_PAGE)

    # -- startup --------------------------------------------------------------------------
    def _restore_geometry(self) -> None:
        geometry = self.settings.geometry()
        if geometry is None or not self.restoreGeometry(geometry):
            self.resize(1280, 800)
        state = self.settings.window_state()
        if state is not None:
            self.restoreState(state)
        splitter = self.settings.splitter()
        self._splitter_restored = splitter is not None and self.splitter.restoreState(splitter)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._splitter_restored:  # first start: give the library about a third
            self._splitter_restored = True
            width = self.width()
            left = min(max(int(width * 0.36), 260), 520)
            self.splitter.setSizes([left, max(width - left, 320)])

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        # When the window shrinks, the library gives way first: the text needs the room more.
        sizes = self.splitter.sizes()
        total = sum(sizes)
        cap = max(int(total * MAX_LIBRARY_SHARE), self.library_pane.minimumWidth())
        if self._splitter_restored and total > 0 and sizes[0] > cap:
            self.splitter.setSizes([cap, total - cap])

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

    def _close_article(self) -> None:
        self.find_bar.close_bar()
        self.reader.clear_article()
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

    def current_article_id(self) -> int | None:
        return self.reader.article_id or self.library_pane.current_article_id()

    def ask_remove(self, article_id: int) -> RemoveArticleBox | None:
        impact = lib_service.removal_impact(self.library, article_id)
        if impact is None:
            return None
        box = RemoveArticleBox(impact, self)
        box.finished.connect(lambda _r: self._removal_answered(box))
        self.remove_box = box
        box.open()
        return box

    def _removal_answered(self, box: RemoveArticleBox) -> None:
        article_id = box.impact.article_id
        if box.confirmed and lib_service.remove_article(self.library, article_id):
            self.model.remove_ids([article_id])
            self._positions.pop(article_id, None)
            if self.reader.article_id == article_id:
                self._close_article()
            self.statusBar().showMessage(f"Removed “{box.impact.title}”", 8000)
            self._show_page()
        box.deleteLater()
        if self.remove_box is box:
            self.remove_box = None

    def remove_current(self) -> None:
        article_id = self.current_article_id()
        if article_id is not None:
            self.ask_remove(article_id)

    def reveal(self, article_id: int) -> None:
        summary = self.model.summary_by_id(article_id)
        if summary is None:
            return
        path = Path(summary.path)
        if not path.exists():
            self.statusBar().showMessage(f"The source file is no longer there: {path}", 8000)
            return
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path.parent)))

    def reveal_current(self) -> None:
        article_id = self.current_article_id()
        if article_id is not None:
            self.reveal(article_id)

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
        first = outcome.first_article_id
        if request.open_first and first is not None:
            if self.model.row_of(first) is None:  # unchanged article not listed yet
                self.model.upsert(lib_service.list_articles(self.library, ids=[first]))
            self.open_article(first, True)
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

    # -- appearance -----------------------------------------------------------------------
    @property
    def theme_name(self) -> str:
        return self._theme_name

    def apply_theme(self) -> None:
        theme = themes.resolve(self._theme_name)
        QApplication.setPalette(themes.palette(theme))
        self.reader.set_appearance(theme, self._typo)
        self.commands.update_icons(theme.text)
        self.commands.sync_checks(self._theme_name, self._typo.family, self._typo.line_height)

    def set_theme(self, name: str) -> None:
        self._theme_name = name
        if self.persist:
            self.settings.set_theme(name)
        self.apply_theme()

    def _system_scheme_changed(self, _scheme: Qt.ColorScheme) -> None:
        if self._theme_name == "system":
            self.apply_theme()

    def set_typography(self, typo: Typography) -> None:
        self._typo = typo.clamped()
        if self.persist:
            self.settings.set_typography(self._typo)
        self.apply_theme()

    def change_font_size(self, step: int) -> None:
        typo = self._typo
        if step > 0:
            typo = typo.bigger()
        elif step < 0:
            typo = typo.smaller()
        else:
            typo = Typography(family=typo.family, line_height=typo.line_height)
        self.set_typography(typo)

    def set_font_family(self, family: str) -> None:
        self.set_typography(Typography(family, self._typo.size, self._typo.line_height))

    def set_line_height(self, percent: int) -> None:
        self.set_typography(Typography(self._typo.family, self._typo.size, percent))

    def choose_font(self) -> None:
        ok, font = QFontDialog.getFont(self._typo.font(), self, "Reading Font")
        if ok:
            self.set_font_family(font.family())

    def toggle_library(self, visible: bool) -> None:
        self.library_pane.setVisible(visible)

    def focus_library_filter(self) -> None:
        self.stack.setCurrentIndex(LIBRARY_PAGE)
        self.commands.toggle_library.setChecked(True)
        self.library_pane.show()
        self.library_pane.filter_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.library_pane.filter_edit.selectAll()

    def show_shortcuts(self) -> None:
        shortcuts_box(self).open()

    def show_about(self) -> None:
        about_box(self).open()

    # -- shutdown -------------------------------------------------------------------------
    def save_state(self) -> None:
        """Write everything a restart needs: reading position, geometry, splitter, article."""
        self._save_position_now(sync=True)
        if not self.persist:
            return
        self.settings.set_geometry(self.saveGeometry())
        self.settings.set_window_state(self.saveState())
        self.settings.set_splitter(self.splitter.saveState())
        self.settings.set_last_article(self.library.path, self.reader.article_id)

    def closeEvent(self, event: QCloseEvent) -> None:
        for dialog in self.findChildren(QDialog):
            if dialog.isVisible():
                dialog.close()
        self.imports.cancel()
        self.writer.shutdown()  # queued writes first, so the final position is the last word
        self.save_state()
        self.runner.shutdown()
        event.accept()
