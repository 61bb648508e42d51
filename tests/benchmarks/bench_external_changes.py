"""Benchmark: noticing other programs' changes (issue 12, point 7), with 10,000 articles.

Run on demand (not part of the test suite):

    QT_QPA_PLATFORM=offscreen python tests/benchmarks/bench_external_changes.py [N]

Prints what the window pays for watching the library file:

* one poll (``PRAGMA data_version`` on the watcher's own connection), which runs once a second
  on the GUI thread, next to a bare ``SELECT 1`` on the same connection as its lower bound;
* one refresh when something changed (the job: the article list and the open article's
  annotations; then applying the difference to the list model on the GUI thread), next to the
  raw SQLite query of the same list rows as the lower bound of the job;
* the GUI thread's part alone (applying a snapshot with nothing changed, and with one row
  changed), which is what the window can feel.
"""

from __future__ import annotations

import os
import sqlite3
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from reader.store import open_library  # noqa: E402
from reader.store.library import list_articles  # noqa: E402
from reader.ui.app import create_app  # noqa: E402
from reader.ui.external_changes import (  # noqa: E402
    ChangeWatcher,
    ExternalRefresh,
    Snapshot,
    SnapshotJob,
)
from reader.ui.jobs import JobRunner  # noqa: E402
from reader.ui.library_model import LibraryModel  # noqa: E402
from tests.benchmarks.bench_library_model import populate, row, timed  # noqa: E402


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    create_app()
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "library.db"
        library = open_library(db)
        populate(library, n)
        print(f"{n:,} articles")

        watcher = ChangeWatcher(library)
        conn = sqlite3.connect(db)
        polls = 10_000
        t = time.perf_counter()
        for _ in range(polls):
            watcher.poll()
        poll_us = (time.perf_counter() - t) / polls * 1e6
        t = time.perf_counter()
        for _ in range(polls):
            conn.execute("SELECT 1").fetchone()
        bare_us = (time.perf_counter() - t) / polls * 1e6
        label = "one poll (PRAGMA data_version)"
        print(f"  {label:<44} {poll_us:8.1f} µs   lower bound {bare_us:8.1f} µs (SELECT 1)")

        raw = (
            "SELECT a.id, a.title, a.site, a.byline, a.published, a.word_count, "
            "(SELECT count(*) FROM highlights h WHERE h.article_id = a.id AND h.status = 'anchored'), "
            "a.added_at, a.updated_at, a.source_path, a.format FROM articles a"
        )
        model = LibraryModel()
        articles = list_articles(library)
        model.set_articles(articles)
        known = {a.id: a for a in articles}
        row(
            "refresh job (list, compare, open article)",
            timed(lambda: SnapshotJob(library, known, 1).work()),
            timed(lambda: conn.execute(raw).fetchall()),
        )
        runner = JobRunner()
        refresh = ExternalRefresh(
            library, runner, model, open_article=lambda: None, busy=lambda: False
        )
        same = Snapshot(library.commits, [], [], None, None)
        row("GUI thread: apply, nothing changed", timed(lambda: refresh._apply(same)))
        other = replace(articles[n // 2], title="Changed elsewhere")
        back = Snapshot(library.commits, [articles[n // 2]], [], None, None)
        changed = Snapshot(library.commits, [other], [], None, None)
        row(
            "GUI thread: apply, one row changed",
            timed(lambda: (refresh._apply(changed), refresh._apply(back))) / 2,
        )
        watcher.close()
        conn.close()
        runner.shutdown()
        library.close()


if __name__ == "__main__":
    main()
