"""Train the text-dump classifier and report page-grouped cross-validated scores.

    python -m reader.ingest.text_dump.train --data ../shared/cleaning-bench/data

Every rendering of a page (Chromium, w3m, any ``--extra`` folder) stays in the same fold, so a
score is always on pages the model never saw. The cross-validated figures run the whole cleaner
(rules, title, structure) through the bench's own scorer. The final model is fitted on all pages
and written to ``model.json``. scikit-learn is needed here only, and imported lazily.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from reader.ingest.text_dump import clean_text_dump
from reader.ingest.text_dump.dataset import RENDERERS, Page, TruthIndex, load_pages, load_scorer
from reader.ingest.text_dump.features import FEATURE_NAMES, feature_matrix, shape
from reader.ingest.text_dump.model import MODEL_PATH, TreeModel
from reader.ingest.text_dump.paragraphs import rebuild

PARAMS: dict[str, Any] = {
    "max_iter": 100,
    "max_depth": 3,
    "max_leaf_nodes": 8,
    "learning_rate": 0.1,
    "min_samples_leaf": 20,
    "l2_regularization": 1.0,
    "max_features": 0.5,  # each split sees half the features: steadier trees on 61 pages
}
LABEL_MIN_SHARE = 0.5  # a paragraph is article text when half its shingles are


@dataclass(slots=True)
class Sample:
    page: Page
    x: np.ndarray
    y: np.ndarray
    w: np.ndarray


def build_samples(pages: list[Page]) -> list[Sample]:
    """Features, labels and weights; weights make every page count the same."""
    out = []
    for pg in pages:
        paras = rebuild(pg.text)
        x = feature_matrix(paras, [shape(p) for p in paras])
        truth = TruthIndex(pg.truth)
        y = np.array([truth.label(p.text) >= LABEL_MIN_SHARE for p in paras], dtype=bool)
        w = x[:, FEATURE_NAMES.index("wlen")] + 2.0
        out.append(Sample(pg, x, y, w / w.sum() * 100 if len(w) else w))
    return out


def fit(samples: list[Sample], seed: int = 0) -> dict[str, Any]:
    """Fit gradient-boosted trees and export them as plain arrays."""
    from sklearn.ensemble import HistGradientBoostingClassifier

    x = np.vstack([s.x for s in samples])
    y = np.concatenate([s.y for s in samples])
    w = np.concatenate([s.w for s in samples])
    clf = HistGradientBoostingClassifier(early_stopping=False, random_state=seed, **PARAMS)
    clf.fit(x, y, sample_weight=w)
    exported = export(clf)
    check = TreeModel.from_dict(exported).margin(x[:500])
    if not np.allclose(check, clf.decision_function(x[:500]), atol=1e-5):
        raise RuntimeError("exported trees disagree with scikit-learn")
    return exported


def export(clf: Any) -> dict[str, Any]:
    """Trees of a fitted HistGradientBoostingClassifier as JSON-ready lists."""
    trees = []
    for (pred,) in clf._predictors:
        nodes = pred.nodes
        value = [float(v) for v in nodes["value"]]
        leaf = [bool(v) for v in nodes["is_leaf"]]
        count = [int(c) for c in nodes["count"]]
        # Internal nodes get the count-weighted mean of their leaves (for explanations).
        for i in range(len(nodes) - 1, -1, -1):
            if not leaf[i]:
                lo, hi = int(nodes["left"][i]), int(nodes["right"][i])
                value[i] = (value[lo] * count[lo] + value[hi] * count[hi]) / max(
                    count[lo] + count[hi], 1
                )
        trees.append(
            {
                "feature": [int(f) for f in nodes["feature_idx"]],
                "threshold": [float(t) for t in nodes["num_threshold"]],
                "left": [int(v) for v in nodes["left"]],
                "right": [int(v) for v in nodes["right"]],
                "value": [round(v, 8) for v in value],
                "leaf": leaf,
            }
        )
    return {
        "features": list(FEATURE_NAMES),
        "baseline": float(np.ravel(clf._baseline_prediction)[0]),
        "threshold": 0.5,
        "max_depth": PARAMS["max_depth"],
        "trees": trees,
    }


def folds(keys: list[str], k: int, seed: int) -> list[set[str]]:
    """Page keys split into k folds (all renderings of a page share its key)."""
    perm = np.random.RandomState(seed).permutation(len(keys))
    return [{keys[j] for j in perm[i::k]} for i in range(k)]


def cross_validate(
    samples: list[Sample],
    heldout: list[Page],
    k: int,
    repeats: int,
    scorer: Any,
    save: Path | None = None,
) -> dict[str, dict[str, float]]:
    """Mean bench scores per renderer over repeated page-grouped k-fold CV of the whole cleaner."""
    keys = sorted({s.page.key for s in samples})
    per: dict[str, list[dict[str, float]]] = {}
    tests = [s.page for s in samples] + heldout
    for rep in range(repeats):
        preds: dict[tuple[str, str], str] = {}
        for test in folds(keys, k, rep):
            model = TreeModel.from_dict(fit([s for s in samples if s.page.key not in test], rep))
            for pg in tests:
                if pg.key in test:
                    preds[(pg.renderer, pg.key)] = clean_text_dump(pg.text, model).to_text()
        if save is not None and rep == 0:
            for (r, key), text in preds.items():
                (save / r).mkdir(parents=True, exist_ok=True)
                (save / r / f"{key}.txt").write_text(text, encoding="utf-8")
        for r in sorted({pg.renderer for pg in tests}):
            truths = {pg.key: pg.truth for pg in tests if pg.renderer == r}
            got = {key: preds.get((r, key), "") for key in truths}
            m = scorer.score(truths, got)
            per.setdefault(r, []).append({x: m[x] for x in ("f1", "precision", "recall")})
    return {
        r: {x: round(float(np.mean([m[x] for m in ms])), 4) for x in ms[0]} for r, ms in per.items()
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, required=True, help="the bench's data folder")
    ap.add_argument("--extra", type=Path, action="append", default=[], help="more renderings")
    ap.add_argument("--heldout", type=Path, action="append", default=[], help="test-only")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--repeats", type=int, default=2)
    ap.add_argument("--out", type=Path, default=MODEL_PATH)
    ap.add_argument("--no-write", action="store_true", help="only print the CV scores")
    ap.add_argument("--save-cv", type=Path, help="write the first repeat's CV outputs here")
    args = ap.parse_args(argv)
    os.environ.setdefault("OMP_NUM_THREADS", "1")  # small data: threads only add contention

    scorer = load_scorer(args.data)
    renderers = RENDERERS + tuple(str(p.resolve()) for p in args.extra)
    samples = build_samples(load_pages(args.data, renderers))
    heldout = load_pages(args.data, tuple(str(p.resolve()) for p in args.heldout))
    print(f"{len(samples)} dumps, {sum(len(s.y) for s in samples)} paragraphs", file=sys.stderr)
    cv = cross_validate(samples, heldout, args.folds, args.repeats, scorer, args.save_cv)
    for r, m in cv.items():
        tag = " (held-out renderer)" if r in {p.name for p in args.heldout} else ""
        print(f"CV {r}{tag}: F1 {m['f1']:.4f}  P {m['precision']:.4f}  R {m['recall']:.4f}")
    if args.no_write:
        return 0
    model = fit(samples, seed=0)
    model["meta"] = {
        "trained_on": sorted({s.page.renderer for s in samples}),
        "pages": len({s.page.key for s in samples}),
        "params": PARAMS,
        "cv": cv,
        "cv_scheme": f"{args.folds}-fold page-grouped, {args.repeats} repeats",
    }
    args.out.write_text(json.dumps(model, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"wrote {args.out} ({len(model['trees'])} trees)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
