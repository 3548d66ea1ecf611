"""Resource limits for reading one input file: their defaults, the ones a command sets
(:func:`use_limits`), and the refusal that names the option raising each."""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from cadrekit.errors import InputFileError
from cadrekit.io.refusals import fail

MiB = 1 << 20

GiB = 1 << 30

EXCEL_MAX_ROWS = 1_048_576


@dataclass(frozen=True)
class Limits:
    """Resource limits for reading one input file; each is named in the error it triggers.

    The defaults admit a full Excel sheet (1,048,576 rows) of a roster-sized width while
    keeping python-calamine's dense cell grid well inside the memory of a small machine.
    """

    max_file_bytes: int = 512 * MiB  # --max-file-size
    max_uncompressed_bytes: int = 2 * GiB  # --max-uncompressed
    max_ratio: float = 200.0  # --max-ratio; per zip entry, only entries over 1 MiB
    max_entries: int = 10_000  # --max-entries
    max_rows: int = EXCEL_MAX_ROWS  # --max-rows
    max_cells: int = 50_000_000  # --max-cells; rows × columns of one sheet's used range
    max_text_bytes: int = GiB  # --max-text-size; text one sheet makes the reader copy
    ratio_min_entry_bytes: int = MiB


_CURRENT: contextvars.ContextVar[Limits | None] = contextvars.ContextVar(
    "cadrekit_limits", default=None
)


def current_limits() -> Limits:
    """The limits a read uses when none are passed: those of :func:`use_limits` (the
    command line's ``--max-…`` options), else the defaults."""
    return _CURRENT.get() or Limits()


@contextlib.contextmanager
def use_limits(limits: Limits) -> Iterator[None]:
    """Every read inside the block (in this thread) uses ``limits`` unless given others."""
    token = _CURRENT.set(limits)
    try:
        yield
    finally:
        _CURRENT.reset(token)


def human_bytes(n: float) -> str:
    """3435973836 → '3.2 GB' (binary units, written as users read them)."""
    for unit in ("B", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}".replace(".0 ", " ")
        n /= 1024
    return f"{n:.1f} TB"  # pragma: no cover


def limit_error(path: Path, zh: str, en: str, option: str) -> InputFileError:
    return fail(path, f"{zh}（{option} 可调整）", f"{en} (raise it with {option})")
