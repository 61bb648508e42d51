"""Writing export files: atomically, only when the bytes change, and saying what happened.

A file is written to a temporary name beside it and renamed over the old one, so an interrupted
export leaves either the old file or the new one, never half of each. A file whose bytes would not
change is not touched at all (its modification time stays, sync tools stay quiet).
"""

from __future__ import annotations

import os
import shutil
import stat
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from reader.display import one_line

ExportStatus = Literal["written", "updated", "unchanged", "failed"]


class ExportError(Exception):
    """An export that cannot start (unknown article, unusable folder); nothing was written."""


@dataclass(frozen=True, slots=True)
class ExportResult:
    """One file (or one article that could not be exported) and what the export did with it."""

    status: ExportStatus
    path: Path | None
    article_id: int | None = None
    title: str | None = None
    reason: str | None = None

    def describe(self) -> str:
        """The CLI's one line for this result."""
        what = f"#{self.article_id} {self.title}" if self.article_id is not None else ""
        if self.status == "failed":
            where = str(self.path) if self.path else what
            return one_line(f"failed: {where}: {self.reason}")
        return one_line(f"{self.status}: {self.path}" + (f" (#{self.article_id})" if what else ""))


class ReadOnlyFileError(PermissionError):
    """An existing file its owner made read-only: Margin does not replace it."""


def _read_only(path: Path) -> bool:
    """Read-only for us, or made read-only by its owner (root may write anywhere; it should not
    replace a file someone marked 0444 either)."""
    return not os.access(path, os.W_OK) or not path.stat().st_mode & stat.S_IWUSR


def write_if_changed(path: Path, text: str) -> ExportStatus:
    """Write ``text`` (UTF-8, newlines as given) to ``path`` unless it already holds exactly it."""
    data = text.encode("utf-8")
    exists = path.is_file()
    if exists and path.read_bytes() == data:
        return "unchanged"
    if exists and _read_only(path):
        raise ReadOnlyFileError(
            "the file is read-only; left as it was (make it writable to let Margin update it)"
        )
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.margin-tmp")
    try:
        with tmp.open("xb") as fh:  # "x": never through a file or link that is already there
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        if exists:
            shutil.copymode(path, tmp)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return "updated" if exists else "written"


def prepare_folder(out_dir: Path) -> None:
    """Create the output folder if needed; `ExportError` if that is impossible."""
    if out_dir.exists() and not out_dir.is_dir():
        raise ExportError(f"{out_dir} exists and is not a folder")
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ExportError(f"cannot create {out_dir}: {exc.strerror or exc}") from exc
