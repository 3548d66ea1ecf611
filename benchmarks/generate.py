"""Synthetic rosters of any size for the benchmarks: xlsx, CSV and Parquet of the same roster.

    python benchmarks/generate.py --sizes 10k,100k,1m      # into benchmarks/data/
    python benchmarks/generate.py --sizes 5000 --seed 7 --force

One roster per size from ``scripts/samplegen.py`` (fixed seed, the sample county's shape:
~15 cadres per unit, five tracks, Chinese headers, the default rules' indicators). Each
size is written three ways, the roster sheet only so that the formats compare like for
like: ``roster-{size}.xlsx`` (with a merged title row, as officers send it; only up to
Excel's 1,048,576 rows and, unless ``--xlsx-max`` says otherwise, 100k rows, since
writing it is slow), ``roster-{size}.csv`` (UTF-8, dates as 2021-03-15) and
``roster-{size}.parquet``. Files that exist are kept unless ``--force``.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "benchmarks" / "data"
TITLE = "2025年度干部考核汇总表"
EXCEL_MAX_ROWS = 1_048_576


def parse_size(text: str) -> int:
    """10k → 10000, 1m → 1000000, 2500 → 2500."""
    text = text.strip().lower().replace("_", "")
    scale = {"k": 1_000, "m": 1_000_000}.get(text[-1:], 1)
    number = text[:-1] if scale > 1 else text
    return int(float(number) * scale)


def label(size: int) -> str:
    if size % 1_000_000 == 0:
        return f"{size // 1_000_000}m"
    if size % 1_000 == 0:
        return f"{size // 1_000}k"
    return str(size)


def paths(size: int, folder: Path = DATA) -> dict[str, Path]:
    stem = folder / f"roster-{label(size)}"
    return {kind: stem.with_suffix(f".{kind}") for kind in ("xlsx", "csv", "parquet")}


def roster(size: int, seed: int):  # type: ignore[no-untyped-def]
    sys.path.insert(0, str(ROOT / "scripts"))
    import samplegen

    return samplegen.generate(size, seed=seed)["cadres"]


def write(size: int, *, seed: int = 2025, xlsx_max: int = 100_000, force: bool = False) -> None:
    """Write the missing files of one size (each through a temporary name, then renamed)."""
    targets = paths(size)
    wanted = {k: p for k, p in targets.items() if force or not p.exists()}
    if size > min(xlsx_max, EXCEL_MAX_ROWS - 2):
        wanted.pop("xlsx", None)
    if not wanted:
        return
    DATA.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    frame = roster(size, seed)
    for kind, path in wanted.items():
        t0 = time.perf_counter()
        partial = path.with_name(f".{path.name}.partial.{kind}")
        if kind == "csv":
            frame.to_csv(partial, index=False, date_format="%Y-%m-%d")
        elif kind == "parquet":
            frame.to_parquet(partial, index=False)
        else:
            import samplegen

            samplegen.write_xlsx({"cadres": frame}, partial, TITLE)
        partial.replace(path)
        print(
            f"wrote {path.relative_to(ROOT)} in {time.perf_counter() - t0:.1f} s", file=sys.stderr
        )
    print(f"{label(size)}: {time.perf_counter() - started:.1f} s", file=sys.stderr)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--sizes", default="10k,100k", help="comma-separated: 10k,100k,1m")
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument(
        "--xlsx-max", type=parse_size, default=100_000, help="largest xlsx to write"
    )
    parser.add_argument("--force", action="store_true", help="rewrite files that exist")
    args = parser.parse_args()
    for size in (parse_size(s) for s in args.sizes.split(",")):
        write(size, seed=args.seed, xlsx_max=args.xlsx_max, force=args.force)


if __name__ == "__main__":
    main()
