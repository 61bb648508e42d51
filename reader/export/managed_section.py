"""Margin's managed section of an exported file, and finding an article's file again.

The section sits between two HTML comments (invisible in rendered Markdown)::

    <!-- margin:begin article=<sha256 of the source file> source=<hash of its path> -->
    ...
    <!-- margin:end -->

Re-export replaces the section and the front matter (see `front_matter`) and nothing else: the
user's text before and after stays byte for byte. The begin marker says whose file it is, so a
re-export finds it again even after the title changed, the file was renamed or another article took
its name: first by the content hash, then (for an article whose file was edited and re-imported) by
the hash of its source path.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from reader.export import front_matter
from reader.export.templates import TemplateError

END = "<!-- margin:end -->"
_BEGIN = re.compile(r"^<!-- margin:begin article=([0-9a-f]{64}) source=([0-9a-f]{16}) -->$")
_ANY_MARKER = re.compile(r"^<!-- margin:(begin|end)\b")


class SectionError(Exception):
    """A file whose managed section cannot be replaced safely; the message says why."""


@dataclass(frozen=True, slots=True)
class Owner:
    """Which article a managed section belongs to."""

    article: str
    source: str

    @classmethod
    def of(cls, sha256: str, path: str) -> Owner:
        return cls(sha256.lower(), hashlib.sha256(path.encode("utf-8")).hexdigest()[:16])

    def begin(self) -> str:
        return f"<!-- margin:begin article={self.article} source={self.source} -->"


@dataclass(frozen=True, slots=True)
class Section:
    start: int
    end: int
    owner: Owner


def _lines(text: str) -> list[tuple[int, str]]:
    """``(offset, line without its ending)`` for every line."""
    out: list[tuple[int, str]] = []
    pos = 0
    for line in text.splitlines(keepends=True):
        out.append((pos, line.rstrip("\r\n")))
        pos += len(line)
    return out


def find_section(text: str) -> Section | None:
    """The one managed section of ``text``, None if there is none; raises if it is damaged."""
    begins = []
    ends = []
    for offset, line in _lines(text):
        match = _BEGIN.match(line)
        if match:
            begins.append((offset, Owner(match.group(1), match.group(2))))
        elif line == END:
            ends.append(offset + len(line))
    if not begins:
        if ends:
            raise SectionError("has a margin:end marker but no margin:begin marker")
        return None
    if len(begins) > 1 or len(ends) > 1:
        raise SectionError("has more than one Margin section; remove the extra markers")
    if not ends or ends[0] < begins[0][0]:
        raise SectionError("its Margin section has no margin:end marker after margin:begin")
    return Section(begins[0][0], ends[0], begins[0][1])


def claim(text: str) -> tuple[Owner | None, str | None]:
    """Whose file this is (from its first begin marker) and, if the section is damaged, why."""
    try:
        section = find_section(text)
    except SectionError as exc:
        for _, line in _lines(text):
            match = _BEGIN.match(line)
            if match:
                return Owner(match.group(1), match.group(2)), str(exc)
        return None, None
    return (section.owner, None) if section else (None, None)


def check_body(body: str, template_name: str) -> None:
    """A template must not write marker lines: the next export could not find its section."""
    for number, (_, line) in enumerate(_lines(body), start=1):
        if _ANY_MARKER.match(line):
            raise TemplateError(
                f"template {template_name}: its output line {number} is a Margin marker "
                f"({line[:40]!r}); markers are Margin's, remove it"
            )


def section_text(owner: Owner, body: str, nl: str = "\n") -> str:
    body = body.strip("\r\n")
    # Blank lines around the markers: some Markdown parsers need them around raw HTML blocks.
    return f"{owner.begin()}{nl}{nl}{body}{nl}{nl}{END}" if body else f"{owner.begin()}{nl}{END}"


def newline_of(text: str) -> str:
    """The line ending most of ``text`` uses: Margin writes its parts of a file with it."""
    crlf = text.count("\r\n")
    return "\r\n" if crlf and crlf >= text.count("\n") - crlf else "\n"


def new_file(owner: Owner, margin_front_matter: str, body: str) -> str:
    """A file as a first export writes it."""
    head = front_matter.block(margin_front_matter)
    return (head + "\n" if head else "") + section_text(owner, body) + "\n"


def update_file(old: str, owner: Owner, margin_front_matter: str, body: str) -> str:
    """``old`` with its front matter merged and its managed section replaced; the rest as it was.

    Raises `SectionError` when ``old`` has no intact section.
    """
    section = find_section(old)
    if section is None:
        raise SectionError("has no Margin section")
    old_fm = front_matter.find_front_matter(old)
    if old_fm is not None and old_fm.end > section.start:
        raise SectionError("its front matter overlaps the Margin section")
    # The user's text outside the section stays byte for byte (CRLF included); Margin's own
    # lines follow the file's line endings.
    nl = newline_of(old)
    if nl != "\n":
        margin_front_matter = margin_front_matter.replace("\n", nl)
        body = body.replace("\n", nl)
    fm_body = front_matter.merge(margin_front_matter, old_fm.body if old_fm else None)
    head = front_matter.block(fm_body, nl)
    bom = "\ufeff" if old.startswith("\ufeff") else ""
    if old_fm is not None:
        before = old[old_fm.end : section.start]
    else:
        before = old[len(bom) : section.start]
        if head and not before.startswith(("\n", "\r\n")):
            head += nl
    if not head and old_fm is not None:
        before = before.lstrip("\r\n")
    return bom + head + before + section_text(owner, body, nl) + old[section.end :]
