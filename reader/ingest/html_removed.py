"""What a saved page says outside the extracted article: removed blocks, in place, with a reason.

The extractors return the article only. To let a person see (and take back) what was left out,
the whole page is read into blocks by the same walker, and each page block is matched to the
article: a block whose text is an article block is the article; one whose words the article
mostly holds anyway (split or joined differently by the extractor) is not news either. What
remains is removed text, placed after the last article block that came before it on the page.

Reasons are what the page itself tells: the landmark a block sits in (page header, footer,
sidebar, navigation, reader comments), a line made of links, or plainly "not part of the
article". Images outside the article are not text a person lost, so their alt texts are left out.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from lxml import etree

from reader.document import Block, Removed
from reader.ingest.html_blocks import tree_to_blocks
from reader.ingest.html_tidy import LINK_MAX_WORDS, LINK_SHARE, link_share

NOT_ARTICLE = "not part of the article"
COVERED_SHARE = 0.6  # a page block whose word trigrams the article holds this much is in it
_WORD_RE = re.compile(r"\w+")
_LANDMARK_TAGS = {
    "header": "page header",
    "footer": "page footer",
    "aside": "sidebar",
    "nav": "site navigation",
}
_LANDMARK_ROLES = {
    "banner": "page header",
    "contentinfo": "page footer",
    "complementary": "sidebar",
    "navigation": "site navigation",
}
_COMMENTS_RE = re.compile(r"(?:^|[\s_-])comments?(?:$|[\s_-])", re.IGNORECASE)
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SKIP = {"script", "style", "noscript", "template", "head", "title", "svg", "math"}


def _tag(elem: etree._Element) -> str:
    return elem.tag.lower() if isinstance(elem.tag, str) else ""


def _landmark(elem: etree._Element) -> str | None:
    tag = _tag(elem)
    if tag in _LANDMARK_TAGS:
        return _LANDMARK_TAGS[tag]
    role = (elem.get("role") or "").strip().lower()
    if role in _LANDMARK_ROLES:
        return _LANDMARK_ROLES[role]
    if _COMMENTS_RE.search(f"{elem.get('id') or ''} {elem.get('class') or ''}"):
        return "reader comments"
    return None


def page_blocks(root: etree._Element, base_url: str | None) -> list[tuple[Block, str | None]]:
    """Every text block of the page in order, with the landmark it sits in (if any)."""
    body = next(root.iter("body"), root)
    holders: set[etree._Element] = set()  # elements with a landmark somewhere below them
    for elem in body.iterdescendants():
        if isinstance(elem.tag, str) and _landmark(elem):
            holders.update(elem.iterancestors())
    out: list[tuple[Block, str | None]] = []
    for elem, region in _regions(body, holders):
        if _tag(elem) == "nav":  # the walker drops navigation whole: read its parts
            for child in elem:
                out.extend((b, region) for b in tree_to_blocks(child, base_url))
        else:
            out.extend((b, region) for b in tree_to_blocks(elem, base_url))
    return out


def _regions(
    root: etree._Element, holders: set[etree._Element]
) -> Iterator[tuple[etree._Element, str | None]]:
    """Subtrees to walk whole, each with its landmark; containers of landmarks are split.

    Iterative (a stack), so a hostile page's nesting cannot exhaust Python's stack.
    """
    stack: list[etree._Element | str] = [root]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            yield _loose(item), None
            continue
        if _tag(item) in _SKIP:
            continue
        here = _landmark(item)
        if here is not None or item not in holders:
            yield item, here
            continue
        # Loose text of the container becomes a block of its own, in page order.
        pending: list[etree._Element | str] = []
        if item.text and item.text.strip():
            pending.append(item.text)
        for child in item:
            if isinstance(child.tag, str):
                pending.append(child)
            if child.tail and child.tail.strip():
                pending.append(child.tail)
        stack.extend(reversed(pending))


def _loose(text: str) -> etree._Element:
    p = etree.Element("p")
    p.text = _CONTROLS.sub(" ", text)  # lxml refuses control characters in text it is given
    return p


def _words(text: str) -> list[str]:
    return [w.casefold() for w in _WORD_RE.findall(text)]


def _grams(words: list[str]) -> set[tuple[str, str, str]]:
    return set(zip(words, words[1:], words[2:], strict=False))


def removed_blocks(
    root: etree._Element, kept: list[Block], title: str, base_url: str | None
) -> list[Removed]:
    """The page's blocks that the article ``kept`` leaves out, placed and with reasons."""
    keys: dict[str, list[int]] = {}
    kept_grams: set[tuple[str, str, str]] = set()
    for i, block in enumerate(kept):
        keys.setdefault(block.text.casefold(), []).append(i)
        kept_grams |= _grams(_words(block.text))
    title_key = title.casefold()
    cursor = 0  # article blocks placed so far (the `at` of a removed block found now)
    out: list[Removed] = []
    for block, region in page_blocks(root, base_url):
        key = block.text.casefold()
        if key == title_key:
            continue
        later = [i for i in keys.get(key, ()) if i >= cursor]
        if later:
            cursor = later[0] + 1
            continue
        if block.kind == "caption" or _covered(block.text, kept_grams):
            continue
        out.append(Removed(cursor, block, region or _reason(block)))
    return out


def _covered(text: str, kept_grams: set[tuple[str, str, str]]) -> bool:
    """Most of a longer block's word trigrams are in the article (split or joined differently).

    Short lines (under three words) are never "covered": a menu item's word also found in the
    article is still a menu item the person may want to see.
    """
    grams = _grams(_words(text))
    if not grams:
        return False
    return sum(g in kept_grams for g in grams) >= COVERED_SHARE * len(grams)


def _reason(block: Block) -> str:
    words = len(_WORD_RE.findall(block.text))
    if words <= LINK_MAX_WORDS and link_share(block) >= LINK_SHARE:
        return "a line of links"
    return NOT_ARTICLE
