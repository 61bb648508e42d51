"""How to find substrings of Chinese, Japanese and Thai text: measured, not guessed.

Builds the same corpus of CJK/Thai articles four ways and prints, for each, the index size,
the build time, the median query time for substrings of 2, 3 and 4-6 characters and the share
of those substrings it finds (the truth is Python's ``in`` over the text):

- ``words``: the plain ``unicode61`` word index alone (what 0001 had);
- ``bigrams``: the word index plus the ``grams`` column of character pairs that Margin uses
  (`reader.search.grams`), queried as phrases of pairs;
- ``trigram``: SQLite's ``trigram`` tokenizer over the text, beside the word index (it matches
  3 characters or more; 2-character queries must scan the text of every article);
- ``segmented``: dictionary segmentation (jieba) written into a word index, queried with the
  query's own segmentation; skipped unless jieba is installed (it is not a dependency).

The corpus is made of the paragraphs of the CJK and Thai pages in ``../shared/cleaning-bench``
(cleaned with Margin's own cleaner), shuffled into articles of about 3,000 characters.

    nice -n 10 python tests/benchmarks/bench_cjk_index.py [--articles 2000]
    (with ``pip install jieba`` for the segmentation row; ``notes/search.md`` has the figures)
"""

from __future__ import annotations

import argparse
import random
import re
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from reader.ingest import IngestError, clean_file  # noqa: E402
from reader.search.fts import plan  # noqa: E402
from reader.search.grams import has_spaceless, index_grams  # noqa: E402
from reader.search.query import parse_query  # noqa: E402

BENCH = ROOT.parent / "shared" / "cleaning-bench"
CJK_RUN = re.compile(r"[\u0e00-\u0e7f\u3041-\u30ff\u3400-\u4dbf\u4e00-\u9fff]{2,}")


def paragraphs() -> list[str]:
    found: list[str] = []
    for path in sorted(BENCH.rglob("*.html")):
        raw = path.read_bytes()
        if not re.search(rb"[\xe3-\xe9][\x80-\xbf]{2}|\xe0\xb8", raw):
            continue
        try:
            text = clean_file(path).plain_text
        except IngestError:
            continue
        for para in text.split("\n\n"):
            if len(CJK_RUN.findall(para)) >= 2 and len(para) >= 20:
                found.append(para)
    return found


def corpus(pool: list[str], n: int, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    docs = []
    for _ in range(n):
        parts: list[str] = []
        while sum(map(len, parts)) < 3000:
            parts.append(rng.choice(pool))
        docs.append("\n\n".join(parts))
    return docs


def sample_queries(docs: list[str], seed: int = 11) -> dict[str, list[str]]:
    rng = random.Random(seed)
    runs = [r for d in docs[:200] for r in CJK_RUN.findall(d)]
    out: dict[str, list[str]] = {"2": [], "3": [], "4-6": []}
    for label, lengths, count in (("2", (2,), 60), ("3", (3,), 40), ("4-6", (4, 5, 6), 40)):
        while len(out[label]) < count:
            run = rng.choice(runs)
            k = rng.choice(lengths)
            if len(run) >= k:
                i = rng.randrange(len(run) - k + 1)
                out[label].append(run[i : i + k])
    return out


def connect(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path)
    conn.create_function("margin_grams", 1, index_grams, deterministic=True)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("CREATE TABLE docs(id INTEGER PRIMARY KEY, text TEXT)")
    return conn


def size_of_index(conn: sqlite3.Connection, prefix: str) -> int:
    rows = conn.execute(
        "SELECT sum(pgsize) FROM dbstat WHERE name LIKE ?", (prefix + "%",)
    ).fetchone()
    return int(rows[0] or 0)


Query = Callable[[sqlite3.Connection, str], set[int]]


def build_words(conn: sqlite3.Connection, docs: list[str]) -> Query:
    conn.execute(
        "CREATE VIRTUAL TABLE words USING fts5(text, content='docs', content_rowid='id', "
        "tokenize='unicode61 remove_diacritics 2')"
    )
    conn.execute("INSERT INTO words(words) VALUES ('rebuild')")

    def query(c: sqlite3.Connection, q: str) -> set[int]:
        expr = '"' + q.replace('"', '""') + '"'
        return {r[0] for r in c.execute("SELECT rowid FROM words WHERE words MATCH ?", (expr,))}

    return query


def build_bigrams(conn: sqlite3.Connection, docs: list[str]) -> Query:
    conn.execute(
        "CREATE VIEW docs_search AS SELECT id, text, margin_grams(text) AS grams FROM docs"
    )
    conn.execute(
        "CREATE VIRTUAL TABLE bigrams USING fts5(text, grams, content='docs_search', "
        "content_rowid='id', tokenize='unicode61 remove_diacritics 2')"
    )
    conn.execute("INSERT INTO bigrams(bigrams) VALUES ('rebuild')")

    def query(c: sqlite3.Connection, q: str) -> set[int]:
        expr = plan(parse_query(q)).expression
        sql = "SELECT rowid FROM bigrams WHERE bigrams MATCH ?"
        return {r[0] for r in c.execute(sql, (expr,))}

    return query


def build_trigram(conn: sqlite3.Connection, docs: list[str]) -> Query:
    build_words(conn, docs)  # beside the word index, as it would be in Margin
    conn.execute(
        "CREATE VIRTUAL TABLE trigram USING fts5(text, content='docs', content_rowid='id', "
        "tokenize='trigram')"
    )
    conn.execute("INSERT INTO trigram(trigram) VALUES ('rebuild')")

    def query(c: sqlite3.Connection, q: str) -> set[int]:
        if len(q) >= 3:
            expr = '"' + q.replace('"', '""') + '"'
            sql = "SELECT rowid FROM trigram WHERE trigram MATCH ?"
            return {r[0] for r in c.execute(sql, (expr,))}
        # Shorter than a trigram: SQLite 3.40 answers LIKE on the index with nothing, so
        # the text itself is scanned (newer SQLite scans too).
        return {r[0] for r in c.execute("SELECT id FROM docs WHERE instr(text, ?)", (q,))}

    return query


def build_segmented(conn: sqlite3.Connection, docs: list[str]) -> Query | None:
    try:
        import jieba  # type: ignore[import-not-found]
    except ImportError:
        return None
    jieba.setLogLevel(60)
    jieba.initialize()
    conn.execute(
        "CREATE VIRTUAL TABLE segmented USING fts5(text, tokenize='unicode61 remove_diacritics 2')"
    )
    conn.executemany(
        "INSERT INTO segmented(rowid, text) VALUES (?, ?)",
        ((i + 1, " ".join(jieba.cut(d))) for i, d in enumerate(docs)),
    )

    def query(c: sqlite3.Connection, q: str) -> set[int]:
        expr = '"' + " ".join(jieba.cut(q)).replace('"', '""') + '"'
        sql = "SELECT rowid FROM segmented WHERE segmented MATCH ?"
        return {r[0] for r in c.execute(sql, (expr,))}

    return query


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000)
    args = parser.parse_args()
    if not BENCH.is_dir():
        print(f"needs {BENCH} (the shared cleaning bench)")
        return 1
    pool = paragraphs()
    docs = corpus(pool, args.articles)
    text_bytes = sum(len(d.encode("utf-8")) for d in docs)
    queries = sample_queries(docs)
    truth = {
        q: {i + 1 for i, d in enumerate(docs) if q in d} for qs in queries.values() for q in qs
    }
    t0 = time.perf_counter()
    for d in docs:
        index_grams(d)
    grams_s = time.perf_counter() - t0
    print(
        f"corpus: {len(docs)} articles from {len(pool)} paragraphs, "
        f"{text_bytes / 1e6:.1f} MB of UTF-8 text ({sum(map(len, docs)) / 1e6:.2f} M characters)"
    )
    print(f"making the bigram tokens in Python alone: {grams_s:.2f} s")
    print(
        f"{'index':<10} {'size MB':>8} {'x text':>7} {'build s':>8} "
        + " ".join(f"{'q' + k + ' ms':>9} {'found':>6}" for k in queries)
    )
    builders = {
        "words": (build_words, "words"),
        "bigrams": (build_bigrams, "bigrams"),
        "trigram": (build_trigram, "trigram"),
        "segmented": (build_segmented, "segmented"),
    }
    with tempfile.TemporaryDirectory(prefix="bench-cjk-") as tmp:
        for name, (build, prefix) in builders.items():
            conn = connect(Path(tmp) / f"{name}.db")
            conn.executemany(
                "INSERT INTO docs(id, text) VALUES (?, ?)", ((i + 1, d) for i, d in enumerate(docs))
            )
            conn.commit()
            t0 = time.perf_counter()
            query = build(conn, docs)
            conn.commit()
            build_s = time.perf_counter() - t0
            if query is None:
                print(f"{name:<10} (skipped: jieba is not installed)")
                continue
            size = size_of_index(conn, prefix) + (
                size_of_index(conn, "words") if name == "trigram" else 0
            )
            cells = []
            for qs in queries.values():
                times, hits = [], 0
                for q in qs:
                    t0 = time.perf_counter()
                    got = query(conn, q)
                    times.append(time.perf_counter() - t0)
                    hits += got == truth[q]
                cells.append(f"{statistics.median(times) * 1000:>9.2f} {hits / len(qs):>6.0%}")
            print(
                f"{name:<10} {size / 1e6:>8.1f} {size / text_bytes:>7.2f} {build_s:>8.2f} "
                + " ".join(cells)
            )
            conn.close()
    print("found: share of queries whose result is exactly the articles containing the substring")
    return 0


if __name__ == "__main__":
    assert has_spaceless("改造")
    raise SystemExit(main())
