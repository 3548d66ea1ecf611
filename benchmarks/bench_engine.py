"""Time the scoring engine alone, ``api.score`` on a loaded dataset, and CSV → CSV end to end.

    python benchmarks/bench_engine.py                      # 10k and 100k rows
    python benchmarks/bench_engine.py 10000 100000 1000000
    python benchmarks/bench_engine.py --csv 1000000        # also CSV → CSV end to end
    python benchmarks/bench_engine.py --save after --compare before

Rosters come from ``scripts/samplegen.py`` ``generate(n, seed=2025)`` (all six sheets, so
events, supervision and history reach the engine), loaded once through
``cadrekit.load.loader.load_book``; then ``engine.pipeline.run`` and ``api.score`` are
timed on the loaded frames (best of ``--repeat``). ``--csv N`` writes the roster sheet of
N rows as CSV and times, each in a fresh process (peak RSS from ``getrusage``),
``pandas.read_csv`` of it and ``api.score(path)`` + CSV write (goal: within 4× the read,
under 4 GB). ``--save NAME`` keeps the numbers in ``benchmarks/data/engine-NAME.json``;
``--compare NAME`` prints them beside this run's.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "benchmarks" / "data"
SEED = 2025
YEAR = 2025


def _frames(n: int) -> tuple[dict[str, Any], Any, Any]:
    sys.path.insert(0, str(ROOT / "scripts"))
    import samplegen

    from cadrekit.api import _book_of_frames
    from cadrekit.load.loader import load_book
    from cadrekit.rules.load import load_rules

    rules = load_rules(None)
    dataset = load_book(_book_of_frames(samplegen.generate(n, seed=SEED)), rules.rules)
    frames = {kind: sheet.frame for kind, sheet in dataset.sheets.items()}
    return frames, dataset, rules


def best(fn: Any, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def bench_engine(n: int, repeat: int) -> dict[str, float]:
    from cadrekit import api
    from cadrekit.engine.pipeline import run

    frames, dataset, rules = _frames(n)
    return {
        "engine.run": best(lambda: run(frames, rules.rules, YEAR), repeat),
        "api.score(dataset)": best(lambda: api.score(dataset, rules, YEAR), repeat),
    }


def _child(kind: str, path: str) -> None:
    """One measurement in this (fresh) process; prints seconds and peak RSS as JSON."""
    import resource

    start = time.perf_counter()
    if kind == "read_csv":
        import pandas as pd

        pd.read_csv(path)
    else:
        from cadrekit import api
        from cadrekit.render.tabular import write_csv

        result = api.score(path, year=YEAR)
        with tempfile.TemporaryDirectory() as folder, open(Path(folder) / "out.csv", "w") as fh:
            write_csv(result, fh, safe=True)
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2  # KiB → GiB
    print(json.dumps({"seconds": seconds, "peak_gb": peak}))


def _in_child(kind: str, path: Path) -> dict[str, float]:
    argv = [sys.executable, __file__, "--child", kind, str(path)]
    out = subprocess.run(argv, check=True, capture_output=True, text=True).stdout
    return dict(json.loads(out.strip().splitlines()[-1]))


def bench_csv(n: int) -> dict[str, float]:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import generate

    path = generate.paths(n)["csv"]
    if not path.exists():
        generate.write(n, seed=SEED, xlsx_max=0)
    floor = _in_child("read_csv", path)
    e2e = _in_child("score", path)
    return {
        "read_csv": floor["seconds"],
        "score csv→csv": e2e["seconds"],
        "ratio (goal ≤ 4)": e2e["seconds"] / floor["seconds"],
        "peak GB (goal < 4)": e2e["peak_gb"],
    }


def table(rows: dict[str, dict[str, float]], before: dict[str, dict[str, float]]) -> str:
    lines = [f"{'rows':>10} {'measure':<22} {'before':>10} {'after':>10}"]
    for size, measures in rows.items():
        for name, value in measures.items():
            old = before.get(size, {}).get(name)
            was = f"{old:10.2f}" if old is not None else f"{'—':>10}"
            lines.append(f"{int(size):>10,} {name:<22} {was} {value:10.2f}")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[10_000, 100_000])
    parser.add_argument("--csv", type=int, action="append", default=[], help="CSV → CSV rows")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--save", help="keep the numbers as benchmarks/data/engine-NAME.json")
    parser.add_argument("--compare", help="print beside benchmarks/data/engine-NAME.json")
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _child(*args.child)
        return
    rows: dict[str, dict[str, float]] = {}
    for n in args.sizes:
        rows[str(n)] = bench_engine(n, args.repeat if n <= 100_000 else 1)
    for n in args.csv:
        rows.setdefault(str(n), {}).update(bench_csv(n))
    before: dict[str, dict[str, float]] = {}
    if args.compare:
        before = json.loads((DATA / f"engine-{args.compare}.json").read_text())
    print(table(rows, before))
    if args.save:
        DATA.mkdir(parents=True, exist_ok=True)
        (DATA / f"engine-{args.save}.json").write_text(json.dumps(rows, indent=1))


if __name__ == "__main__":
    main()
