"""Speed of the saved-HTML path against plain ``trafilatura.extract`` on the same pages.

Run from the repository root (needs ../shared, or pass --data):

    python tests/benchmarks/bench_clean_html.py [--rounds 5] [--data DIR]

Both extractors see the same decoded pages in the same process, pinned to one core. Each page
is run by both, back to back in alternating order, in every round; a page's time is its best
round, so a burst of other work on the machine disturbs both sides alike and is then discarded. Our path includes everything `margin clean` needs from a page:
parsing, metadata, the extraction, readability when it is consulted, and the blocks.
Exit status 1 when our path is slower than the baseline.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
import warnings
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import trafilatura  # noqa: E402

from reader.ingest.html_page import extract_html  # noqa: E402
from reader.ingest.sniff import decode  # noqa: E402

DEFAULT_DATA = ROOT.parent / "shared" / "cleaning-bench" / "data" / "html"


def load_pages(folder: Path) -> dict[str, str]:
    return {p.stem: decode(p.read_bytes(), "html")[0] for p in sorted(folder.glob("*.htm*"))}


def _time_one(fn: Callable[[str], object], page: str) -> float:
    start = time.perf_counter()
    fn(page)
    return time.perf_counter() - start


def _baseline(page: str) -> object:
    return trafilatura.extract(page)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="folder of .html pages")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args(argv)
    if not args.data.is_dir():
        print(f"no pages at {args.data}", file=sys.stderr)
        return 2
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    warnings.simplefilter("ignore")
    pages = list(load_pages(args.data).values())
    megabytes = sum(len(p) for p in pages) / 1e6
    fns = {"trafilatura.extract": _baseline, "margin extract_html": extract_html}
    for fn in fns.values():  # warm-up: imports, caches, lazily built regexes
        for page in pages[:5]:
            fn(page)
    per_page: dict[str, list[list[float]]] = {name: [[] for _ in pages] for name in fns}
    for i in range(args.rounds):
        for j, page in enumerate(pages):
            order = list(fns) if (i + j) % 2 == 0 else list(reversed(fns))
            for name in order:
                per_page[name][j].append(_time_one(fns[name], page))
    print(f"{len(pages)} pages, {megabytes:.1f} M characters, {args.rounds} rounds, one core")
    best: dict[str, float] = {}
    for name, times in per_page.items():
        best[name] = sum(min(t) for t in times)
        median = sum(statistics.median(t) for t in times)
        print(
            f"{name:22s} best {best[name]:6.3f} s ({len(pages) / best[name]:6.1f} pages/s)"
            f"   median {median:6.3f} s"
        )
    ours, base = best["margin extract_html"], best["trafilatura.extract"]
    verdict = "as fast or faster" if ours <= base else "SLOWER"
    print(f"margin / trafilatura time ratio: {ours / base:.3f} ({verdict})")
    return 0 if ours <= base else 1


if __name__ == "__main__":
    sys.exit(main())
