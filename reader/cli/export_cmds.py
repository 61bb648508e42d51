"""Export commands: ``export`` (Markdown or Web Annotation JSON) and ``import-annotations``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from reader.cli.common import CliError, add_db_option, article_id, library_from
from reader.display import one_line

if TYPE_CHECKING:
    from reader.export.templates import ArticleTemplate
    from reader.store.db import Library

# Jinja2 and the exporters load only when an export command runs: other commands start faster.
FORMATS = ("markdown", "json")
BACKUP_NAME = "margin-annotations.json"


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "export",
        help="export highlights and notes to Markdown files or a JSON backup",
        description="Export annotations. Markdown: one file per article in DIR, named from its "
        "title; re-exporting into the same folder updates each file in place and keeps what you "
        "wrote outside Margin's section. JSON: one W3C Web Annotation collection, "
        f"DIR/{BACKUP_NAME} (restore it with `margin import-annotations`). Prints one line per "
        "file: written / updated / unchanged / failed. Exits 1 if any file failed.",
    )
    p.add_argument(
        "ids", nargs="*", type=article_id, metavar="ID", help="article ids (see `margin list`)"
    )
    p.add_argument(
        "--all",
        action="store_true",
        help="every article with highlights, a note or tags (and every one already exported)",
    )
    p.add_argument("--format", choices=FORMATS, default="markdown", help="default: markdown")
    where = p.add_mutually_exclusive_group(required=True)
    where.add_argument("--output-dir", type=Path, metavar="DIR", help="folder to write into")
    where.add_argument("--stdout", action="store_true", help="print instead of writing files")
    p.add_argument(
        "--template",
        type=Path,
        metavar="FILE",
        help="your own Jinja2 template for Markdown (see the variables in the default one)",
    )
    add_db_option(p)
    p.set_defaults(func=cmd_export)

    p = sub.add_parser(
        "import-annotations",
        help="restore annotations from a JSON backup made by `margin export --format json`",
        description="Restore highlights, notes and tags from a Web Annotation JSON file. Articles "
        "are matched by content, then by source path (import the article files first); each "
        "highlight is placed on the article's current text. Restoring the same file twice adds "
        "nothing. Prints one line per article; exits 1 if the file is invalid or an article "
        "was not found.",
    )
    p.add_argument("file", type=Path, metavar="FILE.json")
    add_db_option(p)
    p.set_defaults(func=cmd_import_annotations)


def _ids(args: argparse.Namespace, library: Library) -> list[int]:
    if args.all and args.ids:
        raise CliError("give article ids or --all, not both")
    if args.all:
        from reader.store.library import article_ids

        return article_ids(library)
    if not args.ids:
        raise CliError("name the articles to export (IDs, see `margin list`) or use --all")
    return list(args.ids)


def cmd_export(args: argparse.Namespace) -> int:
    from reader.export.exporter import export_articles
    from reader.export.files import ExportError

    if args.template is not None and args.format != "markdown":
        raise CliError("--template applies to --format markdown only")
    errors: tuple[type[Exception], ...] = (ExportError,)
    template = None
    if args.format == "markdown":  # Jinja2 loads only for Markdown
        from reader.export.templates import TemplateError, load_template

        errors = (ExportError, TemplateError)
    try:
        if args.format == "markdown":
            template = load_template(args.template)
        with library_from(args) as library:
            ids = _ids(args, library)
            if args.stdout:
                sys.stdout.write(_stdout_text(library, ids, args, template))
                return 0
            results = export_articles(
                library, ids, args.output_dir, args.format, template, only_annotated=args.all
            )
    except errors as exc:
        raise CliError(str(exc)) from exc
    for result in results:
        print(result.describe(), flush=True)
    counts: dict[str, int] = {}
    for result in results:
        counts[result.status] = counts.get(result.status, 0) + 1
    summary = ", ".join(f"{n} {status}" for status, n in counts.items())
    print(summary or "nothing to export (no article has annotations)", file=sys.stderr)
    return 1 if counts.get("failed") else 0


def _stdout_text(
    library: Library, ids: list[int], args: argparse.Namespace, template: ArticleTemplate | None
) -> str:
    from reader.export.exporter import check_ids, json_for_articles

    if args.format == "json":
        return json_for_articles(library, ids)
    from reader.export.markdown import as_template, render_articles

    compiled = as_template(template)
    rendered = render_articles(library, check_ids(library, ids), compiled)
    return "\n".join(r.text() for r in rendered if r.annotated or not args.all)


def cmd_import_annotations(args: argparse.Namespace) -> int:
    from reader.export.restore import import_annotations
    from reader.export.webannotation_read import BackupFormatError

    with library_from(args) as library:
        try:
            reports = import_annotations(library, args.file)
        except BackupFormatError as exc:
            raise CliError(str(exc)) from exc
    for report in reports:
        print(one_line(report.describe()), flush=True)
    unmatched = sum(1 for r in reports if not r.matched)
    matched = len(reports) - unmatched
    tail = f", {unmatched} unmatched" if unmatched else ""
    print(f"{matched} article{'' if matched == 1 else 's'} matched{tail}", file=sys.stderr)
    return 1 if unmatched else 0
