"""Read + validate speed on a 100,000-row roster against python-calamine's bare read.

    python benchmarks/bench_load.py [--rows 100000] [--repeat 3] [--seed 2025]

Builds the roster once (scripts/samplegen.py, fixed seed; cached in the temp folder), then
prints medians: python-calamine reading the sheet into Python rows (the floor), cadrekit's
read (io) alone, cadrekit read + normalise + validate (``load``), and the ratio of the last
to the floor. The goal is a ratio ≤ 2 (MEASUREMENTS.md: row-wise Pydantic alone would cost
as much as the read).
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def build(rows: int, seed: int) -> Path:
    path = Path(tempfile.gettempdir()) / f"cadrekit-bench-{rows}-{seed}.xlsx"
    if not path.exists():
        sys.path.insert(0, str(ROOT / "scripts"))
        import samplegen

        frames = samplegen.generate(rows, seed=seed)
        started = time.perf_counter()
        partial = path.with_suffix(".partial.xlsx")
        samplegen.write_xlsx({"cadres": frames["cadres"]}, partial, "2025年度干部考核汇总表")
        partial.rename(path)
        print(f"wrote {path} in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    return path


def timed(fn: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    times = []
    result = None
    for _ in range(repeat):
        gc.collect()
        started = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=2025)
    args = parser.parse_args()

    from python_calamine import CalamineWorkbook

    from cadrekit.io.read import read_book
    from cadrekit.load.loader import load
    from cadrekit.rules.load import default_rules

    path = build(args.rows, args.seed)
    rules = default_rules()
    today = dt.date(2026, 1, 1)

    def calamine_rows() -> list[list[Any]]:
        return CalamineWorkbook.from_path(str(path)).get_sheet_by_name("干部名册").to_python()

    floor, rows = timed(calamine_rows, args.repeat)
    read, _ = timed(lambda: read_book(path), args.repeat)
    full, dataset = timed(lambda: load(path, rules, today=today), args.repeat)
    errors = sum(p.level == "error" for p in dataset.problems)

    print(f"roster: {path.name}, {len(rows) - 2:,} data rows × {len(rows[1])} columns")
    print(f"{'step':<44}{'median s':>10}{'× floor':>10}")
    for label, seconds in (
        ("python-calamine → Python rows (floor)", floor),
        ("cadrekit io.read_book", read),
        ("cadrekit load (read + normalise + validate)", full),
        ("  of which normalise + validate", full - read),
    ):
        print(f"{label:<44}{seconds:>10.2f}{seconds / floor:>10.2f}")
    print(
        f"ratio load / floor = {full / floor:.2f} (goal ≤ 2.00); {len(dataset.problems)} problems, {errors} errors"
    )


if __name__ == "__main__":
    main()
