"""Background jobs: small operation objects run on a thread pool, results back on the GUI thread.

Anki's habit: the GUI never waits for the database or the cleaners. A `Job` is a QRunnable whose
`work()` calls the store's service functions (each opens its own session) and may `report()`
progress; both progress and the result travel through Qt signals of a QObject that lives in the
GUI thread, so receivers run there (queued connections). Only plain data crosses: ids, records,
dataclasses, never ORM objects. Cancellation is cooperative (`cancelled()` is polled by `work`).
"""

from __future__ import annotations

import logging
import threading
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

log = logging.getLogger(__name__)


class JobSignals(QObject):
    progress = Signal(object)
    finished = Signal(object)  # the result of work()
    failed = Signal(str)  # a one-line reason; the traceback goes to the log


class Job(QRunnable):
    """Subclasses implement `work`; start them with `JobRunner.start`."""

    def __init__(self) -> None:
        super().__init__()
        self.setAutoDelete(False)  # the runner keeps the Python object until it is done
        self.signals = JobSignals()
        self._cancel = threading.Event()
        self.done = threading.Event()

    def work(self) -> Any:
        raise NotImplementedError

    def report(self, value: object) -> None:
        self.signals.progress.emit(value)

    def cancel(self) -> None:
        self._cancel.set()

    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def run(self) -> None:
        try:
            result = self.work()
        except Exception as exc:
            log.error("job %s failed:\n%s", type(self).__name__, traceback.format_exc())
            self.signals.failed.emit(f"{type(exc).__name__}: {exc}")
        else:
            self.signals.finished.emit(result)
        finally:
            self.done.set()


class CallJob(Job):
    """Run one service call off the GUI thread (e.g. saving a reading position)."""

    def __init__(self, fn: Callable[..., Any], *args: Any) -> None:
        super().__init__()
        self._fn = fn
        self._args = args

    def work(self) -> Any:
        return self._fn(*self._args)


class JobRunner(QObject):
    """Owns the pool and keeps running jobs alive; `shutdown` cancels and waits for them."""

    def __init__(self, parent: QObject | None = None, max_threads: int = 3) -> None:
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(max_threads)
        self._running: set[Job] = set()

    def start(self, job: Job) -> Job:
        self._running.add(job)
        job.signals.finished.connect(lambda _r, j=job: self._forget(j))
        job.signals.failed.connect(lambda _m, j=job: self._forget(j))
        self.pool.start(job)
        return job

    def _forget(self, job: Job) -> None:
        self._running.discard(job)

    @property
    def busy(self) -> bool:
        return bool(self._running)

    def running(self) -> list[Job]:
        return list(self._running)

    def shutdown(self, timeout_ms: int = 30_000) -> bool:
        """Cancel every job and wait for the threads; True when all stopped in time."""
        for job in list(self._running):
            job.cancel()
        return self.pool.waitForDone(timeout_ms)
