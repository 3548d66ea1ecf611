"""Shared test helper: run the installed ``cadrekit`` command as a user does (``from runner import run_cadrekit``)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

# The console script that ``pip install`` put beside this interpreter: what a user runs.
CADREKIT = Path(sys.executable).parent / "cadrekit"


def run_cadrekit(
    *args: str | Path,
    cwd: Path | None = None,
    env: dict[str, str] | None = None,
    timeout: float = 300,
) -> subprocess.CompletedProcess[str]:
    """``cadrekit ARGS…`` through the installed command: text out and err, no stdin."""
    if not CADREKIT.exists():  # pragma: no cover - a broken install
        raise RuntimeError(f"the installed command is missing: {CADREKIT} (pip install -e .)")
    return subprocess.run(
        [str(CADREKIT), *map(str, args)],
        capture_output=True,
        text=True,
        check=False,
        cwd=cwd,
        env={**os.environ, **(env or {})},
        stdin=subprocess.DEVNULL,
        timeout=timeout,
    )
