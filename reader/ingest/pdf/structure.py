"""What the PDF's type says about the article: its title and its headings.

The cleaner works on plain text and guesses headings from their shape; in a PDF the fonts say
it outright. The title is the largest type on the first page when the document's metadata title
agrees (browsers write the page's ``<title>`` there, often with the site's name appended);
without such agreement the metadata title, less the site's name, and lastly the largest type.
A kept block set in larger type than the body, or in bold at body size, is a heading, its level
from the rank of its size; a block the cleaner took for a heading but set like the body is not.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from dataclasses import replace
from difflib import SequenceMatcher

from reader.document import Block, Document, Entry, normalize_inline
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


def _positions(entries: list[Entry], paras: list[Paragraph]) -> list[int | None]:
    """Each entry's paragraph index in the PDF (None when the cleaner reshaped its text)."""
    index: dict[str, int] = {}
    for i, p in enumerate(paras):
        index.setdefault(normalize_inline(p.text), i)
    return [index.get(e.block.text) for e in entries]


def _restore_headings(entries: list[Entry], paras: list[Paragraph], body: float) -> list[Entry]:
    """Headings the cleaner dropped, put back.

    A heading-like paragraph that sits between two kept paragraphs with nothing else kept or
    dropped around it (at most one other dropped block) introduces the article's next section:
    the text cleaner, which sees a short line, cannot know that; the type does.
    """
    pos = _positions(entries, paras)
    kept = [i for i, e in enumerate(entries) if e.kept]
    out = list(entries)
    for a, b in itertools.pairwise(kept):
        if not 0 < b - a - 1 <= 2:
            continue
        for j in range(a + 1, b):
            k = pos[j]
            if k is not None and _heading_like(paras[k], body) is not None:
                out[j] = Entry(replace(entries[j].block, kind="heading", level=2), True)
    return out


def apply_structure(
    document: Document, paras: list[Paragraph], title: str, author: str
) -> Document:
    """The cleaned document with the PDF's title, byline and headings put in; every block the
    cleaner dropped stays in `Document.removed`."""
    body = body_size(paras)
    entries = document.entries()
    meta = document.metadata()
    if title:
        key, seen = _norm(title), 0
        for i, e in enumerate(entries):
            seen += e.kept
            if e.kept and seen <= 8 and _norm(e.block.text) == key:
                entries[i] = Entry(e.block, False, "the title")
        old = document.title
        if old and _norm(old) != key:  # the cleaner's own pick goes back where it stood
            entries = _put_back(entries, paras, Block("paragraph", old))
        meta["title"] = title
    entries = _restore_headings(entries, paras, body)
    pos = _positions(entries, paras)
    headings: list[tuple[int, float]] = []
    last_kept = max((i for i, e in enumerate(entries) if e.kept), default=-1)
    for i, (e, k) in enumerate(zip(entries, pos, strict=True)):
        if not e.kept or e.block.kind not in ("paragraph", "heading") or k is None:
            continue
        size = _heading_like(paras[k], body)
        if size is not None and (e.block.kind == "heading" or i < last_kept):
            headings.append((i, size))
        elif e.block.kind == "heading":
            entries[i] = Entry(replace(e.block, kind="paragraph", level=0), True)
    levels = _levels([size for _, size in headings], body)
    for i, size in headings:
        entries[i] = Entry(replace(entries[i].block, kind="heading", level=levels[size]), True)
    if author and not meta.get("byline"):
        meta["byline"] = normalize_inline(author)
    return Document.from_entries(entries, **meta)


def _put_back(entries: list[Entry], paras: list[Paragraph], block: Block) -> list[Entry]:
    """``block`` as a removed entry at its place in the PDF's order (else first)."""
    pos = _positions(entries, paras)
    mine = _positions([Entry(block, False)], paras)[0]
    at = 0
    if mine is not None:
        at = next((i for i, k in enumerate(pos) if k is not None and k > mine), len(entries))
    return [*entries[:at], Entry(block, False, "not the title"), *entries[at:]]
