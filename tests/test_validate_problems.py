"""Every load problem code, from a fixture workbook, reported at its exact cell.

The fixtures have a title row and a blank row above each header, so ``干部名册!S5`` proves
that rows are the spreadsheet's own numbers.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pytest

from cadrekit import api
from cadrekit.errors import InputFileError
from cadrekit.load.loader import rejected_rows
from cadrekit.problems import CATALOGUE, Problem

sys.path.insert(0, str(Path(__file__).parent / "fixtures"))
import make_problem_fixtures as fx

# Codes produced by other stages (rules, scoring, weights) are tested there.
LOAD_STAGE = {
    "missing-sheet", "no-header", "missing-column", "duplicate-column", "skipped-title-row",
    "skipped-blank-row", "skipped-total-row", "unknown-column", "unknown-sheet", "hidden-sheet",
    "missing-value", "bad-number", "out-of-range", "bad-integer", "bad-date", "future-date",
    "bad-choice", "bad-boolean", "duplicate-id", "unknown-id", "unknown-id-case", "unknown-unit", "bad-id-number",
    "id-number-birth-mismatch", "zero-votes", "blank-vote", "no-quarter", "missing-indicator",
}  # fmt: skip


def test_every_load_code_has_a_fixture():
    assert set(fx.CASES) == LOAD_STAGE
    assert set(CATALOGUE) >= LOAD_STAGE


def test_the_valid_workbook_has_only_notes(tmp_path):
    dataset = api.validate(fx.build_valid(tmp_path))
    assert [(p.code, p.location) for p in dataset.problems] == [
        ("skipped-title-row", "干部名册!1"),
        ("skipped-title-row", "纪实记录!1"),
    ]
    assert len(dataset.cadres) == 3


@pytest.mark.parametrize("code", sorted(fx.CASES))
def test_problem_is_located(code, tmp_path):
    path, case = fx.build(code, tmp_path)
    dataset = api.validate(path)
    location = case.location.format(file=path.name)
    hits = [p for p in dataset.problems if p.code == code]
    assert hits, [(p.code, p.location) for p in dataset.problems]
    assert location in [p.location for p in hits]
    hit = next(p for p in hits if p.location == location)
    if case.found is not None:
        assert hit.found == case.found
    assert hit.title("zh") and hit.title("en")
    if hit.level == "error" and hit.sheet == "干部名册" and hit.row and hit.row > 3:
        # --lenient leaves the row out only when the error makes it unscorable
        assert (hit.row - 4 in rejected_rows(dataset)) == hit.blocks_scoring


def test_duplicate_ids_point_at_each_other(tmp_path):
    path, _ = fx.build("duplicate-id", tmp_path)
    hits = [p for p in api.validate(path).problems if p.code == "duplicate-id"]
    assert {(p.location, p.params["other"]) for p in hits} == {
        ("干部名册!A5", "干部名册!A6"),
        ("干部名册!A6", "干部名册!A5"),
    }


def test_problem_fields(tmp_path):
    path, _ = fx.build("bad-choice", tmp_path)
    hit = next(p for p in api.validate(path).problems if p.code == "bad-choice")
    assert (hit.sheet, hit.row, hit.column, hit.found) == ("干部名册", 5, "一季度", "优")
    assert hit.expected == "好、较好、一般、较差"
    assert hit.hint("en") == "allowed: 好、较好、一般、较差"


def test_missing_indicator_names_the_track(tmp_path):
    path, _ = fx.build("missing-indicator", tmp_path)
    hit = next(p for p in api.validate(path).problems if p.code == "missing-indicator")
    assert hit.params == {"track": "staff", "track_label": "一般干部"}
    assert hit.hint("zh") == "赛道 一般干部 需要指标 工作实绩，请填写 0–100 的分数"


def test_old_15_digit_id_number_is_a_warning(tmp_path):
    book = fx.base_book()
    sheet = book["干部名册"]
    i = sheet["header"].index("身份证号")
    sheet["rows"][1][i] = "110105900105002"  # 15 digits, born 1990-01-05
    path = fx.write_book(book, tmp_path / "old.xlsx")
    hits = [p for p in api.validate(path).problems if p.code == "bad-id-number"]
    assert [(p.location, p.level) for p in hits] == [("干部名册!H5", "warning")]
    assert hits[0].found == "110105*****5002"  # masked


def test_unreadable_file_raises(tmp_path):
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"not a workbook at all")
    with pytest.raises(InputFileError):
        api.validate(path)


@pytest.mark.parametrize(
    "numbers",
    [
        ["11010519491231002x", "110105194912310021", "11010519491331002X"],
        ["一二三四五六", "12345678901234567Y", "11010520250231002X"],
        ["110105900105002", "11010519491231002X", None],
    ],
)
def test_id_numbers_by_byte_grid_as_by_regex(tmp_path, monkeypatch, numbers):
    """18 bytes in every cell: checked as a byte grid, with the regex path's problems."""
    from cadrekit.load import validate_ids

    book = fx.base_book()
    sheet = book["干部名册"]
    i = sheet["header"].index("身份证号")
    for row, number in zip(sheet["rows"], numbers, strict=True):
        row[i] = number
    path = fx.write_book(book, tmp_path / "ids.xlsx")

    def found() -> list[tuple[str, str, str, object]]:
        return [(p.code, p.location, p.level, p.found) for p in api.validate(path).problems]

    grid = found()
    monkeypatch.setattr(validate_ids, "_byte_grid", lambda text, width: None)
    assert grid == found()
    assert any(code == "bad-id-number" for code, *_ in grid)


def test_number_yyyy_1_warns_at_its_cell(tmp_path):
    """A number 2022.1 is read as October, never silently: a warning at the cell."""
    book = fx.base_book()
    sheet = book["干部名册"]
    j = sheet["header"].index("任现职时间")
    sheet["rows"][0][j] = 2022.01  # a number with two digits: January, no warning
    sheet["rows"][1][j] = 2022.1  # the number Excel keeps for a typed 2022.10
    sheet["rows"][2][j] = "2022.1"  # text: January as written, no warning
    path = fx.write_book(book, tmp_path / "months.xlsx")
    dataset = api.validate(path)
    hits = [p for p in dataset.problems if p.code == "ambiguous-month"]
    assert [(p.location, p.level, p.found, p.expected) for p in hits] == [
        ("干部名册!J5", "warning", "2022.1", "2022-10")
    ]
    assert hits[0].title("zh") == (
        "数字 2022.1 读作 2022年10月（Excel 把 2022.10 存成 2022.1）；若是 1 月，请写 2022.01 或 2022-01"
    )
    assert hits[0].title("en") == (
        "the number 2022.1 is read as October 2022 (Excel stores 2022.10 as 2022.1);"
        " for January write 2022.01 or 2022-01"
    )
    assert hits[0].hint("zh") == (
        "若确是 10 月，请写成 2022-10 或 2022年10月（或先把单元格设为文本），不再提示"
    )
    assert hits[0].hint("en") == (
        "if October is meant, write 2022-10 or 2022年10月 (or format the cell as text)"
        " and the warning goes away"
    )
    appointed = dataset.cadres["appointed_on"].dt.strftime("%Y-%m").tolist()
    assert appointed == ["2022-01", "2022-10", "2022-01"]
    assert rejected_rows(dataset) == []  # a warning: the row is still scored


def test_an_id_differing_only_in_case_names_the_roster_id(tmp_path):
    path, _ = fx.build("unknown-id-case", tmp_path)
    (hit,) = [p for p in api.validate(path).problems if p.code == "unknown-id-case"]
    assert (hit.location, hit.found) == ("纪实记录!A4", "a001")
    assert hit.title("zh") == "编号不在干部名册中（名册中有 A001，仅大小写不同）"
    assert hit.hint("zh") == "若是同一人，请改为 A001"


# Errors on a cadre row whose value does not enter the score: --lenient scores the row.
SCORED_DESPITE = {
    "bad-id-number",
    "id-number-birth-mismatch",
    "id-number-as-number",
    "bad-date",
    "future-date",
}


def test_which_errors_leave_a_cadre_row_unscorable():
    errors = {code for code, entry in CATALOGUE.items() if entry.severity == "error"}
    assert {c for c in errors if not CATALOGUE[c].blocks_scoring} == SCORED_DESPITE
    assert not Problem("bad-id-number", severity="error").blocks_scoring
    assert Problem("bad-number").blocks_scoring
    assert not Problem("bad-number", severity="warning").blocks_scoring  # not an error


@pytest.mark.parametrize(
    "code", sorted(c for c, case in fx.CASES.items() if case.location.startswith("干部名册!") and c in {
        "missing-value", "bad-number", "out-of-range", "bad-integer", "bad-date", "future-date",
        "bad-choice", "bad-boolean", "bad-id-number", "id-number-birth-mismatch", "zero-votes",
        "no-quarter", "missing-indicator",
    })
)  # fmt: skip
def test_lenient_leaves_out_only_rows_an_error_makes_unscorable(code, tmp_path):
    """Through api.score on the loaded fixture: A002 (row 5) has the error."""
    path, case = fx.build(code, tmp_path)
    result = api.score(path, lenient=True, today=dt.date(2026, 1, 15))
    ids = list(result.cadres["id"])
    listed = [(p.code, p.level) for p in result.problems if p.location == case.location]
    if code in SCORED_DESPITE:
        assert sorted(ids) == ["A001", "A002", "A003"]
        assert (code, "error") in listed  # still said, on the scored row
        assert int(result.groups["n"].sum()) == 3  # and in the quota base
    else:
        assert sorted(ids) == ["A001", "A003"]
        rejected = [p for p in result.problems if p.code == "rejected-row"]
        assert [p.location for p in rejected] == ["干部名册!5"]
        assert code in rejected[0].params["errors"]
