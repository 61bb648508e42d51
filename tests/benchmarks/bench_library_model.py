"""Benchmark: the library list with 10,000 articles (load, show, sort, filter, refresh the window).

Run on demand (not part of the test suite):

    cd /work/main && QT_QPA_PLATFORM=offscreen python tests/benchmarks/bench_library_model.py [N]

Each figure is printed with a lower bound measured in the same run: the raw SQLite query for the
load, a plain Python sort or filter of the same records for the model's sort and filter. The last
section refreshes a real main window's list while a 10 ms timer ticks on the GUI thread and prints
the longest gap between ticks (how long the window could not react), next to the gap measured with
nothing going on. For contrast it also times what this design avoids: QSortFilterProxyModel's own
sort, which calls back into Python on every comparison.
"""

from __future__ import annotations

import itertools
import os
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QEventLoop, QSortFilterProxyModel, Qt, QTimer  # noqa: E402
from PySide6.QtWidgets import QTableView  # noqa: E402

from reader.store import open_library  # noqa: E402
from reader.store.db import Library  # noqa: E402
from reader.store.library import list_articles  # noqa: E402
from reader.store.models import Article, Highlight, utcnow  # noqa: E402
from reader.ui.app import create_app  # noqa: E402
from reader.ui.library_model import (  # noqa: E402
    SORT_ROLE,
    TITLE,
    WORDS,
    LibraryFilterModel,
    LibraryModel,
    fold,
)

WORDS_POOL = [
    "night",
    "train",
    "river",
    "harbour",
    "market",
    "election",
    "climate",
    "energy",
    "rail",
    "forest",
    "city",
    "museum",
    "garden",
    "winter",
    "bridge",
    "school",
    "doctor",
    "music",
    "island",
    "storm",
    "border",
    "bank",
    "farm",
    "coast",
]
SITES = ["Rail Weekly", "The Coastal Times", "lemonde.fr", "bbc.co.uk", None, "example.org"]


def populate(library: Library, n: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    now = utcnow()
    with library.write() as session:
        for i in range(n):
            title = " ".join(rng.choice(WORDS_POOL) for _ in range(rng.randint(3, 9))).title()
            article = Article(
                source_path=f"/articles/{i:05d}.txt",
                sha256=f"{i:064x}",
                source_size=1000,
                source_mtime=0.0,
                format="text",
                encoding="utf-8",
                title=f"{title} {i}",
                byline=None,
                site=rng.choice(SITES),
                word_count=rng.randint(100, 9000),
                html="<p>x</p>",
                plain_text="x",
                document_json="{}",
                cleaner_version=1,
                reading_position=0,
                added_at=now,
                updated_at=now,
            )
            session.add(article)
            if i % 5 == 0:
                session.flush()
                for k in range(3):
                    session.add(
                        Highlight(
                            uid=f"{i:08d}{k:02d}",
                            article=article,
                            start=0,
                            end=1,
                            exact="x",
                            prefix="",
                            suffix="",
                            color="yellow",
                            status="anchored",
                            anchor_method="exact",
                            created_at=now,
                            updated_at=now,
                        )
                    )


def timed(fn: Callable[[], object], repeat: int = 5) -> float:
    """Median wall time in milliseconds."""
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


def row(label: str, ms: float, bound: float | None = None) -> None:
    extra = f"   lower bound {bound:8.1f} ms   ratio {ms / bound:5.1f}x" if bound else ""
    print(f"  {label:<44} {ms:8.1f} ms{extra}")


def max_gap_during(action: Callable[[], None], done: Callable[[], bool], timeout_s: float) -> float:
    """Run ``action`` then spin the event loop until ``done``; the longest 10 ms-tick gap (ms)."""
    ticks = [time.perf_counter()]
    timer = QTimer(interval=10)
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    loop = QEventLoop()
    deadline = time.perf_counter() + timeout_s
    poll = QTimer(interval=5)
    poll.timeout.connect(lambda: (done() or time.perf_counter() > deadline) and loop.quit())
    timer.start()
    poll.start()
    action()
    loop.exec()
    ticks.append(time.perf_counter())
    timer.stop()
    poll.stop()
    return max(b - a for a, b in itertools.pairwise(ticks)) * 1000


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    create_app()
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.db"
        library = open_library(db)
        t = time.perf_counter()
        populate(library, n)
        print(
            f"library: {n:,} articles, {n // 5 * 3:,} highlights "
            f"(made in {time.perf_counter() - t:.1f} s)\n"
        )

        print("load (runs on a worker thread)")
        rows = list_articles(library)
        assert len(rows) == n

        def raw() -> None:
            con = sqlite3.connect(db)
            con.execute(
                "SELECT id, title, site, byline, published, word_count, added_at, updated_at, "
                "source_path, format FROM articles"
            ).fetchall()
            con.close()

        row(
            "list_articles (metadata + highlight counts)",
            timed(lambda: list_articles(library)),
            timed(raw),
        )

        print("\nGUI thread")
        model = LibraryModel()
        proxy = LibraryFilterModel(model)
        view = QTableView()
        view.setModel(proxy)
        view.resize(600, 800)
        view.show()

        def reset_and_paint() -> None:
            model.set_articles(rows)
            view.viewport().repaint()

        row("set_articles + first paint of the view", timed(reset_and_paint))
        sort_bound = timed(lambda: sorted(rows, key=lambda s: (fold(s.title), s.id)))
        row(
            "sort by title (model.sort)",
            timed(lambda: model.sort(TITLE, Qt.SortOrder.AscendingOrder)),
            sort_bound,
        )
        row(
            "sort by words (model.sort)",
            timed(lambda: model.sort(WORDS, Qt.SortOrder.DescendingOrder)),
            timed(lambda: sorted(rows, key=lambda s: (s.words, s.id), reverse=True)),
        )
        hay = [f"{s.title}\n{s.site or ''}".casefold() for s in rows]

        def filter_cycle() -> None:
            proxy.set_filter_text("rail harbour")
            proxy.rowCount()
            proxy.set_filter_text("")
            proxy.rowCount()

        row(
            "filter 'rail harbour' then clear (proxy)",
            timed(filter_cycle),
            timed(lambda: [h for h in hay if "rail" in h and "harbour" in h]),
        )

        plain = QSortFilterProxyModel()
        plain.setSourceModel(model)
        plain.setSortRole(SORT_ROLE)
        row(
            "(avoided) QSortFilterProxyModel sort by title",
            timed(lambda: (plain.sort(-1), plain.sort(TITLE)), repeat=3),
            sort_bound,
        )
        view.close()

        print("\nwindow refresh (reload the list on a worker, reset the model on the GUI thread)")
        from reader.ui.main_window import MainWindow
        from reader.ui.settings import Settings

        os.environ["XDG_CONFIG_HOME"] = tmp
        window = MainWindow(library, Settings(Path(tmp) / "bench.ini"), persist=False)
        window.resize(1280, 800)
        window.show()
        first: list[bool] = []
        window.libraryLoaded.connect(lambda: first.append(True))
        start_gap = max_gap_during(window.start, lambda: bool(first), 30)
        window.libraryLoaded.disconnect()
        idle = max_gap_during(lambda: None, lambda: False, 0.5)
        gaps = []
        loads: list[int] = []
        window.libraryLoaded.connect(lambda: loads.append(1))
        for i in range(5):
            gaps.append(max_gap_during(window.reload_library, lambda i=i: len(loads) > i, 30))
        row("longest GUI-thread gap, first load at start", start_gap, idle)
        row("longest GUI-thread gap during a refresh", statistics.median(gaps), idle)
        print(
            f"  (all refreshes: {', '.join(f'{g:.0f}' for g in gaps)} ms; idle gap {idle:.0f} ms)"
        )
        window.close()
        library.close()


if __name__ == "__main__":
    main()
