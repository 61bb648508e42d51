"""How many text dumps per second the cleaner handles on one core.

    python tests/benchmarks/bench_clean_text.py [--repeat 3] [--min-docs-per-s 100]

Runs over the shared bench's Chromium and w3m dumps. The lower bound, measured in the same run on
the same files, is the time to merely read each file and split it into lines: no cleaner can be
faster than that. Prints both rates and their ratio; exits 1 if ``--min-docs-per-s`` is not met.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from reader.ingest.text_dump import clean_text_dump  # noqa: E402

DATA = ROOT.parent / "shared" / "cleaning-bench" / "data"


def _rate(files: list[Path], work: object, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        for f in files:
            work(f.read_text(encoding="utf-8", errors="replace"))  # type: ignore[operator]
        best = min(best, time.perf_counter() - t0)
    return len(files) / best


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--repeat", type=int, default=3, help="best of this many passes")
    ap.add_argument("--min-docs-per-s", type=float, default=0.0)
    args = ap.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core
    files = sorted((args.data / "text-chromium").glob("*.txt"))
    files += sorted((args.data / "text-w3m").glob("*.txt"))
    if not files:
        print(f"no dumps under {args.data}", file=sys.stderr)
        return 2
    clean_text_dump(files[0].read_text(encoding="utf-8"))  # load the model once
    mb = sum(f.stat().st_size for f in files) / 1e6
    floor = _rate(files, str.splitlines, args.repeat)
    rate = _rate(files, clean_text_dump, args.repeat)
    print(f"{len(files)} dumps, {mb:.1f} MB, one core, best of {args.repeat}")
    print(f"lower bound (read + split lines): {floor:10.1f} docs/s")
    print(f"clean_text_dump (read + clean):   {rate:10.1f} docs/s  ({floor / rate:.0f}x the bound)")
    if rate < args.min_docs_per_s:
        print(f"FAIL: below {args.min_docs_per_s} docs/s")
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
