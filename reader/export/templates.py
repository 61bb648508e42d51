"""Jinja2 templates for the Markdown export: the default one and the user's own.

Every template runs in a sandbox (a user's template is code from a file we did not write) with
`StrictUndefined`, so a misspelt variable is an error rather than a silent blank. Autoescaping is
off: Markdown is not HTML; the filters of `reader.export.escape` do the escaping instead.

Errors, whether syntax errors or failures while rendering, become `TemplateError` with the message
"template FILE line N: message": Jinja rewrites tracebacks so template frames carry the template's
file name and line, which is what we read back.
"""

from __future__ import annotations

import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from jinja2.sandbox import SandboxedEnvironment

from reader.assets import read_text
from reader.export.escape import FILTERS

DEFAULT_TEMPLATE = "article.md.j2"
MAX_TEMPLATE_BYTES = 1024 * 1024


class TemplateError(Exception):
    """A template that cannot be read, parsed or rendered; the message names file and line."""


@dataclass(frozen=True, slots=True)
class ArticleTemplate:
    """A compiled template and the name errors should mention."""

    name: str
    template: jinja2.Template

    def render(self, context: dict[str, Any]) -> str:
        try:
            return self.template.render(context)
        except TemplateError:
            raise
        except Exception as exc:  # anything the template does wrong, including sandbox refusals
            raise TemplateError(_describe(self.name, exc)) from exc


def _environment() -> SandboxedEnvironment:
    env = SandboxedEnvironment(
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


def _describe(name: str, exc: BaseException) -> str:
    if isinstance(exc, jinja2.TemplateNotFound):
        message = f"cannot include or extend {exc.name!r}: a template is a single file"
    else:
        message = getattr(exc, "message", None) or str(exc) or type(exc).__name__
    message = " ".join(str(message).split())  # one line, whatever the exception said
    line = _line_of(name, exc)
    where = f"template {name}" + (f" line {line}" if line else "")
    return f"{where}: {message}"


def compile_template(source: str, name: str) -> ArticleTemplate:
    """Compile template text; ``name`` is the file name that error messages and line numbers use.

    The loader knows this one template only: ``include``/``extends`` of anything else fail with a
    clear message instead of reading files.
    """
    env = _environment()
    env.loader = jinja2.FunctionLoader(
        lambda wanted: (source, name, lambda: True) if wanted == name else None
    )
    try:
        return ArticleTemplate(name, env.get_template(name))
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateError(_describe(name, exc)) from exc


def load_template(path: Path | None = None) -> ArticleTemplate:
    """The user's template at ``path``, or the default one when ``path`` is None."""
    if path is None:
        return compile_template(read_text("templates", DEFAULT_TEMPLATE), DEFAULT_TEMPLATE)
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
