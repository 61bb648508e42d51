"""Second pass over an extractor's output: drop the page furniture it let through.

trafilatura and readability choose the article's container well but keep some of what sits in
it: a standfirst set as a heading above the text, "Read more: ..." link lines, lists of related
stories after the last paragraph, headings whose section was emptied. Each rule here looks only
at the shape of a block (words, share of linked text, position, kind), never at site names or
phrases. The thresholds were chosen on the development pages with leave-one-page-out checks
(see tests/unit/test_html_bench.py and the report in the issue).
"""

from __future__ import annotations

import re
import unicodedata

from lxml import etree

from reader.document import Block

LINK_SHARE = 0.8  # a block this much covered by links...
LINK_MAX_WORDS = 20  # ...and this short is a link line, not prose
DEK_MIN_WORDS = 8  # a heading this long before the first paragraph is a standfirst
PROSE_WORDS = 20  # a paragraph this long is article prose (for "after the last paragraph")
TEASER_SHARE = 0.8  # a trailing list whose items mostly open with a link lists other stories
TEASER_MIN_ITEMS = 3

_WORD_RE = re.compile(r"\w+")
_LISTS = ("list", "ul", "ol")
_ITEMS = ("item", "li")
_LINKS = ("ref", "a")


def word_count(text: str) -> int:
    return len(_WORD_RE.findall(text))


def link_share(block: Block) -> float:
    linked = sum(m.end - m.start for m in block.marks if m.kind == "link")
    return linked / len(block.text) if block.text else 0.0


def _visible(text: str) -> bool:
    """False for text made only of spaces and invisible format characters (zero-width space)."""
    return any(not ch.isspace() and unicodedata.category(ch) != "Cf" for ch in text)


def _is_link_line(block: Block) -> bool:
    return (
        block.kind in ("paragraph", "list_item", "heading")
        and word_count(block.text) <= LINK_MAX_WORDS
        and link_share(block) >= LINK_SHARE
    )


def _drop_dek(blocks: list[Block]) -> list[Block]:
    """Sentence-long headings above the first paragraph are the standfirst, not a section."""
    out: list[Block] = []
    in_head = True
    for block in blocks:
        if block.kind != "heading":
            in_head = False
        elif in_head and word_count(block.text) >= DEK_MIN_WORDS:
            continue
        out.append(block)
    return out


def _drop_empty_sections(blocks: list[Block]) -> list[Block]:
    """A heading followed by nothing, or by a heading of the same or higher rank, heads nothing."""
    out: list[Block] = []
    for block in reversed(blocks):
        if block.kind == "heading":
            following = out[-1] if out else None
            if following is None or (
                following.kind == "heading" and following.level <= block.level
            ):
                continue
        out.append(block)
    out.reverse()
    return out


def tidy_blocks(blocks: list[Block]) -> list[Block]:
    """Apply the block rules in order; each is safe on any list of blocks."""
    kept = [b for b in blocks if _visible(b.text) and not _is_link_line(b)]
    return _drop_empty_sections(_drop_dek(kept))


# -- on the extractor's tree, where list boundaries are still known ---------------------------


def _tag(elem: etree._Element) -> str:
    return elem.tag.lower() if isinstance(elem.tag, str) else ""


def _opens_with_link(item: etree._Element) -> bool:
    if item.text and item.text.strip():
        return False
    node = next(iter(item), None)
    while node is not None:
        tag = _tag(node)
        if tag in _LINKS:
            return True
        if tag not in ("hi", "b", "strong", "em", "i", "span", "div", "p", "head", "h3", "h4"):
            return False
        if node.text and node.text.strip():
            return False
        node = next(iter(node), None)
    return False


def _is_teaser_list(elem: etree._Element) -> bool:
    items = [child for child in elem if _tag(child) in _ITEMS]
    if len(items) < TEASER_MIN_ITEMS:
        return False
    return sum(_opens_with_link(item) for item in items) >= TEASER_SHARE * len(items)


def _is_prose(elem: etree._Element) -> bool:
    return _tag(elem) == "p" and word_count("".join(elem.itertext())) >= PROSE_WORDS


def drop_teaser_lists(body: etree._Element) -> None:
    """Remove lists of linked headlines that come after the article's last prose paragraph."""
    last_prose = None
    for elem in body.iter("p"):
        if _is_prose(elem):
            last_prose = elem
    if last_prose is None:
        return
    after = False
    doomed: list[etree._Element] = []
    for elem in body.iter():
        if elem is last_prose:
            after = True
        elif (
            after
            and _tag(elem) in _LISTS
            and _is_teaser_list(elem)
            and not any(d in doomed for d in elem.iterancestors())
        ):
            doomed.append(elem)
    for elem in doomed:
        _remove_keeping_tail(elem)


def _remove_keeping_tail(elem: etree._Element) -> None:
    parent = elem.getparent()
    if parent is None:
        return
    if elem.tail and elem.tail.strip():
        prev = elem.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + elem.tail
        else:
            parent.text = (parent.text or "") + elem.tail
    parent.remove(elem)
