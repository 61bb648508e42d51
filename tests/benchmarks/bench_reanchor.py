"""Benchmark: re-anchor 1,000 highlights on a ~1 MB article after a realistic round of edits.

Run from the project root:  python tests/benchmarks/bench_reanchor.py [--runs N] [--size MB]

Edits: paragraphs inserted throughout (so nearly every highlight moves), paragraphs deleted
(their highlights orphan), typos fixed inside quotes (fuzzy), words changed next to quotes.
Prints the time of `reanchor_all` with and without the old text, with the status counts, and a
baseline measured in the same run: 1,000 plain `str.find` of the quotes on the new text, the
least a search that scans the text once per quote pays. Re-anchoring with the old text can beat
it (most places are found by mapping, not searching); without it, it should stay within a
small multiple of it. The no-op case of an unchanged text is shown too.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from reader.anchoring import Anchor, make_anchor, reanchor_all
from reader.document import paragraphs_document

_COMMON = "the of and to in a is that for it as was with by on not this are from at"
COMMON = _COMMON.split(" ")


def make_paragraphs(rng: random.Random, chars: int) -> list[str]:
    vocab = ["".join(rng.choices("aeioulmnprstkvdgb", k=rng.randint(2, 10))) for _ in range(5000)]
    paras: list[str] = []
    total = 0
    while total < chars:
        sentences = []
        for _ in range(rng.randint(2, 8)):
            words = [
                rng.choice(COMMON) if rng.random() < 0.35 else rng.choice(vocab)
                for _ in range(rng.randint(6, 24))
            ]
            sentences.append(" ".join(words).capitalize() + ".")
        paras.append(" ".join(sentences))
        total += len(paras[-1]) + 2
    return paras


def best_of(runs: int, fn: Callable[[], object]) -> float:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--runs", type=int, default=3, help="timed runs; the best is reported")
    ap.add_argument("--size", type=float, default=1.0, help="article size in MB (code points)")
    ap.add_argument("--anchors", type=int, default=1000)
    ap.add_argument("--delete", type=int, default=20, help="paragraphs deleted (orphans)")
    args = ap.parse_args()
    rng = random.Random(20240601)

    paras = make_paragraphs(rng, int(args.size * 1_000_000))
    old_text = paragraphs_document("Benchmark article", paras).plain_text()
    starts = [len("Benchmark article") + 2]
    for p in paras[:-1]:
        starts.append(starts[-1] + len(p) + 2)

    # 1,000 highlights: phrases of 20-150 code points at word boundaries, in random paragraphs.
    anchors: list[Anchor] = []
    where: list[int] = []
    while len(anchors) < args.anchors:
        i = rng.randrange(len(paras))
        words = paras[i].split(" ")
        a = rng.randrange(len(words))
        b = min(len(words), a + rng.randint(3, 20))
        quote = " ".join(words[a:b])
        if len(quote) < 20:
            continue
        s = starts[i] + len(" ".join(words[:a])) + (1 if a else 0)
        anchors.append(make_anchor(old_text, s, s + len(quote)))
        where.append(i)

    new = list(paras)
    anchored = set(where)
    typo_paras = rng.sample(sorted(anchored), 30)
    typos = 0
    for i in typo_paras:  # a typo fixed inside the first quote of that paragraph
        quote = anchors[where.index(i)].exact
        k = len(quote) // 2
        if quote[k].isalpha() and quote[k + 1].isalpha() and quote[k] != quote[k + 1]:
            fixed = quote[:k] + quote[k + 1] + quote[k] + quote[k + 2 :]
            new[i] = new[i].replace(quote, fixed, 1)
            typos += 1
    for i in rng.sample(range(len(paras)), 30):  # words changed somewhere in other paragraphs
        if i not in anchored:
            new[i] = new[i].replace(" the ", " a ", 2)
    deleted = set(rng.sample(range(len(paras)), args.delete))  # some hold highlights: those orphan
    new = [p for i, p in enumerate(new) if i not in deleted]
    for _ in range(50):  # paragraphs inserted throughout
        new.insert(rng.randrange(len(new) + 1), " ".join(rng.choices(COMMON, k=30)) + ".")
    new_text = paragraphs_document("Benchmark article", new).plain_text()

    quotes = [a.exact for a in anchors]
    t_find = best_of(args.runs, lambda: [new_text.find(q) for q in quotes])
    t_same = best_of(args.runs, lambda: reanchor_all(old_text, anchors, old_text=old_text))
    t_with = best_of(args.runs, lambda: reanchor_all(new_text, anchors, old_text=old_text))
    t_without = best_of(args.runs, lambda: reanchor_all(new_text, anchors))

    with_old = Counter(r.status for r in reanchor_all(new_text, anchors, old_text=old_text))
    without_old = Counter(r.status for r in reanchor_all(new_text, anchors))
    in_deleted = sum(1 for i in where if i in deleted)

    def row(label: str, seconds: float, counts: Counter[str] | None = None) -> None:
        extra = f"  {seconds / t_find:5.2f}x baseline" if counts is not None else ""
        tail = f"  {dict(sorted(counts.items()))}" if counts else ""
        print(f"  {label:<52}{seconds * 1e3:8.1f} ms{extra}{tail}")

    print(f"article: {len(old_text):,} -> {len(new_text):,} code points, {len(paras):,} paragraphs")
    print(
        f"highlights: {len(anchors):,}, {in_deleted} in deleted paragraphs, "
        f"{typos} with a typo fixed inside"
    )
    print(f"best of {args.runs} runs:")
    row(f"baseline: {len(quotes):,} x str.find of the quotes", t_find)
    row("reanchor_all, text unchanged", t_same, Counter(kept=len(anchors)))
    row("reanchor_all, text edited, with old_text", t_with, with_old)
    row("reanchor_all, text edited, without old_text", t_without, without_old)


if __name__ == "__main__":
    main()
