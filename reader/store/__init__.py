"""The library on disk: SQLAlchemy models, migrations, and the services that own transactions.

Callers use the service functions (`library`, `annotations`, `search`) with an open `Library`;
they get plain records back and never see a session or an ORM object.

Importing the package loads nothing heavy: `Library` and `open_library` are fetched from
`reader.store.db` (SQLAlchemy) on first use, so ``reader.store.errors`` and ``reader.store.records``
stay cheap for commands that never open a library.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from reader.store.errors import LibraryError

if TYPE_CHECKING:
    from reader.store.db import Library, open_library

__all__ = ["Library", "LibraryError", "open_library"]


def __getattr__(name: str) -> Any:
    if name in ("Library", "open_library"):
        from reader.store import db

        return getattr(db, name)
    raise AttributeError(f"module 'reader.store' has no attribute {name!r}")
