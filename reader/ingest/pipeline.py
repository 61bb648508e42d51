"""One pipeline for every file: load → sniff → decode → extract → render → sanitise.

Nothing here touches the database or Qt: the result is a `CleanedFile` of plain data that the store
saves in one transaction, and that `margin clean` prints. Folder walking lives here too, so the CLI,
the window and watched folders all see the same set of files.

Nothing with words in it is refused or cut to a scrap: when the cleaner is clearly wrong the
article keeps all its text (`reader.ingest.uncleaned`). The person's corrections are applied last
(`reader.corrections`), on top of the cleaner's own document, which is kept as ``base`` so that a
correction can later be made or undone without cleaning again.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import urlsplit

from reader.config import Limits
from reader.corrections import apply_corrections
from reader.document import Block, Document, count_words, normalize_inline
from reader.ingest.budget import budget_for
from reader.ingest.original import original_text
from reader.ingest.sniff import EXTENSIONS, Format, IngestError, decode_file, sniff_container
from reader.ingest.uncleaned import settle
from reader.sanitize import sanitize_html

# Bump when cleaning changes what existing articles would look like: re-importing an unchanged
# file then re-cleans it (and re-anchors its highlights) instead of reporting "unchanged".
CLEANER_VERSION = 2  # 2: removed text kept with reasons, tables, all text when cleaning fails


@dataclass(frozen=True, slots=True)
class SourceFile:
    """Bytes read from disk with what we know of them before cleaning."""

    path: Path
    data: bytes
    sha256: str
    mtime: float


@dataclass(frozen=True, slots=True)
class CleanedFile:
    """A cleaned file: ``document`` is what the reader shows (corrections applied), ``base``
    the cleaner's own decisions (or all the text, when ``cleaning`` is ``"none"``)."""

    source: SourceFile
    format: Format
    encoding: str
    document: Document
    html: str
    plain_text: str
    base: Document
    cleaning: str = "cleaned"
    note: str | None = None  # what the user should know about an imported file (repaired bytes)


def _human_size(n: float) -> str:
    for unit in ("bytes", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "bytes" else f"{n:.1f} {unit}"
        n /= 1024
    return f"{n:.1f} GB"  # pragma: no cover


def check_supported(path: Path) -> None:
    suffix = path.suffix.lower()
    if suffix and suffix not in EXTENSIONS:
        kinds = ", ".join(sorted(EXTENSIONS))
        raise IngestError(f"unsupported file type '{suffix}' (Margin reads {kinds})")


def read_source(path: Path, limits: Limits | None = None) -> SourceFile:
    """Read a file's bytes, refusing unsupported, unreadable and oversized files first."""
    limits = limits or Limits()
    check_supported(path)
    try:
        st = path.stat()
    except FileNotFoundError as exc:
        raise IngestError("file not found") from exc
    except OSError as exc:
        raise IngestError(f"cannot read file: {exc.strerror or exc}") from exc
    if not path.is_file():
        raise IngestError("not a regular file")
    if st.st_size > limits.max_file_bytes:
        raise IngestError(
            f"file is {_human_size(st.st_size)}, over the "
            f"{_human_size(limits.max_file_bytes)} import limit"
        )
    try:
        with path.open("rb") as fh:
            data = fh.read(limits.max_file_bytes + 1)
    except OSError as exc:
        raise IngestError(f"cannot read file: {exc.strerror or exc}") from exc
    if len(data) > limits.max_file_bytes:  # grew while we looked
        raise IngestError(f"file is over the {_human_size(limits.max_file_bytes)} import limit")
    return SourceFile(
        path=path, data=data, sha256=hashlib.sha256(data).hexdigest(), mtime=st.st_mtime
    )


def extract(text: str, fmt: Format) -> Document:
    """Turn decoded text into a `Document` with the extractor for its format."""
    if fmt == "html":
        from reader.ingest.html_page import extract_html

        return extract_html(text)
    if fmt == "markdown":
        from reader.ingest.markdown import parse_markdown

        return parse_markdown(text)
    from reader.ingest.text_dump import clean_text_dump

    return clean_text_dump(text)


def extract_bytes(data: bytes, fmt: Format) -> tuple[Document, str]:
    """A file of a byte-read format → its `Document` and the encoding of its text."""
    if fmt == "pdf":
        from reader.ingest.pdf import extract_pdf

        return extract_pdf(data), "pdf"
    if fmt == "mhtml":
        from reader.ingest.web_archives import extract_mhtml

        return extract_mhtml(data)
    if fmt == "webarchive":
        from reader.ingest.web_archives import extract_webarchive

        return extract_webarchive(data)
    if fmt == "epub":
        from reader.ingest.epub import extract_epub

        return extract_epub(data), "utf-8"
    raise IngestError(f"no reader for {fmt} files")  # pragma: no cover - table and code agree


def clean_source(
    source: SourceFile,
    corrections: Mapping[str, str] | None = None,
    limits: Limits | None = None,
) -> CleanedFile:
    """Clean a file's bytes into an article, with the person's ``corrections`` (block key →
    ``keep``/``drop``) applied; raises `IngestError` only for a file without any words (or one
    whose container cannot be read: a scanned or encrypted PDF, a zip bomb), or one that goes
    over its work budget (`reader.ingest.budget`)."""
    limits = limits or Limits()
    with budget_for(len(source.data), limits.work_scale) as budget:
        text: str | None = None
        note: str | None = None
        with budget.stage("decoding"):
            fmt = sniff_container(source.path, source.data)
            if fmt is None:
                decoded = decode_file(source.path, source.data)
                fmt, encoding, text, note = (
                    decoded.format,
                    decoded.encoding,
                    decoded.text,
                    decoded.note,
                )
            elif not source.data.strip():
                raise IngestError("file is empty")
        with budget.stage("extracting the article"):
            if text is None:
                base, encoding = extract_bytes(source.data, fmt)
            else:
                base = extract(text, fmt)
            original = "" if base.blocks else original_text(source.data, fmt)
            words = original or text or ""
            base, cleaning = settle(base, words)
            if not base.blocks and not count_words(base.title) and not count_words(words):
                raise IngestError("no words in the file")
            if not base.title:
                base.title = _title_from_filename(source.path)
            if not base.site and base.url:
                base.site = _site_from_url(base.url)
            base.blocks = [_thin_marks(b) for b in base.blocks]
            document = apply_corrections(base, corrections or {})
        with budget.stage("rendering"):
            plain_text = document.plain_text()
            budget.check_output("text", len(plain_text))
            budget.check_output("HTML", _html_size_estimate(document, len(plain_text)))
            rendered = document.to_html()
            budget.check_output("HTML", len(rendered))
        with budget.stage("sanitising"):
            html = sanitize_html(rendered)
    return CleanedFile(
        source=source,
        format=fmt,
        encoding=encoding,
        document=document,
        html=html,
        plain_text=plain_text,
        base=base,
        cleaning=cleaning,
        note=note,
    )


# A block with more marks than one per this many characters (and at least `DENSE_MARKS` of them)
# is a link farm or markup noise, not prose: it keeps its text and loses its formatting. Every
# mark costs the sanitiser and the window's layout an element (bleach: about 40 us each), and a
# page of "*a*a*a..." would otherwise cost far more per megabyte than any article.
CHARS_PER_MARK = 8
DENSE_MARKS = 32


def _thin_marks(block: Block) -> Block:
    marks = len(block.marks)
    if marks >= DENSE_MARKS and marks * CHARS_PER_MARK > len(block.text):
        return replace(block, marks=())
    return block


def _html_size_estimate(document: Document, text_size: int) -> int:
    """A lower bound of the HTML's size, known before building it (a page of 50,000 links to one
    5,000-character address would render to 250 MB)."""
    marks = [m for b in document.blocks for m in b.marks]
    return text_size + sum(len(m.href or "") + 9 for m in marks)


def clean_file(path: Path, limits: Limits | None = None) -> CleanedFile:
    return clean_source(read_source(path, limits), limits=limits)


def _site_from_url(url: str) -> str | None:
    """``https://www.example.org/a`` → ``example.org``: a site name when the page gives none."""
    host = urlsplit(url).hostname or ""
    return host.removeprefix("www.") or None


_BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")


def _title_from_filename(path: Path) -> str:
    """A title from the file's name, without the control characters a name may hold."""
    stem = _BIDI_CONTROLS.sub("", path.stem.replace("_", " ").replace("-", " "))
    return normalize_inline(stem) or normalize_inline(path.name) or "Untitled"


def iter_files(paths: Iterable[Path], *, supported_only: bool = False) -> Iterator[Path]:
    """Expand folders recursively, in a stable order; skip hidden entries and symlink loops.

    Files named explicitly are always yielded (an unsupported one then fails with its reason);
    inside folders, ``supported_only`` drops files of other types silently (watched folders).
    """
    seen_dirs: set[tuple[int, int]] = set()
    for path in paths:
        path = Path(path)
        if path.is_dir():
            yield from _walk(path, seen_dirs, supported_only)
        else:
            yield path


def _walk(root: Path, seen: set[tuple[int, int]], supported_only: bool) -> Iterator[Path]:
    try:
        st = root.stat()
    except OSError:
        return
    key = (st.st_dev, st.st_ino)
    if key in seen:
        return
    seen.add(key)
    try:
        entries = sorted(os.scandir(root), key=lambda e: e.name)
    except OSError:
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        path = Path(entry.path)
        try:
            is_dir = entry.is_dir()
        except OSError:
            continue
        if is_dir:
            yield from _walk(path, seen, supported_only)
        elif not supported_only or path.suffix.lower() in EXTENSIONS:
            yield path
