"""Access to the files under ``resources/`` (templates, styles, icons, screenshots).

In a wheel they live inside the package as ``reader/resources`` (hatchling force-includes the
top-level folder there); in a source checkout or editable install they are the top-level
``resources/`` next to ``reader/``. Callers never need to know which.
"""

from __future__ import annotations

from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path


def resources_root() -> Traversable:
    packaged = resources.files("reader") / "resources"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / "resources"


def resource(*parts: str) -> Traversable:
    node = resources_root()
    for part in parts:
        node = node / part
    return node


def read_text(*parts: str) -> str:
    return resource(*parts).read_text(encoding="utf-8")
