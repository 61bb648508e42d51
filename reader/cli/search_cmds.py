"""Search commands: ``margin search`` across articles, highlights and notes, and the listing
of every highlight in the library (``margin highlights --all``, registered with the other
annotation commands, which hands over to `cmd_all_highlights`).

Services are imported inside the command functions, so ``margin --help`` stays quick.
"""

from __future__ import annotations

import argparse
import sys

from reader.cli.common import CliError, add_db_option, library_from, print_json, truncate
from reader.display import one_line

QUERY_HELP = """\
Words must all match (case and accents are ignored); "an exact phrase"; prefix* for words that
start so; -word or -"a phrase" to leave out. Filters: in:articles, in:highlights, in:notes;
color:green (yellow, green, blue, pink, purple); tag:NAME (tag:"two words"); site:NAME.
Chinese, Japanese and Thai text is found by any two or more characters of it.
Quote a query that holds *, " or -words, so the shell leaves it alone:
  margin search 'talk* -ukraine "second day"'"""


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "search",
        help="search articles, highlights and notes",
        description=(
            "Search the library: article titles, text and tags, highlighted quotes and their\n"
            "tags, notes on articles and on highlights. One result per line: kind (article,\n"
            "highlight, note), article id, title, and a snippet with the match in [brackets].\n\n"
            + QUERY_HELP
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("query", nargs="+", metavar="QUERY", help="words, phrases and filters")
    p.add_argument("--json", action="store_true", help="print a JSON list")
    p.add_argument(
        "--limit", type=_positive, default=20, metavar="N", help="at most N results (20)"
    )
    add_db_option(p)
    p.set_defaults(func=cmd_search)


def _positive(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {value!r}") from None
    if n < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return n


def cmd_search(args: argparse.Namespace) -> int:
    from reader.search.query import parse_query
    from reader.search.snippets import bracket
    from reader.store.search import search

    text = " ".join(args.query)
    query = parse_query(text)
    for warning in query.warnings:
        print(f"margin: {warning}", file=sys.stderr)
    if query.is_empty:
        raise CliError(
            'empty query: give words, a "phrase", a prefix*, or a filter such as tag:NAME '
            "(see `margin search --help`)",
            exit_code=2,
        )
    with library_from(args) as library:
        results = search(library, query, limit=args.limit).merged(args.limit)
    if args.json:
        print_json(
            [
                {
                    "kind": r.kind,
                    "article_id": r.article_id,
                    "title": r.title,
                    "snippet": bracket(r.snippet, r.marks),
                    "highlight_id": r.highlight_id,
                    "note_id": r.note_id,
                    "color": r.color,
                    "start": r.start,
                    "end": r.end,
                }
                for r in results
            ]
        )
        return 0
    for r in results:
        title = fit(one_line(r.title), 40)
        snippet = one_line(bracket(r.snippet, r.marks))
        print(f"{r.kind:<9}  #{r.article_id:<4}  {title}  {snippet}")
    if not results:
        print(f"nothing matches {text!r}", file=sys.stderr)
    return 0


def fit(text: str, width: int) -> str:
    """``text`` cut and padded to ``width`` terminal columns (CJK characters take two)."""
    import unicodedata

    out, used = [], 0
    for ch in text:
        w = 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
        if used + w > width - 1 and len(text) > len(out) + 1:
            out.append("…")
            used += 1
            break
        out.append(ch)
        used += w
    return "".join(out) + " " * max(0, width - used)


def cmd_all_highlights(args: argparse.Namespace) -> int:
    """``margin highlights --all``: every highlight, newest first, with its article."""
    from reader.cli.annotation_cmds import highlight_json
    from reader.store.annotations import AnnotationError
    from reader.store.browse import all_highlights

    with library_from(args) as library:
        try:
            items = all_highlights(library, color=args.color, tag=args.tag)
        except AnnotationError as exc:
            raise CliError(str(exc)) from exc
    if args.json:
        print_json(
            [
                {
                    **highlight_json(i.highlight),
                    "article_id": i.highlight.article_id,
                    "title": i.article_title,
                }
                for i in items
            ]
        )
        return 0
    for item in items:
        h = item.highlight
        flag = "" if h.status == "anchored" else " [orphaned]"
        where = f"#{h.article_id} {one_line(truncate(item.article_title, 40))}"
        quote = one_line(truncate(" ".join(h.exact.split()), 70))
        print(f"{h.id:>5}  {h.color:<6}  {where}{flag}  “{quote}”")
        if h.note:
            print(f"       note: {one_line(truncate(' '.join(h.note.split()), 80))}")
        if h.tags:
            print(f"       tags: {one_line(', '.join(h.tags))}")
    if not items:
        print("no highlights match" if args.color or args.tag else "no highlights yet")
    return 0
