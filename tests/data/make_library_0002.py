"""Makes ``library-0002.db``: a library as schema 0002 left it, before the search index (0003).

Run once from the repository root (``python tests/data/make_library_0002.py``); the file is
committed so that the upgrade test opens a library that really was made by the old schema.
It holds articles (one Japanese), highlights with notes and tags, and an article note and tags.
"""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

from alembic import command

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))

from reader.store.db import Library, _alembic_config  # noqa: E402

NOW = "2026-11-20 10:00:00"
ARTICLES = [
    (
        1,
        "Rivers of the North",
        "Rivers of the North\n\nLocal crews fish for salmon. The café is naïve.",
    ),
    (
        2,
        "車の改造について",
        "車の改造について\n\nこの車は去年改造されました。改造には時間がかかります。",
    ),
    (3, "Night trains", "Night trains\n\nSleeper trains are coming back to Europe."),
]


def make(path: Path) -> None:
    path.unlink(missing_ok=True)
    library = Library(path)
    cfg = _alembic_config()
    with library.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0002")
    library.close()
    db = sqlite3.connect(path)
    for n, title, text in ARTICLES:
        db.execute(
            "INSERT INTO articles (id, source_path, sha256, source_size, source_mtime, format, "
            "encoding, title, word_count, html, plain_text, document_json, cleaner_version, "
            "reading_position, added_at, updated_at) VALUES (?, ?, ?, 1, 0, 'markdown', "
            "'utf-8', ?, 5, '<p></p>', ?, '{}', 1, 0, ?, ?)",
            (n, f"/old/{n}.md", f"{n:064d}", title, text, NOW, NOW),
        )
    highlights = [
        (1, 1, "fish for salmon", "green"),
        (2, 2, "改造", "pink"),
        (3, 3, "Sleeper", "blue"),
    ]
    for hid, aid, quote, color in highlights:
        text = dict((a, t) for a, _, t in ARTICLES)[aid]
        start = text.index(quote)
        db.execute(
            "INSERT INTO highlights (id, uid, article_id, start, end, exact, prefix, suffix, color,"
            " status, anchor_method, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, '', '', ?,"
            " 'anchored', 'exact', ?, ?)",
            (hid, f"uid{hid}", aid, start, start + len(quote), quote, color, NOW, NOW),
        )
    db.execute(
        "INSERT INTO notes (highlight_id, body, created_at, updated_at) VALUES (1, ?, ?, ?)",
        ("Ask about the smokehouse, naïvely", NOW, NOW),
    )
    db.execute(
        "INSERT INTO notes (article_id, body, created_at, updated_at) VALUES (3, ?, ?, ?)",
        ("Compare with the ferry timetable", NOW, NOW),
    )
    db.execute("INSERT INTO tags (id, name) VALUES (1, 'food'), (2, 'rail'), (3, '日本語')")
    db.execute("INSERT INTO highlight_tags (highlight_id, tag_id) VALUES (1, 1), (3, 2)")
    db.execute("INSERT INTO article_tags (article_id, tag_id) VALUES (3, 2), (2, 3)")
    db.commit()
    db.execute("PRAGMA journal_mode=DELETE")
    db.execute("VACUUM")
    db.close()


if __name__ == "__main__":
    make(HERE / "library-0002.db")
    print(f"wrote {HERE / 'library-0002.db'}")
