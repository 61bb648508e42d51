"""Regression guard for PDF extraction on the bench's printed pages (``data/pdf``).

Every page goes through the app's own import path (`clean_file`: text layer, reflow, text-dump
cleaner, structure) and the bench's scorer, exactly as `margin clean` does. The floor sits below the F1 reached when this was written
(0.877, titles 0.951) by a margin that leaves room for a retrained text-dump model; a change
of the PDF reflow that loses more fails here. ``MARGIN_BENCH_PAGES=N`` scores only the first N
pages (a quick look); by default all of them. Skipped when ../shared is absent.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from reader.ingest import IngestError, clean_file
from reader.ingest.text_dump.dataset import load_scorer

DATA = Path(__file__).parents[2].parent / "shared" / "cleaning-bench" / "data"
F1_FLOOR = 0.86


@pytest.mark.slow
def test_pdf_bench_f1_does_not_regress() -> None:
    if not (DATA / "pdf").is_dir():
        pytest.skip("the shared cleaning bench (with PDFs) is not available")
    import json

    truth = json.loads((DATA / "ground-truth.json").read_text(encoding="utf-8"))
    files = sorted((DATA / "pdf").glob("*.pdf"))
    limit = int(os.environ.get("MARGIN_BENCH_PAGES", "0") or 0)
    if limit:
        files = files[:limit]
    preds: dict[str, str] = {}
    for f in files:
        try:
            preds[f.stem] = clean_file(f).document.to_text()
        except IngestError:
            preds[f.stem] = ""
    truths = {f.stem: truth[f.stem]["articleBody"] for f in files}
    f1 = load_scorer(DATA).score(truths, preds)["f1"]
    if not limit:
        assert len(files) >= 50
        assert f1 >= F1_FLOOR, f"PDF bench F1 {f1:.4f}"
    assert all(re.search(r"\w", text) for text in preds.values() if text)
