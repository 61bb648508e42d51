"""Changes made by other programs while the window is open: the CLI, a second window, a script.

`ChangeWatcher` asks SQLite, once a second, whether anyone else has committed to the library
file (``PRAGMA data_version`` on a connection of its own: a few microseconds, no file I/O beyond
the WAL index; `tests/benchmarks/bench_external_changes.py` measures it). When the answer
changes, `ExternalRefresh` reads the article list and the open article's annotations in a job
and brings the window in line with them, row by row: changed rows are updated in place, new ones
inserted, removed ones dropped (the comparison runs in the job too, so the GUI thread only
applies what differs); the open article is re-rendered when its text changed, and its
highlights, note and tags are replaced when they differ.

The window's own writes move ``data_version`` too (they use other pooled connections), so a
refresh often finds nothing to change; that is the cheap case. A refresh read before one of the
window's own writes must not undo it on screen: the job notes `Library.commits` when it starts
and its result is dropped (and the refresh run again) when the window committed meanwhile.
Imports in progress update the list themselves, so refreshes wait for them to finish.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QObject, QTimer, Signal

from reader.store.db import Library
from reader.store.library import list_articles
from reader.store.records import ArticleSummary
from reader.store.snapshot import OpenArticleSnapshot, open_article_snapshot
from reader.ui.jobs import Job, JobRunner
from reader.ui.library_model import LibraryModel

POLL_MS = 1000
MIN_GAP_S = 2.0  # at most one refresh every two seconds, however busy the file is


class ChangeWatcher(QObject):
    """Emits `changed` when another connection has committed to the library file."""

    changed = Signal()

    def __init__(self, library: Library, interval_ms: int = POLL_MS, parent: QObject | None = None):
        super().__init__(parent)
        self._conn: sqlite3.Connection | None = None
        try:
            self._conn = sqlite3.connect(library.path, check_same_thread=False)
            self._conn.execute("PRAGMA query_only=1")
            self._version = self._read()
        except sqlite3.Error:
            self._conn, self._version = None, None  # no watching; the window works without
        self.timer = QTimer(self, interval=interval_ms)
        self.timer.timeout.connect(self.poll)

    def _read(self) -> int | None:
        assert self._conn is not None
        return int(self._conn.execute("PRAGMA data_version").fetchone()[0])

    def start(self) -> None:
        if self._conn is not None:
            self.timer.start()

    def poll(self) -> bool:
        """Check now; True (and `changed`) when another connection committed since last time."""
        if self._conn is None:
            return False
        try:
            version = self._read()
        except sqlite3.Error:
            return False
        if version == self._version:
            return False
        self._version = version
        self.changed.emit()
        return True

    def close(self) -> None:
        self.timer.stop()
        if self._conn is not None:
            self._conn.close()
            self._conn = None


@dataclass(frozen=True, slots=True)
class Snapshot:
    commits: int  # `Library.commits` when the job started
    changed: list[ArticleSummary]  # rows that differ from the list's (or are new)
    gone: list[int]  # rows the list has and the library no longer
    open_article: OpenArticleSnapshot | None
    open_id: int | None


class SnapshotJob(Job):
    """Reads the list and the open article's annotations, and compares the list with the
    window's copy here, off the GUI thread (10,000 rows take tens of milliseconds)."""

    def __init__(
        self, library: Library, known: dict[int, ArticleSummary], open_id: int | None
    ) -> None:
        super().__init__()
        self.library, self.known, self.open_id = library, known, open_id
        self.commits = library.commits

    def work(self) -> Snapshot:
        articles = list_articles(self.library)
        known = self.known
        changed = [a for a in articles if known.get(a.id) != a]
        fresh = {a.id for a in articles}
        gone = [i for i in known if i not in fresh]
        open_article = (
            open_article_snapshot(self.library, self.open_id) if self.open_id is not None else None
        )
        return Snapshot(self.commits, changed, gone, open_article, self.open_id)


class ExternalRefresh(QObject):
    """Brings the window in line with the library after another program changed it."""

    articleChanged = Signal(int)  # the open article's text changed: re-render it
    articleRemoved = Signal(int)  # the open article is gone
    annotationsChanged = Signal(object)  # OpenArticleSnapshot: highlights, note or tags differ
    refreshed = Signal()

    def __init__(
        self,
        library: Library,
        runner: JobRunner,
        model: LibraryModel,
        *,
        open_article: Callable[[], tuple[int, object] | None],
        busy: Callable[[], bool],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.library, self.runner, self.model = library, runner, model
        self.open_article = open_article  # (id, updated_at) of the article shown, or None
        self.busy = busy  # an import is running: the list is being updated anyway
        self.watcher = ChangeWatcher(library, parent=self)
        self.watcher.changed.connect(self.request)
        self.watcher.timer.timeout.connect(self._retry)
        self._job: SnapshotJob | None = None
        self._wanted = False
        self._started = -MIN_GAP_S

    def start(self) -> None:
        self.watcher.start()

    def stop(self) -> None:
        self.watcher.close()

    def request(self) -> None:
        """Refresh soon (now, unless a refresh or an import is running)."""
        self._wanted = True
        self._retry()

    def _retry(self) -> None:
        if not self._wanted or self._job is not None or self.busy():
            return
        if time.monotonic() - self._started < MIN_GAP_S:
            return  # the watcher's next tick tries again
        self._started = time.monotonic()
        self._wanted = False
        shown = self.open_article()
        known = {
            self.model.summary(r).id: self.model.summary(r) for r in range(self.model.rowCount())
        }
        job = SnapshotJob(self.library, known, shown[0] if shown else None)
        job.signals.finished.connect(self._apply)
        job.signals.failed.connect(lambda _message: self._done())
        self._job = job
        self.runner.start(job)

    def _done(self) -> None:
        self._job = None

    def _apply(self, snap: Snapshot) -> None:
        self._job = None
        if snap.commits != self.library.commits or self.busy():
            self.request()  # the window wrote meanwhile: this picture may predate it
            return
        if snap.gone:
            self.model.remove_ids(snap.gone)
        if snap.changed:
            self.model.upsert(snap.changed)
        shown = self.open_article()
        if shown is not None and shown[0] == snap.open_id:
            article = snap.open_article
            if article is None:
                self.articleRemoved.emit(snap.open_id)
            elif article.updated_at != shown[1]:
                self.articleChanged.emit(snap.open_id)
            else:
                self.annotationsChanged.emit(article)
        self.refreshed.emit()
