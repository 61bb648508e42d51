"""How much work one file may cost: time and output that grow linearly with its size, no more.

A hostile or broken file must fail with a reason, not hold an import for minutes. Each stage of
the pipeline (decode, extract, render, sanitise) gets a CPU-time allowance of a base plus so much
per megabyte of the file, and a size allowance for what it produces. Time is the importing
thread's CPU time, so a busy machine does not make a file fail and a file waiting for nothing
cannot exist (the bytes are read before cleaning starts).

Enforcement is cooperative, with no subprocess and no signals (imports also run on the window's
worker threads): `pipeline.clean_source` opens a `Budget` for the file and a `stage` for each
step; our own loops call `checkpoint()` or iterate through `budgeted()`, which compare the clock
every few hundred items. Third-party code that cannot be interrupted (lxml, trafilatura,
readability, markdown-it, bleach) only ever gets input shaped so its work is linear in the file
(`html_shape`, the Markdown nesting limit, the sanitiser's escape shielding), and each stage is
checked again when it ends, so one that overran still fails the file instead of going on.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import TypeVar

from reader.ingest.sniff import IngestError

T = TypeVar("T")
MB = 1024 * 1024

# CPU seconds per stage: (base, per megabyte of the file). Normal articles use a few percent of
# this (tests/benchmarks/bench_hostile.py prints every hostile case's seconds per megabyte).
STAGE_SECONDS: dict[str, tuple[float, float]] = {
    "decoding": (2.0, 0.5),
    "extracting the article": (4.0, 4.0),
    "rendering": (2.0, 1.0),
    "sanitising": (2.0, 2.0),
}
# What the cleaned article may weigh (its HTML, its stored structure): a multiple of the file.
OUTPUT_FACTOR = 24
OUTPUT_BASE = 1 * MB
_CHECK_EVERY = 256  # items between two looks at the clock (one look costs about a microsecond)


class BudgetExceeded(IngestError):
    """A stage of cleaning one file went over its allowance."""


def _describe(size: int) -> str:
    return f"{size / MB:.1f} MB" if size >= MB // 10 else f"{size / 1024:.0f} KB"


@dataclass(slots=True)
class Budget:
    """The allowances for one file of ``size`` bytes; ``scale`` multiplies every time limit."""

    size: int
    scale: float = 1.0
    stage_name: str = ""
    limit: float = float("inf")
    started: float = 0.0
    _calls: int = field(default=0, repr=False)

    def seconds_for(self, name: str) -> float:
        base, per_mb = STAGE_SECONDS[name]
        return (base + per_mb * self.size / MB) * self.scale

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        """Run one stage under its time allowance; checked at every checkpoint and at its end."""
        outer = (self.stage_name, self.limit, self.started)
        self.stage_name, self.limit, self.started = name, self.seconds_for(name), time.thread_time()
        try:
            yield
            self.check()
        finally:
            self.stage_name, self.limit, self.started = outer

    def check(self) -> None:
        spent = time.thread_time() - self.started
        if spent > self.limit:
            raise BudgetExceeded(
                f"{self.stage_name or 'cleaning'} took too long (over {self.limit:.1f} s of "
                f"work for a {_describe(self.size)} file); the file is not a readable article"
            )

    def tick(self) -> None:
        self._calls += 1
        if self._calls % _CHECK_EVERY == 0:
            self.check()

    def check_output(self, what: str, length: int) -> None:
        """Refuse an output out of proportion to the file (a size bomb, not an article)."""
        allowed = OUTPUT_FACTOR * self.size + OUTPUT_BASE
        if length > allowed:
            raise BudgetExceeded(
                f"the cleaned article's {what} would be {length / MB:.1f} MB, over "
                f"{OUTPUT_FACTOR} times the file's size"
            )


_CURRENT: ContextVar[Budget | None] = ContextVar("reader_ingest_budget", default=None)


@contextmanager
def budget_for(size: int, scale: float = 1.0) -> Iterator[Budget]:
    """Make a new `Budget` the current one (per thread) while cleaning one file."""
    budget = Budget(size, scale)
    token = _CURRENT.set(budget)
    try:
        yield budget
    finally:
        _CURRENT.reset(token)


def checkpoint() -> None:
    """Fail the current file if its current stage is over its time (cheap; call it in loops)."""
    budget = _CURRENT.get()
    if budget is not None:
        budget.tick()


def budgeted(items: Iterable[T]) -> Iterator[T]:
    """``items``, with a `checkpoint` every few hundred (for the loops of our own cleaners)."""
    budget = _CURRENT.get()
    if budget is None:
        yield from items
        return
    for i, item in enumerate(items):
        if i % _CHECK_EVERY == 0:
            budget.check()
        yield item
