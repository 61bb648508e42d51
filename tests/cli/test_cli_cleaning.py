"""``margin blocks``, ``keep``, ``drop``, ``show --original``, ``corrections --export`` and the
``cleaning`` field of ``list --json``, as a user runs them."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.conftest import Margin, as_json

DATA = Path(__file__).resolve().parent.parent / "data" / "uncleaned"
BODY = (
    "For more than a century, the lighthouse on the northern cape was kept by families who lived "
    "beside it, trimming the wicks and winding the clockwork through the long winter nights.",
    "When the light was automated in 1987, most keepers left within a year, but the Arnesen "
    "family stayed on, renting the cottage from the coast authority and keeping the garden.",
    "Their records, written in pencil in a row of ledgers, describe every storm, every ship that "
    "passed close to the rocks, and every visitor who climbed the hundred and twelve steps.",
)
DUMP = "\n".join(
    ["Home", "World", "Business", "Sign in", "Subscribe", "The Lighthouse Keepers Who Stayed", "",
     *(p + "\n" for p in BODY), "Share on Facebook", "Related stories", "Cookie settings", ""]
)  # fmt: skip
TABLE_MD = "# Tides\n\nThe week's tides.\n\n| Place | High |\n|---|---|\n| Bay | 12 m |\n"


def test_blocks_keep_drop_and_the_original(margin: Margin, tmp_path: Path) -> None:
    path = tmp_path / "lighthouse.txt"
    path.write_text(DUMP, encoding="utf-8")
    margin("import", path, check=True)
    blocks = as_json(margin("blocks", "1", "--json"))
    assert set(blocks[0]) == {"index", "text", "kept", "kind", "reason", "corrected"}
    assert [b["index"] for b in blocks] == list(range(len(blocks)))
    by_text = {b["text"]: b for b in blocks}
    assert by_text["Sign in"]["kept"] is False
    assert by_text["Sign in"]["reason"]
    assert by_text[BODY[1]]["kept"] is True

    proc = margin("drop", "1", str(by_text[BODY[1]]["index"]), check=True)
    assert proc.stdout.startswith("removed: “When the light was automated")
    proc = margin("keep", "1", str(by_text["Sign in"]["index"]), check=True)
    assert proc.stdout.startswith("kept: “Sign in”")
    shown = margin("show", "1", check=True).stdout
    assert "Sign in" in shown
    assert BODY[1] not in shown
    table = margin("blocks", "1", check=True).stdout
    assert "*removed" in table
    assert "(removed by you)" in table
    assert "* corrected by you" in table
    assert margin("show", "1", "--original", check=True).stdout == DUMP
    path.unlink()  # cleaned again from the stored source, corrections applied
    assert margin("reclean", "1", check=True).stdout.startswith("recleaned: #1 The Lighthouse")

    out = tmp_path / "corrections.json"
    proc = margin("corrections", "--export", out, check=True)
    assert "1 pages, 2 corrections" in proc.stderr
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["pages"][0]["corrections"] == [
        {"text": BODY[1], "action": "drop"},
        {"text": "Sign in", "action": "keep"},
    ]


def test_uncleaned_articles_tables_and_errors(margin: Margin, tmp_path: Path) -> None:
    margin("import", DATA / "repeated-refrain.txt", check=True)
    (tmp_path / "tides.md").write_text(TABLE_MD, encoding="utf-8")
    margin("import", tmp_path / "tides.md", check=True)
    listed = {a["id"]: a["cleaning"] for a in as_json(margin("list", "--json"))}
    assert listed == {1: "none", 2: "cleaned"}
    assert "not cleaned" in margin("blocks", "1", check=True).stdout
    for args, message in (
        (("blocks", "9"), "no article with id 9"),
        (("keep", "2", "7"), "no block 7"),
        (("show", "9", "--original"), "no article with id 9"),
    ):
        proc = margin(*args)
        assert proc.returncode == 1
        assert message in proc.stderr
        assert "Traceback" not in proc.stderr
    # The Markdown table, in the three forms of `margin show`.
    assert "Place | High\nBay | 12 m" in margin("show", "2", check=True).stdout
    md = margin("show", "2", "--format", "markdown", check=True).stdout
    assert "| Place | High |\n| --- | --- |\n| Bay | 12 m |" in md
    html = margin("show", "2", "--format", "html", check=True).stdout
    assert "<table><tr><th>Place</th><th>High</th></tr><tr><td>Bay</td><td>12 m</td></tr>" in html
