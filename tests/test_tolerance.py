"""容错纠错: a record recognised under error tolerance for a liftable measure limits nothing
and bars no promotion; a pending one (申请中) still limits and says it is pending."""

from __future__ import annotations

from typing import Any

import pandas as pd
import pytest

from cadrekit.insight.vet import vet
from cadrekit.rules.load import default_rules
from test_engine_support import by_id, cadres, rules_with, score, supervision
from test_insight_common import make_dataset

FILLERS = [{"工作实绩": 50.0}] * 4


def run_one(record: dict[str, Any], **kw: Any) -> tuple[pd.Series, pd.DataFrame]:
    sv = supervision({"id": "1", "date": "2024-03-01", **record})
    out = score(cadres({}, *FILLERS), supervision=sv, **kw)
    return by_id(out).loc["1"], out.audit[out.audit["cadre_id"] == "1"]


def test_default_lifts_accountability_and_organisational_measures_only() -> None:
    lifts = default_rules().limits.supervision.tolerance_lifts
    assert lifts == ["诫勉", "调整职务", "免职", "降职", "责令辞职"]
    assert not {"警告", "党内警告", "记过", "严重警告", "记大过"} & set(lifts)


@pytest.mark.parametrize("measure", ["诫勉", "免职"])
def test_a_recognised_record_for_a_liftable_measure_limits_nothing(measure: str) -> None:
    got, trail = run_one({"measure": measure, "tolerance": "是", "tolerance_basis": "三个区分开来"})
    assert pd.isna(got["limit"]) and got["grade"] == "优秀"
    step = trail[trail["rule_path"] == "limits.supervision.tolerance_lifts"]
    assert step["reason"].tolist() == [
        f"容错纠错，不限制等次：2024-03-01 {measure}（已认定容错，依据三个区分开来）"
    ]


def test_a_pending_record_still_limits_and_says_it_is_pending() -> None:
    got, _ = run_one(
        {"measure": "诫勉", "tolerance": "申请中", "tolerance_basis": "问责条例第十八条"}
    )
    assert got["limit"] == "称职" and got["grade"] == "称职"
    assert "2024-03-01 诫勉（容错申请中，待认定，依据问责条例第十八条）" in got["limit_reason"]


def test_a_recognised_sanction_that_tolerance_cannot_lift_still_limits() -> None:
    got, trail = run_one({"measure": "记过", "tolerance": "是", "tolerance_basis": "三个区分开来"})
    assert got["limit"] == "不定等次"
    reasons = trail[trail["rule_path"] == "limits.supervision.tolerance_lifts"]["reason"]
    assert reasons.str.startswith("已认定容错，但该处理类型不在可免除之列").all()


def test_tolerance_no_and_the_rules_own_list_decide() -> None:
    got, _ = run_one({"measure": "诫勉", "tolerance": "否"})
    assert got["limit"] == "称职"
    rules = rules_with(limits__supervision__tolerance_lifts=[])
    got, _ = run_one({"measure": "诫勉", "tolerance": "是"}, rules=rules)
    assert got["limit"] == "称职"


# --- vet: influence periods ------------------------------------------------------------

ROSTER = [{"id": "A1", "name": "张一", "unit": "城关镇", "appointed_on": "2021-03-01"}]
CLEAN = {
    "file_review": "已审核",
    "personal_report": "一致",
    "discipline_opinion": "暂未发现影响提拔任用的问题",
    "petition_check": "无",
}


def influence(record: dict[str, Any]) -> tuple[str, str]:
    ds = make_dataset(
        cadres=ROSTER,
        candidates=[{"id": "A1", "proposed_post": "副镇长", **CLEAN}],
        history=[{"id": "A1", "year": 2024, "grade": "称职"}],
        supervision=[{"id": "A1", "date": "2025-06-01", "verified": True, **record}],
    )
    out = vet(ds, today="2025-09-01")
    row = out[out["check"] == "influence"].iloc[0]
    return row["status"], row["reason"]


def test_vet_a_recognised_record_does_not_block_promotion() -> None:
    status, reason = influence(
        {"measure": "诫勉", "tolerance": "是", "tolerance_basis": "问责条例第十八条"}
    )
    assert status == "pass"
    assert reason == (
        "无核实的处分或组织处理记录；容错纠错，不计影响期："
        "诫勉（2025-06-01）（已认定容错，依据问责条例第十八条）"
    )


def test_vet_a_pending_record_still_blocks_and_is_shown_as_pending() -> None:
    status, reason = influence({"measure": "诫勉", "tolerance": "申请中"})
    assert status == "fail"
    assert "诫勉（2025-06-01）影响期 2025-06-01 至 2025-11-30（容错申请中，待认定）" in reason


def test_vet_a_recognised_sanction_still_blocks() -> None:
    status, _ = influence({"measure": "记过", "tolerance": "是"})
    assert status == "fail"


# --- through the loader (Chinese headers) and explain ------------------------------------


def test_explain_names_the_tolerance_and_its_basis() -> None:
    import cadrekit.api as api
    from cadrekit.insight.explain import explain

    roster = pd.DataFrame(
        [
            {
                "编号": str(i),
                "姓名": f"人{i}",
                "单位": "U1",
                "层级": "一般干部",
                "优秀票": 10,
                "称职票": 0,
                "基本称职票": 0,
                "不称职票": 0,
                "一季度": "好",
                "工作实绩": 90 if i == 1 else 50,
            }
            for i in range(1, 6)
        ]
    )
    sv = pd.DataFrame(
        [
            {
                "编号": "1",
                "处理日期": "2024-05-01",
                "处理类型": "诫勉",
                "容错认定": "是",
                "容错依据": "三个区分开来",
            },
        ]
    )
    result = api.score({"cadres": roster, "supervision": sv}, year=2024)
    doc = explain(result, "1")
    assert doc["grade"] == "优秀"
    assert [s["reason"] for s in doc["limits"]] == [
        "容错纠错，不限制等次：2024-05-01 诫勉（已认定容错，依据三个区分开来）"
    ]
