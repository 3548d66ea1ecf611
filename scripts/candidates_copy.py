"""A copy of a workbook with more promotion candidates, for the docs' ``vet`` examples.

The given cadres are appended to the copy's 拟提拔人选 sheet, after its last row, as
candidates whose four 必 checks are complete: 档案审核 已审核 (无异常), 个人有关事项报告核查
一致, 纪检监察机关意见 暂未发现影响提拔任用的问题, 信访举报核查 无; 拟任职务 正职领导职务.
Whatever ``vet`` then says of them comes from the rest of the workbook (their grades, their
监督信息). Every other sheet is copied as it is.

    python scripts/candidates_copy.py data/samples/county-2025.xlsx candidates.xlsx A0029 A0113

The copy is never written over an existing file nor inside the repository's data/ folder
(the samples stay as scripts/make_samples.py wrote them): docs run it in a scratch folder
(a chain in scripts/gen_docs_output.py).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import openpyxl

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
SHEET = "拟提拔人选"
COMPLETE = {
    "拟任职务": "正职领导职务",
    "档案审核": "已审核",
    "档案审核意见": "无异常",
    "个人有关事项报告核查": "一致",
    "纪检监察机关意见": "暂未发现影响提拔任用的问题",
    "信访举报核查": "无",
}


def refusal(target: Path) -> str | None:
    """Why ``target`` may not be written, or None."""
    if target.exists():
        return f"{target} exists already: choose another name"
    if target.resolve().is_relative_to(DATA.resolve()):
        return f"{target} is inside {DATA}: the samples are not edited (write the copy elsewhere)"
    return None


def write(source: Path, target: Path, ids: list[str]) -> list[int]:
    """Write the copy; the rows (1-based) the candidates landed on."""
    wb = openpyxl.load_workbook(source)
    ws = wb[SHEET]
    header = [cell.value for cell in ws[1]]
    missing = [name for name in ["编号", *COMPLETE] if name not in header]
    if missing:
        raise SystemExit(f"{source}: {SHEET} has no column {', '.join(missing)}")
    roster = {row[0] for row in wb["干部名册"].iter_rows(min_row=2, values_only=True)}
    listed = {row[0] for row in ws.iter_rows(min_row=2, values_only=True)}
    for cadre in ids:
        if cadre not in roster or cadre in listed:
            where = "not on 干部名册" if cadre not in roster else f"already on {SHEET}"
            raise SystemExit(f"{source}: {cadre} is {where}")
    last = max((c.row for row in ws.iter_rows() for c in row if c.value is not None), default=1)
    rows = []
    for at, cadre in enumerate(ids, start=last + 1):
        values = {"编号": cadre, **COMPLETE}
        for column, name in enumerate(header, start=1):
            ws.cell(at, column, values.get(name))
        rows.append(at)
    with target.open("xb") as out:  # never over a file that appeared meanwhile
        wb.save(out)
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("source", type=Path, help="the workbook to copy")
    parser.add_argument("target", type=Path, help="the copy (a new file, outside data/)")
    parser.add_argument("ids", nargs="+", help="the cadres (编号) to add as candidates")
    args = parser.parse_args(argv)
    why = refusal(args.target)
    if why:
        print(f"candidates_copy: {why}", file=sys.stderr)
        return 2
    rows = write(args.source, args.target, args.ids)
    print(f"{args.target}: {SHEET} rows {', '.join(map(str, rows))} added ({' '.join(args.ids)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
