"""Opening a library: one engine and one sessionmaker per file, migrations run on every open.

SQLite settings: WAL so the window can read while an import writes; foreign keys on (SQLite leaves
them off by default, and our cascades depend on them); a busy timeout so two writers wait for each
other instead of failing. We take over transaction control from the sqlite3 module (as the
SQLAlchemy docs recommend) so that writes can start with ``BEGIN IMMEDIATE``: a deferred
transaction that later upgrades to a write can fail at once with "database is locked", whatever the
timeout.

Every connection gets the SQL functions the search index's triggers call (`register_functions`).

Before a pending migration touches an existing library, a copy of the file is saved beside it: an
upgrade never risks a user's annotations.

Start-up cost: Alembic takes longer to import than everything else a command needs, so it is
loaded only to run a migration. Whether one is needed is decided by one query (the library's
``alembic_version``) compared with the head revision, which is read from the migration files'
names (``versions/0002_watched_folders.py`` is revision ``0002``; a test checks that every file's
revision id is its name's prefix and that the chain is linear). The ORM is loaded on the first
session, so a command that only reads through SQLAlchemy Core never pays for it.
"""

from __future__ import annotations

import os
import re
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Engine, create_engine, event

from reader.store.errors import LibraryError, LibraryMissing
from reader.store.library_file import describe_sqlite_error, inspect, is_sqlite_error

if TYPE_CHECKING:
    from alembic.config import Config
    from sqlalchemy.orm import Session, sessionmaker

__all__ = [
    "Library",
    "LibraryError",
    "LibraryMissing",
    "current_revision",
    "head_revision",
    "open_library",
]

from reader.search.grams import index_grams

BUSY_TIMEOUT_MS = 10_000
_MIGRATIONS = Path(__file__).resolve().parent / "migrations"
_VERSION_FILE = re.compile(r"^(\d{4})_\w+\.py$")


def _alembic_config() -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(_MIGRATIONS))
    return cfg


def known_revisions() -> list[str]:
    """Revision ids of the migrations shipped with this Margin, oldest first (from file names)."""
    names = os.listdir(_MIGRATIONS / "versions")
    return sorted(m.group(1) for m in map(_VERSION_FILE.match, names) if m)


def head_revision() -> str:
    """The newest schema revision, without loading Alembic (see the module docstring)."""
    return known_revisions()[-1]


def _make_engine(path: Path) -> Engine:
    engine = create_engine(
        f"sqlite:///{path}",
        connect_args={"check_same_thread": False, "timeout": BUSY_TIMEOUT_MS / 1000},
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: sqlite3.Connection, _record: Any) -> None:
        dbapi_conn.isolation_level = None  # we issue BEGIN ourselves (see module docstring)
        register_functions(dbapi_conn)
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        mode = conn.get_execution_options().get("sqlite_begin", "DEFERRED")
        conn.exec_driver_sql(f"BEGIN {mode}")

    return engine


def register_functions(conn: sqlite3.Connection) -> None:
    """SQL functions the schema's triggers call (the search index's bigrams). A connection
    made without them can read the library but not write articles, highlights or notes."""
    conn.create_function("margin_grams", 1, index_grams, deterministic=True)


class Library:
    """An open library file. Services take one of these and open a session per action."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.engine = _make_engine(path)
        self.commits = 0  # writes committed through `write` by this process
        self._session_factory: sessionmaker[Session] | None = None

    @property
    def _sessions(self) -> sessionmaker[Session]:
        if self._session_factory is None:  # the ORM loads on first use (see module docstring)
            from sqlalchemy.orm import sessionmaker

            self._session_factory = sessionmaker(self.engine, expire_on_commit=False)
        return self._session_factory

    @contextmanager
    def connect(self) -> Iterator[Connection]:
        """A read-only unit of work in SQLAlchemy Core (no ORM), rolled back at the end."""
        with self.engine.connect() as conn:
            try:
                yield conn
            finally:
                conn.rollback()

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A read-only unit of work (a deferred transaction, rolled back at the end)."""
        with self._sessions() as session:
            try:
                yield session
            finally:
                session.rollback()

    @contextmanager
    def write(self) -> Iterator[Session]:
        """A unit of work that writes: ``BEGIN IMMEDIATE``; commit on success, else roll back."""
        with self._sessions() as session:
            session.connection(execution_options={"sqlite_begin": "IMMEDIATE"})
            try:
                yield session
                session.commit()
            except BaseException:
                session.rollback()
                raise
            self.commits += 1  # lets the window tell its own writes from older reads

    def integrity_check(self) -> str:
        with self.engine.connect() as conn:
            return str(conn.exec_driver_sql("PRAGMA integrity_check").scalar())

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Library:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def current_revision(library: Library) -> str | None:
    """The library's schema revision (None for a new, empty file): one query, no Alembic."""
    with library.engine.connect() as conn:
        try:
            return conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
        except Exception as exc:  # no such table: a file no migration has touched yet
            if "no such table" in str(exc):
                return None
            raise


def migrate(library: Library) -> str | None:
    """Run pending migrations; return the path of the safety copy made first, if any."""
    head = head_revision()
    current = current_revision(library)
    if current == head:
        return None
    if current is not None and current not in known_revisions():
        raise LibraryError(
            f"{library.path} was made by a newer Margin (schema {current}); please upgrade Margin"
        )
    backup = None
    if current is not None:
        backup = library.path.with_name(f"{library.path.name}.before-{head}.bak")
        _backup(library.path, backup)
    from alembic import command  # only now: see the module docstring

    cfg = _alembic_config()
    with library.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
    return str(backup) if backup else None


def _backup(src: Path, dest: Path) -> None:
    source = sqlite3.connect(src)
    try:
        target = sqlite3.connect(dest)
        try:
            source.backup(target)
        finally:
            target.close()
    finally:
        source.close()


def open_library(path: Path | str, *, create: bool = True) -> Library:
    """Open the library at ``path`` and bring its schema up to date.

    With ``create`` (importing, the window) a missing or empty file becomes a new library; without
    it (commands that only read) it is `LibraryMissing`. A file that is not Margin's is refused
    before anything is written to it (see `reader.store.library_file`).
    """
    path = Path(path).expanduser()
    state = inspect(path)
    if state != "margin" and not create:
        what = "the file does not exist" if state == "missing" else "the file is empty"
        raise LibraryMissing(f"no library at {path}: {what}")
    if state == "missing":
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise LibraryError(
                f"cannot create folder for the library {path}: {exc.strerror}"
            ) from exc
    library = Library(path)
    try:
        migrate(library)
    except LibraryError:
        library.close()
        raise
    except Exception as exc:
        library.close()
        if is_sqlite_error(exc):
            raise LibraryError(describe_sqlite_error(path, exc)) from exc
        raise LibraryError(f"cannot open the library {path}: {exc}") from exc
    return library
