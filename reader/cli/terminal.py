"""Everything ``margin`` prints passes through here, so text from files cannot drive the terminal.

Titles, paths, quotes and notes come from files that anyone may have written: a file name with
``ESC [31m`` once turned ``margin list`` red, and a right-to-left override can make a line read
backwards. While a command runs, standard output and error are wrapped so that every control
character except newline, tab and carriage return, the bidirectional overrides, and lone
surrogates (undecodable bytes of file names) come out as ``\\uXXXX``: visible, still valid inside
JSON strings, and never a terminal command. Fields that must stay on one line also go through
`reader.display.one_line`.
"""

from __future__ import annotations

import io
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from typing import TextIO

UNSAFE = re.compile(
    r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
    r"\ud800-\udfff]"
)


def _escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def make_safe(text: str) -> str:
    return UNSAFE.sub(_escape, text)


class SafeStream(io.TextIOBase):
    """A text stream that writes through to ``raw`` with unsafe characters made visible."""

    def __init__(self, raw: TextIO) -> None:
        super().__init__()
        self.raw = raw

    def write(self, text: str) -> int:
        safe = make_safe(text)
        try:
            self.raw.write(safe)
        except UnicodeEncodeError:  # a terminal that cannot show some character at all
            encoding = getattr(self.raw, "encoding", None) or "ascii"
            self.raw.write(safe.encode(encoding, "backslashreplace").decode(encoding))
        return len(text)

    def flush(self) -> None:
        self.raw.flush()

    def isatty(self) -> bool:
        return self.raw.isatty()

    def fileno(self) -> int:
        return self.raw.fileno()

    def writable(self) -> bool:
        return True

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return getattr(self.raw, "encoding", None) or "utf-8"


@contextmanager
def safe_output() -> Iterator[None]:
    """Wrap ``sys.stdout`` and ``sys.stderr`` for the duration of one command."""
    out, err = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = SafeStream(out), SafeStream(err)
    try:
        yield
    finally:
        for stream in (sys.stdout, sys.stderr):
            with suppress(OSError, ValueError):
                stream.flush()
        sys.stdout, sys.stderr = out, err
