"""The library commands end to end: import, list, show, clean, search, remove, info."""

from __future__ import annotations

import codecs
import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from reader import __version__
from tests.cli.conftest import Margin, as_json
from tests.conftest import SEED_TITLE

DUMP = """\
Home
News
Sport
Weather

The Quiet Return of the Night Train

Sleeper trains are coming back to European timetables after two decades of decline, as travellers look for alternatives to short flights and operators find that overnight routes can fill their carriages again.

Operators say demand has grown each year since the first new routes opened, and that many passengers now book weeks ahead for the most popular connections between the big cities.

Critics point out that the trains are still slower than planes and often more expensive, and that the rolling stock is old and in need of replacement before the routes can grow much further.

Share this article
Copyright 2026 Example Media. All rights reserved.
"""

MARKDOWN = "# Garden notes\n\nTomatoes want sun and steady water all summer long.\n\n## Pests\n\nSnails come out after the rain.\n"
HTML_UTF8 = (
    "<!DOCTYPE html><html><head><meta charset='utf-8'><title>Bees in winter</title></head><body>"
    "<nav><a href='/'>Home</a> <a href='/x'>Shop</a></nav><article><h1>Bees in winter</h1>"
    + "".join(
        f"<p>Paragraph {i}: honey bees cluster together through the cold months, shivering to keep "
        f"the queen warm while they slowly eat the stores they made in summer.</p>"
        for i in range(5)
    )
    + "</article><footer>© Example</footer></body></html>"
)
WESTERN = "Déjà vu at the café: the crème brûlée costs €9 – “naïve” pricing, said José."
HTML_1252 = (
    "<html><head><title>Café prices</title></head><body><article><h1>Café prices</h1>"
    + "".join(f"<p>{WESTERN} Number {i} of several sentences about cafés.</p>" for i in range(5))
    + "</article></body></html>"
)


def test_version_and_help(margin: Margin) -> None:
    assert margin("--version", db=False).stdout.strip() == f"margin {__version__}"
    help_text = margin("--help", db=False).stdout
    for command in ("import", "list", "show", "clean", "annotate", "highlights", "note", "export"):
        assert re.search(rf"^\s+{command}\b", help_text, re.MULTILINE), command
    sub = margin("import", "--help", db=False)
    assert sub.returncode == 0
    assert "imported / updated / unchanged / failed" in " ".join(sub.stdout.split())


def test_seed_article_imports_once_with_its_headline(margin: Margin, seed_file: Path) -> None:
    first = margin("import", seed_file)
    assert first.returncode == 0, first.stderr
    assert first.stdout.startswith("imported: ")
    again = margin("import", seed_file)
    assert again.stdout.startswith("unchanged: ")
    listing = margin("list", check=True).stdout
    assert SEED_TITLE in listing
    rows = as_json(margin("list", "--json"))
    assert len(rows) == 1
    assert rows[0]["title"] == SEED_TITLE
    assert set(rows[0]) >= {"id", "title", "site", "words", "highlights", "path"}
    assert rows[0]["path"] == str(seed_file.resolve())


def test_mixed_folder_imports_good_files_and_reports_bad_ones(
    margin: Margin, tmp_path: Path, db_path: Path
) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "night-train.txt").write_text(DUMP, encoding="utf-8")
    (folder / "bees.html").write_text(HTML_UTF8, encoding="utf-8")
    (folder / "cafe.htm").write_bytes(HTML_1252.encode("cp1252"))
    (folder / "garden.md").write_text(MARKDOWN, encoding="utf-8")
    (folder / "utf16.txt").write_bytes(
        codecs.BOM_UTF16_LE + DUMP.replace("Night Train", "Night Ferry").encode("utf-16-le")
    )
    (folder / "empty.txt").write_bytes(b"")
    (folder / "random.txt").write_bytes(os.urandom(20_000))
    (folder / "setup.exe").write_bytes(b"MZ" + os.urandom(5000))
    with (folder / "huge.txt").open("wb") as fh:
        fh.truncate(60 * 1024 * 1024)

    proc = margin("import", folder)
    assert proc.returncode == 1
    lines = proc.stdout.splitlines()
    by_name = {Path(re.split(r": | -> ", line)[1]).name: line for line in lines}
    assert len(lines) == 9
    for good in ("night-train.txt", "bees.html", "cafe.htm", "garden.md", "utf16.txt"):
        assert by_name[good].startswith("imported: "), by_name[good]
    assert "file is empty" in by_name["empty.txt"]
    assert "binary data" in by_name["random.txt"]
    assert "unsupported file type '.exe'" in by_name["setup.exe"]
    assert "60.0 MB, over the 50.0 MB import limit" in by_name["huge.txt"]
    for bad in ("empty.txt", "random.txt", "setup.exe", "huge.txt"):
        assert by_name[bad].startswith(f"failed: {folder / bad}: ")

    titles = {row["title"] for row in as_json(margin("list", "--json"))}
    assert {"Bees in winter", "Café prices", "Garden notes"} <= titles
    assert len(titles) == 5
    cafe = next(r for r in as_json(margin("list", "--json")) if r["title"] == "Café prices")
    assert WESTERN in margin("show", cafe["id"], check=True).stdout
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_show_formats(margin: Margin, tmp_path: Path) -> None:
    (tmp_path / "g.md").write_text(MARKDOWN, encoding="utf-8")
    margin("import", tmp_path / "g.md", check=True)
    (row,) = as_json(margin("list", "--json"))
    text = margin("show", row["id"], check=True).stdout
    assert text.startswith("Garden notes\n\nTomatoes want sun")
    md = margin("show", row["id"], "--format", "markdown", check=True).stdout
    assert md.startswith("# Garden notes\n")
    assert "\n## Pests\n" in md
    html = margin("show", row["id"], "--format", "html", check=True).stdout
    assert "<h2>Pests</h2>" in html
    missing = margin("show", "999")
    assert missing.returncode == 1
    assert "no article with id 999" in missing.stderr


def test_clean_writes_one_file_per_input_without_a_library(
    margin: Margin, tmp_path: Path, db_path: Path
) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.md").write_text(MARKDOWN, encoding="utf-8")
    (src / "b.html").write_text(HTML_UTF8, encoding="utf-8")
    (src / "notes.csv").write_text("a,b\n", encoding="utf-8")
    out = tmp_path / "out"
    proc = margin("clean", "--format", "markdown", "--output-dir", out, src)
    assert proc.returncode == 0, proc.stderr
    assert sorted(p.name for p in out.iterdir()) == ["a.md", "b.md"]
    assert (out / "a.md").read_text(encoding="utf-8").startswith("# Garden notes\n")
    assert "Home" not in (out / "b.md").read_text(encoding="utf-8")
    assert not db_path.exists()


def test_seed_cleans_to_the_gold_article(margin: Margin, seed_file: Path, tmp_path: Path) -> None:
    md = margin("clean", "--format", "markdown", seed_file, check=True).stdout
    out = tmp_path / "seed.md"
    out.write_text(md, encoding="utf-8")
    check = seed_file.parent / "check_seed.py"
    proc = subprocess.run([sys.executable, str(check), str(out)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout
    text = margin("clean", "--format", "text", seed_file, check=True).stdout
    assert text.splitlines()[0] == SEED_TITLE


def test_search_remove_and_info(margin: Margin, tmp_path: Path, db_path: Path) -> None:
    (tmp_path / "g.md").write_text(MARKDOWN, encoding="utf-8")
    margin("import", tmp_path / "g.md", check=True)
    (row,) = as_json(margin("list", "--json"))
    hits = as_json(margin("search", "snail*", "--json"))
    assert [(h["kind"], h["article_id"]) for h in hits] == [("article", row["id"])]
    info = margin("info", check=True).stdout
    assert str(db_path) in info
    assert "articles: 1" in info
    removed = margin("remove", row["id"], check=True).stdout
    assert removed.startswith(f"removed: #{row['id']} Garden notes")
    assert as_json(margin("list", "--json")) == []
    assert "The library is empty" in margin("list", check=True).stdout


def test_missing_path_is_reported_and_the_rest_goes_on(margin: Margin, tmp_path: Path) -> None:
    (tmp_path / "g.md").write_text(MARKDOWN, encoding="utf-8")
    proc = margin("import", tmp_path / "nope.txt", tmp_path / "g.md")
    assert proc.returncode == 1
    assert f"failed: {tmp_path / 'nope.txt'}: file not found" in proc.stdout
    assert "imported: " in proc.stdout


def test_margin_db_environment_variable(tmp_path: Path) -> None:
    env = {**os.environ, "MARGIN_DB": str(tmp_path / "env.db")}
    (tmp_path / "g.md").write_text(MARKDOWN, encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "reader", "import", str(tmp_path / "g.md")],
        capture_output=True,
        text=True,
        env=env,
    )
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "env.db").exists()


@pytest.mark.parametrize("bad", [["list", "--sort", "nope"], ["annotate", "1"], ["show", "x"]])
def test_usage_errors_exit_2(margin: Margin, bad: list[str]) -> None:
    assert margin(*bad).returncode == 2
