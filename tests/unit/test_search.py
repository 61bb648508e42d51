"""Search against a real library: every query form and filter, accents, CJK and Thai
substrings, snippets with marks, ranking, hostile input."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from reader.search.snippets import bracket
from reader.store import open_library
from reader.store.db import Library
from reader.store.records import SearchResults
from reader.store.search import match_span, search
from tests.search_library import SearchLibrary, build


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Library, SearchLibrary]]:
    """One library for the whole module: these tests only read it."""
    folder = tmp_path_factory.mktemp("search")
    library = open_library(folder / "library.db")
    yield library, build(library, folder / "articles")
    library.close()


@pytest.fixture
def library(shared: tuple[Library, SearchLibrary]) -> Library:
    return shared[0]


@pytest.fixture
def lib(shared: tuple[Library, SearchLibrary]) -> SearchLibrary:
    return shared[1]


def found(results: SearchResults) -> set[tuple[str, int]]:
    """(kind, id) of every result: the article id, or the highlight or note id."""
    out = set()
    for r in results.merged():
        key = {"article": r.article_id, "highlight": r.highlight_id, "note": r.note_id}[r.kind]
        assert key is not None
        out.add((r.kind, key))
    return out


def article_ids(results: SearchResults) -> list[int]:
    return [r.article_id for r in results.articles]


def test_every_word_must_match(library: Library, lib: SearchLibrary) -> None:
    assert article_ids(search(library, "salmon")) == [lib.rivers]
    assert article_ids(search(library, "salmon town")) == [lib.rivers]
    assert article_ids(search(library, "salmon sleeper")) == []
    # Whole words: a word's beginning alone does not match unless asked for with *.
    assert article_ids(search(library, "salm")) == []
    assert article_ids(search(library, "salm*")) == [lib.rivers]


def test_case_and_accents_are_ignored(library: Library, lib: SearchLibrary) -> None:
    assert article_ids(search(library, "CAFE zurich naive")) == [lib.rivers]
    assert article_ids(search(library, "café Zürich naïve")) == [lib.rivers]
    # "naïve" written in a note is found by "naive", as a note.
    notes = search(library, "naive idee").notes
    assert [(n.highlight_id, n.article_id) for n in notes] == [(lib.zurich, lib.rivers)]


def test_phrases_match_words_in_order(library: Library, lib: SearchLibrary) -> None:
    assert article_ids(search(library, '"night trains bring"')) == [lib.rivers]
    assert article_ids(search(library, '"trains night bring"')) == []
    assert set(article_ids(search(library, '"night train"*'))) == {lib.rivers, lib.trains}


def test_prefixes(library: Library, lib: SearchLibrary) -> None:
    assert set(article_ids(search(library, "timetab*"))) == {lib.trains}
    assert ("note", _note_of_article(library, lib.trains)) in found(search(library, "timetab*"))


def _note_of_article(library: Library, article_id: int) -> int:
    with library.engine.connect() as conn:
        return int(
            conn.exec_driver_sql(
                f"SELECT id FROM notes WHERE article_id = {article_id}"
            ).scalar_one()
        )


def test_excluded_words_and_phrases(library: Library, lib: SearchLibrary) -> None:
    assert article_ids(search(library, "night -salmon")) == [lib.trains]
    assert article_ids(search(library, 'night -"fishing talk"')) == [lib.trains]
    # Only exclusions: everything else, newest first.
    everything = set(article_ids(search(library, "in:articles -salmon")))
    assert everything == {lib.trains, lib.japanese, lib.chinese, lib.thai}
    assert article_ids(search(library, "コーヒー -改造")) == []
    assert lib.japanese not in article_ids(search(library, "in:articles -改造"))


def test_in_filters_choose_the_kinds(library: Library, lib: SearchLibrary) -> None:
    assert found(search(library, "salmon in:highlights")) == {("highlight", lib.salmon)}
    assert found(search(library, "smokehouse in:notes")) == {
        ("note", _note_of_highlight(library, lib.salmon))
    }
    assert found(search(library, "salmon in:articles")) == {("article", lib.rivers)}
    both = found(search(library, "salmon in:articles,highlights"))
    assert both == {("article", lib.rivers), ("highlight", lib.salmon)}
    assert found(search(library, "salmon -in:articles")) == {("highlight", lib.salmon)}


def _note_of_highlight(library: Library, highlight_id: int) -> int:
    with library.engine.connect() as conn:
        return int(
            conn.exec_driver_sql(
                f"SELECT id FROM notes WHERE highlight_id = {highlight_id}"
            ).scalar_one()
        )


def test_color_filter(library: Library, lib: SearchLibrary) -> None:
    green = search(library, "color:green")
    assert found(green) == {
        ("highlight", lib.salmon),
        ("note", _note_of_highlight(library, lib.salmon)),
    }
    assert found(search(library, "colour:blue,green in:highlights")) == {
        ("highlight", lib.salmon),
        ("highlight", lib.zurich),
    }
    assert found(search(library, "color:2 in:highlights")) == {("highlight", lib.salmon)}
    assert found(search(library, "zurich color:green")) == set()
    assert found(search(library, "in:highlights -color:green -color:blue")) == {
        ("highlight", lib.sleeper),
        ("highlight", lib.kaizo),
    }
    unknown = search(library, "color:chartreuse salmon")
    assert unknown.warnings
    assert "chartreuse" in unknown.warnings[0]
    assert found(unknown) == set()  # read as words: "color chartreuse salmon"


def test_tag_filter(library: Library, lib: SearchLibrary) -> None:
    rail = found(search(library, "tag:rail"))
    assert rail == {
        ("article", lib.trains),
        ("highlight", lib.sleeper),
        ("note", _note_of_article(library, lib.trains)),
    }
    assert found(search(library, 'tag:"travel plans"')) == {
        ("highlight", lib.salmon),
        ("note", _note_of_highlight(library, lib.salmon)),
    }
    assert found(search(library, "tag:#RAIL in:articles")) == {("article", lib.trains)}
    assert found(search(library, "tag:rail tag:europe in:articles")) == {("article", lib.trains)}
    assert found(search(library, "tag:rail tag:cars")) == set()
    assert found(search(library, "tag:日本語")) == {("article", lib.japanese)}
    assert lib.trains not in article_ids(search(library, "in:articles -tag:rail"))
    # Tags are also words of what carries them.
    assert found(search(library, "europe")) == {("article", lib.trains)}


def test_site_filter(library: Library, lib: SearchLibrary) -> None:
    assert found(search(library, "site:northern-example in:articles")) == {("article", lib.rivers)}
    assert found(search(library, "night site:RAIL.example.com")) == {("article", lib.trains)}
    assert ("highlight", lib.salmon) in found(search(library, "site:northern-example"))
    assert lib.rivers not in article_ids(search(library, "night -site:northern-example"))
    assert found(search(library, "site:100%_")) == set()


@pytest.mark.parametrize(
    ("query", "article"),
    [
        ("改造", "japanese"),  # inside a sentence, five times
        ("改造さ", "japanese"),
        ("結果は素晴らしい", "japanese"),
        ("sonyのオーディオ", "japanese"),  # Latin letters written against Japanese
        ("咖啡", "chinese"),
        ("拿铁", "chinese"),
        ("读书、工作", "chinese"),  # punctuation between: both runs must match
        ("ข้าวเหนียว", "thai"),
        ("ส้มตำ", "thai"),
        ("車の", "japanese"),  # the title
    ],
)
def test_substrings_of_text_without_spaces(
    library: Library, lib: SearchLibrary, query: str, article: str
) -> None:
    results = search(library, query)
    assert article_ids(results) == [getattr(lib, article)]
    (hit,) = results.articles
    marked = bracket(hit.snippet, hit.marks)
    assert "[" in marked


def test_cjk_substrings_that_are_not_in_the_text(library: Library, lib: SearchLibrary) -> None:
    assert article_ids(search(library, "改造車")) == []
    assert article_ids(search(library, "咖啡店")) == []
    # A phrase never spans two runs of text: こ + の in 改造。この is not "造こ".
    assert article_ids(search(library, "すこの")) == []


def test_cjk_in_highlights_notes_and_mixed_queries(library: Library, lib: SearchLibrary) -> None:
    assert found(search(library, "エンジン in:highlights")) == {("highlight", lib.kaizo)}
    assert found(search(library, "オーディオ in:notes")) == {
        ("note", _note_of_highlight(library, lib.kaizo))
    }
    assert found(search(library, "改造 color:pink")) == {("highlight", lib.kaizo)}
    assert article_ids(search(library, "改造 tokyo")) == [lib.japanese]
    assert article_ids(search(library, '"auto salon" 改造')) == [lib.japanese]
    assert article_ids(search(library, "改造 salmon")) == []


def test_snippets_mark_every_matched_word(library: Library, lib: SearchLibrary) -> None:
    (hit,) = search(library, "bridge fishing").articles
    marked = bracket(hit.snippet, hit.marks)
    assert "[bridge]" in marked
    assert "\n" not in hit.snippet
    # An article's snippet does not repeat the title the result shows above it...
    (hit,) = search(library, "sleeper in:articles").articles
    assert bracket(hit.snippet, hit.marks).startswith("[Sleeper] trains are coming back")
    # ...unless the match is in the title alone.
    (hit,) = search(library, "車の in:articles").articles
    assert bracket(hit.snippet, hit.marks).startswith("[車の]改造について")
    (hit,) = search(library, "zurich in:highlights").highlights
    assert bracket(hit.snippet, hit.marks) == "hikers from [Zürich]"
    assert (hit.start, hit.end, hit.color) == ((*_span(library, lib.zurich), "blue"))


def _span(library: Library, highlight_id: int) -> tuple[int, int]:
    with library.engine.connect() as conn:
        row = conn.exec_driver_sql(
            f"SELECT start, end FROM highlights WHERE id = {highlight_id}"
        ).one()
    return int(row[0]), int(row[1])


def test_titles_rank_above_text(tmp_path: Path) -> None:
    from reader.store.library import import_file
    from tests.search_library import TRAINS, write

    with open_library(tmp_path / "library.db") as library:
        trains = import_file(library, write(tmp_path / "t.md", TRAINS)).article_id
        other = import_file(
            library,
            write(tmp_path / "x.md", "# Notes on ferries\n\nA night train, a train, a train.\n"),
        ).article_id
        ranked = article_ids(search(library, "train"))
    assert ranked == [trains, other]  # "Train" in the title outranks three in the text


def test_filters_only_list_newest_first(library: Library, lib: SearchLibrary) -> None:
    highlights = search(library, "in:highlights").highlights
    assert [h.highlight_id for h in highlights] == [lib.kaizo, lib.sleeper, lib.zurich, lib.salmon]
    assert search(library, "in:highlights").merged(2) == list(highlights[:2])


def test_limit_applies_to_each_kind(library: Library, lib: SearchLibrary) -> None:
    results = search(library, "in:highlights", limit=1)
    assert len(results.highlights) == 1
    assert len(search(library, "-nothingatall", limit=2).merged(3)) == 3


def test_live_search_reads_the_last_word_as_a_prefix(library: Library, lib: SearchLibrary) -> None:
    assert article_ids(search(library, "fishing tal", live=True)) == [lib.rivers]
    assert article_ids(search(library, "fishing tal ", live=True)) == []
    assert article_ids(search(library, "fishing tal")) == []


@pytest.mark.parametrize(
    "hostile",
    [
        '"',
        '"unbalanced quote salmon',
        "salmon AND",
        "OR",
        "NOT",
        "AND OR NOT",
        "NEAR(",
        "NEAR(salmon town, 2)",
        "*",
        "salmon*town",
        "'; DROP TABLE articles; --",
        "title:salmon",
        "plain_text:salmon",
        "^salmon",
        "a) OR (b",
        "{title plain_text}: salmon",
        "salmon -",
        "- -- ---",
        '""',
        '"" salmon',
        "in: color: tag: site:",
        "\x00\x01salmon\x7f",
        "sal\u0301mon",
        "🐟 salmon",
        "\\",
        "%_",
    ],
)
def test_hostile_queries_are_plain_words(
    library: Library, lib: SearchLibrary, hostile: str
) -> None:
    results = search(library, hostile)  # never raises
    for r in results.merged():
        assert r.article_id in {lib.rivers, lib.trains, lib.japanese, lib.chinese, lib.thai}
    with library.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM articles").scalar() == 5


def test_hostile_words_are_searched_as_words(library: Library, lib: SearchLibrary) -> None:
    # A column filter is two words: "title" is in no article, "town" and "salmon" are.
    assert article_ids(search(library, "title:salmon")) == []
    assert article_ids(search(library, "town:salmon")) == [lib.rivers]
    assert article_ids(search(library, "NEAR(salmon town, 2)")) == []  # "2" is not there
    assert article_ids(search(library, '"unbalanced salmon')) == []
    assert article_ids(search(library, '"salmon')) == [lib.rivers]
    assert article_ids(search(library, "salmon AND town")) == []  # "and" is a word here
    assert article_ids(search(library, "^salmon")) == [lib.rivers]


def test_empty_queries_find_nothing(library: Library, lib: SearchLibrary) -> None:
    for empty in ("", "   ", "*", "^", '""', "-"):
        assert len(search(library, empty)) == 0


def test_match_span_finds_where_to_open(library: Library, lib: SearchLibrary) -> None:
    from reader.store.library import get_article

    art = get_article(library, lib.rivers)
    assert art is not None
    span = match_span(library, lib.rivers, "zurich")
    assert span is not None
    assert art.plain_text[span[0] : span[1]] == "Zürich"
    jp = get_article(library, lib.japanese)
    assert jp is not None
    span = match_span(library, lib.japanese, "改造さ")
    assert span is not None
    assert jp.plain_text[span[0] : span[1]] == "改造さ"
    assert match_span(library, lib.rivers, "nowhere") is None


def test_long_articles_get_their_snippet_cut_in_python(
    library: Library, lib: SearchLibrary, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Articles longer than LONG_WORDS skip FTS5's snippet() (seconds for a common word in a
    1 MB article); the Python cut marks the same words, accents and case ignored."""
    import reader.store.search as search_module

    monkeypatch.setattr(search_module, "LONG_WORDS", 5)
    (hit,) = search(library, "cafe BRIDGE in:articles").articles
    marked = bracket(hit.snippet, hit.marks)
    assert "[café]" in marked
    assert "[bridge]" in marked
    (hit,) = search(library, '"night trains" hik* in:articles').articles
    assert "[Night trains] bring [hikers]" in bracket(hit.snippet, hit.marks)
    # Words that matched only in the tags leave the text unmarked, but a snippet is there.
    (hit,) = search(library, "europe in:articles").articles
    assert hit.snippet
    assert hit.marks == ()


def test_the_window_shows_a_screenful_of_each_kind_or_more_of_one() -> None:
    from reader.search.query import parse_query
    from reader.store.search import SHOWN, SHOWN_ONE_KIND, shown_limits

    assert shown_limits(parse_query("salmon")) == SHOWN
    assert shown_limits(parse_query("salmon in:articles"))["article"] == SHOWN_ONE_KIND
    assert shown_limits(parse_query("salmon -in:articles")) == SHOWN
