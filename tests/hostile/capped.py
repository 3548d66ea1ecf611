"""Run the installed ``cadrekit`` in a capped child, as the hostile tests do.

The child gets at most :data:`MEMORY_CAP` bytes of address space (RLIMIT_AS: a guard that
fails makes calamine abort or pandas raise MemoryError, never the machine swap) and
:data:`TIMEOUT` seconds; its TMPDIR is a fresh folder the caller then checks is empty.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from pathlib import Path
from typing import IO

sys.path.insert(0, str(Path(__file__).parents[1]))
from runner import CADREKIT

MEMORY_CAP = 3 << 30  # bytes of address space for the command
TIMEOUT = 120  # seconds for one command; a hostile file is refused in a second or two
#: what must never reach a user: a Python traceback, a Rust panic, an unraisable exception
CRASH_MARKS = ("Traceback", "panicked", "RUST_BACKTRACE", "Exception ignored", "internal error")


def _cap() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))


def popen_capped(
    *args: str | Path,
    tmpdir: Path,
    stdout: int | IO[str] | None = subprocess.PIPE,
    cwd: Path | None = None,
    env: dict[str, str] | None = None,
) -> subprocess.Popen[str]:
    """``cadrekit ARGS…`` started in a capped child with TMPDIR ``tmpdir`` (Chinese);
    ``env`` adds to the environment."""
    return subprocess.Popen(
        [str(CADREKIT), *map(str, args)],
        stdin=subprocess.DEVNULL,
        stdout=stdout,
        stderr=subprocess.PIPE,
        text=True,
        env={
            **os.environ,
            "TMPDIR": str(tmpdir),
            "CADREKIT_LANG": "zh",
            "COLUMNS": "200",
            **(env or {}),
        },
        preexec_fn=_cap,
        cwd=cwd,
    )


def run_capped(
    *args: str | Path,
    tmpdir: Path,
    stdout: int | IO[str] | None = subprocess.PIPE,
    cwd: Path | None = None,
    env: dict[str, str] | None = None,
) -> subprocess.CompletedProcess[str]:
    """:func:`popen_capped`, waited for (killed after :data:`TIMEOUT` seconds)."""
    proc = popen_capped(*args, tmpdir=tmpdir, stdout=stdout, cwd=cwd, env=env)
    try:
        out, err = proc.communicate(timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
        raise AssertionError(f"cadrekit {' '.join(map(str, args))}: over {TIMEOUT} s") from None
    return subprocess.CompletedProcess(proc.args, proc.returncode, out or "", err)


def assert_no_crash(stderr: str) -> None:
    for mark in CRASH_MARKS:
        assert mark not in stderr, stderr[-3000:]
