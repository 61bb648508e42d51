"""Shared fixtures: a real library file in a temporary folder, the ../shared data when present.

Qt runs offscreen in every test so the suite needs no display; GUI tests are marked ``gui``.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SEED = SHARED / "seed" / "000_17cb2c6a1bcb8ff9.txt"
SEED_TITLE = "US-Ukraine Negotiators Agree To Return For Second Day After 5 Hours Of Talks"


@pytest.fixture
def shared_dir() -> Path:
    """The shared data folder next to the project; tests using it skip when it is absent."""
    if not SHARED.is_dir():
        pytest.skip("../shared is not present in this checkout")
    return SHARED


@pytest.fixture
def seed_file(shared_dir: Path) -> Path:
    if not SEED.is_file():
        pytest.skip("the seed article is not present")
    return SEED


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "library.db"


@pytest.fixture
def library(db_path: Path) -> Iterator[object]:
    from reader.store import open_library

    lib = open_library(db_path)
    yield lib
    lib.close()


@pytest.fixture(autouse=True)
def _isolated_environment(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Never touch the user's real library or settings from a test."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("MARGIN_DB", str(home / "default-library.db"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.delenv("MARGIN_MAX_FILE_MB", raising=False)
