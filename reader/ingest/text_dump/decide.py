"""From a dump's text to a keep/drop decision and a role for every paragraph.

The classifier scores each paragraph; a few general rules then fix what a per-paragraph score
cannot see on its own: labels, slugs and symbol-only lines never carry article text; a closing
credit or a comments heading after the article ends it; a short title-like line or a table
between kept paragraphs belongs to the article (as jusText keeps short blocks between good
ones); the same text is kept once.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from reader.ingest.budget import budgeted, checkpoint
from reader.ingest.text_dump.features import FEATURE_NAMES, Shape, feature_matrix, shape
from reader.ingest.text_dump.model import TreeModel, load_model
from reader.ingest.text_dump.paragraphs import Para, rebuild
from reader.ingest.text_dump.structure import assign_roles, choose_title

# How sure the model must be before a short line between kept paragraphs stays as a heading,
# and before a dropped paragraph sandwiched between kept ones is taken back.
HEADING_MIN_P = 0.08
SANDWICH_MIN_P = 0.15
SANDWICH_MAX_RUN = 12
REPEAT_MIN_WORDS = 12  # a repeated paragraph at least this long is kept only once
TWICE_MIN_WORDS = 8  # a sentence printed twice in a row is a picture's alt text and caption
CREDIT_MIN_WORDS = 80  # kept words before a closing credit for it to end the article
COMMENTS_MIN_WORDS = 100  # kept words before a comments heading for it to end the article
# A run of dropped lines between kept paragraphs is a table when most lines hold numbers.
TABLE_ROW_DIGITS = 0.1
TABLE_ROW_SHARE = 0.6
TABLE_MIN_P = 0.05


@dataclass(slots=True)
class Analysis:
    """Everything the cleaner learnt about one dump; `explain` shows it, `clean` uses it."""

    paras: list[Para]
    shapes: list[Shape]
    x: np.ndarray
    prob: np.ndarray
    keep: list[bool]
    roles: list[str]
    rule: list[str]  # the post-processing rule that changed the model's decision, if any
    title: int | None
    model: TreeModel = field(repr=False)


def analyse(text: str, model: TreeModel | None = None) -> Analysis:
    """Rebuild paragraphs, score them, apply the rules, find title and roles."""
    model = model or load_model()
    paras = rebuild(text)
    shapes = [shape(p) for p in budgeted(paras)]
    checkpoint()
    x = feature_matrix(paras, shapes)
    checkpoint()
    if model.features != FEATURE_NAMES:
        raise RuntimeError("text-dump model was trained on other features; retrain it")
    prob = model.predict(x)
    keep = [bool(q >= model.threshold) for q in prob]
    rule = [""] * len(paras)
    _apply_rules(paras, shapes, prob, keep, rule)
    title = choose_title(paras, shapes, keep)
    if title is not None:
        if keep[title]:
            keep[title], rule[title] = False, "title"
        for i, s in enumerate(shapes):  # the headline printed a second time
            if keep[i] and i != title and s.key == shapes[title].key:
                keep[i], rule[i] = False, "repeat of the title"
    roles = assign_roles(paras, shapes, keep)
    if title is not None:
        roles[title] = "title"
    return Analysis(paras, shapes, x, prob, keep, roles, rule, title, model)


def _never_text(p: Para, s: Shape) -> str:
    """Why a paragraph can never be article text ("" when it can)."""
    if p.label:
        return "bracketed label"
    if s.slug:
        return "file or URL slug"
    if s.alpha_ratio == 0.0:
        return "no letters"
    if s.doubled:
        return "text printed twice (card alt text and link)"
    return ""


def _apply_rules(
    paras: list[Para], shapes: list[Shape], prob: np.ndarray, keep: list[bool], rule: list[str]
) -> None:
    n = len(paras)
    never = [_never_text(p, s) for p, s in zip(paras, shapes, strict=True)]
    for i in range(n - 1):  # a picture's alt text followed by the same text as its caption
        if shapes[i].key == shapes[i + 1].key and shapes[i].wlen >= TWICE_MIN_WORDS:
            never[i] = never[i + 1] = "printed twice in a row (picture alt text and caption)"
    for i in range(n):
        if keep[i] and never[i]:
            keep[i], rule[i] = False, never[i]
    _cut_after_credit(shapes, keep, rule)
    _cut_at_comments(shapes, keep, rule)
    kept_idx = [i for i in range(n) if keep[i]]
    if not kept_idx:
        return
    first, last = kept_idx[0], kept_idx[-1]
    i = first + 1
    while i < last:
        if keep[i]:
            i += 1
            continue
        j = i
        while not keep[j]:
            j += 1  # the run of dropped paragraphs is [i, j)
        if not any(never[i:j]):
            _rescue_run(shapes, prob, keep, rule, i, j)
        i = j
    # The lead or the closing paragraph the model was merely unsure about, next to the article.
    for k in (first - 1, last + 1):
        edge = 0 <= k < n and shapes[k].prose and not (never[k] or rule[k])
        if edge and prob[k] >= SANDWICH_MIN_P:
            keep[k], rule[k] = True, "prose next to the article"
    # The same text kept twice: a doubled caption or a lead repeated as a teaser. Short lines
    # may legitimately repeat (recipe steps, table rows), so only those next to each other go.
    seen: set[str] = set()
    prev = ""
    for i in range(n):
        if not keep[i]:
            continue
        s = shapes[i]
        if s.key and (s.key == prev or (s.key in seen and s.wlen >= REPEAT_MIN_WORDS)):
            keep[i], rule[i] = False, "repeat of a kept paragraph"
            continue
        seen.add(s.key)
        prev = s.key


def _rescue_run(
    shapes: list[Shape], prob: np.ndarray, keep: list[bool], rule: list[str], i: int, j: int
) -> None:
    """Take back a run of dropped paragraphs lying between kept ones.

    A single heading-like line needs little support; a longer run (a list inside the article)
    is taken back only when the model was unsure about every one of its members. Rows of a
    table (numbers on most lines) are taken back whatever their length: a table between two
    kept paragraphs belongs to the article, yet each row alone looks like page furniture.
    """
    run = range(i, j)
    low = min(prob[k] for k in run)
    if _table_rows(shapes[i:j]) and low >= TABLE_MIN_P:
        for k in run:
            keep[k], rule[k] = True, "table row between kept paragraphs"
    elif j - i > SANDWICH_MAX_RUN:
        return
    elif j - i == 1 and _heading_like(shapes[i]) and prob[i] >= HEADING_MIN_P:
        keep[i], rule[i] = True, "heading between kept paragraphs"
    elif low >= SANDWICH_MIN_P:
        for k in run:
            keep[k], rule[k] = True, "between kept paragraphs"


def _table_rows(run: list[Shape]) -> bool:
    """At least three lines, most of them carrying numbers (scores, prices, results)."""
    numeric = sum(1 for s in run if s.digit_ratio >= TABLE_ROW_DIGITS)
    return len(run) >= 3 and numeric >= TABLE_ROW_SHARE * len(run)


def _cut_at_comments(shapes: list[Shape], keep: list[bool], rule: list[str]) -> None:
    """A dropped line announcing comments, after enough kept prose, ends the article.

    Reader comments are often longer and denser than the article itself, so the classifier
    alone keeps the best of them; the line that opens the comment section says where to stop.
    """
    words = 0.0
    for i, s in enumerate(shapes):
        if s.comment_head and not keep[i] and words >= COMMENTS_MIN_WORDS:
            for j in range(i + 1, len(shapes)):
                if keep[j]:
                    keep[j], rule[j] = False, "after the comments heading"
            return
        if keep[i]:
            words += s.wlen


def _cut_after_credit(shapes: list[Shape], keep: list[bool], rule: list[str]) -> None:
    """A wire-style credit line after enough kept prose is the article's last line."""
    words = 0.0
    for i, s in enumerate(shapes):
        if s.credit and words >= CREDIT_MIN_WORDS:
            keep[i] = True
            rule[i] = "closing credit line"
            for j in range(i + 1, len(shapes)):
                if keep[j]:
                    keep[j], rule[j] = False, "after the article's closing credit"
            return
        if keep[i]:
            words += s.wlen


def _heading_like(s: Shape) -> bool:
    """Short, no sentence punctuation at the end, mostly letters."""
    return 1 <= s.wlen <= 14 and not s.ends_sentence and s.alpha_ratio > 0.5 and s.ui_ratio < 0.5
