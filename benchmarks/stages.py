"""Stage by stage: where a scoring run spends its time (read, validate, score, write).

``benchmarks/run.py`` is the paired table of issue 19; this one splits a run into stages.

    python benchmarks/stages.py                       # 10k and 100k
    python benchmarks/stages.py --sizes 10k,100k,1m   # 1m: CSV and Parquet (no xlsx)
    python benchmarks/stages.py --quick               # 10k, fewer start-up runs

Inputs come from ``benchmarks/generate.py`` (written first if missing). Every case runs in
its own subprocess, so each peak memory (``ru_maxrss``) is that case's alone:

* cadrekit on xlsx / CSV / Parquet: read (``io.read_book``), validate (``load_book``:
  headers, normalisation, checks), score (``api.score``), write CSV, write xlsx (xlsx only
  up to 100k rows);
* end to end: ``cadrekit score FILE -o out.csv`` as a user runs it (start-up included);
* floors: python-calamine reading the same xlsx into Python rows, ``pandas.read_csv`` of
  the same CSV, ``DataFrame.to_csv`` of the same per-cadre result frame (beside our CSV
  write), ``read_csv`` + ``to_csv`` of the roster (the least a pandas CSV → CSV run
  costs) and the same with pyarrow's multi-threaded CSV reader and writer, xlsxwriter
  (constant_memory) and openpyxl write-only writing the same roster frame;
* start-up: ``cadrekit --version`` against ``python -c "import typer"`` (median wall
  time of several runs) and the import time ``python -X importtime`` reports.

Absolute times vary with the machine's load; the ratios, measured in the same run, are
what the targets are about. Results are also saved to benchmarks/data/results.json.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

import generate  # noqa: E402

XLSX_MAX = 100_000
STAGES = ("read", "validate", "score", "write_csv", "write_xlsx")
TIMEOUT = 3600
CSV_FLOOR = "floor · pandas to_csv of the result frame"
ROUND_TRIP = "floor · pandas read_csv + to_csv of the roster"
ARROW_TRIP = "floor · pyarrow read_csv + write_csv of the roster"


# ------------------------------------------------------------------- cases (in a child)


def _clock() -> Any:
    start = time.perf_counter()
    return lambda: round(time.perf_counter() - start, 3)


def _scored(path: Path, out: dict[str, float] | None = None) -> Any:
    """The Result of ``path``; with ``out``, the time of each stage (read, validate, score)."""
    import datetime as dt

    from cadrekit import api
    from cadrekit.io.read import read_book
    from cadrekit.load.loader import load_book
    from cadrekit.rules.load import load_rules

    times: dict[str, float] = {} if out is None else out
    rules = load_rules(None)
    tick = _clock()
    book = read_book(path)
    times["read"] = tick()
    tick = _clock()
    dataset = load_book(book, rules.rules, today=dt.date.today())
    times["validate"] = tick()
    del book
    tick = _clock()
    result = api.score(dataset, rules=rules)
    times["score"] = tick()
    return result


def case_cadrekit(path: Path, xlsx: bool) -> dict[str, float]:
    """Each stage of ``cadrekit score`` in-process, on one input file."""
    from cadrekit.render.output import write_file

    out: dict[str, float] = {}
    result = _scored(path, out)
    with tempfile.TemporaryDirectory() as folder:
        tick = _clock()
        write_file(result, "csv", Path(folder) / "out.csv")
        out["write_csv"] = tick()
        if xlsx:
            tick = _clock()
            write_file(result, "xlsx", Path(folder) / "out.xlsx")
            out["write_xlsx"] = tick()
    return out


def case_to_csv(path: Path) -> dict[str, float]:
    """The CSV floor: pandas ``to_csv`` of the same per-cadre frame (scored before the
    clock), with no formatting, escaping or masking of its own."""
    from cadrekit.render.frame import cadre_frame

    frame = cadre_frame(_scored(path))
    with tempfile.TemporaryDirectory() as folder:
        tick = _clock()
        frame.to_csv(Path(folder) / "floor.csv", index=False, lineterminator="\n")
        return {"write_csv": tick()}


def case_calamine(path: Path) -> dict[str, float]:
    from python_calamine import load_workbook

    tick = _clock()
    book = load_workbook(str(path))
    rows = sum(len(book.get_sheet_by_name(n).to_python()) for n in book.sheet_names)
    return {"read": tick(), "rows": rows}


def case_read_csv(path: Path) -> dict[str, float]:
    """The best of three reads: the lowest floor, so the ratio to it is the strictest."""
    import pandas as pd

    times = []
    for _ in range(3):
        tick = _clock()
        frame = pd.read_csv(path)
        times.append(tick())
        rows = len(frame)
        del frame
    return {"read": min(times), "rows": rows}


def case_round_trip(path: Path) -> dict[str, float]:
    """The CSV round-trip floor: ``pandas.read_csv`` then ``to_csv`` of the same roster, with
    no validation, scoring or formatting: what any pandas CSV → CSV run pays at least."""
    import pandas as pd

    with tempfile.TemporaryDirectory() as folder:
        tick = _clock()
        frame = pd.read_csv(path)
        read = tick()
        tick = _clock()
        frame.to_csv(Path(folder) / "round.csv", index=False, lineterminator="\n")
        return {"read": read, "write_csv": tick()}


def case_arrow_trip(path: Path) -> dict[str, float]:
    """The fastest round trip at hand: pyarrow's multi-threaded CSV reader and writer."""
    import pyarrow.csv as pv

    with tempfile.TemporaryDirectory() as folder:
        tick = _clock()
        table = pv.read_csv(path)
        read = tick()
        tick = _clock()
        pv.write_csv(table, Path(folder) / "round.csv")
        return {"read": read, "write_csv": tick()}


def _rows(path: Path) -> tuple[list[str], list[tuple[Any, ...]]]:
    """The roster as Python rows, prepared before the clock starts."""
    import pandas as pd

    frame = pd.read_parquet(path)
    for column in frame.columns:
        if isinstance(frame[column].dtype, pd.CategoricalDtype):
            frame[column] = frame[column].astype(object)
    frame = frame.astype(object).where(frame.notna(), None)
    return [str(c) for c in frame.columns], list(frame.itertuples(index=False, name=None))


def case_xlsxwriter(path: Path) -> dict[str, float]:
    import xlsxwriter

    header, rows = _rows(path)
    with tempfile.TemporaryDirectory() as folder:
        tick = _clock()
        wb = xlsxwriter.Workbook(
            str(Path(folder) / "x.xlsx"), {"constant_memory": True, "strings_to_formulas": False}
        )
        ws = wb.add_worksheet("data")
        ws.write_row(0, 0, header)
        for r, row in enumerate(rows, start=1):
            ws.write_row(r, 0, row)
        wb.close()
        return {"write_xlsx": tick()}


def case_openpyxl(path: Path) -> dict[str, float]:
    from openpyxl import Workbook

    header, rows = _rows(path)
    with tempfile.TemporaryDirectory() as folder:
        tick = _clock()
        wb = Workbook(write_only=True)
        ws = wb.create_sheet("data")
        ws.append(header)
        for row in rows:
            ws.append(row)
        wb.save(str(Path(folder) / "o.xlsx"))
        return {"write_xlsx": tick()}


CASES = {
    "cadrekit": lambda p, x: case_cadrekit(p, x),
    "calamine": lambda p, x: case_calamine(p),
    "read_csv": lambda p, x: case_read_csv(p),
    "to_csv": lambda p, x: case_to_csv(p),
    "round_trip": lambda p, x: case_round_trip(p),
    "arrow_trip": lambda p, x: case_arrow_trip(p),
    "xlsxwriter": lambda p, x: case_xlsxwriter(p),
    "openpyxl": lambda p, x: case_openpyxl(p),
}


def child(name: str, path: Path, xlsx: bool) -> None:
    import resource

    values = CASES[name](path, xlsx)
    values["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(values))


# ------------------------------------------------------------------- the parent


def run_child(argv: list[str]) -> tuple[float, float, str]:
    """(wall seconds, peak RSS MB of that child alone, stdout) of one subprocess."""
    start = time.perf_counter()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(argv, stdout=out, stderr=err, cwd=ROOT)
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        wall = time.perf_counter() - start
        out.seek(0)
        err.seek(0)
        text, problems = out.read().decode(), err.read().decode(errors="replace")
    if proc.returncode not in (0, 1):
        raise RuntimeError(f"{' '.join(argv)} failed ({proc.returncode}):\n{problems[-2000:]}")
    return wall, usage.ru_maxrss / 1024, text


def measure(name: str, path: Path, xlsx: bool = False) -> dict[str, float]:
    argv = [sys.executable, __file__, "--case", name, "--path", str(path)]
    _, _, text = run_child([*argv, "--xlsx"] if xlsx else argv)
    return json.loads(text.strip().splitlines()[-1])


def cadrekit_argv() -> list[str]:
    """The ``cadrekit`` script of this Python's environment (not a shim found earlier on
    PATH, such as pyenv's, which adds its own start-up), else ``python -m cadrekit``."""
    beside = Path(sys.executable).parent / "cadrekit"
    found = str(beside) if beside.exists() else shutil.which("cadrekit")
    return [found] if found else [sys.executable, "-m", "cadrekit"]


def end_to_end(path: Path) -> dict[str, float]:
    """``cadrekit score FILE -o out.csv`` as a user runs it: wall time and peak memory."""
    with tempfile.TemporaryDirectory() as folder:
        argv = [*cadrekit_argv(), "score", str(path), "-o", str(Path(folder) / "out.csv")]
        wall, peak, _ = run_child(argv)
    return {"total": round(wall, 3), "peak_mb": peak}


def startup(runs: int) -> dict[str, Any]:
    def median_wall(argv: list[str]) -> float:
        walls = [run_child(argv)[0] for _ in range(runs)]
        return round(statistics.median(walls), 3)

    typer = [sys.executable, "-c", "import typer"]
    version = [*cadrekit_argv(), "--version"]
    out: dict[str, Any] = {"typer": median_wall(typer), "version": median_wall(version)}
    for key, argv in (("typer_import", typer), ("version_import", version)):
        done = subprocess.run(
            [sys.executable, "-X", "importtime", *argv[1:]]
            if argv[0] == sys.executable
            else [sys.executable, "-X", "importtime", "-m", "cadrekit", "--version"],
            capture_output=True,
            text=True,
            check=True,
        )
        modules = [line.split("|") for line in done.stderr.splitlines() if "import time:" in line]
        selfs = [
            int(m[0].split(":")[1]) for m in modules[1:] if m[0].split(":")[1].strip().isdigit()
        ]
        names = {m[2].strip() for m in modules[1:]}
        out[key] = round(sum(selfs) / 1e6, 3)
        out[key + "_heavy"] = sorted(names & {"pandas", "numpy", "openpyxl", "pydantic"})
    return out


def run_size(size: int, quick: bool) -> dict[str, dict[str, float]]:
    files = generate.paths(size)
    rows: dict[str, dict[str, float]] = {}
    say = lambda text: print(f"  {generate.label(size)} {text}…", file=sys.stderr, flush=True)  # noqa: E731
    if files["xlsx"].exists() and size <= XLSX_MAX:
        say("cadrekit xlsx")
        rows["cadrekit · xlsx"] = measure("cadrekit", files["xlsx"], xlsx=True)
        say("end to end xlsx → csv")
        rows["cadrekit score x.xlsx -o out.csv"] = end_to_end(files["xlsx"])
        say("calamine")
        rows["floor · python-calamine read"] = measure("calamine", files["xlsx"])
    say("cadrekit csv")
    rows["cadrekit · csv"] = measure("cadrekit", files["csv"])
    say("cadrekit parquet")
    rows["cadrekit · parquet"] = measure("cadrekit", files["parquet"])
    say("end to end csv → csv")
    rows["cadrekit score x.csv -o out.csv"] = end_to_end(files["csv"])
    say("read_csv")
    rows["floor · pandas.read_csv"] = measure("read_csv", files["csv"])
    say("to_csv")
    rows[CSV_FLOOR] = measure("to_csv", files["parquet"])
    say("read_csv + to_csv")
    rows[ROUND_TRIP] = measure("round_trip", files["csv"])
    say("pyarrow read_csv + write_csv")
    rows[ARROW_TRIP] = measure("arrow_trip", files["csv"])
    if size <= XLSX_MAX:
        say("xlsxwriter")
        rows["floor · xlsxwriter constant_memory"] = measure("xlsxwriter", files["parquet"])
        if not quick:
            say("openpyxl")
            rows["floor · openpyxl write-only"] = measure("openpyxl", files["parquet"])
    return rows


# ------------------------------------------------------------------- the table


def fmt(value: Any) -> str:
    if value is None or value == "":
        return ""
    return f"{value:.2f}" if isinstance(value, float) else str(value)


def table(results: dict[str, Any]) -> str:
    heads = ["rows", "case", *STAGES, "total s", "peak MB"]
    lines = ["| " + " | ".join(heads) + " |", "|" + "---|" * len(heads)]
    for size, rows in results["sizes"].items():
        for case, v in rows.items():
            total = v.get("total") or sum(v.get(s, 0.0) for s in STAGES)
            cells = [
                size,
                case,
                *(fmt(v.get(s)) for s in STAGES),
                fmt(total),
                f"{v['peak_mb']:.0f}",
            ]
            lines.append("| " + " | ".join(cells) + " |")
    s = results.get("startup")
    if s:
        lines.append(
            f"| — | python -c 'import typer' (median wall) | | | | | | {s['typer']:.3f} | |"
        )
        lines.append(f"| — | cadrekit --version (median wall) | | | | | | {s['version']:.3f} | |")
    return "\n".join(lines)


def ratios(results: dict[str, Any]) -> list[str]:
    out = []
    sizes = results["sizes"]
    if "100k" in sizes and "floor · python-calamine read" in sizes["100k"]:
        r = sizes["100k"]
        e2e = r["cadrekit score x.xlsx -o out.csv"]["total"]
        floor = r["floor · python-calamine read"]["read"]
        out.append(_goal("100k xlsx → CSV end to end / calamine read", e2e / floor, 3))
    if "1m" in sizes:
        r = sizes["1m"]
        e2e = r["cadrekit score x.csv -o out.csv"]
        floor = r["floor · pandas.read_csv"]["read"]
        out.append(_goal("1m CSV → CSV scored / pandas.read_csv", e2e["total"] / floor, 4))
        for name, case in (("pandas", ROUND_TRIP), ("pyarrow", ARROW_TRIP)):
            trip = r[case]
            out.append(
                f"  floor for any CSV → CSV: {name} reading and writing the roster alone, no "
                f"validation or scoring: {(trip['read'] + trip['write_csv']) / floor:.2f}×"
            )
        peak = e2e["peak_mb"] / 1024
        out.append(
            f"1m CSV → CSV peak memory: {peak:.2f} GB (goal < 1.5 GB) "
            + ("✓" if peak < 1.5 else "✗")
        )
    for size, r in sizes.items():
        if CSV_FLOOR in r and "cadrekit · parquet" in r:
            ours, floor = r["cadrekit · parquet"]["write_csv"], r[CSV_FLOOR]["write_csv"]
            out.append(f"{size} write CSV / pandas to_csv of the same frame: {ours / floor:.2f}×")
    s = results.get("startup")
    if s:
        out.append(
            _goal("cadrekit --version / python -c 'import typer'", s["version"] / s["typer"], 1.5)
        )
        out.append(
            f"  -X importtime: typer {s['typer_import']:.3f} s, cadrekit --version "
            f"{s['version_import']:.3f} s; heavy modules imported by --version: "
            f"{', '.join(s['version_import_heavy']) or 'none'}"
        )
    return out


def _goal(name: str, ratio: float, goal: float) -> str:
    return f"{name}: {ratio:.2f}× (goal ≤ {goal}×) " + ("✓" if ratio <= goal else "✗")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--sizes", default=None, help="comma-separated, e.g. 10k,100k,1m")
    parser.add_argument("--quick", action="store_true", help="10k only, 3 start-up runs")
    parser.add_argument("--runs", type=int, default=None, help="start-up runs (default 7)")
    parser.add_argument("--case", help=argparse.SUPPRESS)
    parser.add_argument("--path", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--xlsx", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.case:
        child(args.case, args.path, args.xlsx)
        return
    sizes = [
        generate.parse_size(s)
        for s in (args.sizes or ("10k" if args.quick else "10k,100k")).split(",")
    ]
    started = time.perf_counter()
    results: dict[str, Any] = {
        "sizes": {},
        "python": sys.version.split()[0],
        "cpus": os.cpu_count(),
    }
    for size in sizes:
        generate.write(size)
        results["sizes"][generate.label(size)] = run_size(size, args.quick)
    print("  start-up…", file=sys.stderr, flush=True)
    results["startup"] = startup(args.runs or (3 if args.quick else 7))
    results["seconds"] = round(time.perf_counter() - started, 1)
    generate.DATA.mkdir(parents=True, exist_ok=True)
    (generate.DATA / "results.json").write_text(json.dumps(results, indent=1), encoding="utf-8")
    print(table(results))
    print()
    print("\n".join(ratios(results)))


if __name__ == "__main__":
    main()
