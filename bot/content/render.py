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
from jinja2.exceptions import SecurityError
from jinja2.sandbox import ImmutableSandboxedEnvironment

_MAX_REPEAT = 1000


class ContentEnvironment(ImmutableSandboxedEnvironment):
    """The sandbox, plus no arithmetic that can eat the CPU or memory:
    `**` is refused and `*` may not build long strings or lists. (Intercepted
    operators are also never folded at compile time.)"""

    intercepted_binops = frozenset(["**", "*"])

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "**":
            raise SecurityError("templates may not use **")
        if isinstance(left, (str, list, tuple)) or isinstance(right, (str, list, tuple)):
            times = right if isinstance(left, (str, list, tuple)) else left
            if not isinstance(times, int) or times > _MAX_REPEAT:
                raise SecurityError("templates may not repeat text that many times")
        return super().call_binop(context, operator, left, right)


_ENV = ContentEnvironment(
    undefined=StrictUndefined,
    autoescape=False,
    keep_trailing_newline=False,
)


@lru_cache(maxsize=4096)
def compile_template(source: str) -> Template:
    """Parse a template once (raises `jinja2.TemplateSyntaxError`)."""
    return _ENV.from_string(source)


def lex(source: str) -> list[tuple[int, str, str]]:
    """Jinja's own tokens of a template: (line, kind, value)."""
    return list(_ENV.lex(source))


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
