"""``cadrekit score`` doing no work: the county row's command with the library call
replaced by the floor's imports (pandas, pyarrow, python_calamine, pydantic) and an exit.
Beside the floor it measures what the command line adds before any work — typer's handling
of the options and the CLI's own imports (benchmarks/run.py, row ``county-cli``); the county
row less this one is what loading, checking, scoring and writing the sample cost.
Run: python benchmarks/cli_only.py score data/samples/county-2025.xlsx
"""

from __future__ import annotations

import sys
from typing import NoReturn

import cadrekit.api as api


def _done(*args: object, **kwargs: object) -> NoReturn:
    import pandas  # noqa: F401
    import pyarrow  # noqa: F401
    import pydantic  # noqa: F401
    import python_calamine  # noqa: F401

    raise SystemExit(0)


api.score = _done  # type: ignore[assignment]

from cadrekit.cli.app import main  # noqa: E402

sys.argv = ["cadrekit", *sys.argv[1:]]
main()
