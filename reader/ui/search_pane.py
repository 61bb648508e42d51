"""The Search tab of the library side: a search field over articles, highlights and notes.

Results follow the typing. Each change of the text waits a moment (`DEBOUNCE_MS`, so a fast
typist does not start a search per letter), then starts one `SearchJob` on the window's job
pool. Every job carries the number of the request it answers; a result that is not the newest
request's is dropped, so results never go back to an older text. The GUI thread only swaps
the model when a result arrives: a few hundred rows at most. An empty field clears the results
at once.

Enter in the field opens the first result; Esc clears it (and, empty, goes back to the reader);
the Down key moves into the list, where Enter or a click opens the one chosen
(`resultActivated` carries it with the query, so the window can open the article at the match).
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QLabel, QLineEdit, QTreeView, QVBoxLayout, QWidget

from reader.store.db import Library
from reader.store.records import SearchResult, SearchResults
from reader.ui.jobs import Job, JobRunner
from reader.ui.search_model import SearchResultDelegate, SearchResultsModel
from reader.ui.themes import Theme

DEBOUNCE_MS = 60
PLACEHOLDER = "Search articles, highlights, notes"


class SearchJob(Job):
    """One search, off the GUI thread. Skipped if a newer one was asked for meanwhile."""

    def __init__(self, library: Library, text: str, generation: int) -> None:
        super().__init__()
        self.library = library
        self.text = text
        self.generation = generation

    def work(self) -> tuple[int, str, SearchResults | None, dict[str, int]]:
        if self.cancelled():
            return self.generation, self.text, None, {}
        from reader.search.query import parse_query
        from reader.store.search import search, shown_limits

        query = parse_query(self.text, live=True)
        limits: dict[str, int] = dict(shown_limits(query))
        return self.generation, self.text, search(self.library, query, limit=limits), limits


class SearchField(QLineEdit):
    """Down moves into the results; Enter opens the first one; Esc clears the field, or when it
    is empty gives the keyboard back (signals only)."""

    down = Signal()
    enter = Signal()
    leave = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            if self.text():
                self.clear()
            else:
                self.leave.emit()
            return
        if event.key() == Qt.Key.Key_Down:
            self.down.emit()
            return
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.enter.emit()
            return
        super().keyPressEvent(event)


class ResultsView(QTreeView):
    """Enter opens the current result (a tree view would only expand it)."""

    enter = Signal(QModelIndex)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.enter.emit(self.currentIndex())
            return
        super().keyPressEvent(event)


class SearchPane(QWidget):
    resultActivated = Signal(object, str)  # SearchResult, the query it answered
    leave = Signal()  # Esc in an empty field
    searched = Signal(str)  # the text whose results are now shown (for tests and the status)

    def __init__(self, library: Library, runner: JobRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("searchPane")
        self.library = library
        self.runner = runner
        self._generation = 0
        self._shown_text = ""
        self._pending: SearchJob | None = None

        self.field = SearchField(self)
        self.field.setObjectName("searchField")
        self.field.setPlaceholderText(PLACEHOLDER)
        self.field.setClearButtonEnabled(True)
        self.field.setAcceptDrops(False)
        self.field.setToolTip(
            'Words must all match; "a phrase"; prefix*; -leave out; in:highlights, in:notes, '
            "in:articles; color:green; tag:NAME; site:NAME"
        )
        self.status = QLabel(self)
        self.status.setObjectName("searchStatus")
        self.status.setWordWrap(True)
        self.model = SearchResultsModel(self)
        self.delegate = SearchResultDelegate(self)
        self.view = ResultsView(self)
        self.view.setObjectName("searchResults")
        self.view.setModel(self.model)
        self.view.setItemDelegate(self.delegate)
        self.view.setHeaderHidden(True)
        self.view.setRootIsDecorated(False)
        self.view.setItemsExpandable(False)
        self.view.setIndentation(0)
        self.view.setUniformRowHeights(False)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.model.modelReset.connect(self.view.expandAll)

        self._debounce = QTimer(self, singleShot=True, interval=DEBOUNCE_MS)
        self._debounce.timeout.connect(self._start_search)
        self.field.textChanged.connect(self._text_changed)
        self.field.down.connect(self._into_results)
        self.field.enter.connect(self._open_first)
        self.field.leave.connect(self.leave)
        self.view.clicked.connect(self._activated)
        self.view.enter.connect(self._activated)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.field)
        layout.addWidget(self.status)
        layout.addWidget(self.view, 1)
        self._show_status("")

    # -- public ---------------------------------------------------------------------------
    def set_theme(self, theme: Theme) -> None:
        self.delegate.set_theme(theme)
        self.view.viewport().update()

    def focus_field(self) -> None:
        self.field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.field.selectAll()

    def set_query(self, text: str) -> None:
        """Show the results of ``text`` (as if typed), e.g. ``tag:"travel"`` from the tag list."""
        self.field.setText(text)
        self._debounce.stop()
        self._start_search()

    @property
    def shown_text(self) -> str:
        """The text whose results the list shows now."""
        return self._shown_text

    @property
    def busy(self) -> bool:
        return self._debounce.isActive() or self._pending is not None

    # -- typing ---------------------------------------------------------------------------
    def _text_changed(self, text: str) -> None:
        self._generation += 1  # whatever is under way answers an older text now
        if self._pending is not None:
            self._pending.cancel()
        if not text.strip():
            self._debounce.stop()
            self._shown_text = ""
            self.model.clear()
            self._show_status("")
            self.searched.emit("")
            return
        self._debounce.start()

    def _start_search(self) -> None:
        text = self.field.text()
        if not text.strip():
            return
        job = SearchJob(self.library, text, self._generation)
        job.signals.finished.connect(self._finished)
        job.signals.failed.connect(self._failed)
        self._pending = job
        self.runner.start(job)
        if not self.model.total():
            self.status.setText("Searching…")

    def _finished(self, answer: tuple[int, str, SearchResults | None, dict[str, int]]) -> None:
        generation, text, results, limits = answer
        if generation != self._generation or results is None:
            return  # an older text: a newer search is under way or done
        self._pending = None
        self._shown_text = text
        self.model.set_results(results, limits)
        self._show_status(text, results)
        self.searched.emit(text)

    def _failed(self, message: str) -> None:
        self.status.setText(f"Search failed: {message}")

    def _show_status(self, text: str, results: SearchResults | None = None) -> None:
        if not text.strip() or results is None:
            self.status.setText("Type to search the whole library. Ctrl+K comes back here.")
            return
        warnings = " ".join(results.warnings)
        if not len(results):
            self.status.setText(f"Nothing matches. {warnings}".strip())
            return
        counts = self.model.counts()
        full = [label.lower() for label, n in counts.items() if self.model.is_full(label)]
        parts = [
            f"{n}{'+' if label.lower() in full else ''} "
            f"{label.lower() if n != 1 else label.lower()[:-1]}"
            for label, n in counts.items()
        ]
        more = ""
        if full and len(counts) > 1:
            more = f" For more, add in:{full[0]}."
        self.status.setText((" · ".join(parts) + "." + more + " " + warnings).strip())

    # -- choosing -------------------------------------------------------------------------
    def _into_results(self) -> None:
        first = self.model.first_result()
        if first.isValid():
            self.view.setFocus(Qt.FocusReason.OtherFocusReason)
            self.view.setCurrentIndex(first)

    def _open_first(self) -> None:
        if self._debounce.isActive() or self._pending is not None:
            self._debounce.stop()
            self._start_search_now_and_open()
            return
        first = self.model.first_result()
        if first.isValid():
            self._activated(first)

    def _start_search_now_and_open(self) -> None:
        """Enter pressed before the results arrived: open the first one when they do."""

        def open_when_shown(text: str) -> None:
            self.searched.disconnect(open_when_shown)
            if text == self.field.text():
                first = self.model.first_result()
                if first.isValid():
                    self._activated(first)

        self.searched.connect(open_when_shown)
        if self._pending is None:
            self._start_search()

    def _activated(self, index: QModelIndex) -> None:
        result: SearchResult | None = self.model.result(index)
        if result is not None:
            self.resultActivated.emit(result, self._shown_text)
