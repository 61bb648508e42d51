"""Character bigrams for scripts written without spaces (Chinese, Japanese, Thai, …).

SQLite's ``unicode61`` tokenizer splits words at spaces and punctuation, so a Japanese sentence
is one long "word" and 改造 inside it is never found. Each search index therefore has a
``grams`` column holding the overlapping character pairs of every such run of text: 改造する
is indexed as the pairs 改造 造す する. Any substring of two or more characters is then the FTS5
phrase of its own pairs (改造す → 改造 造す), which matches exactly where the substring occurs:
no dictionary, no language guessing. ``notes/search.md`` has the measurements (index size,
build and query time) against a trigram index and dictionary segmentation.

A pair is written as one ASCII token (``x`` and the two code points in base 36, four digits
each), so the index's ``unicode61`` tokenizer keeps it whole whatever the script: it would split
Thai at its vowel marks. A run is a stretch of such characters together with any letters or
digits written against it without a space ("Sonyの改造" is one run); those Latin words are
added to the column as plain words too, so "sony" finds it. Runs are separated by a token that
no query produces, so a phrase never spans two runs.

The same function builds the index (SQLite calls `index_grams` as ``margin_grams``, registered
on every connection by `reader.store.db`) and the queries (`query_grams`). Changing what it
returns changes the index: that needs a migration that rebuilds the search indexes.
"""

from __future__ import annotations

import operator
import re
import unicodedata

# Scripts written without spaces between words (and Hangul, whose particles are written
# against the word they follow).
_SPACELESS = (
    "\u0e00-\u0e7f"  # Thai
    "\u0e80-\u0eff"  # Lao
    "\u1000-\u109f"  # Myanmar
    "\u1100-\u11ff"  # Hangul Jamo
    "\u1780-\u17ff"  # Khmer
    "\u3005-\u3007"  # 々 〆 〇
    "\u3041-\u30fa\u30fc-\u30ff"  # Hiragana, Katakana (not the middle dot ・)
    "\u3100-\u312f"  # Bopomofo
    "\u3130-\u318f"  # Hangul compatibility Jamo
    "\u31f0-\u31ff"  # Katakana phonetic extensions
    "\u3400-\u4dbf"  # CJK extension A
    "\u4e00-\u9fff"  # CJK unified ideographs
    "\uac00-\ud7af"  # Hangul syllables
    "\uf900-\ufaff"  # CJK compatibility ideographs
    "\uff66-\uff9f"  # half-width Katakana
    "\U00020000-\U0003134f"  # CJK extensions B-G and compatibility supplement
)
_HAS_SPACELESS = re.compile(f"[{_SPACELESS}]")
_CORE = re.compile(f"[{_SPACELESS}]+")
# A run: a stretch of letters, digits and marks that holds a character of those scripts. It is
# found from its core of such characters, grown over the letters written against it.
_WORDISH = re.compile(f"(?:[^\\W_]|[\u0300-\u036f{_SPACELESS}])+")
_LATIN = re.compile(rf"(?:(?![{_SPACELESS}])[^\W_]|[\u0300-\u036f])+")
SEPARATOR = "xsep0"
_B36 = "0123456789abcdefghijklmnopqrstuvwxyz"


def has_spaceless(text: str) -> bool:
    """Whether ``text`` contains any character of a script written without spaces."""
    return _HAS_SPACELESS.search(text) is not None


def normalize(text: str) -> str:
    if not unicodedata.is_normalized("NFKC", text):
        text = unicodedata.normalize("NFKC", text)
    return text.casefold()


def runs(text: str) -> list[str]:
    """The normalised runs of spaceless script in ``text``, in order."""
    if not text or not has_spaceless(text):
        return []
    norm = normalize(text)
    found: list[str] = []
    reached = -1
    for core in _CORE.finditer(norm):
        start, end = core.span()
        if start < reached:
            continue  # the previous run grew over this one
        while start > 0 and _WORDISH.match(norm, start - 1):
            start -= 1
        grown = _WORDISH.match(norm, end)
        end = grown.end() if grown else end
        found.append(norm[start:end])
        reached = end
    return found


def without_runs(text: str) -> str:
    """``text`` normalised, with its runs (and the letters written against them) removed."""
    kept = (w for w in _WORDISH.findall(normalize(text)) if not _HAS_SPACELESS.search(w))
    return " ".join(kept)


def _base36(ch: str) -> str:
    n = ord(ch)
    return "".join(_B36[(n // 36**k) % 36] for k in (3, 2, 1, 0))


class _FirstCodes(dict[str, str]):
    """``x`` and a character's four base-36 digits: the start of a pair token (cached)."""

    def __missing__(self, ch: str) -> str:
        code = self[ch] = "x" + _base36(ch)
        return code


class _SecondCodes(dict[str, str]):
    def __missing__(self, ch: str) -> str:
        code = self[ch] = _base36(ch)
        return code


_FIRST, _SECOND = _FirstCodes(), _SecondCodes()


def _pair_text(run: str) -> str:
    """The run's overlapping pairs as space-separated tokens (one token for one character).
    Built with ``map`` over cached codes: this runs for every character of CJK text imported."""
    if len(run) == 1:
        return _FIRST[run]
    firsts = map(_FIRST.__getitem__, run[:-1])
    return " ".join(map(operator.add, firsts, map(_SECOND.__getitem__, run[1:])))


def _pairs(run: str) -> list[str]:
    return _pair_text(run).split(" ")


def index_grams(text: str | None) -> str:
    """What the ``grams`` column holds for ``text``: pair tokens, runs apart, Latin words.

    Called by SQLite from triggers and views, so it never raises: that would abort the write.
    """
    try:
        found = runs(text or "")
        if not found:
            return ""
        parts = [_pair_text(r) for r in found]
        parts += [w for r in found for w in _LATIN.findall(r)]
        return f" {SEPARATOR} ".join(parts)
    except Exception:  # pragma: no cover - defensive; see docstring
        return ""


def query_grams(term: str) -> list[list[str]]:
    """The phrases (lists of pair tokens) a query term must match, one per run. A run of one
    character is a one-token list that the caller searches as a prefix (the pairs starting
    with that character)."""
    return [_pairs(r) for r in runs(term)]
