"""Numbers describing each paragraph and its neighbourhood, for the keep/drop classifier.

Everything is shape: lengths, punctuation, capitalisation, shares of function words and interface
words, repetition, and where the paragraph sits relative to the densest run of prose. Nothing
names a site or a phrase, so the same evidence works on pages and renderers never seen.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

import numpy as np

from reader.ingest.text_dump.paragraphs import Para
from reader.ingest.text_dump.vocab import (
    CAPTION_WORDS,
    COMMENT_WORDS,
    STOP_WORDS,
    UI_WORDS,
    YOU_WORDS,
)

_WORD_RE = re.compile(r"\w+", re.UNICODE)
_CJK_RE = re.compile("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")
_SENTENCE_END_RE = re.compile(r"[.!?…。！？:;][\"'”’»)\]]*$")
_TIME_RE = re.compile(r"\b\d{1,2}:\d{2}\b")
_DATE_RE = re.compile(
    r"\b(19|20)\d{2}\b|\b\d{1,2}[./-]\d{1,2}[./-]\d{2,4}\b|\b\d{1,2}(st|nd|rd|th)?\s+\w{3,9}\b"
)
_SEP_RE = re.compile(r"\s[|/·•»›>]\s|\s[-–—]\s")
_SENT_SPLIT_RE = re.compile(r"(?<![.!?。！？])[.!?。！？]++[\"'”’»)]*+\s")
_NORM_RE = re.compile(r"\W+", re.UNICODE)
_ENTITY_RE = re.compile(r"&(#\d{1,6}|#x[0-9a-fA-F]{1,6}|[a-zA-Z]{2,8});")
_GLUED_RE = re.compile(r"[a-z]{2}[.!?]?[A-Z][a-z]")
_SLUG_RE = re.compile(r"[^\W_]+(?:[-_.][^\W_]+){2,}")
_END_MARKER_RE = re.compile(
    r"\W{0,3}(?:(?:with |additional )*(?:reporting|editing|writing|research|contributing"
    r"|compiled|produced|edited|written|researched)\b[\w ,]{0,30}?\bby\b|©|\(c\) |copyright\b)",
    re.IGNORECASE,
)
# Wire-style closing credits ("With reporting by ...", "Editing by ...") in a few languages.
_CREDIT_RE = re.compile(
    r"\W{0,3}(?:(?:with |additional )*(?:reporting|editing)\b[\w ,]{0,30}?\bby\b"
    r"|con información de|com informações d|mit material von|при участии)",
    re.IGNORECASE,
)
_BYLINE_WORDS = frozenset(
    ["by", "von", "par", "por", "di", "oleh", "door", "av", "af", "от", "автор"]
)

# Weight of the heuristic "prose" evidence when finding the main run (see `main_run`).
_PROSE_MIN_WORDS = 15


@dataclass(slots=True)
class Shape:
    """Per-paragraph facts computed once and reused by features, rules and explanations."""

    words: int  # \w+ tokens, each CJK character a token
    wlen: float  # words, with CJK characters counted as half a word (a CJK word is ~2 chars)
    chars: int
    ends_sentence: bool
    stop_ratio: float
    ui_ratio: float
    cap_ratio: float  # share of alphabetic words starting with a capital
    upper_ratio: float  # share of letters in upper case
    digit_ratio: float
    sentences: int
    commas: int
    seps: int  # " | ", " / ", " - " style separators (link lists, bylines)
    has_time: bool
    has_date: bool
    cjk: bool
    starts_lower: bool
    key: str  # normalised text, for repetition
    prose: bool  # heuristic: long, sentence-like text
    head_cap: float  # share of capitalised words among the first six (headlines, names)
    glued: int  # a lower-case word run straight into a capital: headline glued to a blurb
    entity: bool  # an undecoded HTML entity: alt text and attributes, not rendered prose
    byline: bool  # starts with "by" in some language
    quote: bool  # starts with a quotation mark
    mean_word: float  # mean word length in characters
    alpha_ratio: float  # letters among all characters (rules, symbols, numbers are low)
    slug: bool  # a file or URL slug such as an image name
    doubled: bool  # the same text twice in a row: a card's image alt run into its link text
    caption_words: int  # photo/credit vocabulary
    comment_head: bool  # a short line announcing reader comments
    you_ratio: float  # second-person words: calls to action, notices, prompts
    end_marker: bool  # a credit ("Reporting by ...") or copyright line, which ends articles
    credit: bool  # a wire-style closing credit: the article's last line


def shape(p: Para) -> Shape:
    """Measure one paragraph."""
    text = p.text
    cjk_n = len(_CJK_RE.findall(text)) if not text.isascii() else 0
    latin = _CJK_RE.sub(" ", text) if cjk_n else text
    toks = _WORD_RE.findall(latin)
    nw = len(toks)
    words = nw + cjk_n
    wlen = nw + cjk_n / 2.0
    low = [t.lower() for t in toks]
    stop = sum(map(STOP_WORDS.__contains__, low))
    ui = sum(map(UI_WORDS.__contains__, low))
    alpha = [t for t in toks if t[0].isalpha()]
    caps = sum(1 for t in alpha if t[0].isupper())
    n_letters = sum(map(str.isalpha, text))
    letters = n_letters or 1
    uppers = sum(map(str.isupper, text))
    digits = sum(map(str.isdigit, text))
    ends = bool(_SENTENCE_END_RE.search(text[-12:]))
    stop_ratio = stop / nw if nw else 0.0
    is_cjk = cjk_n > nw
    sentences = len(_SENT_SPLIT_RE.findall(text + " "))
    prose = not p.label and (
        (wlen >= _PROSE_MIN_WORDS and (ends or stop_ratio >= 0.25))
        or (is_cjk and cjk_n >= 40 and ends)
    )
    first = text.lstrip("\"'“‘«([ ")
    head = alpha[:6]
    return Shape(
        words=words,
        wlen=wlen,
        chars=len(text),
        ends_sentence=ends,
        stop_ratio=stop_ratio,
        ui_ratio=ui / nw if nw else 0.0,
        cap_ratio=caps / len(alpha) if alpha else 0.0,
        upper_ratio=uppers / letters,
        digit_ratio=digits / max(len(text), 1),
        sentences=sentences,
        commas=text.count(",") + text.count("、") + text.count("，"),
        seps=len(_SEP_RE.findall(text)),
        has_time=bool(_TIME_RE.search(text)),
        has_date=bool(_DATE_RE.search(text)),
        cjk=is_cjk,
        starts_lower=bool(first) and first[0].islower(),
        key=_NORM_RE.sub(" ", text.lower()).strip(),
        prose=prose,
        head_cap=sum(1 for t in head if t[0].isupper()) / len(head) if head else 0.0,
        glued=len(_GLUED_RE.findall(text)),
        entity=bool(_ENTITY_RE.search(text)),
        byline=bool(low) and low[0] in _BYLINE_WORDS,
        quote=text[:1] in "\"'“‘«„",
        mean_word=sum(len(t) for t in toks) / nw if nw else 0.0,
        alpha_ratio=n_letters / max(len(text), 1),
        slug=" " not in text and len(text) < 300 and bool(_SLUG_RE.fullmatch(text)),
        doubled=_doubled(text),
        caption_words=sum(1 for t in low if t in CAPTION_WORDS),
        comment_head=words <= 6 and any(t in COMMENT_WORDS for t in low),
        you_ratio=sum(1 for t in low if t in YOU_WORDS) / nw if nw else 0.0,
        end_marker=words <= 40 and bool(_END_MARKER_RE.match(text)),
        credit=words <= 40 and bool(_CREDIT_RE.match(text)),
    )


def _doubled(text: str) -> bool:
    t = text.replace(" ", "")
    half = len(t) // 2
    return len(t) >= 16 and len(t) % 2 == 0 and t[:half] == t[half:]


def main_run(shapes: list[Shape]) -> tuple[int, int]:
    """The stretch of paragraphs with the most prose net of junk (maximum-sum segment).

    Prose counts its words; every other paragraph costs a little, so a few lines of player debris
    inside an article do not split it, while a long menu or link list does.
    """
    best, best_span = 0.0, (0, -1)
    run, start = 0.0, 0
    for i, s in enumerate(shapes):
        gain = s.wlen if s.prose else -(2.0 + min(s.wlen, 12.0) * 0.25)
        if run <= 0:
            run, start = 0.0, i
        run += gain
        if run > best:
            best, best_span = run, (start, i)
    return best_span


FEATURE_NAMES: tuple[str, ...] = (
    "words",
    "wlen",
    "chars",
    "n_lines",
    "group_size",
    "group_pos",
    "item",
    "depth",
    "label",
    "ends_sentence",
    "stop_ratio",
    "ui_ratio",
    "cap_ratio",
    "upper_ratio",
    "digit_ratio",
    "sentences",
    "commas_per_word",
    "seps",
    "has_time",
    "has_date",
    "cjk",
    "starts_lower",
    "prose",
    "repeat",
    "rel_pos",
    "rel_char_pos",
    "prose_before_share",
    "in_main",
    "dist_main_start",
    "dist_main_end",
    "main_share",
    "prev_wlen",
    "next_wlen",
    "prev_prose",
    "next_prose",
    "prose_words_near5",
    "prose_words_near15",
    "gap_prose_before",
    "gap_prose_after",
    "short_run",
    "group_mean_wlen",
    "doc_prose_words",
    "head_cap",
    "glued",
    "entity",
    "byline",
    "quote",
    "mean_word",
    "dup_adjacent",
    "prev_ends",
    "next_ends",
    "items_near5",
    "labels_near5",
    "time_near5",
    "prev2_wlen",
    "next2_wlen",
    "n_paras",
    "alpha_ratio",
    "prev_label",
    "next_label",
    "slug",
    "caption_words",
    "comment_head",
    "after_comment_head",
    "you_ratio",
    "end_marker",
    "after_end_marker",
)


def feature_matrix(paras: list[Para], shapes: list[Shape]) -> np.ndarray:
    """One row of FEATURE_NAMES per paragraph."""
    n = len(paras)
    x = np.zeros((n, len(FEATURE_NAMES)), dtype=np.float64)
    if n == 0:
        return x
    wl = np.array([s.wlen for s in shapes])
    prose = np.array([s.prose for s in shapes], dtype=bool)
    pw = np.where(prose, wl, 0.0)
    cum_pw = np.concatenate(([0.0], np.cumsum(pw)))
    total_pw = cum_pw[-1] or 1.0
    chars = np.array([s.chars for s in shapes], dtype=np.float64)
    cum_chars = np.concatenate(([0.0], np.cumsum(chars)))
    total_chars = cum_chars[-1] or 1.0
    reps = Counter(s.key for s in shapes)
    a, b = main_run(shapes)
    main_words = float(cum_pw[b + 1] - cum_pw[a]) if b >= a else 0.0

    # Distances to the nearest prose paragraph on each side.
    gap_before = np.full(n, 99.0)
    last = -1
    for i in range(n):
        if last >= 0:
            gap_before[i] = min(i - last, 99)
        if prose[i]:
            last = i
    gap_after = np.full(n, 99.0)
    nxt = -1
    for i in range(n - 1, -1, -1):
        if nxt >= 0:
            gap_after[i] = min(nxt - i, 99)
        if prose[i]:
            nxt = i
    # Runs of short paragraphs (menus, tag lists, pickers).
    short = wl <= 5
    run_len = np.zeros(n)
    i = 0
    while i < n:
        j = i
        while j < n and short[j] == short[i]:
            j += 1
        run_len[i:j] = (j - i) if short[i] else 0
        i = j
    # Mean length of the paragraphs in the same blank-line group.
    group_mean = np.zeros(n)
    i = 0
    while i < n:
        j = i + paras[i].group_size
        group_mean[i:j] = wl[i:j].mean()
        i = max(j, i + 1)

    idx = np.arange(n)
    item = np.array([p.item for p in paras], dtype=float)
    lab = np.array([p.label for p in paras], dtype=float)
    tim = np.array([s.has_time or s.has_date for s in shapes], dtype=float)
    ends = np.array([s.ends_sentence for s in shapes], dtype=float)
    keys = [s.key for s in shapes]
    dup = [
        (i > 0 and keys[i - 1] == keys[i]) or (i + 1 < n and keys[i + 1] == keys[i])
        for i in range(n)
    ]

    def near(v: np.ndarray, k: int = 5) -> np.ndarray:
        c = np.concatenate(([0.0], np.cumsum(v)))
        lo, hi = np.maximum(idx - k, 0), np.minimum(idx + k + 1, n)
        return (c[hi] - c[lo] - v) / np.maximum(hi - lo - 1, 1)

    # Paragraphs after a comment-section line that itself follows some prose.
    after_comments = np.zeros(n)
    seen_prose, seen_head = False, False
    for i, s in enumerate(shapes):
        after_comments[i] = seen_head
        seen_prose = seen_prose or s.prose
        seen_head = seen_head or (seen_prose and s.comment_head)
    # Paragraphs after a credit or copyright line that follows some prose: the article is over.
    after_end = np.zeros(n)
    seen_prose, seen_end = False, False
    for i, s in enumerate(shapes):
        after_end[i] = seen_end
        seen_prose = seen_prose or s.prose
        seen_end = seen_end or (seen_prose and s.end_marker)
    items_near, labels_near, time_near = near(item), near(lab), near(tim)
    near5 = cum_pw[np.minimum(idx + 6, n)] - cum_pw[np.maximum(idx - 5, 0)] - pw
    near15 = cum_pw[np.minimum(idx + 16, n)] - cum_pw[np.maximum(idx - 15, 0)] - pw
    for i, (p, s) in enumerate(zip(paras, shapes, strict=True)):
        in_main = a <= i <= b
        x[i] = (
            s.words,
            s.wlen,
            s.chars,
            p.n_lines,
            p.group_size,
            p.group_pos,
            p.item,
            p.depth,
            p.label,
            s.ends_sentence,
            s.stop_ratio,
            s.ui_ratio,
            s.cap_ratio,
            s.upper_ratio,
            s.digit_ratio,
            s.sentences,
            s.commas / max(s.words, 1),
            s.seps,
            s.has_time,
            s.has_date,
            s.cjk,
            s.starts_lower,
            s.prose,
            reps[s.key],
            i / n,
            cum_chars[i] / total_chars,
            cum_pw[i] / total_pw,
            in_main,
            i - a,
            i - b,
            main_words / total_pw,
            wl[i - 1] if i > 0 else -1.0,
            wl[i + 1] if i + 1 < n else -1.0,
            prose[i - 1] if i > 0 else 0,
            prose[i + 1] if i + 1 < n else 0,
            near5[i],
            near15[i],
            gap_before[i],
            gap_after[i],
            run_len[i],
            group_mean[i],
            total_pw,
            s.head_cap,
            s.glued,
            s.entity,
            s.byline,
            s.quote,
            s.mean_word,
            dup[i],
            ends[i - 1] if i > 0 else -1,
            ends[i + 1] if i + 1 < n else -1,
            items_near[i],
            labels_near[i],
            time_near[i],
            wl[i - 2] if i > 1 else -1.0,
            wl[i + 2] if i + 2 < n else -1.0,
            n,
            s.alpha_ratio,
            lab[i - 1] if i > 0 else 0,
            lab[i + 1] if i + 1 < n else 0,
            s.slug,
            s.caption_words,
            s.comment_head,
            after_comments[i],
            s.you_ratio,
            s.end_marker,
            after_end[i],
        )
    return x
