"""``margin export`` and ``margin import-annotations`` as a user runs them: real processes and files."""

from __future__ import annotations

import json
from pathlib import Path

import yaml
from markdown_it import MarkdownIt

from tests.cli.conftest import Margin

PARAGRAPHS = [
    "The harbour town wakes before dawn, when the first boats come back with the catch.",
    "Gulls follow the boats in, loud and hungry, and the market opens when the crates land.",
    "In the afternoon the town goes quiet, and the fishermen mend their nets in the sun.",
]


def write(folder: Path, name: str, title: str, paragraphs: list[str]) -> Path:
    path = folder / name
    path.write_text(f"# {title}\n\n" + "\n\n".join(paragraphs) + "\n", encoding="utf-8")
    return path


def quotes(markdown: str) -> list[str]:
    tokens = MarkdownIt("commonmark").parse(markdown)
    out, inside = [], False
    for t in tokens:
        if t.type in ("blockquote_open", "blockquote_close"):
            inside = t.type == "blockquote_open"
        elif t.type == "inline" and inside:
            out.append(t.content)
    return out


def test_markdown_export_is_rerunnable_and_keeps_the_users_text(
    margin: Margin, tmp_path: Path
) -> None:
    margin("import", write(tmp_path, "harbour.md", "The harbour", PARAGRAPHS), check=True)
    margin("import", write(tmp_path, "empty.md", "Nothing here", PARAGRAPHS[:1]), check=True)
    margin("annotate", "1", "--quote", "first boats", "--note", "# not a heading\n---", check=True)
    margin("annotate", "1", "--quote", "market opens", "--color", "green", check=True)
    margin("tag", "1", "sea", "--- weird: tag", check=True)
    out = tmp_path / "vault"

    first = margin("export", "--all", "--output-dir", out, check=True)
    target = out / "The harbour.md"
    assert first.stdout == f"written: {target} (#1)\n"  # article 2 has no annotations
    assert first.stderr == "1 written\n"
    text = target.read_text(encoding="utf-8")
    fm = yaml.safe_load(text.split("---\n")[1])
    assert fm["title"] == "The harbour"
    assert fm["tags"] == ["--- weird: tag", "sea"]
    assert quotes(text) == ["first boats", "market opens"]

    again = margin("export", "--all", "--output-dir", out, check=True)
    assert again.stdout == f"unchanged: {target} (#1)\n"
    target.write_text(text + "\nMy own conclusion.\n", encoding="utf-8")
    margin("annotate", "1", "--quote", "mend their nets", check=True)
    third = margin("export", "1", "--output-dir", out, check=True)
    assert third.stdout == f"updated: {target} (#1)\n"
    updated = target.read_text(encoding="utf-8")
    assert quotes(updated) == ["first boats", "market opens", "mend their nets"]
    assert updated.endswith("<!-- margin:end -->\n\nMy own conclusion.\n")
    assert sorted(p.name for p in out.iterdir()) == ["The harbour.md"]

    shown = margin("export", "1", "--stdout", check=True)
    assert shown.stdout.startswith('---\ntitle: "The harbour"\n')
    assert "margin:" not in shown.stdout
    assert quotes(shown.stdout) == quotes(updated)


def test_json_backup_restores_into_a_fresh_library_identically(
    margin: Margin, tmp_path: Path
) -> None:
    sources = [
        write(tmp_path, "a.md", "The harbour", PARAGRAPHS),
        write(tmp_path, "b.md", "The hills", ["Sheep on the hills.", "Rain again."]),
    ]
    margin("import", *sources, check=True)
    margin("annotate", "1", "--quote", "first boats", "--note", "n", "--tag", "t", check=True)
    margin("annotate", "2", "--quote", "Rain", "--color", "purple", check=True)
    margin("note", "2", "Wet.", check=True)
    out = tmp_path / "backup"
    done = margin("export", "--all", "--format", "json", "--output-dir", out, check=True)
    backup = out / "margin-annotations.json"
    assert done.stdout == f"written: {backup}\n"

    fresh = ["--db", str(tmp_path / "fresh.db")]
    margin(*fresh, "import", *reversed(sources), db=False, check=True)
    restored = margin(*fresh, "import-annotations", backup, db=False, check=True)
    assert restored.stdout.splitlines() == [
        "restored: #2 The harbour: 1 highlight restored",
        "restored: #1 The hills: 1 highlight restored, note restored",
    ]
    assert restored.stderr == "2 articles matched\n"
    twice = margin(*fresh, "import-annotations", backup, db=False, check=True)
    assert twice.stdout.splitlines() == [
        "unchanged: #2 The harbour: 1 unchanged",
        "unchanged: #1 The hills: 1 unchanged, note unchanged",
    ]
    exported = margin(*fresh, "export", "--all", "--format", "json", "--stdout", db=False)
    assert exported.returncode == 0
    assert exported.stdout == backup.read_text(encoding="utf-8")
    assert json.loads(exported.stdout)["total"] == 3


def test_errors_are_one_clear_line(margin: Margin, tmp_path: Path) -> None:
    margin("import", write(tmp_path, "a.md", "The harbour", PARAGRAPHS), check=True)
    template = tmp_path / "t.md.j2"
    template.write_text("# {{ article.title }}\n{{ article.nope }}\n", encoding="utf-8")
    bad_json = tmp_path / "bad.json"
    bad_json.write_text('{"@context": "http://www.w3.org/ns/anno.jsonld", "type": 3}', "utf-8")
    out = tmp_path / "out"
    cases = [
        (("export", "1", "--output-dir", out, "--template", template), f"template {template} line 2: "),
        (("export", "7", "--output-dir", out), "no article with id 7"),
        (("export", "--output-dir", out), "name the articles to export"),
        (("export", "1", "--all", "--stdout"), "give article ids or --all, not both"),
        (("export", "1", "--stdout", "--format", "json", "--template", template), "--template"),
        (("import-annotations", bad_json), f"{bad_json}: not an AnnotationCollection"),
        (("import-annotations", tmp_path / "none.json"), "file not found"),
    ]  # fmt: skip
    for args, message in cases:
        proc = margin(*args)
        assert proc.returncode == 1, (args, proc.stderr)
        assert proc.stderr.startswith("margin: "), proc.stderr
        assert message in proc.stderr, proc.stderr
        assert proc.stderr.count("\n") == 1
        assert "Traceback" not in proc.stderr
    assert not out.exists()
    usage = margin("export", "1")
    assert usage.returncode == 2
    assert "--output-dir" in usage.stderr
