"""Typer's conversion of option values, without pydantic for the plain cases.

Typer 0.29 converts every option's value with a pydantic `TypeAdapter` built when the command
runs, even an option left at its default: building the first one imports pydantic's schema
machinery and its plugin loader (`importlib.metadata`), about 60 ms of CPU, more than `status`
takes on a cached plan. Most options here are text, a choice from an enum, or a list of either,
and typer's adapters for those only wrap plain functions: an adapter's value is the function's.

`install()` makes typer call those same functions directly: a value left out (None) is never
converted (typer's own adapter is built only for a value given); a text is kept as it is; a choice goes through typer's own `coerce_cli_choice`; a
list, item by item. Anything else (paths, numbers, a custom parser), and any value the plain
conversion refuses, goes to typer's own adapter, so every message about a bad value is typer's,
word for word; but for a choice, where typer's adapter says "Value error, 'x' is not one of 'a',
'b'." (pydantic's words), click's own "Invalid value" names the choices plainly and the closest
one. When typer's internals are not the ones this was written against, nothing is changed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from typing import Any

_Convert = Callable[[Any, Any], Any]  # (value, click context) -> value; raises when refused


def install() -> None:
    """Route typer's option conversion through `_runtime_param` (once; a no-op if typer moved)."""
    try:
        from typer import _coercion, _param_types, core
        from typer._click.exceptions import BadParameter
    except ImportError:  # pragma: no cover - a typer without these modules: leave it alone
        return
    parameter = getattr(core, "_TyperParameter", None)
    needed = (
        getattr(_coercion, "RuntimeParam", None),
        getattr(_coercion, "build_runtime_param", None),
        getattr(_param_types, "coerce_cli_choice", None),
        getattr(parameter, "get_runtime_param", None),
    )
    if parameter is None or any(x is None for x in needed):  # pragma: no cover
        return
    if getattr(parameter.get_runtime_param, "_plain", False):
        return

    base: Any = _coercion.RuntimeParam
    bad_parameter: Any = BadParameter
    build: Any = _coercion.build_runtime_param
    coerce_choice: Any = _param_types.coerce_cli_choice

    @dataclass(frozen=True)
    class PlainRuntimeParam(base):  # type: ignore[misc]
        """Converts with a plain function; what it refuses goes to typer's adapter."""

        descriptor: Any = None
        convert: Any = None

        def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
            if self.convert is not None:
                try:
                    return self.convert(value, ctx)
                except bad_parameter:
                    raise
                except Exception:
                    pass
            typer_own = build(self.descriptor)
            param._runtime_param = typer_own  # this parameter converts typer's way from now on
            return typer_own._coerce_value(value, param=param, ctx=ctx)

    def leaf(annotation: Any, info: Any) -> _Convert | None:
        if annotation is str:
            return _text
        if isinstance(annotation, type) and issubclass(annotation, Enum):
            choices = list(annotation)
            sensitive = info.case_sensitive

            def choice(value: Any, ctx: Any) -> Any:
                try:
                    return coerce_choice(value, choices=choices, case_sensitive=sensitive, ctx=ctx)
                except ValueError:
                    if not isinstance(value, str):
                        raise
                    raise refused(value, [c.value for c in choices]) from None

            return choice
        return None

    def plain(descriptor: Any) -> _Convert | None:
        info = descriptor.parameter_info
        if descriptor.file_annotation is not None or getattr(info, "parser", None) is not None:
            return None
        annotation = descriptor.annotation
        if getattr(annotation, "__origin__", None) is list:
            arguments: tuple[Any, ...] = getattr(annotation, "__args__", ())
            item = leaf(arguments[0], info) if len(arguments) == 1 else None
            if item is None:
                return None

            def each(value: Any, ctx: Any) -> list[Any]:
                items = value if isinstance(value, (list, tuple)) else [value]
                return [item(x, ctx) for x in items]

            return each
        return leaf(annotation, info)

    def get_runtime_param(self: Any) -> Any:
        # Typer's RuntimeParam.coerce returns a value left out (None) as it is (or () for a
        # list) before converting anything: only a value given reaches `_coerce_value`.
        if self._runtime_param is None:
            descriptor = self.type_descriptor
            self._runtime_param = PlainRuntimeParam(
                parameter_info=descriptor.parameter_info,
                annotation=descriptor.annotation,
                descriptor=descriptor,
                convert=plain(descriptor),
            )
        return self._runtime_param

    get_runtime_param._plain = True  # type: ignore[attr-defined]
    TYPER_OWN.append(parameter.get_runtime_param)
    parameter.get_runtime_param = get_runtime_param


# Typer's own `get_runtime_param`, once replaced (the tests compare the two).
TYPER_OWN: list[Any] = []


def refused(value: str, choices: list[str]) -> Exception:
    """The error for a value that is none of an option's `choices`: click's BadParameter (which
    names the option), saying the choices plainly and the closest one, instead of typer's
    "Value error, 'x' is not one of 'a', 'b'." from pydantic."""
    from typer._click.exceptions import BadParameter

    from ..errors import did_you_mean, visible

    listed = ", ".join(choices)
    return BadParameter(f"'{visible(value)}' is not one of {listed}{did_you_mean(value, choices)}")


def _text(value: Any, ctx: Any) -> str:
    if type(value) is not str:
        raise TypeError("not text: typer converts it")
    return value
