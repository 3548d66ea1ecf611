"""The end-to-end corpus: every module here defines ``CASES``, a mapping of a unique case
name (``<module>-<what>``) to a function that returns the :class:`~office.Book` to write.

Add a module per area; the corpus fixture collects them all, writes each with
:func:`office.write_office` and has LibreOffice re-save the lot in one run.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from typing import Any


def all_cases() -> dict[str, Callable[[], Any]]:
    cases: dict[str, Callable[[], Any]] = {}
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{__name__}.{info.name}")
        for name, build in getattr(module, "CASES", {}).items():
            if name in cases:
                raise ValueError(f"corpus case {name!r} is defined twice")
            cases[name] = build
    return cases
