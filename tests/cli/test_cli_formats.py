"""A PDF through the real ``margin`` command: import, list, show, annotate, clean.

The other formats go through the same library functions (`tests.unit.test_formats_end_to_end`);
this checks the command-line side once, with a format that is not text.
"""

from __future__ import annotations

from pathlib import Path

from tests.cli.conftest import Margin, as_json
from tests.format_files import BUILDERS, PARAGRAPHS, QUOTE, TITLE


def test_pdf_through_the_command_line(margin: Margin, tmp_path: Path) -> None:
    name, data = BUILDERS["pdf"](TITLE, PARAGRAPHS)
    (tmp_path / name).write_bytes(data)
    (tmp_path / "scan.pdf").write_bytes(b"%PDF-1.4\n%broken\n")
    proc = margin("import", tmp_path)
    assert proc.returncode == 1
    assert f"imported: {tmp_path / name} -> #1 {TITLE}" in proc.stdout
    assert f"failed: {tmp_path / 'scan.pdf'}: damaged or unreadable PDF" in proc.stdout
    (row,) = as_json(margin("list", "--json"))
    assert row["format"] == "pdf"
    assert margin("show", row["id"], check=True).stdout.startswith(f"{TITLE}\n\n{PARAGRAPHS[0]}")
    assert margin("annotate", row["id"], "--quote", QUOTE, check=True).stdout.strip() == "1"
    out = tmp_path / "clean"
    margin("clean", "--format", "markdown", "--output-dir", out, tmp_path / name, db=False)
    assert (out / "seals.md").read_text(encoding="utf-8").startswith(f"# {TITLE}\n")
