"""Clean text dumps of web pages: keep the article, drop the page around it.

``clean_text_dump`` turns what a person gets by copying a whole page (or saving it as text) into
a `Document`: paragraphs are rebuilt (`paragraphs`), measured (`features`), scored by a small
shipped tree model (`model`), corrected by a few general rules (`decide`) and given their roles
(`structure`). ``explain_text_dump`` shows the same decisions with their reasons.
"""

from __future__ import annotations

from reader.document import Block, Document
from reader.ingest.text_dump.decide import Analysis, analyse
from reader.ingest.text_dump.explain import Decision, explain, format_explanation
from reader.ingest.text_dump.model import TreeModel

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
    blocks: list[Block] = []
    for p, keep, role in zip(a.paras, a.keep, a.roles, strict=True):
        if not keep:
            continue
        if role == "heading":
            blocks.append(Block("heading", p.text, level=2))
        elif role == "list_item":
            blocks.append(Block("list_item", p.text, level=max(p.depth, 1), ordered=p.ordered))
        elif role in ("quote", "caption"):
            blocks.append(Block(role, p.text))
        else:
            blocks.append(Block("paragraph", p.text))
    title = a.paras[a.title].text if a.title is not None else ""
    return Document(title=title, blocks=blocks)
