"""Benchmark: exporting one article with 10,000 highlights to Markdown and JSON.

Run from the project root:

    python tests/benchmarks/bench_export.py [--highlights 10000] [--code /other/checkout]

Builds a library in a temporary folder: one article of ~12,000 sentences and N highlights on it
(restored from a backup in one transaction, as `margin import-annotations` does). Prints the
time of the Markdown export (default template, into a folder), of the JSON backup, and the
bound measured in the same run: reading the article's highlights from the library
(`list_highlights`), which any export must do. Block ids (``^h-...``) were once computed by
comparing every highlight's uid with every other's: 30 s for 10,000.

``--code`` imports ``reader`` from another checkout, to measure the code before a change.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
import uuid
from datetime import datetime
from pathlib import Path


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--highlights", type=int, default=10_000)
    ap.add_argument("--code", type=Path, help="import reader from this checkout instead")
    args = ap.parse_args()
    sys.path.insert(0, str(args.code or Path(__file__).resolve().parents[2]))
    import reader
    from reader.export import export_articles
    from reader.store.annotations import list_highlights
    from reader.store.backup import HighlightBackup, restore_article
    from reader.store.db import open_library
    from reader.store.library import get_article, import_file

    print(f"reader from {Path(reader.__file__).parent}")
    rng = random.Random(11)
    words = ["".join(rng.choices("aeioulmnprstkvdg", k=rng.randint(2, 8))) for _ in range(2000)]
    sentences = [
        " ".join(rng.choice(words) for _ in range(12)).capitalize() + "." for _ in range(12_000)
    ]
    paras = [" ".join(sentences[i : i + 6]) for i in range(0, len(sentences), 6)]
    with tempfile.TemporaryDirectory(prefix="margin-bench-export-") as tmp:
        folder = Path(tmp)
        src = folder / "article.md"
        src.write_text("# Many highlights\n\n" + "\n\n".join(paras) + "\n", encoding="utf-8")
        library = open_library(folder / "library.db")
        article_id = import_file(library, src).article_id
        assert article_id is not None
        text = get_article(library, article_id).plain_text  # type: ignore[union-attr]
        when = datetime(2026, 1, 1)
        backups = []
        for _ in range(args.highlights):
            s = rng.randrange(0, len(text) - 200)
            e = s + rng.randint(20, 150)
            backups.append(
                HighlightBackup(
                    uuid.UUID(int=rng.getrandbits(128)).hex, s, e, text[s:e],
                    text[max(0, s - 32) : s], text[e : e + 32], color="yellow",
                    status="anchored", anchor_method="exact", note="", tags=(),
                    created_at=when, updated_at=when,
                )
            )  # fmt: skip
        restore_article(library, article_id, backups)

        t0 = time.perf_counter()
        n = len(list_highlights(library, article_id))
        t_read = time.perf_counter() - t0
        t0 = time.perf_counter()
        export_articles(library, [article_id], folder / "md", "markdown")
        t_md = time.perf_counter() - t0
        t0 = time.perf_counter()
        export_articles(library, [article_id], folder / "json", "json")
        t_json = time.perf_counter() - t0
        library.close()
    print(f"one article, {n:,} highlights:")
    print(f"  bound: list_highlights (read them)   {t_read * 1e3:8.0f} ms")
    print(f"  Markdown export (default template)  {t_md * 1e3:8.0f} ms  {t_md / t_read:5.1f}x")
    print(f"  JSON export                         {t_json * 1e3:8.0f} ms  {t_json / t_read:5.1f}x")


if __name__ == "__main__":
    main()
