"""Export limits and the user's files: bounded templates, CRLF kept, read-only files left alone.

Templates here are real files run the way ``--template`` runs them (in the limited child
process); libraries and exported files are real files in a temporary folder.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reader.export import TemplateError, export_articles
from reader.export import templates as templates_module
from reader.export.context import block_ids
from reader.store.annotations import add_highlight_by_quote
from reader.store.db import Library
from reader.store.library import import_file

ARTICLE = "# Tides\n\nSpring tides come with the new and full Moon.\n\nNeap tides come between.\n"


@pytest.fixture
def article(library: Library, tmp_path: Path) -> int:
    src = tmp_path / "tides.md"
    src.write_text(ARTICLE, encoding="utf-8")
    article_id = import_file(library, src).article_id
    assert article_id is not None
    add_highlight_by_quote(library, article_id, "Spring tides", note="first")
    return article_id


def _template(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "mine.md.j2"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("{{ 'x' * 10**10 }}", "too large"),
        ("{{ 7 ** 100000000 }}", "too large"),
        ("{{ 'x' | center(10000000000) }}", "more than 1024 MB"),
        ("{% for i in range(100000) %}{{ 'y' * 1000 }}{% endfor %}", "larger than 20 MB"),
    ],
)
def test_a_template_cannot_grow_without_bound(
    library: Library, article: int, tmp_path: Path, source: str, message: str
) -> None:
    out = tmp_path / "out"
    with pytest.raises(TemplateError, match=message):
        export_articles(library, [article], out, "markdown", _template(tmp_path, source))
    assert not out.exists()  # nothing written


def test_a_template_cannot_run_forever(
    library: Library, article: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(templates_module, "TIME_LIMIT_S", 2.0)
    source = "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}"
    out = tmp_path / "out"
    with pytest.raises(TemplateError, match="stopped after"):
        export_articles(library, [article], out, "markdown", _template(tmp_path, source))
    assert not out.exists()


def test_a_limited_template_still_exports(library: Library, article: int, tmp_path: Path) -> None:
    source = "# {{ article.title | md_inline }}\n{% for h in highlights %}\n{{ h.quote | blockquote }}\n{% endfor %}"
    out = tmp_path / "out"
    (result,) = export_articles(library, [article], out, "markdown", _template(tmp_path, source))
    assert result.status == "written"
    assert "> Spring tides" in result.path.read_text(encoding="utf-8")  # type: ignore[union-attr]


def test_reexport_keeps_crlf_text_outside_the_section_byte_for_byte(
    library: Library, article: int, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    (first,) = export_articles(library, [article], out, "markdown")
    path = first.path
    assert path is not None
    exported = path.read_bytes().decode("utf-8")
    above = "My summary, written on Windows.\r\n\r\n"
    below = "\r\n\r\nA closing thought.\r\nAnd a second line.\r\n"
    begin = exported.index("<!-- margin:begin")
    end = exported.index("<!-- margin:end -->") + len("<!-- margin:end -->")
    crlf = (
        exported[:begin].replace("\n", "\r\n")
        + above
        + exported[begin:end].replace("\n", "\r\n")
        + below
    )
    path.write_bytes(crlf.encode("utf-8"))

    add_highlight_by_quote(library, article, "Neap tides", note="second")
    (again,) = export_articles(library, [article], out, "markdown")
    assert again.status == "updated"
    data = path.read_bytes()
    assert above.encode() in data
    assert data.endswith(below.encode())
    assert b"\n" not in data.replace(b"\r\n", b"")  # Margin's lines follow the file's CRLF
    assert b"> Neap tides" in data
    (third,) = export_articles(library, [article], out, "markdown")
    assert third.status == "unchanged"


def test_a_read_only_exported_file_is_not_replaced(
    library: Library, article: int, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    (first,) = export_articles(library, [article], out, "markdown")
    path = first.path
    assert path is not None
    before = path.read_bytes()
    path.chmod(0o444)
    add_highlight_by_quote(library, article, "Neap tides")
    (again,) = export_articles(library, [article], out, "markdown")
    assert again.status == "failed"
    assert "read-only" in (again.reason or "")
    assert path.read_bytes() == before
    assert stat.S_IMODE(path.stat().st_mode) == 0o444
    assert sorted(os.listdir(out)) == [path.name]  # no temporary file left either
    path.chmod(0o644)
    (third,) = export_articles(library, [article], out, "markdown")
    assert third.status == "updated"


def _brute_force_block_ids(uids: list[str]) -> dict[str, str]:
    ids = {}
    for uid in uids:
        n = 8
        while n < len(uid) and any(o != uid and o.startswith(uid[:n]) for o in uids):
            n += 4
        ids[uid] = "h-" + uid[:n].lower()
    return ids


@given(
    st.lists(
        st.text(alphabet="0ab", min_size=1, max_size=40) | st.sampled_from(["0" * 32, "0" * 33]),
        max_size=30,
    )
)
def test_block_ids_are_the_shortest_unique_prefixes(uids: list[str]) -> None:
    assert block_ids(uids) == _brute_force_block_ids(uids)
