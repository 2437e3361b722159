"""Render the comms team's Jinja2 templates safely.

Templates run in Jinja2's `ImmutableSandboxedEnvironment` (no attribute
tricks such as `''.__class__`, no mutating the context) with
`StrictUndefined` (a misspelt variable or channel id is an error, not a
silent gap). Output is plain text: each channel escapes it for its own
format (the web widget renders text, never HTML).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any, Mapping

from jinja2 import StrictUndefined, Template
from jinja2.sandbox import ImmutableSandboxedEnvironment

_ENV = ImmutableSandboxedEnvironment(
    undefined=StrictUndefined,
    autoescape=False,
    keep_trailing_newline=False,
)


@lru_cache(maxsize=4096)
def compile_template(source: str) -> Template:
    """Parse a template once (raises `jinja2.TemplateSyntaxError`)."""
    return _ENV.from_string(source)


def render(source: str, context: Mapping[str, Any]) -> str:
    """Render one template; raises on syntax errors, undefined names or sandbox breaches."""
    text = compile_template(source).render(**context)
    lines = [line.rstrip() for line in text.strip().splitlines()]
    # Collapse runs of blank lines that optional blocks leave behind.
    tidy: list[str] = []
    for line in lines:
        if not line and tidy and not tidy[-1]:
            continue
        tidy.append(line)
    return "\n".join(tidy)
