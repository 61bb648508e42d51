"""Regression guard for the text-dump cleaner on the shared bench and the sample article.

The floors are the scores the shipped model reached on the bench dumps (pages it was trained
on, so they sit above the cross-validated figures recorded in ``model.json``); a change that
loses more than 0.01 on either renderer fails here. Skipped when ../shared is absent.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from reader.ingest.text_dump import clean_text_dump
from reader.ingest.text_dump.dataset import load_pages, load_scorer

SHARED = Path(__file__).parents[2].parent / "shared"
DATA = SHARED / "cleaning-bench" / "data"
SEED = SHARED / "seed"
REACHED = {"text-chromium": 0.9618, "text-w3m": 0.9543}
TOLERANCE = 0.01


@pytest.mark.parametrize("renderer", sorted(REACHED))
def test_bench_f1_does_not_regress(renderer: str) -> None:
    if not (DATA / renderer).is_dir():
        pytest.skip("the shared cleaning bench is not available")
    scorer = load_scorer(DATA)
    pages = load_pages(DATA, (renderer,))
    assert len(pages) >= 50
    truths = {p.key: p.truth for p in pages}
    preds = {p.key: clean_text_dump(p.text).to_text() for p in pages}
    f1 = scorer.score(truths, preds)["f1"]
    assert f1 >= REACHED[renderer] - TOLERANCE, f"{renderer}: F1 {f1:.4f}"


def test_seed_article_passes_its_check(tmp_path: Path) -> None:
    source = SEED / "000_17cb2c6a1bcb8ff9.txt"
    if not source.exists():
        pytest.skip("the shared seed article is not available")
    out = tmp_path / "seed.md"
    out.write_text(clean_text_dump(source.read_text(encoding="utf-8")).to_markdown(), "utf-8")
    done = subprocess.run(
        [sys.executable, str(SEED / "check_seed.py"), str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "-> PASS" in done.stdout
