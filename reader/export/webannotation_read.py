"""Reading a Web Annotation backup back: validated completely before anything is restored.

Accepts what `webannotation` writes (a collection with an embedded page) and also a bare page, a
single annotation or a list of annotations, so hand-edited or foreign files in the W3C model can be
restored as far as they carry what Margin needs: a quote (``TextQuoteSelector``) for each
highlight and a source Margin can match (``urn:sha256:`` or a path). Any malformed annotation makes
the whole file fail with one line that names it: a half-restored backup would be worse.
"""

from __future__ import annotations

import json
import re
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

from reader.export.webannotation import ANNO_CONTEXT, NAMESPACE
from reader.store.annotations import AnnotationError, normalize_color

MAX_BACKUP_BYTES = 512 * 1024 * 1024
MAX_OFFSET = 2**63 - 1
"""The largest offset SQLite's integers hold; a position selector beyond it is malformed."""
_SHA256 = re.compile(r"^[0-9a-fA-F]{64}$")
_SURROGATE = re.compile(r"[\ud800-\udfff]")


class BackupFormatError(Exception):
    """The file is not a backup Margin can restore; the message says where and why."""


@dataclass(frozen=True, slots=True)
class SourceRef:
    sha256: str | None
    path: str | None
    title: str | None

    def label(self) -> str:
        return self.title or self.path or f"sha256:{self.sha256}"


@dataclass(frozen=True, slots=True)
class BackupHighlightEntry:
    uid: str
    exact: str
    prefix: str
    suffix: str
    start: int | None
    end: int | None
    color: str
    status: str
    note: str
    tags: tuple[str, ...]
    created: datetime | None
    modified: datetime | None


@dataclass(frozen=True, slots=True)
class BackupArticleEntry:
    note: str
    tags: tuple[str, ...]
    created: datetime | None
    modified: datetime | None


@dataclass(slots=True)
class ArticleGroup:
    """Everything the backup says about one article."""

    source: SourceRef
    highlights: list[BackupHighlightEntry] = field(default_factory=list)
    whole: BackupArticleEntry | None = None


def _types(obj: dict[str, Any]) -> set[str]:
    return {t for t in _as_list(obj.get("type")) if isinstance(t, str)}


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _items(data: Any) -> list[Any]:
    if isinstance(data, list):
        return data
    if not isinstance(data, dict):
        raise BackupFormatError("not a Web Annotation document (expected a JSON object)")
    context = _as_list(data.get("@context"))
    if ANNO_CONTEXT not in context and "https://www.w3.org/ns/anno.jsonld" not in context:
        raise BackupFormatError(f"not W3C Web Annotation JSON-LD (@context lacks {ANNO_CONTEXT})")
    types = _types(data)
    if "AnnotationCollection" in types:
        page = data.get("first")
        if page is None:
            return []
        if not isinstance(page, dict):
            raise BackupFormatError("the collection's pages are not embedded (first is a link)")
        data, types = page, _types(page)
    if "AnnotationPage" in types:
        items = data.get("items")
        if not isinstance(items, list):
            raise BackupFormatError("the annotation page has no list of items")
        return items
    if "Annotation" in types:
        return [data]
    raise BackupFormatError("not an AnnotationCollection, AnnotationPage or Annotation")


def _time(ann: dict[str, Any], key: str, where: str) -> datetime | None:
    value = ann.get(key)
    if value is None:
        return None
    shown = repr(value)[:60]
    if not isinstance(value, str):
        raise BackupFormatError(f"{where}: {key} is not a date and time: {shown}")
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
        if moment.tzinfo is not None:  # year 1 or 9999 with an offset can leave the calendar
            moment = moment.astimezone(UTC).replace(tzinfo=None)
    except (ValueError, OverflowError) as exc:
        raise BackupFormatError(f"{where}: {key} is not a date and time: {shown}") from exc
    return moment


def _check_text(value: Any, where: str) -> None:
    """Refuse lone surrogates anywhere in an annotation: they are not text SQLite can store."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if _SURROGATE.search(item):
                raise BackupFormatError(f"{where}: contains invalid Unicode (a lone surrogate)")
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)


def max_time(a: datetime | None, b: datetime | None) -> datetime | None:
    return max(a, b) if a and b else a or b


def _uid(ann: dict[str, Any], where: str) -> str:
    ident = ann.get("id")
    if not isinstance(ident, str) or not ident:
        raise BackupFormatError(f"{where}: no id")
    if ident.lower().startswith("urn:uuid:"):
        try:
            return uuid.UUID(ident[9:]).hex
        except ValueError as exc:
            raise BackupFormatError(f"{where}: id is not a valid urn:uuid: {ident!r}") from exc
    return uuid.uuid5(NAMESPACE, ident).hex  # a foreign id: stable, so re-import finds it again


def _source(target: Any, where: str) -> tuple[SourceRef, list[Any] | None]:
    if isinstance(target, str):
        target = {"source": target}
    if not isinstance(target, dict):
        raise BackupFormatError(f"{where}: target is neither an object nor an IRI")
    src = target.get("source", target.get("id"))
    info = src if isinstance(src, dict) else {"id": src}
    ident = info.get("id")
    if not isinstance(ident, str) or not ident:
        raise BackupFormatError(f"{where}: target has no source")
    sha = ident[11:].lower() if ident.lower().startswith("urn:sha256:") else None
    if sha is not None and not _SHA256.match(sha):
        raise BackupFormatError(f"{where}: bad content hash in {ident!r}")
    path = info.get("margin:path")
    if path is None and ident.lower().startswith("file://"):
        path = unquote(urlparse(ident).path)
    title = info.get("margin:title")
    ref = SourceRef(
        sha, path if isinstance(path, str) else None, title if isinstance(title, str) else None
    )
    selectors = target.get("selector")
    return ref, None if selectors is None else _as_list(selectors)


def _bodies(ann: dict[str, Any], where: str) -> tuple[str, tuple[str, ...]]:
    notes: list[str] = []
    tags: list[str] = []
    if isinstance(ann.get("bodyValue"), str):
        notes.append(ann["bodyValue"])
    for body in _as_list(ann.get("body")):
        if not isinstance(body, dict) or "TextualBody" not in _types(body):
            continue  # a body Margin has no place for (an IRI, an image): ignored
        value = body.get("value")
        if not isinstance(value, str):
            raise BackupFormatError(f"{where}: a TextualBody has no text value")
        purposes = {p for p in _as_list(body.get("purpose")) if isinstance(p, str)}
        (tags if "tagging" in purposes else notes).append(value)
    return "\n\n".join(n.strip() for n in notes if n.strip()), tuple(tags)


def _find(selectors: list[Any], kind: str) -> dict[str, Any] | None:
    return next((s for s in selectors if isinstance(s, dict) and kind in _types(s)), None)


def _selectors(selectors: list[Any], where: str) -> tuple[str, str, str, int | None, int | None]:
    quote = _find(selectors, "TextQuoteSelector")
    if quote is None:
        raise BackupFormatError(f"{where}: target has no TextQuoteSelector (the quoted text)")
    exact, prefix, suffix = quote.get("exact"), quote.get("prefix", ""), quote.get("suffix", "")
    if not isinstance(exact, str) or not exact:
        raise BackupFormatError(f"{where}: TextQuoteSelector has no exact text")
    if not isinstance(prefix, str) or not isinstance(suffix, str):
        raise BackupFormatError(f"{where}: TextQuoteSelector prefix/suffix must be text")
    pos = _find(selectors, "TextPositionSelector")
    start = end = None
    if pos is not None:
        start, end = pos.get("start"), pos.get("end")
        ok = isinstance(start, int) and isinstance(end, int) and 0 <= start <= end <= MAX_OFFSET
        if not ok or isinstance(start, bool) or isinstance(end, bool):
            raise BackupFormatError(
                f"{where}: TextPositionSelector needs whole numbers 0 <= start <= end < 2^63"
            )
    return exact, prefix, suffix, start, end


def _annotation(ann: Any, index: int, groups: dict[tuple[str, str], ArticleGroup]) -> None:
    where = f"annotation {index}"
    if not isinstance(ann, dict) or "Annotation" not in _types(ann):
        raise BackupFormatError(f"{where}: not an object of type Annotation")
    where = f"annotation {index} ({str(ann.get('id'))[:80]})"
    _check_text(ann, f"annotation {index}")
    if "target" not in ann:
        raise BackupFormatError(f"{where}: no target")
    ref, selectors = _source(_as_list(ann["target"])[0] if ann["target"] else None, where)
    note, tags = _bodies(ann, where)
    created, modified = _time(ann, "created", where), _time(ann, "modified", where)
    group = groups.setdefault((ref.sha256 or "", ref.path or ""), ArticleGroup(ref))
    if selectors is None:  # the whole article: its note and tags (several are merged)
        if group.whole is not None:
            old = group.whole
            note = "\n\n".join(n for n in (old.note, note) if n)
            tags = old.tags + tags
            created, modified = old.created or created, max_time(old.modified, modified)
        group.whole = BackupArticleEntry(note, tags, created, modified)
        return
    exact, prefix, suffix, start, end = _selectors(selectors, where)
    color = ann.get("margin:color")
    if color is not None and not isinstance(color, str):
        raise BackupFormatError(f"{where}: margin:color must be a colour name, not {color!r:.40}")
    try:
        color = normalize_color(color)
    except AnnotationError as exc:
        raise BackupFormatError(f"{where}: {exc}") from exc
    status = ann.get("margin:status", "anchored")
    if status not in ("anchored", "orphaned"):
        raise BackupFormatError(f"{where}: margin:status must be anchored or orphaned")
    group.highlights.append(
        BackupHighlightEntry(
            _uid(ann, where), exact, prefix, suffix, start, end, color, status, note, tags,
            created, modified,
        )
    )  # fmt: skip


def parse_backup(data: Any) -> list[ArticleGroup]:
    """Every article's annotations in the backup, in the order the backup names them."""
    groups: dict[tuple[str, str], ArticleGroup] = {}
    for index, ann in enumerate(_items(data), start=1):
        try:
            _annotation(ann, index, groups)
        except BackupFormatError:
            raise
        except (TypeError, ValueError, OverflowError, AttributeError) as exc:
            # A shape the checks above did not foresee: still one line, never a traceback.
            raise BackupFormatError(f"annotation {index}: malformed value ({exc})") from exc
    return list(groups.values())


def read_backup(path: Path) -> list[ArticleGroup]:
    """Read and validate a backup file; raises `BackupFormatError` with a one-line reason."""
    try:
        if path.stat().st_size > MAX_BACKUP_BYTES:
            raise BackupFormatError(f"{path}: larger than 512 MB; is this the right file?")
        raw = path.read_bytes()
    except FileNotFoundError as exc:
        raise BackupFormatError(f"{path}: file not found") from exc
    except OSError as exc:
        raise BackupFormatError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise BackupFormatError(f"{path}: not UTF-8 text") from exc
    except json.JSONDecodeError as exc:
        raise BackupFormatError(f"{path}: not JSON (line {exc.lineno}: {exc.msg})") from exc
    except RecursionError as exc:
        raise BackupFormatError(f"{path}: JSON nested too deeply") from exc
    except ValueError as exc:  # e.g. a number of more than 4,300 digits
        why = "a number in it has too many digits" if "digits" in str(exc) else str(exc)
        raise BackupFormatError(f"{path}: not usable JSON ({why})") from exc
    try:
        return parse_backup(data)
    except BackupFormatError as exc:
        raise BackupFormatError(f"{path}: {exc}") from exc
