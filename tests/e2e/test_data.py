"""Data at the edges, end to end on LibreOffice-saved workbooks (cases/data.py)."""

from __future__ import annotations

import csv
import io
import json
import shutil

from cases.data import OTHER_ID
from office import id_number

from runner import run_cadrekit

A0001_ID = id_number("110105", "19850612", "001")


def rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def problems(path) -> list[dict[str, str]]:
    proc = run_cadrekit("validate", path, "--format", "json")
    return json.loads(proc.stdout)["problems"]


# --- 14.3: ID numbers under other headers, and in unknown columns -------------------------


def test_id_number_header_alias_and_unknown_column_are_masked(corpus, tmp_path):
    path = corpus.saved("data-id-header")
    proc = run_cadrekit("score", path, "--format", "csv", "--lang", "en")
    assert proc.returncode == 0, proc.stderr
    by_id = {r["id"]: r for r in rows(proc.stdout)}
    first = by_id["A0001"]
    assert first["id_number"] == "110105********0018"  # 身份证号码 is the id_number column
    assert first["户籍证件"] == "320102********1238"  # an unknown column: masked too
    assert A0001_ID[:6] + "*" * 8 + A0001_ID[-4:] == first["id_number"]
    for fmt in ("csv", "json", "jsonl", "table"):
        out = run_cadrekit("score", path, "--format", fmt).stdout
        assert OTHER_ID not in out and A0001_ID not in out, fmt
    run_cadrekit("score", path, "-o", tmp_path / "out.xlsx")
    assert OTHER_ID.encode() not in _xlsx_bytes(tmp_path / "out.xlsx")
    explain = run_cadrekit("explain", path, "A0001", "--format", "json")
    assert explain.returncode == 0, explain.stderr
    assert OTHER_ID not in explain.stdout
    (tmp_path / "in").mkdir()
    shutil.copy(path, tmp_path / "in" / "unit.xlsx")
    batch = run_cadrekit("batch", tmp_path / "in", "-o", tmp_path / "res")
    assert batch.returncode == 0, batch.stderr
    for out in (tmp_path / "res").iterdir():
        data = _xlsx_bytes(out) if out.suffix == ".xlsx" else out.read_bytes()
        assert OTHER_ID.encode() not in data, out.name
    shown = run_cadrekit("score", path, "--format", "csv", "--show-id-numbers")
    assert OTHER_ID in shown.stdout and A0001_ID in shown.stdout


def _xlsx_bytes(path) -> bytes:
    import zipfile

    with zipfile.ZipFile(path) as book:
        return b"".join(book.read(n) for n in book.namelist())


# --- 14.6 / 18.12: dates outside any plausible range ---------------------------------------

EVENT_RANGE = "1949-01-01 – 2100-12-31"


def only(found: list[dict[str, str]], code: str) -> dict[str, str]:
    hits = [p for p in found if p["code"] == code]
    assert len(hits) == 1, found
    return hits[0]


def test_event_dated_9999_is_a_located_error_not_a_crash(corpus):
    for case in ("data-event-9999-cell", "data-event-9999-text"):
        path = corpus.saved(case)
        p = only(problems(path), "implausible-date")
        assert (p["severity"], p["location"], p["found"], p["expected"]) == (
            "error",
            "纪实记录!C4",
            "9999-12-31",
            EVENT_RANGE,
        )
        assert p["message"] == f"日期 9999-12-31 不在合理范围（{EVENT_RANGE}）内，未采用"
        assert p["hint"] == (
            "请改正此单元格，写成 2021-03-15、2021.03 或 2021年3月（单元格设为文本更稳妥）"
        )
        proc = run_cadrekit("score", path, "--format", "csv")
        assert proc.returncode == 1, proc.stderr
        assert "internal error" not in proc.stderr and "Traceback" not in proc.stderr
        assert "纪实记录!C4" in proc.stderr
        lenient = run_cadrekit("score", path, "--format", "csv", "--lenient", "--year", "2025")
        assert lenient.returncode == 0, lenient.stderr
        assert {r["编号"]: r["加分"] for r in rows(lenient.stdout)}["A0001"] == "0.00"


def test_event_dated_1900_is_an_error_and_never_the_assessment_year(corpus):
    path = corpus.saved("data-event-1900")
    p = only(problems(path), "implausible-date")
    assert (p["severity"], p["location"], p["message"]) == (
        "error",
        "纪实记录!C4",
        f"日期 1900-01-01 不在合理范围（{EVENT_RANGE}）内，未采用",
    )
    assert run_cadrekit("score", path, "--format", "csv").returncode == 1
    lenient = run_cadrekit("score", path, "--format", "json", "--lenient")
    assert lenient.returncode == 0, lenient.stderr
    assert json.loads(lenient.stdout)["year"] != 1900
    assert "考核年度 1900" not in lenient.stderr
    assert run_cadrekit("score", path, "--year", "1900").returncode == 2  # as before


def test_year_month_typed_into_a_date_cell_warns_with_the_likely_reading(corpus):
    path = corpus.saved("data-year-month-cell")
    p = only(problems(path), "implausible-date")
    assert (p["severity"], p["location"], p["column"], p["expected"]) == (
        "warning",
        "干部名册!J4",
        "任现职时间",
        EVENT_RANGE,
    )
    assert p["message"] == (
        f"日期 1905-07-13 不在合理范围（{EVENT_RANGE}）内，未采用"
        "；可能是 2021年3月（2021.03 输入到了日期格式的单元格）"
    )
    found = problems(path)
    assert not [q for q in found if q["code"] == "appointed-too-young"]  # 1905 is not used
    proc = run_cadrekit("score", path, "--format", "csv")
    assert proc.returncode == 0, proc.stderr
    assert "可能是 2021年3月" in proc.stderr
    by_id = {r["编号"]: r for r in rows(proc.stdout)}
    assert by_id["A0001"]["任现职时间"] == ""  # left empty, never 1905
    assert by_id["A0002"]["任现职时间"] == "2021-03-01"


# --- 14.7: ids that differ only by an invisible character ----------------------------------


def test_soft_hyphen_id_is_the_same_id_and_said_at_the_cell(corpus):
    path = corpus.saved("data-soft-hyphen-id")
    found = problems(path)
    p = only(found, "invisible-character")
    assert (p["severity"], p["location"], p["found"], p["message"]) == (
        "warning",
        "干部名册!A5",
        "A<U+00AD>0001",
        "含看不见的字符 U+00AD（软连字符），已删除，读作 A0001",
    )
    dups = sorted(q["location"] for q in found if q["code"] == "duplicate-id")
    assert dups == ["干部名册!A4", "干部名册!A5"]  # two cadres showing as A0001: caught
    proc = run_cadrekit("score", path, "--format", "csv")
    assert proc.returncode == 1, proc.stderr
    assert "编号重复" in proc.stderr and "Traceback" not in proc.stderr
