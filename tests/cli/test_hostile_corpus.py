"""Issue 14's bad and hostile input corpus, imported by the real ``margin import`` as one batch.

Every entry gives an article or one line with a reason, never a traceback or a hang; the rest of
the batch is imported; the library passes ``PRAGMA integrity_check``; and nothing stored or shown
holds a script, an event handler or a link that is not http(s) or mailto. The big cases run
reduced here; ``MARGIN_HOSTILE_FULL=1`` runs them at the sizes the issue names (see
`tests/benchmarks/bench_hostile.py` for their cost per megabyte).
"""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest

from reader.cli.main import main
from tests import hostile_corpus
from tests.cli.conftest import Margin
from tests.hostile_corpus import CASES, FULL, MARKDOWN, Case
from tests.xss_vectors import unsafe_parts

LINE_RE = re.compile(r"^(imported|updated|unchanged|failed): (.*?)(?: -> #(\d+) .*|: (.*))$")


def parse_lines(stdout: str) -> dict[str, tuple[str, int | None, str | None]]:
    """``path -> (status, article id, reason)`` of every line ``margin import`` printed."""
    out: dict[str, tuple[str, int | None, str | None]] = {}
    for line in stdout.splitlines():
        m = LINE_RE.match(line)
        assert m, f"not a one-line result: {line!r}"
        path = m.group(2)
        assert path not in out, f"two lines for {path}"
        out[path] = (m.group(1), int(m.group(3)) if m.group(3) else None, m.group(4))
    return out


def stored(db_path: Path) -> dict[int, tuple[str, str]]:
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        rows = conn.execute("SELECT id, plain_text, html FROM articles").fetchall()
    return {i: (text, html) for i, text, html in rows}


def check_case(case: Case, result: tuple[str, int | None, str | None] | None, texts: dict) -> None:
    assert result is not None, f"{case.name}: no line"
    status, article_id, reason = result
    if status == "failed":
        assert case.expect in ("fail", "either"), f"{case.name} failed: {reason}"
        assert reason
        assert "\n" not in reason
        assert "internal error" not in reason, reason
        assert "Traceback" not in reason, reason
        if case.reason:
            assert re.search(case.reason, reason), f"{case.name}: {reason}"
        return
    assert status == "imported", (case.name, status)
    assert case.expect in ("ok", "either"), f"{case.name} was imported, expected: {case.reason}"
    text, _html = texts[article_id]
    for word in case.words:
        assert word in text, f"{case.name}: {word!r} missing"


@pytest.mark.slow
def test_hostile_corpus_is_one_batch(
    tmp_path: Path, margin: Margin, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = hostile_corpus.build(tmp_path)
    (folder / "zz-last-normal.md").write_text(MARKDOWN)  # the batch goes on to the end
    proc = margin("import", folder)
    assert "Traceback" not in proc.stdout + proc.stderr, proc.stderr[-3000:]
    assert proc.returncode == 1  # some files failed
    results = parse_lines(proc.stdout)
    texts = stored(db_path)
    for case in CASES:
        if case.listed:
            check_case(case, results.get(f"{folder}/{case.name}"), texts)
    assert results[f"{folder}/zz-last-normal.md"][0] == "imported"
    # The symlink loop is walked once, the folder named like a file holds nothing.
    assert [p for p in results if "loop-dir" in p] == [f"{folder}/loop-dir/inner.md"]
    assert not [p for p in results if "dir-named" in p]
    summary = proc.stderr.strip().splitlines()[-1]
    failed = sum(1 for status, _, _ in results.values() if status == "failed")
    assert summary == f"{len(results) - failed} imported, {failed} failed"
    # Every stored rendering and `margin show --format html` is clean.
    assert len(texts) == len(results) - failed
    capsys.readouterr()
    for article_id, (_text, html) in texts.items():
        assert unsafe_parts(html) == [], article_id
        assert main(["--db", str(db_path), "show", str(article_id), "--format", "html"]) == 0
        assert unsafe_parts(capsys.readouterr().out) == [], article_id
    print(
        f"hostile corpus: {len(CASES)} cases, {len(results)} files ({'full' if FULL else 'reduced'} sizes)"
    )
