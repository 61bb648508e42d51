"""How often the "clearly too little" rule fires, and how close the bench pages come to it.

    python tests/benchmarks/bench_uncleaned_rule.py [--data DIR] [--sets data extra]

For every page of the cleaning bench (both text renderers and the saved HTML), cleans it as
`margin clean` does and reports whether `reader.ingest.uncleaned.too_little` would import it
uncleaned. No development page may trip it; the test files of ``tests/data/uncleaned`` must.
Prints, per set and form, the pages that trip it and the nearest misses (the pages that dropped
more words than they kept, with their count and share of short dropped lines).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from reader.document import count_words  # noqa: E402
from reader.ingest.pipeline import extract  # noqa: E402
from reader.ingest.sniff import decode_file  # noqa: E402
from reader.ingest.uncleaned import SHORT_LINE_WORDS, too_little  # noqa: E402

BENCH = ROOT.parent / "shared" / "cleaning-bench"
FORMS = (("text-chromium", "txt"), ("text-w3m", "txt"), ("html", "html"))


def measure(path: Path) -> tuple[bool, int, int, int, int]:
    decoded = decode_file(path, path.read_bytes())
    doc = extract(decoded.text, decoded.format)
    kept = sum(count_words(b.text) for b in doc.blocks)
    dropped = [count_words(r.block.text) for r in doc.removed]
    short = sum(1 for w in dropped if w <= SHORT_LINE_WORDS)
    return too_little(doc), kept, sum(dropped), short, len(dropped)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=BENCH)
    ap.add_argument("--sets", nargs="+", default=["data", "extra"])
    args = ap.parse_args()
    failed = 0
    for name in args.sets:
        for form, ext in FORMS:
            files = sorted((args.data / name / form).glob(f"*.{ext}"))
            if not files:
                continue
            rows = [(f.stem[:16], *measure(f)) for f in files]
            tripped = [r for r in rows if r[1]]
            print(f"{name}/{form}: {len(tripped)} of {len(rows)} pages imported uncleaned")
            for stem, _t, kept, dropped, short, n in tripped:
                print(f"    {stem}: kept {kept} words, dropped {dropped} ({short} of {n} short)")
            near = sorted(
                (r for r in rows if not r[1] and r[2] < r[3]), key=lambda r: r[4] / max(r[5], 1)
            )[:3]
            for stem, _t, kept, dropped, short, n in near:
                print(
                    f"    near: {stem}: kept {kept} < dropped {dropped}, "
                    f"{short} of {n} dropped blocks short ({short / max(n, 1):.0%})"
                )
            failed += len(tripped) if name == "data" else 0
    for path in sorted((ROOT / "tests" / "data" / "uncleaned").glob("*.txt")):
        tripped, kept, dropped, short, n = measure(path)
        print(f"test file {path.name}: uncleaned={tripped} (kept {kept}, dropped {dropped})")
        failed += 0 if tripped else 1
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
