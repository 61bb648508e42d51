"""Is this file a Margin library? Decided before SQLite, SQLAlchemy or Alembic write a byte to it.

Opening a library switches it to WAL and runs migrations, which is right for our own file and
wrong for anyone else's: ``margin --db some.sqlite list`` once added twelve tables to an unrelated
database and switched it to WAL. So the file is first read through a read-only SQLite connection,
and only a missing file, an empty one, a database without any table, or one holding Margin's own
tables goes further. Commands that only read never create a library either: a mistyped ``--db``
says the file does not exist instead of leaving a new empty library behind.

SQLite's own failures (damaged file, read-only, disk full, locked) are turned into one-line
messages here too, so the command line and the window say the same thing.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Literal
from urllib.parse import quote

from reader.store.errors import LibraryError

MARGIN_TABLES = frozenset({"alembic_version", "articles", "highlights", "notes", "tags"})
FileState = Literal["missing", "empty", "margin"]


def read_only_uri(path: Path) -> str:
    """A ``file:`` URI that opens ``path`` read-only (never creating or changing it)."""
    return "file:" + quote(str(path.absolute())) + "?mode=ro"


def inspect(path: Path) -> FileState:
    """What is at ``path``: nothing, an empty file or database, or a Margin library.

    Raises `LibraryError` for anything else (a folder, another program's database, a damaged
    file, one that cannot be read); nothing is written either way.
    """
    try:
        if not path.exists():
            return "missing"
        if path.is_dir():
            raise LibraryError(f"{path} is a folder, not a library file")
        size = path.stat().st_size
        if size == 0:
            return "empty"
        with path.open("rb") as fh:
            header = fh.read(16)
    except OSError as exc:
        raise LibraryError(f"cannot read the library {path}: {exc.strerror or exc}") from exc
    if header != b"SQLite format 3\x00":
        raise LibraryError(f"{path} is not a Margin library (not an SQLite database)")
    try:
        conn = sqlite3.connect(read_only_uri(path), uri=True, timeout=10)
        try:
            tables = {
                str(row[0])
                for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            }
        finally:
            conn.close()
    except sqlite3.Error as exc:
        raise LibraryError(describe_sqlite_error(path, exc)) from exc
    if not tables:
        return "empty"
    if tables >= MARGIN_TABLES:
        return "margin"
    shown = ", ".join(sorted(tables)[:5]) + (", ..." if len(tables) > 5 else "")
    raise LibraryError(
        f"{path} is an SQLite database of another program (tables: {shown}), not a Margin "
        "library; it was not changed"
    )


def describe_sqlite_error(path: Path | str, exc: BaseException) -> str:
    """One line for an SQLite failure on the library at ``path``, saying what the user can do."""
    text = str(getattr(exc, "orig", None) or exc).strip().splitlines()
    message = text[0] if text else type(exc).__name__
    low = message.lower()
    if "readonly" in low or "read-only" in low:
        return f"the library {path} is read-only: nothing could be saved (check its permissions)"
    if "disk is full" in low or "database or disk is full" in low or "no space" in low:
        return f"the disk holding the library {path} is full: nothing was saved by this command"
    if "malformed" in low or "not a database" in low or "corrupt" in low:
        return (
            f"the library {path} is damaged ({message}); restore it from a copy "
            "(Margin keeps one as .before-*.bak beside it at each upgrade)"
        )
    if "locked" in low or "busy" in low:
        return f"the library {path} is busy (another program is writing to it); try again"
    if "unable to open" in low or "cannot open" in low:
        return f"cannot open the library {path}: {message} (check the folder's permissions)"
    if "disk i/o" in low:
        return f"cannot read or write the library {path}: disk I/O error"
    return f"the library {path}: {message}"


def is_sqlite_error(exc: BaseException) -> bool:
    """An SQLite failure, raw or wrapped by SQLAlchemy (which keeps it as ``orig``)."""
    return isinstance(exc, sqlite3.Error) or isinstance(getattr(exc, "orig", None), sqlite3.Error)
