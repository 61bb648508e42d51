"""Argument parsing and dispatch for ``margin``; the commands live in sibling modules."""

from __future__ import annotations

import argparse
import difflib
import os
import re
import sys
from collections.abc import Sequence
from pathlib import Path

from reader import __version__
from reader.cli import annotation_cmds, cleaning_cmds, export_cmds, library_cmds, search_cmds
from reader.cli.common import CliError, add_db_option, article_id
from reader.cli.terminal import safe_output
from reader.config import ConfigError
from reader.display import one_line
from reader.store.errors import LibraryError

GROUPS = (library_cmds, search_cmds, annotation_cmds, cleaning_cmds, export_cmds)
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
    p.add_argument("--open", type=article_id, metavar="ID", help="open this article")
    p.add_argument("--theme", choices=("light", "sepia", "dark", "system"), help="colour theme")
    p.add_argument("--size", metavar="WxH", help="window size, e.g. 1280x800")


def command_names(parser: argparse.ArgumentParser) -> set[str]:
    return set(_subparsers(parser))


def _subparsers(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def _value_options(parser: argparse.ArgumentParser) -> set[str]:
    """Options of ``margin`` itself and of the window that take a value (``--db PATH``...)."""
    parsers = [parser, *([_subparsers(parser)["gui"]] if "gui" in _subparsers(parser) else [])]
    return {
        option
        for p in parsers
        for action in p._actions
        if action.nargs != 0 and action.option_strings
        for option in action.option_strings
    }


def _words(argv: Sequence[str], takes_value: set[str]) -> list[str]:
    """The arguments that are not options or options' values (everything after ``--``)."""
    words: list[str] = []
    skip = False
    for i, arg in enumerate(argv):
        if skip:
            skip = False
        elif arg == "--":
            return words + list(argv[i + 1 :])
        elif arg in takes_value:
            skip = True
        elif not arg.startswith("-") or arg == "-":
            words.append(arg)
    return words


_EXTENSION = re.compile(r"\.[A-Za-z0-9]{0,7}[A-Za-z][A-Za-z0-9]{0,7}$")


def looks_like_a_path(word: str) -> bool:
    """A word the window may take as a file: it exists, or has a slash, a ``~``/``.`` start or
    a file extension. ``archvie`` and ``3`` are none of these: they are mistyped commands."""
    if os.sep in word or "/" in word or word.startswith(("~", ".")) or _EXTENSION.search(word):
        return True
    try:
        return Path(word).exists() or Path(word).is_symlink()
    except (OSError, ValueError):
        return False


def _not_a_command(parser: argparse.ArgumentParser, word: str) -> CliError:
    names = sorted(command_names(parser))
    close = difflib.get_close_matches(word, names, n=1)
    hint = f"; did you mean `margin {close[0]}`?" if close else ""
    return CliError(
        f"{word!r} is not a command, nor an existing file{hint} (see `margin --help`)",
        exit_code=2,
    )


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    with safe_output():
        return _run(argv)


def _run(argv: list[str]) -> int:
    parser = build_parser()
    try:
        words = _words(argv, _value_options(parser))
        if (not words or words[0] not in command_names(parser)) and not {
            "-h",
            "--help",
            "--version",
        } & set(argv):
            # No command: the window, importing the words as files. A word that is neither a
            # file nor shaped like a path is a mistyped command, not a file to look for.
            for word in words:
                if not looks_like_a_path(word):
                    raise _not_a_command(parser, word)
            argv = ["gui", *argv]
        args = parser.parse_args(argv)
        return int(args.func(args) or 0)
    except (CliError, LibraryError, ConfigError) as exc:
        print(f"margin: {one_line(exc)}", file=sys.stderr)
        return exc.exit_code if isinstance(exc, CliError) else 2
    except KeyboardInterrupt:
        print("margin: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        _quiet_broken_pipe()
        return 0
    except Exception as exc:
        return _last_resort(exc, argv)


def _quiet_broken_pipe() -> None:
    """`margin list | head`: stop quietly (and keep Python from complaining at exit)."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def _last_resort(exc: Exception, argv: Sequence[str]) -> int:
    """One line instead of a traceback; ``MARGIN_DEBUG=1`` shows the traceback."""
    from reader.cli.common import db_path_of
    from reader.store.library_file import describe_sqlite_error, is_sqlite_error

    if os.environ.get("MARGIN_DEBUG"):
        raise exc
    if is_sqlite_error(exc):
        message = describe_sqlite_error(db_path_of(argv), exc)
    elif isinstance(exc, OSError):
        where = f"{exc.filename}: " if exc.filename else ""
        message = f"{where}{exc.strerror or exc}"
    else:
        first = (str(exc).splitlines() or [""])[0][:300]
        message = f"internal error: {type(exc).__name__}: {first} (MARGIN_DEBUG=1 shows details)"
    print(f"margin: {one_line(message)}", file=sys.stderr)
    return 2


def _gui(args: argparse.Namespace) -> int:
    try:
        from reader.ui.app import run
    except ImportError as exc:
        raise CliError(f"the window cannot start: {exc}", exit_code=2) from exc
    return run(args)
