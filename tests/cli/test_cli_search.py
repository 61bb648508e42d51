"""``margin search`` and ``margin highlights --all`` as a person runs them: real processes on a
real library (built with the services, then closed)."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.store import open_library
from tests.cli.conftest import Margin, as_json
from tests.search_library import SearchLibrary, build


@pytest.fixture
def lib(db_path: Path, tmp_path: Path) -> SearchLibrary:
    with open_library(db_path) as library:
        return build(library, tmp_path / "articles")


def test_search_prints_one_line_per_result(margin: Margin, lib: SearchLibrary) -> None:
    proc = margin("search", "naive", check=True)
    lines = proc.stdout.splitlines()
    assert len(lines) == 2
    kinds = sorted(line.split()[0] for line in lines)
    assert kinds == ["article", "note"]
    for line in lines:
        assert f"#{lib.rivers}" in line
        assert "Rivers of the North" in line
    assert any("[naïve]" in line for line in lines)  # the note: "Une idée [naïve]"


def test_search_json_and_limit(margin: Margin, lib: SearchLibrary) -> None:
    rows = as_json(margin("search", "in:highlights", "--json"))
    assert {r["kind"] for r in rows} == {"highlight"}
    assert {r["highlight_id"] for r in rows} == {lib.salmon, lib.zurich, lib.sleeper, lib.kaizo}
    for r in rows:
        assert set(r) >= {"kind", "article_id", "title", "snippet", "highlight_id"}
    assert len(as_json(margin("search", "in:highlights", "--json", "--limit", "2"))) == 2
    (jp,) = as_json(margin("search", "改造さ", "--json"))
    assert (jp["kind"], jp["article_id"]) == ("article", lib.japanese)
    assert "[改造さ]" in jp["snippet"]


def test_empty_query_is_a_clear_error(margin: Margin, lib: SearchLibrary) -> None:
    for query in ("", "*"):
        proc = margin("search", query)
        assert proc.returncode == 2
        assert proc.stderr.startswith("margin: empty query")
        assert "Traceback" not in proc.stderr


def test_hostile_queries_never_fail(margin: Margin, lib: SearchLibrary) -> None:
    # The words are joined into one query: every piece of it is read as plain words.
    proc = margin("search", '"unbalanced', "NEAR(", "AND", "'; DROP TABLE articles; --", "^x")
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr.startswith("nothing matches")
    proc = margin("search", "color:mauve", "title:salmon", "--json")
    assert "unknown colour" in proc.stderr
    assert as_json(proc) == []


def test_highlights_all_with_filters(margin: Margin, lib: SearchLibrary) -> None:
    text = margin("highlights", "--all", check=True).stdout
    assert text.index("エンジンの改造") < text.index("fish for salmon")  # newest first
    assert "note: Ask about the smokehouse" in text
    green = as_json(margin("highlights", "--all", "--color", "green", "--json"))
    assert [(h["id"], h["article_id"], h["title"]) for h in green] == [
        (lib.salmon, lib.rivers, "Rivers of the North")
    ]
    assert green[0]["tags"] == ["food", "Travel plans"]
    proc = margin("highlights")
    assert proc.returncode == 2
    assert "--all" in proc.stderr
    proc = margin("highlights", "--all", "--color", "mauve")
    assert proc.returncode == 1
    assert "unknown colour" in proc.stderr
