"""The store's user-facing error, in a module of its own so the CLI can catch it without loading
SQLAlchemy (``margin --help`` and ``--version`` never open a library)."""

from __future__ import annotations


class LibraryError(Exception):
    """The library file cannot be opened or upgraded; the message says why."""


class LibraryMissing(LibraryError):
    """There is no library at the path, and the caller asked not to create one."""
