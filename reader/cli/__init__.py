"""The ``margin`` command: a thin layer over the services, one small module per group of commands.

``margin`` with no command, or with files instead of a command, starts the window; every other word
is a command handled here without importing Qt.

``margin --version`` is answered here, before argparse and the command modules load: it is the
start-up figure of issue 11 (at most 3x ``python -c pass``), and it needs nothing else.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

__all__ = ["main"]


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args == ["--version"]:
        from reader import __version__

        print(f"margin {__version__}")
        return 0
    from reader.cli.main import main as run

    return run(args)
