"""Where an offset of the old text went in the new text: the expected place of a highlight.

Articles change by paragraphs (one added, one removed, one re-worded), so the texts are first
aligned paragraph by paragraph (difflib over whole paragraphs is cheap even for 1 MB). Inside a
run of paragraphs that differ, old and new paragraphs are paired by similarity (order kept), and
only a paired paragraph is aligned character by character (rapidfuzz, lazily, once per pair).
The result is a hint, not an answer: re-anchoring still checks the text at that place.
"""

from __future__ import annotations

from bisect import bisect_right
from difflib import SequenceMatcher

from rapidfuzz.distance import Indel, Levenshtein

SEPARATOR = "\n\n"
MIN_PAIR_SIMILARITY = 0.5
"""Below this, an old and a new paragraph are a deletion and an insertion, not an edit."""
MAX_PAIRINGS = 2500
"""Runs of changed paragraphs with more old*new pairs than this are mapped proportionally."""
LONG_PAIR = 4_000_000
"""Paired paragraphs with a larger product of lengths are aligned with a banded algorithm,
whose cost grows with their difference rather than with the product (a 100,000-character
paragraph with a few edits: 0.1 s instead of 4 s)."""


def _paragraphs(text: str) -> tuple[list[str], list[int]]:
    paras = text.split(SEPARATOR)
    starts: list[int] = []
    pos = 0
    for p in paras:
        starts.append(pos)
        pos += len(p) + len(SEPARATOR)
    return paras, starts


def _similarity(a: str, b: str) -> float:
    """Indel similarity of two paragraphs, or 0.0 when it is below `MIN_PAIR_SIMILARITY`.

    rapidfuzz computes a distance with a cutoff in a band around the diagonal, so two long
    paragraphs with a few edits cost far less than the product of their lengths.
    """
    total = len(a) + len(b)
    if total == 0:
        return 1.0
    bound = int((1.0 - MIN_PAIR_SIMILARITY) * total)
    if abs(len(a) - len(b)) > bound:  # the length difference alone is too many edits
        return 0.0
    # The band follows the cutoff, so try small ones first: a few edits cost a few passes.
    cutoff = max(64, abs(len(a) - len(b)))
    while True:
        cutoff = min(cutoff, bound)
        distance = Indel.distance(a, b, score_cutoff=cutoff)
        if distance <= cutoff:
            return 1.0 - distance / total
        if cutoff == bound:
            return 0.0
        cutoff *= 4


def pair_paragraphs(old: list[str], new: list[str]) -> list[tuple[int, int]]:
    """Order-preserving pairs ``(i, j)`` of similar paragraphs maximising total similarity."""
    m, n = len(old), len(new)
    sim = [[_similarity(a, b) for b in new] for a in old]
    best = [[0.0] * (n + 1) for _ in range(m + 1)]
    for i in range(m - 1, -1, -1):
        for j in range(n - 1, -1, -1):
            pair = sim[i][j] + best[i + 1][j + 1] if sim[i][j] >= MIN_PAIR_SIMILARITY else -1.0
            best[i][j] = max(pair, best[i + 1][j], best[i][j + 1])
    pairs: list[tuple[int, int]] = []
    i = j = 0
    while i < m and j < n:
        if sim[i][j] >= MIN_PAIR_SIMILARITY and best[i][j] == sim[i][j] + best[i + 1][j + 1]:
            pairs.append((i, j))
            i, j = i + 1, j + 1
        elif best[i][j] == best[i + 1][j]:
            i += 1
        else:
            j += 1
    return pairs


class OffsetMap:
    """Maps code-point offsets of ``old`` to the corresponding offsets of ``new``."""

    def __init__(self, old: str, new: str) -> None:
        self._old_len, self._new_len = len(old), len(new)
        self._old_paras, self._old_starts = _paragraphs(old)
        self._new_paras, self._new_starts = _paragraphs(new)
        matcher = SequenceMatcher(None, self._old_paras, self._new_paras, autojunk=False)
        opcodes = matcher.get_opcodes()
        self.changed = [
            (self._new_start(j1), self._new_starts[j2 - 1] + len(self._new_paras[j2 - 1]))
            for tag, _i1, _i2, j1, j2 in opcodes
            if tag in ("replace", "insert") and j2 > j1
        ]
        """Spans of the new text that are not unchanged copies of old paragraphs."""
        # Insertions hold no old offsets; without them the opcodes tile the old paragraphs.
        self._ops = [op for op in opcodes if op[0] != "insert"]
        self._op_firsts = [op[1] for op in self._ops]
        self._pairings: dict[int, list[tuple[int, int]] | None] = {}
        self._char_maps: dict[tuple[int, int], tuple[list[int], list[tuple[str, int, int]]]] = {}

    def __call__(self, offset: int) -> int:
        offset = min(max(offset, 0), self._old_len)
        i = bisect_right(self._old_starts, offset) - 1
        r = offset - self._old_starts[i]
        k = bisect_right(self._op_firsts, i) - 1
        tag, i1, i2, j1, j2 = self._ops[k]
        if tag == "equal":
            return min(self._new_starts[j1 + i - i1] + r, self._new_len)
        if tag == "delete":
            return self._new_start(j1)
        if k not in self._pairings:
            m, n = i2 - i1, j2 - j1
            self._pairings[k] = (
                [(i1 + a, j1 + b) for a, b in self._pair(i1, i2, j1, j2)]
                if m * n <= MAX_PAIRINGS
                else None
            )
        pairs = self._pairings[k]
        if pairs is None:  # a huge rewrite: proportionally
            o_lo, o_hi = (
                self._old_starts[i1],
                self._old_starts[i2 - 1] + len(self._old_paras[i2 - 1]),
            )
            n_lo = self._new_start(j1)
            n_hi = self._new_starts[j2 - 1] + len(self._new_paras[j2 - 1]) if j2 > j1 else n_lo
            return n_lo + ((offset - o_lo) * (n_hi - n_lo)) // max(o_hi - o_lo, 1)
        after = j1  # an unpaired (deleted) paragraph maps to where the next new one starts
        for a, b in pairs:
            if a == i:
                return self._new_starts[b] + self._map_in_pair(a, b, r)
            if a > i:
                break
            after = b + 1
        return self._new_start(after)

    def _pair(self, i1: int, i2: int, j1: int, j2: int) -> list[tuple[int, int]]:
        return pair_paragraphs(self._old_paras[i1:i2], self._new_paras[j1:j2])

    def _new_start(self, j: int) -> int:
        return self._new_starts[j] if j < len(self._new_starts) else self._new_len

    def _map_in_pair(self, i: int, j: int, r: int) -> int:
        old, new = self._old_paras[i], self._new_paras[j]
        if r >= len(old):
            return len(new) + (r - len(old))
        if (i, j) not in self._char_maps:
            if len(old) * len(new) > LONG_PAIR:
                ops = Levenshtein.opcodes(old, new, score_hint=abs(len(old) - len(new)) + 64)
            else:
                ops = Indel.opcodes(old, new)
            steps = [
                (op.tag, op.src_start, op.dest_start)
                for op in ops
                if op.src_start < op.src_end  # those that consume old text
            ]
            self._char_maps[i, j] = ([s[1] for s in steps], steps)
        firsts, steps = self._char_maps[i, j]
        tag, src_start, dest_start = steps[bisect_right(firsts, r) - 1]
        return dest_start + (r - src_start if tag == "equal" else 0)
