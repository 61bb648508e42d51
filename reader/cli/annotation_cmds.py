"""Annotation commands: annotate, highlights, note, tag."""

from __future__ import annotations

import argparse

from reader.cli.common import (
    CliError,
    add_db_option,
    article_id,
    library_from,
    print_json,
    truncate,
)
from reader.display import one_line
from reader.store.records import COLORS, HighlightRecord


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "annotate",
        help="highlight a quote in an article",
        description="Highlight the N-th occurrence (default: first) of TEXT in the article's "
        "cleaned text and print the new highlight's id. Exits 1 if the quote is not found.",
    )
    p.add_argument("id", type=article_id, metavar="ID", help="article id (see `margin list`)")
    p.add_argument("--quote", required=True, metavar="TEXT", help="the exact text to highlight")
    p.add_argument("--occurrence", type=int, default=1, metavar="N", help="which occurrence")
    p.add_argument("--color", default=COLORS[0], metavar="NAME", help=f"one of {', '.join(COLORS)}")
    p.add_argument("--note", metavar="TEXT", help="a note on the highlight")
    p.add_argument("--tag", action="append", default=[], metavar="TAG", help="a tag (repeatable)")
    add_db_option(p)
    p.set_defaults(func=cmd_annotate)

    p = sub.add_parser(
        "highlights",
        help="list an article's highlights (--all: every highlight in the library)",
        description="List an article's highlights in reading order, or with --all every "
        "highlight in the library, newest first, with its article (--color, --tag filter).",
    )
    p.add_argument("id", type=article_id, nargs="?", metavar="ID", help="article id")
    p.add_argument("--all", action="store_true", help="every highlight in the library")
    p.add_argument("--color", metavar="C", help="with --all: only this colour")
    p.add_argument("--tag", metavar="T", help="with --all: only highlights with this tag")
    p.add_argument("--json", action="store_true", help="print a JSON list")
    add_db_option(p)
    p.set_defaults(func=cmd_highlights)

    p = sub.add_parser("note", help="set (or with no TEXT, print) an article's note; '' clears it")
    p.add_argument("id", type=article_id, metavar="ID")
    p.add_argument("text", nargs="?", metavar="TEXT")
    add_db_option(p)
    p.set_defaults(func=cmd_note)

    p = sub.add_parser("tag", help="set an article's tags (no TAG clears them)")
    p.add_argument("id", type=article_id, metavar="ID")
    p.add_argument("tags", nargs="*", metavar="TAG")
    add_db_option(p)
    p.set_defaults(func=cmd_tag)


def highlight_json(h: HighlightRecord) -> dict[str, object]:
    return {
        "id": h.id,
        "uid": h.uid,
        "quote": h.exact,
        "note": h.note,
        "color": h.color,
        "tags": list(h.tags),
        "start": h.start,
        "end": h.end,
        "status": h.status,
        "anchoring": h.anchor_method,
        "prefix": h.prefix,
        "suffix": h.suffix,
        "created": h.created_at.isoformat(timespec="seconds"),
        "updated": h.updated_at.isoformat(timespec="seconds"),
    }


def cmd_annotate(args: argparse.Namespace) -> int:
    from reader.store.annotations import AnnotationError, add_highlight_by_quote

    with library_from(args) as library:
        try:
            h = add_highlight_by_quote(
                library,
                args.id,
                args.quote,
                occurrence=args.occurrence,
                color=args.color,
                note=args.note,
                tags=args.tag,
            )
        except AnnotationError as exc:
            raise CliError(str(exc)) from exc
    print(h.id)
    return 0


def cmd_highlights(args: argparse.Namespace) -> int:
    if args.all or args.id is None:
        if not args.all or args.id is not None:
            raise CliError("give an article ID, or --all for every highlight", exit_code=2)
        from reader.cli.search_cmds import cmd_all_highlights

        return cmd_all_highlights(args)
    if args.color or args.tag:
        raise CliError("--color and --tag go with --all", exit_code=2)
    from reader.store.annotations import list_highlights
    from reader.store.library import get_summary

    with library_from(args) as library:
        if get_summary(library, args.id) is None:
            raise CliError(f"no article with id {args.id} (see `margin list`)")
        highlights = list_highlights(library, args.id)
    if args.json:
        print_json([highlight_json(h) for h in highlights])
        return 0
    for h in highlights:
        flag = "" if h.status == "anchored" else " [orphaned]"
        quote = truncate(" ".join(h.exact.split()), 70)
        print(f"{h.id:>5}  {h.color:<6}  {h.start}-{h.end}{flag}  “{one_line(quote)}”")
        if h.note:
            print(f"       note: {one_line(truncate(' '.join(h.note.split()), 80))}")
        if h.tags:
            print(f"       tags: {one_line(', '.join(h.tags))}")
    if not highlights:
        print("no highlights yet")
    return 0


def cmd_note(args: argparse.Namespace) -> int:
    from reader.store.annotations import AnnotationError, get_article_note, set_article_note

    with library_from(args) as library:
        try:
            if args.text is None:
                note = get_article_note(library, args.id)
                print(note) if note else None
                return 0
            set_article_note(library, args.id, args.text)
        except AnnotationError as exc:
            raise CliError(str(exc)) from exc
    return 0


def cmd_tag(args: argparse.Namespace) -> int:
    from reader.store.library import set_article_tags

    with library_from(args) as library:
        try:
            tags = set_article_tags(library, args.id, args.tags)
        except KeyError as exc:
            raise CliError(f"no article with id {args.id}") from exc
    print(", ".join(tags) if tags else "no tags")
    return 0
