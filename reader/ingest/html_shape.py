"""Bound how deep a page nests before any parser sees it, keeping all of its text.

libxml2 stops building the tree a little past 2,048 levels, so a page nested deeper came out as
"no article text found"; trafilatura and readability also walk ancestors at every element, so
depth multiplies their work. Real articles sit 6-30 levels down. `limit_nesting` scans the tags
once (linear time, no tree), following the open elements roughly the way an HTML parser does
(void elements, the end tags a new ``p``/``li``/``td``... implies on top of the stack, stray end
tags), never counting fewer open elements than libxml2 will have, and removes
tags that would open too deep, with their end tags: wrappers (``div``, ``span``, ``font``,
inline formatting) past `WRAPPER_NESTING` kept elements, so that paragraphs, lists and headings
inside a pile of wrappers keep their structure, and any tag past `MAX_NESTING`. The text of a
removed tag stays where it was; a removed block-level tag leaves a space so words stay apart.
"""

from __future__ import annotations

import functools
import re

MAX_NESTING = 256  # open elements; libxml2 gives up past 2,048
WRAPPER_NESTING = 128

_TOKEN_RE = re.compile(
    r"<!--.*?(?:-->|\Z)"  # a comment (an unclosed one runs to the end, as in browsers)
    # Attributes stop at the next "<" as well: a ">" inside a quoted value ends the tag early,
    # which only makes the count approximate, while a search never runs past the next tag.
    r"|<(/?)([A-Za-z][A-Za-z0-9:_-]*)([^<>]*)>",
    re.DOTALL,
)
_RAW_TEXT = frozenset({"script", "style", "textarea", "title", "xmp", "plaintext", "noscript"})
_VOID = frozenset(
    {
        "area", "base", "basefont", "bgsound", "br", "col", "embed", "frame", "hr", "img",
        "image", "input", "keygen", "link", "meta", "param", "source", "track", "wbr",
    }
)  # fmt: skip
# A start tag of one of these closes an open element of the same group on top of the stack (a
# new item closes the previous one).
_SIBLING_GROUPS: dict[str, frozenset[str]] = {
    "p": frozenset({"p"}),
    "li": frozenset({"li"}),
    "dt": frozenset({"dt", "dd"}),
    "dd": frozenset({"dt", "dd"}),
    "tr": frozenset({"tr", "td", "th"}),
    "td": frozenset({"td", "th"}),
    "th": frozenset({"td", "th"}),
    "option": frozenset({"option"}),
    "optgroup": frozenset({"optgroup", "option"}),
    "thead": frozenset({"thead", "tbody", "tfoot", "tr", "td", "th"}),
    "tbody": frozenset({"thead", "tbody", "tfoot", "tr", "td", "th"}),
    "tfoot": frozenset({"thead", "tbody", "tfoot", "tr", "td", "th"}),
}
# Block-level start tags close an open paragraph.
_CLOSES_P = frozenset(
    {
        "address", "article", "aside", "blockquote", "div", "dl", "fieldset", "figure",
        "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "main", "nav",
        "ol", "p", "pre", "section", "table", "ul",
    }
)  # fmt: skip
_INLINE = frozenset(
    {
        "a", "abbr", "b", "bdi", "bdo", "big", "cite", "code", "data", "dfn", "em", "font", "i",
        "kbd", "mark", "nobr", "q", "s", "samp", "small", "span", "strike", "strong", "sub",
        "sup", "time", "tt", "u", "var",
    }
)  # fmt: skip
_WRAPPERS = frozenset(
    {"div", "section", "article", "main", "center", "header", "footer", "aside", "nav", "form"}
)
_MATCH_WINDOW = 64  # how far down the stack an end tag looks for its element


def limit_nesting(html: str, max_nesting: int = MAX_NESTING) -> str:
    """``html`` with tags nested too deep removed (unchanged when none are)."""
    wrapper_nesting = min(WRAPPER_NESTING, max_nesting)
    if html.count("<") <= wrapper_nesting:
        return html  # too few tags to nest that deep
    stack: list[tuple[str, bool]] = []  # (tag, kept) of each open element, kept or not
    depth = 0  # kept elements on the stack
    cuts: list[tuple[int, int, str]] = []  # (start, end, replacement) of removed tags
    pos = 0
    while True:
        m = _TOKEN_RE.search(html, pos)
        if m is None:
            break
        pos = m.end()
        closing, name = m.group(1), m.group(2)
        if name is None:
            continue  # a comment
        tag = name.lower()
        if closing:
            closed = _close(stack, tag)
            depth -= sum(kept for _, kept in closed)
            if closed and not closed[0][1]:
                cuts.append((m.start(), m.end(), _gap(tag)))
            continue
        if tag in _VOID or (m.group(3) or "").rstrip().endswith("/"):
            continue
        depth -= sum(kept for _, kept in _implied_closes(stack, tag))
        wrapper = tag in _WRAPPERS or tag in _INLINE
        kept = depth < (wrapper_nesting if wrapper else max_nesting)
        stack.append((tag, kept))
        depth += kept
        if not kept:
            cuts.append((m.start(), m.end(), _gap(tag)))
        if tag in _RAW_TEXT:  # its content is text, not tags: skip to its end tag
            end = _raw_text_end(tag).search(html, pos)
            pos = end.start() if end else len(html)
    if not cuts:
        return html
    out: list[str] = []
    last = 0
    for start, end, gap in cuts:
        out.append(html[last:start])
        out.append(gap)
        last = end
    out.append(html[last:])
    return "".join(out)


@functools.cache
def _raw_text_end(tag: str) -> re.Pattern[str]:
    return re.compile(rf"</{tag}\s*>", re.IGNORECASE)


def _gap(tag: str) -> str:
    return "" if tag in _INLINE else " "


def _close(stack: list[tuple[str, bool]], tag: str) -> list[tuple[str, bool]]:
    """Pop the open ``tag`` and what is open inside it (it first); nothing for a stray end tag."""
    for depth in range(1, min(len(stack), _MATCH_WINDOW) + 1):
        if stack[-depth][0] == tag:
            return _pop(stack, depth)
    return []


def _pop(stack: list[tuple[str, bool]], depth: int) -> list[tuple[str, bool]]:
    popped = stack[-depth:]
    del stack[-depth:]
    return popped


def _implied_closes(stack: list[tuple[str, bool]], tag: str) -> list[tuple[str, bool]]:
    """The open elements a start ``tag`` closes: like libxml2, only those on top of the stack
    (a new paragraph closes an open one, a new item the previous item...), so the count never
    falls below libxml2's own depth."""
    group = _SIBLING_GROUPS.get(tag, frozenset())
    closes_p = tag in _CLOSES_P
    closed: list[tuple[str, bool]] = []
    while stack and (stack[-1][0] in group or (closes_p and stack[-1][0] == "p")):
        closed.append(stack.pop())
    return closed
