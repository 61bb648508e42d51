"""The shipped keep/drop classifier: a few dozen shallow trees evaluated with NumPy.

The trees are trained by `reader.ingest.text_dump.train` (scikit-learn, development only) and
stored as plain arrays in ``model.json`` beside this module, so the app needs nothing beyond
NumPy. Every internal node also carries the mean output of its subtree, which lets `explain`
say which features pushed a paragraph towards keeping or dropping it.
"""

from __future__ import annotations

import itertools
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

MODEL_PATH = Path(__file__).with_name("model.json")


@dataclass(frozen=True, slots=True)
class TreeModel:
    """All trees flattened into one node table; ``roots`` indexes each tree's first node."""

    features: tuple[str, ...]
    baseline: float
    threshold: float
    roots: np.ndarray
    feature: np.ndarray
    split: np.ndarray
    left: np.ndarray
    right: np.ndarray
    value: np.ndarray
    leaf: np.ndarray
    depth: int
    meta: dict[str, Any]

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> TreeModel:
        feats, splits, lefts, rights, values, leaves, roots = [], [], [], [], [], [], []
        for tree in d["trees"]:
            base = len(feats)
            roots.append(base)
            feats.extend(tree["feature"])
            splits.extend(tree["threshold"])
            values.extend(tree["value"])
            leaves.extend(tree["leaf"])
            # Leaves point at themselves so that descending past them is harmless.
            for i, (lo, hi, is_leaf) in enumerate(
                zip(tree["left"], tree["right"], tree["leaf"], strict=True)
            ):
                lefts.append(base + (i if is_leaf else lo))
                rights.append(base + (i if is_leaf else hi))
        return cls(
            features=tuple(d["features"]),
            baseline=float(d["baseline"]),
            threshold=float(d.get("threshold", 0.5)),
            roots=np.array(roots, dtype=np.int64),
            feature=np.array(feats, dtype=np.int64),
            split=np.array(splits, dtype=np.float64),
            left=np.array(lefts, dtype=np.int64),
            right=np.array(rights, dtype=np.int64),
            value=np.array(values, dtype=np.float64),
            leaf=np.array(leaves, dtype=bool),
            depth=int(d.get("max_depth", 8)),
            meta=dict(d.get("meta", {})),
        )

    def _paths(self, x: np.ndarray) -> list[np.ndarray]:
        """Node indices (rows x trees) at each level, root first, until all reach leaves."""
        node = np.broadcast_to(self.roots, (x.shape[0], len(self.roots))).copy()
        rows = np.arange(x.shape[0])[:, None]
        path = [node]
        for _ in range(self.depth + 1):
            if self.leaf[node].all():
                break
            go_left = x[rows, self.feature[node]] <= self.split[node]
            node = np.where(go_left, self.left[node], self.right[node])
            path.append(node)
        return path

    def margin(self, x: np.ndarray) -> np.ndarray:
        """Raw scores (log-odds of "article")."""
        if x.shape[0] == 0:
            return np.zeros(0)
        leaves = self._paths(x)[-1]
        return self.baseline + self.value[leaves].sum(axis=1)

    def predict(self, x: np.ndarray) -> np.ndarray:
        """Probability that each row is article text."""
        return 1.0 / (1.0 + np.exp(-self.margin(x)))

    def contributions(self, x: np.ndarray) -> np.ndarray:
        """Per-feature share of each row's score (sums, with the bias, to `margin`)."""
        out = np.zeros((x.shape[0], len(self.features)))
        if x.shape[0] == 0:
            return out
        path = self._paths(x)
        rows = np.arange(x.shape[0])[:, None]
        for parent, child in itertools.pairwise(path):
            moved = parent != child
            delta = np.where(moved, self.value[child] - self.value[parent], 0.0)
            feat = self.feature[parent]
            np.add.at(out, (np.broadcast_to(rows, feat.shape), feat), delta)
        return out


@lru_cache(maxsize=1)
def load_model(path: str = str(MODEL_PATH)) -> TreeModel:
    """The shipped model (read once per process)."""
    return TreeModel.from_dict(json.loads(Path(path).read_text(encoding="utf-8")))
