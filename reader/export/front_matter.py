"""The YAML front matter of an exported file: Margin's keys are replaced, the user's are kept.

PyYAML is not a dependency of the app, and re-serialising YAML would rewrite the user's formatting
anyway. So front matter is handled as text: split into top-level entries (a ``key:`` line with
the indented or ``-`` lines under it, comments attached to the entry that follows). On re-export the
entries whose key Margin owns are replaced by the template's and every other entry is kept, byte for
byte, after Margin's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

DELIMITER = "---"
OWNED_KEYS = frozenset(
    {"title", "author", "site", "source", "url", "published", "tags", "highlights"}
)
_KEY = re.compile(
    r"^(?:"
    r'"([^"\r\n]*)"'  # "quoted key"
    r"|'([^'\r\n]*)'"  # 'quoted key'
    r"|([^\s#\"'\-?:,\[\]{}&*!|>%@`][^:\r\n]*?|-[^\s:][^:\r\n]*?)"  # plain key
    r")[ \t]*:(?:[ \t]|\r?\n|$)"
)


@dataclass(frozen=True, slots=True)
class FrontMatter:
    """Where a front matter block sits in a text: ``text[start:end]`` is the whole block."""

    start: int
    end: int
    body: str
    """The lines between the delimiters, each with its own line ending."""


@dataclass(frozen=True, slots=True)
class Entry:
    key: str | None
    text: str


def find_front_matter(text: str) -> FrontMatter | None:
    """The block at the very top (after a byte order mark), if it is closed by ``---``/``...``."""
    start = 1 if text.startswith("\ufeff") else 0
    lines = text[start:].splitlines(keepends=True)
    if not lines or lines[0].rstrip("\r\n") != DELIMITER:
        return None
    pos = start + len(lines[0])
    body_start = pos
    for line in lines[1:]:
        if line.rstrip("\r\n") in (DELIMITER, "...") and line.rstrip("\r\n") == line.strip():
            return FrontMatter(start, pos + len(line), text[body_start:pos])
        pos += len(line)
    return None


def entries(body: str) -> list[Entry]:
    """Top-level entries of a front matter body; unrecognised lines stay with their neighbours."""
    out: list[Entry] = []
    pending = ""
    for line in body.splitlines(keepends=True):
        if not line.endswith("\n"):
            line += "\n"
        match = _KEY.match(line)
        if match:
            key = next(g for g in match.groups() if g is not None).strip()
            out.append(Entry(key, pending + line))
            pending = ""
        elif line.startswith("#") or not out:
            pending += line
        else:
            last = out[-1]
            out[-1] = Entry(last.key, last.text + pending + line)
            pending = ""
    if pending:
        out.append(Entry(None, pending))
    return out


def merge(margin_body: str, old_body: str | None) -> str:
    """Margin's entries, then the old block's entries whose keys Margin does not own."""
    ours = entries(margin_body)
    owned = OWNED_KEYS | {e.key for e in ours if e.key}
    kept = [e for e in entries(old_body or "") if e.key is None or e.key not in owned]
    return "".join(e.text for e in ours) + "".join(e.text for e in kept)


def block(body: str, nl: str = "\n") -> str:
    """A front matter block for ``body`` (empty string when there is nothing to say)."""
    return f"{DELIMITER}{nl}{body}{DELIMITER}{nl}" if body else ""
