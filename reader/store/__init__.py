"""The library on disk: SQLAlchemy models, migrations, and the services that own transactions.

Callers use the service functions (`library`, `annotations`, `search`) with an open `Library`;
they get plain records back and never see a session or an ORM object.
"""

from reader.store.db import Library, LibraryError, open_library

__all__ = ["Library", "LibraryError", "open_library"]
