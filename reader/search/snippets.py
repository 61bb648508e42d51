"""Snippets: one line of context around a match, with the matched spans known, not just drawn.

FTS5's ``snippet()`` marks the words it matched with two control characters; `from_fts` turns
that into plain text plus the spans, so the CLI can bracket them and the window can paint them.
It is used for short texts (quotes, notes). Articles are cut in Python: FTS5's ``snippet()`` and
``highlight()`` compare each match with the others, which took seconds for a common word in a
long article, and matches in the pairs of Chinese, Japanese or Thai text have no FTS5 snippet
that makes sense. `spans` finds the terms in the text (words by a regular expression that, like
the index, ignores case and Latin accents; CJK runs ignoring width and case) and `window` cuts
the context where the most different terms are. The same spans open an article at its match.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

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


def _variants() -> dict[str, str]:
    """Each ASCII letter with the Latin letters that fold to it (é, è, ê… for e)."""
    found: dict[str, set[str]] = {}
    for cp in [*range(0xC0, 0x250), *range(0x1E00, 0x1F00)]:
        ch = chr(cp)
        base = unicodedata.normalize("NFKD", ch)[:1].lower()
        if base.isascii() and base.isalpha():
            found.setdefault(base, set()).update((ch.lower(), ch.upper()))
    return {k: "".join(sorted(v)) for k, v in found.items()}


_VARIANTS = _variants()
_TOKEN = re.compile(r"[^\W_]+")


@lru_cache(maxsize=256)
def word_pattern(text: str, prefix: bool) -> re.Pattern[str] | None:
    """A regular expression for a search term's words as FTS5 matches them: whole words (or a
    word's beginning for a prefix), in order for a phrase, case and Latin accents ignored."""
    tokens = _TOKEN.findall(text)
    if not tokens:
        return None
    parts = []
    for token in tokens:
        chars = []
        for ch in token.lower():
            if ch in _VARIANTS:
                chars.append(f"[{ch}{_VARIANTS[ch]}][\u0300-\u036f]*")
            else:
                chars.append(re.escape(ch))
        parts.append("".join(chars))
    tail = r"(?:[^\W_]|[\u0300-\u036f])*" if prefix else r"(?![^\W_])"  # the whole word
    return re.compile(r"(?<![^\W_])" + r"[\W_]+".join(parts) + tail, re.IGNORECASE)


CHUNK = 32_000  # characters searched per regular expression call (see `spans`)


def spans(
    text: str, word_terms: tuple[tuple[str, bool], ...], needles: tuple[str, ...], limit: int = 300
) -> list[tuple[int, int]]:
    """Where the terms occur in ``text`` (at most ``limit`` places per term), in order.

    A regular expression holds the GIL until it is done: over a 1 MB article that was 50 ms
    per term, during which the window could not paint. So words are looked for `CHUNK`
    characters at a time (a millisecond or two each), and a long text stops at the first piece
    where any term occurs: enough for a snippet, and the first match is where to open."""
    patterns = [p for p in (word_pattern(t, prefix) for t, prefix in word_terms) if p]
    found: list[tuple[int, int]] = []
    overlap = 200  # a match may straddle two pieces
    start = 0
    while start < len(text) and patterns:
        stop = min(len(text), start + CHUNK)
        piece = text[start : min(len(text), stop + overlap)]
        for pattern in patterns:
            for n, m in enumerate(pattern.finditer(piece)):
                if n >= limit or m.start() >= stop - start:
                    break
                found.append((m.start() + start, m.end() + start))
        if found:
            break
        start = stop
    found += find_all(text, needles, limit)
    found = sorted(set(found))
    merged: list[tuple[int, int]] = []
    for s, e in found:
        if merged and s < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(e, merged[-1][1]))
        else:
            merged.append((s, e))
    return merged


def window(text: str, spans: list[tuple[int, int]], width: int = 90) -> tuple[str, Marks]:
    """About ``width`` characters of ``text`` where the most different matched words are, the
    matches marked; on one line, cut at spaces, with "…" where text was left out."""
    if not spans:
        return head(text, width)
    best, best_score, right = 0, -1, 0
    seen: dict[str, int] = {}
    for left in range(len(spans)):  # two pointers: spans within [start of left, + width)
        limit = spans[left][0] + width * 2 // 3
        while right < len(spans) and spans[right][1] <= limit:
            key = text[spans[right][0] : spans[right][1]].casefold()
            seen[key] = seen.get(key, 0) + 1
            right += 1
        if len(seen) > best_score:
            best, best_score = left, len(seen)
        key = text[spans[left][0] : spans[left][1]].casefold()
        if key in seen:
            seen[key] -= 1
            if not seen[key]:
                del seen[key]
        right = max(right, left + 1)
    first = spans[best][0]
    lo = max(0, first - width // 3)
    paragraph = text.rfind("\n", lo, first)
    if paragraph >= 0:  # start with the paragraph rather than the end of the one before
        lo = paragraph + 1
    elif lo > 0:
        space = _last_space(text, max(0, lo - 15), first)
        lo = space + 1 if space >= 0 else lo
    hi = min(len(text), lo + width)
    if hi < len(text):
        space = _last_space(text, max(first + 1, hi - 15), hi)
        hi = space if space > first else hi
    raw = []
    pos = lo
    for s, e in spans:
        if s < lo or e > hi or s < pos:
            continue
        raw.append(text[pos:s])
        raw.append(OPEN + text[s:e] + CLOSE)
        pos = e
    raw.append(text[pos:hi])
    body, marks = from_fts("".join(raw))
    prefix = ELLIPSIS if lo > 0 and text[lo - 1] != "\n" else ""
    suffix = ELLIPSIS if hi < len(text) else ""
    shift = len(prefix)
    return prefix + body + suffix, tuple((s + shift, e + shift) for s, e in marks)


def _last_space(text: str, start: int, end: int) -> int:
    return max(text.rfind(" ", start, end), text.rfind("\n", start, end))


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
