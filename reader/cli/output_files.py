"""Where ``margin clean --output-dir`` may write: never over a file it was not asked to replace.

``margin clean --format markdown --output-dir . four.md`` once wrote ``four.md``'s cleaned form over
``four.md`` itself, and ``margin clean --output-dir arts arts`` rewrote every text file in ``arts``.
The rules here: an input file is never written (by path, through a link, or as another name of the
same file); an existing file is replaced only with ``--overwrite``; anything that is not a regular
file is never replaced. Writes go to a temporary name first and are linked or renamed into place,
so an interrupted run leaves the old file or the new one, never half of one.
"""

from __future__ import annotations

import contextlib
import os
import uuid
from collections.abc import Iterable
from pathlib import Path


class OutputFolder:
    """One run's output folder: unique target names, and the files it must never replace."""

    def __init__(self, folder: Path, inputs: Iterable[Path], *, overwrite: bool) -> None:
        self.folder = folder
        self.overwrite = overwrite
        self._taken: set[Path] = set()
        self._input_paths: set[Path] = set()
        self._input_ids: set[tuple[int, int]] = set()
        for path in inputs:
            with contextlib.suppress(OSError):
                self._input_paths.add(path.resolve())
                st = path.stat()
                self._input_ids.add((st.st_dev, st.st_ino))

    def target(self, stem: str, suffix: str) -> Path:
        """``folder/stem.suffix``, or ``stem-2.suffix``... if this run already used the name."""
        target = self.folder / f"{stem}{suffix}"
        n = 2
        while target in self._taken:
            target = self.folder / f"{stem}-{n}{suffix}"
            n += 1
        self._taken.add(target)
        return target

    def refusal(self, target: Path) -> str | None:
        """Why ``target`` must not be written, or None if it may be."""
        if target.resolve() in self._input_paths:
            return "it is one of the input files"
        try:
            st = target.stat()
        except FileNotFoundError:
            return "it is a broken link" if target.is_symlink() else None
        except OSError as exc:
            return f"cannot check it: {exc.strerror or exc}"
        if (st.st_dev, st.st_ino) in self._input_ids:
            return "it is one of the input files (under another name)"
        if target.is_symlink() or not target.is_file():
            return "it exists and is not a regular file"
        if not self.overwrite:
            return "it exists (use --overwrite to replace it)"
        return None

    def write(self, target: Path, text: str) -> str | None:
        """Write ``text`` to ``target`` unless refused; returns the reason it was not written."""
        reason = self.refusal(target)
        if reason is not None:
            return reason
        tmp = target.with_name(f".{target.name}.{uuid.uuid4().hex[:8]}.margin-tmp")
        try:
            with tmp.open("xb") as fh:
                fh.write(text.encode("utf-8"))
            if self.overwrite:
                os.replace(tmp, target)
            else:
                _link_new(tmp, target)
        except FileExistsError:
            return "it appeared while writing (use --overwrite to replace it)"
        except OSError as exc:
            return exc.strerror or str(exc)
        finally:
            tmp.unlink(missing_ok=True)
        return None


def _link_new(tmp: Path, target: Path) -> None:
    """Put ``tmp`` at ``target`` only if nothing is there (atomic where hard links exist)."""
    try:
        os.link(tmp, target)
    except FileExistsError:
        raise
    except OSError:  # no hard links on this filesystem: check, then rename
        if target.exists() or target.is_symlink():
            raise FileExistsError(target) from None
        os.rename(tmp, target)
