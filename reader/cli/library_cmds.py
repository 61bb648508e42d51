"""Library commands: import, list, show, remove, info, and clean (no library)."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from reader.cli.common import (
    CliError,
    add_db_option,
    article_id,
    library_from,
    print_json,
    table,
    truncate,
    why_unreachable,
)
from reader.config import DB_ENV, Limits, resolve_db_path
from reader.display import one_line

if TYPE_CHECKING:
    from reader.document import Document

FORMATS = ("text", "markdown", "html")
SUFFIX = {"text": ".txt", "markdown": ".md", "html": ".html"}


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "import",
        help="import files or folders into the library",
        description="Import article files (text dumps, saved web pages, Markdown, PDF, MHTML, "
        "Safari web archives, EPUB) or whole folders (recursively). "
        "Prints one line per file: imported / updated / unchanged / failed: reason. "
        "Exits 1 if any file failed.",
    )
    p.add_argument("paths", nargs="+", metavar="PATH", type=Path)
    p.add_argument(
        "--max-size",
        type=float,
        metavar="MB",
        help="refuse files larger than this (default 50, or $MARGIN_MAX_FILE_MB)",
    )
    add_db_option(p)
    p.set_defaults(func=cmd_import)

    p = sub.add_parser("list", help="list the articles in the library")
    p.add_argument("--json", action="store_true", help="print a JSON list")
    p.add_argument(
        "--sort", choices=("added", "title", "words", "updated"), default="added", help="order"
    )
    add_db_option(p)
    p.set_defaults(func=cmd_list)

    p = sub.add_parser("show", help="print an article's cleaned text")
    p.add_argument("id", type=article_id, metavar="ID")
    p.add_argument("--format", choices=FORMATS, default="text")
    p.add_argument(
        "--original",
        action="store_true",
        help="print the source as it was, before cleaning (a saved page: its text, not markup)",
    )
    add_db_option(p)
    p.set_defaults(func=cmd_show)

    p = sub.add_parser(
        "remove", help="remove articles (with their highlights and notes) from the library"
    )
    p.add_argument("ids", nargs="+", type=article_id, metavar="ID")
    add_db_option(p)
    p.set_defaults(func=cmd_remove)

    p = sub.add_parser("info", help="where the library is and what it holds")
    add_db_option(p)
    p.set_defaults(func=cmd_info)

    p = sub.add_parser(
        "clean",
        help="clean files without touching any library",
        description="Clean article files and print them (or write DIR/<stem>.txt|.md|.html). "
        "A folder means every supported file in it. Text output: the title on the first line, "
        "then paragraphs separated by blank lines. Markdown output: '# Title', '##' headings.",
    )
    p.add_argument("paths", nargs="+", metavar="PATH", type=Path)
    p.add_argument("--format", choices=FORMATS, default="text")
    p.add_argument("--output-dir", type=Path, metavar="DIR", help="write one file per input here")
    p.add_argument(
        "--overwrite",
        action="store_true",
        help="with --output-dir: replace existing files (never an input file)",
    )
    p.add_argument(
        "--explain",
        action="store_true",
        help="for text dumps: show every block with its keep/drop decision and the reasons",
    )
    p.add_argument("--max-size", type=float, metavar="MB", help="size limit (default 50)")
    p.set_defaults(func=cmd_clean)


def cmd_import(args: argparse.Namespace) -> int:
    from reader.store.library import import_paths

    limits = Limits.from_env(args.max_size)
    unreachable = {p: why for p in args.paths if (why := why_unreachable(p))}
    counts = {"imported": 0, "updated": 0, "unchanged": 0, "failed": 0}
    with library_from(args, create=True) as library:
        for path, why in unreachable.items():
            print(one_line(f"failed: {path}: {why}"))
            counts["failed"] += 1
        present = [p for p in args.paths if p not in unreachable]
        for result in import_paths(library, present, limits):
            counts[result.status] += 1
            print(result.describe(), flush=True)
    summary = ", ".join(f"{n} {k}" for k, n in counts.items() if n)
    print(f"{summary or 'nothing to import'}", file=sys.stderr)
    return 1 if counts["failed"] else 0


def cmd_list(args: argparse.Namespace) -> int:
    from reader.store.library import list_articles

    with library_from(args) as library:
        articles = list_articles(library, sort=args.sort)
    if args.json:
        print_json(
            [
                {
                    "id": a.id,
                    "title": a.title,
                    "site": a.site,
                    "byline": a.byline,
                    "published": a.published,
                    "words": a.words,
                    "highlights": a.highlights,
                    "added": a.added_at.isoformat(timespec="seconds"),
                    "path": a.path,
                    "format": a.format,
                    "cleaning": a.cleaning,
                }
                for a in articles
            ]
        )
        return 0
    if not articles:
        print("The library is empty. Add articles with: margin import PATH...")
        return 0
    # The title goes last and is never cut: long titles simply run on, like `git log --oneline`.
    rows = [
        [
            str(a.id),
            str(a.words),
            str(a.highlights),
            a.added_at.strftime("%Y-%m-%d %H:%M"),
            truncate(one_line(a.site or "-"), 24),
            one_line(a.title),
        ]
        for a in articles
    ]
    print(table(rows, ["ID", "WORDS", "HIGHLIGHTS", "ADDED", "SITE", "TITLE"], right={0, 1, 2}))
    return 0


def render(document: Document, fmt: str, html: str | None = None) -> str:
    if fmt == "markdown":
        return document.to_markdown()
    if fmt == "html":
        return (html if html is not None else document.to_html()) + "\n"
    return document.to_text()


def cmd_show(args: argparse.Namespace) -> int:
    from reader.document import Document
    from reader.store.library import get_article

    if args.original:
        return _show_original(args)
    with library_from(args) as library:
        article = get_article(library, args.id)
    if article is None:
        raise CliError(f"no article with id {args.id} (see `margin list`)")
    sys.stdout.write(render(Document.from_json(article.document_json), args.format, article.html))
    return 0


def _show_original(args: argparse.Namespace) -> int:
    from reader.store.cleaning import CleaningError, original_text

    with library_from(args) as library:
        try:
            text = original_text(library, args.id)
        except CleaningError as exc:
            raise CliError(str(exc)) from exc
    sys.stdout.write(text if text.endswith("\n") else text + "\n")
    return 0


def cmd_remove(args: argparse.Namespace) -> int:
    from reader.store.library import removal_impact, remove_article

    failed = 0
    with library_from(args) as library:
        for ident in args.ids:
            impact = removal_impact(library, ident)
            if impact is None or not remove_article(library, ident):
                print(f"failed: no article with id {ident}")
                failed += 1
                continue
            print(
                f"removed: #{ident} {one_line(impact.title)} "
                f"({impact.highlights} highlights, {impact.notes} notes)"
            )
    return 1 if failed else 0


def cmd_info(args: argparse.Namespace) -> int:
    from reader.store import db as store_db
    from reader.store.library import article_count

    if getattr(args, "db", None) is None and not os.environ.get(DB_ENV):
        path = resolve_db_path(None)
        if not path.exists():
            print(f"library: {one_line(path)} (not created yet: `margin import` creates it)")
            print("articles: 0")
            return 0
    with library_from(args) as library:
        print(f"library: {one_line(library.path)}")
        print(f"schema:  {store_db.current_revision(library)}")
        print(f"articles: {article_count(library)}")
    return 0


def cmd_clean(args: argparse.Namespace) -> int:
    from reader.ingest import IngestError, clean_file, iter_files

    limits = Limits.from_env(args.max_size)
    failed = 0
    reachable = []
    for path in args.paths:
        why = why_unreachable(path)
        if why is None:
            reachable.append(path)
        else:
            print(one_line(f"failed: {path}: {why}"), file=sys.stderr)
            failed += 1
    files = list(iter_files(reachable, supported_only=True))
    output = None
    if args.output_dir:
        from reader.cli.output_files import OutputFolder

        if args.output_dir.exists() and not args.output_dir.is_dir():
            raise CliError(f"{args.output_dir} exists and is not a folder")
        try:
            args.output_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise CliError(f"cannot create {args.output_dir}: {exc.strerror or exc}") from exc
        output = OutputFolder(args.output_dir, files, overwrite=args.overwrite)
    for i, path in enumerate(files):
        if args.explain:
            failed += _explain(path, limits)
            continue
        try:
            cleaned = clean_file(path, limits)
        except IngestError as exc:
            print(one_line(f"failed: {path}: {exc}"), file=sys.stderr)
            failed += 1
            continue
        if cleaned.note:
            print(f"note: {path}: {cleaned.note}", file=sys.stderr)
        out = render(cleaned.document, args.format, cleaned.html)
        if output is not None:
            target = output.target(path.stem, SUFFIX[args.format])
            reason = output.write(target, out)
            if reason is not None:
                skipped = f"skipped: {path}: not written to {target}: {reason}"
                print(one_line(skipped), file=sys.stderr)
                failed += 1
        else:
            if len(files) > 1:
                print(f"{'' if i == 0 else chr(10)}==> {one_line(path)} <==")
            sys.stdout.write(out)
    if not files and not failed:
        from reader.ingest.sniff import EXTENSIONS

        raise CliError(f"no supported files found ({', '.join(EXTENSIONS)})")
    return 1 if failed else 0


def _explain(path: Path, limits: Limits) -> int:
    """The text-dump cleaner's decisions, for a text dump or a PDF's reflowed text layer."""
    from reader.ingest import IngestError
    from reader.ingest.pipeline import read_source
    from reader.ingest.sniff import decode_file, sniff_container

    text = ""
    try:
        data = read_source(path, limits).data
        fmt = sniff_container(path, data)
        if fmt == "pdf":
            from reader.ingest.pdf import pdf_text

            text = pdf_text(data).text
        elif fmt is None:
            decoded = decode_file(path, data)
            fmt, text = decoded.format, decoded.text
    except IngestError as exc:
        print(one_line(f"failed: {path}: {exc}"), file=sys.stderr)
        return 1
    if fmt not in ("text", "pdf"):
        print(
            one_line(f"{path}: {fmt} file; --explain describes text dumps and PDFs only"),
            file=sys.stderr,
        )
        return 0
    from reader.ingest.text_dump import explain_text_dump, format_explanation

    print(f"==> {one_line(path)} <==")
    print(format_explanation(explain_text_dump(text)))
    return 0
