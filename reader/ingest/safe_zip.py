"""Reading members of an untrusted zip archive (an EPUB) without being fooled or flooded.

Nothing is ever extracted to disk; members are read into memory by name. Still, a hostile or
broken archive is refused outright, with the reason, rather than half read:

* too many members (`MAX_ENTRIES`): a listing that large is not a book;
* member names that are absolute, climb out with ``..``, use backslashes or drive letters
  (a "path trick" that would matter to any tool extracting the file);
* encrypted members (a password or DRM), which cannot be read;
* zip bombs: every read is bounded as it streams, against the member's declared size, a
  compression ratio no real text reaches (`MAX_RATIO`) and a total for the whole book
  (`MAX_TOTAL_BYTES`); the declared sizes are checked up front too, and never trusted alone.
"""

from __future__ import annotations

import io
import re
import zipfile

from reader.ingest.sniff import IngestError

MAX_ENTRIES = 10_000
MAX_TOTAL_BYTES = 256 * 1024 * 1024  # uncompressed text read from one book, all members together
MAX_MEMBER_BYTES = 64 * 1024 * 1024  # one chapter file
MAX_RATIO = 200  # uncompressed/compressed; text compresses 3-10x, a bomb 1000x
RATIO_MIN_BYTES = 1024 * 1024  # small members may compress further (repeated markup)
_CHUNK = 256 * 1024
_DRIVE_RE = re.compile(r"^[A-Za-z]:")


def _human(n: int) -> str:
    return f"{n / (1024 * 1024):.0f} MB"


class SafeZip:
    """A zip archive opened for reading members by name, with the checks above."""

    def __init__(self, data: bytes, what: str = "EPUB") -> None:
        self.what = what
        try:
            self._zip = zipfile.ZipFile(io.BytesIO(data))
            infos = self._zip.infolist()
        except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError) as exc:
            raise IngestError(f"damaged {what}: not a readable zip archive") from exc
        if len(infos) > MAX_ENTRIES:
            raise IngestError(
                f"{what} has {len(infos):,} files inside; over the {MAX_ENTRIES:,} limit"
            )
        self._infos: dict[str, zipfile.ZipInfo] = {}
        declared = 0
        for info in infos:
            name = info.filename
            if _unsafe(name):
                raise IngestError(f"{what} holds a file with an unsafe path: {name[:80]!r}")
            if info.file_size >= RATIO_MIN_BYTES and info.file_size > MAX_RATIO * max(
                info.compress_size, 1
            ):
                raise IngestError(
                    f"{what} file {name[:80]!r} is compressed "
                    f"{info.file_size // max(info.compress_size, 1)}x: a zip bomb?"
                )
            declared += info.file_size
            self._infos.setdefault(name, info)
        if declared > 4 * MAX_TOTAL_BYTES:
            raise IngestError(
                f"{what} would unpack to {_human(declared)}; over the "
                f"{_human(4 * MAX_TOTAL_BYTES)} limit (a zip bomb?)"
            )
        self.read_bytes = 0

    def names(self) -> list[str]:
        return list(self._infos)

    def has(self, name: str) -> bool:
        return name in self._infos

    def read(self, name: str) -> bytes:
        """A member's bytes, streamed under every limit; `IngestError` names the problem."""
        info = self._infos.get(name)
        if info is None:
            raise IngestError(f"{self.what} is missing {name[:80]!r}")
        if info.flag_bits & 0x1:
            raise IngestError(f"{self.what} is encrypted (password or DRM); Margin cannot read it")
        if info.file_size > MAX_MEMBER_BYTES:
            raise IngestError(
                f"{self.what} file {name[:80]!r} unpacks to over {_human(MAX_MEMBER_BYTES)}"
            )
        limit = info.file_size
        out = bytearray()
        try:
            with self._zip.open(info) as fh:
                while chunk := fh.read(_CHUNK):
                    out += chunk
                    self.read_bytes += len(chunk)
                    if len(out) > limit:
                        raise IngestError(
                            f"{self.what} file {name[:80]!r} unpacks to more than it declares"
                        )
                    if self.read_bytes > MAX_TOTAL_BYTES:
                        raise IngestError(
                            f"{self.what} unpacks to over {_human(MAX_TOTAL_BYTES)} of text"
                        )
        except (zipfile.BadZipFile, EOFError, OSError, ValueError, NotImplementedError) as exc:
            raise IngestError(f"damaged {self.what}: {name[:80]!r} cannot be unpacked") from exc
        return bytes(out)


def _unsafe(name: str) -> bool:
    """Absolute paths, parent-directory steps, backslashes and drive letters."""
    if not name or name.startswith("/") or "\\" in name or "\x00" in name or _DRIVE_RE.match(name):
        return True
    return any(part == ".." for part in name.split("/"))
