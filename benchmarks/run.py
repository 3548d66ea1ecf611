"""Issue 19's table: every cadrekit run beside its floor, measured in the same run.

    python benchmarks/run.py                 # every row (the big ones take many minutes)
    python benchmarks/run.py --quick         # the county rows and --version (about a minute)
    python benchmarks/run.py --only county,version --pairs 9
    python benchmarks/run.py --only growth   # the second table: 1k → 1M rows, CSV → CSV
    python benchmarks/run.py --list          # the row names

Each row runs its cadrekit command (A) and its floor (B) alternately, A B A B …: at least
5 pairs for the small rows, 3 for the big ones (``--pairs`` sets the small ones), and
reports the medians, their ratio, and the target. Pairing is what makes the ratio hold on a
shared, noisy machine: both sides see the same load. Every run is its own process; its peak
memory is the larger of its own peak since exec (VmHWM, read every 10 ms) and the largest
sum of the resident memory of it and its children (sampled from /proc every 50 ms), so a
batch's worker pool counts. (Not ``wait4``'s ru_maxrss: Linux counts in it the memory this
process had when it forked the child.)

What is timed: A is always the wall time of ``cadrekit …`` as a user runs it (start-up,
imports, read, checks, scoring, writing). A floor is either a whole process too (the
imports, ``python -c "import typer"``, ``cadrekit score`` of one CSV) or, when the floor is
one library call, that call alone, timed inside its process (python-calamine reading every
sheet to Python rows, ``pandas.read_csv``, xlsxwriter constant_memory writing cadrekit's
own scored frame): those floors leave out their own start-up, so their ratios are strict.

Inputs are written first if missing, from ``benchmarks/generate.py`` (``scripts/samplegen``,
fixed seed 2025) into benchmarks/data/: roster-100k.xlsx, roster-1m.csv, the growth
sizes' CSVs, and batch-500k/ (roster-500k.csv cut into 50 county files of 10,000 rows).
``uptime``'s load average is printed before and after: quote it with the table. Results are
also saved to benchmarks/data/paired.json.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

import generate  # noqa: E402

PY = sys.executable
SAMPLE = ROOT / "data" / "samples" / "county-2025.xlsx"
FLOOR_IMPORTS = "import pandas, pyarrow, python_calamine, pydantic, typer"
GROWTH = (1_000, 10_000, 100_000, 1_000_000)
BATCH_FILES = 50
SCALE = [1]  # --scale N: every size / N, to try the benchmark itself quickly


def n(size: int) -> int:
    return max(size // SCALE[0], 100)


def cadrekit(*args: str | Path) -> list[str]:
    """The ``cadrekit`` script beside this Python (not a shim earlier on PATH)."""
    beside = Path(PY).parent / "cadrekit"
    head = [str(beside)] if beside.exists() else [PY, "-m", "cadrekit"]
    return [*head, *map(str, args)]


def floor_case(name: str, *args: str | Path) -> list[str]:
    """A floor timed inside its own process (see :func:`child`)."""
    return [PY, __file__, "--case", name, *map(str, args)]


# ------------------------------------------------------------------- floors (in a child)


def case_calamine(path: str) -> float:
    from python_calamine import load_workbook

    start = time.perf_counter()
    book = load_workbook(path)
    for name in book.sheet_names:
        book.get_sheet_by_name(name).to_python()
    return time.perf_counter() - start


def case_read_csv(path: str) -> float:
    import pandas as pd

    start = time.perf_counter()
    pd.read_csv(path)
    return time.perf_counter() - start


def case_xlsxwriter(path: str) -> float:
    """xlsxwriter constant_memory writing the frame cadrekit scored (read before the clock
    from cadrekit's own CSV of it), one sheet, one row at a time."""
    import pandas as pd
    import xlsxwriter

    frame = pd.read_csv(path, dtype=object, keep_default_na=False, skiprows=0)
    rows = list(frame.itertuples(index=False, name=None))
    with tempfile.TemporaryDirectory() as folder:
        start = time.perf_counter()
        options = {"constant_memory": True, "strings_to_formulas": False}
        book = xlsxwriter.Workbook(str(Path(folder) / "floor.xlsx"), options)
        sheet = book.add_worksheet("结果")
        sheet.write_row(0, 0, [str(c) for c in frame.columns])
        for r, row in enumerate(rows, start=1):
            sheet.write_row(r, 0, row)
        book.close()
        return time.perf_counter() - start


CASES: dict[str, Callable[[str], float]] = {
    "calamine": case_calamine,
    "read_csv": case_read_csv,
    "xlsxwriter": case_xlsxwriter,
}


def child(name: str, path: str) -> None:
    print(json.dumps({"seconds": CASES[name](path)}))


# ------------------------------------------------------------------- measuring


def _tree_rss(pid: int) -> int:
    """Resident bytes of ``pid`` and every descendant (Linux /proc; 0 elsewhere)."""
    parents: dict[int, int] = {}
    for entry in os.scandir("/proc") if os.path.isdir("/proc") else []:
        if entry.name.isdigit():
            try:
                stat = Path(entry.path, "stat").read_text()
                parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
    tree, grew = {pid}, True
    while grew:
        more = {p for p, parent in parents.items() if parent in tree} - tree
        tree |= more
        grew = bool(more)
    total = 0
    for p in tree:
        try:
            total += int(Path(f"/proc/{p}/statm").read_text().split()[1]) * os.sysconf(
                "SC_PAGESIZE"
            )
        except (OSError, ValueError, IndexError):
            continue
    return total


def _high_water(pid: int) -> int:
    """The peak resident bytes of ``pid`` since its exec (VmHWM; 0 once it is gone)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return 0


@dataclass
class Run:
    wall: float  # seconds, the whole process
    timed: float | None  # seconds, the timed section a floor case printed
    peak_mb: float
    code: int


def run_once(argv: list[str], cwd: Path) -> Run:
    peak = [0]
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(argv, stdout=out, stderr=err, stdin=subprocess.DEVNULL, cwd=cwd)
        done = threading.Event()

        def sample() -> None:
            tick = 0
            while not done.wait(0.01):  # the peak since exec every 10 ms, the tree every 50
                peak[0] = max(peak[0], _high_water(proc.pid))
                tick += 1
                if tick % 5 == 0:
                    peak[0] = max(peak[0], _tree_rss(proc.pid))

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        _, status, _ = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        done.set()
        sampler.join()
        proc.returncode = code = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        text, problems = out.read().decode(errors="replace"), err.read().decode(errors="replace")
    if code not in (0, 1):
        raise RuntimeError(f"{' '.join(argv)} failed ({code}):\n{problems[-2000:]}")
    timed = None
    if "--case" in argv:
        timed = json.loads(text.strip().splitlines()[-1])["seconds"]
    # not wait4's ru_maxrss: Linux counts in it the memory of this process at the fork
    # (the inputs it generated), so every child seemed as big as this one
    mb = peak[0] / 2**20
    return Run(wall=wall, timed=timed, peak_mb=mb, code=code)


@dataclass
class Row:
    key: str
    work: str
    floor: str
    target: float  # the ratio to meet
    big: bool  # 3 pairs, not --pairs
    a: Callable[[Path], list[str]]  # the cadrekit command, given a scratch folder
    b: Callable[[Path], list[str]]
    prepare: Callable[[], object] = lambda: None
    memory_gb: float | None = None  # a peak-memory target for A


def measure(row: Row, pairs: int) -> dict[str, Any]:
    row.prepare()
    a_runs: list[Run] = []
    b_runs: list[Run] = []
    with tempfile.TemporaryDirectory(prefix="cadrekit-bench-") as scratch:
        folder = Path(scratch)
        for i in range(pairs):
            print(f"  {row.key}: pair {i + 1}/{pairs}", file=sys.stderr, flush=True)
            for runs, argv in (
                (a_runs, row.a(folder / f"a{i}")),
                (b_runs, row.b(folder / f"b{i}")),
            ):
                runs.append(run_once(argv, ROOT))
    a = statistics.median(r.wall for r in a_runs)
    b = statistics.median(r.timed if r.timed is not None else r.wall for r in b_runs)
    return {
        "key": row.key,
        "work": row.work,
        "floor": row.floor,
        "pairs": pairs,
        "a_s": a,
        "a_peak_mb": max(r.peak_mb for r in a_runs),
        "a_codes": sorted({r.code for r in a_runs}),
        "b_s": b,
        "b_peak_mb": max(r.peak_mb for r in b_runs),
        "ratio": a / b,
        "target": row.target,
        "memory_gb": row.memory_gb,
        "a_all": [round(r.wall, 3) for r in a_runs],
        "b_all": [round(r.timed if r.timed is not None else r.wall, 3) for r in b_runs],
    }


# ------------------------------------------------------------------- inputs


def _csv(size: int) -> Path:
    generate.write(size, xlsx_max=0)
    return generate.paths(size)["csv"]


def _xlsx_100k() -> Path:
    generate.write(n(100_000))
    return generate.paths(n(100_000))["xlsx"]


def _scored_100k() -> Path:
    """cadrekit's own CSV of the 100k roster: the frame the xlsxwriter floor writes."""
    out = generate.DATA / f"scored-{generate.label(n(100_000))}.csv"
    if not out.exists():
        subprocess.run(cadrekit("score", _xlsx_100k(), "-o", out, "--force"), check=True)
    return out


def _batch_folder() -> Path:
    """50 county CSVs of 10,000 cadres each, cut from the 500k roster (ids stay unique)."""
    folder = generate.DATA / f"batch-{generate.label(n(500_000))}"
    if not (folder / f"county-{BATCH_FILES:02d}.csv").exists():
        import pandas as pd

        folder.mkdir(parents=True, exist_ok=True)
        frame = pd.read_csv(_csv(n(500_000)), dtype=object, keep_default_na=False)
        step = len(frame) // BATCH_FILES
        for i in range(BATCH_FILES):
            part = frame.iloc[i * step : (i + 1) * step]
            part.to_csv(folder / f"county-{i + 1:02d}.csv", index=False)
    return folder


def _first_id() -> str:
    return "A0001"  # data/samples/README.md: the sample's first cadre


def rows() -> list[Row]:
    x100k = generate.paths(n(100_000))["xlsx"]
    c1m = generate.paths(n(1_000_000))["csv"]
    c500k = generate.paths(n(500_000))["csv"]
    scored = generate.DATA / f"scored-{generate.label(n(100_000))}.csv"
    batch = generate.DATA / f"batch-{generate.label(n(500_000))}"
    imports = [PY, "-c", FLOOR_IMPORTS]
    return [
        Row("county", "`score` the 420-cadre sample → CSV", f'`python -c "{FLOOR_IMPORTS}"`',
            1.3, False, lambda d: cadrekit("score", SAMPLE, "-o", f"{d}.csv"), lambda d: imports),
        Row("county-cli", "`score` of the sample doing no work: the floor's imports for the library call (benchmarks/cli_only.py)",
            "the same floor", 1.3, False,
            lambda d: [PY, str(ROOT / "benchmarks" / "cli_only.py"), "score", SAMPLE,
                       "-o", f"{d}.csv"], lambda d: imports),
        Row("explain", "`explain` one cadre of the sample", "the same floor", 1.3, False,
            lambda d: cadrekit("explain", SAMPLE, _first_id()), lambda d: imports),
        Row("version", "`cadrekit --version`", '`python -c "import typer"`', 1.2, False,
            lambda d: cadrekit("--version"), lambda d: [PY, "-c", "import typer"]),
        Row("xlsx-csv", "100,000-row .xlsx → CSV", "python-calamine read to rows (timed call)",
            2.0, True, lambda d: cadrekit("score", x100k, "-o", f"{d}.csv"),
            lambda d: floor_case("calamine", x100k), prepare=_xlsx_100k),
        Row("xlsx-xlsx", "100,000-row .xlsx → .xlsx",
            "xlsxwriter constant_memory writing the same scored frame (timed call)", 1.2, True,
            lambda d: cadrekit("score", x100k, "-o", f"{d}.xlsx"),
            lambda d: floor_case("xlsxwriter", scored),
            prepare=_scored_100k),
        Row("csv-1m", "1,000,000-row CSV → CSV", "pandas.read_csv (timed call)", 4.0, True,
            lambda d: cadrekit("score", c1m, "-o", f"{d}.csv"),
            lambda d: floor_case("read_csv", c1m),
            prepare=lambda: _csv(n(1_000_000)), memory_gb=1.5),
        Row("batch", "`batch` of 50 county CSVs (500,000 cadres), combined, default outputs",
            "`score` of the same 500,000 as one CSV → CSV", 1.5, True,
            lambda d: cadrekit("batch", batch, "-o", d),
            lambda d: cadrekit("score", c500k, "-o", f"{d}.csv"),
            prepare=_batch_folder),
    ]  # fmt: skip


# ------------------------------------------------------------------- tables


def _mark(ok: bool) -> str:
    return "✓" if ok else "✗"


def table(results: list[dict[str, Any]]) -> str:
    head = "| work | cadrekit | peak | floor in the same run | floor | ratio | target |"
    lines = [head, "|---|---|---|---|---|---|---|"]
    for r in results:
        ok = r["ratio"] <= r["target"]
        target = f"≤ {r['target']}× {_mark(ok)}"
        if r["memory_gb"] is not None:
            mem_ok = r["a_peak_mb"] / 1024 < r["memory_gb"]
            target += f", < {r['memory_gb']} GB {_mark(mem_ok)}"
        lines.append(
            f"| {r['work']} | {r['a_s']:.3f} s | {r['a_peak_mb']:.0f} MB | {r['floor']} "
            f"| {r['b_s']:.3f} s | {r['ratio']:.2f}× | {target} |"
        )
    return "\n".join(lines)


def _score_csv(path: Path) -> Callable[[Path], list[str]]:
    return lambda d: cadrekit("score", path, "-o", f"{d}.csv")


def _read_csv(path: Path) -> Callable[[Path], list[str]]:
    return lambda d: floor_case("read_csv", path)


def growth(pairs: int) -> list[dict[str, Any]]:
    """``score`` CSV → CSV at each size beside pandas.read_csv of the same file."""
    out = []
    for size in map(n, GROWTH):
        path = _csv(size)
        row = Row(
            f"growth-{generate.label(size)}", f"{size:,} rows CSV → CSV", "pandas.read_csv",
            0, size >= n(1_000_000), _score_csv(path), _read_csv(path),
        )  # fmt: skip
        result = measure(row, 3 if row.big else pairs)
        result["rows"] = size
        out.append(result)
    return out


def growth_table(results: list[dict[str, Any]]) -> str:
    lines = [
        "| rows | cadrekit s | µs per row | × the step before (rows ×10) | peak | read_csv s |",
        "|---|---|---|---|---|---|",
    ]
    before = None
    for r in results:
        step = f"{r['a_s'] / before:.1f}×" if before else "—"
        per_row = r["a_s"] / r["rows"] * 1e6
        lines.append(
            f"| {r['rows']:,} | {r['a_s']:.3f} | {per_row:.1f} | {step} "
            f"| {r['a_peak_mb']:.0f} MB | {r['b_s']:.3f} |"
        )
        before = r["a_s"]
    return "\n".join(lines)


def _load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f} {five:.2f} {fifteen:.2f} on {os.cpu_count()} CPUs"


def _compiled() -> None:
    """cadrekit's bytecode written, as ``pip install .`` writes it: an editable install
    under PYTHONDONTWRITEBYTECODE (set on this machine) compiles every module on every run."""
    import compileall
    import importlib.util

    spec = importlib.util.find_spec("cadrekit")
    if spec is not None and spec.origin is not None:
        compileall.compile_dir(str(Path(spec.origin).parent), quiet=1)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    keys = [r.key for r in rows()]
    parser.add_argument("--only", help=f"comma-separated rows: {','.join(keys)},growth")
    parser.add_argument(
        "--quick", action="store_true", help="county, county-cli, explain, version only"
    )
    parser.add_argument("--pairs", type=int, default=5, help="pairs of a small row (≥ 5)")
    parser.add_argument("--scale", type=int, default=1, help="divide every size by N (a dry run)")
    parser.add_argument("--list", action="store_true", help="list the rows and stop")
    parser.add_argument("--case", help=argparse.SUPPRESS)
    parser.add_argument("path", nargs="?", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.case:
        child(args.case, args.path)
        return
    if args.list:
        print("\n".join([*(f"{r.key}: {r.work}" for r in rows()), "growth: 1k → 1M"]))
        return
    SCALE[0] = max(args.scale, 1)
    wanted = args.only.split(",") if args.only else [*keys, "growth"]
    if args.quick and not args.only:
        wanted = ["county", "county-cli", "explain", "version"]
    unknown = sorted(set(wanted) - {*keys, "growth"})
    if unknown:
        parser.error(f"unknown rows: {', '.join(unknown)} (see --list)")
    print(f"before: {_load()}", file=sys.stderr)
    _compiled()
    results = [measure(r, 3 if r.big else max(args.pairs, 5)) for r in rows() if r.key in wanted]
    grown = growth(max(args.pairs, 5)) if "growth" in wanted else []
    saved = {"rows": results, "growth": grown, "python": sys.version.split()[0]}
    saved["load_after"] = _load()
    generate.DATA.mkdir(parents=True, exist_ok=True)
    (generate.DATA / "paired.json").write_text(json.dumps(saved, indent=1), encoding="utf-8")
    if SCALE[0] > 1:
        print(f"sizes divided by {SCALE[0]} (--scale): a dry run of the benchmark, not its figures")
    if results:
        print(table(results))
    if grown:
        print()
        print(growth_table(grown))
    print(f"\nafter: {_load()}; medians of alternating pairs (A B A B …)")


if __name__ == "__main__":
    main()
