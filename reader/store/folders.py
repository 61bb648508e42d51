"""Watched folders: the list the window keeps an eye on, and what the library knows of their files.

The window's watcher (`reader.ui.watched_folders`) lives in Qt; the list itself lives in the
library file so it travels with the library (another machine, another settings folder) and is
covered by the migrations like everything else. The table is created by migration 0002.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from reader.store.db import Library
from reader.store.models import Article, WatchedFolder, utcnow


def _key(path: Path | str) -> str:
    """Folders are stored absolute and resolved, so one folder is never listed twice."""
    return str(Path(path).expanduser().resolve())


def list_folders(library: Library) -> list[str]:
    with library.read() as session:
        return list(session.scalars(select(WatchedFolder.path).order_by(WatchedFolder.path)))


def add_folder(library: Library, path: Path | str) -> str:
    """Add a folder (idempotent); returns the stored form of its path."""
    key = _key(path)
    if not Path(key).is_dir():
        raise NotADirectoryError(f"{key} is not a folder")
    with library.write() as session:
        found = session.scalar(select(WatchedFolder).where(WatchedFolder.path == key))
        if found is None:
            session.add(WatchedFolder(path=key, added_at=utcnow()))
    return key


def remove_folder(library: Library, path: Path | str) -> bool:
    """Stop watching a folder; the articles imported from it stay in the library."""
    keys = {str(path), _key(path)}
    with library.write() as session:
        found = list(session.scalars(select(WatchedFolder).where(WatchedFolder.path.in_(keys))))
        for folder in found:
            session.delete(folder)
        return bool(found)


def known_sources(library: Library, folder: Path | str) -> dict[str, tuple[int, float]]:
    """``source path -> (size, mtime)`` of articles imported from under ``folder``.

    A scan compares these with ``stat()`` so that unchanged files are not even read again.
    """
    prefix = _key(folder).rstrip("/") + "/"
    escaped = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    stmt = select(Article.source_path, Article.source_size, Article.source_mtime).where(
        Article.source_path.like(escaped + "%", escape="\\")
    )
    with library.read() as session:
        return {str(p): (int(s), float(m)) for p, s, m in session.execute(stmt)}
