"""Highlight anchors: where a highlight sits in an article's plain text, and how it survives edits.

A highlight is stored the way the W3C Web Annotation model stores one: a position (code-point
offsets into `Document.plain_text`) plus the quote with some context on either side. When the text
changes, `reanchor_all` puts each highlight back in order of confidence: the old position still
holds the quote (kept), the quote is found elsewhere (moved), an approximate match within a
bounded edit distance (fuzzy), or nothing (orphaned: the caller keeps it, never deletes it).

Pure Python (plus rapidfuzz); no Qt. Qt positions are mapped in `reader.positions`.

`reanchor` and `reanchor_all` (and rapidfuzz with them) load on first use: making a highlight
(``margin annotate``) needs neither. The function `reanchor` shares its name with the submodule
that defines it, so the package keeps the import system from replacing the function by the module
when that submodule loads.
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import TYPE_CHECKING, Any

from reader.anchoring.quotes import find_occurrence
from reader.anchoring.selectors import CONTEXT, Anchor, Reanchored, Status, make_anchor

if TYPE_CHECKING:
    from reader.anchoring.reanchor import reanchor, reanchor_all

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


def __getattr__(name: str) -> Any:
    if name in ("reanchor", "reanchor_all"):
        value = getattr(importlib.import_module("reader.anchoring.reanchor"), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'reader.anchoring' has no attribute {name!r}")


class _Package(types.ModuleType):
    def __setattr__(self, name: str, value: Any) -> None:
        if name == "reanchor" and isinstance(value, types.ModuleType):
            return  # the submodule loading: `reader.anchoring.reanchor` stays the function
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package
