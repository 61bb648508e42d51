"""Benchmark: import speed of PDF, MHTML, Safari web archives and EPUB, documents per second.

Run on demand (not part of the test suite), on one core:

    OMP_NUM_THREADS=1 python tests/benchmarks/bench_formats.py [DATA]

DATA is the cleaning bench's data folder (default ``../shared/cleaning-bench/data``). Every file
goes through `clean_source` (what an import does before its database write). Each figure sits
next to a bound measured in the same run on the same pages:

* PDF: the bench's 61 printed pages, against pypdfium2's plain text extraction of the same files
  (opening each PDF and reading every page's text, the least any PDF import must do);
* MHTML and web archives: the bench's 61 saved HTML pages, each wrapped as Chrome and Safari
  save them, against the same pages imported as plain ``.html`` (the wrapping's cost is the gap);
* EPUB: each page's article as a one-chapter book, against the same text as an ``.html`` page.
"""

from __future__ import annotations

import re
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from reader.ingest import IngestError  # noqa: E402
from reader.ingest.pipeline import SourceFile, clean_source  # noqa: E402
from tests.format_files import epub, mhtml, webarchive  # noqa: E402

DEFAULT_DATA = ROOT.parent / "shared" / "cleaning-bench" / "data"


def rate(files: list[tuple[str, bytes]]) -> tuple[float, int]:
    """Documents per second through `clean_source`, and how many failed."""
    failed = 0
    t0 = time.perf_counter()
    for name, data in files:
        try:
            clean_source(SourceFile(Path(name), data, "", 0.0))
        except IngestError:
            failed += 1
    return len(files) / (time.perf_counter() - t0), failed


def timed_rate(n: int, fn: Callable[[], object]) -> float:
    t0 = time.perf_counter()
    fn()
    return n / (time.perf_counter() - t0)


def raw_pdf_text(files: list[tuple[str, bytes]]) -> None:
    import pypdfium2 as pdfium

    for _, data in files:
        doc = pdfium.PdfDocument(data)
        for page in doc:
            page.get_textpage().get_text_range()
        doc.close()


def article_paragraphs(html: str) -> list[str]:
    """The page's <p> texts (a stand-in book chapter made of real prose)."""
    paras = [re.sub(r"<[^>]+>", "", p) for p in re.findall(r"<p[^>]*>(.*?)</p>", html, re.S)]
    return [" ".join(p.split()) for p in paras if len(p.split()) >= 8][:200] or ["(empty)"]


def main() -> int:
    data_dir = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_DATA
    if not (data_dir / "pdf").is_dir():
        print(f"no bench data in {data_dir}")
        return 1
    pdfs = [(p.name, p.read_bytes()) for p in sorted((data_dir / "pdf").glob("*.pdf"))]
    pages = [(p.name, p.read_bytes()) for p in sorted((data_dir / "html").glob("*.html"))]
    texts = [data.decode("utf-8", "replace") for _, data in pages]
    rate(pdfs[:3] + pages[:3])  # warm imports and the model

    print(f"{'format':<12} {'docs/s':>8}   bound (same pages, same run)")
    r, failed = rate(pdfs)
    bound = timed_rate(len(pdfs), lambda: raw_pdf_text(pdfs))
    print(
        f"{'pdf':<12} {r:8.1f}   pypdfium2 plain text {bound:.1f}/s  ({len(pdfs)} files, "
        f"{failed} refused)"
    )
    html_rate, _ = rate(pages)
    for fmt, wrap in (("mhtml", mhtml), ("webarchive", webarchive)):
        wrapped = [(f"{n}.{fmt}", wrap(t)) for (n, _), t in zip(pages, texts, strict=True)]
        r, failed = rate(wrapped)
        print(f"{fmt:<12} {r:8.1f}   same pages as .html {html_rate:.1f}/s  ({failed} refused)")
    books, plain = [], []
    for (name, _), text in zip(pages, texts, strict=True):
        paras = article_paragraphs(text)
        books.append((f"{name}.epub", epub("A Book", [("Chapter", paras)])))
        body = "".join(f"<p>{p}</p>" for p in paras)
        plain.append((name, f"<html><body><h2>Chapter</h2>{body}</body></html>".encode()))
    r, failed = rate(books)
    bound, _ = rate(plain)
    print(f"{'epub':<12} {r:8.1f}   same text as .html {bound:.1f}/s  ({failed} refused)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
