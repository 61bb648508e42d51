"""Exporting annotations: Markdown files for notes apps, and W3C Web Annotation JSON backups.

The public entry points are re-exported here; the window's "Export annotations…" and "Copy as
Markdown" call them, and ``margin export`` / ``margin import-annotations`` are thin layers over
them. Pure Python: no Qt.
"""

from reader.export.exporter import (
    FORMATS,
    export_articles,
    json_for_articles,
    markdown_for_article,
)
from reader.export.files import ExportError, ExportResult
from reader.export.restore import ArticleRestoreReport, import_annotations
from reader.export.templates import TemplateError, load_template
from reader.export.webannotation_read import BackupFormatError

__all__ = [
    "FORMATS",
    "ArticleRestoreReport",
    "BackupFormatError",
    "ExportError",
    "ExportResult",
    "TemplateError",
    "export_articles",
    "import_annotations",
    "json_for_articles",
    "load_template",
    "markdown_for_article",
]
