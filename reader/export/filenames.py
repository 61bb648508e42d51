"""File names from article titles that are safe on Windows, macOS and Linux, and stay in the folder.

A title can be anything a web page says: path separators, ``..``, ``CON``, control characters,
500 characters of emoji. The stem keeps what is readable and drops what some system refuses or
misreads (reserved characters and names, trailing dots and spaces, a leading dot that would hide
the file); Obsidian's link characters (``# ^ [ ] |``) go too, so notes can link to the file.
Names are compared as the file systems that ignore case and normalisation would compare them.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Iterable
from pathlib import Path

MAX_STEM_CHARS = 100
MAX_STEM_BYTES = 180  # UTF-8; with a suffix and extension well under the common 255-byte limit
FALLBACK_STEM = "Untitled"

_FORBIDDEN = re.compile(r'[<>:"/\\|?*#^\[\]{}\x00-\x1f\x7f-\x9f]')
_RESERVED = re.compile(r"^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³]|conin\$|conout\$)$", re.I)


class UnsafePathError(Exception):
    """A computed path would leave the output folder; never expected, always refused."""


def _drop_invisible(text: str) -> str:
    """Drop format characters (bidi overrides can disguise a name) but keep emoji joiners."""
    return "".join(c for c in text if unicodedata.category(c) != "Cf" or c == "\u200d")


def _trim(stem: str) -> str:
    """Cut to the length limits without leaving half a character sequence or a bad ending."""
    if len(stem) > MAX_STEM_CHARS:
        stem = stem[:MAX_STEM_CHARS]
    while len(stem.encode("utf-8")) > MAX_STEM_BYTES:
        stem = stem[:-1]
    # A cut may leave a dangling combining mark, joiner or variation selector.
    while stem and (unicodedata.combining(stem[-1]) or stem[-1] in "\u200d\ufe0e\ufe0f"):
        stem = stem[:-1]
    return stem.rstrip(" .")


def safe_stem(title: str) -> str:
    """A file name stem for ``title`` that every common file system accepts."""
    text = _drop_invisible(unicodedata.normalize("NFC", title or ""))
    text = _FORBIDDEN.sub(" ", text)
    text = " ".join(text.split())  # also turns other white space into plain spaces
    text = _trim(text.lstrip(" .-"))
    if not text:
        return FALLBACK_STEM
    if _RESERVED.match(text.split(".")[0].strip()):
        text = "_" + text
    return text


def name_key(name: str) -> str:
    """How a case-insensitive, normalising file system tells names apart."""
    return unicodedata.normalize("NFC", name).casefold()


def choose_name(title: str, article_id: int, taken: Iterable[str], ext: str = ".md") -> str:
    """``<stem><ext>``, or ``<stem> (<id>)<ext>`` when that is taken; deterministic."""
    used = {name_key(n) for n in taken}
    stem = safe_stem(title)
    candidates = [f"{stem}{ext}", f"{stem} ({article_id}){ext}"]
    candidates += [f"{stem} ({article_id}-{n}){ext}" for n in range(2, 1000)]
    for name in candidates:
        if name_key(name) not in used:
            return name
    raise UnsafePathError(f"no free file name for {stem!r}")  # pragma: no cover


def inside(folder: Path, name: str) -> Path:
    """``folder / name``, refusing anything that would resolve outside ``folder``."""
    if not name or name in (".", "..") or os.sep in name or (os.altsep and os.altsep in name):
        raise UnsafePathError(f"refusing file name {name!r}")
    root = folder.resolve()
    target = (root / name).resolve()
    if target.parent != root:
        raise UnsafePathError(f"refusing to write outside {root}: {name!r}")
    return folder / name
