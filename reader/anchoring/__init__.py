"""Highlight anchors: where a highlight sits in an article's plain text, and how it survives edits.

A highlight is stored the way the W3C Web Annotation model stores one: a position (code-point
offsets into `Document.plain_text`) plus the quote with some context on either side. When the text
changes, `reanchor_all` puts each highlight back in order of confidence: the old position still
holds the quote (kept), the quote is found elsewhere (moved), an approximate match within a
bounded edit distance (fuzzy), or nothing (orphaned: the caller keeps it, never deletes it).

Pure Python (plus rapidfuzz); no Qt. Qt positions are mapped in `reader.positions`.
"""

from reader.anchoring.quotes import find_occurrence
from reader.anchoring.reanchor import reanchor, reanchor_all
from reader.anchoring.selectors import CONTEXT, Anchor, Reanchored, Status, make_anchor

__all__ = [
    "CONTEXT",
    "Anchor",
    "Reanchored",
    "Status",
    "find_occurrence",
    "make_anchor",
    "reanchor",
    "reanchor_all",
]
