"""Make the upgrade fixtures: libraries written by old releases' own code, to test migrations on.

Why: a migration test on a library that today's models create proves little; a library that the
old code really wrote (its defaults, its dates, its re-anchoring, its WAL header) is what a user's
disk holds. This script extracts the old code with ``git archive`` into a temporary folder and
drives it through its own CLI and services, then records what the library holds in a JSON file
next to it (``library_NNNN.expected.json``); ``tests/unit/test_upgrade_fixtures.py`` migrates a
copy with the current code and checks every item.

    python tests/data/make_old_libraries.py     # from the repository root; rewrites both fixtures

- ``library_0001.db``: made at commit 76ccd64 (schema 0001: articles, highlights, notes, tags).
- ``library_0002.db``: that library opened by commit b67ea74 (schema 0002, which adds watched
  folders; the last code before the hardening session's migrations), with watched folders, a
  Markdown clipping and a text dump (0001's code could only import HTML) and their annotations.

A helper adding a migration adds its own ``library_NNNN.db`` the same way (a function below and a
line in ``main``); the test picks up every ``library_*.db`` here.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
COMMIT_0001 = "76ccd64"
COMMIT_0002 = "b67ea74"
# 76ccd64 is the only commit whose schema head is 0001, but its CLI imports two modules that were
# committed a little later (in 5831b03); they are taken from there. They hold no schema.
FILL_IN = ("reader/anchoring", "reader/positions.py")
FILL_FROM = "5831b03"

NIGHT_TRAINS = """\
<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>The Quiet Return of the Night Train - Rail Weekly</title>
<meta name="author" content="Ana Müller">
<link rel="canonical" href="https://example.org/night-trains"></head>
<body><header><a href="/">Rail Weekly</a> <a href="/subscribe">Subscribe</a></header>
<main><article><h1>The Quiet Return of the Night Train</h1>
<p>Sleeper trains are coming back to European timetables after two decades of decline.</p>
<h2>Why now</h2>
<p>Travellers look for alternatives to short flights, and operators find that overnight routes
can fill their carriages again.</p>
<ul><li>Vienna to Paris</li><li>Brussels to Prague</li></ul>
<p>The first trains left on time, which nobody expected.</p>
<p>Tickets sold out within a week, and a second carriage was added for the winter season.</p>
</article></main><footer>Share: Facebook Twitter</footer></body></html>
"""

TIDES = """\
<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Tides and the Moon | Coast Notes</title>
<meta property="og:site_name" content="Coast Notes"></head>
<body><nav><a href="/">Home</a> <a href="/about">About</a></nav>
<article><h1>Tides and the Moon</h1>
<p class="byline">By R. Keel</p>
<p>Twice a day the sea rises and falls along the coast, pulled by the Moon and, to a lesser
degree, by the Sun. The difference between high and low water can reach fifteen metres in some
bays.</p>
<p>Spring tides come with the new and full Moon, when Sun and Moon pull in line. Neap tides, the
weakest, come in between.</p>
<h2>Reading a tide table</h2>
<p>A tide table lists the times and heights of high and low water for each day. Sailors add a
margin for wind and pressure, which can move the sea by half a metre.</p>
</article><footer>© Coast Notes</footer></body></html>
"""

KYOTO = """\
<!doctype html>
<html lang="ja"><head><meta charset="utf-8"><title>Café culture in Kyōto: a slow morning</title>
</head><body><article><h1>Café culture in Kyōto: a slow morning</h1>
<p>The old coffee houses of Kyōto open late and close early, and nobody seems to mind. In the
narrow streets north of the river, a cup of hand-dripped coffee takes ten minutes to arrive.</p>
<p>Regulars read the paper, talk quietly, or simply watch the street. The owners say that the
pace is the point: a café is a place to stop, not a place to refuel.</p>
<p>Prices have barely moved in twenty years. “We would rather keep the customers we have,” says
one owner, who has run her shop since 1987 — long before the tourists came. 🍵 京都の喫茶店。</p>
</article></body></html>
"""

REMOVED = """\
<html><head><title>Gone</title></head><body><article><h1>Gone</h1>
<p>This article is imported and then removed again, so that ids have a gap.</p>
<p>Nothing of it should come back after an upgrade.</p></article></body></html>
"""

# Made with the code at 0002, which reads Markdown clippings and text dumps too.
MARKDOWN = """\
---
title: "Lighthouses at Dusk"
url: https://example.org/lighthouses
---

# Lighthouses at Dusk

Every lighthouse has its own signature: a pattern of flashes that sailors learn by heart.

## Keepers

Keepers are gone from most of them now, but the lights still turn every night.
"""

TEXT_DUMP = """\
Skip to content
Menu
Search

Walking the old salt road

By Lena Brandt

The old salt road crosses three valleys and two passes, and for five hundred years it carried the
wealth of the mines down to the river ports. Today it is a footpath, marked with white and red
stripes on stones and trees.

Walkers take four days from end to end. The inns along the way still serve the barley soup that
the carters ate, and some still keep a stable, though no horse has used it for decades.

Share this article
Facebook
Twitter
"""


def _untar(commit: str, dest: Path, *paths: str) -> None:
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", commit, *paths], check=True, capture_output=True
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(dest)], input=archive, check=True)


def extract(commit: str, dest: Path, fill_from: str | None = None) -> Path:
    """The old code, as it was at ``commit``, in ``dest`` (no worktree left behind).

    ``fill_from`` supplies only the modules that ``commit`` imports but did not contain yet
    (never anything under ``reader/store``: the schema and the store are the old ones).
    """
    dest.mkdir(parents=True)
    _untar(commit, dest, "reader")
    if fill_from is not None:
        _untar(fill_from, dest, *FILL_IN)
    return dest


def run_old(code: Path, *args: str) -> str:
    """Run the old code's ``margin`` CLI (cwd is the old tree so it is the one imported)."""
    script = (
        "import sys, reader; "
        f"assert reader.__file__.startswith({str(code)!r}), reader.__file__; "
        "from reader.cli.main import main; sys.exit(main(sys.argv[1:]))"
    )
    proc = subprocess.run(
        [sys.executable, "-c", script, *args],
        cwd=code,
        env={"PYTHONPATH": str(code), "PATH": "/usr/bin:/bin", "HOME": str(code)},
        capture_output=True,
        text=True,
    )
    if proc.returncode != 0:
        raise SystemExit(f"old margin {args} failed:\n{proc.stdout}\n{proc.stderr}")
    return proc.stdout


def run_old_python(code: Path, source: str) -> None:
    proc = subprocess.run(
        [sys.executable, "-c", source],
        cwd=code,
        env={"PYTHONPATH": str(code), "PATH": "/usr/bin:/bin", "HOME": str(code)},
        capture_output=True,
        text=True,
    )
    if proc.returncode != 0:
        raise SystemExit(f"old code failed:\n{proc.stdout}\n{proc.stderr}")


def _id(out: str, name: str) -> int:
    for line in out.splitlines():
        if " -> #" in line and line.split(" -> #")[0].endswith(name):
            return int(line.split(" -> #")[1].split()[0])
    raise SystemExit(f"{name} was not imported:\n{out}")


def make_0001(work: Path) -> Path:
    code = extract(COMMIT_0001, work / "code-0001", fill_from=FILL_FROM)
    articles = work / "articles"
    articles.mkdir()
    (articles / "night-trains.html").write_text(NIGHT_TRAINS, encoding="utf-8")
    (articles / "kyoto-cafes.html").write_text(KYOTO, encoding="utf-8")
    (articles / "tides.html").write_text(TIDES, encoding="utf-8")
    (articles / "removed.html").write_text(REMOVED, encoding="utf-8")
    db = work / "library_0001.db"
    m = ("--db", str(db))
    out = run_old(code, *m, "import", str(articles))
    night, kyoto = _id(out, "night-trains.html"), _id(out, "kyoto-cafes.html")
    tides = _id(out, "tides.html")
    run_old(code, *m, "remove", str(_id(out, "removed.html")))
    run_old(
        code,
        *m,
        "annotate",
        str(night),
        "--quote",
        "coming back to European timetables",
        "--color",
        "green",
        "--note",
        "Check the *2024* timetable.\n\nSecond paragraph.",
        "--tag",
        "trains",
        "--tag",
        "Europe",
    )
    run_old(
        code,
        *m,
        "annotate",
        str(night),
        "--quote",
        "Vienna to Paris",
        "--color",
        "blue",
        "--tag",
        "europe",
    )
    run_old(
        code,
        *m,
        "annotate",
        str(night),
        "--quote",
        "which nobody expected",
        "--color",
        "pink",
        "--note",
        "Will be orphaned by the edit below.",
    )
    run_old(
        code,
        *m,
        "annotate",
        str(night),
        "--quote",
        "overnight routes\ncan fill",
        "--color",
        "purple",
    )
    run_old(code, *m, "annotate", str(night), "--quote", "a second carriage was added")
    run_old(
        code,
        *m,
        "annotate",
        str(kyoto),
        "--quote",
        "hand-dripped coffee takes ten minutes",
        "--note",
        "Ten minutes! ☕",
        "--tag",
        "coffee",
    )
    run_old(
        code,
        *m,
        "annotate",
        str(kyoto),
        "--quote",
        "since 1987 — long before the tourists",
        "--color",
        "yellow",
    )
    run_old(
        code,
        *m,
        "annotate",
        str(tides),
        "--quote",
        "Spring tides come with the new and",
        "--color",
        "blue",
        "--note",
        "<script>alert(1)</script> stays text",
    )
    run_old(code, *m, "annotate", str(tides), "--quote", "Neap tides", "--occurrence", "1")
    run_old(code, *m, "note", str(night), "Read on the train to Vienna.\nSecond line.")
    run_old(code, *m, "tag", str(night), "trains", "slow travel")
    run_old(code, *m, "tag", str(kyoto), "Coffee", "Japan")
    # An edit: highlights move, a word changes inside one, one passage disappears.
    edited = NIGHT_TRAINS.replace("Sleeper trains", "After years of cuts, sleeper trains")
    edited = edited.replace("a second carriage was added", "a second carriage was soon added")
    edited = edited.replace("<p>The first trains left on time, which nobody expected.</p>\n", "")
    (articles / "night-trains.html").write_text(edited, encoding="utf-8")
    run_old(code, *m, "import", str(articles / "night-trains.html"))
    return db


def make_0002(work: Path, db_0001: Path) -> Path:
    code = extract(COMMIT_0002, work / "code-0002")
    db = work / "library_0002.db"
    shutil.copyfile(db_0001, db)
    m = ("--db", str(db))
    run_old(code, *m, "info")  # migrates to 0002 (and leaves a .bak copy, not kept)
    inbox = work / "watched" / "inbox"
    inbox.mkdir(parents=True)
    (inbox / "lighthouses.md").write_text(MARKDOWN, encoding="utf-8")
    (inbox / "salt-road.txt").write_text(TEXT_DUMP, encoding="utf-8")
    run_old_python(
        code,
        "from reader.store.db import open_library\n"
        "from reader.store.folders import add_folder\n"
        f"lib = open_library({str(db)!r})\n"
        f"add_folder(lib, {str(inbox)!r})\n"
        f"add_folder(lib, {str(work / 'articles')!r})\n"
        "lib.close()\n",
    )
    out = run_old(code, *m, "import", str(inbox))
    lights, salt = _id(out, "lighthouses.md"), _id(out, "salt-road.txt")
    run_old(
        code,
        *m,
        "annotate",
        str(lights),
        "--quote",
        "a pattern of flashes",
        "--color",
        "yellow",
        "--note",
        "Morse-like.",
        "--tag",
        "sea",
        "--tag",
        "Trains",
    )
    run_old(code, *m, "annotate", str(salt), "--quote", "barley soup", "--color", "green")
    run_old(code, *m, "tag", str(salt), "walking")
    run_old(code, *m, "note", str(salt), "Plan for May.")
    return db


def describe(db: Path) -> dict[str, object]:
    """Everything a user would miss if a migration lost it, read with plain SQL."""
    con = sqlite3.connect(db)
    con.row_factory = sqlite3.Row
    try:
        tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        articles = []
        for a in con.execute("SELECT * FROM articles ORDER BY id"):
            note = con.execute("SELECT body FROM notes WHERE article_id = ?", (a["id"],)).fetchone()
            tags = [
                r[0]
                for r in con.execute(
                    "SELECT t.name FROM tags t JOIN article_tags at ON at.tag_id = t.id "
                    "WHERE at.article_id = ? ORDER BY lower(t.name)",
                    (a["id"],),
                )
            ]
            articles.append(
                {
                    "id": a["id"],
                    "title": a["title"],
                    "source_path": a["source_path"],
                    "sha256": a["sha256"],
                    "format": a["format"],
                    "words": a["word_count"],
                    "plain_text": a["plain_text"],
                    "reading_position": a["reading_position"],
                    "added_at": a["added_at"],
                    "note": note[0] if note else "",
                    "tags": tags,
                }
            )
        highlights = []
        for h in con.execute("SELECT * FROM highlights ORDER BY id"):
            note = con.execute(
                "SELECT body FROM notes WHERE highlight_id = ?", (h["id"],)
            ).fetchone()
            tags = [
                r[0]
                for r in con.execute(
                    "SELECT t.name FROM tags t JOIN highlight_tags ht ON ht.tag_id = t.id "
                    "WHERE ht.highlight_id = ? ORDER BY lower(t.name)",
                    (h["id"],),
                )
            ]
            highlights.append(
                {
                    "id": h["id"],
                    "uid": h["uid"],
                    "article_id": h["article_id"],
                    "start": h["start"],
                    "end": h["end"],
                    "exact": h["exact"],
                    "prefix": h["prefix"],
                    "suffix": h["suffix"],
                    "color": h["color"],
                    "status": h["status"],
                    "anchor_method": h["anchor_method"],
                    "created_at": h["created_at"],
                    "note": note[0] if note else "",
                    "tags": tags,
                }
            )
        folders = (
            [r[0] for r in con.execute("SELECT path FROM watched_folders ORDER BY path")]
            if "watched_folders" in tables
            else []
        )
        revision = con.execute("SELECT version_num FROM alembic_version").fetchone()[0]
    finally:
        con.close()
    return {
        "revision": revision,
        "articles": articles,
        "highlights": highlights,
        "watched_folders": folders,
    }


def publish(db: Path) -> None:
    """Checkpoint the WAL into the file (closing the last connection does), then copy it here."""
    con = sqlite3.connect(db)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    target = HERE / db.name
    shutil.copyfile(db, target)
    expected = json.dumps(describe(db), ensure_ascii=False, indent=1, sort_keys=True)
    target.with_suffix(".expected.json").write_text(expected + "\n", encoding="utf-8")
    print(f"wrote {target.relative_to(ROOT)} ({target.stat().st_size} bytes)")


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="margin-fixtures-") as tmp:
        work = Path(tmp)
        db_0001 = make_0001(work)
        publish(db_0001)
        publish(make_0002(work, db_0001))


if __name__ == "__main__":
    main()
