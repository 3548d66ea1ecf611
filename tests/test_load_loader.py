"""The loader's output frames follow the engine's input contract."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from types import SimpleNamespace as NS

import pandas as pd

from cadrekit.load.loader import load_book, rejected_rows
from runner import run_cadrekit


def book(**sheets: list[list[object]]) -> NS:
    return NS(
        path=Path("roster.xlsx"),
        sha256="0" * 64,
        sheets=[
            NS(name=n, frame=pd.DataFrame(r, dtype=object), hidden=False) for n, r in sheets.items()
        ],
    )


ROSTER = [
    ["编号", "姓名", "单位", "一把手", "考核状态", "优秀票", "一季度", "经济发展", "备注"],
    [1.0, "张三", "城关镇", "√", None, "12", "好", "88", "x"],
    ["A2", "李四", "城关镇", None, "不参加", 3, None, None, None],
]
EVENTS = [
    ["编号", "单位", "日期", "类型", "分值"],
    ["1", None, "2025.06", "加分", "1"],
    [None, "城关镇", 45800, "一票否决", None],
]
SUPERVISION = [["编号", "日期", "处理类型"], ["A2", "2025-04-02", "诫勉"]]


def test_cadre_frame_contract():
    ds = load_book(book(干部名册=ROSTER))
    c = ds.cadres
    assert c["id"].tolist() == ["1", "A2"]
    assert c["top_leader"].tolist() == [True, False] and c["top_leader"].dtype == bool
    assert c["status"].tolist() == ["参加", "不参加"]
    assert str(c["votes_excellent"].dtype) == "Int64"
    assert c["q1"].isna().tolist() == [False, True]
    assert c["备注"].tolist() == ["x", None]  # carried through untouched
    assert {"unit_type", "layer", "post", "track", "q4", "votes_basic"} <= set(c.columns)
    sheet = ds.sheets["cadres"]
    assert sheet.rows == [2, 3] and sheet.cell(1, "q1") == "干部名册!G3"


def test_indicators_from_rules_are_numbers():
    rules = NS(
        indicator_columns=lambda: {"经济发展": (0.0, 100.0)},
        components=NS(votes=None, quarterly=None),
        tracks=[],
    )
    ds = load_book(book(干部名册=ROSTER), rules=None)
    assert ds.cadres["经济发展"].tolist() == ["88", None]  # unknown without rules
    from cadrekit.load import loader

    sheet, _ = loader.read_sheet(
        NS(name="干部名册", frame=pd.DataFrame(ROSTER, dtype=object)),
        "cadres",
        rules.indicator_columns(),
    )
    assert sheet is not None
    assert sheet.sheet.frame["经济发展"].tolist()[0] == 88.0


def test_events_and_supervision_frames():
    ds = load_book(book(干部名册=ROSTER, 纪实记录=EVENTS, 监督信息=SUPERVISION))
    e = ds.frame("events")
    assert e is not None
    assert e["date"].tolist() == [pd.Timestamp("2025-06-01"), pd.Timestamp("2025-05-23")]
    assert e["points"].tolist() == [1.0, 0.0]
    assert e["id"].isna().tolist() == [False, True]
    s = ds.frame("supervision")
    assert s is not None and "verified" not in s.columns  # absent means verified
    assert [p.code for p in ds.problems if p.level == "error"] == []


def test_future_dates_need_a_clock():
    roster = [*ROSTER[:2], ["A3", "王五", "城关镇", None, None, 1, "好", 80, None]]
    roster = [
        [*row, v] for row, v in zip(roster, ["任现职时间", "2030.01", "2020.01"], strict=True)
    ]
    assert not [p for p in load_book(book(干部名册=roster)).problems if p.code == "future-date"]
    late = [
        p.location
        for p in load_book(book(干部名册=roster), today=dt.date(2025, 12, 31)).problems
        if p.code == "future-date"
    ]
    assert late == ["干部名册!J2"]


def test_rejected_rows_are_frame_labels():
    roster = [*ROSTER, ["A2", None, "城关镇", None, None, 1, "好", 80, None]]
    ds = load_book(book(干部名册=roster))
    assert rejected_rows(ds) == [1, 2]  # duplicate A2 (rows 3 and 4), and row 4 has no name


# --- a roster with a header and no cadres -----------------------------------------------------


def test_a_roster_with_only_a_header_is_an_error_below_it():
    ds = load_book(book(干部名册=[ROSTER[0]]))
    errors = [p for p in ds.problems if p.level != "note"]  # notes: 经济发展, 备注 unknown
    assert [(p.code, p.level, p.location, p.sheet, p.row) for p in errors] == [
        ("no-cadre-rows", "error", "干部名册!A2", "干部名册", 2)
    ]
    hit = errors[0]
    assert (hit.title("zh"), hit.title("en")) == (
        "干部名册没有干部数据行",
        "the cadres sheet has no rows",
    )
    assert (
        hit.hint("zh") == "请在表头下方每行填写一名干部（cadrekit template 可生成带示例行的模板）"
    )
    assert hit.hint("en") == (
        "enter one cadre per row below the header (cadrekit template writes an example)"
    )
    assert len(ds.cadres) == 0


def test_no_cadre_rows_is_located_under_a_title_and_blank_rows():
    title = ["2025年度干部考核汇总表"] + [None] * (len(ROSTER[0]) - 1)
    blank = [None] * len(ROSTER[0])
    ds = load_book(book(干部名册=[title, blank, ROSTER[0], blank, blank]))
    assert [(p.code, p.location) for p in ds.problems if p.level == "error"] == [
        ("no-cadre-rows", "干部名册!A4")
    ]


def test_other_sheets_may_be_empty():
    ds = load_book(book(干部名册=ROSTER, 纪实记录=[EVENTS[0]]))
    assert [p.code for p in ds.problems if p.level == "error"] == []


def test_validate_and_score_of_a_header_only_csv_exit_1(tmp_path):

    import pytest

    from cadrekit import api
    from cadrekit.errors import ValidationFailed

    path = tmp_path / "roster.csv"
    path.write_text(",".join(str(c) for c in ROSTER[0]) + "\n", encoding="utf-8")
    problems = api.validate(path).problems
    assert [(p.code, p.location) for p in problems if p.level != "note"] == [
        ("no-cadre-rows", "roster!A2")
    ]
    for lenient in (False, True):  # --lenient leaves out rows: there are none to leave out
        with pytest.raises(ValidationFailed):
            api.score(path, lenient=lenient)
    for command in (["validate"], ["score"], ["score", "--lenient"]):
        done = run_cadrekit(*command, str(path), "--format", "csv")
        assert done.returncode == 1, (command, done.stderr)
        assert "干部名册没有干部数据行" in done.stdout + done.stderr, command
        assert "roster!A2" in done.stdout + done.stderr, command
