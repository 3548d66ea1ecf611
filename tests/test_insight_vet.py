"""凡提四必: each check, each answer, influence periods to the day, the overall."""

from __future__ import annotations

import pytest

from cadrekit.errors import ValidationFailed
from cadrekit.insight.vet import summary, vet
from test_insight_common import make_dataset

ROSTER = [
    {"id": "A1", "name": "张一", "unit": "城关镇", "appointed_on": "2021-03-01"},
    {"id": "A2", "name": "李二", "unit": "城关镇", "appointed_on": "2024-06-01"},
    {"id": "A3", "name": "王三", "unit": "水利局", "appointed_on": None},
]
CLEAN = {
    "file_review": "已审核",
    "personal_report": "一致",
    "discipline_opinion": "暂未发现影响提拔任用的问题",
    "petition_check": "无",
}
HISTORY = [
    {"id": "A1", "year": 2023, "grade": "基本称职"},
    {"id": "A1", "year": 2024, "grade": "称职"},
    {"id": "A2", "year": 2024, "grade": "优秀"},
    {"id": "A3", "year": 2024, "grade": "称职"},
]


def run(candidates, supervision=None, history=HISTORY, today="2025-12-01"):
    sheets = {"cadres": ROSTER, "candidates": candidates, "history": history}
    if supervision is not None:
        sheets["supervision"] = supervision
    return vet(make_dataset(**sheets), today=today)


def check(out, check_name, cadre="A1"):
    row = out[(out["id"] == cadre) & (out["check"] == check_name)]
    assert len(row) == 1
    return row.iloc[0]["status"], row.iloc[0]["reason"]


def test_a_clean_candidate_passes_every_check_with_its_reason() -> None:
    out = run([{"id": "A1", "proposed_post": "副镇长", **CLEAN}])
    assert out[["check", "status", "reason"]].values.tolist() == [
        ["file_review", "pass", "档案已审核"],
        ["personal_report", "pass", "个人有关事项报告核查一致"],
        ["discipline_opinion", "pass", "纪检监察机关：暂未发现影响提拔任用的问题"],
        ["petition_check", "pass", "无具体信访举报线索"],
        ["influence", "pass", "无核实的处分或组织处理记录"],
        ["latest_grade", "pass", "最近年度考核为 2024 年度 称职"],
        ["tenure", "pass", "任现职 4 年 9 个月（2021-03 起）"],
    ]
    assert set(out["overall"]) == {"pass"}
    assert out["label"].tolist()[:4] == [
        "档案必审",
        "个人有关事项报告必核",
        "纪检监察机关意见必听",
        "信访举报必查",
    ]
    assert out.iloc[0][["name", "unit", "proposed_post", "location"]].tolist() == [
        "张一",
        "城关镇",
        "副镇长",
        "拟提拔人选!2",
    ]


@pytest.mark.parametrize(
    ("column", "value", "status", "reason"),
    [
        ("file_review", "未审核", "incomplete", "档案尚未审核"),
        ("file_review", None, "incomplete", "档案审核 未填写"),
        ("personal_report", "不一致", "fail", "个人有关事项报告核查不一致"),
        ("personal_report", "未核查", "incomplete", "个人有关事项报告尚未核查"),
        ("discipline_opinion", "建议暂缓", "fail", "纪检监察机关建议暂缓"),
        ("discipline_opinion", "不宜提拔任用", "fail", "纪检监察机关意见：不宜提拔任用"),
        ("discipline_opinion", "未回复", "incomplete", "纪检监察机关尚未回复"),
        ("petition_check", "已查否", "pass", "信访举报已查否"),
        ("petition_check", "查实", "fail", "信访举报问题查实"),
        ("petition_check", "未查结", "incomplete", "信访举报尚未查结"),
    ],
)
def test_each_answer_of_the_four_checks(column, value, status, reason) -> None:
    out = run([{"id": "A1", **CLEAN, column: value}])
    assert check(out, column) == (status, reason)
    assert set(out["overall"]) == {"pass" if status == "pass" else status}


def test_a_file_review_note_is_shown() -> None:
    out = run([{"id": "A1", **CLEAN, "file_review_note": "出生日期已认定"}])
    assert check(out, "file_review") == ("pass", "档案已审核；审核意见：出生日期已认定")


@pytest.mark.parametrize(
    ("today", "status"),
    [("2026-03-01", "fail"), ("2026-03-02", "pass")],  # the period's last day, and the day after
)
def test_an_influence_period_is_inclusive_to_its_last_day(today, status) -> None:
    sup = [{"id": "A1", "date": "2025-03-02", "measure": "记过", "verified": True, "note": None}]
    out = run([{"id": "A1", **CLEAN}], sup, today=today)
    got_status, reason = check(out, "influence")
    assert got_status == status
    if status == "fail":
        assert (
            reason
            == "处于影响期：记过（2025-03-02）影响期 2025-03-02 至 2026-03-01（审核日期 2026-03-01）"
        )
        assert set(out["overall"]) == {"fail"}
    else:
        assert reason == "影响期已满：记过（2025-03-02）影响期 2025-03-02 至 2026-03-01"
        assert set(out["overall"]) == {"pass"}


@pytest.mark.parametrize(
    ("measure", "note", "last_day"),
    [
        ("诫勉", None, "2025-09-01"),
        ("警告", None, "2025-09-01"),
        ("警告", "党内警告", "2026-03-01"),
        ("记大过", None, "2026-09-01"),
        ("降级", None, "2027-03-01"),
        ("撤职", None, "2027-03-01"),
        ("严重警告", None, "2026-09-01"),
    ],
)
def test_influence_months_per_measure(measure, note, last_day) -> None:
    sup = [{"id": "A1", "date": "2025-03-02", "measure": measure, "verified": True, "note": note}]
    out = run([{"id": "A1", **CLEAN}], sup, today="2025-03-02")
    assert last_day in check(out, "influence")[1]


def test_unverified_and_later_records_do_not_count_but_are_mentioned() -> None:
    sup = [
        {"id": "A1", "date": "2025-06-01", "measure": "记过", "verified": False, "note": None},
        {"id": "A1", "date": "2025-12-05", "measure": "记过", "verified": True, "note": None},
        {"id": "A1", "date": "2025-06-01", "measure": "提醒谈话", "verified": True, "note": None},
        {"id": "A2", "date": "2025-06-01", "measure": "诫勉", "verified": True, "note": None},
    ]
    out = run([{"id": "A1", **CLEAN}], sup)
    assert check(out, "influence") == (
        "pass",
        "无核实的处分或组织处理记录；另有未核实记录 1 条（不计影响期）；另有晚于审核日期的记录 1 条（未计）",
    )


def test_latest_annual_grade() -> None:
    hist = [*HISTORY, {"id": "A1", "year": 2025, "grade": "基本称职"}]
    out = run([{"id": "A1", **CLEAN}, {"id": "A2", **CLEAN}], history=hist)
    assert check(out, "latest_grade") == ("fail", "最近年度考核为 2025 年度 基本称职，不得提拔")
    assert check(out, "latest_grade", "A2") == ("pass", "最近年度考核为 2024 年度 优秀")
    none = run([{"id": "A1", **CLEAN}], history=[{"id": "A2", "year": 2024, "grade": "称职"}])
    assert check(none, "latest_grade") == ("incomplete", "历年考核中没有此人的记录")


def test_tenure_triggers_a_report_without_blocking() -> None:
    out = run([{"id": "A2", **CLEAN}, {"id": "A3", **CLEAN}, {"id": "Z9", **CLEAN}])
    assert check(out, "tenure", "A2") == (
        "report",
        "任现职 1 年 6 个月（2024-06 起），不满 2 年：破格提拔须事前报告",
    )
    assert check(out, "tenure", "A3") == ("incomplete", "任现职时间 未填写")
    assert check(out, "tenure", "Z9") == ("incomplete", "不在干部名册中，无法核对任职年限")
    overall = dict(zip(out["id"], out["overall"], strict=False))
    assert overall == {"A2": "pass", "A3": "incomplete", "Z9": "incomplete"}


def test_summary_has_one_row_per_candidate() -> None:
    out = run(
        [
            {"id": "A1", **CLEAN, "petition_check": "查实", "file_review": "未审核"},
            {"id": "A2", **CLEAN},
        ]
    )
    got = summary(out)
    assert got[["id", "overall", "failed", "incomplete", "report"]].values.tolist() == [
        ["A1", "fail", "信访举报必查", "档案必审", ""],
        ["A2", "pass", "", "", "事前报告情形"],
    ]


def test_no_candidates_sheet_is_an_input_error() -> None:
    with pytest.raises(ValidationFailed):
        vet(make_dataset(cadres=ROSTER), today="2025-12-01")


def test_vet_needs_a_date() -> None:
    with pytest.raises(ValueError):
        vet(make_dataset(cadres=ROSTER, candidates=[{"id": "A1", **CLEAN}]))
