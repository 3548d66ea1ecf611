"""A CSV data row with more values than its header: an error at that row, never shifted data.

An unquoted delimiter inside a value (职务 “党委委员,副镇长”) gives the row one value too
many and moves every later value one column right. The reader still widens the frame so
that short title rows above the header read; the header detection then reports each data
row longer than the header as ``csv-wide-row``, which ``validate`` and ``score`` refuse and
``score --lenient`` leaves out. Empty fields past the header and title rows are not errors.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from cadrekit import api
from runner import run_cadrekit

SAMPLE = Path(__file__).parents[1] / "data" / "samples" / "county-2025-cadres.csv"
ROWS = 20  # data rows taken from the sample
WIDE_ID = "A0010"  # its 工作实绩 (the last column) is filled: the shift pushes 87 past it


def sample_lines() -> tuple[str, list[str]]:
    """The sample's header and first data rows, without the title row or line ends."""
    lines = SAMPLE.read_bytes().decode("gb18030").splitlines()
    return lines[1], lines[2 : 2 + ROWS]


def roster(
    folder: Path,
    *,
    title: str | None = "2025年度干部考核名册",
    wide: str | None = WIDE_ID,
    sep: str = ",",
    pad: str = "",
    pad_header: bool = False,
    name: str = "roster.csv",
) -> Path:
    """Title (line 1), header, sample rows; ``wide``'s 职务 holds an unquoted delimiter;
    ``pad`` is appended to each data row (and the header with ``pad_header``)."""
    header, rows = sample_lines()
    out = [] if title is None else [title]
    out.append((header + (pad if pad_header else "")).replace(",", sep))
    for row in rows:
        cells = row.split(",")
        if cells[0] == wide:
            cells[5] = f"党委委员{sep}副镇长"
        out.append(sep.join(cells) + pad.replace(",", sep))
    path = folder / name
    path.write_text("\n".join(out) + "\n", encoding="utf-8")
    return path


def cadrekit(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return run_cadrekit(*args)


def wide_problems(path: Path) -> list:
    return [p for p in api.validate(path).problems if p.code == "csv-wide-row"]


# --- the widened row ------------------------------------------------------------------------


def test_a_wide_row_is_an_error_at_its_row(tmp_path: Path) -> None:
    (problem,) = wide_problems(roster(tmp_path))
    assert problem.level == "error"
    # title on line 1, header on line 2: A0010, the 10th data row, is line 12
    assert (problem.location, problem.sheet, problem.row) == ("roster!A12", "roster", 12)
    assert problem.title() == "CSV 第 12 行有 29 个值，表头只有 28 列"
    assert problem.hint() == "值中含逗号时须用英文双引号把整个值括起来，或在 Excel 中另存为 .xlsx"
    assert problem.title("en") == "CSV line 12 has 29 values but the header has only 28 columns"
    assert problem.hint("en") == (
        "a comma inside a value must be inside double quotes; or save it from Excel as .xlsx"
    )


def test_a_wide_row_whose_last_columns_were_empty(tmp_path: Path) -> None:
    """A0001 leaves 工作实绩 empty: the shift pushes only an empty field past the header,
    yet the row has one field more than the header line and every other row."""
    (problem,) = wide_problems(roster(tmp_path, wide="A0001"))
    assert problem.location == "roster!A3"
    assert problem.title() == "CSV 第 3 行有 29 个值，表头只有 28 列"


def test_validate_and_score_exit_1(tmp_path: Path) -> None:
    path = roster(tmp_path)
    checked = cadrekit("validate", path, "--format", "json")
    assert checked.returncode == 1
    (wide,) = [p for p in json.loads(checked.stdout)["problems"] if p["code"] == "csv-wide-row"]
    assert (wide["location"], wide["severity"]) == ("roster!A12", "error")
    assert f"{wide['message']} — {wide['hint']}" == (
        "CSV 第 12 行有 29 个值，表头只有 28 列"
        " — 值中含逗号时须用英文双引号把整个值括起来，或在 Excel 中另存为 .xlsx"
    )
    scored = cadrekit("score", path, "--format", "json")
    assert scored.returncode == 1 and scored.stdout == ""
    assert "CSV 第 12 行有 29 个值，表头只有 28 列 (csv-wide-row)" in scored.stderr


def test_lenient_score_leaves_the_row_out_and_lists_it(tmp_path: Path) -> None:
    done = cadrekit("score", roster(tmp_path), "--lenient", "--format", "json")
    assert done.returncode == 0, done.stderr
    doc = json.loads(done.stdout)
    (rejected,) = [p for p in doc["problems"] if p["code"] == "rejected-row"]
    assert rejected["location"] == "roster!12"
    assert "csv-wide-row" in rejected["params"]["errors"]
    ids = [c["id"] for c in doc["cadres"]]
    assert len(ids) == ROWS - 1 and WIDE_ID not in ids


def test_a_tab_separated_file_names_the_tab(tmp_path: Path) -> None:
    path = roster(tmp_path, sep="\t", name="roster.tsv")
    (problem,) = wide_problems(path)
    assert problem.location == "roster!A12"
    assert problem.title() == "CSV 第 12 行有 29 个值，表头只有 28 列"
    assert problem.hint() == "值中含制表符时须用英文双引号把整个值括起来，或在 Excel 中另存为 .xlsx"
    assert problem.hint("en") == (
        "a tab inside a value must be inside double quotes; or save it from Excel as .xlsx"
    )
    assert cadrekit("validate", path).returncode == 1


# --- not errors -----------------------------------------------------------------------------


@pytest.mark.parametrize("pad_header", [False, True], ids=["rows-only", "excel-export"])
def test_trailing_empty_fields_are_not_flagged(tmp_path: Path, pad_header: bool) -> None:
    path = roster(tmp_path, wide=None, pad=",,", pad_header=pad_header)
    assert wide_problems(path) == []
    assert cadrekit("validate", path).returncode == 0


@pytest.mark.parametrize(
    "title",
    ["2025年度干部考核名册", "单位：城关镇" + "," * 30 + "填表日期：2025-12-31"],
    ids=["short", "wider-than-the-header"],
)
def test_title_rows_above_the_header_are_not_flagged(tmp_path: Path, title: str) -> None:
    path = roster(tmp_path, title=title, wide=None)
    problems = api.validate(path).problems
    assert [p.code for p in problems if p.level == "error"] == []
    assert [p.location for p in problems if p.code == "skipped-title-row"] == ["roster!1"]
    assert cadrekit("validate", path).returncode == 0
