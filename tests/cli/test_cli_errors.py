"""Mistakes and bad values get one line naming the problem: no traceback, no window, no new file.

Most cases run `reader.cli.main.main` in this process (fast); the window is replaced by a stub that
fails the test if anything tries to open it.
"""

from __future__ import annotations

import importlib
import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from reader.store import open_library
from reader.store.annotations import add_highlight_by_quote
from reader.store.library import import_file

cli_main = importlib.import_module(
    "reader.cli.main"
)  # the module (reader.cli.main is the function)
ARTICLE = "# Bees in winter\n\nHoney bees cluster together through the cold months.\n\nThey shiver to keep the queen warm.\n"


@pytest.fixture
def no_window(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """Replace the window; records the files it would have been given."""
    opened: list[list[str]] = []

    def fake_gui(args: object) -> int:
        opened.append(list(getattr(args, "files", [])))
        return 0

    monkeypatch.setattr(cli_main, "_gui", fake_gui)
    return opened


def run(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> tuple[int, str, str]:
    code = cli_main.main([str(a) for a in argv])
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err


def one_error_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("margin: "), err
    return lines[0]


@pytest.fixture
def article_library(tmp_path: Path, db_path: Path) -> Path:
    src = tmp_path / "bees.md"
    src.write_text(ARTICLE, encoding="utf-8")
    with open_library(db_path) as lib:
        result = import_file(lib, src)
        assert result.article_id == 1
        add_highlight_by_quote(lib, 1, "cluster together", note="n")
    return db_path


# -- mistyped commands ------------------------------------------------------------------------


def test_mistyped_command_is_an_error_and_opens_no_window(tmp_path: Path, db_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "reader", "--db", str(db_path), "archvie", "3"],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
        env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
    )
    assert proc.returncode == 2
    line = one_error_line(proc.stderr)
    assert "'archvie' is not a command" in line
    assert not db_path.exists()


def test_every_command_name_misspelt_is_refused(
    capsys: pytest.CaptureFixture[str], no_window: list[list[str]]
) -> None:
    # Derived from the parser, so commands added later are covered too.
    names = cli_main.command_names(cli_main.build_parser())
    assert {"import", "list", "show", "export"} <= names
    for name in sorted(names):
        typo = name[1:] + name[0] if len(name) > 3 else name + "x"
        if typo in names:
            continue
        code, _, err = run(capsys, typo, "3")
        assert code == 2, typo
        assert repr(typo) in one_error_line(err)
    assert no_window == []


def test_files_and_paths_still_open_the_window(
    capsys: pytest.CaptureFixture[str],
    no_window: list[list[str]],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "archvie").write_text(ARTICLE)  # an existing file named like a typo is a file
    for argv in (["archvie"], ["notes.md"], ["./x"], ["~/saved"], ["a/b"], []):
        code, _, _ = run(capsys, *argv)
        assert code == 0, argv
    assert no_window == [["archvie"], ["notes.md"], ["./x"], ["~/saved"], ["a/b"], []]


# -- the library file ---------------------------------------------------------------------------


def test_another_programs_sqlite_file_is_refused_untouched(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, no_window: list[list[str]]
) -> None:
    other = tmp_path / "some.sqlite"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE contacts (name TEXT)")
        conn.execute("INSERT INTO contacts VALUES ('Ada')")
    conn.close()
    before = other.read_bytes()
    (tmp_path / "a.md").write_text(ARTICLE)
    for argv in (
        ["list"],
        ["info"],
        ["import", tmp_path / "a.md"],
        ["annotate", "1", "--quote", "bees"],
        ["export", "--all", "--stdout"],
    ):
        code, _, err = run(capsys, "--db", other, *argv)
        assert code == 2, argv
        assert "not a Margin library" in one_error_line(err)
    assert other.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.md", "some.sqlite"]
    with sqlite3.connect(other) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone() == ("delete",)
    conn.close()


@pytest.mark.parametrize(
    "argv",
    [
        ["info"],
        ["list"],
        ["show", "1"],
        ["search", "bees"],
        ["highlights", "1"],
        ["note", "1"],
        ["export", "--all", "--stdout"],
        ["export", "1", "--output-dir", "OUT"],
        ["annotate", "1", "--quote", "bees"],
        ["tag", "1", "x"],
        ["remove", "1"],
    ],
)
def test_commands_that_do_not_import_never_create_a_library(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, argv: list[str]
) -> None:
    missing = tmp_path / "typo" / "librar.db"
    argv = [str(tmp_path / "out") if a == "OUT" else a for a in argv]
    code, _, err = run(capsys, "--db", missing, *argv)
    assert code == 2
    line = one_error_line(err)
    assert str(missing) in line
    assert "does not exist" in line
    assert not missing.parent.exists()
    assert not (tmp_path / "out").exists()


def test_import_creates_the_library(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text(ARTICLE)
    db = tmp_path / "new" / "library.db"
    code, out, _ = run(capsys, "--db", db, "import", tmp_path / "a.md")
    assert code == 0
    assert out.startswith("imported: ")
    assert db.is_file()


def test_empty_db_option_is_an_error(capsys: pytest.CaptureFixture[str], db_path: Path) -> None:
    for argv in (["--db", "", "list"], ["list", "--db", ""], ["--db=", "info"]):
        code, _, err = run(capsys, *argv)
        assert code == 2
        assert "--db needs the path" in one_error_line(err)
    assert not db_path.exists()


def test_damaged_library_is_one_line(
    capsys: pytest.CaptureFixture[str], article_library: Path
) -> None:
    data = bytearray(article_library.read_bytes())
    data[4096 * 2 : 4096 * 8] = b"\xff" * (4096 * 6)
    article_library.write_bytes(bytes(data))
    for argv in (["list"], ["highlights", "1"], ["annotate", "1", "--quote", "shiver"]):
        code, _, err = run(capsys, "--db", article_library, *argv)
        assert code == 2
        assert "is damaged" in one_error_line(err)


def test_random_bytes_as_library_is_refused(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    bogus = tmp_path / "x.db"
    bogus.write_bytes(bytes(range(256)) * 8)
    code, _, err = run(capsys, "--db", bogus, "list")
    assert code == 2
    assert "not an SQLite database" in one_error_line(err)


# -- values -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "argv",
    [
        ["show", str(2**63)],
        ["highlights", "99999999999999999999999"],
        ["annotate", str(2**64), "--quote", "x"],
        ["remove", "1", str(2**63)],
        ["export", str(2**63), "--stdout"],
        ["note", str(2**70)],
        ["tag", str(2**63), "x"],
        ["show", "-5"],
    ],
)
def test_ids_out_of_range_are_refused(
    capsys: pytest.CaptureFixture[str], article_library: Path, argv: list[str]
) -> None:
    with pytest.raises(SystemExit) as stop:
        cli_main.main(["--db", str(article_library), *argv])
    assert stop.value.code == 2
    err = capsys.readouterr().err
    assert "is not an id" in err
    assert "Traceback" not in err


@pytest.mark.parametrize("value", ["nan", "inf", "-1", "0", "abc"])
def test_bad_size_limits_are_one_line(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    db_path: Path,
    value: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    (tmp_path / "a.md").write_text(ARTICLE)
    if value != "abc":
        code, _, err = run(capsys, "import", "--max-size", value, tmp_path / "a.md")
        assert code == 2
        assert "--max-size must be a number of megabytes" in one_error_line(err)
    monkeypatch.setenv("MARGIN_MAX_FILE_MB", value)
    code, _, err = run(capsys, "import", tmp_path / "a.md")
    assert code == 2
    assert "$MARGIN_MAX_FILE_MB must be a number" in one_error_line(err)
    assert not db_path.exists()


# -- a malformed backup -------------------------------------------------------------------------


def _backup(**changes: object) -> dict[str, object]:
    ann: dict[str, object] = {
        "id": "urn:uuid:0b6f7f4e-6f2b-4a57-9d38-2d0f1c6b1a11",
        "type": "Annotation",
        "created": "2026-01-01T00:00:00Z",
        "target": {
            "source": {"id": "urn:sha256:" + "0" * 64, "margin:path": "/x/bees.md"},
            "selector": [
                {"type": "TextQuoteSelector", "exact": "cluster together"},
                {"type": "TextPositionSelector", "start": 3, "end": 19},
            ],
        },
    }
    for key, value in changes.items():
        if key in ("start", "end"):
            ann["target"]["selector"][1][key] = value  # type: ignore[index]
        elif key == "exact":
            ann["target"]["selector"][0]["exact"] = value  # type: ignore[index]
        else:
            ann[key.replace("_", ":")] = value
    return {"@context": "http://www.w3.org/ns/anno.jsonld", "type": "Annotation", **ann}


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"margin_color": 3}, "margin:color"),
        ({"margin_color": ["blue"]}, "margin:color"),
        ({"created": "0001-01-01T00:00:00+05:00"}, "created"),
        ({"modified": "9999-12-31T23:59:59-05:00"}, "modified"),
        ({"created": 20260101}, "created"),
        ({"exact": "bees \ud800 winter"}, "lone surrogate"),
        ({"bodyValue": "note \udfff"}, "lone surrogate"),
        ({"start": 2**63, "end": 2**63 + 5}, "TextPositionSelector"),
        ({"start": 0, "end": 2**63}, "TextPositionSelector"),
        ({"body": {"type": "TextualBody", "value": "x", "purpose": [{"a": 1}]}}, None),
    ],
)
def test_malformed_backup_values_are_one_line(
    capsys: pytest.CaptureFixture[str],
    article_library: Path,
    tmp_path: Path,
    changes: dict[str, object],
    expected: str | None,
) -> None:
    backup = tmp_path / "backup.json"
    backup.write_text(json.dumps(_backup(**changes)), encoding="utf-8")
    code, _, err = run(capsys, "--db", article_library, "import-annotations", backup)
    if expected is None:  # harmless oddity: the file is read, the article is simply unmatched
        assert code == 1
        return
    assert code == 1
    line = one_error_line(err)
    assert expected in line
    assert "annotation 1" in line


def test_backup_with_a_5000_digit_number(
    capsys: pytest.CaptureFixture[str], article_library: Path, tmp_path: Path
) -> None:
    backup = tmp_path / "backup.json"
    text = json.dumps(_backup()).replace('"start": 3', '"start": ' + "9" * 5000)
    backup.write_text(text, encoding="utf-8")
    code, _, err = run(capsys, "--db", article_library, "import-annotations", backup)
    assert code == 1
    assert "too many digits" in one_error_line(err)
    with sqlite3.connect(article_library) as conn:
        assert conn.execute("SELECT count(*) FROM highlights").fetchone() == (1,)
    conn.close()


# -- file names on the terminal ---------------------------------------------------------------


def test_control_characters_in_file_names_never_reach_the_terminal(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, db_path: Path
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    evil = "red\x1b[31malert\x1b[0m \u202egnp.txt"
    (folder / evil).write_text("Plain text of an article.\n\nA second paragraph of it.\n")
    (folder / "two\nlines.txt").write_text("Another article.\n\nWith a second paragraph too.\n")
    code, out, err = run(capsys, "--db", db_path, "import", folder)
    assert code == 0, err
    lines = out.splitlines()
    assert len(lines) == 2  # one line per file, even for a name with a newline
    assert all(line.startswith("imported: ") for line in lines)
    assert "two\\nlines.txt" in out
    for command in (["list"], ["list", "--json"], ["search", "article"], ["show", "1"]):
        code, out, err = run(capsys, "--db", db_path, *command)
        assert code == 0
        for text in (out, err):
            assert "\x1b" not in text
            assert "\u202e" not in text
    code, out, _ = run(capsys, "--db", db_path, "list")
    assert len(out.splitlines()) == 3  # header and one row per article
    rows = json.loads(run(capsys, "--db", db_path, "list", "--json")[1])
    assert any(row["path"].endswith("two\nlines.txt") for row in rows)
    with sqlite3.connect(db_path) as conn:
        titles = [r[0] for r in conn.execute("SELECT title FROM articles")]
    conn.close()
    assert not any(ch in t for t in titles for ch in "\x1b\n\u202e")
