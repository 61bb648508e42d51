"""The search language a person types, parsed into a `Query`; nothing here can fail.

    spring rivers            every word must match (case and accents ignored)
    "night train"            an exact phrase
    ukrain*                  words starting with ukrain
    -draft  -"first draft"   leave out what matches
    in:highlights            only highlights (in:articles, in:notes; in:highlights,notes)
    color:green  tag:travel  site:example.org     filters (tag:"two words" for spaces)

Everything else is plain words: an unbalanced quote, ``AND``/``OR``/``NOT``, ``NEAR(``, a lone
``*``, ``title:``, ``^`` or SQL. The parser never raises, and it never builds FTS syntax from the
user's characters: `reader.search.fts` quotes every term it makes. Filters with an unknown value
(``color:chartreuse``) are read as words too, with a warning the caller can show.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from reader.store.records import COLORS

KINDS: tuple[str, ...] = ("article", "highlight", "note")
_KIND_NAMES = {
    "article": "article",
    "articles": "article",
    "highlight": "highlight",
    "highlights": "highlight",
    "note": "note",
    "notes": "note",
}
_FILTER_KEYS = {"in": "in", "color": "color", "colour": "color", "tag": "tag", "site": "site"}
# Characters that end a word and mean nothing on their own: FTS5 operators, brackets, column
# filters. Punctuation inside a word (don't, e-mail, 3.14) stays, so the word is matched as a
# phrase of its parts.
_PIECE = re.compile(r'[^\s():^{}\[\]"+*,;<>=|&~]+')
_WORD_CHAR = re.compile(r"[^\W_]")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


@dataclass(frozen=True, slots=True)
class Term:
    """A word or quoted phrase; ``prefix`` matches words starting with its last word."""

    text: str
    phrase: bool = False
    prefix: bool = False
    negated: bool = False


@dataclass(frozen=True, slots=True)
class Query:
    terms: tuple[Term, ...] = ()
    kinds: frozenset[str] = frozenset(KINDS)
    colors: tuple[str, ...] = ()  # any of these (a highlight has one colour)
    not_colors: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()  # all of these
    not_tags: tuple[str, ...] = ()
    sites: tuple[str, ...] = ()  # any of these
    not_sites: tuple[str, ...] = ()
    warnings: tuple[str, ...] = field(default=(), compare=False)

    @property
    def positive(self) -> tuple[Term, ...]:
        return tuple(t for t in self.terms if not t.negated)

    @property
    def negative(self) -> tuple[Term, ...]:
        return tuple(t for t in self.terms if t.negated)

    @property
    def has_filters(self) -> bool:
        return bool(
            self.kinds != frozenset(KINDS)
            or self.colors
            or self.not_colors
            or self.tags
            or self.not_tags
            or self.sites
            or self.not_sites
        )

    @property
    def is_empty(self) -> bool:
        """Nothing to search for: no words and no filters."""
        return not self.terms and not self.has_filters


def has_word(text: str) -> bool:
    return _WORD_CHAR.search(text) is not None


class _Builder:
    def __init__(self) -> None:
        self.terms: list[Term] = []
        self.kinds: set[str] = set()
        self.not_kinds: set[str] = set()
        self.filters: dict[str, list[str]] = {"color": [], "tag": [], "site": []}
        self.negated_filters: dict[str, list[str]] = {"color": [], "tag": [], "site": []}
        self.warnings: list[str] = []

    def words(self, text: str, negated: bool, *, live_tail: bool = False) -> None:
        """Plain (unquoted) text: split at syntax characters; a trailing ``*`` means prefix."""
        pieces = [(m.start(), m.end()) for m in _PIECE.finditer(text)]
        for n, (start, end) in enumerate(pieces):
            piece = text[start:end].strip("-'.")
            if not has_word(piece):
                continue
            last = n == len(pieces) - 1 and end == len(text)
            prefix = text[end : end + 1] == "*" or (live_tail and last and not negated)
            self.terms.append(Term(piece, prefix=prefix, negated=negated))

    def phrase(self, text: str, negated: bool, prefix: bool) -> None:
        if has_word(text):
            words = " ".join(text.split())
            self.terms.append(Term(words, phrase=True, prefix=prefix, negated=negated))

    def filter(self, key: str, value: str, negated: bool, raw: str) -> bool:
        """Apply ``key:value``; False when the value is not valid (the caller reads words)."""
        value = value.strip()
        if not value:
            return False
        if key == "in":
            names = [v for v in (x.strip().lower() for x in value.split(",")) if v]
            kinds = [_KIND_NAMES.get(n) for n in names]
            if not names or None in kinds:
                self.warnings.append(
                    f"{raw!r}: in: takes articles, highlights or notes; read as words"
                )
                return False
            (self.not_kinds if negated else self.kinds).update(k for k in kinds if k)
            return True
        if key == "color":
            names = [v for v in (x.strip().lower() for x in value.split(",")) if v]
            colors = [_color(n) for n in names]
            if not names or None in colors:
                self.warnings.append(
                    f"{raw!r}: unknown colour; choose {', '.join(COLORS)}; read as words"
                )
                return False
            target = self.negated_filters if negated else self.filters
            target["color"].extend(c for c in colors if c)
            return True
        value = " ".join(value.lstrip("#").split()) if key == "tag" else value.lower()
        if not value:
            return False
        (self.negated_filters if negated else self.filters)[key].append(value)
        return True

    def build(self) -> Query:
        kinds = set(self.kinds or KINDS) - self.not_kinds
        if not kinds:
            self.warnings.append("the in: filters leave no kind of result")
        return Query(
            terms=tuple(self.terms),
            kinds=frozenset(kinds),
            colors=_unique(self.filters["color"]),
            not_colors=_unique(self.negated_filters["color"]),
            tags=_unique(self.filters["tag"], fold=True),
            not_tags=_unique(self.negated_filters["tag"], fold=True),
            sites=_unique(self.filters["site"]),
            not_sites=_unique(self.negated_filters["site"]),
            warnings=tuple(self.warnings),
        )


def _color(name: str) -> str | None:
    if name.isdigit() and 1 <= int(name) <= len(COLORS):
        return COLORS[int(name) - 1]
    return name if name in COLORS else None


def _unique(values: list[str], fold: bool = False) -> tuple[str, ...]:
    seen: dict[str, str] = {}
    for v in values:
        seen.setdefault(v.lower() if fold else v, v)
    return tuple(seen.values())


_FILTER_RE = re.compile(r"(?i)(in|colou?r|tag|site):")


def parse_query(text: str, *, live: bool = False) -> Query:
    """Parse what a person typed. With ``live`` (search as you type), the last word, if the
    text does not end with a space, is read as a prefix: results appear before it is finished.
    """
    b = _Builder()
    # Control characters (NUL would end the FTS5 string early) are spaces here.
    text = _CONTROL.sub(" ", text or "")
    i, n = 0, len(text)
    while i < n:
        if text[i].isspace():
            i += 1
            continue
        negated = False
        if text[i] == "-" and i + 1 < n and not text[i + 1].isspace():
            negated, i = True, i + 1
        if text[i] == '"':
            close = text.find('"', i + 1)
            if close < 0:  # unbalanced: the quote means nothing, the rest is words
                i += 1
                continue
            prefix = text[close + 1 : close + 2] == "*"
            b.phrase(text[i + 1 : close], negated, prefix)
            i = close + 1 + (1 if prefix else 0)
            continue
        m = _FILTER_RE.match(text, i)
        if m:
            key = _FILTER_KEYS[m.group(1).lower()]
            j = m.end()
            if text[j : j + 1] == '"' and text.find('"', j + 1) > 0:
                close = text.find('"', j + 1)
                value, end = text[j + 1 : close], close + 1
            else:
                end = j
                while end < n and not text[end].isspace():
                    end += 1
                value = text[j:end]
            if b.filter(key, value, negated, text[i:end]):
                i = end
                continue
        end = i
        while end < n and not text[end].isspace() and text[end] != '"':
            end += 1
        b.words(text[i:end], negated, live_tail=live and end == n)
        i = end
    return b.build()
