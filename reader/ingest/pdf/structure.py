"""What the PDF's type says about the article: its title and its headings.

The cleaner works on plain text and guesses headings from their shape; in a PDF the fonts say
it outright. The title is the largest type on the first page when the document's metadata title
agrees (browsers write the page's ``<title>`` there, often with the site's name appended);
without such agreement the metadata title, less the site's name, and lastly the largest type.
A kept block set in larger type than the body, or in bold at body size, is a heading, its level
from the rank of its size; a block the cleaner took for a heading but set like the body is not.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace
from difflib import SequenceMatcher

from reader.document import Block, Document, normalize_inline
from reader.ingest.pdf.reflow import Paragraph

HEADING_SIZE = 1.15  # type this much larger than the body's is a heading
TITLE_SIZE = 1.3  # without metadata, the title must be this much larger than the body
HEADING_MAX_WORDS = 25
BOLD_HEADING_MAX_WORDS = 14
TITLE_MAX_WORDS = 40
TITLE_PAGES = 2  # the title is looked for on the first pages only
SIMILAR = 0.8
_NORM_RE = re.compile(r"\w+")
_GENERIC_TITLE_RE = re.compile(
    r"\.(?:docx?|pdf|tex|dvi|odt|rtf|pptx?|indd|qxd)$|^(?:microsoft\s+(?:word|powerpoint)\b|"
    r"untitled|document\d*$|slide\s*\d*$|presentation\d*$)",
    re.IGNORECASE,
)
_SITE_SEPARATORS_RE = re.compile(r"\s+[-|–—·:]{1,2}\s+")
_SENTENCE_END = (".", "!", "?", ";", ",")


def _norm(text: str) -> str:
    return " ".join(_NORM_RE.findall(text.casefold()))


def similar(a: str, b: str) -> bool:
    """Same title, give or take a site's name around it or a few changed characters."""
    x, y = _norm(a), _norm(b)
    if not x or not y:
        return False
    if x == y or (min(len(x), len(y)) >= 15 and (x in y or y in x)):
        return True
    return SequenceMatcher(None, x, y, autojunk=False).ratio() >= SIMILAR


def body_size(paras: list[Paragraph]) -> float:
    """The size most of the text is set in."""
    sizes: Counter[float] = Counter()
    for p in paras:
        sizes[round(p.size)] += len(p.text)
    return float(sizes.most_common(1)[0][0]) if sizes else 0.0


def _useful_meta(title: str) -> str:
    title = normalize_inline(title)
    return "" if not title or _GENERIC_TITLE_RE.search(title) else title


def _without_site(title: str) -> str:
    """``"Headline - Site"`` → ``"Headline"``: the longest part between site separators."""
    parts = [p.strip() for p in _SITE_SEPARATORS_RE.split(title) if p.strip()]
    return max(parts, key=len) if len(parts) > 1 else title


def choose_title(paras: list[Paragraph], meta_title: str) -> str:
    """The title hint: see the module's docstring for the order of trust."""
    meta = _useful_meta(meta_title)
    body = body_size(paras)
    early = [
        p for p in paras if p.page < TITLE_PAGES and 0 < len(p.text.split()) <= TITLE_MAX_WORDS
    ]
    by_size = sorted(early, key=lambda p: (-p.size, p.page, p.top))
    if meta:
        for p in by_size:
            if similar(p.text, meta) and p.size >= body:
                return normalize_inline(p.text)
        return _without_site(meta)
    if by_size and body and by_size[0].size >= TITLE_SIZE * body:
        return normalize_inline(by_size[0].text)
    return ""


def _levels(sizes: list[float], body: float) -> dict[float, int]:
    """Heading level per size: the largest heading size is level 2."""
    distinct: list[float] = []
    for size in sorted(set(sizes), reverse=True):
        if not distinct or size < distinct[-1] * 0.95:
            distinct.append(size)
    levels: dict[float, int] = {}
    for size in sizes:
        rank = next(i for i, d in enumerate(distinct) if size >= d * 0.95)
        levels[size] = min(2 + rank, 5)
    return levels


def _heading_like(para: Paragraph, body: float) -> float | None:
    """The size a paragraph's heading level comes from, or None when it is set like prose."""
    words = len(para.text.split())
    if para.text.rstrip().endswith(_SENTENCE_END) or not words:
        return None
    if body and para.size >= HEADING_SIZE * body and words <= HEADING_MAX_WORDS:
        return para.size
    if para.bold and words <= BOLD_HEADING_MAX_WORDS:
        return body
    return None


def _restore_headings(
    blocks: list[Block], paras: list[Paragraph], body: float
) -> list[tuple[Block, Paragraph | None]]:
    """Blocks paired with their paragraphs, with the headings the cleaner dropped put back.

    A heading-like paragraph that sits between two kept paragraphs that follow each other in
    the cleaned text introduces the article's next section: the text cleaner, which sees a
    short line, cannot know that, the type does.
    """
    index: dict[str, int] = {}
    for i, p in enumerate(paras):
        index.setdefault(normalize_inline(p.text), i)
    placed = [index.get(b.text) for b in blocks]
    out: list[tuple[Block, Paragraph | None]] = []
    for k, (block, pos) in enumerate(zip(blocks, placed, strict=True)):
        prev = placed[k - 1] if k > 0 else None
        if pos is not None and prev is not None and pos - prev > 1:
            between = paras[prev + 1 : pos]
            if len(between) <= 2:
                for para in between:
                    if _heading_like(para, body) is not None:
                        out.append((Block("heading", normalize_inline(para.text)), para))
        out.append((block, paras[pos] if pos is not None else None))
    return out


def apply_structure(
    document: Document, paras: list[Paragraph], title: str, author: str
) -> Document:
    """The cleaned document with the PDF's title, byline and headings put in."""
    body = body_size(paras)
    blocks = list(document.blocks)
    if title:
        key = _norm(title)
        blocks = [b for i, b in enumerate(blocks) if not (i < 8 and _norm(b.text) == key)]
        document.title = title
    paired = _restore_headings(blocks, paras, body)
    headings: list[tuple[int, float]] = []
    out: list[Block] = []
    for i, (block, para) in enumerate(paired):
        out.append(block)
        if block.kind not in ("paragraph", "heading") or para is None:
            continue
        size = _heading_like(para, body)
        if size is not None and (block.kind == "heading" or i + 1 < len(paired)):
            headings.append((i, size))
        elif block.kind == "heading":
            out[i] = replace(block, kind="paragraph", level=0)
    levels = _levels([size for _, size in headings], body)
    for i, size in headings:
        out[i] = replace(out[i], kind="heading", level=levels[size])
    if author and not document.byline:
        document.byline = normalize_inline(author)
    document.blocks = out
    return document
