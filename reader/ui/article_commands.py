"""Commands on one article, whether it is picked in the library list or open in the reader.

Removing (after asking, with what would go with it), showing its source file's folder in the
file manager, and opening the original (the file in the system's viewer, the page's address in
the browser). `ArticleCommands` is given the library and the list model (for paths and titles)
and the widget that parents its dialogs; it reports through signals and never touches the
window: `removed` lets the window close the article if it was open, `message` goes to the status
bar.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QWidget

from reader.store import library as lib_service
from reader.store.db import Library
from reader.ui.dialogs import RemoveArticleBox
from reader.ui.library_model import LibraryModel


class ArticleCommands(QObject):
    removed = Signal(int, str)  # article id, its title
    message = Signal(str)

    def __init__(self, library: Library, model: LibraryModel, parent: QWidget) -> None:
        super().__init__(parent)
        self.library = library
        self.model = model
        self.parent_widget = parent
        self.remove_box: RemoveArticleBox | None = None

    # -- remove ---------------------------------------------------------------------------
    def ask_remove(self, article_id: int) -> RemoveArticleBox | None:
        impact = lib_service.removal_impact(self.library, article_id)
        if impact is None:
            return None
        box = RemoveArticleBox(impact, self.parent_widget)
        box.finished.connect(lambda _r: self._removal_answered(box))
        self.remove_box = box
        box.open()
        return box

    def _removal_answered(self, box: RemoveArticleBox) -> None:
        article_id = box.impact.article_id
        if box.confirmed and lib_service.remove_article(self.library, article_id):
            self.model.remove_ids([article_id])
            self.removed.emit(article_id, box.impact.title)
        box.deleteLater()
        if self.remove_box is box:
            self.remove_box = None

    # -- the source file ------------------------------------------------------------------
    def source_path(self, article_id: int) -> Path | None:
        """The article's file, or None (with a message) when it is no longer there."""
        summary = self.model.summary_by_id(article_id)
        if summary is None:
            return None
        path = Path(summary.path)
        if not path.exists():
            self.message.emit(f"The source file is no longer there: {path}")
            return None
        return path

    def reveal(self, article_id: int) -> bool:
        """The folder holding the article's file, in the file manager."""
        path = self.source_path(article_id)
        return path is not None and QDesktopServices.openUrl(QUrl.fromLocalFile(str(path.parent)))
