"""The import job: files and folders into the library, off the GUI thread, with progress.

Each file is imported by `reader.store.library.import_file` in its own transaction. The job tells
the window which file it is on (throttled, so 10,000 unchanged files do not flood the event loop)
and hands over the metadata of new and updated articles in batches, so the library list grows
while the import runs. A watched-folder scan is the same job with ``skip_unchanged``: files whose
size and modification time match what the library (or an earlier failed attempt) saw are skipped
without being read.
"""

from __future__ import annotations

import os
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from reader.config import Limits
from reader.ingest import iter_files
from reader.store.db import Library
from reader.store.folders import known_sources
from reader.store.library import import_file, list_articles
from reader.store.records import ArticleSummary, ImportResult, ReanchorReport
from reader.ui.jobs import Job

REPORT_INTERVAL_S = 0.05


@dataclass(frozen=True, slots=True)
class ImportProgress:
    done: int
    total: int
    current: str
    articles: tuple[ArticleSummary, ...] = ()


@dataclass(frozen=True, slots=True)
class ImportOutcome:
    results: tuple[ImportResult, ...]
    cancelled: bool
    total: int
    skipped: int = 0
    seen: Mapping[str, tuple[int, float]] = field(default_factory=dict)

    def count(self, status: str) -> int:
        return sum(1 for r in self.results if r.status == status)

    @property
    def failures(self) -> list[ImportResult]:
        return [r for r in self.results if r.status == "failed"]

    @property
    def first_article_id(self) -> int | None:
        return next((r.article_id for r in self.results if r.article_id is not None), None)

    def article_to_open(self, *, one_file: bool, reading: bool) -> int | None:
        """After an import the user asked for, the article to show, or None to stay put.

        One file named by the user: its article, new or not (they asked to see that file).
        Otherwise (folders, several files) only a single new article is worth a jump; with
        nothing open, the first new one is shown. An import that found nothing new never moves
        the reader.
        """
        if one_file:
            return self.first_article_id
        new = [r.article_id for r in self.results if r.status == "imported" and r.article_id]
        if len(new) == 1 or (new and not reading):
            return new[0]
        return None

    def summary(self) -> str:
        """One sentence for the status bar, e.g. "Imported 3 files, 1 failed"."""
        parts = []
        for status, label in (
            ("imported", "imported"),
            ("updated", "updated"),
            ("unchanged", "unchanged"),
            ("failed", "failed"),
        ):
            n = self.count(status)
            if n:
                parts.append(f"{n} {label}")
        if not parts:
            parts.append("no files found" if not self.total else "nothing to do")
        head = "Import cancelled: " if self.cancelled else "Import finished: "
        tail = (
            f" ({self.total - len(self.results) - self.skipped} not started)"
            if (self.cancelled and self.total > len(self.results) + self.skipped)
            else ""
        )
        moved = self.reanchor().describe()
        if moved:
            tail += f"; {moved}"
            if self.reanchor().orphaned:
                tail += " (see Orphaned in the highlights panel)"
        return head + ", ".join(parts) + tail

    def reanchor(self) -> ReanchorReport:
        """What happened to highlights of changed articles, summed over the files."""
        reports = [r.reanchor for r in self.results if r.reanchor is not None]
        return ReanchorReport(
            kept=sum(r.kept for r in reports),
            moved=sum(r.moved for r in reports),
            fuzzy=sum(r.fuzzy for r in reports),
            orphaned=sum(r.orphaned for r in reports),
        )


def _stat_key(path: Path) -> tuple[int, float] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_size, st.st_mtime


class ImportJob(Job):
    """Import ``paths`` (files and folders); the result is an `ImportOutcome`."""

    def __init__(
        self,
        library: Library,
        paths: Sequence[Path],
        *,
        limits: Limits | None = None,
        supported_only: bool = False,
        skip_unchanged: bool = False,
        also_seen: Mapping[str, tuple[int, float]] | None = None,
    ) -> None:
        super().__init__()
        self.library = library
        self.paths = [Path(p) for p in paths]
        self.limits = limits or Limits.from_env()
        self.supported_only = supported_only
        self.skip_unchanged = skip_unchanged
        self.also_seen = dict(also_seen or {})

    def _known(self) -> dict[str, tuple[int, float]]:
        known = dict(self.also_seen)
        for root in self.paths:
            if root.is_dir():
                known.update(known_sources(self.library, root))
        return known

    def work(self) -> ImportOutcome:
        files = list(iter_files(self.paths, supported_only=self.supported_only))
        known = self._known() if self.skip_unchanged else {}
        seen: dict[str, tuple[int, float]] = {}
        results: list[ImportResult] = []
        pending: list[int] = []
        skipped = 0
        last = 0.0
        for i, path in enumerate(files):
            if self.cancelled():
                break
            key = _stat_key(path)
            resolved = str(path.resolve())
            if self.skip_unchanged and key is not None and known.get(resolved) == key:
                skipped += 1
                continue
            now = time.monotonic()
            if now - last >= REPORT_INTERVAL_S:
                last = now
                self._report(i, len(files), str(path), pending)
            result = import_file(self.library, path, self.limits)
            results.append(result)
            if key is not None:
                seen[resolved] = key
            if result.article_id is not None and result.status in ("imported", "updated"):
                pending.append(result.article_id)
        self._report(len(results) + skipped, len(files), "", pending)
        return ImportOutcome(tuple(results), self.cancelled(), len(files), skipped, seen)

    def _report(self, done: int, total: int, current: str, pending: list[int]) -> None:
        articles = tuple(list_articles(self.library, ids=pending)) if pending else ()
        pending.clear()
        self.report(ImportProgress(done, total, current, articles))
