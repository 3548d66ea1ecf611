"""A hand-built Result for the renderer tests (no loader or engine needed)."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pandas as pd

from cadrekit.models.result import AUDIT_COLUMNS, Result
from cadrekit.problems import Problem

GRADES = ["优秀", "称职", "基本称职", "不称职", "不定等次"]
TRACKS = [
    SimpleNamespace(id="township-chief", label="乡镇党政正职"),
    SimpleNamespace(id="township-deputy", label="乡镇班子副职"),
    SimpleNamespace(id="staff", label="一般干部"),
]


def make_result() -> Result:
    na = pd.NA
    cadres = pd.DataFrame(
        {
            "id": ["A001", "A002", "A003", "A004", "B001", "B002", "B003"],
            "name": ["张三", "=1+1", "王五", "赵六", "@SUM(A1)", "孙八", "-周九"],
            "unit": ["城关镇", "河西镇", "东山镇", "南岭镇", "城关镇", "城关镇", "县财政局"],
            "track": ["township-chief"] * 4 + ["staff"] * 3,
            "rank": pd.array([1, 2, 2, na, 1, 2, 1], dtype="Int64"),
            "score": [90.5, 84.13000000000001, 84.13000000000001, 75.0, 88.0, 61.2, 79.999],
            "grade": ["优秀", "称职", "称职", "不定等次", "优秀", "基本称职", "称职"],
            "flags": [
                [],
                ["quota-tie"],
                ["quota-tie"],
                [],
                ["merit-third-class"],
                ["admonishment"],
                [],
            ],
            "performance": [92.0, 85.0, 85.0, 70.0, 90.0, 60.0, 80.0],
            "votes_score": [95.0, 88.57142857, 88.57142857, 80.0, 90.0, 70.0, 80.0],
            "quarterly_score": [95.0, 80.0, 80.0, 60.0, 85.0, 60.0, 80.0],
            "bonus": [2.0, 0.0, 0.0, 0.0, 1.5, 0.0, 0.0],
            "deduction": [0.0, 0.0, 0.0, 0.0, 0.0, 1.0, 0.0],
            "limit": [None, None, None, "不定等次", None, "基本称职", None],
            "limit_reason": [
                None,
                None,
                None,
                "status: 不定等次",
                None,
                "score: 60 ≤ S < 70",
                None,
            ],
            "track_label": ["乡镇党政正职"] * 4 + ["一般干部"] * 3,
            "quota_group": ["township-chief"] * 4 + ["staff/城关镇"] * 2 + ["staff/县财政局"],
            "good_quarters": pd.array([4, 2, 2, 0, 3, 0, 1], dtype="Int64"),
            "eligible": [True, False, False, False, True, False, False],
            "status": ["参加", "参加", "参加", "不定等次", "参加", "参加", "参加"],
            "id_number": ["11010519491231002X", None, "110105194912310029", None, None, None, None],
            "经济发展": [90.0, 85.5, 85.0, 70.0, None, None, None],
            "birth_date": [dt.date(1980, 5, 1), None, None, None, None, None, None],
        }
    )
    audit = pd.DataFrame(
        [
            ["A001", "composite", "components", 90.5, "0.5·P + 0.3·V + 0.2·Q + bonus"],
            ["A001", "grade", "quota", "优秀", "rank 1 of 1 slot"],
            ["A002", "grade", "quota", "称职", "tie at the quota cut"],
            ["A004", "caps", "caps.status", "不定等次", "status = 不定等次"],
        ],
        columns=AUDIT_COLUMNS[:-1],
    ).assign(outcome="")  # no adjustments here: no row has an outcome
    groups = pd.DataFrame(  # as the engine builds it: counts per grade of each group
        {
            "quota_group": ["township-chief", "staff/城关镇", "staff/县财政局"],
            "track": ["township-chief", "staff", "staff"],
            "unit": [None, "城关镇", "县财政局"],
            "n": [3, 2, 1],
            "rate": [0.25, 0.2, 0.2],
            "slots": [1, 0, 0],
            "excellent": [1, 1, 0],
            "unfilled": [0, 0, 0],
            "tie": [True, False, False],
            "优秀": [1, 1, 0],
            "称职": [2, 0, 1],
            "基本称职": [0, 1, 0],
            "不称职": [0, 0, 0],
            "不定等次": [1, 0, 0],
        }
    )
    problems = [
        Problem("quota-tie", location="乡镇党政正职", params={"unfilled": 0}),
        Problem(
            "bad-number", location="干部名册!F9", found="=HYPERLINK()", sheet="干部名册", row=9
        ),
    ]
    return Result(
        cadres=cadres,
        audit=audit,
        groups=groups,
        year=2025,
        rules=SimpleNamespace(grades=GRADES, tracks=TRACKS),
        problems=problems,
        rules_sha256="r" * 64,
        meta={
            "input_sha256": "a" * 64,
            "input_name": "county.xlsx",
            "rules_origin": "built-in",
            "rules_text": "grades:\n  - 优秀\n=1+1\n\ntracks: []\n",
            "cadrekit_version": "0.1.0",
        },
    )
