"""Markdown export: one file per article, re-runnable into the same folder without losing edits.

Everything is rendered before anything is written, so a template error stops the export with
nothing changed. Then each article's file is found again by its managed-section marker (see
`managed_section`) and updated in place, or created under a name made from the title. Article
order, names and contents depend only on the library and the folder, never on the clock.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from reader.export import front_matter
from reader.export.context import template_context
from reader.export.filenames import UnsafePathError, choose_name, inside
from reader.export.files import ExportError, ExportResult, prepare_folder, write_if_changed
from reader.export.managed_section import (
    Owner,
    SectionError,
    check_body,
    claim,
    new_file,
    update_file,
)
from reader.export.templates import ArticleTemplate, load_template
from reader.store.annotations import list_highlights
from reader.store.db import Library
from reader.store.library import get_article

MAX_SCANNED_BYTES = 8 * 1024 * 1024
_BLANK_RUNS = re.compile(r"\n{3,}")


@dataclass(frozen=True, slots=True)
class RenderedArticle:
    article_id: int
    title: str
    owner: Owner
    front_matter: str
    """The front matter's lines without the ``---`` delimiters ("" when the template has none)."""
    body: str
    annotated: bool

    def text(self) -> str:
        """The article as one Markdown document (what "Copy as Markdown" puts on the clipboard)."""
        head = front_matter.block(self.front_matter)
        return (head + "\n" if head else "") + self.body


def _split(output: str) -> tuple[str, str]:
    """Template output → (front matter body, Markdown body), newlines normalised."""
    text = output.replace("\r\n", "\n").replace("\r", "\n").lstrip("\n")
    text = _BLANK_RUNS.sub("\n\n", text)
    fm = front_matter.find_front_matter(text)
    if fm is None or fm.start != 0:
        return "", text.strip("\n") + "\n"
    return fm.body, text[fm.end :].strip("\n") + "\n"


def as_template(template: ArticleTemplate | Path | None) -> ArticleTemplate:
    return template if isinstance(template, ArticleTemplate) else load_template(template)


def render_articles(
    library: Library, article_ids: Iterable[int], template: ArticleTemplate
) -> list[RenderedArticle]:
    """Render articles (all in one go: a user's template runs once, in one child process).

    Raises `ExportError` if one does not exist, `TemplateError` on errors.
    """
    loaded = []
    for article_id in article_ids:
        article = get_article(library, article_id)
        if article is None:
            raise ExportError(f"no article with id {article_id}")
        loaded.append((article, list_highlights(library, article_id)))
    outputs = template.render_many([template_context(a, hs) for a, hs in loaded])
    rendered = []
    for (article, highlights), output in zip(loaded, outputs, strict=True):
        fm, body = _split(output)
        check_body(fm + body, template.name)
        rendered.append(
            RenderedArticle(
                article_id=article.id,
                title=article.title,
                owner=Owner.of(article.sha256, article.path),
                front_matter=fm,
                body=body,
                annotated=bool(highlights or article.note or article.tags),
            )
        )
    return rendered


def render_article(library: Library, article_id: int, template: ArticleTemplate) -> RenderedArticle:
    """Render one article; raises `ExportError` if it does not exist, `TemplateError` on errors."""
    return render_articles(library, [article_id], template)[0]


def markdown_for_article(
    library: Library, article_id: int, template: ArticleTemplate | Path | None = None
) -> str:
    """An article's annotations as Markdown, front matter included, without section markers."""
    return render_article(library, article_id, as_template(template)).text()


# -- writing into a folder --------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Existing:
    path: Path
    owner: Owner
    problem: str | None


def _scan(folder: Path) -> list[_Existing]:
    """Every Markdown file under ``folder`` (hidden folders skipped) that has a Margin marker."""
    found: list[_Existing] = []
    for dirpath, dirnames, filenames in os.walk(folder):  # never follows links to folders
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            path = Path(dirpath) / name
            if not name.lower().endswith(".md") or path.is_symlink():
                continue
            try:
                if path.stat().st_size > MAX_SCANNED_BYTES:
                    continue
                text = path.read_bytes().decode("utf-8")  # line endings as they are
            except (OSError, UnicodeDecodeError):
                continue
            owner, problem = claim(text)
            if owner is not None:
                found.append(_Existing(path, owner, problem))
    return found


def _match(rendered: list[RenderedArticle], existing: list[_Existing]) -> dict[int, _Existing]:
    """Each article's file: by content hash first, then by source path among unclaimed files."""
    matches: dict[int, _Existing] = {}
    claimed: set[Path] = set()
    for field in ("article", "source"):
        for r in rendered:
            if r.article_id in matches:
                continue
            for e in existing:
                if e.path not in claimed and getattr(e.owner, field) == getattr(r.owner, field):
                    matches[r.article_id] = e
                    claimed.add(e.path)
                    break
    return matches


def export_markdown(
    library: Library,
    ids: Iterable[int],
    out_dir: Path,
    template: ArticleTemplate | Path | None = None,
    *,
    only_annotated: bool = False,
) -> list[ExportResult]:
    """Write (or update) one Markdown file per article into ``out_dir``.

    With ``only_annotated`` (what ``--all`` uses) an article without highlights, note or tags is
    skipped unless the folder already holds its file, which is then brought up to date.
    """
    compiled = as_template(template)
    rendered = render_articles(library, sorted(set(ids)), compiled)
    prepare_folder(out_dir)
    matches = _match(rendered, _scan(out_dir))
    taken = set(os.listdir(out_dir))
    results: list[ExportResult] = []
    for r in rendered:
        found = matches.get(r.article_id)
        if found is None and only_annotated and not r.annotated:
            continue
        results.append(_write_one(r, found, out_dir, taken))
    return results


def _write_one(
    r: RenderedArticle, found: _Existing | None, out_dir: Path, taken: set[str]
) -> ExportResult:
    path = found.path if found else None
    try:
        if found is not None:
            if found.problem:
                raise SectionError(found.problem)
            old = found.path.read_bytes().decode("utf-8")  # CRLF stays CRLF
            text = update_file(old, r.owner, r.front_matter, r.body)
        else:
            name = choose_name(r.title, r.article_id, taken)
            path = inside(out_dir, name)
            taken.add(name)
            text = new_file(r.owner, r.front_matter, r.body)
        status = write_if_changed(path, text)
    except SectionError as exc:
        return ExportResult("failed", path, r.article_id, r.title, f"{exc}; file left as it was")
    except (OSError, UnicodeDecodeError, UnsafePathError) as exc:
        reason = getattr(exc, "strerror", None) or str(exc)
        return ExportResult("failed", path, r.article_id, r.title, reason)
    return ExportResult(status, path, r.article_id, r.title)
