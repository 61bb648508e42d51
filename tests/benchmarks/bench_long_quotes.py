"""Benchmark: re-anchoring stays near-linear in quote length and in the number of highlights.

Run from the project root:

    python tests/benchmarks/bench_long_quotes.py                  # quotes up to 100,000 chars
    python tests/benchmarks/bench_long_quotes.py --highlights 20000
    python tests/benchmarks/bench_long_quotes.py --code /path/to/other/checkout --lengths 2000,5000

Part 1, long quotes: an article whose middle paragraph (the quote, 5,000 to 100,000 code points)
was highlighted whole; the edit changes a word every 80 words inside the quote, adds a paragraph
before it and a few words to the paragraph just before. For each length: the time of
`reanchor_all` with and without the old text, whether the new span is exactly the edited quote,
the time per 1,000 code points (flat when the cost is linear), and the bound measured in the same
run: one banded Levenshtein distance between the old and the new quote, the least any fuzzy
matcher pays to compare them once.

Part 2, many highlights: a 1 MB article with 20,000 highlights (20-150 code points) after a
round of edits (the same generator as bench_reanchor.py), against 20,000 `str.find` of the
quotes.

``--code`` imports ``reader`` from another checkout, to measure the code before a change.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path


def _words(rng: random.Random, vocab: list[str], n: int) -> str:
    return " ".join(rng.choice(vocab) for _ in range(n))


def long_quote_case(length: int, seed: int = 7) -> tuple[str, str, int, int, str]:
    """(old text, new text, quote start, quote end, expected new quote)."""
    rng = random.Random(seed)
    vocab = ["".join(rng.choices("aeioulmnprstkvdgb", k=rng.randint(2, 9))) for _ in range(4000)]
    before, after = _words(rng, vocab, 400), _words(rng, vocab, 400)
    quote = _words(rng, vocab, length // 4)[:length].strip()
    old = f"Title\n\n{before}\n\n{quote}\n\n{after}"
    start = old.index(quote)
    words = quote.split(" ")
    for i in range(40, len(words) - 1, 80):
        words[i] = rng.choice(vocab)
    new_quote = " ".join(words)
    new = f"Title\n\n{_words(rng, vocab, 300)}\n\n{before} and more\n\n{new_quote}\n\n{after}"
    return old, new, start, start + len(quote), new_quote


def timed(fn):  # type: ignore[no-untyped-def]
    t0 = time.perf_counter()
    value = fn()
    return time.perf_counter() - t0, value


def part_quotes(lengths: list[int]) -> None:
    from rapidfuzz.distance import Levenshtein

    from reader.anchoring import make_anchor, reanchor_all

    print("long quotes (one highlight, edited inside):")
    print(
        f"  {'length':>8}  {'with old':>9}  {'without':>9}  {'per 1k':>8}  {'bound':>8}  exact span"
    )
    for length in lengths:
        old, new, s, e, want = long_quote_case(length)
        anchor = make_anchor(old, s, e)
        t_with, r_with = timed(lambda: reanchor_all(new, [anchor], old_text=old)[0])  # noqa: B023
        t_without, r_without = timed(lambda: reanchor_all(new, [anchor])[0])  # noqa: B023
        t_bound, _ = timed(
            lambda: Levenshtein.distance(anchor.exact, want, score_hint=64)  # noqa: B023
        )
        ok = all(r.anchor is not None and r.anchor.exact == want for r in (r_with, r_without))
        print(
            f"  {length:>8,}  {t_with * 1e3:7.0f}ms  {t_without * 1e3:7.0f}ms  "
            f"{t_with * 1e6 / length:6.1f}ms  {t_bound * 1e3:6.1f}ms  {ok}"
        )


def part_highlights(count: int, size_mb: float) -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from collections import Counter

    from bench_reanchor import COMMON, make_paragraphs

    from reader.anchoring import make_anchor, reanchor_all
    from reader.document import paragraphs_document

    rng = random.Random(20240601)
    paras = make_paragraphs(rng, int(size_mb * 1_000_000))
    old = paragraphs_document("Benchmark article", paras).plain_text()
    starts = [len("Benchmark article") + 2]
    for p in paras[:-1]:
        starts.append(starts[-1] + len(p) + 2)
    anchors = []
    while len(anchors) < count:
        i = rng.randrange(len(paras))
        words = paras[i].split(" ")
        a = rng.randrange(len(words))
        b = min(len(words), a + rng.randint(3, 20))
        quote = " ".join(words[a:b])
        if len(quote) < 20:
            continue
        s = starts[i] + len(" ".join(words[:a])) + (1 if a else 0)
        anchors.append(make_anchor(old, s, s + len(quote)))
    new_paras = [p.replace(" the ", " a ", 1) if k % 7 == 0 else p for k, p in enumerate(paras)]
    new_paras = [p for k, p in enumerate(new_paras) if k % 97 != 5]
    for _ in range(50):
        new_paras.insert(rng.randrange(len(new_paras) + 1), " ".join(rng.choices(COMMON, k=30)))
    new = paragraphs_document("Benchmark article", new_paras).plain_text()
    quotes = [a.exact for a in anchors]
    t_find, _ = timed(lambda: [new.find(q) for q in quotes])
    t_with, with_old = timed(lambda: reanchor_all(new, anchors, old_text=old))
    t_without, without_old = timed(lambda: reanchor_all(new, anchors))
    print(f"{count:,} highlights on a {len(old):,}-code-point article (edited):")
    print(f"  bound: {count:,} x str.find of the quotes   {t_find * 1e3:8.0f} ms")
    for label, t, results in (
        ("reanchor_all with old text", t_with, with_old),
        ("reanchor_all without old text", t_without, without_old),
    ):
        counts = dict(sorted(Counter(r.status for r in results).items()))
        print(f"  {label:<38}{t * 1e3:8.0f} ms  {t / t_find:5.2f}x bound  {counts}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--lengths", default="5000,10000,20000,50000,100000")
    ap.add_argument("--highlights", type=int, default=20000, help="0 skips part 2")
    ap.add_argument("--size", type=float, default=1.0, help="article size for part 2, in MB")
    ap.add_argument("--code", type=Path, help="import reader from this checkout instead")
    args = ap.parse_args()
    sys.path.insert(0, str(args.code or Path(__file__).resolve().parents[2]))
    import reader

    print(f"reader from {Path(reader.__file__).parent}")
    lengths = [int(x) for x in args.lengths.split(",") if x]
    if lengths:
        part_quotes(lengths)
    if args.highlights:
        part_highlights(args.highlights, args.size)


if __name__ == "__main__":
    main()
