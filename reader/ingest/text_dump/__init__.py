"""Clean text dumps of web pages: keep the article, drop the page around it.

``clean_text_dump`` turns what a person gets by copying a whole page (or saving it as text) into
a `Document`: paragraphs are rebuilt (`paragraphs`), measured (`features`), scored by a small
shipped tree model (`model`), corrected by a few general rules (`decide`) and given their roles
(`structure`). ``explain_text_dump`` shows the same decisions with their reasons.
"""

from __future__ import annotations

from reader.document import Block, Document, Removed
from reader.ingest.text_dump.decide import Analysis, analyse
from reader.ingest.text_dump.explain import (
    Decision,
    brief_reasons,
    explain,
    format_explanation,
)
from reader.ingest.text_dump.model import TreeModel
from reader.ingest.text_dump.paragraphs import Para

__all__ = [
    "Decision",
    "clean_text_dump",
    "document_from_analysis",
    "explain_text_dump",
    "format_explanation",
]


def clean_text_dump(text: str, model: TreeModel | None = None) -> Document:
    """The article in a text dump: title, headings, paragraphs, list items, quotes, captions."""
    return document_from_analysis(analyse(text, model))


def explain_text_dump(text: str, model: TreeModel | None = None) -> list[Decision]:
    """Every rebuilt paragraph with its role, decision, score and main reasons."""
    return explain(analyse(text, model))


def document_from_analysis(a: Analysis) -> Document:
    """The kept paragraphs as blocks with their roles; the dropped ones as `Removed` blocks in
    place, each with a brief reason (the title is `Document.title`, not a block)."""
    reasons = brief_reasons(a)
    blocks: list[Block] = []
    removed: list[Removed] = []
    for i, (p, keep, role) in enumerate(zip(a.paras, a.keep, a.roles, strict=True)):
        if i == a.title:
            continue
        if not keep:
            kind = "list_item" if p.item else "paragraph"
            block = _block(p, kind)
            removed.append(Removed(len(blocks), block, reasons[i]))
            continue
        blocks.append(_block(p, role))
    title = a.paras[a.title].text if a.title is not None else ""
    return Document(title=title, blocks=blocks, removed=removed)


def _block(p: Para, role: str) -> Block:
    if role == "heading":
        return Block("heading", p.text, level=2)
    if role == "list_item":
        return Block("list_item", p.text, level=max(p.depth, 1), ordered=p.ordered)
    if role in ("quote", "caption"):
        return Block(role, p.text)
    return Block("paragraph", p.text)
