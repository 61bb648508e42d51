"""The child process that runs a user's export template, under limits the parent cannot enforce.

A template is code from a file Margin did not write. Jinja's sandbox stops it from reaching
Python's internals, but not from working forever or filling memory: ``{{ 'x' * 10**10 }}`` grew to
19 GB, and two nested ``range(100000)`` loops never ended. Threads cannot be stopped in Python,
and a memory limit applies to a whole process, so the template runs here: the parent
(`reader.export.templates`) starts ``python -m reader.export.template_worker``, sends the
template and the articles' contexts (pickled) on standard input, and waits with a timeout. This
process caps its own address space and CPU time, renders each article through Jinja's streaming
interface so that output over `MAX_OUTPUT_CHARS` stops it early, and answers in JSON: one
``{"text": ...}`` or ``{"error": ...}`` per article. Its answer is data, never unpickled.
"""

from __future__ import annotations

import json
import pickle
import sys
from typing import Any

MAX_OUTPUT_CHARS = 20 * 1024 * 1024
"""Per article: far above any real export (10,000 highlights make about 2 MB)."""
MEMORY_BYTES = 1024 * 1024 * 1024
CPU_SECONDS = 60


def _limit_resources() -> None:
    try:
        import resource
    except ImportError:  # not on Windows: the parent's timeout still applies
        return
    for which, value in ((resource.RLIMIT_AS, MEMORY_BYTES), (resource.RLIMIT_CPU, CPU_SECONDS)):
        try:
            _soft, hard = resource.getrlimit(which)
            if hard != resource.RLIM_INFINITY:
                value = min(value, hard)
            resource.setrlimit(which, (value, hard))
        except (ValueError, OSError):
            pass


def _render(template: Any, name: str, context: dict[str, Any]) -> dict[str, str]:
    from reader.export.templates import TemplateError, describe_error

    size = 0
    parts: list[str] = []
    try:
        for chunk in template.generate(context):
            size += len(chunk)
            if size > MAX_OUTPUT_CHARS:
                return {
                    "error": f"template {name}: its output for one article is larger than "
                    f"{MAX_OUTPUT_CHARS // (1024 * 1024)} MB"
                }
            parts.append(chunk)
    except MemoryError:
        return {"error": f"template {name}: it needs more than {MEMORY_BYTES >> 20} MB of memory"}
    except TemplateError as exc:
        return {"error": str(exc)}
    except Exception as exc:  # anything the template does wrong, sandbox refusals included
        return {"error": describe_error(name, exc)}
    return {"text": "".join(parts)}


def main() -> int:
    _limit_resources()
    source, name, contexts = pickle.loads(sys.stdin.buffer.read())
    from reader.export.templates import compile_template

    try:  # compiling folds constant expressions: it is under the limits too
        compiled = compile_template(source, name, isolated=False)
    except MemoryError:
        answers = [{"error": f"template {name}: it needs more than {MEMORY_BYTES >> 20} MB"}]
        sys.stdout.write(json.dumps(answers * len(contexts)))
        return 0
    except Exception as exc:
        answers = [{"error": str(exc)}]
        sys.stdout.write(json.dumps(answers * len(contexts)))
        return 0
    answers = [_render(compiled.template, name, context) for context in contexts]
    sys.stdout.write(json.dumps(answers, ensure_ascii=True))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
