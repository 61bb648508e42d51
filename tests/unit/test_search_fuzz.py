"""Hypothesis throws arbitrary text at the parser and the real index: never an error, and the
results always make sense (only existing articles; every word of a found article is in it)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from reader.search.fts import plan
from reader.search.query import parse_query
from reader.store import open_library
from reader.store.db import Library
from reader.store.search import match_span, search
from tests.search_library import SearchLibrary, build

EXAMPLES = int(os.environ.get("MARGIN_FUZZ_EXAMPLES", "150"))
SYNTAX = [
    *list("\"*-:()^{}[]+,;<>=|&~'\\%_."),
    "AND",
    "OR",
    "NOT",
    "NEAR",
    "NEAR(",
    "in:",
    "color:",
    "tag:",
    "site:",
    "title:",
    "articles",
    "highlights",
    "green",
    "DROP TABLE",
    "\x00",
    " ",
    "  ",
]
WORDS = ["salmon", "café", "Zürich", "naïve", "trains", "改造", "咖啡", "ข้าว", "Sony", "rail"]
pieces = st.one_of(
    st.sampled_from(SYNTAX),
    st.sampled_from(WORDS),
    st.text(max_size=6),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=4),
)
queries = st.lists(pieces, max_size=12).map("".join)


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Library, SearchLibrary]]:
    folder = tmp_path_factory.mktemp("fuzz")
    library = open_library(Path(folder) / "library.db")
    yield library, build(library, Path(folder) / "articles")
    library.close()


# Derandomized: the same examples every run, so the suite never fails by chance; set
# MARGIN_FUZZ_EXAMPLES higher (and remove derandomize locally) to explore further.
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(text=queries, live=st.booleans())
def test_any_text_is_a_valid_query(
    shared: tuple[Library, SearchLibrary], text: str, live: bool
) -> None:
    library, lib = shared
    query = parse_query(text, live=live)
    results = search(library, query, limit=5)
    ids = {lib.rivers, lib.trains, lib.japanese, lib.chinese, lib.thai}
    for r in results.merged():
        assert r.article_id in ids
        assert "\n" not in r.snippet
        assert all(0 <= s < e <= len(r.snippet) for s, e in r.marks)
    if plan(query).has_positive:
        for r in results.articles:
            match_span(library, r.article_id, query)


PUNCTUATION = [c for c in SYNTAX if len(c) == 1 and not c.isspace() and c not in "-\x00"]


@settings(max_examples=EXAMPLES // 3, deadline=None, derandomize=True)
@example(word="改造", before='"', after="_")  # "_" once became part of the run (not a word char)
@given(
    word=st.sampled_from(WORDS),
    before=st.sampled_from(PUNCTUATION),
    after=st.sampled_from(PUNCTUATION),
)
def test_a_word_wrapped_in_syntax_is_still_found(
    shared: tuple[Library, SearchLibrary], word: str, before: str, after: str
) -> None:
    library, _lib = shared
    plain = {r.article_id for r in search(library, word).articles}
    assert plain, word
    wrapped = {r.article_id for r in search(library, f"{before}{word}{after}").articles}
    if after == "*":  # a prefix finds at least as much
        assert plain <= wrapped
    else:
        assert plain == wrapped
