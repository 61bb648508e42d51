"""Why each paragraph of a dump was kept or dropped, in words a user can check.

Reasons come from two places: plain facts about the paragraph (length, punctuation, repetition,
position against the main run of prose) and the features that moved the model's score most for
this paragraph (each tree split's change in output, summed per feature).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from reader.ingest.text_dump.decide import Analysis
from reader.ingest.text_dump.features import FEATURE_NAMES, main_run

# What a feature means when it pushes towards keeping (+) or dropping (-) a paragraph.
_FEATURE_WORDS: dict[str, str] = {
    "words": "length",
    "wlen": "length",
    "chars": "length",
    "n_lines": "lines in its block",
    "group_size": "size of its blank-line group",
    "group_mean_wlen": "length of its blank-line group",
    "ends_sentence": "sentence ending",
    "stop_ratio": "share of function words",
    "ui_ratio": "interface words",
    "cap_ratio": "capitalised words",
    "head_cap": "headline capitals",
    "prose_words_near5": "prose nearby",
    "prose_words_near15": "prose in the neighbourhood",
    "in_main": "main prose run",
    "dist_main_start": "distance from start of main prose run",
    "dist_main_end": "distance from end of main prose run",
    "rel_pos": "position in page",
    "rel_char_pos": "position in page",
    "prose_before_share": "prose before it",
    "repeat": "repetition",
    "short_run": "run of short lines",
    "after_comment_head": "comment section",
    "glued": "headline glued to blurb",
    "label": "bracketed label",
    "item": "list bullet",
}


@dataclass(frozen=True, slots=True)
class Decision:
    """One rebuilt paragraph and what the cleaner did with it."""

    index: int
    text: str
    kind: str  # title, heading, paragraph, list_item, quote, caption, or junk
    keep: bool
    score: float  # the model's probability that it is article text
    reasons: tuple[str, ...]


def explain(a: Analysis) -> list[Decision]:
    """Decisions for every paragraph of an analysis, in page order."""
    if not a.paras:
        return []
    contrib = a.model.contributions(a.x)
    run_start, run_end = main_run(a.shapes)
    col = {name: j for j, name in enumerate(FEATURE_NAMES)}
    out: list[Decision] = []
    for i, p in enumerate(a.paras):
        keep = a.keep[i] or a.title == i
        reasons = _facts(a, i, col, run_start, run_end)
        reasons[1:1] = _model_reasons(contrib[i])
        out.append(
            Decision(
                index=i,
                text=p.text,
                kind=a.roles[i] or "junk",
                keep=keep,
                score=round(float(a.prob[i]), 3),
                reasons=tuple(reasons[:6]),
            )
        )
    return out


def _facts(a: Analysis, i: int, col: dict[str, int], start: int, end: int) -> list[str]:
    p, s, x = a.paras[i], a.shapes[i], a.x[i]
    facts: list[str] = [f"{s.chars} characters" if s.cjk else f"{s.words} words"]
    if a.rule[i]:
        facts.insert(0, a.rule[i])
    if p.label:
        facts.append("bracketed label (image or link)")
    if s.ends_sentence:
        facts.append("ends like a sentence")
    if start <= i <= end:
        facts.append("inside main prose run")
    elif end >= start:
        gap = start - i if i < start else i - end
        side = "before" if i < start else "after"
        facts.append(f"{gap} paragraphs {side} the main prose run")
    run = int(x[col["short_run"]])
    if run >= 3:
        facts.append(f"short line in a run of {run} short lines (menu)")
    rep = int(x[col["repeat"]])
    if rep > 1:
        facts.append(f"repeated {rep}x")
    if s.ui_ratio >= 0.3:
        facts.append("interface words")
    if x[col["after_comment_head"]]:
        facts.append("after a comments heading")
    return facts


def _model_reasons(contrib: np.ndarray) -> list[str]:
    order = np.argsort(-np.abs(contrib))
    out: list[str] = []
    for j in order[:6]:
        if abs(contrib[j]) < 0.25:
            break
        words = _FEATURE_WORDS.get(FEATURE_NAMES[j], FEATURE_NAMES[j].replace("_", " "))
        phrase = f"model: {words} {'favours keeping' if contrib[j] > 0 else 'favours dropping'}"
        if phrase not in out:
            out.append(phrase)
        if len(out) == 2:
            break
    return out


def format_explanation(decisions: list[Decision], width: int = 60) -> str:
    """A plain-text table: one line per paragraph with decision, score, role, text, reasons."""
    lines = [f"{'#':>4}  {'keep':4}  {'score':>5}  {'kind':10}  {'text':{width}}  reasons"]
    for d in decisions:
        text = d.text if len(d.text) <= width else d.text[: width - 1] + "…"
        lines.append(
            f"{d.index:>4}  {'yes' if d.keep else 'no':4}  {d.score:5.2f}  {d.kind:10}  "
            f"{text:{width}}  {'; '.join(d.reasons)}"
        )
    return "\n".join(lines) + "\n"


def brief_reasons(a: Analysis) -> list[str]:
    """One short reason per paragraph the cleaner dropped ("" for kept ones and the title).

    The reader shows it when a person hovers over removed text: the rule that decided, else the
    plainest fact that tells a paragraph from article text, else the model's score.
    """
    out = [""] * len(a.paras)
    if not a.paras:
        return out
    start, end = main_run(a.shapes)
    col = {name: j for j, name in enumerate(FEATURE_NAMES)}
    runs = a.x[:, col["short_run"]].astype(int).tolist()
    repeats = a.x[:, col["repeat"]].astype(int).tolist()
    comments = a.x[:, col["after_comment_head"]].tolist()
    for i, p in enumerate(a.paras):
        if a.keep[i] or a.title == i:
            continue
        run, rep = runs[i], repeats[i]
        if a.rule[i]:
            out[i] = a.rule[i]
        elif p.label:
            out[i] = "image or link label"
        elif comments[i]:
            out[i] = "after a comments heading"
        elif run >= 3:
            out[i] = f"menu: one of {run} short lines"
        elif rep > 1:
            out[i] = f"printed {rep} times on the page"
        elif a.shapes[i].ui_ratio >= 0.3:
            out[i] = "page interface words"
        elif end >= start and not start <= i <= end:
            out[i] = f"{'before' if i < start else 'after'} the article's main text"
        else:
            out[i] = f"does not read like article text (score {float(a.prob[i]):.2f})"
    return out
