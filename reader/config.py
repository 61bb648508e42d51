"""Where the library lives and the limits imports obey.

One small module so the CLI, the window and the tests agree on defaults: the library file sits
in the platform's user data folder unless ``--db`` or ``MARGIN_DB`` says otherwise.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

APP_NAME = "margin"
DB_ENV = "MARGIN_DB"
MAX_SIZE_ENV = "MARGIN_MAX_FILE_MB"
DEFAULT_MAX_FILE_MB = 50


def default_db_path() -> Path:
    """``$MARGIN_DB`` if set, else ``<user data dir>/margin/library.db``."""
    env = os.environ.get(DB_ENV)
    if env:
        return Path(env).expanduser()
    import platformdirs

    return platformdirs.user_data_path(APP_NAME, appauthor=False) / "library.db"


def resolve_db_path(cli_value: str | os.PathLike[str] | None) -> Path:
    return Path(cli_value).expanduser() if cli_value else default_db_path()


@dataclass(frozen=True, slots=True)
class Limits:
    """Import limits; a file over ``max_file_bytes`` is refused with a clear reason."""

    max_file_bytes: int = DEFAULT_MAX_FILE_MB * 1024 * 1024

    @classmethod
    def from_env(cls, max_file_mb: float | None = None) -> Limits:
        if max_file_mb is None:
            env = os.environ.get(MAX_SIZE_ENV)
            max_file_mb = float(env) if env else DEFAULT_MAX_FILE_MB
        return cls(max_file_bytes=int(max_file_mb * 1024 * 1024))
