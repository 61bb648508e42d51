"""Regression over the shared cleaning benchmark: saved pages scored against the true article.

Each page is decoded as an import would (`sniff.decode`), goes through `extract_html` and is scored on what `margin clean --format text` prints
(title included), with the benchmark's own `score.py`. Skipped when ../shared is not there.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reader.ingest.html_page import extract_html
from reader.ingest.sniff import decode
from reader.ingest.text_dump.dataset import load_scorer

SHARED = Path(__file__).parents[2].parent / "shared"
BENCH = SHARED / "cleaning-bench"
# F1 reached on the 61 development pages (see the closing note); a drop of more than
# 0.01 below it fails.
REACHED_F1 = 0.9686
TOLERANCE = 0.01


@pytest.fixture(scope="module")
def scores() -> dict[str, float]:
    if not (BENCH / "score.py").is_file() or not (BENCH / "data" / "html").is_dir():
        pytest.skip("the shared cleaning benchmark is not available")
    scorer = load_scorer(BENCH / "data")
    truth = json.loads((BENCH / "data" / "ground-truth.json").read_text(encoding="utf-8"))
    truths = {key: entry.get("articleBody") or "" for key, entry in truth.items()}
    predictions = {}
    for path in sorted((BENCH / "data" / "html").glob("*.html")):
        if path.stem in truths:
            predictions[path.stem] = extract_html(decode(path.read_bytes(), "html")[0]).to_text()
    result = scorer.score(truths, predictions)
    return {"f1": result["f1"], "precision": result["precision"], "recall": result["recall"]}


def test_html_f1_has_not_regressed(scores: dict[str, float]) -> None:
    assert scores["f1"] >= REACHED_F1 - TOLERANCE, scores
