"""Import, update, de-duplication, removal and search against a real library file."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from reader.config import Limits
from reader.search.snippets import bracket
from reader.store.annotations import add_highlight_by_quote, list_highlights, set_article_note
from reader.store.db import Library
from reader.store.library import (
    article_count,
    get_article,
    import_file,
    import_paths,
    list_articles,
    removal_impact,
    remove_article,
    set_reading_position,
)
from reader.store.search import search

ARTICLE = """\
# Rivers of the North

The northern rivers freeze in November and thaw in April, carrying silt to the delta.

## Fishing

Local crews fish for salmon in the short summer weeks, selling the catch in town.

Winter roads run across the ice once it is thick enough to bear a loaded truck.
"""


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_import_then_reimport_is_a_no_op(library: Library, tmp_path: Path) -> None:
    f = write(tmp_path / "rivers.md", ARTICLE)
    first = import_file(library, f)
    assert first.status == "imported"
    again = import_file(library, f)
    assert again.status == "unchanged"
    assert again.article_id == first.article_id
    assert article_count(library) == 1
    art = get_article(library, first.article_id)
    assert art is not None
    assert art.title == "Rivers of the North"
    assert art.plain_text.startswith("Rivers of the North\n\nThe northern rivers freeze")
    assert "<h2>Fishing</h2>" in art.html
    assert art.format == "markdown"
    assert art.encoding == "utf-8"
    assert art.words == len(art.plain_text.split())


def test_same_content_at_a_new_path_is_the_same_article(library: Library, tmp_path: Path) -> None:
    old = write(tmp_path / "a" / "rivers.md", ARTICLE)
    first = import_file(library, old)
    new = write(tmp_path / "b" / "renamed.md", ARTICLE)
    old.unlink()
    moved = import_file(library, new)
    assert moved.status == "unchanged"
    assert moved.article_id == first.article_id
    assert "path updated" in (moved.detail or "")
    (summary,) = list_articles(library)
    assert summary.path == str(new.resolve())


def test_changed_file_updates_in_place_and_keeps_annotations(
    library: Library, tmp_path: Path
) -> None:
    f = write(tmp_path / "rivers.md", ARTICLE)
    art_id = import_file(library, f).article_id
    assert art_id is not None
    h = add_highlight_by_quote(library, art_id, "Winter roads run across the ice", note="cold")
    set_article_note(library, art_id, "my note")
    write(
        f,
        ARTICLE.replace(
            "# Rivers of the North\n", "# Rivers of the North\n\nA new first paragraph.\n"
        ),
    )
    result = import_file(library, f)
    assert result.status == "updated"
    assert result.article_id == art_id
    assert result.reanchor is not None
    assert result.reanchor.moved == 1
    (moved,) = list_highlights(library, art_id)
    art = get_article(library, art_id)
    assert art is not None
    assert art.plain_text[moved.start : moved.end] == "Winter roads run across the ice"
    assert moved.start > h.start
    assert (moved.note, moved.uid, art.note) == ("cold", h.uid, "my note")


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("empty.txt", b"", "file is empty"),
        ("noise.txt", bytes(range(256)) * 3, "binary data"),
        ("tool.exe", b"MZ\x90\x00" + b"\x00" * 100, "unsupported file type '.exe'"),
        ("big.txt", b"word " * 400, "over the 1.0 KB import limit"),
        ("bad.md", b"\xef\xbb\xbf# Title\n\nbroken \xff\xfe\xc3 bytes", "undecodable bytes"),
    ],
)
def test_bad_files_fail_with_a_reason_and_write_nothing(
    library: Library, tmp_path: Path, name: str, data: bytes, reason: str
) -> None:
    f = tmp_path / name
    f.write_bytes(data)
    result = import_file(library, f, Limits(max_file_bytes=1024))
    assert result.status == "failed"
    assert reason in (result.reason or "")
    assert result.describe().startswith(f"failed: {f}: ")
    assert article_count(library) == 0
    assert library.integrity_check() == "ok"


def test_a_folder_imports_good_files_and_reports_bad_ones(library: Library, tmp_path: Path) -> None:
    write(tmp_path / "lib" / "one.md", ARTICLE)
    write(tmp_path / "lib" / "sub" / "two.md", ARTICLE.replace("salmon", "trout"))
    write(tmp_path / "lib" / ".hidden" / "three.md", ARTICLE.replace("salmon", "pike"))
    (tmp_path / "lib" / "empty.txt").write_bytes(b"")
    (tmp_path / "lib" / "sub" / "loop").symlink_to(tmp_path / "lib")
    results = list(import_paths(library, [tmp_path / "lib"]))
    statuses = sorted((Path(r.path).name, r.status) for r in results)
    assert statuses == [("empty.txt", "failed"), ("one.md", "imported"), ("two.md", "imported")]
    assert article_count(library) == 2


def test_remove_article_takes_its_annotations_with_it(library: Library, tmp_path: Path) -> None:
    art_id = import_file(library, write(tmp_path / "r.md", ARTICLE)).article_id
    assert art_id is not None
    add_highlight_by_quote(library, art_id, "salmon", note="fish")
    add_highlight_by_quote(library, art_id, "silt")
    set_article_note(library, art_id, "article note")
    impact = removal_impact(library, art_id)
    assert impact is not None
    assert (impact.highlights, impact.notes) == (2, 2)
    assert remove_article(library, art_id)
    with library.engine.connect() as conn:
        counts = [
            conn.exec_driver_sql(f"SELECT count(*) FROM {t}").scalar()
            for t in ("articles", "highlights", "notes", "highlight_tags")
        ]
    assert counts == [0, 0, 0, 0]
    assert len(search(library, "salmon")) == 0


def test_search_uses_prefixes_and_survives_hostile_queries(
    library: Library, tmp_path: Path
) -> None:
    import_file(library, write(tmp_path / "r.md", ARTICLE))
    import_file(
        library, write(tmp_path / "c.md", "# Café culture\n\nEspresso in Zürich is strong.\n")
    )
    assert [h.title for h in search(library, "salm*").articles] == ["Rivers of the North"]
    assert [h.title for h in search(library, "zurich cafe").articles] == ["Café culture"]
    for hostile in ['"', "AND OR NOT", "title:*", "a) OR (b", "'; DROP TABLE articles; --"]:
        search(library, hostile)
    assert article_count(library) == 2


def test_reading_position_is_clamped(library: Library, tmp_path: Path) -> None:
    art_id = import_file(library, write(tmp_path / "r.md", ARTICLE)).article_id
    assert art_id is not None
    set_reading_position(library, art_id, 10**9)
    art = get_article(library, art_id)
    assert art is not None
    assert art.reading_position == len(art.plain_text)


def test_concurrent_writers_wait_for_each_other(library: Library, tmp_path: Path) -> None:
    files = [write(tmp_path / f"f{i}.md", ARTICLE.replace("salmon", f"fish{i}")) for i in range(12)]
    errors: list[BaseException] = []

    def worker(chunk: list[Path]) -> None:
        try:
            for f in chunk:
                assert import_file(library, f).status == "imported"
        except BaseException as exc:  # collected and asserted below
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(files[i::3],)) for i in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert article_count(library) == 12


def test_site_comes_from_the_url_when_the_page_names_none(library: Library, tmp_path: Path) -> None:
    clip = "---\ntitle: Clipped\nsource: https://www.example.org/2026/clip\n---\n\nSome clipped text here.\n"
    art_id = import_file(library, write(tmp_path / "clip.md", clip)).article_id
    assert art_id is not None
    art = get_article(library, art_id)
    assert art is not None
    assert (art.url, art.site) == ("https://www.example.org/2026/clip", "example.org")


def test_search_snippets_are_one_line(library: Library, tmp_path: Path) -> None:
    import_file(library, write(tmp_path / "r.md", ARTICLE))
    (hit,) = search(library, "fishing").articles
    assert "\n" not in hit.snippet
    assert "[Fishing]" in bracket(hit.snippet, hit.marks)


def test_reimporting_an_unchanged_file_writes_nothing(library: Library, tmp_path: Path) -> None:
    import sqlite3

    f = write(tmp_path / "rivers.md", ARTICLE)
    import_file(library, f)
    watcher = sqlite3.connect(library.path)
    before = watcher.execute("PRAGMA data_version").fetchone()
    assert import_file(library, f).status == "unchanged"
    assert watcher.execute("PRAGMA data_version").fetchone() == before
    watcher.close()
