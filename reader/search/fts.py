"""A parsed `Query` as one FTS5 expression, always valid whatever the person typed.

Every term reaches FTS5 inside double quotes (inner quotes doubled), so FTS5 reads it as a
string to tokenize, never as syntax: ``AND``, ``NEAR(``, ``title:`` or ``*`` typed by a person are
only words. The only operators here are the ones this module writes: juxtaposition (AND),
``OR`` between exclusions, ``NOT``, a ``*`` after a closing quote, and the ``grams :`` column
filter.

A term in a script written without spaces is matched in the index's ``grams`` column as the
phrase of its character pairs (see `reader.search.grams`); the rest of it, if any (Latin words
in a quoted phrase with Japanese), as words.
"""

from __future__ import annotations

from dataclasses import dataclass

from reader.search.grams import has_spaceless, query_grams, runs, without_runs
from reader.search.query import Query, Term, has_word


def quote(text: str) -> str:
    """An FTS5 string: whatever is inside is tokenized, never parsed as syntax."""
    return '"' + text.replace('"', '""') + '"'


@dataclass(frozen=True, slots=True)
class MatchPlan:
    """The FTS5 side of a query.

    ``expression`` matches what the positive terms ask for, without the excluded terms (None
    when no term is positive); ``excluded`` matches any excluded term (for a query of
    exclusions only). ``words`` says whether some positive term is a plain word, which FTS5's
    ``snippet()`` can mark. To mark matches in Python (`reader.search.snippets.spans`):
    ``word_terms`` are the positive terms' words (text, prefix?), ``needles`` their runs of
    text without spaces (normalised).
    """

    expression: str | None
    excluded: str | None
    words: bool
    needles: tuple[str, ...]
    word_terms: tuple[tuple[str, bool], ...] = ()

    @property
    def has_positive(self) -> bool:
        return self.expression is not None


def _gram_phrase(tokens: list[str]) -> str:
    if len(tokens) == 1 and len(tokens[0]) == 5:  # one character: the pairs starting with it
        return f"grams : {quote(tokens[0])}*"
    return f"grams : {quote(' '.join(tokens))}"


def term_expression(term: Term) -> tuple[str | None, bool]:
    """The expression for one term (ignoring its negation), and whether it has plain words;
    None if the term has nothing to match."""
    text = term.text
    star = "*" if term.prefix else ""
    if not has_spaceless(text):
        return quote(text) + star, True
    parts = [_gram_phrase(tokens) for tokens in query_grams(text)]
    rest = without_runs(text)
    words = has_word(rest)
    if words:
        parts.insert(0, quote(rest) + (star if not has_spaceless(text[-1]) else ""))
    return (" ".join(parts) if parts else None), words


def plan(query: Query) -> MatchPlan:
    positive: list[str] = []
    negative: list[str] = []
    words = False
    needles: list[str] = []
    word_terms: list[tuple[str, bool]] = []
    for term in query.terms:
        expression, has_words = term_expression(term)
        if expression is None:
            continue
        if term.negated:
            negative.append(f"({expression})")
            continue
        positive.append(expression)
        words = words or has_words
        needles.extend(runs(term.text))
        if has_words:
            rest = without_runs(term.text) if has_spaceless(term.text) else term.text
            word_terms.append((rest, term.prefix))
    excluded = " OR ".join(negative) if negative else None
    expression = " ".join(positive) if positive else None
    if expression is not None and excluded is not None:
        expression = f"({expression}) NOT ({excluded})"
    return MatchPlan(
        expression,
        excluded,
        words,
        tuple(dict.fromkeys(needles)),
        tuple(dict.fromkeys(word_terms)),
    )
