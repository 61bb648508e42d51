"""Where the library lives and the limits imports obey.

One small module so the CLI, the window and the tests agree on defaults: the library file sits
in the platform's user data folder unless ``--db`` or ``MARGIN_DB`` says otherwise.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass
from pathlib import Path

APP_NAME = "margin"
DB_ENV = "MARGIN_DB"
MAX_SIZE_ENV = "MARGIN_MAX_FILE_MB"
DEFAULT_MAX_FILE_MB = 50


class ConfigError(ValueError):
    """A setting (option or environment variable) with a value that cannot be used."""


def default_db_path() -> Path:
    """``$MARGIN_DB`` if set, else ``<user data dir>/margin/library.db``."""
    env = os.environ.get(DB_ENV)
    if env:
        return Path(env).expanduser()
    import platformdirs

    return platformdirs.user_data_path(APP_NAME, appauthor=False) / "library.db"


def resolve_db_path(cli_value: str | os.PathLike[str] | None) -> Path:
    """``--db``'s value, else the default; an empty ``--db ""`` is an error, not the default."""
    if cli_value is None:
        return default_db_path()
    if not str(cli_value).strip():
        raise ConfigError("--db needs the path of a library file (it was empty)")
    return Path(cli_value).expanduser()


def megabytes(value: str | float, source: str) -> float:
    """A size limit in MB: a finite number above zero; `ConfigError` naming ``source`` if not."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ConfigError(f"{source} must be a number of megabytes, not {value!r}") from None
    if not math.isfinite(number) or number <= 0 or number > 1024 * 1024:
        raise ConfigError(f"{source} must be a number of megabytes above 0, not {value!r}")
    return number


@dataclass(frozen=True, slots=True)
class Limits:
    """Import limits; a file over ``max_file_bytes`` is refused with a clear reason.

    ``work_scale`` multiplies the time each cleaning stage may take (`reader.ingest.budget`).
    """

    max_file_bytes: int = DEFAULT_MAX_FILE_MB * 1024 * 1024
    work_scale: float = 1.0

    @classmethod
    def from_env(cls, max_file_mb: float | None = None) -> Limits:
        if max_file_mb is None:
            env = os.environ.get(MAX_SIZE_ENV)
            max_file_mb = megabytes(env, f"${MAX_SIZE_ENV}") if env else DEFAULT_MAX_FILE_MB
        else:
            max_file_mb = megabytes(max_file_mb, "--max-size")
        return cls(max_file_bytes=int(max_file_mb * 1024 * 1024))
