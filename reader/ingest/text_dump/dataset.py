"""Development data for the text-dump cleaner: bench pages, paragraph labels, the bench's scorer.

Used only by the training script and the benchmark tests, never by the app. A paragraph is
labelled "article" when most of its 4-token shingles occur in the true article text (or, when it
is shorter than a shingle, when its tokens occur there in a row), which is exactly what the
bench's scorer rewards.
"""

from __future__ import annotations

import importlib.util
import json
import re
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

_TOKEN_RE = re.compile(r"\w+", re.UNICODE)
RENDERERS: tuple[str, ...] = ("text-chromium", "text-w3m")


@dataclass(slots=True)
class Page:
    """One rendering of one bench page with its true article text."""

    key: str
    renderer: str
    text: str
    truth: str


def load_scorer(data: Path) -> ModuleType:
    """Import the bench's ``score.py`` (it sits next to the data folder)."""
    path = data.parent / "score.py"
    spec = importlib.util.spec_from_file_location("bench_score", path)
    if spec is None or spec.loader is None:
        raise FileNotFoundError(path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def load_pages(data: Path, renderers: tuple[str, ...] = RENDERERS) -> list[Page]:
    """All pages of the given renderer folders (a folder may also be an absolute path)."""
    truth = json.loads((data / "ground-truth.json").read_text(encoding="utf-8"))
    pages: list[Page] = []
    for r in renderers:
        folder = Path(r) if Path(r).is_absolute() else data / r
        for key in sorted(truth):
            f = folder / f"{key}.txt"
            if f.exists():
                text = f.read_text(encoding="utf-8", errors="replace")
                pages.append(Page(key, folder.name, text, truth[key].get("articleBody") or ""))
    return pages


class TruthIndex:
    """Shingles and short n-grams of a true article, for labelling paragraphs."""

    def __init__(self, truth: str) -> None:
        toks = _TOKEN_RE.findall(truth)
        self.shingles = {tuple(toks[i : i + 4]) for i in range(len(toks) - 3)}
        self.short: set[tuple[str, ...]] = set()
        for n in (1, 2, 3):
            self.short.update(tuple(toks[i : i + n]) for i in range(len(toks) - n + 1))

    def label(self, text: str) -> float:
        """Share of the paragraph's shingles that belong to the article (0..1)."""
        toks = _TOKEN_RE.findall(text)
        if not toks:
            return 0.0
        if len(toks) < 4:
            return 1.0 if tuple(toks) in self.short else 0.0
        sh = [tuple(toks[i : i + 4]) for i in range(len(toks) - 3)]
        return sum(1 for s in sh if s in self.shingles) / len(sh)
