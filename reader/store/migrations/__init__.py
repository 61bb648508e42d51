"""Alembic migrations of the library schema; run on every open by `reader.store.db`."""
