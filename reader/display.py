"""Text from files (names, titles, quotes) shown on one line, whatever characters it holds.

A file may be called ``"a\\nb.txt"``; printed raw, that name splits the one line per file that
``margin import`` promises (and a script reading it) in two. `one_line` makes line breaks and other
control characters visible instead. Escape sequences in general are kept off the terminal by
`reader.cli.terminal`; this is for the fields that must also stay on their line.
"""

from __future__ import annotations

import re

_BREAKS = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")


def _visible(match: re.Match[str]) -> str:
    ch = match.group()
    return {"\n": "\\n", "\r": "\\r", "\t": "\\t"}.get(ch) or f"\\u{ord(ch):04x}"


def one_line(text: object) -> str:
    """``text`` with every line break and control character written as a visible escape."""
    return _BREAKS.sub(_visible, str(text))
