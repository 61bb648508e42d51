"""Argument parsing and dispatch for ``margin``; the commands live in sibling modules."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from reader import __version__
from reader.cli import annotation_cmds, export_cmds, library_cmds
from reader.cli.common import CliError, add_db_option
from reader.store.errors import LibraryError

GROUPS = (library_cmds, annotation_cmds, export_cmds)
DESCRIPTION = """\
Margin reads the articles you keep as local files (text dumps of web pages, saved HTML pages,
Markdown clippings), shows them as clean text, and keeps your highlights and notes in a local
SQLite library.

Run `margin` with no command (or `margin FILE...`) to open the window."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="margin",
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="Library location: --db PATH, else $MARGIN_DB, else the user data folder "
        "(see `margin info`).",
    )
    parser.add_argument("--version", action="version", version=f"margin {__version__}")
    parser.add_argument(
        "--db", metavar="PATH", help="library file to use (default: $MARGIN_DB or user data folder)"
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", title="commands")
    for group in GROUPS:
        group.register(sub)
    gui = sub.add_parser(
        "gui",
        help="open the window (what `margin` with no command does)",
        description="Open the Margin window, importing and opening FILEs if given.",
    )
    add_gui_arguments(gui)
    gui.set_defaults(func=_gui)
    return parser


def add_gui_arguments(p: argparse.ArgumentParser) -> None:
    add_db_option(p)
    p.add_argument("files", nargs="*", metavar="FILE", help="files or folders to import and open")
    p.add_argument("--screenshot", metavar="FILE.png", help="render the window, save a PNG, exit")
    p.add_argument("--open", type=int, metavar="ID", help="open this article")
    p.add_argument("--theme", choices=("light", "sepia", "dark", "system"), help="colour theme")
    p.add_argument("--size", metavar="WxH", help="window size, e.g. 1280x800")


def command_names(parser: argparse.ArgumentParser) -> set[str]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return set(action.choices)
    return set()


def _first_word(argv: Sequence[str]) -> str | None:
    """The first argument that is not an option or an option's value."""
    takes_value = {"--db", "--screenshot", "--open", "--theme", "--size"}
    skip = False
    for arg in argv:
        if skip:
            skip = False
            continue
        if arg in takes_value:
            skip = True
            continue
        if arg == "--":
            return None
        if not arg.startswith("-") or arg == "-":
            return arg
    return None


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    first = _first_word(argv)
    if first not in command_names(parser) and not {"-h", "--help", "--version"} & set(argv):
        argv = ["gui", *argv]
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except (CliError, LibraryError) as exc:
        print(f"margin: {exc}", file=sys.stderr)
        return exc.exit_code if isinstance(exc, CliError) else 2
    except KeyboardInterrupt:
        print("margin: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


def _gui(args: argparse.Namespace) -> int:
    try:
        from reader.ui.app import run
    except ImportError as exc:
        raise CliError(f"the window cannot start: {exc}", exit_code=2) from exc
    return run(args)
