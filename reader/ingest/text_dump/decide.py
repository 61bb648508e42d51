"""From a dump's text to a keep/drop decision and a role for every paragraph.

The classifier scores each paragraph; a few general rules then fix what a per-paragraph score
cannot see on its own: labels and symbol-only lines never carry article text, the same text is
kept once, and a short title-like line between kept paragraphs is a section heading rather than
junk (as jusText keeps short blocks between good ones).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

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
CREDIT_MIN_WORDS = 80  # kept words before a closing credit for it to end the article


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
    shapes = [shape(p) for p in paras]
    x = feature_matrix(paras, shapes)
    if model.features != FEATURE_NAMES:
        raise RuntimeError("text-dump model was trained on other features; retrain it")
    prob = model.predict(x)
    keep = [bool(q >= model.threshold) for q in prob]
    rule = [""] * len(paras)
    _apply_rules(paras, shapes, prob, keep, rule)
    title = choose_title(paras, shapes, keep)
    if title is not None and keep[title]:
        keep[title] = False
        rule[title] = "title"
    roles = assign_roles(paras, shapes, keep)
    if title is not None:
        roles[title] = "title"
    return Analysis(paras, shapes, x, prob, keep, roles, rule, title, model)


_NEVER_TEXT = {
    (True, True): "bracketed label",
    (True, False): "bracketed label",
    (False, True): "file or URL slug",
    (False, False): "no letters",
}


def _apply_rules(
    paras: list[Para], shapes: list[Shape], prob: np.ndarray, keep: list[bool], rule: list[str]
) -> None:
    n = len(paras)
    for i, (p, s) in enumerate(zip(paras, shapes, strict=True)):
        if keep[i] and (p.label or s.slug or s.alpha_ratio == 0.0):
            keep[i], rule[i] = False, _NEVER_TEXT[(p.label, s.slug)]
    _cut_after_credit(shapes, keep, rule)
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
        _rescue_run(paras, shapes, prob, keep, rule, i, j)
        i = j
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
    paras: list[Para],
    shapes: list[Shape],
    prob: np.ndarray,
    keep: list[bool],
    rule: list[str],
    i: int,
    j: int,
) -> None:
    """Take back a short run of dropped paragraphs lying between kept ones.

    A single heading-like line needs little support; a longer run (a list inside the article)
    is taken back only when the model was unsure about every one of its members.
    """
    run = range(i, j)
    if j - i > SANDWICH_MAX_RUN or any(paras[k].label or shapes[k].alpha_ratio == 0.0 for k in run):
        return
    if j - i == 1 and _heading_like(shapes[i]) and prob[i] >= HEADING_MIN_P:
        keep[i], rule[i] = True, "heading between kept paragraphs"
    elif min(prob[k] for k in run) >= SANDWICH_MIN_P:
        for k in run:
            keep[k], rule[k] = True, "between kept paragraphs"


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
