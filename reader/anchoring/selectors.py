"""The stored form of a highlight's place: a position selector plus a quote selector."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

CONTEXT = 32
"""Code points of prefix and suffix kept with each quote (the Web Annotation habit)."""

Status = Literal["kept", "moved", "fuzzy", "orphaned"]


@dataclass(frozen=True, slots=True)
class Anchor:
    """``text[start:end] == exact`` when made; prefix/suffix are the text just around it.

    Offsets are Unicode code points of the canonical plain text, so they survive any storage
    and do not depend on how a view counts (Qt counts UTF-16 units; see `reader.positions`).
    """

    start: int
    end: int
    exact: str
    prefix: str
    suffix: str


@dataclass(frozen=True, slots=True)
class Reanchored:
    """What re-anchoring did with one anchor.

    ``anchor`` is the anchor rebuilt on the new text (fresh exact/prefix/suffix), or None when
    orphaned. ``similarity`` compares the old quote with the new one (1.0 unless fuzzy; 0.0 when
    orphaned), so a caller can show how far a fuzzy match drifted.
    """

    status: Status
    anchor: Anchor | None
    similarity: float


ORPHANED = Reanchored("orphaned", None, 0.0)


def make_anchor(text: str, start: int, end: int, context: int = CONTEXT) -> Anchor:
    """Anchor ``text[start:end]``; context is cut short at the edges of the text.

    An empty range is refused: a highlight of nothing could never be found again.
    """
    if not 0 <= start < end <= len(text):
        raise ValueError(f"range {start}-{end} is not a non-empty range of 0-{len(text)}")
    if context < 0:
        raise ValueError(f"context must be >= 0, not {context}")
    return Anchor(
        start=start,
        end=end,
        exact=text[start:end],
        prefix=text[max(0, start - context) : start],
        suffix=text[end : end + context],
    )
