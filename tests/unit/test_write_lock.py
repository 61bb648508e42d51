"""Slow work never holds the library's write lock: another writer always gets in meanwhile.

Re-anchoring (an edited article's highlights, a restored backup's quotes) can take seconds. Each
test replaces the re-anchoring function by a wrapper that, before doing the real work, tries to
take the write lock from a second, independent SQLite connection without waiting: if the import
or restore held the lock while re-anchoring, that attempt fails with "database is locked".
"""

from __future__ import annotations

import importlib
import json
import sqlite3
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import reader.anchoring
from reader.cli.main import main
from reader.export.webannotation import collection
from reader.store import open_library
from reader.store.annotations import add_highlight_by_quote, list_highlights
from reader.store.db import Library
from reader.store.library import import_file

PARAS = [
    "Sleeper trains are coming back to European timetables after two decades of decline.",
    "Travellers look for alternatives to short flights, and operators find that overnight "
    "routes can fill their carriages again.",
    "Critics point out that the trains are still slower than planes and often more expensive.",
]


def _write(path: Path, paras: list[str]) -> None:
    path.write_text("# Night trains\n\n" + "\n\n".join(paras) + "\n", encoding="utf-8")


def _probe(db: Path, seen: list[str]) -> None:
    conn = sqlite3.connect(db, timeout=0)
    try:
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("ROLLBACK")
        seen.append("free")
    except sqlite3.OperationalError as exc:
        seen.append(str(exc))
    finally:
        conn.close()


def _probing(target: Callable[..., Any], db: Path, seen: list[str]) -> Callable[..., Any]:
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        _probe(db, seen)
        return target(*args, **kwargs)

    return wrapper


def test_import_of_an_edited_file_reanchors_without_the_lock(
    tmp_path: Path, library: Library, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    src = tmp_path / "trains.md"
    _write(src, PARAS)
    article = import_file(library, src).article_id
    assert article is not None
    for quote in ("coming back to European timetables", "overnight routes can fill"):
        add_highlight_by_quote(library, article, quote)
    _write(src, ["A new first paragraph, inserted by the edit.", *PARAS])

    seen: list[str] = []
    real = reader.anchoring.reanchor_all
    monkeypatch.setattr(reader.anchoring, "reanchor_all", _probing(real, db_path, seen))
    result = import_file(library, src)
    assert result.status == "updated"
    assert result.reanchor is not None
    assert result.reanchor.moved == 2
    assert seen == ["free"]
    assert [h.status for h in list_highlights(library, article)] == ["anchored", "anchored"]


def test_a_highlight_added_between_plan_and_write_is_still_reanchored(
    tmp_path: Path, library: Library, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    src = tmp_path / "trains.md"
    _write(src, PARAS)
    article = import_file(library, src).article_id
    assert article is not None
    add_highlight_by_quote(library, article, "coming back to European timetables")
    _write(src, ["A new first paragraph, inserted by the edit.", *PARAS])

    real = reader.anchoring.reanchor_all
    calls: list[int] = []

    def add_one_meanwhile(new_text: str, anchors: Any, **kwargs: Any) -> Any:
        anchors = list(anchors)
        calls.append(len(anchors))
        if len(calls) == 1:  # the plan: someone annotates before the update is written
            add_highlight_by_quote(library, article, "still slower than planes")
        return real(new_text, anchors, **kwargs)

    monkeypatch.setattr(reader.anchoring, "reanchor_all", add_one_meanwhile)
    result = import_file(library, src)
    assert calls == [1, 1]  # planned one outside; only the newcomer inside
    assert result.reanchor is not None
    assert result.reanchor.moved == 2
    hs = list_highlights(library, article)
    text = import_file(library, src)  # unchanged now
    assert text.status == "unchanged"
    assert {h.exact for h in hs} == {
        "coming back to European timetables",
        "still slower than planes",
    }


def test_restoring_a_backup_reanchors_without_the_lock(
    tmp_path: Path, library: Library, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    src = tmp_path / "trains.md"
    _write(src, PARAS)
    article = import_file(library, src).article_id
    assert article is not None
    add_highlight_by_quote(library, article, "overnight routes can fill", note="kept")
    backup = tmp_path / "backup.json"
    backup.write_text(json.dumps(collection(library, [article])), encoding="utf-8")
    library.close()
    fresh = tmp_path / "fresh.db"
    with open_library(fresh) as lib:
        import_file(lib, src)

    seen: list[str] = []
    restore = importlib.import_module("reader.export.restore")
    monkeypatch.setattr(restore, "reanchor", _probing(restore.reanchor, fresh, seen))
    assert main(["--db", str(fresh), "import-annotations", str(backup)]) == 0
    assert seen == ["free"]
    with open_library(fresh) as lib:
        assert [h.note for h in list_highlights(lib, 1)] == ["kept"]


def test_a_writer_waiting_too_long_gets_one_line(
    tmp_path: Path,
    db_path: Path,
    library: Library,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    src = tmp_path / "trains.md"
    _write(src, PARAS)
    import_file(library, src)
    library.close()
    import reader.store.db as store_db

    monkeypatch.setattr(store_db, "BUSY_TIMEOUT_MS", 300)
    holder = sqlite3.connect(db_path, timeout=0)
    holder.execute("BEGIN IMMEDIATE")  # another program keeps the write lock
    try:
        code = main(["--db", str(db_path), "annotate", "1", "--quote", "Sleeper trains"])
    finally:
        holder.rollback()
        holder.close()
    err = capsys.readouterr().err
    assert code == 2
    assert err.strip().splitlines() == [
        f"margin: the library {db_path} is busy (another program is writing to it); try again"
    ]


def test_a_writer_waits_for_a_short_lock(
    tmp_path: Path, db_path: Path, library: Library, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "trains.md"
    _write(src, PARAS)
    import_file(library, src)
    library.close()
    holder = sqlite3.connect(db_path, timeout=0, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")
    release = threading.Timer(0.5, lambda: (holder.rollback(), holder.close()))
    release.start()
    try:
        code = main(["--db", str(db_path), "annotate", "1", "--quote", "Sleeper trains"])
    finally:
        release.join()
    out, err = capsys.readouterr()
    assert (code, out.strip(), err) == (0, "1", "")
