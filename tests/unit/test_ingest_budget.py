"""Bounded work per file: a stage over its time or size allowance fails that file, on one line,
and the batch goes on (`reader.ingest.budget`)."""

from __future__ import annotations

import contextlib
import time
from pathlib import Path

import pytest

from reader.config import Limits
from reader.ingest.budget import Budget, BudgetExceeded, budget_for, budgeted, checkpoint
from reader.ingest.pipeline import clean_file
from reader.ingest.sniff import IngestError
from reader.store.library import import_paths
from tests.hostile_corpus import MARKDOWN, PROSE

SLOW_TEXT = "a\n" * 100_000  # the text-dump cleaner spends seconds on 100,000 tiny paragraphs


@pytest.fixture(scope="module", autouse=True)
def _warm(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Load every extractor once, so first-use imports do not count against a tiny budget."""
    folder = tmp_path_factory.mktemp("warm")
    for name, body in (("w.md", MARKDOWN), ("w.txt", f"{PROSE}\n\n{PROSE}\n")):
        (folder / name).write_text(body)
        with contextlib.suppress(IngestError):
            clean_file(folder / name)


def _spin(seconds: float) -> None:
    end = time.thread_time() + seconds
    while time.thread_time() < end:
        pass


def test_a_stage_fails_when_it_overruns() -> None:
    budget = Budget(size=1024, scale=0.001)  # 10 ms for each stage of a 1 KB file
    with pytest.raises(BudgetExceeded) as err, budget.stage("rendering"):
        _spin(0.05)
    message = str(err.value)
    assert message.startswith("rendering took too long (over 0.0 s of work for a 1 KB file)")
    assert "\n" not in message


def _loop_under_budget() -> int:
    seen = 0
    with budget_for(1024, 0.001) as budget, budget.stage("extracting the article"):
        for _ in budgeted(range(10**9)):
            seen += 1
            _spin(0.0001)
    return seen


def test_checkpoints_stop_a_loop_from_inside() -> None:
    with pytest.raises(BudgetExceeded, match="extracting"):
        _loop_under_budget()
    checkpoint()  # no budget open: nothing to check


def test_a_file_over_its_budget_fails_and_the_batch_goes_on(
    tmp_path: Path, library: object
) -> None:
    folder = tmp_path / "batch"
    folder.mkdir()
    (folder / "a.md").write_text(MARKDOWN)
    (folder / "b.txt").write_text(SLOW_TEXT)
    (folder / "c.md").write_text(MARKDOWN.replace("Harbour", "Quay"))
    results = list(import_paths(library, [folder], Limits(work_scale=0.05)))  # type: ignore[arg-type]
    assert [(Path(r.path).name, r.status) for r in results] == [
        ("a.md", "imported"),
        ("b.txt", "failed"),
        ("c.md", "imported"),
    ]
    assert results[1].reason is not None
    assert results[1].reason.startswith("extracting the article took too long (over ")
    assert library.integrity_check() == "ok"  # type: ignore[attr-defined]


def test_markdown_parsing_is_stopped_from_inside(tmp_path: Path) -> None:
    path = tmp_path / "brackets.md"
    path.write_text("[" * 200_000 + PROSE)  # markdown-it spends about 50 us on each "["
    with pytest.raises(BudgetExceeded, match=r"^extracting the article took too long"):
        clean_file(path, Limits(work_scale=0.02))


def test_an_output_out_of_proportion_fails(tmp_path: Path) -> None:
    path = tmp_path / "refs.md"
    path.write_text(
        f"{PROSE}\n\n"
        + "[the harbour at dawn][r] " * 5_000
        + "\n\n[r]: http://e.example/"
        + "a" * 2000
    )
    with pytest.raises(BudgetExceeded, match=r"HTML would be \d+\.\d MB, over 24 times"):
        clean_file(path)


def test_ordinary_files_are_far_inside_their_budget(tmp_path: Path) -> None:
    path = tmp_path / "article.md"
    path.write_text(MARKDOWN * 50)
    clean_file(path, Limits(work_scale=0.05))
