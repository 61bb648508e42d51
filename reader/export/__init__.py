"""Exporting annotations: Markdown files for notes apps, and W3C Web Annotation JSON backups.

The public entry points are re-exported here; the window's "Export annotations…" and "Copy as
Markdown" call them, and ``margin export`` / ``margin import-annotations`` are thin layers over
them. Pure Python: no Qt.

The names load on first use (PEP 562): a JSON export or a restore never imports Jinja2, which only
the Markdown side needs.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from reader.export.exporter import FORMATS, export_articles, json_for_articles
    from reader.export.files import ExportError, ExportResult
    from reader.export.markdown import markdown_for_article
    from reader.export.restore import ArticleRestoreReport, import_annotations
    from reader.export.templates import TemplateError, load_template
    from reader.export.webannotation_read import BackupFormatError

_WHERE = {
    "FORMATS": "exporter",
    "export_articles": "exporter",
    "json_for_articles": "exporter",
    "markdown_for_article": "markdown",
    "ExportError": "files",
    "ExportResult": "files",
    "ArticleRestoreReport": "restore",
    "import_annotations": "restore",
    "TemplateError": "templates",
    "load_template": "templates",
    "BackupFormatError": "webannotation_read",
}

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


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'reader.export' has no attribute {name!r}")
    return getattr(import_module(f"reader.export.{module}"), name)
