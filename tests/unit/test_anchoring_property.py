"""Properties of re-anchoring under random edits (hypothesis).

Edits away from the quotes (insertions, deletions and replacements of random text, whole
paragraphs added, removed or duplicated) must leave every highlight on the same text at the
place the edits moved it to; the expected place is tracked edit by edit. Arbitrary input must
never make re-anchoring raise, and whatever it anchors must be consistent and within bounds.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz.distance import Levenshtein

from reader.anchoring import Anchor, make_anchor, reanchor_all
from reader.anchoring.fuzzy import max_edits

_WORDS = "the of and to in was for on harbour bridge winter market council river night said"


def article(seed: int, paragraphs: int) -> str:
    """A plain text shaped like `Document.plain_text`: paragraphs joined by blank lines."""
    rng = random.Random(seed)
    common = _WORDS.split(" ")
    vocab = ["".join(rng.choices("aeioulmnprstkvd", k=rng.randint(2, 9))) for _ in range(400)]
    paras = []
    for _ in range(paragraphs):
        words = [
            rng.choice(common) if rng.random() < 0.4 else rng.choice(vocab)
            for _ in range(rng.randint(8, 60))
        ]
        paras.append(" ".join(words).capitalize() + ".")
    return "\n\n".join(paras)


@dataclass
class Tracked:
    quote: str
    start: int


def overlaps(a: int, b: int, quotes: list[Tracked]) -> bool:
    """Whether replacing ``text[a:b]`` would touch a quote (insertions may touch its edges)."""
    return any(a < q.start + len(q.quote) and q.start < b for q in quotes)


def apply(text: str, a: int, b: int, new: str, quotes: list[Tracked]) -> str:
    for q in quotes:
        if q.start >= b:
            q.start += len(new) - (b - a)
    return text[:a] + new + text[b:]


_inserted = st.text(
    st.sampled_from("abcdefghijklmnopqrstuvwxyz ÉéüñЖ中文😀.,;-\n"), min_size=1, max_size=80
)
_edit = st.tuples(
    st.sampled_from(["insert", "delete", "replace", "add_para", "drop_para", "copy_para"]),
    st.floats(0, 1),
    st.integers(1, 120),
    _inserted,
)


@st.composite
def scenarios(draw: st.DrawFn, min_quote: int) -> tuple[str, str, list[Anchor], list[Tracked]]:
    old = article(draw(st.integers(0, 2**32)), draw(st.integers(3, 30)))
    anchors: list[Anchor] = []
    for _ in range(draw(st.integers(1, 5))):
        length = draw(st.integers(min_quote, 90))
        start = int(draw(st.floats(0, 1)) * max(len(old) - length, 0))
        end = min(start + length, len(old))
        if old.count(old[start:end]) == 1 and old[start:end].strip():
            anchors.append(make_anchor(old, start, end))
    tracked = [Tracked(a.exact, a.start) for a in anchors]
    text = old
    for kind, where, size, new in draw(st.lists(_edit, max_size=10)):
        pos = int(where * len(text))
        starts = [0] + [i + 2 for i in range(len(text)) if text.startswith("\n\n", i)]
        para = min(range(len(starts)), key=lambda i: abs(starts[i] - pos))
        p_start = starts[para]
        p_end = starts[para + 1] if para + 1 < len(starts) else len(text) + 2
        if kind == "insert":
            a, b = pos, pos
        elif kind in ("delete", "replace"):
            a, b = pos, min(pos + size, len(text))
            new = "" if kind == "delete" else new
        elif kind == "add_para":
            a, b, new = p_start, p_start, new.replace("\n", " ") + "\n\n"
        elif kind == "drop_para":
            a, b, new = p_start, min(p_end, len(text)), ""
        else:  # a copy of the paragraph, inserted at another paragraph start
            a = b = starts[int(where * 7919) % len(starts)]
            new = text[p_start : min(p_end, len(text))].rstrip("\n") + "\n\n"
            if overlaps(p_start, p_end, tracked):
                continue  # copying a quote would make it ambiguous by design
        if not overlaps(a, b, tracked):
            text = apply(text, a, b, new, tracked)
    return old, text, anchors, tracked


def check_same_text(
    new_text: str, anchors: list[Anchor], tracked: list[Tracked], old: str | None
) -> None:
    results = reanchor_all(new_text, anchors, old_text=old)
    for result, t in zip(results, tracked, strict=True):
        assert result.status in ("kept", "moved"), (t, result)
        assert result.anchor is not None
        assert result.anchor.exact == t.quote
        assert new_text[result.anchor.start : result.anchor.end] == t.quote
        if new_text.count(t.quote) == 1:
            assert result.anchor.start == t.start, (t, result)


@settings(max_examples=150, deadline=None)
@given(scenarios(min_quote=12))
def test_edits_away_from_quotes_keep_them_with_old_text(
    case: tuple[str, str, list[Anchor], list[Tracked]],
) -> None:
    old, new_text, anchors, tracked = case
    check_same_text(new_text, anchors, tracked, old)


@settings(max_examples=100, deadline=None)
@given(scenarios(min_quote=32))
def test_edits_away_from_quotes_keep_them_without_old_text(
    case: tuple[str, str, list[Anchor], list[Tracked]],
) -> None:
    # Without the old text only the raw old offset hints at the place; quotes this long are
    # trusted on their own (shorter ones need the context or the old text: see the unit tests).
    _old, new_text, anchors, tracked = case
    check_same_text(new_text, anchors, tracked, None)


@settings(max_examples=150, deadline=None)
@given(
    old=st.text(st.sampled_from("ab c\n😀é"), max_size=120),
    data=st.data(),
)
def test_any_edit_anywhere_never_raises_and_stays_within_bounds(
    old: str, data: st.DataObject
) -> None:
    anchors = []
    for _ in range(data.draw(st.integers(0, 4))):
        start = data.draw(st.integers(-3, len(old) + 3))
        end = data.draw(st.integers(-3, len(old) + 3))
        if 0 <= start < end <= len(old) and data.draw(st.booleans()):
            anchors.append(make_anchor(old, start, end))
        else:  # garbage, as a damaged database could hold
            anchors.append(Anchor(start, end, data.draw(st.text(max_size=12)), "", "x"))
    new_text = data.draw(st.text(st.sampled_from("ab c\n😀é"), max_size=120))
    use_old = data.draw(st.booleans())
    for anchor, result in zip(
        anchors, reanchor_all(new_text, anchors, old_text=old if use_old else None), strict=True
    ):
        if result.anchor is None:
            assert (result.status, result.similarity) == ("orphaned", 0.0)
            continue
        a = result.anchor
        assert 0 <= a.start < a.end <= len(new_text)
        assert new_text[a.start : a.end] == a.exact
        if result.status in ("kept", "moved"):
            assert a.exact == anchor.exact
        else:
            distance = Levenshtein.distance(anchor.exact, a.exact)
            same_words = anchor.exact.split() == a.exact.split()
            assert distance <= max_edits(len(anchor.exact)) or same_words
            assert 0.0 < result.similarity < 1.0
