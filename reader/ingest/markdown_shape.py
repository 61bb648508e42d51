"""Bound a Markdown file's nesting before markdown-it sees it, keeping all of its text.

markdown-it stops at its nesting limit and silently drops *the rest of the document* ("skip tail
to the end"): a file of 10,000 nested quotes came out empty, and an article with one 25-level
list lost everything after it. Its parser also recurses once per level. So the container prefix
of each line (quote markers, list markers and the indentation between them) is cut to
`MAX_PREFIX_COLUMNS` columns, at a marker boundary, before parsing; that keeps nesting under half
of the parser's limit (`MAX_NESTING`). Lines inside fenced code are left alone. Only lines whose
prefix could be that long are looked at, so ordinary files cost one regex search.

`install_checkpoints` adds a block rule and an inline rule that never match anything but look at
the file's time budget (`reader.ingest.budget`), so a long parse can be stopped from inside, and
drops overlong link addresses before markdown-it normalises them (at every use of a reference).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from reader.ingest.budget import checkpoint

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.rules_block import StateBlock
    from markdown_it.rules_inline import StateInline

MAX_PREFIX_COLUMNS = 48
MAX_NESTING = 100  # markdown-it's option; commonmark's preset says 20
# Longer link addresses are dropped (the text stays): markdown-it normalises the address again at
# every use of a reference, so 50,000 uses of one 5,000-character definition took seconds and
# rendered to 250 MB. Browsers and servers give up around 2,000 characters anyway.
MAX_URL_CHARS = 2048
_TAB = 4

_MARKER_RE = re.compile(r"[ \t]*(?:>|(?:[-+*]|\d{1,9}[.)])(?=[ \t]|$))")
_PREFIX_RE = re.compile(r"(?:[ \t]*(?:>|(?:[-+*]|\d{1,9}[.)])(?=[ \t]|$)))*[ \t]*")
# Lines that matter: fences (to know what is code) and lines starting with enough prefix
# characters to be wider than the limit (a tab counts four columns, hence the low count).
_INTERESTING_RE = re.compile(
    r"^(?P<fence>[ \t>]*(?:(?:[-+*]|\d{1,9}[.)])[ \t]+)*(?:`{3,}|~{3,}))"
    rf"|^(?P<deep>[ \t>*+\-0-9.)]{{{MAX_PREFIX_COLUMNS // _TAB},}})",
    re.MULTILINE,
)


def _columns(text: str) -> int:
    col = 0
    for ch in text:
        col = (col // _TAB + 1) * _TAB if ch == "\t" else col + 1
    return col


def limit_markdown_nesting(text: str) -> str:
    """``text`` with every line's container prefix cut to `MAX_PREFIX_COLUMNS` columns."""
    pieces: list[str] = []
    last = 0
    fence: str | None = None
    for m in _INTERESTING_RE.finditer(text):
        if m.group("fence"):
            mark = m.group("fence").lstrip(" \t>-+*0123456789.)")[:1]
            fence = None if fence == mark else (fence or mark)
            continue
        if fence is not None:
            continue
        end = text.find("\n", m.start())
        end = len(text) if end < 0 else end
        line = text[m.start() : end]
        prefix = _PREFIX_RE.match(line)
        if prefix is None or _columns(prefix.group()) <= MAX_PREFIX_COLUMNS:
            continue
        pieces.append(text[last : m.start()])
        pieces.append(_cut(prefix.group()) + line[prefix.end() :])
        last = end
    if not pieces:
        return text
    pieces.append(text[last:])
    return "".join(pieces)


def _cut(prefix: str) -> str:
    """The markers of ``prefix`` that fit in the limit, then one space."""
    kept = ""
    for m in _MARKER_RE.finditer(prefix):
        if _columns(kept + m.group()) > MAX_PREFIX_COLUMNS - 1:
            break
        kept += m.group()
    return kept + " " if kept else ""


def _block_checkpoint(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    checkpoint()
    return False


def _inline_checkpoint(state: StateInline, silent: bool) -> bool:
    checkpoint()
    return False


def install_checkpoints(md: MarkdownIt) -> MarkdownIt:
    """Make ``md`` look at the time budget at every block and at every inline rule position,
    nest up to `MAX_NESTING` and drop link addresses over `MAX_URL_CHARS`."""
    md.options["maxNesting"] = MAX_NESTING
    normalize = md.normalizeLink

    def normalize_bounded(url: str) -> str:
        return "" if len(url) > MAX_URL_CHARS else normalize(url)

    md.normalizeLink = normalize_bounded  # type: ignore[method-assign]
    md.block.ruler.before("table", "budget_checkpoint", _block_checkpoint)
    md.inline.ruler.before("text", "budget_checkpoint", _inline_checkpoint)
    return md
