"""Jinja2 templates for the Markdown export: the default one and the user's own.

Every template runs in a sandbox (a user's template is code from a file we did not write) with
`StrictUndefined`, so a misspelt variable is an error rather than a silent blank. Autoescaping is
off: Markdown is not HTML; the filters of `reader.export.escape` do the escaping instead.

Errors, whether syntax errors or failures while rendering, become `TemplateError` with the message
"template FILE line N: message": Jinja rewrites tracebacks so template frames carry the template's
file name and line, which is what we read back.

A user's template (a file, not Margin's default) renders in a child process with limits on time,
memory and output size (`reader.export.template_worker`): the sandbox keeps a template away from
Python's internals, but only a process can be stopped or capped. All articles of one export go to
one child, so the cost is one interpreter start per export.
"""

from __future__ import annotations

import pickle
import subprocess
import sys
import traceback
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from jinja2.exceptions import SecurityError
from jinja2.sandbox import SandboxedEnvironment

from reader.assets import read_text
from reader.export.escape import FILTERS

DEFAULT_TEMPLATE = "article.md.j2"
MAX_TEMPLATE_BYTES = 1024 * 1024
TIME_LIMIT_S = 20.0
"""Wall-clock time a user's template may take for one export, plus `TIME_PER_ARTICLE_S` each."""
TIME_PER_ARTICLE_S = 0.5


class TemplateError(Exception):
    """A template that cannot be read, parsed or rendered; the message names file and line."""


@dataclass(frozen=True, slots=True)
class ArticleTemplate:
    """A compiled template and the name errors should mention.

    ``isolated`` templates (the user's) render in a child process under limits (module
    docstring); ``source`` is what the child compiles again.
    """

    name: str
    template: jinja2.Template | None
    source: str = ""
    isolated: bool = False

    def render(self, context: dict[str, Any]) -> str:
        return self.render_many([context])[0]

    def render_many(self, contexts: Sequence[dict[str, Any]]) -> list[str]:
        """Every context rendered; the first failure raises `TemplateError` (nothing returned)."""
        if not contexts:
            return []
        if self.isolated:
            return _render_isolated(self, list(contexts))
        assert self.template is not None
        out = []
        for context in contexts:
            try:
                out.append(self.template.render(context))
            except TemplateError:
                raise
            except Exception as exc:  # anything the template does wrong, sandbox refusals too
                raise TemplateError(describe_error(self.name, exc)) from exc
        return out


def _render_isolated(template: ArticleTemplate, contexts: list[dict[str, Any]]) -> list[str]:
    import json

    limit = TIME_LIMIT_S + TIME_PER_ARTICLE_S * len(contexts)
    payload = pickle.dumps((template.source, template.name, contexts))
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "reader.export.template_worker"],
            input=payload,
            capture_output=True,
            timeout=limit,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise TemplateError(
            f"template {template.name}: stopped after {limit:.0f} s (too much work: a loop "
            "too large?); nothing was written"
        ) from exc
    except OSError as exc:
        raise TemplateError(f"template {template.name}: cannot run it: {exc}") from exc
    try:
        answers = json.loads(proc.stdout.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        answers = None
    if proc.returncode != 0 or not isinstance(answers, list) or len(answers) != len(contexts):
        raise TemplateError(
            f"template {template.name}: stopped (it needed more memory or CPU time than an "
            "export may use); nothing was written"
        )
    out = []
    for answer in answers:
        if not isinstance(answer, dict) or not isinstance(answer.get("text"), str):
            error = answer.get("error") if isinstance(answer, dict) else None
            raise TemplateError(str(error or f"template {template.name}: failed"))
        out.append(answer["text"])
    return out


MAX_PRODUCT = 10 * 1024 * 1024
"""Longest string or list ``*`` may build, and (in bits) the largest number ``**`` may."""


class _BoundedSandbox(SandboxedEnvironment):
    """The sandbox, with ``*`` and ``**`` checked before they run (and so never folded into a
    constant while compiling): ``'x' * 10**10`` is an error, not 10 GB."""

    intercepted_binops = frozenset({"*", "**"})

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        seq, n = (right, left) if isinstance(left, int) else (left, right)
        if (
            operator == "*"
            and isinstance(seq, str | list | tuple)
            and isinstance(n, int)
            and len(seq) * n > MAX_PRODUCT
        ):
            raise SecurityError("the result of * would be too large")
        if (
            operator == "**"
            and isinstance(left, int)
            and isinstance(right, int)
            and abs(left) > 1
            and left.bit_length() * right > MAX_PRODUCT
        ):
            raise SecurityError("the result of ** would be too large")
        return super().call_binop(context, operator, left, right)


def _environment() -> SandboxedEnvironment:
    env = _BoundedSandbox(
        autoescape=False,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        newline_sequence="\n",
    )
    env.filters.update(FILTERS)
    return env


def _line_of(name: str, exc: BaseException) -> int | None:
    lineno = getattr(exc, "lineno", None)
    if isinstance(lineno, int):
        return lineno
    line = None
    for frame in traceback.extract_tb(exc.__traceback__):
        if frame.filename == name:
            line = frame.lineno
    return line


def describe_error(name: str, exc: BaseException) -> str:
    if isinstance(exc, jinja2.TemplateNotFound):
        message = f"cannot include or extend {exc.name!r}: a template is a single file"
    else:
        message = getattr(exc, "message", None) or str(exc) or type(exc).__name__
    message = " ".join(str(message).split())  # one line, whatever the exception said
    line = _line_of(name, exc)
    where = f"template {name}" + (f" line {line}" if line else "")
    return f"{where}: {message}"


def compile_template(source: str, name: str, *, isolated: bool = True) -> ArticleTemplate:
    """Compile template text; ``name`` is the file name that error messages and line numbers use.

    ``isolated`` (every template but Margin's own): only parse it here, for its syntax errors,
    and compile and render it in the child process. Compiling is not harmless: Jinja folds
    constant expressions while compiling, so ``{{ 'x' | center(10000000000) }}`` would build
    its 10 GB string right here.

    The loader knows this one template only: ``include``/``extends`` of anything else fail with a
    clear message instead of reading files.
    """
    env = _environment()
    env.loader = jinja2.FunctionLoader(
        lambda wanted: (source, name, lambda: True) if wanted == name else None
    )
    try:
        if isolated:
            env.parse(source, name, name)
            return ArticleTemplate(name, None, source, isolated=True)
        return ArticleTemplate(name, env.get_template(name), source)
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateError(describe_error(name, exc)) from exc
    except (RecursionError, MemoryError) as exc:
        raise TemplateError(f"template {name}: too deeply nested to read") from exc


def load_template(path: Path | None = None) -> ArticleTemplate:
    """The user's template at ``path``, or the default one when ``path`` is None."""
    if path is None:
        source = read_text("templates", DEFAULT_TEMPLATE)
        return compile_template(source, DEFAULT_TEMPLATE, isolated=False)
    try:
        if path.stat().st_size > MAX_TEMPLATE_BYTES:
            raise TemplateError(f"template {path}: larger than 1 MB; is this the right file?")
        source = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise TemplateError(f"template {path}: file not found") from exc
    except UnicodeDecodeError as exc:
        raise TemplateError(f"template {path}: not UTF-8 text") from exc
    except OSError as exc:
        raise TemplateError(f"template {path}: cannot read: {exc.strerror or exc}") from exc
    return compile_template(source, str(path))
