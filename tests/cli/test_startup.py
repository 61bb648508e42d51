"""Each command imports only what it uses: start-up time is mostly imports (issue 11).

``margin --version`` must cost little more than Python's own start-up, and a command that never
cleans a file must not load the cleaners, a command that never writes Markdown must not load
Jinja2, a library that is up to date must not load Alembic, and so on. Measuring time in a test
would be flaky; the list of modules a command leaves in ``sys.modules`` is not.

All cases run in one child process that forks once per command, so the suite pays for one
interpreter start, not twenty: commands that may not load SQLAlchemy fork from a fresh
interpreter; then the store services are imported once and the commands that open the library
fork from there (SQLAlchemy is allowed for them, and every other heavy package is still checked).
One more case runs the real ``python -X importtime -m reader --version`` as a user would.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.cli.test_cli_library import DUMP, HTML_UTF8, MARKDOWN

# Third-party packages that cost a lot to import, by top-level name.
HEAVY = frozenset(
    {
        "sqlalchemy",
        "alembic",
        "trafilatura",
        "readability",
        "bleach",
        "html5lib",
        "jinja2",
        "markdown_it",
        "numpy",
        "rapidfuzz",
        "lxml",
        "charset_normalizer",
        "PySide6",
        "pypdfium2",
    }
)
DB = {"sqlalchemy"}
# What each command may load, beyond the standard library and `reader` itself.
CASES: dict[str, tuple[list[str], set[str]]] = {
    "version": (["--version"], set()),
    "help": (["--help"], set()),
    "command help": (["list", "--help"], set()),
    "list": (["list"], DB),
    "list json": (["list", "--json"], DB),
    "info": (["info"], DB),
    "show": (["show", "1"], DB),
    "show markdown": (["show", "1", "--format", "markdown"], DB),
    "show html": (["show", "1", "--format", "html"], DB),
    "search": (["search", "train"], DB),
    "highlights": (["highlights", "1"], DB),
    "annotate": (["annotate", "1", "--quote", "Sleeper trains"], DB),
    "note": (["note", "1", "a note"], DB),
    "tag": (["tag", "1", "travel"], DB),
    "export json": (["export", "--all", "--format", "json", "--stdout"], DB),
    "export markdown": (["export", "--all", "--stdout"], DB | {"jinja2"}),
    "import unchanged": (["import", "{dump}"], DB),
    "import unchanged folder": (["import", "{folder}"], DB),
    "import text dump": (["import", "{new_dump}"], DB | {"numpy", "bleach", "html5lib"}),
    "clean text dump": (["clean", "{dump}"], {"numpy", "bleach", "html5lib"}),
    "clean markdown": (["clean", "{md}"], {"markdown_it", "lxml", "bleach", "html5lib"}),
    "remove": (["remove", "2"], DB),
}

CHILD = textwrap.dedent(
    """
    import io, json, os, sys
    from reader.cli.main import main

    cases, db_cases = json.loads(sys.argv[1]), set(json.loads(sys.argv[2]))
    results = {}
    order = [n for n in cases if n not in db_cases] + [n for n in cases if n in db_cases]
    for name in order:
        argv = cases[name]
        if name in db_cases and "reader.store.library" not in sys.modules:
            import reader.store.annotations, reader.store.library, reader.store.search
        r, w = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(r)
            sys.stdout = sys.stderr = io.StringIO()
            try:
                code = main(argv)
            except SystemExit as exc:
                code = exc.code
            except BaseException as exc:
                code = repr(exc)
            out = json.dumps({"code": code, "modules": sorted(sys.modules)})
            os.write(w, out.encode())
            os._exit(0)
        os.close(w)
        data = b""
        while chunk := os.read(r, 1 << 16):
            data += chunk
        os.close(r)
        os.waitpid(pid, 0)
        results[name] = json.loads(data)
    print(json.dumps(results))
    """
)


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, object]]:
    """Per case: the command's exit status and the modules it left loaded."""
    from reader.store import open_library
    from reader.store.library import import_file

    root = tmp_path_factory.mktemp("startup")
    folder = root / "articles"
    folder.mkdir()
    dump, second = folder / "night-trains.txt", folder / "second.txt"
    dump.write_text(DUMP, encoding="utf-8")
    second.write_text(DUMP.replace("Night Train", "Night Bus"), encoding="utf-8")
    new_dump = root / "new.txt"
    new_dump.write_text(DUMP.replace("Night Train", "Night Ferry"), encoding="utf-8")
    md = root / "garden.md"
    md.write_text(MARKDOWN, encoding="utf-8")
    (root / "page.html").write_text(HTML_UTF8, encoding="utf-8")
    db = root / "library.db"
    with open_library(db) as library:
        for path in (dump, second):
            assert import_file(library, path).status == "imported"
    places = {"dump": dump, "folder": folder, "new_dump": new_dump, "md": md}
    argvs = {
        name: ["--db", str(db), *(a.format(**places) for a in argv)]
        for name, (argv, _) in CASES.items()
    }
    db_cases = [name for name, (_, allowed) in CASES.items() if "sqlalchemy" in allowed]
    proc = subprocess.run(
        [sys.executable, "-c", CHILD, json.dumps(argvs), json.dumps(db_cases)],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=root,
    )
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def _heavy(modules: list[str]) -> set[str]:
    return {m.split(".")[0] for m in modules} & HEAVY


@pytest.mark.parametrize("case", list(CASES))
def test_command_imports_only_what_it_uses(case: str, loaded: dict[str, dict[str, object]]) -> None:
    result = loaded[case]
    assert result["code"] in (0, None), result
    modules: list[str] = result["modules"]  # type: ignore[assignment]
    unexpected = _heavy(modules) - CASES[case][1]
    assert not unexpected, f"margin {' '.join(CASES[case][0])} imported {sorted(unexpected)}"
    assert "PySide6" not in {m.split(".")[0] for m in modules}


def test_an_up_to_date_library_is_opened_without_alembic(
    loaded: dict[str, dict[str, object]],
) -> None:
    # Guard against a vacuous pass: the cases that open the library did load SQLAlchemy...
    assert "sqlalchemy" in _heavy(loaded["list"]["modules"])  # type: ignore[arg-type]
    # ...and none of them loaded Alembic (it is imported only to run a migration).
    assert all("alembic" not in _heavy(r["modules"]) for r in loaded.values())  # type: ignore[arg-type]


def test_a_new_library_is_created_by_alembic(tmp_path: Path) -> None:
    # `import` creates the library (commands that only read never do).
    (tmp_path / "a.md").write_text(MARKDOWN, encoding="utf-8")
    code = (
        "import sys; from reader.cli.main import main;"
        "main(['--db', sys.argv[1], 'import', sys.argv[2]]);"
        "print('alembic' in sys.modules, file=sys.stderr)"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path / "new.db"), str(tmp_path / "a.md")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr.strip().splitlines()[-1] == "True"


def test_version_under_importtime_loads_nothing_heavy() -> None:
    """As the issue measured it: ``python -X importtime -m reader --version``."""
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "reader", "--version"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    imported = [
        line.split("|")[-1].strip()
        for line in proc.stderr.splitlines()
        if line.startswith("import time:") and "|" in line
    ]
    assert proc.stdout.startswith("margin ")
    assert "reader" in imported
    assert not _heavy(imported), sorted(_heavy(imported))
    # Answered before the parser and the command modules load (reader/cli/__init__.py).
    assert "argparse" not in imported
    assert "reader.cli.main" not in imported
