"""What each case of the hostile corpus costs to clean, per megabyte, next to the budget it must fit.

    nice -n 10 python tests/benchmarks/bench_hostile.py [--reduced] [--only NAME...]

Builds `tests/hostile_corpus.py` at the sizes issue 14 names (``--reduced``: the normal suite's
sizes) in a temporary folder and cleans every file in this process, timing the thread's CPU
seconds per stage. For each file it prints the outcome, its size, the seconds and seconds per
megabyte, and the time budget that file gets (`reader.ingest.budget`); the lower bound, measured
on the same bytes in the same run, is reading the file and decoding it as UTF-8. The last line
names the slowest file per megabyte. Exits 1 if any file took longer than its budget allows.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from reader.config import Limits  # noqa: E402
from reader.ingest.budget import MB, STAGE_SECONDS  # noqa: E402
from reader.ingest.pipeline import clean_source, iter_files, read_source  # noqa: E402
from reader.ingest.sniff import IngestError  # noqa: E402
from tests import hostile_corpus  # noqa: E402


def _budget(size: int) -> float:
    return sum(base + per_mb * size / MB for base, per_mb in STAGE_SECONDS.values())


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--reduced", action="store_true", help="the normal suite's sizes")
    ap.add_argument("--only", nargs="*", default=[], help="case names to run")
    args = ap.parse_args()
    cases = [c for c in hostile_corpus.CASES if not args.only or c.name in args.only]
    # Warm up: the first call of each extractor loads its libraries and the model.
    with tempfile.TemporaryDirectory(prefix="margin-bench-") as tmp:
        warm = Path(tmp) / "warm"
        warm.mkdir()
        for name, body in (
            ("w.md", hostile_corpus.MARKDOWN),
            ("w.html", hostile_corpus.page(hostile_corpus.ARTICLE_HTML)),
            ("w.txt", hostile_corpus.PROSE * 3),
        ):
            (warm / name).write_text(body)
            with contextlib.suppress(IngestError):
                clean_source(read_source(warm / name))
        folder = hostile_corpus.build(Path(tmp), cases, full=not args.reduced)
        rows = []
        for path in iter_files([folder]):
            try:
                source = read_source(path, Limits())
            except IngestError as exc:
                rows.append((path.name, 0, 0.0, 0.0, f"failed: {exc}"))
                continue
            t0 = time.thread_time()
            source.data.decode("utf-8", "replace")
            floor = time.thread_time() - t0
            t0 = time.thread_time()
            try:
                cleaned = clean_source(source, limits=Limits())
                outcome = f"ok, {len(cleaned.plain_text):,} chars"
            except IngestError as exc:
                outcome = f"failed: {exc}"
            spent = time.thread_time() - t0
            rows.append((path.name, len(source.data), spent, floor, outcome))
    over = 0
    print(f"{'file':32} {'MB':>7} {'CPU s':>7} {'s/MB':>7} {'floor s':>8} {'budget s':>9}  outcome")
    for name, size, spent, floor, outcome in rows:
        mb = max(size / MB, 1e-9)
        budget = _budget(size)
        over += spent > budget
        print(
            f"{name[:32]:32} {size / MB:7.2f} {spent:7.2f} {spent / mb if size else 0:7.2f} {floor:8.3f} {budget:9.1f}  {outcome[:70]}"
        )
    timed = [r for r in rows if r[1] >= MB // 10]  # per-MB figures of tiny files mean little
    if timed:
        name, size, spent, _, _ = max(timed, key=lambda r: r[2] / r[1])
        print(
            f"slowest per megabyte (files of 0.1 MB or more): {name}: {spent / (size / MB):.2f} s/MB ({size / MB:.1f} MB in {spent:.2f} s)"
        )
    name, size, spent, _, _ = max(rows, key=lambda r: r[2])
    print(f"slowest file: {name}: {spent:.2f} s for {size / MB:.2f} MB; over budget: {over}")
    return 1 if over else 0


if __name__ == "__main__":
    raise SystemExit(main())
