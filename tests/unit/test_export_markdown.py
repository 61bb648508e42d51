"""Markdown export: structure, order, notes, colours, block ids, hostile text, re-runs, templates.

Articles are real Markdown files imported through the real pipeline; the exported files are
parsed with markdown-it-py (CommonMark) and their front matter with PyYAML.
"""

from __future__ import annotations

import re
import string
from pathlib import Path
from typing import Any

import pytest
import yaml
from markdown_it import MarkdownIt
from markdown_it.token import Token

from reader.export import TemplateError, export_articles, markdown_for_article
from reader.store.annotations import add_highlight_by_quote, list_highlights, set_article_note
from reader.store.db import Library
from reader.store.library import get_article, import_file, set_article_tags

PARAGRAPHS = [
    "The harbour town wakes before dawn, when the first boats come back with the catch.",
    "Gulls follow the boats in, loud and hungry, and the market opens when the crates land.",
    "By nine the tourists arrive, buying coffee on the quay and photographing the hulls.",
    "In the afternoon the town goes quiet, and the fishermen mend their nets in the sun.",
]
MD = MarkdownIt("commonmark").enable("table")


# -- helpers shared by the export tests -------------------------------------------------------


def md_source(text: str) -> str:
    """Literal text as Markdown source: every ASCII punctuation character backslash-escaped."""
    return "".join("\\" + c if c in string.punctuation else c for c in text)


def write_article(folder: Path, name: str, title: str, paragraphs: list[str]) -> Path:
    path = folder / name
    body = "\n\n".join(md_source(p) for p in paragraphs)
    path.write_text(f"# {md_source(title)}\n\n{body}\n", encoding="utf-8")
    return path


def import_article(library: Library, path: Path) -> int:
    result = import_file(library, path)
    assert result.status in ("imported", "updated"), result.describe()
    assert result.article_id is not None
    return result.article_id


def split_export(text: str) -> tuple[dict[str, Any], str]:
    """(front matter as data, the rest); asserts the file's overall shape."""
    assert text.startswith("---\n")
    assert text.endswith("\n")
    assert not text.endswith("\n\n")
    assert "\r" not in text
    fm, rest = text[4:].split("\n---\n", 1)
    return yaml.safe_load(fm), rest


def blocks(tokens: list[Token]) -> list[tuple[str, str]]:
    """Top-level blocks as (kind, text): heading_h1/paragraph/blockquote/html_block/..."""
    out: list[tuple[str, str]] = []
    depth = 0
    current: list[str] = []
    for i, t in enumerate(tokens):
        if t.type == "blockquote_open":
            if depth == 0:
                current = []
            depth += 1
        elif t.type == "blockquote_close":
            depth -= 1
            if depth == 0:
                out.append(("blockquote", "\n\n".join(current)))
        elif t.type == "inline":
            text = inline_text(t)
            if depth:
                current.append(text)
            elif tokens[i - 1].type == "heading_open":
                out.append(("heading_" + tokens[i - 1].tag, text))
            else:
                out.append(("paragraph", text))
        elif depth == 0 and t.type in ("html_block", "fence", "code_block", "hr", "table_open"):
            out.append((t.type, t.content))
    return out


def inline_text(token: Token) -> str:
    """What a reader sees of an inline token: text, code and line breaks (as newlines)."""
    parts = []
    for child in token.children or []:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append("\n")
        elif child.type == "html_inline":
            parts.append("<HTML>" + child.content)
    return "".join(parts)


def html_count(tokens: list[Token]) -> int:
    """Raw HTML anywhere in the document (blocks and inline)."""
    children = [c for t in tokens for c in t.children or []]
    return sum(t.type in ("html_block", "html_inline") for t in tokens + children)


def highlight_units(body_blocks: list[tuple[str, str]]) -> list[dict[str, Any]]:
    """Each highlight of the default template: its quote, block id, note paragraphs, meta line."""
    units: list[dict[str, Any]] = []
    for kind, text in body_blocks:
        if kind == "blockquote":
            units.append({"quote": text, "id": None, "note": [], "meta": None})
        elif units and kind == "paragraph" and units[-1]["id"] is None:
            units[-1]["id"] = text
        elif units and kind == "paragraph" and text.startswith("Colour: "):
            units[-1]["meta"] = text
        elif units and kind == "paragraph" and units[-1]["meta"] is None:
            units[-1]["note"].append(text)
    return units


def export_one(library: Library, article_id: int, out: Path, **kw: Any) -> Path:
    results = export_articles(library, [article_id], out, "markdown", **kw)
    assert len(results) == 1
    assert results[0].status in ("written", "updated", "unchanged")
    assert results[0].path is not None
    return results[0].path


# -- structure ----------------------------------------------------------------------------------


@pytest.fixture
def harbour(library: Library, tmp_path: Path) -> int:
    return import_article(library, write_article(tmp_path, "harbour.md", "The harbour", PARAGRAPHS))


def test_default_export_has_front_matter_then_highlights_in_reading_order(
    library: Library, harbour: int, tmp_path: Path
) -> None:
    late = add_highlight_by_quote(library, harbour, "mend their nets", color="blue", note="Nets!")
    early = add_highlight_by_quote(
        library, harbour, "first boats", color="green", tags=["boats", "Dawn"]
    )
    set_article_note(library, harbour, "Read on the ferry.")
    set_article_tags(library, harbour, ["travel", "Sea"])
    path = export_one(library, harbour, tmp_path / "out")

    assert path.name == "The harbour.md"
    assert path.parent == tmp_path / "out"
    fm, body = split_export(path.read_text(encoding="utf-8"))
    article = get_article(library, harbour)
    assert article is not None
    assert fm == {
        "title": "The harbour",
        "source": article.path,
        "tags": ["Sea", "travel"],
        "highlights": 2,
    }
    parsed = blocks(MD.parse(body))
    assert parsed[0][0] == "html_block"
    assert "margin:begin article=" + article.sha256 in parsed[0][1]
    assert parsed[-1] == ("html_block", "<!-- margin:end -->\n")
    assert parsed[1:4] == [
        ("heading_h1", "The harbour"),
        ("paragraph", "Read on the ferry."),
        ("heading_h2", "Highlights"),
    ]
    units = highlight_units(parsed)
    assert [u["quote"] for u in units] == ["first boats", "mend their nets"]
    assert [u["id"] for u in units] == ["^h-" + early.uid[:8], "^h-" + late.uid[:8]]
    assert [u["note"] for u in units] == [[], ["Nets!"]]
    assert [u["meta"] for u in units] == ["Colour: green · Tags: boats, Dawn", "Colour: blue"]
    assert not any(kind == "heading_h2" and "Orphaned" in text for kind, text in parsed)


def test_multi_paragraph_quote_keeps_its_paragraphs(
    library: Library, harbour: int, tmp_path: Path
) -> None:
    text = get_article(library, harbour).plain_text  # type: ignore[union-attr]
    start = text.index("with the catch.")
    end = text.index("loud and hungry") + len("loud and hungry")
    add_highlight_by_quote(library, harbour, text[start:end])
    body = export_one(library, harbour, tmp_path / "out").read_text(encoding="utf-8")
    assert "> with the catch.\n>\n> Gulls follow the boats in, loud and hungry\n" in body
    units = highlight_units(blocks(MD.parse(split_export(body)[1])))
    assert [u["quote"] for u in units] == [
        "with the catch.\n\nGulls follow the boats in, loud and hungry"
    ]


def test_orphaned_highlights_get_their_own_section(library: Library, tmp_path: Path) -> None:
    path = write_article(tmp_path, "harbour.md", "The harbour", PARAGRAPHS)
    art = import_article(library, path)
    add_highlight_by_quote(library, art, "photographing the hulls", note="gone soon")
    add_highlight_by_quote(library, art, "the fishermen mend their nets")
    write_article(tmp_path, "harbour.md", "The harbour", [*PARAGRAPHS[:2], PARAGRAPHS[3]])
    import_article(library, path)
    assert [h.status for h in list_highlights(library, art)] == ["anchored", "orphaned"]

    fm, body = split_export(export_one(library, art, tmp_path / "out").read_text("utf-8"))
    assert fm["highlights"] == 2
    parsed = blocks(MD.parse(body))
    headings = [text for kind, text in parsed if kind == "heading_h2"]
    assert headings == ["Highlights", "Orphaned highlights"]
    orphan_at = parsed.index(("heading_h2", "Orphaned highlights"))
    assert [u["quote"] for u in highlight_units(parsed[:orphan_at])] == [
        "the fishermen mend their nets"
    ]
    orphans = highlight_units(parsed[orphan_at:])
    assert [(u["quote"], u["note"]) for u in orphans] == [
        ("photographing the hulls", ["gone soon"])
    ]


# -- hostile text -------------------------------------------------------------------------------

HOSTILE_LINES = [
    "---",
    "# x",
    "> x",
    "* x",
    "- x",
    "1. x",
    "```python",
    "~~~",
    "`code` and ``double``",
    "[[x]] and [link](http://example.com)",
    "<script>alert(1)</script>",
    "<!-- margin:end -->",
    "{{ article.title }} and {% if true %}x{% endif %}",
    "| a | b |",
    "===",
    "&amp; &#35; $5 and $6 ==mark== %%hidden%% ~~strike~~ ^block-id",
    "    indented code?",
    "émoji 🎉 and a tab\there",
]


@pytest.fixture
def hostile(library: Library, tmp_path: Path) -> int:
    paragraphs = [f"Line {i}: {line}" for i, line in enumerate(HOSTILE_LINES)] + PARAGRAPHS
    art = import_article(library, write_article(tmp_path, "h.md", "Hostile", paragraphs))
    text = get_article(library, art).plain_text  # type: ignore[union-attr]
    for line in HOSTILE_LINES:
        want = " ".join(line.split())
        assert want in text, f"precondition: the article text holds {want!r}"
    return art


def test_hostile_quotes_stay_literal_block_quotes(
    library: Library, hostile: int, tmp_path: Path
) -> None:
    quotes = [" ".join(line.split()) for line in HOSTILE_LINES]
    for quote in quotes:
        add_highlight_by_quote(library, hostile, quote)
    fm, body = split_export(export_one(library, hostile, tmp_path / "o").read_text("utf-8"))
    assert fm["title"] == "Hostile"
    assert fm["highlights"] == len(quotes)
    parsed = blocks(MD.parse(body))
    kinds = [kind for kind, _ in parsed]
    assert kinds.count("html_block") == 2  # the two markers, nothing else
    assert not {"fence", "code_block", "hr", "table_open"} & set(kinds)
    assert [k for k in kinds if k.startswith("heading")] == ["heading_h1", "heading_h2"]
    units = highlight_units(parsed)
    text = get_article(library, hostile).plain_text  # type: ignore[union-attr]
    assert [u["quote"] for u in units] == sorted(quotes, key=text.index)
    assert all(re.fullmatch(r"\^h-[0-9a-f]{8}", u["id"]) for u in units)
    assert html_count(MD.parse(body)) == 2


def test_hostile_notes_keep_their_text_but_not_their_structure(
    library: Library, harbour: int, tmp_path: Path
) -> None:
    note = "\n".join(HOSTILE_LINES) + "\n\nSecond paragraph with *emphasis* and `a <b> c`."
    add_highlight_by_quote(library, harbour, "first boats", note=note, tags=["# tag", "[[t]]"])
    set_article_note(library, harbour, "> not a quote\n\n## not a heading")
    _fm, body = split_export(export_one(library, harbour, tmp_path / "o").read_text("utf-8"))
    parsed = blocks(MD.parse(body))
    kinds = [kind for kind, _ in parsed]
    assert kinds.count("blockquote") == 1
    assert kinds.count("html_block") == 2
    assert not {"fence", "code_block", "hr", "table_open"} & set(kinds)
    assert [k for k in kinds if k.startswith("heading")] == ["heading_h1", "heading_h2"]
    assert parsed[2:4] == [("paragraph", "> not a quote"), ("paragraph", "## not a heading")]
    assert html_count(MD.parse(body)) == 2
    (unit,) = highlight_units(parsed)
    first, second = unit["note"]
    visible = {  # notes are Markdown: their inline formatting works
        "`code` and ``double``": "code and double",
        "[[x]] and [link](http://example.com)": "[[x]] and link",
        "    indented code?": "indented code?",
    }
    assert first.split("\n") == [visible.get(line, line) for line in HOSTILE_LINES]
    assert second == "Second paragraph with emphasis and a <b> c."  # inline Markdown still works
    assert unit["meta"] == "Colour: yellow · Tags: [[t]], tag"  # "#" is dropped by the store


@pytest.mark.parametrize(
    "title",
    [
        '--- "quoted" # not: a comment',
        "{{ article.title }} {% raw %}",
        "../../etc/passwd",
        "CON",
        "Title: with 'quotes' and \\backslash\\ and 🎉",
        "x" * 500,
    ],
)
def test_hostile_titles_survive_front_matter_and_heading(
    library: Library, tmp_path: Path, title: str
) -> None:
    art = import_article(library, write_article(tmp_path, "t.md", title, PARAGRAPHS))
    assert get_article(library, art).title == title  # type: ignore[union-attr]
    add_highlight_by_quote(library, art, "first boats")
    out = tmp_path / "out"
    path = export_one(library, art, out)
    assert path.resolve().parent == out.resolve()
    fm, body = split_export(path.read_text("utf-8"))
    assert fm["title"] == title
    parsed = blocks(MD.parse(body))
    assert parsed[1] == ("heading_h1", title)


# -- re-running ---------------------------------------------------------------------------------


def test_exporting_twice_gives_identical_bytes_and_leaves_the_file_alone(
    library: Library, harbour: int, tmp_path: Path
) -> None:
    add_highlight_by_quote(library, harbour, "first boats", note="a\n\nb", tags=["x"])
    set_article_note(library, harbour, "note")
    a = export_one(library, harbour, tmp_path / "a")
    b = export_one(library, harbour, tmp_path / "b")
    assert a.read_bytes() == b.read_bytes()
    mtime = a.stat().st_mtime_ns
    (again,) = export_articles(library, [harbour], tmp_path / "a", "markdown")
    assert (again.status, again.path) == ("unchanged", a)
    assert a.stat().st_mtime_ns == mtime


def test_reexport_adds_exactly_the_new_highlight_and_keeps_the_users_text(
    library: Library, harbour: int, tmp_path: Path
) -> None:
    add_highlight_by_quote(library, harbour, "first boats")
    path = export_one(library, harbour, tmp_path / "out")
    original = path.read_text("utf-8")
    fm_end = original.index("\n---\n") + 5
    begin = original.index("<!-- margin:begin")
    mine_before = "My thoughts before, **kept**.\n\n"
    mine_after = "\n## My own section\n\nWritten by me; also kept.\n"
    edited = (
        original[:4]
        + "aliases: [Harbour]\n# my comment\nstatus: reading\n"
        + original[4:fm_end]
        + mine_before
        + original[begin:]
        + mine_after
    )
    path.write_text(edited, encoding="utf-8")

    add_highlight_by_quote(library, harbour, "mend their nets", note="new one")
    (result,) = export_articles(library, [harbour], tmp_path / "out", "markdown")
    assert (result.status, result.path) == ("updated", path)
    assert sorted(p.name for p in path.parent.iterdir()) == [path.name]
    new = path.read_text("utf-8")
    fm, rest = split_export(new)
    assert fm["highlights"] == 2
    assert fm["aliases"] == ["Harbour"]
    assert fm["status"] == "reading"
    assert "# my comment\nstatus: reading\n" in new
    assert rest.startswith(mine_before + "<!-- margin:begin")
    assert rest.endswith("<!-- margin:end -->\n" + mine_after)
    quotes = [u["quote"] for u in highlight_units(blocks(MD.parse(rest)))]
    assert quotes == ["first boats", "mend their nets"]
    again = export_articles(library, [harbour], tmp_path / "out", "markdown")
    assert again[0].status == "unchanged"
    assert path.read_text("utf-8") == new


def test_a_retitled_article_and_a_name_taken_by_another_still_find_their_files(
    library: Library, tmp_path: Path
) -> None:
    src = write_article(tmp_path, "a.md", "Alpha", PARAGRAPHS)
    alpha = import_article(library, src)
    add_highlight_by_quote(library, alpha, "first boats")
    out = tmp_path / "out"
    first = export_one(library, alpha, out)
    assert first == out / "Alpha.md"
    # The source is edited (new hash, same path) and retitled; another article is now "Alpha".
    write_article(tmp_path, "a.md", "Alpha, revised", [*PARAGRAPHS, "One more paragraph."])
    assert import_article(library, src) == alpha
    beta = import_article(library, write_article(tmp_path, "b.md", "Alpha", PARAGRAPHS[:2]))
    add_highlight_by_quote(library, beta, "market opens")
    results = export_articles(library, [alpha, beta], out, "markdown")
    assert [(r.status, r.path) for r in results] == [
        ("updated", first),
        ("written", out / f"Alpha ({beta}).md"),
    ]
    assert split_export(first.read_text("utf-8"))[0]["title"] == "Alpha, revised"
    # The user renames and moves the files; each is still found, and nothing is duplicated.
    (out / "sub").mkdir()
    moved = out / "sub" / "My alpha notes.md"
    first.rename(moved)
    results = export_articles(library, [alpha, beta], out, "markdown")
    assert [(r.status, r.path) for r in results] == [
        ("unchanged", moved),
        ("unchanged", out / f"Alpha ({beta}).md"),
    ]
    assert sorted(p.name for p in out.rglob("*.md")) == [f"Alpha ({beta}).md", "My alpha notes.md"]


def test_a_damaged_section_is_reported_and_the_file_left_alone(
    library: Library, harbour: int, tmp_path: Path
) -> None:
    add_highlight_by_quote(library, harbour, "first boats")
    path = export_one(library, harbour, tmp_path / "out")
    damaged = path.read_text("utf-8").replace("<!-- margin:end -->", "") + "my text\n"
    path.write_text(damaged, encoding="utf-8")
    (result,) = export_articles(library, [harbour], tmp_path / "out", "markdown")
    assert result.status == "failed"
    assert result.path == path
    assert "no margin:end marker" in (result.reason or "")
    assert path.read_text("utf-8") == damaged
    assert len(list(path.parent.iterdir())) == 1


# -- templates ----------------------------------------------------------------------------------


def test_a_user_template_sees_the_documented_variables(
    library: Library, harbour: int, tmp_path: Path
) -> None:
    h = add_highlight_by_quote(library, harbour, "first boats", color="pink", tags=["b", "a"])
    template = tmp_path / "mine.md.j2"
    template.write_text(
        "---\nkind: {{ 'clipping' | yaml_str }}\n---\n"
        "{{ article.title }}|{{ article.author }}|{{ article.highlight_count }}\n"
        "{% for h in highlights %}{{ h.id }}|{{ h.uid }}|{{ h.quote }}|{{ h.color }}|"
        "{{ h.tags | join(',') }}|{{ h.start }}-{{ h.end }}|{{ h.position }}|{{ h.created }}|"
        "{{ h.status }}{% endfor %}\n",
        encoding="utf-8",
    )
    text = markdown_for_article(library, harbour, template)
    start = h.start
    assert text == (
        '---\nkind: "clipping"\n---\n\n'
        "The harbour|None|1\n"
        f"h-{h.uid[:8]}|{h.uid}|first boats|pink|a,b|{start}-{h.end}|"
        f"{start * 100 // len(get_article(library, harbour).plain_text)}|"  # type: ignore[union-attr]
        f"{h.created_at.date().isoformat()}|anchored\n"
    )
    path = export_one(library, harbour, tmp_path / "out", template=template)
    fm, rest = split_export(path.read_text("utf-8"))
    assert fm == {"kind": "clipping"}
    assert rest.startswith("\n<!-- margin:begin")
    assert "first boats|pink" in rest


@pytest.mark.parametrize(
    ("source", "line", "message"),
    [
        ("ok\n{% for h in highlights %}\n{{ h.quote }\n{% endfor %}\n", 3, "unexpected '}'"),
        ("line one\n\n{{ article.no_such_field }}\n", 3, "no_such_field"),
        ("a\n{{ article.__class__.__mro__ }}\n", 2, "unsafe"),
        ("{{ highlights | nope }}", 1, "No filter named 'nope'"),
        ("x\n\n{% include 'other.j2' %}", 3, "a template is a single file"),
    ],
)
def test_template_errors_name_file_and_line(
    library: Library, harbour: int, tmp_path: Path, source: str, line: int, message: str
) -> None:
    template = tmp_path / "broken.j2"
    template.write_text(source, encoding="utf-8")
    out = tmp_path / "out"
    with pytest.raises(TemplateError) as err:
        export_articles(library, [harbour], out, "markdown", template)
    text = str(err.value)
    assert text.startswith(f"template {template} line {line}: "), text
    assert message in text
    assert "\n" not in text
    assert not out.exists()


def test_a_template_cannot_write_margin_markers(
    library: Library, harbour: int, tmp_path: Path
) -> None:
    template = tmp_path / "evil.j2"
    template.write_text("x\n<!-- margin:end -->\ny\n", encoding="utf-8")
    with pytest.raises(TemplateError, match="output line 2 is a Margin marker"):
        export_articles(library, [harbour], tmp_path / "out", "markdown", template)
    assert not (tmp_path / "out").exists()


def test_copy_as_markdown_has_no_section_markers(library: Library, harbour: int) -> None:
    add_highlight_by_quote(library, harbour, "first boats", note="n")
    text = markdown_for_article(library, harbour)
    assert "margin:begin" not in text
    assert "margin:end" not in text
    fm, rest = split_export(text)
    assert fm["title"] == "The harbour"
    assert [u["quote"] for u in highlight_units(blocks(MD.parse(rest)))] == ["first boats"]


def test_an_edited_windows_file_keeps_its_bom_and_line_endings_outside_the_section() -> None:
    from reader.export.managed_section import Owner, new_file, update_file

    owner = Owner.of("a" * 64, "/articles/a.md")
    first = new_file(owner, 'title: "A"\nhighlights: 1\n', "# A\n\n> one\n")
    user = "\ufeff" + first.replace("\n", "\r\n").replace(
        'title: "A"\r\n', 'title: "A"\r\ncssclasses:\r\n  - wide\r\n'
    )
    user += "\r\nMine, with CRLF.\r\n"
    updated = update_file(user, owner, 'title: "A2"\nhighlights: 2\n', "# A2\n\n> one\n\n> two\n")
    # Margin's own lines follow the file's CRLF; the user's lines are kept byte for byte.
    assert updated.startswith(
        '\ufeff---\r\ntitle: "A2"\r\nhighlights: 2\r\ncssclasses:\r\n  - wide\r\n'
    )
    assert updated.endswith("> two\r\n\r\n<!-- margin:end -->\r\n\r\nMine, with CRLF.\r\n")
    assert "\n" not in updated.replace("\r\n", "")
    assert update_file(
        updated, owner, 'title: "A2"\nhighlights: 2\n', "# A2\n\n> one\n\n> two\n"
    ) == (updated)
