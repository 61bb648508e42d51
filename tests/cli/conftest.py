"""Run ``margin`` as a user would: a real child process on real files and a real library."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

Margin = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture
def margin(db_path: Path) -> Margin:
    def run(
        *args: str | Path, check: bool | None = None, db: bool = True
    ) -> subprocess.CompletedProcess[str]:
        cmd = [
            sys.executable,
            "-m",
            "reader",
            *(["--db", str(db_path)] if db else []),
            *map(str, args),
        ]
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
        if check is True:
            assert proc.returncode == 0, proc.stderr
        return proc

    return run


def as_json(proc: subprocess.CompletedProcess[str]) -> Any:
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)
