"""A real, non-editable install: the wheel carries ``resources/`` and the app runs from it.

Builds the wheel from this checkout, installs it with pip into a fresh virtual environment (its
dependencies are borrowed from the test environment through a ``.pth`` file, so nothing is
downloaded), and runs ``margin`` from a folder outside the checkout.
"""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.slow


def run(*cmd: str | Path, cwd: Path | None = None, env: dict[str, str] | None = None) -> str:
    proc = subprocess.run(
        [str(c) for c in cmd], capture_output=True, text=True, cwd=cwd, env=env, timeout=600
    )
    assert proc.returncode == 0, f"{cmd}\n{proc.stdout}\n{proc.stderr}"
    return proc.stdout


def test_wheel_installs_with_resources_and_runs(tmp_path: Path) -> None:
    wheels = tmp_path / "wheels"
    run(
        sys.executable,
        "-m",
        "pip",
        "wheel",
        "--no-deps",
        "--no-build-isolation",
        "-q",
        "-w",
        wheels,
        ROOT,
    )
    (wheel,) = wheels.glob("margin_reader-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "reader/resources/templates/article.md.j2" in names
    assert any(n.startswith("reader/resources/styles/") for n in names)
    assert "reader/store/migrations/versions/0001_initial.py" in names
    assert not any(n.startswith(("tests/", "resources/")) for n in names)

    venv = tmp_path / "venv"
    run(sys.executable, "-m", "venv", venv)
    py = venv / "bin" / "python"
    run(py, "-m", "pip", "install", "-q", "--no-deps", "--no-index", wheel)
    site = Path(run(py, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])").strip())
    (site / "zz_borrowed_deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    where = run(
        py,
        "-c",
        "import reader, reader.assets as a; print(reader.__file__);"
        " print(a.resource('templates', 'article.md.j2').is_file())",
        cwd=elsewhere,
        env=env,
    )
    location, found = where.split()
    assert Path(location).is_relative_to(venv)
    assert found == "True"

    article = elsewhere / "note.md"
    article.write_text("# Packaged\n\nIt works from the wheel.\n", encoding="utf-8")
    margin = venv / "bin" / "margin"
    assert run(margin, "--version", cwd=elsewhere, env=env).startswith("margin ")
    db = elsewhere / "lib.db"
    assert run(margin, "--db", db, "import", article, cwd=elsewhere, env=env).startswith("imported")
    assert "Packaged" in run(margin, "--db", db, "list", cwd=elsewhere, env=env)
