"""Lines of a PDF page → paragraphs, in reading order, with their font size and weight.

A line is joined to the one before when it continues the same paragraph: directly below it (no
paragraph gap), in the same font size and weight, starting at the same left edge, and the line
before was full (its right end plus the next word would have reached the block's right edge,
which is what every line-wrapping program does). A paragraph carries on across a page or column
break when the last line was full and did not end a sentence.

Between paragraphs the text keeps one of two separators, as a browser's text rendering does: a
blank line where the page shows a vertical gap (paragraph margins), a single line break where
blocks touch (menu entries, list items). The text-dump cleaner reads that difference.

Hyphens at line ends are kept unless the joined word is a word of the document itself: browsers
break lines after real hyphens ("well-" / "known"), typesetters also inside words ("infor-" /
"mation"), and the document's own vocabulary tells the two apart.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from dataclasses import dataclass, field

from reader.ingest.pdf.textlayer import Line, Page

PARA_GAP = 0.45  # a vertical gap up to this share of the line height never separates paragraphs
LEADING_MARGIN = 0.35  # ...nor one up to the usual gap between lines plus this share
SIZE_TOLERANCE = 0.12  # font sizes within this share of each other are the same size
BOLD_LINE = 0.6  # share of bold letters that makes a line bold
INDENT_LINES = 1.5  # left edges within this many line heights are one block's edge
FULL_SLACK_CHARS = 2.0  # a line this many average characters short of the edge is still full
EDGE_SHARE = 0.04  # wrapped lines end within this share of the block width from its edge
BLOCK_MIN_LINES = 3  # lines sharing a left edge before their right edge is trusted
RUN_GAP = 2.5  # line heights between lines of one block (paragraph gaps included)
COLUMN_MIN_LINES = 4  # lines side by side before a page is read as columns
COLUMN_MIN_WIDTH = 0.25  # each column at least this share of the page width
_SENTENCE_END = (".", "!", "?", ":", ";", "”", '"', "»", "。", "！", "？")
_DASHES = ("—", "–")
_CJK_RE = re.compile("[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]")  # not Hangul: Korean has spaces
_WORD_RE = re.compile(r"\w+")
_ITEM_RE = re.compile(r"^(?:[•◦▪■●○‣∙·►▸➤✓✔]|(?:\d{1,3}|[a-zA-Z]|[ivxIVX]{1,4})[.)])\s")
_HYPHENATED_RE = re.compile(r"(\w+)-$")
_LEADING_WORD_RE = re.compile(r"^(\w+)")


@dataclass(slots=True)
class Paragraph:
    """Joined lines with the layout facts the document builder needs."""

    lines: list[Line]
    text: str = ""
    gap_before: bool = True  # a visible gap (or a page/column break) before it
    page: int = 0
    size: float = 0.0  # dominant effective font size
    bold: bool = False
    top: float = 0.0
    x0: float = 0.0
    words: list[str] = field(default_factory=list)


def reading_order(page: Page) -> list[Line]:
    """The page's lines in reading order.

    PDFium returns lines in content-stream order, which is reading order for browsers and most
    typesetters. A page whose stream runs row by row across two columns shows up as lines made
    of two wide segments with a common gutter: those are read left column first.
    """
    lines = page.lines
    gutter = _gutter(lines, page.width)
    if gutter is None:
        return lines
    left: list[Line] = []
    right: list[Line] = []
    for line in lines:
        a = [s for s in line.segments if s.x1 <= gutter]
        b = [s for s in line.segments if s.x0 >= gutter]
        if len(a) + len(b) != len(line.segments):
            left.append(line)  # a line across the gutter (a heading over both columns)
            continue
        if a:
            left.append(Line.of(line.page, a, line.hyphen and not b))
        if b:
            right.append(Line.of(line.page, b, line.hyphen))
    return left + right


def _gutter(lines: list[Line], width: float) -> float | None:
    """An x position that separates two wide segments on enough lines, else None."""
    pairs = [
        (line.segments[0].x1, line.segments[1].x0)
        for line in lines
        if len(line.segments) == 2
        and line.segments[0].x1 - line.segments[0].x0 >= COLUMN_MIN_WIDTH * width
        and line.segments[1].x1 - line.segments[1].x0 >= COLUMN_MIN_WIDTH * width
        and line.segments[0].x1 < line.segments[1].x0
    ]
    if len(pairs) < COLUMN_MIN_LINES:
        return None
    lo = max(a for a, _ in pairs)
    hi = min(b for _, b in pairs)
    return (lo + hi) / 2 if lo < hi else None


@dataclass(frozen=True, slots=True)
class Edge:
    """Where a line's block ends on the right, and how sure we are of it."""

    right: float
    trusted: bool  # several wrapped lines end there
    min_width: float = 0.0  # an untrusted edge: a line narrower than this never wrapped


def _right_edges(lines: list[Line]) -> dict[int, Edge]:
    """For each line (by id), the right edge of the block it belongs to.

    A block is a run of lines that follow each other down the page at the same left edge (give
    or take a first-line indent, with at most a paragraph gap between them); it is trusted when
    several of its lines reach (nearly) the same right end, as wrapped lines do. Failing that,
    all the page's lines at that left edge are tried as one block. A line in no block (a
    centred line, a short list) is measured against the widest line overlapping it on the page:
    it is full only if it reaches as far as the text around it and is at least half as wide as
    the page's text.
    """
    if not lines:
        return {}
    half = 0.5 * (max(o.x1 for o in lines) - min(o.x0 for o in lines))
    runs: list[list[Line]] = []
    for line in lines:
        run = runs[-1] if runs else None
        if run is not None:
            last, h = run[-1], _height(run[-1])
            gap = line.top - last.bottom
            indent = line.x0 - run[0].x0
            if -2.0 <= indent <= INDENT_LINES * h and -0.5 * h <= gap <= RUN_GAP * h:
                run.append(line)
                continue
        runs.append([line])
    groups: dict[int, list[Line]] = {}
    for line in lines:
        key = round(line.x0 / 2)
        for k in (key - 1, key, key + 1):
            groups.setdefault(k, []).append(line)
    edges: dict[int, Edge] = {}
    for run in runs:
        edge = _block_edge(run)
        for line in run:
            found = edge or _block_edge(groups[round(line.x0 / 2)])
            if found is not None:
                edges[id(line)] = Edge(found, True)
            else:
                widest = max(o.x1 for o in lines if o.x0 < line.x1 and o.x1 > line.x0)
                edges[id(line)] = Edge(max(widest, line.x1), False, half)
    return edges


def _block_edge(block: list[Line]) -> float | None:
    """The right edge of lines that wrap there: several of them end (nearly) at the same place."""
    if len(block) < BLOCK_MIN_LINES:
        return None
    right = max(m.x1 for m in block)
    near = right - EDGE_SHARE * (right - min(m.x0 for m in block))
    return right if sum(m.x1 >= near for m in block) >= 2 else None


def _height(line: Line) -> float:
    return max(line.bottom - line.top, 1.0)


def _same_font(a: Line, b: Line) -> bool:
    return abs(a.size - b.size) <= SIZE_TOLERANCE * max(a.size, b.size) and (
        (a.bold >= BOLD_LINE) == (b.bold >= BOLD_LINE)
    )


def _full(a: Line, b: Line, edge: Edge) -> bool:
    """Would b's first word have fitted at the end of a? If not, a was wrapped. Against an
    untrusted edge, a must itself reach it and be a wide line."""
    char_w = (a.x1 - a.x0) / max(len(a.text), 1)
    slack = FULL_SLACK_CHARS * char_w
    if not edge.trusted:
        return a.x1 - a.x0 >= edge.min_width and a.x1 >= edge.right - slack
    first = b.text.split(" ", 1)[0]
    return a.x1 + char_w * (len(first) + 1) >= edge.right - slack


def _gap_limit(a: Line, leading: dict[int, float]) -> float:
    """The largest vertical gap after ``a`` that still continues its paragraph: the document's
    usual gap between wrapped lines of that size, plus a margin."""
    h = _height(a)
    usual = leading.get(round(a.size), 0.0)
    return max(usual + max(LEADING_MARGIN * h, 1.5), PARA_GAP * h)


def _centred_below(a: Line, b: Line) -> bool:
    """b is the next line of a centred paragraph: same middle, no wider."""
    return abs((a.x0 + a.x1) - (b.x0 + b.x1)) <= _height(a) and b.x1 - b.x0 <= a.x1 - a.x0 + 1


def _continues(a: Line, b: Line, right: Edge, limit: float) -> bool:
    """Is b the next line of a's paragraph (same page, directly below)?"""
    h = _height(a)
    gap = b.top - a.bottom
    if gap < -0.5 * h or gap > limit:
        return False
    if abs(b.x0 - a.x0) > INDENT_LINES * h and not _centred_below(a, b):
        return False
    if len(a.segments) > 1 or len(b.segments) > 1:
        return False  # a table row: cells apart, one row per line
    if _ITEM_RE.match(b.text):
        return False  # a list item starts its own paragraph
    return _same_font(a, b) and (a.hyphen or _full(a, b, right))


def _carries_over(a: Line, b: Line, right: Edge) -> bool:
    """Across a page or column break: a full line that did not end its sentence."""
    text = a.text.rstrip()
    return (
        _same_font(a, b)
        and (a.hyphen or _full(a, b, right))
        and not text.endswith(_SENTENCE_END)
        and bool(b.text[:1])
        and (b.text[0].islower() or not text[-1:].isalpha() or a.hyphen)
    )


def _leading(flows: list[tuple[list[Line], dict[int, Edge]]]) -> dict[int, float]:
    """The usual vertical gap between a wrapped line and the next, per font size."""
    gaps: dict[int, Counter[float]] = {}
    for lines, edges in flows:
        for a, b in itertools.pairwise(lines):
            h = _height(a)
            gap = b.top - a.bottom
            if (
                a.page == b.page
                and -0.5 * h <= gap <= 1.5 * h
                and abs(a.x0 - b.x0) <= 1.0
                and _same_font(a, b)
                and _full(a, b, edges[id(a)])
            ):
                gaps.setdefault(round(a.size), Counter())[round(gap * 2) / 2] += 1
    return {size: counts.most_common(1)[0][0] for size, counts in gaps.items()}


def paragraphs(pages: list[Page]) -> list[Paragraph]:
    """Every page's lines (furniture already removed) joined into paragraphs."""
    flows = []
    for page in pages:
        lines = reading_order(page)
        flows.append((lines, _right_edges(lines)))
    leading = _leading(flows)
    out: list[Paragraph] = []
    prev: Line | None = None
    prev_right = Edge(0.0, False)
    for lines, edges in flows:
        for line in lines:
            right = edges[id(line)]
            limit = _gap_limit(prev, leading) if prev is not None else 0.0
            if prev is not None and out:
                same_flow = line.page == prev.page and line.top >= prev.top - 0.5 * _height(prev)
                if same_flow and _continues(prev, line, prev_right, limit):
                    out[-1].lines.append(line)
                    prev, prev_right = line, max(prev_right, right, key=lambda e: e.right)
                    continue
                if not same_flow and _carries_over(prev, line, prev_right):
                    out[-1].lines.append(line)
                    prev, prev_right = line, right
                    continue
            gap = prev is None or not (
                line.page == prev.page and 0 <= line.top - prev.bottom <= limit
            )
            out.append(Paragraph([line], gap_before=gap, page=line.page))
            prev, prev_right = line, right
    vocabulary = _vocabulary(out)
    for para in out:
        _finish(para, vocabulary)
    return [p for p in out if p.text]


def _vocabulary(paras: list[Paragraph]) -> Counter[str]:
    """Words the document uses, with how often (the halves of words cut at line ends aside)."""
    counts: Counter[str] = Counter()
    for para in paras:
        for line in para.lines:
            text = _HYPHENATED_RE.sub("", line.text)
            counts.update(w.casefold() for w in _WORD_RE.findall(text))
    return counts


def _finish(para: Paragraph, vocabulary: Counter[str]) -> None:
    text = ""
    for line in para.lines:
        part = "\t".join(s.text for s in line.segments).strip()
        if not text:
            text = part
        elif _HYPHENATED_RE.search(text):
            text = _join_hyphenated(text, part, vocabulary)
        elif text.endswith(_DASHES) and not text[-2:-1].isspace():
            text += part  # "word—" / "word": a dash binds both sides
        elif _CJK_RE.match(text[-1]) and _CJK_RE.match(part[:1]):
            text += part  # Chinese and Japanese wrap anywhere, with no spaces
        else:
            text += " " + part
    para.text = text
    sizes: Counter[float] = Counter()
    bold = chars = 0.0
    for line in para.lines:
        for seg in line.segments:
            sizes[seg.size] += seg.chars
            bold += seg.bold * seg.chars
            chars += seg.chars
    para.size = sizes.most_common(1)[0][0] if sizes else 0.0
    para.bold = chars > 0 and bold / chars >= BOLD_LINE
    para.top = para.lines[0].top
    para.x0 = min(line.x0 for line in para.lines)


def _join_hyphenated(left: str, right: str, vocabulary: Counter[str]) -> str:
    """``"infor-" + "mation ..."`` → ``"information ..."`` when that is a word of the document;
    otherwise the hyphen stays (``"well-" + "known"`` → ``"well-known"``)."""
    m = _HYPHENATED_RE.search(left)
    n = _LEADING_WORD_RE.match(right)
    if m and n and n.group(1)[:1].islower():
        joined = (m.group(1) + n.group(1)).casefold()
        if vocabulary.get(joined, 0) > 0:
            return left[:-1] + right
    return left + right
