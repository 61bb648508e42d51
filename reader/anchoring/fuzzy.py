"""Approximate matching of a quote: where an edited quote now starts and ends.

Finding the region is rapidfuzz's job (`partial_ratio_alignment`) for ordinary quotes; for long
ones (a whole section highlighted) that costs the product of quote and region length, so the
region is found by voting instead: pieces of the quote that still occur verbatim say where it
starts (`_seed_region`, one pass over the region). This module adds the part rapidfuzz leaves
open, the exact boundaries. The quote *with its prefix and suffix* is aligned (Levenshtein)
against the region, and the quote's ends are read off that alignment: the context on either side
pins the boundaries. Where the alignment has equally good choices (text inserted right at a
boundary), `_settle` picks the span that cuts words as the original did, then the shortest, so
an insertion next to the quote stays outside it.

Cost: everything after the region search is one alignment of the quote plus work near its two
ends, bounded by `MAX_REACH` and independent of the quote's length; a 100,000-character quote
edited inside re-anchors in about a second (tests/benchmarks/bench_long_quotes.py), where the
whole-quote distance at every boundary step once took over fifteen minutes.
"""

from __future__ import annotations

from collections.abc import Callable

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from reader.anchoring.selectors import Anchor

MIN_FUZZY_LEN = 8
"""Shorter quotes are too likely to match something unrelated; they only match exactly."""
MAX_EDIT_RATIO = 0.2
POLISH = 3
MAX_REACH = 128
"""How far `_settle` moves an end: text inserted right at a boundary is a tie up to this long."""
LONG_QUOTE = 512
"""From this length on, the region is found by seed voting and ends are settled locally."""
_EDGE = 2 * (MAX_REACH + 3) + 64
"""How much of a long quote's start (end) is aligned to place its start (end)."""
SEED = 12
"""Length of the verbatim pieces of a long quote that vote for its place."""
MAX_SEED_HITS = 64
"""A piece found more often than this in the region (boilerplate) casts no votes."""


def max_edits(length: int) -> int:
    """The edit-distance bound for a quote of ``length`` code points (0: exact only)."""
    if length < MIN_FUZZY_LEN:
        return 0
    if length < 10:
        return 1
    return max(2, int(length * MAX_EDIT_RATIO))


def locate(quote: str, text: str, lo: int, hi: int, edits: int) -> tuple[int, int] | None:
    """The region of ``text[lo:hi]`` that best resembles ``quote``, or None."""
    if hi - lo <= 0 or not quote:
        return None
    if len(quote) >= LONG_QUOTE:
        return _seed_region(quote, text, lo, hi, edits)
    # A match within `edits` Levenshtein edits, seen through a window of the quote's length,
    # is at most 2*edits insertions/deletions away from the quote (ratio is Indel-based).
    cutoff = max(0.0, 100.0 * (1.0 - 2.0 * edits / len(quote)) - 1.0)
    found = fuzz.partial_ratio_alignment(quote, text[lo:hi], score_cutoff=cutoff)
    if found is None or found.dest_end <= found.dest_start:
        return None
    return lo + found.dest_start, lo + found.dest_end


def _seed_region(quote: str, text: str, lo: int, hi: int, edits: int) -> tuple[int, int] | None:
    """Where a long quote lies in ``text[lo:hi]``, from the pieces of it that survived verbatim.

    The quote is cut into pieces of `SEED` code points; every place in the region where a piece
    occurs votes for a start of the quote (place minus the piece's offset). Edits shift the
    votes by at most ``edits``, so the votes are binned that wide and the best bin (with its
    neighbours) wins. Its first and last surviving pieces give the region's ends. One pass over
    the region and one over the quote: linear, whatever the quote's length.
    """
    pieces: dict[str, int] = {}
    repeated: set[str] = set()
    for offset in range(0, len(quote) - SEED + 1, SEED):
        piece = quote[offset : offset + SEED]
        if piece in pieces:
            repeated.add(piece)
        pieces.setdefault(piece, offset)
    for piece in repeated:
        del pieces[piece]
    if not pieces:
        return None
    hits: dict[str, list[int]] = {}
    for i in range(lo, hi - SEED + 1):  # one pass; a dict look-up per place
        piece = text[i : i + SEED]
        if piece in pieces:
            hits.setdefault(piece, []).append(i)
    hits = {piece: places for piece, places in hits.items() if len(places) <= MAX_SEED_HITS}
    width = max(edits, SEED)
    bins: dict[int, int] = {}
    for piece, places in hits.items():
        for place in places:
            key = (place - pieces[piece]) // width
            bins[key] = bins.get(key, 0) + 1
    if not bins:
        return None
    best = max(bins, key=lambda k: (bins.get(k - 1, 0) + bins[k] + bins.get(k + 1, 0), -k))
    # Enough of the quote must have survived for this to be the quote and not a coincidence.
    support = bins.get(best - 1, 0) + bins[best] + bins.get(best + 1, 0)
    if support * SEED < len(quote) // 10:
        return None
    votes = [
        (pieces[piece], place)
        for piece, places in hits.items()
        for place in places
        if abs((place - pieces[piece]) // width - best) <= 1
    ]
    first_offset, first_place = min(votes)
    last_offset, last_place = max(votes)
    start = max(lo, first_place - first_offset)
    end = min(hi, last_place + len(quote) - last_offset)
    return (start, end) if end > start else None


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
    if len(q) >= LONG_QUOTE:
        return _refine_long(text, anchor, s0, e0, edits)
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


def _refine_long(text: str, anchor: Anchor, s0: int, e0: int, edits: int) -> tuple[int, int] | None:
    """`refine` for a long quote: each end is found by aligning only that end with its context.

    Aligning the whole quote with its context against a region wider by the edit bound on each
    side costs the product of their lengths (seconds for 100,000 code points). The ends do not
    need it: the region's ends are already close (from `_seed_region` or the expected place), so
    the prefix and the quote's first `_EDGE` code points are aligned against the text around
    ``s0``, the quote's last ones and the suffix against the text around ``e0``.
    """
    n, q, prefix, suffix = len(text), anchor.exact, anchor.prefix, anchor.suffix
    near = 2 * MAX_REACH + len(prefix) + len(suffix)
    lo, mid1 = max(0, s0 - len(prefix) - near), min(n, s0 + _EDGE + near)
    ops = Levenshtein.opcodes(prefix + q[:_EDGE], text[lo:mid1])
    if not any(op.tag == "equal" for op in ops):
        return None
    s = lo + _map_boundary(ops, len(prefix), end=False)
    mid2, hi = max(0, e0 - _EDGE - near), min(n, e0 + len(suffix) + near)
    ops = Levenshtein.opcodes(q[-_EDGE:] + suffix, text[mid2:hi])
    if not any(op.tag == "equal" for op in ops):
        return None
    e = mid2 + _map_boundary(ops, _EDGE, end=True)
    if e - s < len(q) // 2:
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
    Each end is swept over ``reach`` (at most `MAX_REACH`) alone, then both together over a few
    characters.

    Moving an end only changes how the quote's first (or last) few hundred characters align, so
    for a long quote the cost is computed on those parts only (`_end_costs`): the rest of the
    alignment is the same for every candidate and drops out of the comparison.
    """
    reach = min(reach, MAX_REACH)
    want = anchor_edges(anchor)
    s0, e0 = s, e
    cost = _end_costs(text, anchor, s, e, lo, hi, reach)

    def key(a: int, b: int) -> tuple[int, int, int, int]:
        mismatch = sum(x != y for x, y in zip(span_edges(text, a, b), want, strict=True))
        return cost(a, b), mismatch, b - a, abs(a - s0) + abs(b - e0)

    s = min(range(max(lo, s - reach), min(e - 1, s + reach) + 1), key=lambda a: key(a, e))
    e = min(range(max(s + 1, e - reach), min(hi, e + reach) + 1), key=lambda b: key(s, b))
    starts = range(max(lo, s - POLISH), min(hi, s + POLISH) + 1)
    ends = range(max(lo, e - POLISH), min(hi, e + POLISH) + 1)
    return min(((a, b) for a in starts for b in ends if a < b), key=lambda ab: key(*ab))


def _end_costs(
    text: str, anchor: Anchor, s: int, e: int, lo: int, hi: int, reach: int
) -> Callable[[int, int], int]:
    """``cost(a, b)``: the alignment cost with the quote at ``text[a:b]`` (up to a constant).

    Short quotes: the whole quote against ``text[a:b]``. Long ones: the quote's first and last
    ``edge`` code points against the text from ``a`` (or up to ``b``) to fixed points ``j1``/
    ``j2`` inside the span, found by aligning the quote once; the middle between them is the
    same for every candidate. Every candidate end is within ``reach + POLISH`` of ``s``/``e``,
    and ``edge`` leaves room for that, so ``j1`` stays after every start and ``j2`` before
    every end.
    """
    q, prefix, suffix = anchor.exact, anchor.prefix, anchor.suffix
    before: dict[int, int] = {}
    after: dict[int, int] = {}

    def context(a: int, b: int) -> int:
        if a not in before:
            before[a] = Levenshtein.distance(prefix, text[lo:a])
        if b not in after:
            after[b] = Levenshtein.distance(suffix, text[b:hi])
        return before[a] + after[b]

    edge = _EDGE
    if len(q) < LONG_QUOTE or len(q) < 4 * edge or e - s < 4 * edge:
        return lambda a, b: context(a, b) + Levenshtein.distance(q, text[a:b])
    # j1: where q[edge] sits, from aligning the quote's start (with room) against the span's.
    ops = Levenshtein.opcodes(q[: 2 * edge], text[s : s + 2 * edge])
    j1 = s + _map_boundary(ops, edge, end=False)
    ops = Levenshtein.opcodes(q[-2 * edge :], text[e - 2 * edge : e])
    j2 = e - 2 * edge + _map_boundary(ops, edge, end=False)
    if not (s + reach + POLISH < j1 < j2 < e - reach - POLISH):
        return lambda a, b: context(a, b) + Levenshtein.distance(q, text[a:b])
    head, tail = q[:edge], q[len(q) - edge :]
    heads: dict[int, int] = {}
    tails: dict[int, int] = {}

    def cost(a: int, b: int) -> int:
        if a not in heads:
            heads[a] = Levenshtein.distance(head, text[a:j1])
        if b not in tails:
            tails[b] = Levenshtein.distance(tail, text[j2:b])
        return context(a, b) + heads[a] + tails[b]

    return cost
