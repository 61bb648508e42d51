"""House rules that code review would otherwise have to catch: layering, docstrings, lint."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

PACKAGE = ROOT / "reader"
MODULES = sorted(p for p in PACKAGE.rglob("*.py") if "migrations/versions" not in p.as_posix())


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_core_never_imports_qt(path: Path) -> None:
    if PACKAGE / "ui" in path.parents:
        return
    assert not any(n.split(".")[0] == "PySide6" for n in _imports(path))


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_module_says_why_it_exists(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    doc = ast.get_docstring(tree)
    assert doc, "module docstring missing"
    assert len(doc) > 20, "module docstring too short to say why"


def test_core_imports_without_qt_installed() -> None:
    """Importing every core module pulls in no Qt module at all."""
    core = [
        ".".join(p.relative_to(ROOT).with_suffix("").parts)
        for p in MODULES
        if PACKAGE / "ui" not in p.parents
        and p.name != "__main__.py"
        and "migrations" not in p.parts
        and "train" not in p.stem
    ]
    code = (
        "import importlib, sys\n"
        f"for m in {core!r}: importlib.import_module(m)\n"
        "print(sorted(k for k in sys.modules if k.startswith('PySide6')))"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "[]"


@pytest.mark.skipif(
    shutil.which("ruff") is None and not (Path(sys.executable).parent / "ruff").exists(),
    reason="ruff not installed",
)
def test_ruff_lint_and_format_are_clean() -> None:
    ruff = (
        str(Path(sys.executable).parent / "ruff")
        if (Path(sys.executable).parent / "ruff").exists()
        else "ruff"
    )
    lint = subprocess.run(
        [ruff, "check", "--quiet", "reader", "tests"], capture_output=True, text=True, cwd=ROOT
    )
    assert lint.returncode == 0, lint.stdout + lint.stderr
    fmt = subprocess.run(
        [ruff, "format", "--check", "--quiet", "reader", "tests"],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert fmt.returncode == 0, fmt.stdout + fmt.stderr
