"""PDF → `Document`: the text layer reflowed, cleaned like a text dump, structured by fonts.

A printed web page ("Print → Save as PDF") carries the site's menus and footers just like a
copied page does, so the cleaning boundary is plain text: `textlayer` reads positioned lines
through PDFium, `furniture` drops running headers and footers, `reflow` joins lines into
paragraphs in reading order, and the result (one paragraph per line, blank lines where the page
shows gaps) goes through the text-dump cleaner. What text cannot carry comes back from the
layout afterwards (`structure`): the title (the largest type on the first page, checked against
the document's metadata) and the headings (larger or bold type).
"""

from __future__ import annotations

from dataclasses import dataclass

from reader.document import Document
from reader.ingest.pdf.furniture import remove_furniture
from reader.ingest.pdf.reflow import Paragraph, paragraphs
from reader.ingest.pdf.structure import apply_structure, choose_title
from reader.ingest.pdf.textlayer import read_text_layer

__all__ = ["PdfText", "extract_pdf", "pdf_text"]


@dataclass(slots=True)
class PdfText:
    """The reflowed text layer: what the cleaner reads, and what "Show Original" can show."""

    text: str
    title: str  # the title hint: the largest type on page 1, or the metadata title
    author: str
    paragraphs: list[Paragraph]


def pdf_text(data: bytes) -> PdfText:
    """The PDF's text layer as paragraphs; `IngestError` for scans, encrypted or damaged files."""
    layer = read_text_layer(data)
    remove_furniture(layer.pages, layer.title)
    paras = paragraphs(layer.pages)
    parts: list[str] = []
    for prev, para in zip([None, *paras], paras, strict=False):
        if prev is not None:
            parts.append("\n\n" if para.gap_before and (_long(prev) or _long(para)) else "\n")
        parts.append(para.text)
    return PdfText(
        text="".join(parts) + "\n",
        title=choose_title(paras, layer.title),
        author=layer.author,
        paragraphs=paras,
    )


LONG_PARAGRAPH = 80  # characters
SENTENCE_WORDS = 4  # ...or a sentence of at least this many words
_SENTENCE_END = (".", "!", "?", ".”", '."', "!”", "?”", "。")


def _long(para: Paragraph) -> bool:
    """Prose-like: only around such paragraphs does a gap become a blank line (a browser's text
    gives blank lines around paragraphs, single line breaks between menu entries and items)."""
    text = para.text
    if len(para.lines) > 1 or len(text) >= LONG_PARAGRAPH:
        return True
    return text.endswith(_SENTENCE_END) and len(text.split()) >= SENTENCE_WORDS


def extract_pdf(data: bytes) -> Document:
    """The article in a PDF; `IngestError` when there is no text to read."""
    from reader.ingest.text_dump import clean_text_dump

    text = pdf_text(data)
    document = clean_text_dump(text.text)
    return apply_structure(document, text.paragraphs, text.title, text.author)
