"""Values that parse but cannot be true are errors at their cell, never accepted silently.

Vote counts above 100000 (``implausible-value``, an error) and a 任现职时间 before the
cadre's 16th birthday (``appointed-too-young``, a warning naming both cells). The fixture roster has a title row
and a blank row above its header, so data starts at row 4 (see make_problem_fixtures).
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pytest

from cadrekit import api
from cadrekit.load.loader import rejected_rows

sys.path.insert(0, str(Path(__file__).parent / "fixtures"))
import make_problem_fixtures as fx

VOTE_HEADERS = ["优秀票", "称职票", "基本称职票", "不称职票"]  # K, L, M, N


def _validate(tmp_path: Path, **cells: dict[int, object]) -> object:
    """Validate the fixture roster with ``cells[header][row] = value`` (row 0 is row 4)."""
    book = fx.base_book()
    sheet = book["干部名册"]
    for header, by_row in cells.items():
        column = sheet["header"].index(header)
        for row, value in by_row.items():
            sheet["rows"][row][column] = value
    return api.validate(fx.write_book(book, tmp_path / "roster.xlsx"))


def _hits(dataset: object, *codes: str) -> list[tuple[str, str, str, str, str]]:
    return [
        (p.code, p.location, p.level, p.found, p.expected)
        for p in dataset.problems  # type: ignore[attr-defined]
        if p.code in codes
    ]


# --- vote counts ----------------------------------------------------------------------------


@pytest.mark.parametrize(("header", "letter"), list(zip(VOTE_HEADERS, "KLMN", strict=True)))
def test_a_vote_count_of_10_to_the_15_is_an_error_at_its_cell(tmp_path, header, letter):
    dataset = _validate(tmp_path, **{header: {1: 10**15}})
    assert _hits(dataset, "implausible-value", "out-of-range", "bad-integer") == [
        ("implausible-value", f"干部名册!{letter}5", "error", "1000000000000000", "≤ 100000")
    ]
    assert rejected_rows(dataset) == [1]  # type: ignore[arg-type]


def test_implausible_vote_messages(tmp_path):
    dataset = _validate(tmp_path, 优秀票={1: 10**15})
    hit = next(p for p in dataset.problems if p.code == "implausible-value")  # type: ignore[attr-defined]
    assert hit.column == "优秀票"
    assert hit.title("zh") == "数值大得不合常理：1000000000000000"
    assert hit.title("en") == "implausibly large value: 1000000000000000"
    assert hit.hint("zh") == "优秀票 不应超过 100000；请核对是否多输了数字或粘贴错了列"
    assert hit.hint("en") == (
        "优秀票 should not exceed 100000: check for extra digits or a value pasted"
        " from another column"
    )


def test_vote_counts_up_to_100000_are_accepted(tmp_path):
    dataset = _validate(tmp_path, 优秀票={0: 100_000, 1: 100_001})
    assert _hits(dataset, "implausible-value") == [
        ("implausible-value", "干部名册!K5", "error", "100001", "≤ 100000")
    ]


def test_vote_counts_as_text_are_checked_too(tmp_path):
    dataset = _validate(tmp_path, 称职票={2: "1000000000000000"})
    assert _hits(dataset, "implausible-value") == [
        ("implausible-value", "干部名册!L6", "error", "1000000000000000", "≤ 100000")
    ]


def test_a_count_too_large_for_a_whole_number_is_not_silently_empty(tmp_path):
    # 10^16 is beyond 2^53, where a float no longer holds every whole number: it was
    # read as an empty cell; now it is unreadable, and an error
    dataset = _validate(tmp_path, 优秀票={1: 10**16})
    assert _hits(dataset, "implausible-value", "bad-integer") == [
        ("bad-integer", "干部名册!K5", "error", "10000000000000000", "12")
    ]


def test_a_negative_count_is_still_bad_integer(tmp_path):
    dataset = _validate(tmp_path, 不称职票={0: -1})
    assert _hits(dataset, "implausible-value", "bad-integer", "out-of-range") == [
        ("bad-integer", "干部名册!N4", "error", "-1", "12")
    ]


# --- 任现职时间 against 出生年月 --------------------------------------------------------------


def test_appointed_before_16_names_both_cells(tmp_path):
    # row 5: born 1972.03 (ID number to match), appointed 1950.01
    dataset = _validate(
        tmp_path,
        出生年月={1: "1972.03"},
        身份证号={1: fx.id_number("110105", "19720315", "002")},
        任现职时间={1: "1950.01"},
    )
    hits = [p for p in dataset.problems if p.code == "appointed-too-young"]  # type: ignore[attr-defined]
    assert [(p.location, p.level, p.found, p.expected) for p in hits] == [
        ("干部名册!J5", "warning", "1950.01", "≥ 1988-03-01")
    ]
    hit = hits[0]
    assert hit.params == {
        "earliest": "1988-03-01",
        "birth": "1972.03",
        "birth_cell": "干部名册!I5",
        "age": 16,
    }
    assert (
        hit.title("zh") == "任现职时间 1950.01 早于年满 16 周岁（出生年月 1972.03，见 干部名册!I5）"
    )
    assert (
        hit.title("en")
        == "appointed on 1950.01, before the age of 16 (born 1972.03, see 干部名册!I5)"
    )
    assert (
        hit.hint("zh") == "请核对此单元格与 干部名册!I5 的出生年月；任现职时间应不早于 1988-03-01"
    )
    assert hit.hint("en") == (
        "check this cell and the birth date in 干部名册!I5; the appointment cannot be"
        " before 1988-03-01"
    )
    assert rejected_rows(dataset) == []  # type: ignore[arg-type]  # a warning: still scored


@pytest.mark.parametrize(
    ("appointed", "too_young"),
    [
        ("2006.01", False),  # born 1990.01 (1990-01-05 in the ID number): 16 in 2006.01
        ("2005.12", True),
        (dt.date(2006, 1, 5), False),  # the 16th birthday, to the day
        (dt.date(2006, 1, 4), False),  # born 1990-01-01 as 出生年月 says: 16 already
        ("1989.06", True),  # before birth
    ],
)
def test_appointment_age_boundary(tmp_path, appointed, too_young):
    dataset = _validate(tmp_path, 任现职时间={1: appointed})
    found = [p.location for p in dataset.problems if p.code == "appointed-too-young"]  # type: ignore[attr-defined]
    assert found == (["干部名册!J5"] if too_young else [])


def test_appointment_without_birth_date_is_not_checked(tmp_path):
    dataset = _validate(tmp_path, 出生年月={1: None}, 任现职时间={1: "1950.01"})
    assert _hits(dataset, "appointed-too-young") == []


def test_appointed_after_today_is_a_future_date(tmp_path):
    later = dt.date.today() + dt.timedelta(days=40)
    dataset = _validate(tmp_path, 任现职时间={2: later})
    assert _hits(dataset, "future-date", "appointed-too-young") == [
        ("future-date", "干部名册!J6", "error", later.isoformat(), f"≤ {dt.date.today()}")
    ]


# --- training hours -------------------------------------------------------------------


def test_training_hours_above_2000_are_implausible(tmp_path):
    book = fx.base_book()
    first = book["干部名册"]["rows"][0][0]
    book["教育培训"] = {
        "header": ["编号", "日期", "培训内容", "学时"],
        "rows": [[first, "2025-05-10", "党的创新理论", 5000], [first, "2025-06-10", "x", 2000]],
    }
    dataset = api.validate(fx.write_book(book, tmp_path / "roster.xlsx"))
    assert _hits(dataset, "implausible-value") == [
        ("implausible-value", "教育培训!D4", "error", "5000", "≤ 2000")
    ]


def test_event_points_have_no_upper_bound(tmp_path):
    """DEFAULT_RULES §5: deductions are summed with no cap, so a large 分值 is data."""
    book = fx.base_book()
    events = book["纪实记录"]
    events["rows"][0][events["header"].index("分值")] = 500
    dataset = api.validate(fx.write_book(book, tmp_path / "roster.xlsx"))
    assert [p for p in dataset.problems if p.level == "error"] == []
