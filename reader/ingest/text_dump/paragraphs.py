"""Rebuild paragraphs from the lines of a text dump.

Renderers differ: a browser's innerText puts one paragraph per line, text browsers hard-wrap at a
fixed width with bullets and indentation. Rather than guessing the renderer, we measure the wrap
width from the line lengths and join a line to the next when the next word could not (give or
take a column) have fitted on it, which is what every wrapping renderer does. Blank-line groups
are remembered: "how many lines share this block" is one of the strongest hints about menus.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from reader.ingest.budget import budgeted

# Characters that take two columns in a terminal renderer (CJK, Hangul, full-width forms).
_WIDE_RE = re.compile(
    "[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf"
    "\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]"
)
_CJK_EDGE_RE = re.compile("[\u2e80-\u9fff\uac00-\ud7a3\uf900-\ufaff\uff00-\uffef]")
_INVISIBLE_RE = re.compile("[\u00ad\u200b-\u200d\u2060\ufeff\ufffc\x00-\x08\x0e-\x1f\x7f]")
_LINE_BREAKS_RE = re.compile("\r\n?|[\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
_SPACES_RE = re.compile("[\t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")
_WS_RE = re.compile(r"\s+")
# Unambiguous bullets (any renderer) and the ambiguous ones (numbers, letters, dashes).
_BULLET_RE = re.compile(r"([•◦▪▫■□●○‣∙·⁃◆◇►▸▹➤✓✔*+#o]|[-–—](?=\s+\S))\s+(?=\S)")
_NUMBER_RE = re.compile(r"(\d{1,3}|[a-zA-Z]|[ivxIVX]{1,4})[.)]\s+(?=\S)")
_LABEL_RE = re.compile(r"\[[^\[\]]{0,200}\]|\([A-Z]{3,}\)")

# Renderers count columns a little differently (margins, a reserved last column, wide quotes),
# so a line may stop a column or two before the measured width although the next word fitted.
WRAP_SLACK = 2
CUT_WORD_SHARE = 0.6  # a "word" this share of the line width long was cut, not wrapped
MAX_LINE_CHARS = 200_000  # lines longer than this are cut into pieces so no step goes quadratic


@dataclass(slots=True)
class Para:
    """One rebuilt paragraph with the layout facts the classifier uses."""

    text: str
    n_lines: int  # source lines joined into it
    group: int  # index of its blank-line-separated group
    group_size: int = 1  # paragraphs in that group
    group_pos: int = 0  # position inside the group
    item: bool = False  # started with a bullet or a number
    ordered: bool = False
    depth: int = 0  # list depth (1 = top level) from indentation
    indent: int = 0  # leading columns of its first line
    label: bool = False  # a bracketed label such as an image's alt text
    line_no: int = 0  # first source line


def display_width(line: str) -> int:
    """Columns a terminal renderer gives the line (wide characters count twice)."""
    if line.isascii():
        return len(line)
    return len(line) + len(_WIDE_RE.findall(line))


def normalize_lines(text: str) -> list[str]:
    """Split into lines with every kind of break, invisible characters and odd spaces fixed."""
    text = _INVISIBLE_RE.sub("", _LINE_BREAKS_RE.sub("\n", text))
    text = _SPACES_RE.sub(" ", text)
    lines: list[str] = []
    for line in text.split("\n"):
        line = line.rstrip()
        if len(line) <= MAX_LINE_CHARS:
            lines.append(line)
        else:
            lines.extend(_cut_long(line))
    return lines


def _cut_long(line: str) -> list[str]:
    """Cut a huge line at spaces into pieces no longer than MAX_LINE_CHARS."""
    out: list[str] = []
    while len(line) > MAX_LINE_CHARS:
        cut = line.rfind(" ", MAX_LINE_CHARS // 2, MAX_LINE_CHARS)
        cut = cut if cut > 0 else MAX_LINE_CHARS
        out.append(line[:cut])
        line = line[cut:].lstrip()
    out.append(line)
    return out


def wrap_width(lines: list[str]) -> int:
    """The column at which the dump was hard-wrapped, or 0 when lines are paragraphs.

    Wrapped text shows a tight cluster of line widths just under the wrap column and almost no
    line beyond it; a paragraph-per-line dump has widths spread far past any such column.
    """
    all_widths = [display_width(x) for x in lines]
    widths = sorted(w for w in all_widths if w >= 30)
    if len(widths) < 4:
        return 0
    # Candidate: the width under which 97% of the long lines fall (unbreakable URLs overflow).
    cand = widths[min(len(widths) - 1, int(len(widths) * 0.97))]
    if cand < 40 or cand > 250:
        return 0
    spread = sum(1 for w in widths if w > cand * 1.5)
    if spread > 0.02 * len(widths) + 1:
        return 0
    # Wrap events: a line ending near the column and continued on the next line.
    events = sum(1 for a, b in itertools.pairwise(all_widths) if cand - 12 <= a <= cand and b > 0)
    return cand if events >= 2 else 0


def _first_word_width(s: str) -> int:
    s = s.lstrip()
    if not s:
        return 0
    if _CJK_EDGE_RE.match(s):
        return display_width(s[0])
    end = s.find(" ")
    return display_width(s if end < 0 else s[:end])


def _join(a: str, b: str) -> str:
    """Join two wrapped pieces; CJK runs are wrapped without a space, so rejoin without one."""
    if a and b and _CJK_EDGE_RE.match(a[-1]) and _CJK_EDGE_RE.match(b[0]):
        return a + b
    if a.endswith("-") and len(a) > 1 and a[-2].isalpha() and b[:1].islower():
        return a + b  # a word hyphenated at the wrap
    return a + " " + b


def _marker(stripped: str, prev_wrapped: bool) -> tuple[bool, bool, int]:
    """(is_item, ordered, marker_length) for a line's start."""
    m = _BULLET_RE.match(stripped)
    if m:
        ch = stripped[0]
        # "o", "#" and dashes are bullets only when nothing suggests ordinary text.
        if ch in "o#-–—" and prev_wrapped:
            return False, False, 0
        return True, False, m.end()
    m = _NUMBER_RE.match(stripped)
    if m and not prev_wrapped:
        return True, True, m.end()
    return False, False, 0


def rebuild(text: str) -> list[Para]:
    """Lines → paragraphs, joining hard-wrapped lines and recognising list items and labels."""
    lines = normalize_lines(text)
    width = wrap_width(lines)
    paras: list[Para] = []
    group = -1
    in_group = False
    cur: list[str] | None = None  # pieces of the paragraph being built
    glue: list[bool] = []  # per piece: it continues a word the renderer cut at the margin
    cur_last_width = 0
    last_raw = ""
    for no, raw in enumerate(budgeted(lines)):
        stripped = raw.strip()
        if not stripped:
            if cur is not None:
                _close(paras, cur, glue)
            cur = None
            in_group = False
            continue
        if not in_group:
            group += 1
            in_group = True
        indent = len(raw) - len(raw.lstrip())
        w = display_width(raw)
        wrapped = (
            cur is not None
            and width > 0
            and cur_last_width + 1 + _first_word_width(stripped) > width - 1 - WRAP_SLACK
        )
        item, ordered, mlen = _marker(stripped, wrapped)
        if wrapped and not item and cur is not None:
            cur.append(stripped)
            glue.append(_cut_word(last_raw, cur_last_width, width))
            paras[-1].n_lines += 1
            cur_last_width, last_raw = w, raw
            continue
        if cur is not None:
            _close(paras, cur, glue)
        body = stripped[mlen:] if item else stripped
        label = bool(_LABEL_RE.fullmatch(body))
        paras.append(
            Para(
                text="",
                n_lines=1,
                group=group,
                item=item,
                ordered=ordered,
                indent=indent,
                label=label,
                line_no=no,
            )
        )
        cur, glue = [body], [False]
        cur_last_width, last_raw = w, raw
    if cur is not None:
        _close(paras, cur, glue)
    _finish(paras)
    return [p for p in paras if p.text]


def _cut_word(line: str, line_width: int, width: int) -> bool:
    """Whether a line ends in the first part of a word too long for any line (a URL, a file
    name), which some renderers cut at the margin: it fills the line without overflowing it."""
    if not width - 1 - WRAP_SLACK <= line_width <= width:
        return False
    last = line.rstrip().rsplit(" ", 1)[-1]
    if _WIDE_RE.search(last):
        return False  # CJK runs have no spaces to lose; `_join` already handles them
    return len(last) >= CUT_WORD_SHARE * width and any(map(str.isalnum, last))


def _close(paras: list[Para], pieces: list[str], glue: list[bool]) -> None:
    text = pieces[0]
    for piece, glued in zip(pieces[1:], glue[1:], strict=True):
        text = text + piece if glued else _join(text, piece)
    paras[-1].text = _WS_RE.sub(" ", text).strip()


def _finish(paras: list[Para]) -> None:
    """Fill group sizes and list depths (from the indentation of items in a run)."""
    start = 0
    for i in range(1, len(paras) + 1):
        if i == len(paras) or paras[i].group != paras[start].group:
            for j in range(start, i):
                paras[j].group_size = i - start
                paras[j].group_pos = j - start
            start = i
    levels: list[int] = []
    for p in paras:
        if not p.item:
            levels = []
            continue
        while levels and p.indent < levels[-1]:
            levels.pop()
        if not levels or p.indent > levels[-1]:
            levels.append(p.indent)
        p.depth = len(levels)
