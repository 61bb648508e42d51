"""The ``margin`` command: a thin layer over the services, one small module per group of commands.

``margin`` with no command, or with files instead of a command, starts the window; every other word
is a command handled here without importing Qt.
"""

from reader.cli.main import main

__all__ = ["main"]
