"""Runs imports for the window: one job at a time, progress in the status bar, a summary at the end.

Every way in (File → Open, Import folder, drag and drop, ``margin FILE...``, watched folders) comes
through `ImportController.import_paths`, so they all behave the same. Progress is a count, the
current file and a Cancel button in the status bar (non-modal: reading goes on meanwhile); the end
is a one-line summary, and failed files are listed with their reasons in a dialog whose text can be
selected and copied. Requests made while a job runs wait in a queue.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QGuiApplication, QTextOption
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QStatusBar,
    QVBoxLayout,
    QWidget,
)

from reader.store.db import Library
from reader.ui.import_job import ImportJob, ImportOutcome, ImportProgress
from reader.ui.jobs import JobRunner

SUMMARY_MS = 20_000


@dataclass(frozen=True, slots=True)
class ImportRequest:
    paths: tuple[Path, ...]
    open_first: bool = False
    quiet: bool = False  # watched folders: no dialog, summary only when something happened
    supported_only: bool = False
    skip_unchanged: bool = False
    also_seen: Mapping[str, tuple[int, float]] = field(default_factory=dict)


class ImportProgressWidget(QWidget):
    """Count, current file and Cancel, shown in the status bar while an import runs."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = QLabel(self)
        self.label.setMinimumWidth(120)
        self.bar = QProgressBar(self)
        self.bar.setFixedWidth(140)
        self.bar.setTextVisible(False)
        self.cancel_button = QPushButton("Cancel", self)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.bar)
        layout.addWidget(self.cancel_button)
        self.hide()

    def show_progress(self, p: ImportProgress) -> None:
        self.bar.setRange(0, max(p.total, 1))
        self.bar.setValue(p.done)
        name = Path(p.current).name if p.current else ""
        count = f"Importing {min(p.done + 1, p.total)} of {p.total}"
        self.label.setText(f"{count}: {name}" if name else count)
        self.label.setToolTip(p.current)
        self.show()


class FailuresDialog(QDialog):
    """The files that could not be imported and why; the list is plain text the user can copy."""

    def __init__(self, outcome: ImportOutcome, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Some files were not imported")
        self.setObjectName("importFailures")
        failures = outcome.failures
        header = QLabel(
            f"{outcome.summary()}.\n"
            f"{len(failures)} file{'s' if len(failures) != 1 else ''} could not be imported:",
            self,
        )
        header.setWordWrap(True)
        self.text = QPlainTextEdit(self)
        self.text.setReadOnly(True)
        # Long paths wrap: no sideways scrolling to read a reason.
        self.text.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.text.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        self.text.setPlainText("\n".join(f"{r.path}: {r.reason}" for r in failures))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.copy_button = buttons.addButton("Copy list", QDialogButtonBox.ButtonRole.ActionRole)
        self.copy_button.clicked.connect(self.copy)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(header)
        layout.addWidget(self.text, 1)
        layout.addWidget(buttons)
        layout.activate()  # settle the size before the native window exists
        self.resize(720, 360)

    def copy(self) -> None:
        QGuiApplication.clipboard().setText(self.text.toPlainText())


class ImportController(QObject):
    """Queues import requests and runs them one by one as `ImportJob`s."""

    articlesArrived = Signal(object)  # tuple[ArticleSummary, ...]
    importFinished = Signal(object, object)  # ImportRequest, ImportOutcome

    def __init__(
        self, library: Library, runner: JobRunner, status_bar: QStatusBar, window: QWidget
    ) -> None:
        super().__init__(window)
        self.library = library
        self.runner = runner
        self.status_bar = status_bar
        self.window = window
        self.progress = ImportProgressWidget(status_bar)
        status_bar.addPermanentWidget(self.progress)
        self.progress.cancel_button.clicked.connect(self.cancel)
        self._queue: deque[ImportRequest] = deque()
        self._job: ImportJob | None = None
        self._request: ImportRequest | None = None
        self.failures_dialog: FailuresDialog | None = None
        self.last_outcome: ImportOutcome | None = None

    @property
    def busy(self) -> bool:
        return self._job is not None

    def import_paths(
        self,
        paths: Sequence[Path | str],
        *,
        open_first: bool = False,
        quiet: bool = False,
        supported_only: bool = False,
        skip_unchanged: bool = False,
        also_seen: Mapping[str, tuple[int, float]] | None = None,
    ) -> ImportRequest:
        """Queue an import; it starts at once unless another one is running."""
        request = ImportRequest(
            tuple(Path(p) for p in paths),
            open_first=open_first,
            quiet=quiet,
            supported_only=supported_only,
            skip_unchanged=skip_unchanged,
            also_seen=dict(also_seen or {}),
        )
        self._queue.append(request)
        if self._job is None:
            self._start_next()
        return request

    def cancel(self) -> None:
        """Stop the running import after the current file and drop queued ones."""
        self._queue.clear()
        if self._job is not None:
            self._job.cancel()
            self.progress.label.setText("Cancelling…")
            self.progress.cancel_button.setEnabled(False)

    def _start_next(self) -> None:
        if not self._queue:
            return
        request = self._queue.popleft()
        job = ImportJob(
            self.library,
            request.paths,
            supported_only=request.supported_only,
            skip_unchanged=request.skip_unchanged,
            also_seen=request.also_seen,
        )
        job.signals.progress.connect(self._on_progress)
        job.signals.finished.connect(self._on_finished)
        job.signals.failed.connect(self._on_failed)
        self._job, self._request = job, request
        self.progress.cancel_button.setEnabled(True)
        if not request.quiet:
            self.progress.label.setText("Looking for files…")
            self.progress.bar.setRange(0, 0)
            self.progress.show()
        self.runner.start(job)

    def _on_progress(self, p: ImportProgress) -> None:
        if p.articles:
            self.articlesArrived.emit(p.articles)
        running = self._job is not None and not self._job.cancelled()
        quiet = bool(self._request and self._request.quiet)
        if running and p.current and (not quiet or p.total > 1):
            self.progress.show_progress(p)

    def _on_finished(self, outcome: ImportOutcome) -> None:
        request = self._request
        self._job, self._request = None, None
        self.last_outcome = outcome
        self.progress.hide()
        assert request is not None
        if not request.quiet or outcome.results:
            self.status_bar.showMessage(outcome.summary(), SUMMARY_MS)
        if outcome.failures and not request.quiet:
            self._show_failures(outcome)
        self.importFinished.emit(request, outcome)
        self._start_next()

    def _on_failed(self, message: str) -> None:
        self._job, self._request = None, None
        self.progress.hide()
        self.status_bar.showMessage(f"Import stopped by an internal error: {message}", SUMMARY_MS)
        self._start_next()

    def _show_failures(self, outcome: ImportOutcome) -> None:
        if self.failures_dialog is not None:
            self.failures_dialog.close()
            self.failures_dialog.deleteLater()
        self.failures_dialog = FailuresDialog(outcome, self.window)
        self.failures_dialog.show()
