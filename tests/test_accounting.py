"""No lost data: every input cadre row is accounted for, and an interrupted write loses nothing.

Every row of the cadre sheet is exactly one of: scored (has a rank), not graded with a
reason (grade 不定等次 and a ``limit_reason``), or rejected (a ``rejected-row`` problem
naming its row). The input rows are counted with openpyxl, independently of cadrekit.
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from cadrekit import api

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "data" / "samples"
CADRE_SHEET = "干部名册"
NOT_GRADED = "不定等次"


def input_rows(path: Path) -> dict[int, str]:
    """Spreadsheet row number → 编号 of every non-blank row under the cadre sheet's header."""
    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        rows = list(book[CADRE_SHEET].iter_rows(values_only=True))
    finally:
        book.close()
    header = next(i for i, row in enumerate(rows) if "编号" in row and "姓名" in row)
    column = rows[header].index("编号")
    out = {}
    for i, row in enumerate(rows[header + 1 :], start=header + 2):
        if any(v is not None and str(v).strip() for v in row):
            value = row[column]
            out[i] = "" if value is None else str(value).strip()
    return out


def account(cadres: list[dict[str, Any]], problems: list[dict[str, Any]]) -> dict[str, Any]:
    scored = [c for c in cadres if c["rank"] is not None]
    not_graded = [c for c in cadres if c["rank"] is None]
    rejected = [p for p in problems if p["code"] == "rejected-row" and p["sheet"] == CADRE_SHEET]
    return {"scored": scored, "not_graded": not_graded, "rejected": rejected}


def check(path: Path, cadres: list[dict[str, Any]], problems: list[dict[str, Any]]) -> None:
    rows = input_rows(path)
    parts = account(cadres, problems)
    for cadre in parts["scored"]:
        assert cadre["grade"] != NOT_GRADED, cadre["id"]
    for cadre in parts["not_graded"]:
        assert cadre["grade"] == NOT_GRADED, cadre["id"]
        assert cadre["limit_reason"], cadre["id"]  # says why
    rejected_rows = [p["row"] for p in parts["rejected"]]
    assert len(set(rejected_rows)) == len(rejected_rows), "a row rejected twice"
    assert set(rejected_rows) <= set(rows), "a rejected row that is not an input row"
    total = len(parts["scored"]) + len(parts["not_graded"]) + len(parts["rejected"])
    assert total == len(rows), {k: len(v) for k, v in parts.items()} | {"input": len(rows)}
    # and they are the same rows: the ids of the rows not rejected are the ids in the output
    kept = Counter(v for r, v in rows.items() if r not in set(rejected_rows))
    assert Counter(str(c["id"]) for c in cadres) == kept


SAMPLES_UNDER_TEST = ["county-2025.xlsx", "broken.xlsx"]


@pytest.mark.parametrize("name", SAMPLES_UNDER_TEST)
def test_every_row_accounted_for_by_the_command(name: str) -> None:
    path = SAMPLES / name
    proc = subprocess.run(
        ["cadrekit", "score", str(path), "--lenient", "--format", "json"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    data = json.loads(proc.stdout)
    check(path, data["cadres"], data["problems"])


@pytest.mark.parametrize("name", SAMPLES_UNDER_TEST)
def test_every_row_accounted_for_by_the_library(name: str) -> None:
    path = SAMPLES / name
    result = api.score(path, lenient=True)
    cadres = [
        {
            "id": row["id"],
            "rank": None if row["rank"] is None or row["rank"] != row["rank"] else row["rank"],
            "grade": row["grade"],
            "limit_reason": None if row["limit_reason"] is None else str(row["limit_reason"]),
        }
        for row in result.cadres.astype(object)
        .where(result.cadres.notna(), None)
        .to_dict("records")
    ]
    problems = [{"code": p.code, "sheet": p.sheet, "row": p.row} for p in result.problems]
    check(path, cadres, problems)


def test_the_samples_exercise_every_outcome() -> None:
    """The counts are not vacuous: county has not-graded cadres, broken has rejected rows."""
    county = api.score(SAMPLES / "county-2025.xlsx", lenient=True)
    assert (county.cadres["grade"] == NOT_GRADED).sum() > 0
    broken = api.score(SAMPLES / "broken.xlsx", lenient=True)
    assert sum(p.code == "rejected-row" and p.sheet == CADRE_SHEET for p in broken.problems) > 0


# ------------------------------------------------------------ interrupted writes (CLI)


def run_in_process(monkeypatch: pytest.MonkeyPatch, *args: str) -> int:
    """``cadrekit *args`` in this process (so a writer can be patched); the exit code."""
    from cadrekit.cli import app

    monkeypatch.setattr(sys, "argv", ["cadrekit", *args])
    previous = signal.getsignal(signal.SIGPIPE)
    try:
        app.main()
    except SystemExit as exc:
        return int(exc.code or 0)
    finally:
        signal.signal(signal.SIGPIPE, previous)
    return 0


def _half_written(exc: BaseException):  # type: ignore[no-untyped-def]
    def writer(result: Any, target: Any, *args: Any, **kwargs: Any) -> None:
        if isinstance(target, str | Path):
            Path(target).write_bytes(b"PK\x03\x04 half a workbook")
        else:
            target.write("编号,姓名\nhalf,")
        raise exc

    return writer


@pytest.mark.parametrize("error", [RuntimeError("disk on fire"), KeyboardInterrupt()])
@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_interrupted_write_leaves_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, suffix: str, error: BaseException
) -> None:
    from cadrekit.render import tabular, workbook

    out = tmp_path / f"结果{suffix}"
    old = b"the previous result, byte for byte\n"
    out.write_bytes(old)
    if suffix == ".xlsx":
        monkeypatch.setattr(workbook, "write_workbook", _half_written(error))
    else:
        monkeypatch.setattr(tabular, "write_csv", _half_written(error))
    code = run_in_process(
        monkeypatch, "score", str(SAMPLES / "county-2025.xlsx"), "-o", str(out), "--force"
    )
    assert code == (130 if isinstance(error, KeyboardInterrupt) else 3)
    assert out.read_bytes() == old
    assert sorted(p.name for p in tmp_path.iterdir()) == [out.name]  # no temporary left


def test_the_same_write_unpatched_replaces_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The control: without the failure, --force does replace the old bytes."""
    out = tmp_path / "结果.csv"
    out.write_bytes(b"old\n")
    code = run_in_process(
        monkeypatch, "score", str(SAMPLES / "county-2025.xlsx"), "-o", str(out), "--force"
    )
    assert code == 0
    assert out.read_bytes() != b"old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == [out.name]
