"""``margin clean --output-dir`` never writes over its inputs or over files it was not asked to."""

from __future__ import annotations

import os
from pathlib import Path

from tests.cli.conftest import Margin

FOUR = "---\ntitle: Four\ntags: [a]\n---\n\n# Four\n\nA paragraph of the fourth clipping, long enough to keep.\n"
DUMP = "Home\nNews\n\nThe Night Train\n\n" + "".join(
    f"Paragraph {i}: sleeper trains are coming back to European timetables after two decades "
    "of decline, as travellers look for alternatives to short flights.\n\n"
    for i in range(4)
)
NOTE = "# Garden notes\n\nTomatoes want sun and steady water all summer long.\n"


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def test_markdown_output_into_the_input_folder_leaves_the_input_alone(
    margin: Margin, tmp_path: Path
) -> None:
    (tmp_path / "four.md").write_text(FOUR, encoding="utf-8")
    proc = margin("clean", "--format", "markdown", "--output-dir", tmp_path, tmp_path / "four.md")
    assert (tmp_path / "four.md").read_text(encoding="utf-8") == FOUR
    assert proc.returncode == 1
    assert "skipped: " in proc.stderr
    assert "four.md" in proc.stderr
    assert "one of the input files" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_cleaning_a_folder_into_itself_rewrites_nothing(margin: Margin, tmp_path: Path) -> None:
    arts = tmp_path / "arts"
    arts.mkdir()
    (arts / "a.txt").write_text(DUMP)
    (arts / "b.md").write_text(NOTE, encoding="utf-8")
    (arts / "c.html").write_text("<h1>C</h1><p>" + "Some words. " * 30 + "</p>")
    (arts / "c.txt").write_text("an unrelated note of mine\n")  # c.html's output name, an input
    before = _snapshot(arts)
    proc = margin("clean", "--output-dir", arts, arts)
    after = _snapshot(arts)
    for name, data in before.items():
        assert after[name] == data, name
    # b.md -> b.txt is new and may be written; a.txt and c.txt are inputs and are skipped. The
    # note c.txt has words, so it is cleaned too (all of it: never refused), and as c.html's
    # output already claims the name c.txt, its own output is c-2.txt.
    assert set(after) - set(before) == {"b.txt", "c-2.txt"}
    assert proc.returncode == 1
    skipped = [line for line in proc.stderr.splitlines() if line.startswith("skipped: ")]
    assert len(skipped) == 2


def test_existing_output_is_kept_unless_overwrite_is_given(margin: Margin, tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "g.md").write_text(NOTE, encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    (out / "g.md").write_text("my own file\n")
    proc = margin("clean", "--format", "markdown", "--output-dir", out, src)
    assert proc.returncode == 1
    assert "use --overwrite" in proc.stderr
    assert (out / "g.md").read_text() == "my own file\n"
    again = margin("clean", "--format", "markdown", "--output-dir", out, "--overwrite", src)
    assert again.returncode == 0, again.stderr
    assert (out / "g.md").read_text(encoding="utf-8").startswith("# Garden notes\n")
    assert [p.name for p in out.iterdir()] == ["g.md"]  # no temporary file left behind


def test_overwrite_never_reaches_an_input_through_a_link(margin: Margin, tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "g.md").write_text(NOTE, encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    os.link(src / "g.md", out / "g.md")  # the same file under another name
    (out / "h.md").symlink_to(src / "g.md")
    (src / "h.md").write_text(NOTE.replace("Garden", "Herb"), encoding="utf-8")
    before = _snapshot(src)
    proc = margin("clean", "--format", "markdown", "--output-dir", out, "--overwrite", src)
    assert _snapshot(src) == before
    assert proc.returncode == 1
    assert proc.stderr.count("skipped: ") == 2
    assert (out / "h.md").is_symlink()


def test_output_dir_that_is_a_file_is_an_error(margin: Margin, tmp_path: Path) -> None:
    (tmp_path / "g.md").write_text(NOTE, encoding="utf-8")
    (tmp_path / "taken").write_text("x")
    proc = margin("clean", "--output-dir", tmp_path / "taken", tmp_path / "g.md")
    assert proc.returncode == 1
    assert proc.stderr.strip().splitlines() == [
        f"margin: {tmp_path / 'taken'} exists and is not a folder"
    ]
    assert (tmp_path / "taken").read_text() == "x"
