"""explain reads the audit trail: it finds cadres, groups steps, and agrees with score."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pandas as pd
import pytest

from cadrekit.errors import UsageError
from cadrekit.insight.explain import cut_words, explain, find, to_markdown
from cadrekit.models.result import AUDIT_COLUMNS, Result
from cadrekit.rules.load import default_rules
from runner import run_cadrekit

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "samples" / "county-2025.xlsx"

AUDIT = [
    ("A1", "tracks", "tracks[4].condition", "staff", "赛道 一般干部：其余人员（兜底赛道）"),
    ("A1", "performance", "tracks[4].indicators[0]", "85.7", "工作实绩 85.7 × 权重 1"),
    ("A1", "performance", "components.performance", "85.7", "实绩得分 P（四舍五入）"),
    (
        "A1",
        "adjustments",
        "adjustments.bonus",
        "3",
        "计入：2025-01-13 加分 信访维稳 3 分（化解信访积案）",
        "counted",
    ),
    (
        "A1",
        "adjustments",
        "adjustments.bonus",
        "0",
        "不计：2024-12-30 加分 其他 1 分（不在考核年度）",
        "not-counted",
    ),
    ("A1", "composite", "components", "90.79", "综合得分 S = …"),
    ("A1", "rank", "ranking.tie_break", "2", "第 2 名"),
    ("A1", "grade", "quota", "staff/水利局", "具备优秀资格，未进入名额（名额 1）"),
    ("A1", "grade", "grades", "称职", "最终等次 称职"),
    ("A2", "composite", "components", "93.8", "综合得分 S = …"),
    ("A2", "rank", "ranking.tie_break", "1", "第 1 名"),
    ("A2", "grade", "grades", "优秀", "最终等次 优秀"),
    ("A3", "limits", "limits.status.不参加", "不定等次", "考核状态为不参加（病假） → 不定等次"),
    ("A3", "grade", "grades", "不定等次", "最终等次 不定等次"),
]


def result() -> Result:
    cadres = pd.DataFrame(
        {
            "id": ["A2", "A1", "A3", "A4"],
            "name": ["李二", "张一", "王三", "王三"],
            "unit": ["水利局"] * 3 + ["城关镇"],
            "track": ["staff"] * 4,
            "track_label": ["一般干部"] * 4,
            "rank": pd.array([1, 2, None, 3], dtype="Int64"),
            "score": [93.8, 90.79, 70.0, 80.0],
            "grade": ["优秀", "称职", "不定等次", "称职"],
            "flags": [[], ["quota-tie"], [], []],
            "quota_group": ["staff/水利局", "staff/水利局", None, "staff/城关镇"],
        }
    )
    groups = pd.DataFrame(
        {
            "quota_group": ["staff/水利局"],
            "n": [2],
            "rate": [0.5],
            "slots": [1],
            "excellent": [1],
            "unfilled": [0],
            "tie": [False],
        }
    )
    rows = [(*r, "") if len(r) == 5 else r for r in AUDIT]  # outcome: only adjustments have one
    audit = pd.DataFrame(rows, columns=AUDIT_COLUMNS)
    return Result(cadres=cadres, audit=audit, groups=groups, year=2025, rules=default_rules())


def test_find_by_id_or_unique_name() -> None:
    r = result()
    assert find(r, "A1") == "A1"
    assert find(r, "张一") == "A1"
    with pytest.raises(UsageError, match="不唯一"):
        find(r, "王三")
    with pytest.raises(UsageError, match="找不到"):
        find(r, "Z9")


def test_explain_groups_the_audit_trail() -> None:
    doc = explain(result(), "A1")
    assert (doc["score"], doc["grade"], doc["rank"], doc["ranked_in_track"]) == (
        90.79,
        "称职",
        2,
        3,
    )
    assert [s["value"] for s in doc["indicators"]] == ["85.7"]
    assert [s["reason"][:2] for s in doc["adjustments"]["counted"]] == ["计入"]
    assert [s["reason"][:2] for s in doc["adjustments"]["left_out"]] == ["不计"]
    assert doc["flags"] == ["quota-tie"]
    assert doc["quota"] == {
        "group": "staff/水利局",
        "group_label": "一般干部（水利局）",
        "n": 2,
        "rate": 0.5,
        "slots": 1,
        "exact": 1.0,
        "rounding": "floor",
        "smallest_group": 2,
        "basis": "参加人数 2 × 比例 50% = 1，向下取整 → 名额 1",
        "awarded": 1,
        "unfilled": 0,
        "tie": False,
        "position": 2,
        "cut_position": 1,
        "cut_rank": 1,
        "cut_score": 93.8,
        "cut_id": "A2",
    }
    assert cut_words(doc["quota"], doc["quota_grade"]) == (
        "一般干部（水利局）：参加人数 2 × 比例 50% = 1，向下取整 → 名额 1；已定优秀 1，未用 0；"
        "本人组内第 2 位（共 2 人）；切线在组内第 1 位之后（赛道排名第 1 名，93.80 分）"
    )
    assert cut_words(doc["quota"], doc["quota_grade"], "en") == (
        "staff/水利局: 2 × 50% = 1, rounded down → 1 slot; 优秀 1, unfilled 0; "
        "place 2 of 2 in the group; cut after place 1 in the group (track rank 1, 93.80)"
    )
    assert len(doc["steps"]) == 9


def test_a_not_graded_cadre_has_no_rank_and_no_quota() -> None:
    doc = explain(result(), "A3")
    assert (doc["score"], doc["grade"], doc["rank"], doc["quota"]) == (None, "不定等次", None, None)
    assert [s["rule_path"] for s in doc["limits"]] == ["limits.status.不参加"]
    md = to_markdown(doc)
    assert "- 赛道排名：不参加排名" in md
    assert "| 等次限制 | `limits.status.不参加` | 不定等次 |" in md


def test_chinese_views_name_tracks_groups_and_flags_json_keeps_codes() -> None:
    doc = explain(result(), "A1")
    md = to_markdown(doc)
    assert "- 标记：名额并列" in md and "quota-tie" not in md
    assert "| 赛道 | `tracks[4].condition` | 一般干部 |" in md
    assert "| 等次 | `quota` | 一般干部（水利局） |" in md
    assert "staff" not in md
    assert doc["flags"] == ["quota-tie"]  # the JSON document keeps the codes
    assert [s["value"] for s in doc["steps"] if s["rule_path"] == "quota"] == ["staff/水利局"]


@pytest.mark.skipif(not SAMPLE.exists(), reason="data/samples/county-2025.xlsx not built yet")
def test_explain_panel_in_chinese_names_the_flag_and_the_track() -> None:
    from rich.console import Console

    from cadrekit import api
    from cadrekit.cli.commands.explain import panel

    doc = explain(api.score(SAMPLE), "A0001")
    console = Console(width=250, record=True)
    console.print(panel(doc, "zh"))
    text = console.export_text()
    assert "记三等功" in text and "merit-third-class" not in text
    assert "township-chief" not in text and "乡镇党政正职" in text
    assert "满足条件 单位类型 = 乡镇，层级 = 正职" in text and "unit_type" not in text
    console = Console(width=250, record=True)
    console.print(panel(doc, "en"))
    assert "merit-third-class" in console.export_text()


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return run_cadrekit(*args)


@pytest.mark.skipif(not SAMPLE.exists(), reason="data/samples/county-2025.xlsx not built yet")
def test_explain_agrees_with_score_for_every_cadre_of_the_sample() -> None:
    scored = _cli("score", str(SAMPLE), "--format", "json")
    assert scored.returncode == 0, scored.stderr
    cadres = json.loads(scored.stdout)["cadres"]
    ids = [c["id"] for c in cadres]
    explained = _cli("explain", str(SAMPLE), *ids, "--format", "json")
    assert explained.returncode == 0, explained.stderr
    docs = json.loads(explained.stdout)
    docs = docs if isinstance(docs, list) else [docs]
    assert [d["id"] for d in docs] == ids
    for cadre, doc in zip(cadres, docs, strict=True):
        assert doc["grade"] == cadre["grade"], cadre["id"]
        assert doc["score"] == cadre["score"], cadre["id"]
        assert doc["rank"] == cadre["rank"], cadre["id"]
