"""Putting highlights back on a changed text: kept, moved, fuzzy, or orphaned (in that order).

Candidates are ranked as the Hypothesis annotation client ranks them: mostly by how well the
quote matches, then by how well prefix and suffix agree, and only slightly by the distance from
where the highlight was expected. The expected place is the old offset mapped through the edit
between the old and new text when the old text is known (`OffsetMap`), else the old offset.

Short quotes are common words and names that recur in an article, so they move only with some
evidence that it is the same place (context, or being the one occurrence in both texts): a
highlight whose paragraph was deleted orphans rather than jumping to another "NATO".
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import NamedTuple

from rapidfuzz.distance import Levenshtein

from reader.anchoring.editmap import OffsetMap
from reader.anchoring.fuzzy import LONG_QUOTE, locate, max_edits, refine
from reader.anchoring.quotes import iter_exact, loose_pattern
from reader.anchoring.selectors import ORPHANED, Anchor, Reanchored, Status, make_anchor

W_QUOTE, W_CONTEXT, W_POSITION = 50.0, 40.0, 2.0
DISTINCTIVE_LEN = 32
"""Quotes at least this long are trusted on their own; shorter ones need corroboration."""
MIN_CONTEXT = 0.5
"""Context similarity (Levenshtein) that corroborates a short quote; unrelated prose scores
about 0.2 (99th percentile 0.35, measured on the seed article)."""
LOCAL = 8192
"""Half-width of the first, local search around the expected place."""
ANCHOR_TAIL = 16
"""How much of the prefix's end / suffix's start is looked up to find an edited quote."""
MAX_CONTEXT_HITS = 4
MAX_LOOSE_HITS = 64


class _Candidate(NamedTuple):
    score: float
    distance: int
    start: int
    end: int
    context: float


def reanchor(new_text: str, anchor: Anchor, *, old_text: str | None = None) -> Reanchored:
    """Re-anchor one highlight on ``new_text``. Never raises."""
    return reanchor_all(new_text, [anchor], old_text=old_text)[0]


def reanchor_all(
    new_text: str, anchors: Iterable[Anchor], *, old_text: str | None = None
) -> list[Reanchored]:
    """Re-anchor many highlights of one article, sharing the work that does not depend on each.

    Pass ``old_text`` (the text the anchors were made on) whenever it is known: it turns the
    expected place of each highlight from its raw old offset into the offset after the edit.
    """
    work = _Reanchorer(new_text, old_text)
    return [work.reanchor(a) for a in anchors]


class _Reanchorer:
    def __init__(self, text: str, old_text: str | None) -> None:
        self.text = text
        self.old_text = old_text
        self.map = OffsetMap(old_text, text) if old_text is not None and old_text != text else None
        self._occurrences: dict[str, list[int]] = {}
        self._old_counts: dict[str, int] = {}

    # -- shared look-ups ----------------------------------------------------------------------
    def expected(self, offset: int) -> int:
        if self.map is not None:
            return self.map(offset)
        return min(max(offset, 0), len(self.text))

    def occurrences(self, quote: str) -> list[int]:
        if quote not in self._occurrences:
            self._occurrences[quote] = list(iter_exact(self.text, quote))
        return self._occurrences[quote]

    def unique_in_both(self, quote: str) -> bool:
        if self.old_text is None:
            return False
        if quote not in self._old_counts:
            self._old_counts[quote] = sum(1 for _ in iter_exact(self.old_text, quote))
        return self._old_counts[quote] == 1 and len(self.occurrences(quote)) == 1

    def context(self, anchor: Anchor, s: int, e: int) -> float:
        """How well the text around ``[s, e)`` agrees with the stored prefix and suffix (0-1)."""
        lp, ls = len(anchor.prefix), len(anchor.suffix)
        if lp + ls == 0:
            return 1.0
        before = self.text[max(0, s - lp) : s]
        after = self.text[e : e + ls]
        sp = Levenshtein.normalized_similarity(anchor.prefix, before) if lp else 0.0
        ss = Levenshtein.normalized_similarity(anchor.suffix, after) if ls else 0.0
        return (lp * sp + ls * ss) / (lp + ls)

    def candidate(self, anchor: Anchor, s: int, e: int, hint: int) -> _Candidate:
        q = anchor.exact
        distance = 0 if self.text.startswith(q, s) and e - s == len(q) else None
        if distance is None and len(q) >= LONG_QUOTE:
            # Banded: cost grows with the distance, not with the product of the lengths. A
            # distance over the bound reads as bound + 1, and such a span is refused anyway.
            bound = max_edits(len(q))
            hint = abs(e - s - len(q)) + 64
            distance = Levenshtein.distance(
                q, self.text[s:e], score_cutoff=bound, score_hint=min(hint, bound)
            )
        elif distance is None:
            distance = Levenshtein.distance(q, self.text[s:e])
        quote_sim = 1.0 - distance / max(len(q), e - s, 1)
        ctx = self.context(anchor, s, e)
        position = 1.0 - abs(s - hint) / max(len(self.text), 1)
        score = (W_QUOTE * quote_sim + W_CONTEXT * ctx + W_POSITION * position) / (
            W_QUOTE + W_CONTEXT + W_POSITION
        )
        return _Candidate(score, distance, s, e, ctx)

    @staticmethod
    def best(cands: Iterable[_Candidate], hint: int) -> _Candidate | None:
        return max(
            cands,
            key=lambda c: (c.score, -c.distance, -abs(c.start - hint), -c.start, -c.end),
            default=None,
        )

    def corroborated(self, anchor: Anchor, c: _Candidate, hint: int, *, exact: bool) -> bool:
        if len(anchor.exact) >= DISTINCTIVE_LEN or c.context >= MIN_CONTEXT:
            return True
        if not (anchor.prefix or anchor.suffix):
            return True
        if exact and self.map is not None:
            return c.start == hint or self.unique_in_both(anchor.exact)
        return False

    # -- the four outcomes --------------------------------------------------------------------
    def reanchor(self, anchor: Anchor) -> Reanchored:
        q, text = anchor.exact, self.text
        if not q:
            return ORPHANED
        hint = self.expected(anchor.start)
        held = anchor.start >= 0 and text.startswith(q, anchor.start)
        if held and (self.map is None or hint == anchor.start):
            return self.result("kept", anchor.start, anchor.start + len(q), 1.0)
        found = self.exact(anchor, hint)
        if found is not None:
            status: Status = "kept" if found == anchor.start else "moved"
            return self.result(status, found, found + len(q), 1.0)
        found_fuzzy = self.fuzzy(anchor, hint)
        if found_fuzzy is not None:
            s, e, distance = found_fuzzy
            return self.result("fuzzy", s, e, 1.0 - distance / max(len(q), e - s, 1))
        return ORPHANED

    def result(self, status: Status, s: int, e: int, similarity: float) -> Reanchored:
        return Reanchored(status, make_anchor(self.text, s, e), similarity)

    def exact(self, anchor: Anchor, hint: int) -> int | None:
        """The best exact occurrence of the quote, if it is believable."""
        q, text = anchor.exact, self.text
        if text.startswith(q, hint) and self.context(anchor, hint, hint + len(q)) == 1.0:
            return hint  # cannot be beaten: perfect context at the expected place
        lo, hi = max(0, hint - LOCAL), min(len(text), hint + len(q) + LOCAL)
        local = [self.candidate(anchor, c, c + len(q), hint) for c in iter_exact(text, q, lo, hi)]
        # Every occurrence outside the window is farther from the hint than any inside, so one
        # inside with perfect context outranks all of them: no need to scan the whole text.
        if not any(c.context == 1.0 for c in local):
            local = [self.candidate(anchor, c, c + len(q), hint) for c in self.occurrences(q)]
        believable = [c for c in local if self.corroborated(anchor, c, hint, exact=True)]
        best = self.best(believable, hint)
        return None if best is None else best.start

    def fuzzy(self, anchor: Anchor, hint: int) -> tuple[int, int, int] | None:
        """An approximate match within the edit bound (or differing only in white space)."""
        q, n = anchor.exact, len(self.text)
        edits = max_edits(len(q))
        # A long quote that differs only in white space is well within the edit bound anyway;
        # its white-space-tolerant pattern would be a regex as long as the quote.
        spaced = len(q) < LONG_QUOTE and any(ch.isspace() for ch in q)
        loose = loose_pattern(q) if spaced else None
        if edits == 0 and loose is None:
            return None
        hint_end = self.expected(anchor.end) if self.map is not None else hint + len(q)
        margin = max(256, len(q))
        lo, hi = max(0, hint - len(q) - margin), min(n, hint + 2 * len(q) + margin)
        spans = self.spans(anchor, edits, loose, [(lo, hi)], (lo, hi), hint, hint_end)
        best = self.best_fuzzy(anchor, spans, edits, hint)
        if best is None or best.context < MIN_CONTEXT:
            regions = self.changed_regions(len(q) + margin)
            spans |= self.spans(anchor, edits, loose, regions, (0, n), hint, None)
            best = self.best_fuzzy(anchor, spans, edits, hint)
        return None if best is None else (best.start, best.end, best.distance)

    def changed_regions(self, pad: int) -> list[tuple[int, int]]:
        """Where an edited quote can be, far from its expected place: the whole text, or,
        when the old text is known, only what changed (an unchanged paragraph cannot hold an
        edited quote that was not already there), padded so a match may straddle an edge."""
        n = len(self.text)
        if self.map is None:
            return [(0, n)]
        merged: list[tuple[int, int]] = []
        for a, b in self.map.changed:
            a, b = max(0, a - pad), min(n, b + pad)
            if merged and a <= merged[-1][1]:
                merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
            else:
                merged.append((a, b))
        return merged if sum(b - a for a, b in merged) < n // 2 else [(0, n)]

    def spans(
        self,
        anchor: Anchor,
        edits: int,
        loose: re.Pattern[str] | None,
        regions: list[tuple[int, int]],
        tails: tuple[int, int],
        hint: int,
        hint_end: int | None,
    ) -> set[tuple[int, int, bool]]:
        """Candidate spans ``(start, end, whitespace_only)``: searched for in ``regions``, and
        after/before exact hits of the prefix's end/suffix's start within ``tails``."""
        text, q = self.text, anchor.exact
        out: set[tuple[int, int, bool]] = set()
        if loose is not None:
            hits = (m for lo, hi in regions for m in loose.finditer(text, lo, hi))
            for i, m in enumerate(hits):
                if i == MAX_LOOSE_HITS:
                    break
                if m.end() > m.start():
                    out.add((m.start(), m.end(), True))
        if edits == 0:
            return out
        guesses: list[tuple[int, int]] = []
        if hint_end is not None:
            guesses.append((hint, max(hint_end, hint + 1)))
        for lo, hi in regions:
            region = locate(q, text, lo, hi, edits)
            if region is not None:
                guesses.append(region)
        tail, head = anchor.prefix[-ANCHOR_TAIL:], anchor.suffix[:ANCHOR_TAIL]
        if len(tail) >= ANCHOR_TAIL // 2:
            hits = sorted(iter_exact(text, tail, *tails), key=lambda i: abs(i - hint))
            guesses += [(i + len(tail), i + len(tail) + len(q)) for i in hits[:MAX_CONTEXT_HITS]]
        if len(head) >= ANCHOR_TAIL // 2:
            hits = sorted(iter_exact(text, head, *tails), key=lambda i: abs(i - hint))
            guesses += [(i - len(q), i) for i in hits[:MAX_CONTEXT_HITS]]
        for s0, e0 in dict.fromkeys(guesses):
            span = refine(text, anchor, s0, e0, edits)
            if span is not None:
                out.add((*span, False))
        return out

    def best_fuzzy(
        self, anchor: Anchor, spans: set[tuple[int, int, bool]], edits: int, hint: int
    ) -> _Candidate | None:
        cands = []
        for s, e, whitespace_only in spans:
            c = self.candidate(anchor, s, e, hint)
            if (whitespace_only or c.distance <= edits) and self.corroborated(
                anchor, c, hint, exact=False
            ):
                cands.append(c)
        return self.best(cands, hint)
