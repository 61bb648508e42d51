"""File → Export Annotations… and Edit → Copy as Markdown: the window's side of `reader.export`.

The dialog asks what (this article, the articles selected in the library, or every annotated
article), how (Markdown or Web Annotation JSON, optionally through the user's own template) and
where (a folder chosen once and remembered in the settings, like the template). The template is
compiled before anything runs, so a template error is shown in the dialog with its file and line
and nothing is written. The export itself runs as a job: a big library should not freeze the
window, and `export_articles` writes each file atomically and only when its bytes change.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import QObject, QSize, Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from reader.export import (
    ExportError,
    ExportResult,
    TemplateError,
    export_articles,
    load_template,
    markdown_for_article,
)
from reader.export.templates import ArticleTemplate
from reader.store.db import Library
from reader.store.library import list_articles
from reader.store.records import ArticleRecord, HighlightRecord
from reader.ui.jobs import Job, JobRunner
from reader.ui.settings import Settings

ERROR_STYLE = "color: #c0392b;"


def user_template(settings: Settings) -> ArticleTemplate | None:
    """The user's template if the setting is on (raises `TemplateError`), else None."""
    path = settings.export_template() if settings.use_export_template() else None
    return load_template(Path(path)) if path else None


def markdown_for_clipboard(library: Library, article_id: int, settings: Settings) -> str:
    """What Copy as Markdown puts on the clipboard (raises `TemplateError`, `ExportError`)."""
    return markdown_for_article(library, article_id, user_template(settings))


def describe_results(results: list[ExportResult], folder: Path) -> str:
    counts = Counter(r.status for r in results)
    done = sum(n for status, n in counts.items() if status != "failed")
    parts = [f"{counts[s]} {s}" for s in ("written", "updated", "unchanged", "failed") if counts[s]]
    noun = "file" if done == 1 else "files"
    detail = f" ({', '.join(parts)})" if parts else ""
    return f"Exported {done} {noun} to {folder}{detail}"


class ExportJob(Job):
    """Runs `export_articles`; returns the results, or the export's error message."""

    def __init__(
        self,
        library: Library,
        ids: list[int],
        folder: Path,
        fmt: str,
        template: ArticleTemplate | None,
        only_annotated: bool,
    ) -> None:
        super().__init__()
        self.args = (library, ids, folder, fmt, template)
        self.only_annotated = only_annotated

    def work(self) -> list[ExportResult] | str:
        try:
            return export_articles(*self.args, only_annotated=self.only_annotated)  # type: ignore[arg-type]
        except (ExportError, TemplateError) as exc:
            return str(exc)


class ExportDialog(QDialog):
    exported = Signal(str)  # the summary line, for the status bar

    def __init__(
        self,
        library: Library,
        settings: Settings,
        runner: JobRunner,
        *,
        article: tuple[int, str] | None,
        selected: list[int],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export Annotations")
        self.setObjectName("exportDialog")
        self.library, self.settings, self.runner = library, settings, runner
        self.article, self.selected = article, selected
        self.job: ExportJob | None = None
        self.results: list[ExportResult] = []

        title = article[1] if article else ""
        short = title if len(title) <= 48 else title[:47] + "…"
        self.scope_this = QRadioButton(f"This article: “{short}”" if article else "This article")
        self.scope_selected = QRadioButton(f"Selected articles ({len(selected)})")
        self.scope_all = QRadioButton("All annotated articles")
        self.scope = QButtonGroup(self)
        for n, button in enumerate((self.scope_this, self.scope_selected, self.scope_all)):
            self.scope.addButton(button, n)
        self.scope_this.setEnabled(article is not None)
        self.scope_selected.setEnabled(bool(selected))
        (self.scope_this if article else self.scope_all).setChecked(True)

        self.format = QComboBox(self)
        self.format.addItem("Markdown (one file per article)", "markdown")
        self.format.addItem("JSON (W3C Web Annotation backup)", "json")
        self.format.setCurrentIndex(max(self.format.findData(settings.export_format()), 0))
        self.folder = QLineEdit(settings.export_folder() or "", self)
        self.folder.setPlaceholderText("Choose a folder…")
        self.folder_button = QPushButton("Choose…", self)
        self.folder_button.clicked.connect(self.choose_folder)
        self.use_template = QCheckBox("Use my own template:", self)
        self.use_template.setChecked(settings.use_export_template())
        self.template = QLineEdit(settings.export_template() or "", self)
        self.template.setPlaceholderText("A Jinja2 template file (.md.j2)")
        self.template_button = QPushButton("Choose…", self)
        self.template_button.clicked.connect(self.choose_template)
        # Room for a few lines is kept from the start: a dialog that grows once shown cannot
        # tell every platform its new minimum size (the offscreen one warns).
        self.message = QPlainTextEdit(self)
        self.message.setReadOnly(True)
        self.message.setFrameShape(QFrame.Shape.NoFrame)
        self.message.viewport().setAutoFillBackground(False)
        self.message.setObjectName("exportMessage")
        self.message.setFixedHeight(self.fontMetrics().lineSpacing() * 4 + 8)
        self.buttons = QDialogButtonBox(self)
        self.export_button = self.buttons.addButton(
            "Export", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.export_button.clicked.connect(self.export)
        self.buttons.rejected.connect(self.reject)
        self.format.currentIndexChanged.connect(self._sync)
        self.use_template.toggled.connect(self._sync)

        scope_box = QVBoxLayout()
        for button in (self.scope_this, self.scope_selected, self.scope_all):
            scope_box.addWidget(button)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder, 1)
        folder_row.addWidget(self.folder_button)
        template_row = QHBoxLayout()
        template_row.addWidget(self.template, 1)
        template_row.addWidget(self.template_button)
        form = QFormLayout()
        form.addRow("Export:", scope_box)
        form.addRow("Format:", self.format)
        form.addRow("Folder:", folder_row)
        form.addRow(self.use_template)
        form.addRow(template_row)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self._sync()
        layout.activate()  # settle the size before the native window exists
        layout.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        self.setMinimumSize(self.minimumSizeHint().expandedTo(QSize(520, 0)))
        self.resize(self.sizeHint().expandedTo(self.minimumSize()))

    # -- choices --------------------------------------------------------------------------
    def fmt(self) -> str:
        return str(self.format.currentData())

    def ids(self) -> list[int]:
        scope = self.scope.checkedId()
        if scope == 0 and self.article is not None:
            return [self.article[0]]
        if scope == 1:
            return list(self.selected)
        return [a.id for a in list_articles(self.library)]

    def choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Export To", self.folder.text())
        if folder:
            self.folder.setText(folder)

    def choose_template(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, "Markdown Template", self.template.text(), "Templates (*.j2 *.md *.txt);;All (*)"
        )
        if path:
            self.template.setText(path)
            self.use_template.setChecked(True)

    def _sync(self) -> None:
        markdown = self.fmt() == "markdown"
        self.use_template.setEnabled(markdown)
        on = markdown and self.use_template.isChecked()
        self.template.setEnabled(on)
        self.template_button.setEnabled(on)

    def show_message(self, text: str, error: bool = True) -> None:
        self.message.setStyleSheet(ERROR_STYLE if error else "")
        self.message.setPlainText(text)

    # -- running --------------------------------------------------------------------------
    def export(self) -> None:
        folder_text = self.folder.text().strip()
        if not folder_text:
            self.choose_folder()
            folder_text = self.folder.text().strip()
            if not folder_text:
                self.show_message("Choose the folder to export into.")
                return
        folder = Path(folder_text).expanduser()
        template: ArticleTemplate | None = None
        use = self.fmt() == "markdown" and self.use_template.isChecked()
        if use:
            if not self.template.text().strip():
                self.show_message("Choose the template file, or untick “Use my own template”.")
                return
            try:
                template = load_template(Path(self.template.text().strip()).expanduser())
            except TemplateError as exc:
                self.show_message(str(exc))
                return
        self.settings.set_export_folder(str(folder))
        self.settings.set_export_format(self.fmt())
        self.settings.set_export_template(
            self.template.text().strip(), self.use_template.isChecked()
        )
        ids = self.ids()
        self.job = ExportJob(
            self.library, ids, folder, self.fmt(), template, self.scope.checkedId() == 2
        )
        self.job.signals.finished.connect(lambda result: self._finished(result, folder))
        self.job.signals.failed.connect(lambda message: self._done_with_error(message))
        self.export_button.setEnabled(False)
        self.show_message("Exporting…", error=False)
        self.runner.start(self.job)

    def _done_with_error(self, message: str) -> None:
        self.job = None
        self.export_button.setEnabled(True)
        self.show_message(message)

    def _finished(self, result: list[ExportResult] | str, folder: Path) -> None:
        if isinstance(result, str):
            self._done_with_error(result)
            return
        self.job = None
        self.results = result
        summary = describe_results(result, folder)
        failures = [r for r in result if r.status == "failed"]
        if failures:
            self.export_button.setEnabled(True)
            self.show_message(summary + ":\n" + "\n".join(r.describe() for r in failures))
            return
        self.exported.emit(summary)
        self.accept()


class OpenArticle(Protocol):
    """What the export commands need from the reading side (the `Annotator` provides it)."""

    @property
    def article(self) -> ArticleRecord | None: ...

    def flush(self) -> None: ...

    def records(self) -> list[HighlightRecord]: ...


class ExportCommands(QObject):
    """What File → Export Annotations… and Edit → Copy as Markdown do.

    Collaborators are explicit: the library, settings and job runner, the open article
    (`OpenArticle`), a function giving the ids selected in the library list, and the widget
    that parents the dialog. Messages for the status bar go out through `message`.
    """

    message = Signal(str)

    def __init__(
        self,
        library: Library,
        settings: Settings,
        runner: JobRunner,
        open_article: OpenArticle,
        selected_ids: Callable[[], list[int]],
        parent: QWidget,
    ) -> None:
        super().__init__(parent)
        self.library, self.settings, self.runner = library, settings, runner
        self.open_article = open_article
        self.selected_ids = selected_ids
        self.parent_widget = parent
        self.dialog: ExportDialog | None = None

    def open_dialog(self) -> ExportDialog:
        self.open_article.flush()
        record = self.open_article.article
        dialog = ExportDialog(
            self.library,
            self.settings,
            self.runner,
            article=(record.id, record.title) if record else None,
            selected=self.selected_ids(),
            parent=self.parent_widget,
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.exported.connect(self.message)
        dialog.destroyed.connect(lambda _o=None: setattr(self, "dialog", None))
        self.dialog = dialog
        dialog.open()
        return dialog

    def copy_markdown(self) -> str | None:
        """The open article's annotations, as the export would write them, on the clipboard."""
        record = self.open_article.article
        if record is None:
            return None
        self.open_article.flush()
        try:
            text = markdown_for_clipboard(self.library, record.id, self.settings)
        except (TemplateError, ExportError) as exc:
            self.message.emit(f"Copy as Markdown: {exc}")
            return None
        QGuiApplication.clipboard().setText(text)
        count = len(self.open_article.records())
        self.message.emit(f"Copied {count} highlight{'s' if count != 1 else ''} as Markdown")
        return text
