"""Escaping for the export templates: user text must never change the structure around it.

Quotes come from articles and notes from users; either may hold ``---``, ``# x``, ``> x``, fences,
``[[links]]``, ``<script>`` or ``{{ }}``. Autoescaping is off in the templates (it is an HTML
notion), so every such value goes through one of these filters instead:

* `md_inline` for one-line text (titles, tags): every Markdown (and Obsidian) metacharacter escaped.
* `blockquote` for a quote: paragraphs kept, each line behind ``> ``, every metacharacter escaped.
* `md_text` for notes, which are Markdown: inline formatting (emphasis, code, links) keeps working,
  but nothing can start a block (heading, list, quote, fence, table, thematic break, setext
  underline), raw HTML is inert and ``[[wiki links]]`` stay literal.
* `yaml_str` / `yaml_list` for front matter: always double-quoted scalars with escapes, so no value
  can end the front matter or change its type.

The escapes are CommonMark backslash escapes (valid before any ASCII punctuation), so the text a
reader sees is exactly the original.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

# -- Markdown ---------------------------------------------------------------------------------

_LINE_BREAKS = re.compile(r"\r\n|[\r\n\v\f\x1c-\x1e\x85\u2028\u2029]")
_INLINE_META = re.compile(
    r"""
    [\\`*_\[\]<>|~$^]        # always significant somewhere (Obsidian: ~~ == $ ^ %% too)
    | (?<!\S)\#              # heading / Obsidian tag at a word start
    | ==                     # Obsidian highlight
    | %%                     # Obsidian comment
    | &(?=\#?\w+;)           # an entity reference would be decoded
    """,
    re.VERBOSE,
)
# What may open a block at the start of a line, once leading white space is gone. `*`, `_`, `#`,
# `>`, `<`, backticks and `~` are escaped inline already.
_BLOCK_START = re.compile(r"^(?:([-+=])|(\d{1,9})([.)]))")
_NOTE_BLOCK_START = re.compile(
    r"""^(?:
        ([-+=|>\#])                        # list, setext, table, quote, heading
        | (\d{1,9})([.)])                  # ordered list
        | ([*_])(?=\s|$|(?:\s*[*_]){2,}\s*$)  # bullet or thematic break
        | (~{3,})                          # fence (backtick fences are escaped inline)
    )""",
    re.VERBOSE,
)
_NOTE_INLINE = re.compile(
    r"""
    `                        # a backtick outside a code span could pair with one lines away
    | <(?=[A-Za-z/!?])       # raw HTML, comments (and so our own markers), processing instr.
    | \[(?=\[)               # wiki link [[...]]
    | &(?=\#?\w+;)           # entity reference
    | (?<!\S)\^(?=[\w-]+\s*$)  # an Obsidian block id at a line's end would shadow ours
    """,
    re.VERBOSE,
)
_CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`)(.+?)(?<!`)\1(?!`)")
_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\u200b\u200e\u200f\u202a-\u202e]")


def _clean(text: object) -> str:
    """Text of a value, NFC, without controls or bidi overrides that could disguise content."""
    return _CONTROLS.sub("", unicodedata.normalize("NFC", "" if text is None else str(text)))


def _escape_inline(text: str) -> str:
    return _INLINE_META.sub(lambda m: "".join("\\" + c for c in m.group()), text)


def _escape_line(line: str) -> str:
    """One line of quoted text: inline escapes, then whatever could still open a block."""
    line = _escape_inline(line.strip())
    match = _BLOCK_START.match(line)
    if match is None:
        return line
    if match.group(1):
        return "\\" + line
    return match.group(2) + "\\" + line[len(match.group(2)) :]


def md_inline(text: object) -> str:
    """One line of literal text (a title, a tag): all white space runs become one space."""
    return _escape_line(" ".join(_LINE_BREAKS.sub(" ", _clean(text)).split()))


def _paragraphs(text: str) -> list[list[str]]:
    """Paragraphs (runs of non-blank lines), each a list of its stripped lines."""
    paras: list[list[str]] = [[]]
    for line in _LINE_BREAKS.sub("\n", text).split("\n"):
        if line.strip():
            paras[-1].append(line)
        elif paras[-1]:
            paras.append([])
    return [p for p in paras if p]


def blockquote(text: object) -> str:
    """A quote as a Markdown block quote: paragraphs kept, every line literal."""
    paras = _paragraphs(_clean(text))
    if not paras:
        return ">"
    return "\n>\n".join("\n".join("> " + _escape_line(line) for line in p) for p in paras)


def _escape_note_segment(text: str) -> str:
    return _NOTE_INLINE.sub(lambda m: "\\" + m.group(), text)


def _escape_note_line(line: str) -> str:
    line = line.strip()
    out: list[str] = []
    pos = 0
    for span in _CODE_SPAN.finditer(line):  # code spans render literally: no escapes inside
        out.append(_escape_note_segment(line[pos : span.start()]))
        out.append(span.group())
        pos = span.end()
    out.append(_escape_note_segment(line[pos:]))
    line = "".join(out)
    match = _NOTE_BLOCK_START.match(line)
    if match is None:
        return line
    if match.group(2):
        return match.group(2) + "\\" + line[len(match.group(2)) :]
    if match.group(5):
        return "\\~" * len(match.group(5)) + line[len(match.group(5)) :]
    return "\\" + line


def md_text(text: object) -> str:
    """A note (Markdown) whose inline formatting works but which cannot open or end a block."""
    return "\n\n".join(
        "\n".join(_escape_note_line(line) for line in p) for p in _paragraphs(_clean(text))
    )


# -- YAML -------------------------------------------------------------------------------------

_YAML_ESCAPES = {
    "\\": "\\\\",
    '"': '\\"',
    "\n": "\\n",
    "\t": "\\t",
    "\r": "\\r",
    "\0": "\\0",
}


def _yaml_char(c: str) -> str:
    if c in _YAML_ESCAPES:
        return _YAML_ESCAPES[c]
    code = ord(c)
    printable = (
        0x20 <= code <= 0x7E
        or 0xA0 <= code <= 0xD7FF
        or (0xE000 <= code <= 0xFFFD and code != 0xFEFF)
        or 0x10000 <= code <= 0x10FFFF
    )
    if printable and code not in (0x2028, 0x2029):
        return c
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def yaml_str(value: object) -> str:
    """A double-quoted YAML scalar (``null`` for None): no value can break the front matter."""
    if value is None:
        return "null"
    return '"' + "".join(_yaml_char(c) for c in unicodedata.normalize("NFC", str(value))) + '"'


def yaml_list(values: Iterable[object]) -> str:
    """A flow sequence of quoted scalars, e.g. ``["a", "b"]`` (``[]`` when empty)."""
    return "[" + ", ".join(yaml_str(v) for v in values) + "]"


FILTERS = {
    "md_inline": md_inline,
    "md_text": md_text,
    "blockquote": blockquote,
    "yaml_str": yaml_str,
    "yaml_list": yaml_list,
}
