"""What every command shares: the library option, opening the library, errors, output helpers.

Nothing heavy at the top of any CLI module: services (and with them SQLAlchemy, the cleaners,
Jinja2...) are imported inside the command functions, so each command loads only what it uses and
``margin --version`` is little more than Python's own start-up (tests/cli/test_startup.py).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from reader.store.db import Library


class CliError(Exception):
    """A user-facing failure: printed as ``margin: message``, exit status ``exit_code``."""

    def __init__(self, message: str, exit_code: int = 1) -> None:
        super().__init__(message)
        self.exit_code = exit_code


def add_db_option(p: argparse.ArgumentParser) -> None:
    """``--db`` is accepted after the command too (``margin list --db x.db``)."""
    p.add_argument("--db", metavar="PATH", default=argparse.SUPPRESS, help=argparse.SUPPRESS)


@contextmanager
def library_from(args: argparse.Namespace) -> Iterator[Library]:
    from reader.config import resolve_db_path
    from reader.store.db import open_library  # SQLAlchemy loads only for commands that need it

    library = open_library(resolve_db_path(getattr(args, "db", None)))
    try:
        yield library
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
