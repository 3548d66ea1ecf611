"""Time each stage of ``cadrekit score`` on synthetic rosters, next to a bare calamine read.

    python benchmarks/bench_score.py            # 10k and 100k rows
    python benchmarks/bench_score.py 10000      # one size
    python benchmarks/bench_score.py 10000 --no-xlsx

Stages: read (io.read_book), load (header, normalise, validate → Dataset), score (engine),
write CSV, write xlsx; "calamine" is python-calamine turning the same file into Python
rows, the floor any reader pays. Goal: read→CSV within 3× calamine, score under 1 s.
"""

from __future__ import annotations

import argparse
import io
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    value = fn()
    return time.perf_counter() - start, value


def calamine_rows(path: Path) -> int:
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_path(str(path))
    return sum(len(book.get_sheet_by_name(name).to_python()) for name in book.sheet_names)


def bench(n: int, folder: Path, xlsx: bool) -> dict[str, float]:
    import samplegen

    from cadrekit import api
    from cadrekit.io.read import read_book
    from cadrekit.load.loader import load_book
    from cadrekit.render.tabular import write_csv
    from cadrekit.render.workbook import write_workbook
    from cadrekit.rules.load import load_rules

    path = folder / f"roster-{n}.xlsx"
    samplegen.write_xlsx(samplegen.generate(n, seed=2025), path, title="2025年度考核")
    rules = load_rules(None)
    times: dict[str, float] = {}
    times["calamine"], _ = timed(lambda: calamine_rows(path))
    times["read"], book = timed(lambda: read_book(path))
    times["load+validate"], dataset = timed(lambda: load_book(book, rules.rules))
    times["score"], result = timed(lambda: api.score(dataset, rules, 2025))
    times["write csv"], _ = timed(lambda: write_csv(result, io.StringIO(), safe=True))
    if xlsx:
        times["write xlsx"], _ = timed(lambda: write_workbook(result, folder / f"out-{n}.xlsx"))
    times["end-to-end csv"] = times["read"] + times["load+validate"] + times["score"]
    times["end-to-end csv"] += times["write csv"]
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[10_000, 100_000])
    parser.add_argument("--no-xlsx", action="store_true", help="skip the workbook writer")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        rows = {n: bench(n, Path(tmp), not args.no_xlsx) for n in args.sizes}
    stages = list(next(iter(rows.values())))
    print(f"{'stage':<16}" + "".join(f"{n:>12,} rows" for n in rows))
    for stage in stages:
        print(f"{stage:<16}" + "".join(f"{rows[n].get(stage, float('nan')):>15.2f}s" for n in rows))
    for n, t in rows.items():
        ratio = t["end-to-end csv"] / t["calamine"]
        verdict = "ok" if ratio <= 3 else "over the 3× goal"
        score = "ok" if t["score"] < 1 else "over 1 s"
        print(f"{n:,} rows: end-to-end CSV / calamine = {ratio:.2f}× ({verdict}); score {score}")


if __name__ == "__main__":
    main()
