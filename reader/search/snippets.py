"""Snippets: one line of context around a match, with the matched spans known, not just drawn.

FTS5's ``snippet()`` marks the words it matched with two control characters; `from_fts` turns
that into plain text plus the spans, so the CLI can bracket them and the window can paint them.
Matches found in the bigram index (Chinese, Japanese, Thai…) have no FTS5 snippet that makes
sense (its tokens are character pairs), so `around` finds the text itself, ignoring case and
width (NFKC), and cuts the context in Python. `find` is also what opens an article at such a
match.
"""

from __future__ import annotations

import unicodedata

OPEN, CLOSE = "\x02", "\x03"
ELLIPSIS = "…"
Marks = tuple[tuple[int, int], ...]


def from_fts(raw: str) -> tuple[str, Marks]:
    """Text and marked spans from an FTS5 snippet made with `OPEN`/`CLOSE`, on one line."""
    out: list[str] = []
    marks: list[tuple[int, int]] = []
    start = -1
    size = 0
    pending_space = False
    for ch in raw:
        if ch == OPEN:
            if pending_space and size:
                out.append(" ")
                size += 1
            pending_space = False
            start = size
        elif ch == CLOSE:
            if start >= 0 and size > start:
                marks.append((start, size))
            start = -1
        elif ch.isspace():
            pending_space = True
        else:
            if pending_space and size:
                out.append(" ")
                size += 1
            pending_space = False
            out.append(ch)
            size += 1
    return "".join(out), tuple(marks)


def _folded(text: str) -> tuple[str, list[int] | None]:
    """``text`` normalised as the bigram index does, with each character's original offset
    (None when every character kept its place, the usual case: no per-character work)."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    if len(folded) == len(text):
        return folded, None
    chars: list[str] = []
    where: list[int] = []
    for i, ch in enumerate(text):
        f = unicodedata.normalize("NFKC", ch).casefold() if ord(ch) > 127 else ch.lower()
        chars.append(f)
        where.extend([i] * len(f))
    where.append(len(text))
    return "".join(chars), where


def find_all(text: str, needles: tuple[str, ...], limit: int = 1000) -> list[tuple[int, int]]:
    """Spans of ``text`` where any of the (normalised) needles occurs, in order."""
    needles = tuple(n for n in needles if n)
    if not needles or not text:
        return []
    # Most text needs no folding (CJK has no case): look for it as it is first, then folded.
    haystack, where = text, None
    if not any(needle in text for needle in needles):
        haystack, where = _folded(text)
    spans: list[tuple[int, int]] = []
    for needle in needles:
        pos = haystack.find(needle)
        while pos >= 0 and len(spans) < limit:
            end = pos + len(needle)
            spans.append((where[pos], where[end]) if where else (pos, end))
            pos = haystack.find(needle, end)
    spans.sort()
    merged: list[tuple[int, int]] = []
    for s, e in spans:
        if merged and s < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(e, merged[-1][1]))
        else:
            merged.append((s, e))
    return merged


def find(text: str, needles: tuple[str, ...]) -> tuple[int, int] | None:
    spans = find_all(text, needles, limit=1)
    return spans[0] if spans else None


def around(text: str, needles: tuple[str, ...], width: int = 90) -> tuple[str, Marks]:
    """About ``width`` characters of ``text`` around the first match, on one line."""
    spans = find_all(text, needles)
    if not spans:
        return head(text, width)
    first = spans[0][0]
    lo = max(0, first - width // 3)
    hi = min(len(text), lo + width)
    window = text[lo:hi]
    raw = []
    pos = lo
    for s, e in spans:
        if s < lo or e > hi:
            continue
        raw.append(text[pos:s])
        raw.append(OPEN + text[s:e] + CLOSE)
        pos = e
    raw.append(text[pos:hi])
    body, marks = from_fts("".join(raw) if raw else window)
    prefix = ELLIPSIS if lo > 0 else ""
    suffix = ELLIPSIS if hi < len(text) else ""
    shift = len(prefix)
    return prefix + body + suffix, tuple((s + shift, e + shift) for s, e in marks)


def head(text: str, width: int = 90) -> tuple[str, Marks]:
    """The start of ``text`` on one line, for results that matched only by filters."""
    line = " ".join(text[: width * 2].split())
    if len(line) > width:
        line = line[: width - 1].rstrip() + ELLIPSIS
    return line, ()


def bracket(text: str, marks: Marks, before: str = "[", after: str = "]") -> str:
    """``text`` with every marked span wrapped, e.g. ``…son-in-law Jared [Kushner]. The…``."""
    out, pos = [], 0
    for s, e in marks:
        out += [text[pos:s], before, text[s:e], after]
        pos = e
    out.append(text[pos:])
    return "".join(out)


def without_title(snippet: str, marks: Marks, title: str) -> tuple[str, Marks]:
    """An article's snippet without the title it starts with (the plain text begins with the
    title, and the result shows it already), unless the title holds every match."""
    head = " ".join(title.split())
    if not head or not snippet.startswith(head + " "):
        return snippet, marks
    cut = len(head) + 1
    kept = tuple((s - cut, e - cut) for s, e in marks if s >= cut)
    if marks and not kept:
        return snippet, marks
    return snippet[cut:], kept
