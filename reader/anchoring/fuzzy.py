"""Approximate matching of a quote: where an edited quote now starts and ends.

Finding the region is rapidfuzz's job (`partial_ratio_alignment`); this module adds the part
rapidfuzz leaves open, the exact boundaries. The quote *with its prefix and suffix* is aligned
(Levenshtein) against the region, and the quote's ends are read off that alignment: the context
on either side pins the boundaries. Where the alignment has equally good choices (text inserted
right at a boundary), `_settle` picks the span that cuts words as the original did, then the
shortest, so an insertion next to the quote stays outside it.
"""

from __future__ import annotations

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from reader.anchoring.selectors import Anchor

MIN_FUZZY_LEN = 8
"""Shorter quotes are too likely to match something unrelated; they only match exactly."""
MAX_EDIT_RATIO = 0.2
POLISH = 3


def max_edits(length: int) -> int:
    """The edit-distance bound for a quote of ``length`` code points (0: exact only)."""
    if length < MIN_FUZZY_LEN:
        return 0
    if length < 10:
        return 1
    return max(2, int(length * MAX_EDIT_RATIO))


def locate(quote: str, text: str, lo: int, hi: int, edits: int) -> tuple[int, int] | None:
    """The region of ``text[lo:hi]`` that best resembles ``quote`` (rapidfuzz), or None."""
    if hi - lo <= 0 or not quote:
        return None
    # A match within `edits` Levenshtein edits, seen through a window of the quote's length,
    # is at most 2*edits insertions/deletions away from the quote (ratio is Indel-based).
    cutoff = max(0.0, 100.0 * (1.0 - 2.0 * edits / len(quote)) - 1.0)
    found = fuzz.partial_ratio_alignment(quote, text[lo:hi], score_cutoff=cutoff)
    if found is None or found.dest_end <= found.dest_start:
        return None
    return lo + found.dest_start, lo + found.dest_end


def _is_word(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def _edges(first: str, before: str, last: str, after: str) -> tuple[bool, bool, bool, bool]:
    """Word-character flags at both ends and just outside them ("" counts as non-word)."""
    return (
        bool(first) and _is_word(first),
        bool(before) and _is_word(before),
        bool(last) and _is_word(last),
        bool(after) and _is_word(after),
    )


def anchor_edges(anchor: Anchor) -> tuple[bool, bool, bool, bool]:
    q = anchor.exact
    return _edges(q[:1], anchor.prefix[-1:], q[-1:], anchor.suffix[:1])


def span_edges(text: str, s: int, e: int) -> tuple[bool, bool, bool, bool]:
    return _edges(text[s : s + 1], text[s - 1 : s] if s else "", text[e - 1 : e], text[e : e + 1])


def _map_boundary(ops: Levenshtein.Opcodes, i: int, *, end: bool) -> int:
    """Where position ``i`` of the aligned source falls in the destination."""
    for op in ops:
        if op.tag == "insert":
            continue
        if end and op.src_start < i <= op.src_end:
            return op.dest_end if op.tag == "delete" else op.dest_start + (i - op.src_start)
        if not end and op.src_start <= i < op.src_end:
            return op.dest_start if op.tag == "delete" else op.dest_start + (i - op.src_start)
    return ops[-1].dest_end if end else ops[0].dest_start


def refine(text: str, anchor: Anchor, s0: int, e0: int, edits: int) -> tuple[int, int] | None:
    """Exact boundaries of the edited quote near ``text[s0:e0]``, or None if nothing fits."""
    n, q = len(text), anchor.exact
    s0 = min(max(s0, 0), n)
    e0 = min(max(e0, s0), n)
    slack = edits + 8
    lo = max(0, s0 - len(anchor.prefix) - slack)
    hi = min(n, e0 + len(anchor.suffix) + slack)
    if hi <= lo:
        return None
    ops = Levenshtein.opcodes(anchor.prefix + q + anchor.suffix, text[lo:hi])
    if not any(op.tag == "equal" for op in ops):
        return None
    p = len(anchor.prefix)
    s = lo + _map_boundary(ops, p, end=False)
    e = lo + _map_boundary(ops, p + len(q), end=True)
    if e <= s:
        return None
    return _settle(text, anchor, s, e, lo, hi, edits + POLISH)


def _settle(
    text: str, anchor: Anchor, s: int, e: int, lo: int, hi: int, reach: int
) -> tuple[int, int]:
    """Settle ties of the alignment by moving the ends where that does not raise the cost.

    The cost is that of the whole alignment (prefix, quote and suffix against ``text[lo:hi]``).
    Text inserted right at a boundary costs the same inside the quote or outside it, and the
    aligner may put it either way; among equal costs, spans that cut words the way the original
    did win, then the shorter (so an insertion next to the quote stays out), then the unmoved.
    Each end is swept over ``reach`` alone, then both together over a few characters.
    """
    q, prefix, suffix = anchor.exact, anchor.prefix, anchor.suffix
    want = anchor_edges(anchor)
    before: dict[int, int] = {}
    after: dict[int, int] = {}
    s0, e0 = s, e

    def key(a: int, b: int) -> tuple[int, int, int, int]:
        if a not in before:
            before[a] = Levenshtein.distance(prefix, text[lo:a])
        if b not in after:
            after[b] = Levenshtein.distance(suffix, text[b:hi])
        cost = before[a] + Levenshtein.distance(q, text[a:b]) + after[b]
        mismatch = sum(x != y for x, y in zip(span_edges(text, a, b), want, strict=True))
        return cost, mismatch, b - a, abs(a - s0) + abs(b - e0)

    s = min(range(max(lo, s - reach), min(e - 1, s + reach) + 1), key=lambda a: key(a, e))
    e = min(range(max(s + 1, e - reach), min(hi, e + reach) + 1), key=lambda b: key(s, b))
    starts = range(max(lo, s - POLISH), min(hi, s + POLISH) + 1)
    ends = range(max(lo, e - POLISH), min(hi, e + POLISH) + 1)
    return min(((a, b) for a in starts for b in ends if a < b), key=lambda ab: key(*ab))
