"""Finding quotes in text: exact occurrences, and a forgiving form for quotes people type."""

from __future__ import annotations

import re
from collections.abc import Iterator

# A user typing on a command line writes straight quotes and ASCII hyphens; articles often use
# typographic ones. Each character here matches any member of its class.
_TYPOGRAPHIC = ("'‘’ʼ′", '"“”„″', "-‐‑‒–—")
_EQUIVALENT = {ch: "[" + re.escape(cls) + "]" for cls in _TYPOGRAPHIC for ch in cls}


def iter_exact(text: str, quote: str, start: int = 0, end: int | None = None) -> Iterator[int]:
    """Start offsets of every occurrence of ``quote`` inside ``text[start:end]``, overlaps too."""
    if not quote:
        return
    end = len(text) if end is None else end
    i = text.find(quote, max(start, 0), end)
    while i >= 0:
        yield i
        i = text.find(quote, i + 1, end)


def loose_pattern(quote: str, *, typographic: bool = False) -> re.Pattern[str] | None:
    """A regex matching ``quote`` with any run of white space where it has white space.

    The canonical text separates blocks with a blank line, so a quote typed on one line (or
    re-flowed by a new cleaner) differs only in white space. With ``typographic``, straight and
    curly quotes, and hyphens and dashes, also match each other. None when the quote is blank.
    """
    words = quote.split()
    if not words:
        return None
    if typographic:
        parts = ["".join(_EQUIVALENT.get(ch) or re.escape(ch) for ch in w) for w in words]
    else:
        parts = [re.escape(w) for w in words]
    return re.compile(r"\s+".join(parts))


def find_occurrence(text: str, quote: str, occurrence: int = 1) -> tuple[int, int] | None:
    """``(start, end)`` of the N-th (1-based) occurrence of ``quote`` in ``text``, or None.

    Occurrences are counted without overlap, left to right, as a reader counts them. When the
    exact quote has fewer than N occurrences, the quote is looked for again with white space
    runs, straight/curly quotes and hyphens/dashes matching each other, and the returned span is
    the true one in ``text`` (its leading/trailing white space is not part of it).
    """
    if not quote or occurrence < 1:
        return None
    seen = 0
    i = text.find(quote)
    while i >= 0:
        seen += 1
        if seen == occurrence:
            return i, i + len(quote)
        i = text.find(quote, i + len(quote))
    pattern = loose_pattern(quote, typographic=True)
    if pattern is None:
        return None
    for n, m in enumerate(pattern.finditer(text), start=1):
        if n == occurrence:
            return m.start(), m.end()
    return None
