"""The article's structure in a dump: its title, section headings, list items, quotes, captions.

A headline is the most prominent title-like line shortly before the article's first kept
paragraph; pages often print it twice (browser title, breadcrumb, share text), which is strong
evidence. Headings are short title-like lines that introduce kept prose. Lists and quotes come
from the layout the renderer left: bullets, numbers and indentation.
"""

from __future__ import annotations

import itertools
import re
import statistics

from reader.ingest.text_dump.features import Shape
from reader.ingest.text_dump.paragraphs import Para
from reader.ingest.text_dump.vocab import STOP_WORDS

TITLE_LOOKBACK = 40  # paragraphs before the first kept one that may hold the headline
TITLE_LOOKAHEAD = 2  # a kept first line may itself be the headline
LEAD_PARAGRAPHS = 4  # kept paragraphs whose words a headline is expected to share
_WORD_RE = re.compile(r"\w+", re.UNICODE)


def _title_like(p: Para, s: Shape) -> bool:
    if p.label or s.alpha_ratio < 0.5 or s.ui_ratio > 0.34 or s.slug or s.byline:
        return False
    if s.cjk:
        return 6 <= s.chars <= 80 and not s.ends_sentence
    return 3 <= s.words <= 30 and not p.text.endswith(".") and s.seps <= 1


def _content(text: str) -> set[str]:
    return {
        w
        for w in (t.lower() for t in _WORD_RE.findall(text))
        if len(w) >= 3 and w not in STOP_WORDS
    }


def choose_title(paras: list[Para], shapes: list[Shape], keep: list[bool]) -> int | None:
    """Index of the headline, or None when nothing looks like one.

    The headline names what the first paragraphs talk about, so the share of its content words
    that the lead paragraphs use carries most of the weight; prominence (capitals, a line of its
    own, being printed twice) and closeness to the article break ties.
    """
    kept = [i for i, k in enumerate(keep) if k]
    if not kept:
        return None
    first = kept[0]
    lead: set[str] = set()
    for i in kept[:LEAD_PARAGRAPHS]:
        lead |= _content(paras[i].text)
    lo, hi = max(0, first - TITLE_LOOKBACK), min(len(paras), first + TITLE_LOOKAHEAD + 1)
    seen: dict[str, int] = {}
    for s in shapes:
        seen[s.key] = seen.get(s.key, 0) + 1
    best, best_score = None, 0.0
    for i in range(lo, hi):
        p, s = paras[i], shapes[i]
        if not _title_like(p, s) or (i > first and not keep[i]) or (i >= first and s.prose):
            continue
        words = _content(p.text)
        overlap = len(words & lead) / len(words) if words else 0.0
        score = 0.5 + 2.5 * overlap + 0.5 * s.head_cap
        score += 0.5 if seen.get(s.key, 0) > 1 else 0.0
        score += 0.5 if 5 <= s.wlen <= 20 else 0.0
        score -= 0.5 if p.item else 0.0
        score -= 0.02 * abs(first - i)
        score -= 1.0 if (s.has_time or s.ui_ratio > 0.0 or s.caption_words) else 0.0
        if score > best_score:
            best, best_score = i, score
    return best


def assign_roles(paras: list[Para], shapes: list[Shape], keep: list[bool]) -> list[str]:
    """A block kind for each paragraph ("" for dropped ones)."""
    n = len(paras)
    roles = [""] * n
    prose_indents = [p.indent for p, s, k in zip(paras, shapes, keep, strict=True) if k and s.prose]
    body_indent = statistics.median_low(prose_indents) if prose_indents else 0
    kept = [i for i in range(n) if keep[i]]
    nxt = {a: b for a, b in itertools.pairwise(kept)}
    for i in kept:
        p, s = paras[i], shapes[i]
        if p.item:
            roles[i] = "list_item"
        elif _heading(p, s) and i in nxt and _introduces(shapes[nxt[i]], paras[nxt[i]]):
            roles[i] = "heading"
        elif i > 0 and paras[i - 1].label and s.caption_words and s.wlen <= 40:
            roles[i] = "caption"
        elif s.prose and p.indent >= body_indent + 2 and not p.item:
            roles[i] = "quote"
        else:
            roles[i] = "paragraph"
    return roles


def _heading(p: Para, s: Shape) -> bool:
    if p.label or p.item or s.byline or s.has_time or s.ends_sentence or s.alpha_ratio < 0.5:
        return False
    if s.cjk:
        return 2 <= s.chars <= 40
    return 1 <= s.words <= 14 and (s.head_cap >= 0.5 or s.words <= 3 or p.group_size == 1)


def _introduces(nxt: Shape, p: Para) -> bool:
    """A heading is followed by prose or a list, not by another heading-like line."""
    return nxt.prose or p.item or nxt.wlen >= 8
