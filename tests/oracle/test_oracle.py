"""cadrekit's engine against the independent reference of DEFAULT_RULES.md (reference.py).

Three layers: hand-made edge cases per section of DEFAULT_RULES.md, compared field by
field; random small rosters (hypothesis) compared on every output field; and the sample
workbook, if present. A failure here means the engine and the reference disagree: decide
from DEFAULT_RULES.md which side is right before changing either.

Hypothesis profiles: ``oracle-ci`` (default, fast) and ``oracle-thorough``; choose with
``CADREKIT_ORACLE_PROFILE=oracle-thorough``.
"""

from __future__ import annotations

import datetime as dt
import math
import os
import random
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from reference import INDICATORS, Outcome, SpecInputError, assess, excel_round

import cadrekit.api
from cadrekit.errors import ValidationFailed

settings.register_profile(
    "oracle-ci",  # each example is one engine run (~1 s): few, and no slow shrinking
    max_examples=8,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile(
    "oracle-thorough",
    max_examples=400,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
PROFILE = os.environ.get("CADREKIT_ORACLE_PROFILE", "oracle-ci")

YEAR = 2025
SAMPLE = Path(__file__).resolve().parents[2] / "data" / "samples" / "county-2025.xlsx"

# ── building inputs ──────────────────────────────────────────────────────────────────────
CADRE_HEADERS = {
    "id": "编号",
    "name": "姓名",
    "unit": "单位",
    "unit_type": "单位类型",
    "layer": "层级",
    "top_leader": "一把手",
    "track": "考核序列",
    "status": "考核状态",
    "votes_excellent": "优秀票",
    "votes_competent": "称职票",
    "votes_basic": "基本称职票",
    "votes_incompetent": "不称职票",
    "q1": "一季度",
    "q2": "二季度",
    "q3": "三季度",
    "q4": "四季度",
}


def cadre(cid: str, **fields: Any) -> dict[str, Any]:
    """A plain 参加 staff cadre with perfect votes and quarters; override any field."""
    row: dict[str, Any] = {
        "id": cid,
        "name": f"干部{cid}",
        "unit": "县财政局",
        "unit_type": "县直部门",
        "layer": "一般干部",
        "top_leader": False,
        "track": None,
        "status": "参加",
        "votes_excellent": 10,
        "votes_competent": 0,
        "votes_basic": 0,
        "votes_incompetent": 0,
        "q1": "好",
        "q2": "好",
        "q3": "好",
        "q4": "好",
    }
    row.update({name: None for name in INDICATORS})
    row["工作实绩"] = 90
    row.update(fields)
    return row


def event(
    cid: str | None,
    kind: str,
    points: float = 0,
    *,
    date: dt.date | None = None,
    unit: str | None = None,
) -> dict[str, Any]:
    return {
        "id": cid,
        "unit": unit,
        "date": date or dt.date(YEAR, 6, 1),
        "kind": kind,
        "category": "其他",
        "points": points,
    }


def sup(cid: str, measure: str, *, date: dt.date | None = None, verified: Any = True) -> dict:
    row = {"id": cid, "date": date or dt.date(YEAR, 6, 1), "measure": measure}
    if verified is not ...:
        row["verified"] = verified
    return row


def _yes_no(x: Any) -> Any:
    if x is None:
        return None
    return "是" if x else "否"


def to_frames(cadres: list[dict], events=(), supervision=(), history=()) -> dict:
    """Oracle dicts → DataFrames headed like an input workbook (Chinese headers)."""
    rows = []
    for c in cadres:
        row = {zh: c.get(key) for key, zh in CADRE_HEADERS.items()}
        row["一把手"] = _yes_no(c.get("top_leader", False))
        row.update({name: c.get(name) for name in INDICATORS})
        rows.append(row)
    cad = pd.DataFrame(rows, columns=[*CADRE_HEADERS.values(), *INDICATORS], dtype=object)
    ev = pd.DataFrame(
        [
            {
                "编号": e.get("id"),
                "单位": e.get("unit"),
                "日期": e["date"].isoformat(),
                "类型": e["kind"],
                "类别": e.get("category") or "其他",
                "分值": e.get("points", 0),
                "事由": "测试",
            }
            for e in events
        ],
        columns=["编号", "单位", "日期", "类型", "类别", "分值", "事由"],
        dtype=object,
    )
    with_verified = any("verified" in s for s in supervision) or not supervision
    sup_cols = ["编号", "日期", "处理类型"] + (["是否核实"] if with_verified else [])
    sv = pd.DataFrame(
        [
            {
                "编号": s["id"],
                "日期": s["date"].isoformat(),
                "处理类型": s["measure"],
                **({"是否核实": _yes_no(s.get("verified"))} if with_verified else {}),
            }
            for s in supervision
        ],
        columns=sup_cols,
        dtype=object,
    )
    hi = pd.DataFrame(
        [{"编号": h["id"], "年度": h["year"], "等次": h["grade"]} for h in history],
        columns=["编号", "年度", "等次"],
        dtype=object,
    )
    return {"cadres": cad, "events": ev, "supervision": sv, "history": hi}


def run_both(cadres, events=(), supervision=(), history=(), year=YEAR):
    expected = assess(list(cadres), list(events), list(supervision), list(history), year)
    result = cadrekit.api.score(to_frames(cadres, events, supervision, history), year=year)
    return expected, result


# ── comparing ────────────────────────────────────────────────────────────────────────────
def _na(x: Any) -> bool:
    try:
        return x is None or bool(pd.isna(x))
    except (TypeError, ValueError):
        return False


def _num(x: Decimal | Fraction | int) -> float:
    return float(x)


def differences(expected: Outcome, result: Any) -> list[str]:
    """Every field where the engine's result differs from the reference, one line each."""
    diffs: list[str] = []
    got = {str(r["id"]): r for r in result.cadres.to_dict("records")}
    if set(got) != set(expected.cadres):
        diffs.append(f"cadre ids: expected {sorted(expected.cadres)}, got {sorted(got)}")
    for cid, e in sorted(expected.cadres.items()):
        r = got.get(cid)
        if r is None:
            continue
        pairs = {
            "track": (e.track, r["track"]),
            "performance": (_num(e.P), r["performance"]),
            "votes_score": (_num(e.V), r["votes_score"]),
            "quarterly_score": (_num(e.Q), r["quarterly_score"]),
            "good_quarters": (e.good_quarters, r["good_quarters"]),
            "bonus": (_num(e.bonus), r["bonus"]),
            "deduction": (_num(e.deduction), r["deduction"]),
            "score": (_num(e.S), r["score"]),
            "limit": (e.limit, None if _na(r["limit"]) else r["limit"]),
            "rank": (e.rank, None if _na(r["rank"]) else int(r["rank"])),
            "grade": (e.grade, r["grade"]),
            "flags": (sorted(e.flags), sorted(r["flags"] or [])),
        }
        for name, (want, have) in pairs.items():
            if isinstance(want, float):
                same = not _na(have) and math.isclose(want, float(have), rel_tol=0, abs_tol=1e-9)
            else:
                same = want == have
            if not same:
                diffs.append(f"{cid}.{name}: expected {want!r}, got {have!r}")
    groups = {}
    for g in result.groups.to_dict("records"):
        unit = None if _na(g["unit"]) else g["unit"]
        groups[(g["track"], unit)] = g
    for key, e in sorted(expected.groups.items(), key=str):
        g = groups.get(key)
        if g is None:
            diffs.append(f"group {key}: missing")
            continue
        for name in ("n", "slots", "excellent", "unfilled", "tie"):
            want, have = getattr(e, name), g[name]
            if want != (bool(have) if name == "tie" else int(have)):
                diffs.append(f"group {key}.{name}: expected {want!r}, got {have!r}")
    return diffs


def check(cadres, events=(), supervision=(), history=(), year=YEAR) -> tuple[Outcome, Any]:
    expected, result = run_both(cadres, events, supervision, history, year)
    diffs = differences(expected, result)
    assert not diffs, "engine ≠ DEFAULT_RULES.md reference:\n" + "\n".join(diffs)
    return expected, result


# ── §5 rounding primitives of the reference itself ──────────────────────────────────────
def test_reference_excel_round() -> None:
    assert excel_round(Fraction("84.125")) == Decimal("84.13")
    assert excel_round(Fraction(2.675)) == Decimal("2.68")  # the binary double, 15 digits first
    assert excel_round(Fraction("2.675")) == Decimal("2.68")
    assert excel_round(Fraction(280, 3)) == Decimal("93.33")
    assert excel_round(Fraction(0)) == Decimal("0.00")


# ── §1 tracks ────────────────────────────────────────────────────────────────────────────
TOWNSHIP = {"经济发展": 90, "乡村振兴": 90, "安全稳定": 90, "党的建设": 90}
DEPT = {"职能工作": 90, "重点任务": 90, "服务评价": 90, "党的建设": 90}
STAFF = {"工作实绩": 90}
TRACK_CASES = [  # unit_type, layer, track column, the indicators given, the track expected
    ("乡镇", "正职", None, TOWNSHIP, "township-chief"),
    ("乡镇", "副职", None, TOWNSHIP, "township-deputy"),
    ("县直部门", "正职", None, DEPT, "dept-chief"),
    ("事业单位", "副职", None, DEPT, "dept-deputy"),
    (None, "正职", None, DEPT, "dept-chief"),
    ("乡镇", "一般干部", None, STAFF, "staff"),
    ("县直部门", None, None, STAFF, "staff"),
    ("乡镇", "正职", "县直单位正职", DEPT, "dept-chief"),  # override by label
    ("县直部门", "一般干部", "乡镇班子副职", TOWNSHIP, "township-deputy"),
    ("乡镇", "正职", "staff", STAFF, "staff"),  # override by id
    ("县直部门", "副职", "一般干部", STAFF, "staff"),
    ("乡镇", "副职", "township-chief", TOWNSHIP, "township-chief"),
    ("乡镇", "正职", "", TOWNSHIP, "township-chief"),  # an empty override does not count
]


def test_s1_tracks_and_overrides() -> None:
    cads = [
        cadre(f"T{i:02d}", unit_type=ut, layer=ly, track=tr, **{"工作实绩": None, **given})
        for i, (ut, ly, tr, given, _) in enumerate(TRACK_CASES)
    ]
    expected, _ = check(cads)
    got = [expected.cadres[f"T{i:02d}"].track for i in range(len(TRACK_CASES))]
    assert got == [case[-1] for case in TRACK_CASES]


# ── §2 performance, §5 rounding ──────────────────────────────────────────────────────────
def test_s2_s5_weights_and_excel_rounding() -> None:
    worst = {
        "votes_excellent": 0,
        "votes_incompetent": 7,
        "q1": "较差",
        "q2": "较差",
        "q3": "较差",
        "q4": "较差",
    }
    cads = [
        # 0.3·80 + 0.3·90 + 0.2·85 + 0.2·80.625 = 84.125 → 84.13 (S = 0.5·84.13 + 50 = 92.065)
        cadre(
            "R01",
            unit_type="乡镇",
            layer="正职",
            工作实绩=None,
            经济发展=80,
            乡村振兴=90,
            安全稳定=85,
            党的建设=80.625,
        ),
        cadre(
            "R02",
            layer="正职",
            工作实绩=None,
            职能工作=81.3,
            重点任务=77.7,
            服务评价=99.9,
            党的建设=60.05,
        ),
        cadre("R03", 工作实绩=2.675),  # P = 2.675 → 2.68
        cadre("R04", 工作实绩=68.25),  # S = 0.5·68.25 + 30 + 20 = 84.125 → 84.13
        cadre("R05", 工作实绩=5.35, **worst),  # S = 2.675 + 12 + 8 − 20 = 2.675 → 2.68
        cadre("R06", layer="正职", 工作实绩=None, **DEPT),  # an indicator it does not need is empty
        *[
            cadre(f"R1{i}", 工作实绩=v)
            for i, v in enumerate([0, 100, 0.005, 99.995, 33.335, 1.005])
        ],
    ]
    expected, _ = check(cads, [event("R05", "减分", 20)])
    o = expected.cadres
    assert (Decimal("84.13"), Decimal("92.07")) == (o["R01"].P, o["R01"].S)
    assert Decimal("2.68") == o["R03"].P
    assert Decimal("84.13") == o["R04"].S
    assert Decimal("2.68") == o["R05"].S


def test_s2_s3_s4_invalid_cells_are_refused() -> None:
    bad = [
        cadre("E1", 工作实绩=None),
        cadre("E2", 工作实绩=-0.01),
        cadre("E3", 工作实绩=100.01),
        cadre("E4", 工作实绩="很好"),
        cadre("E5", votes_excellent=0),  # E+C+B+I = 0
        cadre("E6", q1=None, q2=None, q3=None, q4=None),  # no assessed quarter
        cadre("E7", layer="正职", **{**DEPT, "服务评价": None}),  # a needed indicator is empty
    ]
    for c in bad:
        with pytest.raises(SpecInputError):
            assess([c], [], [], [], YEAR)
    with pytest.raises(ValidationFailed) as refused:
        cadrekit.api.score(to_frames([cadre("G1"), *bad]), year=YEAR)
    rows = {p.row for p in refused.value.problems if p.level == "error"}
    assert rows == set(range(3, 3 + len(bad))), refused.value.problems


# ── §3 votes, §4 quarters and their §6 limits ───────────────────────────────────────────
VOTES = [  # (E, C, B, I); I/N exactly 1/3 or just over; (E+C)/N exactly 2/3 or just under
    (1, 1, 1, 0),
    (7, 5, 3, 1),
    (0, 0, 0, 1),
    (1, 0, 1, 1),
    (3, 3, 3, 3),
    (2, 0, 0, 1),
    (1, 1, 0, 1),
    (5, 1, 0, 3),
    (2, 0, 1, 0),
    (4, 0, 2, 0),
    (3, 3, 2, 1),
    (6, 0, 3, 1),
    (13, 7, 10, 0),
    (20, 0, 10, 0),
    (19, 0, 0, 10),
    (20, 0, 0, 10),
    (2, 0, 1, 1),
    (99, 0, 1, 50),
]
QUARTERS = [
    ("好", None, None, None),
    ("较好", "一般", None, "好"),
    (None, "较差", "较好", None),
    ("好", "好", "较好", "较好"),
    ("一般", "较差", "好", "好"),
    ("一般", "好", "好", "好"),
    ("一般", "一般", None, None),
    ("较好", None, "较好", None),
    ("好", "好", "好", "较差"),
]


def test_s3_s4_s6_votes_and_quarters() -> None:
    cads = [
        cadre(
            f"V{i:02d}",
            unit="票",
            votes_excellent=e,
            votes_competent=c_,
            votes_basic=b,
            votes_incompetent=i_,
        )
        for i, (e, c_, b, i_) in enumerate(VOTES)
    ] + [
        cadre(f"Q{i:02d}", unit="季", q1=a, q2=b, q3=c_, q4=d)
        for i, (a, b, c_, d) in enumerate(QUARTERS)
    ]
    expected, _ = check(cads)
    o = expected.cadres
    assert o["V05"].limit is None  # I/N = 1/3 exactly, (E+C)/N = 2/3 exactly
    assert o["V15"].limit is None
    assert o["V14"].limit == "不称职"  # 10/29 > 1/3
    assert o["V11"].limit == "基本称职"  # 6/10 < 2/3
    assert o["Q04"].limit == "基本称职" and o["Q05"].limit is None


# ── §5 bonus, deduction, floor, the year ─────────────────────────────────────────────────
def test_s5_bonus_deduction_and_year() -> None:
    cads = [cadre(i) for i in ("B1", "B2", "B3", "B4", "D1", "D2", "Y1")]
    cads += [cadre("U1", unit="单位U", top_leader=True), cadre("U2", unit="单位U")]
    cads += [cadre("U3", unit="单位U", top_leader=True)]  # two 一把手 of one unit
    evs = [
        event("B1", "加分", 3),
        event("B1", "加分", 2.5),  # capped at 5
        event("B2", "加分", 5),
        event("B3", "加分", 4.5),
        event("B4", "加分", 0.1),
        event("B4", "加分", 0.2),
        event("B4", "加分", 0.7),
        event("D1", "减分", 60),
        event("D1", "减分", 40),  # no cap; S floored at 0
        event("D2", "减分", 7.5),
        event("D2", "加分", 1.25),
        event("Y1", "加分", 3, date=dt.date(YEAR - 1, 12, 31)),
        event("Y1", "减分", 3, date=dt.date(YEAR + 1, 1, 1)),
        event("Y1", "一票否决", date=dt.date(YEAR - 1, 12, 31)),
        event("Y1", "加分", 1, date=dt.date(YEAR, 1, 1)),
        event("Y1", "减分", 0.5, date=dt.date(YEAR, 12, 31)),
        event(None, "加分", 3, unit="单位U"),
        event(None, "减分", 2, unit="单位U"),
    ]
    expected, _ = check(cads, evs)
    o = expected.cadres
    assert [o[i].bonus for i in ("B1", "B2", "B3", "B4")] == [5, 5, Fraction("4.5"), 1]
    assert (o["D1"].deduction, o["D1"].S) == (100, 0)
    assert (o["Y1"].bonus, o["Y1"].deduction, o["Y1"].limit) == (1, Fraction(1, 2), None)
    assert o["U1"].bonus == o["U1"].deduction == 0


def test_s5_bonus_and_deduction_are_not_rounded_before_s() -> None:
    """§5 rounds only P, V, Q (before use) and S; bonus and deduction enter S exactly."""
    cads = [
        cadre("K1", unit="不舍入", 工作实绩=70.01),  # 35.005 + 50 + 4.125 = 89.13
        cadre("K2", unit="不舍入", 工作实绩=70.01),  # 2 + 2.125 = 4.125
        cadre("K3", unit="扣分", 工作实绩=70),  # 85 − 0.005 = 84.995 → 85.00: eligible
        *[cadre(f"K3f{j}", unit="扣分", 工作实绩=50) for j in range(4)],
        cadre("K4", unit="不舍入", 工作实绩=70, votes_excellent=3, votes_competent=1),  # 4.999
    ]
    evs = [
        event("K1", "加分", 4.125),
        event("K2", "加分", 2),
        event("K2", "加分", 2.125),
        event("K3", "减分", 0.005),
        event("K4", "加分", 4.995),
        event("K4", "加分", 0.004),
    ]
    expected, _ = check(cads, evs)
    o = expected.cadres
    assert o["K1"].S == o["K2"].S == Decimal("89.13")
    assert (o["K1"].bonus, o["K4"].bonus) == (Fraction("4.125"), Fraction("4.999"))
    assert (o["K3"].S, o["K3"].grade) == (Decimal("85.00"), "优秀")


def test_s5_year_defaults_to_latest_event() -> None:
    cads = [cadre("A1"), cadre("A2", 工作实绩=70)]
    evs = [
        event("A1", "加分", 2, date=dt.date(2024, 3, 1)),
        event("A2", "加分", 1, date=dt.date(2023, 3, 1)),
    ]
    result = cadrekit.api.score(to_frames(cads, evs))
    assert result.year == 2024
    assert not differences(assess(cads, evs, [], [], 2024), result)
    today = dt.date(2031, 5, 5)
    result = cadrekit.api.score(to_frames(cads), today=today)  # no events: the current year
    assert result.year == 2031
    assert not differences(assess(cads, [], [], [], 2031), result)


def _leaders(n: int, **fields: Any) -> list[dict]:
    """n dept chiefs with distinct high scores (A1 best)."""
    return [
        cadre(f"A{i}", layer="正职", 工作实绩=None, **{**DEPT, "职能工作": 100 - i}, **fields)
        for i in range(1, n + 1)
    ]


# ── §6 limits: status, supervision, score, veto ─────────────────────────────────────────
ALL_MEASURES = [
    "提醒谈话",
    "批评教育",
    "诫勉",
    "警告",
    "严重警告",
    "记过",
    "记大过",
    "降级",
    "撤职",
    "撤销党内职务",
    "留党察看",
    "开除党籍",
    "停职检查",
    "调整职务",
    "责令辞职",
    "免职",
    "降职",
]


def test_s6_status_and_supervision() -> None:
    cads = [
        cadre(f"S{i}", unit="状态", status=s)
        for i, s in enumerate(["不定等次", "不参加", "参加", None])
    ]
    sups = []
    for m, measure in enumerate(ALL_MEASURES):
        for back in (-1, 0, 1, 2):
            cid = f"M{m:02d}{back + 1}"
            cads.append(cadre(cid, unit=f"处理{m}"))
            sups.append(sup(cid, measure, date=dt.date(YEAR - back, 7, 1)))
    for i, verified in enumerate([False, True, None]):  # None: a blank 是否核实 cell
        cads.append(cadre(f"W{i}", unit="核实"))
        sups.append(sup(f"W{i}", "记过", verified=verified))
    cads.append(cadre("W3", unit="核实"))
    sups.append(sup("W3", "开除党籍", verified=False))
    expected, _ = check(cads, supervision=sups)
    o = expected.cadres
    assert [o[f"S{i}"].limit for i in range(4)] == ["不定等次", "不定等次", None, None]
    da_guo = ALL_MEASURES.index("记大过")
    assert o[f"M{da_guo:02d}2"].limit == "不定等次"  # 记大过 the year before
    assert o[f"M{da_guo:02d}3"].limit is None  # two years before
    assert [o[f"W{i}"].limit for i in range(4)] == [None, "不定等次", "不定等次", None]


def test_s6_supervision_without_verified_column() -> None:
    cads = [cadre("N1"), cadre("N2"), cadre("N3")]
    sups = [sup("N1", "记过", verified=...), sup("N2", "诫勉", verified=...)]
    expected, _ = check(cads, supervision=sups)
    assert (expected.cadres["N1"].limit, expected.cadres["N2"].limit) == ("不定等次", "称职")


SCORE_CASES = [  # S wanted, worked as S = 0.5·P + 50 for a staff cadre with V = Q = 100
    "60",
    "70",
    "85",
    "59.99",
    "69.99",
    "84.99",
    "59.995",
    "69.995",
    "84.995",
    "60.005",
]


def test_s6_s8_score_thresholds_after_rounding() -> None:
    cads = []
    for i, s in enumerate(SCORE_CASES):
        unit = f"分{i}"  # a unit of its own with 4 low fillers: 1 优秀 slot
        cads.append(cadre(f"X{i}", unit=unit, 工作实绩=float(2 * (Decimal(s) - 50))))
        cads += [cadre(f"X{i}f{j}", unit=unit, 工作实绩=60 - j) for j in range(4)]
    expected, _ = check(cads)
    o = expected.cadres
    got = {s: (o[f"X{i}"].S, o[f"X{i}"].limit, o[f"X{i}"].grade) for i, s in enumerate(SCORE_CASES)}
    assert got["60"] == (Decimal("60.00"), "基本称职", "基本称职")
    assert got["59.99"] == (Decimal("59.99"), "不称职", "不称职")
    assert got["59.995"] == (Decimal("60.00"), "基本称职", "基本称职")
    assert got["70"] == (Decimal("70.00"), None, "称职")
    assert got["69.995"] == (Decimal("70.00"), None, "称职")
    assert got["85"][2] == got["84.995"][2] == "优秀"
    assert got["84.99"][2] == "称职"


def test_s6_veto_on_cadre_and_on_top_leaders_unit() -> None:
    town = {"unit_type": "乡镇", "layer": "正职", "工作实绩": None, **TOWNSHIP}
    cads = [
        cadre("A1", unit="城关镇", top_leader=True, **town),
        cadre("A2", unit="城关镇", top_leader=False, **town),
        cadre("A3", unit="城关镇", layer="一般干部"),
        cadre("A4", unit="城关镇", **{**town, "经济发展": 95}),
        cadre("A5", unit="石门镇", top_leader=True, **town),
        cadre("A6", unit="石门镇"),
        cadre("A7", unit="县财政局", top_leader=True, layer="正职", 工作实绩=None, **DEPT),
        cadre("A8", unit="城关镇", top_leader=True, layer="一般干部"),  # a unit's second 一把手
    ]
    cads += [cadre(f"B{i}", unit="城关镇") for i in range(5)]
    cads += [cadre(f"C{i}", unit="县财政局", layer="正职", 工作实绩=None, **DEPT) for i in range(5)]
    evs = [
        event(None, "一票否决", unit="城关镇"),
        event("A4", "一票否决"),
        event("A6", "一票否决", unit="石门镇"),  # on A6 only (it has an id)
        event(None, "一票否决", unit="县财政局", date=dt.date(YEAR - 1, 12, 31)),  # last year
    ]
    expected, _ = check(cads, evs)
    o = expected.cadres
    assert [o[i].limit for i in ("A1", "A2", "A3", "A4", "A5", "A6", "A7", "A8")] == [
        "称职",
        None,
        None,
        "称职",
        None,
        "称职",
        None,
        "称职",
    ]


# ── §7 ranking ───────────────────────────────────────────────────────────────────────────
def test_s7_competition_ranking_and_tie_breaks() -> None:
    cads = [
        cadre("A1", 工作实绩=90),
        cadre("A2", 工作实绩=90),
        cadre("A3", 工作实绩=80),
        cadre("A4", 工作实绩=78),  # + 1 bonus: same S as A3, lower P → after A3
        cadre("A5", 工作实绩=80, votes_excellent=9, votes_competent=1, q4="较好"),
        cadre("A6", 工作实绩=80, votes_excellent=8, votes_competent=2),
        cadre("A7", 工作实绩=70, status="不定等次"),
        cadre("A8", 工作实绩=84.125),  # P rounds to 84.13: tied with A9 on all four keys
        cadre("A9", 工作实绩=84.13),
        cadre("G1", 工作实绩=75, q4=None),  # equal S, P, V, Q; fewer 好 quarters → after
        cadre("G2", 工作实绩=75),
        cadre("G3", 工作实绩=75, q1="较好", q2=None, q3="好", q4=None),
        cadre("L1", unit="城关镇", unit_type="乡镇", layer="正职", 工作实绩=None, **TOWNSHIP),
    ]
    expected, _ = check(cads, [event("A4", "加分", 1)])
    o = expected.cadres
    assert o["A1"].rank == o["A2"].rank == 1
    assert o["A8"].rank == o["A9"].rank
    assert o["A7"].rank is None and o["L1"].rank == 1


# ── §8 quota ─────────────────────────────────────────────────────────────────────────────
def _unit(unit: str, scores: list[float], **fields: Any) -> list[dict]:
    """Staff cadres of one unit, ids ``<unit>1…``, with these 工作实绩 (S = 0.5·P + 50)."""
    return [cadre(f"{unit}{i}", unit=unit, 工作实绩=p, **fields) for i, p in enumerate(scores, 1)]


def test_s8_quota_per_group() -> None:
    low = [40.0] * 8
    cads = [
        *_unit("甲", [90, 80, 80, *low[:7]]),  # 10 → 2 slots; 甲2, 甲3 tied at the cut
        *_unit("乙", [90, 90, 80, *low[:7]]),  # tie inside the slots
        *_unit("丙", [99, 98, 97, 96, 40]),  # 1 slot; 丙1–丙3 ineligible → 丙4
        *_unit("丁", [68] * 10),  # S = 84: nobody eligible, 2 slots unfilled
        *_unit("戊", [90, 89, 88, 87]),  # 4 → 0 slots
        *_unit("己", [90, 89, 88, 87, 86, 85, 84, 83, 82, 95]),  # 己10 不参加 → n = 9
        *_unit("庚", [90, 80, 80, 80, *low[:6]]),  # 2 slots; three tied at the cut
        *_unit("辛", [90, 90, 40, 40, 40]),  # 辛2 tied with 辛1 but vetoed
        *_unit("壬", [84.125, 84.13, 40, 40, 40]),  # tied once P is rounded
        *_leaders(8),
    ]
    by_id = {c["id"]: c for c in cads}
    by_id["丙1"].update(q2="一般")
    by_id["丙2"].update(q1="较好", q2="较好", q3="较好", q4="较好")
    by_id["己10"].update(status="不参加")
    by_id["A3"].update(职能工作=by_id["A2"]["职能工作"])
    township = [
        cadre(
            f"T{i}",
            unit="城关镇",
            unit_type="乡镇",
            layer="副职",
            工作实绩=None,
            **{**TOWNSHIP, "经济发展": 99 - i},
        )
        for i in range(8)
    ]
    township[0]["status"] = "不定等次"
    evs = [event("丙3", "一票否决"), event("辛2", "一票否决")]
    expected, _ = check(cads + township, evs)
    g, o = expected.groups, expected.cadres
    assert (g[("staff", "甲")].tie, g[("staff", "甲")].excellent, g[("staff", "甲")].unfilled) == (
        True,
        1,
        1,
    )
    assert {i for i, x in o.items() if "quota-tie" in x.flags} == {
        "甲2",
        "甲3",
        "庚2",
        "庚3",
        "庚4",
        "壬1",
        "壬2",
        "A2",
        "A3",
    }
    assert o["丙4"].grade == "优秀" and o["辛1"].grade == "优秀"
    assert g[("staff", "丁")].unfilled == 2 and g[("staff", "戊")].slots == 0
    assert g[("staff", "己")].n == 9 and g[("staff", "己")].slots == 1
    assert g[("township-deputy", None)].slots == 1


# ── §10 flags ────────────────────────────────────────────────────────────────────────────
def test_s10_consequence_flags() -> None:
    cads = _leaders(12)  # 3 slots
    cads[1].update(votes_excellent=1, votes_incompetent=5)  # A2 不称职
    cads[2].update(q1="一般", q2="一般")  # A3 基本称职
    cads[5].update(votes_excellent=1, votes_incompetent=5)  # A6 不称职
    hist = [
        {"id": "A1", "year": YEAR - 1, "grade": "优秀"},
        {"id": "A1", "year": YEAR - 2, "grade": "优秀"},
        {"id": "A2", "year": YEAR - 1, "grade": "不称职"},
        {"id": "A3", "year": YEAR - 1, "grade": "不称职"},
        {"id": "A4", "year": YEAR - 1, "grade": "优秀"},
        {"id": "A4", "year": YEAR - 3, "grade": "优秀"},
        {"id": "A5", "year": YEAR - 1, "grade": "优秀"},
        {"id": "A5", "year": YEAR - 2, "grade": "称职"},
        {"id": "A6", "year": YEAR - 2, "grade": "不称职"},
    ]
    expected, _ = check(cads, history=hist)
    o = expected.cadres
    assert [o[f"A{i}"].grade for i in range(1, 7)] == [
        "优秀",
        "不称职",
        "基本称职",
        "优秀",
        "优秀",
        "不称职",
    ]
    assert o["A1"].flags == {"merit-third-class"}
    assert o["A2"].flags == {"dismissal-review", "demotion-review"}
    assert o["A3"].flags == {"admonishment"}
    assert o["A4"].flags == o["A5"].flags == set()
    assert o["A6"].flags == {"demotion-review"}


# ── random rosters ───────────────────────────────────────────────────────────────────────
UNITS = [
    ("城关镇", "乡镇"),
    ("石门镇", "乡镇"),
    ("县财政局", "县直部门"),
    ("县疾控中心", "事业单位"),
]
MEASURES = [
    "提醒谈话",
    "诫勉",
    "警告",
    "严重警告",
    "记过",
    "记大过",
    "降级",
    "撤职",
    "撤销党内职务",
    "留党察看",
    "开除党籍",
    "停职检查",
    "调整职务",
    "责令辞职",
    "免职",
    "降职",
    "批评教育",
]
SCORES = [100, 95, 92.5, 90, 88.75, 85, 84.125, 80.625, 77.77, 70, 66.665, 60, 2.675, 45.5]
GRADES = ["优秀", "称职", "基本称职", "不称职", "不定等次"]
TRACK_OVERRIDES = [None] * 8 + ["staff", "dept-chief", "乡镇班子副职", "一般干部"]


@st.composite
def rosters(draw) -> tuple[list, list, list, list]:
    """A small random roster: four units, every track, ties made likely by clones."""
    n = draw(st.integers(1, 24))
    cads = []
    for i in range(n):
        if cads and draw(st.integers(0, 3)) == 0:  # a clone (ties on all keys), maybe moved
            c = dict(draw(st.sampled_from(cads)), id=f"C{i:02d}")
            if draw(st.booleans()):
                c["unit"], c["unit_type"] = draw(st.sampled_from(UNITS))
            cads.append(c)
            continue
        unit, unit_type = draw(st.sampled_from(UNITS))
        votes = draw(st.tuples(*[st.integers(0, 6)] * 4))
        qs = draw(
            st.lists(
                st.sampled_from([None, "好", "好", "好", "较好", "一般", "较差"]),
                min_size=4,
                max_size=4,
            ).filter(lambda q: any(q))
        )
        c = cadre(
            f"C{i:02d}",
            unit=unit,
            unit_type=unit_type,
            layer=draw(st.sampled_from(["正职", "副职", "一般干部", None])),
            top_leader=draw(st.booleans()),
            track=draw(st.sampled_from(TRACK_OVERRIDES)),
            status=draw(st.sampled_from(["参加"] * 6 + ["不定等次", "不参加", None])),
            votes_excellent=votes[0] + draw(st.sampled_from([0, 4, 8])) + 1,
            votes_competent=votes[1],
            votes_basic=votes[2],
            votes_incompetent=votes[3],
            q1=qs[0],
            q2=qs[1],
            q3=qs[2],
            q4=qs[3],
        )
        for name in INDICATORS:
            c[name] = draw(st.sampled_from(SCORES))
        cads.append(c)
    ids = [c["id"] for c in cads]
    year_dates = st.sampled_from(
        [
            dt.date(YEAR - 2, 5, 1),
            dt.date(YEAR - 1, 12, 31),
            dt.date(YEAR, 1, 1),
            dt.date(YEAR, 7, 15),
            dt.date(YEAR, 12, 31),
            dt.date(YEAR + 1, 1, 1),
        ]
    )
    evs = []
    for _ in range(draw(st.integers(0, 6))):
        on_unit = draw(st.booleans()) and draw(st.booleans())
        evs.append(
            event(
                None if on_unit else draw(st.sampled_from(ids)),
                draw(st.sampled_from(["加分", "加分", "减分", "一票否决"])),
                draw(
                    st.sampled_from([0, 0.1, 0.2, 0.5, 0.7, 1, 1.25, 2, 2.675, 3, 4.125, 5, 12.5])
                ),
                date=draw(year_dates),
                unit=draw(st.sampled_from(sorted({c["unit"] for c in cads}))) if on_unit else None,
            )
        )
    verified_column = draw(st.booleans())
    sups = []
    for _ in range(draw(st.integers(0, 3))):
        sups.append(
            sup(
                draw(st.sampled_from(ids)),
                draw(st.sampled_from(MEASURES)),
                date=draw(year_dates),
                verified=draw(st.sampled_from([True, False])) if verified_column else ...,
            )
        )
    hist = []
    for cid in ids:
        for back in (1, 2):
            if draw(st.booleans()):
                hist.append(
                    {
                        "id": cid,
                        "year": YEAR - back,
                        "grade": draw(st.sampled_from(GRADES[:1] * 3 + GRADES)),
                    }
                )
    return cads, evs, sups, hist


@settings(settings.get_profile(PROFILE))
@given(rosters())
def test_random_rosters(roster) -> None:
    cads, evs, sups, hist = roster
    check(cads, evs, sups, hist)


def big_roster(seed: int, n: int = 300) -> tuple[list, list, list, list]:
    """A large random roster in one engine call: many decimals, to stress rounding."""
    rng = random.Random(seed)
    units = [(f"镇{i}", "乡镇") for i in range(4)] + [(f"局{i}", "县直部门") for i in range(6)]

    def decimal_value() -> float:
        whole = rng.choice([rng.randint(0, 99), rng.randint(60, 99), 100])
        if whole == 100:
            return 100.0
        places = rng.choice([0, 1, 2, 3, 3])
        return float(Decimal(whole) + Decimal(rng.randrange(10**places)).scaleb(-places))

    cads: list[dict] = []
    for i in range(n):
        if cads and rng.random() < 0.15:
            cads.append(dict(rng.choice(cads), id=f"Z{i:03d}"))
            continue
        unit, unit_type = rng.choice(units)
        qs = [rng.choice([None, "好", "好", "好", "较好", "一般", "较差"]) for _ in range(4)]
        if not any(qs):
            qs[0] = "好"
        c = cadre(
            f"Z{i:03d}",
            unit=unit,
            unit_type=unit_type,
            layer=rng.choice(["正职", "副职", "一般干部", "一般干部", None]),
            top_leader=rng.random() < 0.2,
            track=rng.choice(TRACK_OVERRIDES),
            status=rng.choice(["参加"] * 12 + ["不定等次", "不参加", None]),
            votes_excellent=rng.randint(1, 60),
            votes_competent=rng.randint(0, 30),
            votes_basic=rng.randint(0, 15),
            votes_incompetent=rng.choice([0, 0, rng.randint(0, 40)]),
            q1=qs[0],
            q2=qs[1],
            q3=qs[2],
            q4=qs[3],
        )
        for name in INDICATORS:
            c[name] = decimal_value()
        cads.append(c)
    ids = [c["id"] for c in cads]
    unit_names = sorted({c["unit"] for c in cads})
    evs = []
    for _ in range(n // 2):
        on_unit = rng.random() < 0.15
        evs.append(
            event(
                None if on_unit else rng.choice(ids),
                rng.choice(["加分", "加分", "减分", "一票否决"]),
                rng.choice([0.1, 0.2, 0.3, 0.25, 0.5, 0.7, 1, 1.5, 2, 2.675, 3, 4.125, 5, 8]),
                date=rng.choice([dt.date(YEAR - 1, 12, 31), dt.date(YEAR + 1, 1, 1)])
                if rng.random() < 0.2
                else dt.date(YEAR, rng.randint(1, 12), rng.randint(1, 28)),
                unit=rng.choice(unit_names) if on_unit else None,
            )
        )
    sups = [
        sup(
            rng.choice(ids),
            rng.choice(MEASURES),
            date=dt.date(YEAR - rng.choice([0, 0, 1, 2]), rng.randint(1, 12), 1),
            verified=rng.random() < 0.8,
        )
        for _ in range(n // 10)
    ]
    hist = [
        {"id": cid, "year": YEAR - back, "grade": rng.choice(GRADES[:1] * 3 + GRADES)}
        for cid in ids
        for back in (1, 2)
        if rng.random() < 0.7
    ]
    return cads, evs, sups, hist


@pytest.mark.parametrize("seed", [1])
def test_big_random_roster(seed: int) -> None:
    check(*big_roster(seed))


# ── the sample workbook ──────────────────────────────────────────────────────────────────
def _plain(x: Any) -> Any:
    if _na(x):
        return None
    if isinstance(x, pd.Timestamp):
        return x.date()
    if hasattr(x, "item"):
        return x.item()
    return x


def _records(frame: pd.DataFrame) -> list[dict]:
    return [{k: _plain(v) for k, v in row.items()} for row in frame.to_dict("records")]


@pytest.mark.skipif(not SAMPLE.exists(), reason="sample workbook not generated yet")
def test_sample_workbook() -> None:
    result = cadrekit.api.score(SAMPLE)
    sheets = {kind: _records(s.frame) for kind, s in result.dataset.sheets.items()}
    expected = assess(
        sheets["cadres"],
        sheets.get("events", []),
        sheets.get("supervision", []),
        sheets.get("history", []),
        result.year,
    )
    diffs = differences(expected, result)
    assert not diffs, "engine ≠ DEFAULT_RULES.md reference:\n" + "\n".join(diffs)
