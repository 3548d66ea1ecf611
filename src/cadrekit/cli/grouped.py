"""A command's options as one dataclass: ``@options_of(ScoreOptions)``.

typer reads a command's parameters from its signature, so a command with twenty options
had a twenty-line signature before its first line of work. With :func:`options_of` the
options are the fields of a dataclass (each annotated with its ``…Opt`` type, in the
order ``--help`` lists them, with its default); typer sees exactly the parameters it
would have seen, and the command receives one instance of the dataclass.
"""

from __future__ import annotations

import dataclasses
import functools
import inspect
import typing
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")


def options_of(cls: type[T]) -> Callable[[Callable[[T], None]], Callable[..., None]]:
    """Give the decorated ``command(options: cls)`` the fields of ``cls`` as parameters."""
    hints = typing.get_type_hints(cls, include_extras=True)
    parameters = [
        inspect.Parameter(
            f.name,
            inspect.Parameter.POSITIONAL_OR_KEYWORD,
            default=inspect.Parameter.empty if f.default is dataclasses.MISSING else f.default,
            annotation=hints[f.name],
        )
        for f in dataclasses.fields(cls)  # type: ignore[arg-type]
    ]

    def decorate(command: Callable[[T], None]) -> Callable[..., None]:
        @functools.wraps(command)
        def wrapper(**kwargs: Any) -> None:
            command(cls(**kwargs))

        wrapper.__signature__ = inspect.Signature(parameters)  # type: ignore[attr-defined]
        wrapper.__annotations__ = {p.name: p.annotation for p in parameters}
        return wrapper

    return decorate
