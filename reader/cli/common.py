"""What every command shares: the library option, opening the library, errors, output helpers.

Nothing heavy at the top of any CLI module: services (and with them SQLAlchemy, the cleaners,
Jinja2...) are imported inside the command functions, so each command loads only what it uses and
``margin --version`` is little more than Python's own start-up (tests/cli/test_startup.py).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from reader.store.db import Library


class CliError(Exception):
    """A user-facing failure: printed as ``margin: message``, exit status ``exit_code``."""

    def __init__(self, message: str, exit_code: int = 1) -> None:
        super().__init__(message)
        self.exit_code = exit_code


MAX_ID = 2**63 - 1


def article_id(text: str) -> int:
    """An argparse type for ids: a whole number SQLite can hold (ids are 64-bit integers)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not an id (a whole number)") from None
    if not 1 <= value <= MAX_ID:
        raise argparse.ArgumentTypeError(f"{text!r} is not an id (ids go from 1 to {MAX_ID})")
    return value


def why_unreachable(path: Path) -> str | None:
    """Why a path named on the command line cannot even be looked at, or None if it can."""
    try:
        os.lstat(path)
    except FileNotFoundError:
        return "file not found"
    except PermissionError:
        return "permission denied (a folder on its path cannot be opened)"
    except NotADirectoryError:
        return "file not found (part of its path is a file, not a folder)"
    except (OSError, ValueError) as exc:
        return getattr(exc, "strerror", None) or str(exc)
    return None


def add_db_option(p: argparse.ArgumentParser) -> None:
    """``--db`` is accepted after the command too (``margin list --db x.db``)."""
    p.add_argument("--db", metavar="PATH", default=argparse.SUPPRESS, help=argparse.SUPPRESS)


def db_path_of(argv: list[str] | tuple[str, ...] | Any) -> Path:
    """The library a command line names (``--db PATH``), else the default one."""
    from reader.config import resolve_db_path

    argv = list(argv)
    value = None
    for i, arg in enumerate(argv):
        if arg == "--db" and i + 1 < len(argv):
            value = argv[i + 1]
        elif arg.startswith("--db="):
            value = arg[len("--db=") :]
    return resolve_db_path(value or None)


@contextmanager
def library_from(args: argparse.Namespace, *, create: bool = False) -> Iterator[Library]:
    """The library of ``--db``/``$MARGIN_DB``/the default, open for one command.

    Only commands that add articles pass ``create``: the others never leave a new library
    behind (a mistyped ``--db`` is an error saying the file does not exist). SQLite failures
    inside the command become one-line `LibraryError`s naming the library.
    """
    from reader.config import DB_ENV, resolve_db_path
    from reader.store.db import open_library  # SQLAlchemy loads only for commands that need it
    from reader.store.errors import LibraryError, LibraryMissing
    from reader.store.library_file import describe_sqlite_error, is_sqlite_error

    path = resolve_db_path(getattr(args, "db", None))
    try:
        library = open_library(path, create=create)
    except LibraryMissing as exc:
        hint = (
            "add articles with `margin import PATH...` first"
            if getattr(args, "db", None) is None and not os.environ.get(DB_ENV)
            else "check the --db path or $MARGIN_DB"
        )
        raise LibraryError(f"{exc}; {hint}") from None
    try:
        yield library
    except Exception as exc:
        if is_sqlite_error(exc):
            raise LibraryError(describe_sqlite_error(path, exc)) from exc
        raise
    finally:
        library.close()


def print_json(data: Any) -> None:
    import json

    json.dump(data, sys.stdout, ensure_ascii=False, indent=2, default=str)
    sys.stdout.write("\n")


def truncate(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def table(rows: list[list[str]], headers: list[str], right: set[int] = frozenset()) -> str:  # type: ignore[assignment]
    """A plain aligned text table (no dependency, stable output for docs and tests)."""
    widths = [max(len(str(x)) for x in col) for col in zip(headers, *rows, strict=False)]

    def fmt(row: list[str]) -> str:
        cells = [
            str(c).rjust(w) if i in right else str(c).ljust(w)
            for i, (c, w) in enumerate(zip(row, widths, strict=False))
        ]
        return "  ".join(cells).rstrip()

    return "\n".join([fmt(headers), *(fmt(r) for r in rows)])
