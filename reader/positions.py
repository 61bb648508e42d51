"""Code points of the plain text <-> positions in the Qt view of the same article.

Highlights are stored in code points of `Document.plain_text` (units joined by a blank line); the
reader view's QTextDocument counts UTF-16 code units and puts exactly one position between two
blocks. Every unit of `Document.texts` is one QTextBlock whose text equals the unit, except a
`pre` unit, whose lines are consecutive QTextBlocks, and a table, whose cells are (a `Unit` lists
the segments of its text that are Qt blocks: `Document.qt_units`). The map is built from the
block structure the view reports (block index + offset inside the block), never by searching
strings, and converts in O(log n) plus, for a block holding astral characters (emoji and the
like), a one-off scan of that block. Qt blocks that are not part of the plain text (removed text
shown in place, markers) are simply not given to the map: positions inside them snap like a
separator does.

Boundaries that have no exact counterpart snap as follows (documented for callers):

* code point -> Qt: the middle of a unit separator ("\\n|\\n") goes to the end of the previous
  block; in `span_to_qt` a span start there goes forward to the next block and an end goes
  backward, so a span never grows over invisible separators.
* Qt -> code point: positions before the article (the view's chrome) give 0; positions past the
  end of a block (between blocks, or after the article) give the end of that block; a position
  inside a surrogate pair gives the start of its character.
* Out-of-range inputs are clamped rather than refused: a stale offset should not crash a view.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

UNIT_SEPARATOR_LEN = 2  # "\n\n" in the plain text; one position in Qt


@dataclass(frozen=True, slots=True)
class Unit:
    """A unit of the plain text and the pieces of it that are Qt blocks.

    ``segments`` are ``(code-point offset in text, segment text)`` in order; the characters
    between two segments (a table's cell separators) have no Qt counterpart.
    """

    text: str
    segments: tuple[tuple[int, str], ...]


def line_segments(text: str) -> tuple[tuple[int, str], ...]:
    """Segments of an ordinary unit: one Qt block per line (only `pre` text has several)."""
    out: list[tuple[int, str]] = []
    offset = 0
    for line in text.split("\n"):
        out.append((offset, line))
        offset += len(line) + 1
    return tuple(out)


def as_unit(unit: str | Unit) -> Unit:
    return unit if isinstance(unit, Unit) else Unit(unit, line_segments(unit))


def unit_text(unit: str | Unit) -> str:
    return unit.text if isinstance(unit, Unit) else unit


def utf16_len(s: str) -> int:
    """Length of ``s`` in UTF-16 code units (astral characters count two)."""
    return len(s.encode("utf-16-le", "surrogatepass")) // 2


def cp_to_utf16(s: str, cp: int) -> int:
    """UTF-16 offset of code point offset ``cp`` in ``s`` (clamped to ``0..len(s)``)."""
    cp = min(max(cp, 0), len(s))
    return utf16_len(s[:cp])


def utf16_to_cp(s: str, u: int) -> int:
    """Code point offset of UTF-16 offset ``u``; the middle of a surrogate pair snaps back."""
    u = min(max(u, 0), utf16_len(s))
    head = s.encode("utf-16-le", "surrogatepass")[: 2 * u]
    # A cut high surrogate is dropped by "ignore": the offset lands on that character's start.
    return len(head.decode("utf-16-le", "ignore"))


def qt_block_count(units: Sequence[str | Unit]) -> int:
    """How many QTextBlocks the view makes of these units."""
    return sum(len(as_unit(u).segments) for u in units)


class PositionMap:
    """Converts between plain-text code points and QTextDocument positions for one article."""

    def __init__(self, units: Sequence[str | Unit], qt_block_positions: Sequence[int]) -> None:
        lines: list[str] = []
        cp_starts: list[int] = []
        cp = 0
        for unit in map(as_unit, units):
            for offset, segment in unit.segments:
                lines.append(segment)
                cp_starts.append(cp + offset)
            cp += len(unit.text) + UNIT_SEPARATOR_LEN
        if len(qt_block_positions) != len(lines):
            raise ValueError(
                f"{len(units)} units make {len(lines)} Qt blocks, "
                f"but {len(qt_block_positions)} block positions were given"
            )
        self._lines = lines
        self._cp_starts = cp_starts
        self._qt_starts = [int(p) for p in qt_block_positions]
        self._u16_lens = [utf16_len(line) for line in lines]
        for b in range(1, len(lines)):
            if self._qt_starts[b] < self._qt_starts[b - 1] + self._u16_lens[b - 1] + 1:
                raise ValueError(
                    f"Qt block {b} starts at {self._qt_starts[b]}, inside block {b - 1} "
                    f"({self._qt_starts[b - 1]} + {self._u16_lens[b - 1]} units)"
                )
        self._length = max(cp - UNIT_SEPARATOR_LEN, 0)
        # Per block: UTF-16 offsets of its astral characters (lazily; None = not yet scanned).
        self._astral: list[list[int] | None] = [
            [] if len(line) == n else None for line, n in zip(lines, self._u16_lens, strict=True)
        ]

    @classmethod
    def for_units(cls, units: Sequence[str | Unit], first_block_position: int) -> PositionMap:
        """The map Qt's rules predict when the article's first block is at the given position."""
        positions: list[int] = []
        pos = first_block_position
        for unit in map(as_unit, units):
            for _offset, segment in unit.segments:
                positions.append(pos)
                pos += utf16_len(segment) + 1
        return cls(units, positions)

    @property
    def length(self) -> int:
        """Code points of the plain text (``len(doc.plain_text())``)."""
        return self._length

    def _astral_u16(self, b: int) -> list[int]:
        found = self._astral[b]
        if found is None:
            found = []
            u = 0
            for ch in self._lines[b]:
                if ord(ch) > 0xFFFF:
                    found.append(u)
                    u += 2
                else:
                    u += 1
            self._astral[b] = found
        return found

    def _cp_to_u16(self, b: int, r: int) -> int:
        astral = self._astral_u16(b)
        if not astral:
            return r
        # The k-th astral character (0-based) sits at code point astral[k] - k.
        lo, hi = 0, len(astral)
        while lo < hi:
            mid = (lo + hi) // 2
            if astral[mid] - mid < r:
                lo = mid + 1
            else:
                hi = mid
        return r + lo

    def _u16_to_cp(self, b: int, u: int) -> int:
        astral = self._astral_u16(b)
        if not astral:
            return u
        k = bisect_left(astral, u)
        if k and astral[k - 1] == u - 1:
            return astral[k - 1] - (k - 1)  # inside a surrogate pair: its character's start
        return u - k

    def to_qt(self, cp: int) -> int:
        """Qt position of code point offset ``cp``."""
        if not self._lines:
            return 0
        cp = min(max(cp, 0), self._length)
        b = bisect_right(self._cp_starts, cp) - 1
        r = min(cp - self._cp_starts[b], len(self._lines[b]))
        return self._qt_starts[b] + self._cp_to_u16(b, r)

    def from_qt(self, pos: int) -> int:
        """Code point offset of Qt position ``pos``."""
        if not self._lines or pos <= self._qt_starts[0]:
            return 0
        b = bisect_right(self._qt_starts, pos) - 1
        u = pos - self._qt_starts[b]
        if u >= self._u16_lens[b]:
            return self._cp_starts[b] + len(self._lines[b])
        return self._cp_starts[b] + self._u16_to_cp(b, u)

    def span_to_qt(self, start: int, end: int) -> tuple[int, int]:
        """Qt ``(start, end)`` of a code-point span, trimmed to visible text at separators."""
        if start > end:
            start, end = end, start
        a = self.to_qt(start)
        if self._lines:
            start = min(max(start, 0), self._length)
            b = bisect_right(self._cp_starts, start) - 1
            if start - self._cp_starts[b] > len(self._lines[b]) and b + 1 < len(self._lines):
                a = self._qt_starts[b + 1]  # a start inside a separator begins the next block
        z = self.to_qt(end)
        return a, max(a, z)

    def span_from_qt(self, a: int, b: int) -> tuple[int, int]:
        """Code-point ``(start, end)`` of a Qt selection (either order)."""
        if a > b:
            a, b = b, a
        return self.from_qt(a), self.from_qt(b)
