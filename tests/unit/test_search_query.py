"""The query language, without a database: what each form parses to, and FTS5 expressions in
which every character a person typed sits inside a quoted string."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.search.fts import plan, quote
from reader.search.query import KINDS, Term, parse_query


def test_each_form() -> None:
    q = parse_query('rivers "night train" ukrain* -draft -"first draft"')
    assert q.terms == (
        Term("rivers"),
        Term("night train", phrase=True),
        Term("ukrain", prefix=True),
        Term("draft", negated=True),
        Term("first draft", phrase=True, negated=True),
    )
    q = parse_query('in:highlights,notes color:Green colour:3 tag:"two  words" site:Example.org')
    assert q.terms == ()
    assert q.kinds == frozenset({"highlight", "note"})
    assert q.colors == ("green", "blue")
    assert q.tags == ("two words",)
    assert q.sites == ("example.org",)
    q = parse_query("-in:notes -tag:#Draft -site:ads -color:pink")
    assert q.kinds == frozenset({"article", "highlight"})
    assert (q.not_tags, q.not_sites, q.not_colors) == (("Draft",), ("ads",), ("pink",))


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ('"unbalanced quote', ["unbalanced", "quote"]),
        ("AND OR NOT", ["AND", "OR", "NOT"]),
        ("NEAR(a b, 3)", ["NEAR", "a", "b", "3"]),
        ("*", []),
        ("'; DROP TABLE articles; --", ["DROP", "TABLE", "articles"]),
        ("title:rivers", ["title", "rivers"]),
        ("^start", ["start"]),
        ("e-mail don't 3.14", ["e-mail", "don't", "3.14"]),
        ("color:chartreuse", ["color", "chartreuse"]),
        ("in:everything", ["in", "everything"]),
        ("tag:", ["tag"]),
        ("a\x00b", ["a", "b"]),
    ],
)
def test_anything_else_is_plain_words(text: str, words: list[str]) -> None:
    assert [t.text for t in parse_query(text).terms] == words


def test_unknown_filter_values_warn() -> None:
    assert "chartreuse" in parse_query("color:chartreuse").warnings[0]
    assert "in:" in parse_query("in:everything").warnings[0]
    assert parse_query("-in:articles -in:highlights -in:notes").warnings


def test_live_search_reads_the_last_word_as_a_prefix() -> None:
    assert parse_query("night tra", live=True).terms[-1] == Term("tra", prefix=True)
    assert parse_query("night tra ", live=True).terms[-1] == Term("tra")
    assert parse_query("night -tra", live=True).terms[-1] == Term("tra", negated=True)
    assert parse_query("night tra").terms[-1] == Term("tra")


def test_empty() -> None:
    for text in ("", "  ", "*", "^", '""', "-", "- -"):
        assert parse_query(text).is_empty
    assert not parse_query("tag:x").is_empty
    assert parse_query("tag:x").kinds == frozenset(KINDS)


def test_quote_doubles_quotes() -> None:
    assert quote('say "hi"') == '"say ""hi"""'


_OURS = re.compile(r'"(?:[^"]|"")*"|\*|\(|\)|NOT|OR|grams :|\s')


@settings(derandomize=True)
@given(st.text(max_size=40))
def test_expressions_only_hold_our_operators(text: str) -> None:
    """Strip every quoted string and the operators we write: nothing may be left."""
    match = plan(parse_query(text))
    for expression in (match.expression, match.excluded):
        if expression is not None:
            assert _OURS.sub("", expression) == "", expression
