"""Regression test for the PySide6 pin (``PySide6-Essentials>=6.11,<6.12`` in pyproject.toml).

PySide6 6.12.0 on Python 3.11 drops a reference to ``None`` on every call of a Qt method that
returns nothing; after about 5,000 such calls the interpreter aborts with
``Fatal Python error: none_dealloc``. The loop runs in a child process so that an abort shows up as
a failed test rather than killing the test run.
"""

from __future__ import annotations

import subprocess
import sys

LOOP = """
from PySide6.QtCore import QObject
o = QObject()
for _ in range(20000):
    o.setObjectName("x")
print("survived")
"""


def test_many_void_qt_calls_do_not_abort() -> None:
    proc = subprocess.run([sys.executable, "-c", LOOP], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stdout.strip() == "survived"
