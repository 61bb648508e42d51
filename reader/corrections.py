"""A person's corrections to the cleaner: "keep this" and "remove this", by block content.

A correction names a block by a hash of its normalised text (`block_key`), not by its index: the
same words are the same block after the file is edited and re-imported (blocks before it may
come or go) and after a newer cleaner splits the page differently around it. Text that occurs
several times is one block as far as corrections go; keeping one copy of a repeated paragraph
keeps them all, which is what "keep this text" means.

`apply_corrections` is the one place the corrections meet the cleaner's decisions, used on every
clean and re-clean, and whenever a correction is made or undone (from the cleaner's own
document, kept beside the article, so an undone correction gives back the cleaner's reason).
Nothing here touches the database or Qt.
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from reader.document import Block, Document, Entry

Action = Literal["keep", "drop"]
ACTIONS: tuple[str, ...] = ("keep", "drop")
REMOVED_BY_YOU = "removed by you"
KEPT_BY_YOU = "kept by you"


def text_key(text: str) -> str:
    """The hash corrections are stored under: case, width forms and spacing do not count."""
    norm = " ".join(unicodedata.normalize("NFKC", text).casefold().split())
    return hashlib.sha256(norm.encode("utf-8")).hexdigest()[:32]


def block_key(block: Block) -> str:
    return text_key(block.text)


@dataclass(frozen=True, slots=True)
class BlockView:
    """One block as `margin blocks` and the window list it (index: reading order, from 0)."""

    index: int
    block: Block
    kept: bool
    reason: str
    corrected: bool
    key: str


def apply_corrections(base: Document, corrections: Mapping[str, str]) -> Document:
    """The cleaner's document with the person's decisions on top.

    A ``keep`` puts a removed block back in place; a ``drop`` removes a kept one with the reason
    `REMOVED_BY_YOU`. A correction that agrees with the cleaner changes nothing, and one whose
    text is no longer in the document is simply not used (it stays stored: an undo, or the text
    coming back in a later version of the file, finds it again).
    """
    if not corrections:
        return base
    entries: list[Entry] = []
    changed = False
    for e in base.entries():
        action = corrections.get(block_key(e.block))
        if action == "keep" and not e.kept:
            entries.append(Entry(e.block, True))
            changed = True
        elif action == "drop" and e.kept:
            entries.append(Entry(e.block, False, REMOVED_BY_YOU))
            changed = True
        else:
            entries.append(e)
    if not changed:
        return base
    return Document.from_entries(entries, **base.metadata())


def keep_everything(doc: Document) -> Document:
    """The document with every removed block put back: the article uncleaned, all its text."""
    return Document.from_entries(
        (Entry(e.block, True) for e in doc.entries()),
        **doc.metadata(),
    )


def block_views(doc: Document, corrections: Mapping[str, str]) -> list[BlockView]:
    """Every block of an (already corrected) document, with whether a correction touched it."""
    out: list[BlockView] = []
    for i, e in enumerate(doc.entries()):
        key = block_key(e.block)
        corrected = key in corrections
        reason = e.reason
        if e.kept and corrections.get(key) == "keep":
            reason = KEPT_BY_YOU
        out.append(BlockView(i, e.block, e.kept, reason, corrected, key))
    return out
