"""When the cleaner is clearly wrong about a file, keep all of its text instead of losing it.

The cleaner is built for web pages: an article wrapped in menus, buttons, labels and teasers. A
file that is not such a page (a song whose chorus repeats, a pasted note, a poem of short lines)
can lose most or all of its text to it. Margin never refuses a file with words in it and never
keeps only a scrap of one: when the cleaner keeps nothing, or clearly too little, the article is
imported uncleaned (``cleaning = "none"``), every block kept, and says so.

"Clearly too little" (`too_little`), measured on the cleaning bench's development pages (see
``tests/benchmarks/bench_uncleaned_rule.py``): the cleaner dropped more words than it kept, and
what it dropped holds almost no page furniture. Every development page whose cleaner dropped
most of its words also dropped at least 9 short lines (four words or fewer: menu items, buttons,
labels), at least 29% of what it dropped; a file of repeated paragraphs drops none. So: fewer
than `FURNITURE_MIN_LINES` short lines, or under `FURNITURE_MIN_SHARE` of the dropped blocks.
"""

from __future__ import annotations

from reader.corrections import keep_everything
from reader.document import Block, Document, count_words

Cleaning = str  # "cleaned" or "none"
CLEANED, NONE = "cleaned", "none"
SHORT_LINE_WORDS = 4
FURNITURE_MIN_LINES = 5
FURNITURE_MIN_SHARE = 0.1
TITLE_WORDS = 15


def too_little(doc: Document) -> bool:
    """True when the cleaner's decision about ``doc`` is clearly wrong (see the module doc)."""
    removed = [count_words(r.block.text) for r in doc.removed]
    dropped = sum(removed)
    if not dropped:
        return False  # nothing was cleaned away: there is nothing to give back
    kept = sum(count_words(b.text) for b in doc.blocks)
    if kept == 0:
        return True
    if kept >= dropped:
        return False
    short = sum(1 for w in removed if w <= SHORT_LINE_WORDS)
    return short < FURNITURE_MIN_LINES or short < FURNITURE_MIN_SHARE * len(removed)


def settle(doc: Document, original: str) -> tuple[Document, Cleaning]:
    """The cleaner's document, or all the text uncleaned when it is clearly wrong.

    ``original`` is the source's text (`reader.ingest.original.original_text`); it is used only
    when the extractor found no text at all in a file that has words, so that nothing is lost.
    """
    if too_little(doc):
        doc = keep_everything(doc)
        if doc.blocks:
            return _with_title(doc), NONE
    if not doc.blocks and count_words(original) > count_words(doc.title):
        paragraphs = [p for p in original.split("\n\n") if p.strip()]
        blocks = [Block("paragraph", p) for p in paragraphs]
        return _with_title(Document(blocks=blocks, **doc.metadata())), NONE
    return doc, CLEANED


def _with_title(doc: Document) -> Document:
    """Without a title of its own, a short first line that does not end a sentence is one."""
    if doc.title or len(doc.blocks) < 2:
        return doc
    first = doc.blocks[0].text
    if first.endswith((".", "!", "?", ":", ";", ",")) or not 1 <= count_words(first) <= TITLE_WORDS:
        return doc
    meta = {**doc.metadata(), "title": first}
    return Document(blocks=doc.blocks[1:], **meta)
