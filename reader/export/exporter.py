"""The export entry points the command line and the window share.

`export_articles` writes files into a folder; `json_for_articles` (and, in `reader.export.markdown`,
`markdown_for_article`) return text (the clipboard, ``--stdout``). Unknown article ids stop the
export before anything is written. Jinja2 loads only when Markdown is asked for.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from reader.export.files import ExportError, ExportResult, prepare_folder, write_if_changed
from reader.export.webannotation import FILE_NAME, collection, dumps
from reader.store.db import Library
from reader.store.library import get_summary

if TYPE_CHECKING:
    from reader.export.templates import ArticleTemplate

Format = Literal["markdown", "json"]
FORMATS: tuple[str, ...] = ("markdown", "json")

__all__ = ["FORMATS", "export_articles", "json_for_articles"]


def check_ids(library: Library, ids: Iterable[int]) -> list[int]:
    """The ids, sorted and unique; raises `ExportError` naming the first unknown one."""
    wanted = sorted(set(ids))
    for article_id in wanted:
        if get_summary(library, article_id) is None:
            raise ExportError(f"no article with id {article_id} (see `margin list`)")
    return wanted


def json_for_articles(library: Library, ids: Iterable[int]) -> str:
    """The Web Annotation collection of these articles, as the JSON file holds it."""
    return dumps(collection(library, check_ids(library, ids)))


def export_articles(
    library: Library,
    ids: Iterable[int],
    out_dir: Path,
    fmt: Format,
    template: ArticleTemplate | Path | None = None,
    *,
    only_annotated: bool = False,
) -> list[ExportResult]:
    """Export into ``out_dir``: one Markdown file per article, or one ``margin-annotations.json``.

    ``only_annotated`` skips articles with no annotations whose file does not exist yet (Markdown).
    Raises `ExportError` or `reader.export.templates.TemplateError` before writing anything.
    """
    wanted = check_ids(library, ids)
    if fmt == "markdown":
        from reader.export.markdown import export_markdown  # Jinja2: Markdown only

        return export_markdown(library, wanted, out_dir, template, only_annotated=only_annotated)
    if fmt != "json":
        raise ExportError(f"unknown export format {fmt!r}; choose markdown or json")
    if template is not None:
        raise ExportError("templates apply to the Markdown format only")
    text = json_for_articles(library, wanted)
    prepare_folder(out_dir)
    path = out_dir / FILE_NAME
    try:
        status = write_if_changed(path, text)
    except OSError as exc:
        return [ExportResult("failed", path, reason=exc.strerror or str(exc))]
    return [ExportResult(status, path)]
