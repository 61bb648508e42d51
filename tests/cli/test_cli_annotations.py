"""Annotating from the command line, and highlights surviving an edited, re-imported file."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.store import open_library
from tests.cli.conftest import Margin, as_json

PARAGRAPHS = [
    "The harbour town wakes before dawn, when the first boats come back with the night's catch.",
    "Gulls follow the boats in, loud and hungry, and the market opens as soon as the crates land.",
    "By nine the tourists arrive, buying coffee on the quay and photographing the painted hulls.",
    "In the afternoon the town goes quiet again, and the fishermen mend their nets in the sun.",
    "Winter is different: storms keep the fleet in port for days, and the cafés close early.",
]
Q1 = "the market opens as soon as the crates land"
Q2 = "photographing the painted hulls"
Q3 = "storms keep the fleet in port for days"


def article(paragraphs: list[str]) -> str:
    return "# The harbour\n\n" + "\n\n".join(paragraphs) + "\n"


def _import_one(margin: Margin, path: Path) -> int:
    proc = margin("import", path)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return int(proc.stdout.split("#")[1].split()[0])


def test_annotate_list_and_article_note(margin: Margin, tmp_path: Path) -> None:
    f = tmp_path / "harbour.md"
    f.write_text(article(PARAGRAPHS), encoding="utf-8")
    art = _import_one(margin, f)
    hid = margin(
        "annotate",
        art,
        "--quote",
        Q1,
        "--color",
        "green",
        "--note",
        "busy",
        "--tag",
        "town",
        check=True,
    )
    assert hid.stdout.strip().isdigit()
    twice = margin("annotate", art, "--quote", "the", "--occurrence", "3", check=True)
    rows = as_json(margin("highlights", art, "--json"))
    assert [r["id"] for r in rows] == sorted(
        [int(hid.stdout), int(twice.stdout)],
        key=lambda i: next(r["start"] for r in rows if r["id"] == i),
    )
    first = next(r for r in rows if r["id"] == int(hid.stdout))
    assert (first["quote"], first["note"], first["color"], first["tags"], first["status"]) == (
        Q1,
        "busy",
        "green",
        ["town"],
        "anchored",
    )
    text = margin("show", art, check=True).stdout
    assert text[first["start"] : first["end"]] == Q1
    third = next(r for r in rows if r["id"] == int(twice.stdout))
    assert third["quote"] == "the"
    assert text[: third["start"]].count("the") == 2

    missing = margin("annotate", art, "--quote", "not in the article")
    assert missing.returncode == 1
    assert "quote not found" in missing.stderr
    bad_color = margin("annotate", art, "--quote", Q2, "--color", "orange")
    assert bad_color.returncode == 1
    assert "unknown colour" in bad_color.stderr

    margin("note", art, "An article about a harbour.", check=True)
    assert margin("note", art, check=True).stdout.strip() == "An article about a harbour."
    listing = margin("highlights", art, check=True).stdout
    assert "note: busy" in listing


def test_highlights_survive_an_edited_file(margin: Margin, tmp_path: Path) -> None:
    f = tmp_path / "harbour.md"
    f.write_text(article(PARAGRAPHS), encoding="utf-8")
    art = _import_one(margin, f)
    ids = [
        int(margin("annotate", art, "--quote", q, "--note", f"note {i}", check=True).stdout)
        for i, q in enumerate((Q1, Q2, Q3), 1)
    ]
    before = {r["id"]: r for r in as_json(margin("highlights", art, "--json"))}

    edited = [
        "A new opening paragraph was added at the top of the article by its author.",
        *PARAGRAPHS,
    ]
    edited[3] = edited[3].replace("painted hulls", "painted hull")
    del edited[5]
    f.write_text(article(edited), encoding="utf-8")
    proc = margin("import", f, check=True)
    assert proc.stdout.startswith("updated: ")
    assert "1 moved" in proc.stdout
    assert "1 fuzzy" in proc.stdout
    assert "1 orphaned" in proc.stdout

    after = {r["id"]: r for r in as_json(margin("highlights", art, "--json"))}
    text = margin("show", art, check=True).stdout
    h1, h2, h3 = (after[i] for i in ids)
    assert (h1["status"], h1["anchoring"]) == ("anchored", "moved")
    assert h1["start"] > before[ids[0]]["start"]
    assert text[h1["start"] : h1["end"]] == Q1
    assert (h2["status"], h2["anchoring"]) == ("anchored", "fuzzy")
    assert text[h2["start"] : h2["end"]] == "photographing the painted hull"
    assert (h3["status"], h3["quote"], h3["note"]) == ("orphaned", Q3, "note 3")


def test_seed_article_annotations_survive_the_issue_scenario(
    margin: Margin, seed_file: Path, tmp_path: Path
) -> None:
    """Add a paragraph at the top, change a word in quote 2, delete quote 3's paragraph."""
    f = tmp_path / "seed.txt"
    original = seed_file.read_text(encoding="utf-8")
    f.write_text(original, encoding="utf-8")
    art = _import_one(margin, f)
    q1 = "talks would continue the following day"
    q2 = "alliance membership is a policy goal written into Ukraine's constitution"
    q3 = "A Russian drone attack on a shopping center in Zaporizhzhya wounded six people"
    ids = [
        int(margin("annotate", art, "--quote", q, "--note", f"n{i}", check=True).stdout)
        for i, q in enumerate((q1, q2, q3))
    ]

    lines = original.splitlines()
    first_body = next(i for i, line in enumerate(lines) if line.startswith("Ukrainian President"))
    lines.insert(
        first_body,
        "Editor's note: this article was updated with new details on the talks in Berlin.\n",
    )
    text = "\n".join(lines).replace("policy goal written", "policy aim written")
    text = "\n".join(
        line
        for line in text.splitlines()
        if not line.startswith("A Russian drone attack on a shopping")
    )
    f.write_text(text + "\n", encoding="utf-8")
    margin("import", f, check=True)

    after = {r["id"]: r for r in as_json(margin("highlights", art, "--json"))}
    shown = margin("show", art, check=True).stdout
    h1, h2, h3 = (after[i] for i in ids)
    assert (h1["status"], h1["anchoring"]) == ("anchored", "moved")
    assert shown[h1["start"] : h1["end"]] == q1
    assert (h2["status"], h2["anchoring"]) == ("anchored", "fuzzy")
    assert shown[h2["start"] : h2["end"]] == q2.replace("goal", "aim")
    assert (h3["status"], h3["note"]) == ("orphaned", "n2")


@pytest.mark.parametrize(
    "args", [["annotate", "999", "--quote", "x"], ["highlights", "999"], ["note", "999", "x"]]
)
def test_unknown_article(margin: Margin, args: list[str], db_path: Path) -> None:
    open_library(db_path).close()  # an existing, empty library
    proc = margin(*args)
    assert proc.returncode == 1
    assert "999" in proc.stderr
