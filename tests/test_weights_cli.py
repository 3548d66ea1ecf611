"""`cadrekit weights …`: exit codes, output, and --into keeping the rule file's comments."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "data" / "samples"


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "cadrekit", *args],
        capture_output=True,
        text=True,
        check=False,
        env={"PATH": "/usr/bin:/bin", "COLUMNS": "120", "NO_COLOR": "1"},
    )


def test_consistent_matrix_prints_weights_and_exits_0() -> None:
    result = run("weights", "ahp", str(SAMPLES / "ahp-township.yaml"), "--format", "csv")
    assert result.returncode == 0, result.stderr
    assert (
        result.stdout
        == "指标,权重\n经济发展,0.3629\n乡村振兴,0.3261\n安全稳定,0.1630\n党的建设,0.1480\n"
    )
    assert result.stderr == ""


def test_inconsistent_matrix_warns_with_exit_0_and_fails_under_strict() -> None:
    house = str(SAMPLES / "ahp-saaty-house.yaml")
    result = run("weights", "ahp", house, "--format", "json", "--lang", "en")
    assert result.returncode == 0
    doc = json.loads(result.stdout)
    assert round(doc["lambda_max"], 3) == 9.669 and round(doc["cr"], 3) == 0.169
    assert doc["inconsistent_pairs"][0]["row"] == "Neighborhood"
    assert (
        "CR = 0.169 > 0.10" in result.stderr
        and "Neighborhood vs General condition" in result.stderr
    )
    strict = run("weights", "ahp", house, "--strict", "--format", "csv", "--lang", "en")
    assert strict.returncode == 1
    assert "no weights written" in strict.stderr


def test_experts_each_get_a_cr_and_a_weight_column() -> None:
    result = run(
        "weights", "ahp", str(SAMPLES / "ahp-dept-experts.yaml"), "--format", "json", "--lang", "en"
    )
    assert result.returncode == 0
    doc = json.loads(result.stdout)
    assert [e["name"] for e in doc["experts"]] == ["专家甲", "专家乙", "专家丙"]
    assert [e["consistent"] for e in doc["experts"]] == [True, True, False]
    assert doc["consistent"] is True  # the AIJ aggregate
    assert set(doc["rows"][0]) == {"criterion", "weight", "专家甲", "专家乙", "专家丙"}
    assert "专家丙" in result.stderr


def test_bad_matrix_is_exit_1_with_the_cell(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("criteria: [甲, 乙]\nmatrix:\n  - [1, 3]\n  - [2, 1]\n", encoding="utf-8")
    result = run("weights", "ahp", str(bad), "--lang", "en")
    assert result.returncode == 1
    assert "bad.yaml bad matrix[1][0]" in result.stderr
    assert "expected 1/3" in result.stderr


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    town = str(SAMPLES / "ahp-township.yaml")
    assert run("weights", "ahp", town, "--method", "power").returncode == 2
    assert run("weights", "ahp", town, "--into", str(tmp_path / "r.yaml")).returncode == 2


RULES = """\
# 我的规则（注释必须保留）
tracks:
  - id: township-chief   # 乡镇正职
    label: 乡镇党政正职
    indicators:
      - {column: 经济发展, weight: 0.30}   # 旧权重
      - column: 乡村振兴
        weight: 0.3 # 块格式也行
      - {column: 安全稳定, weight: 0.20}
      - {column: 党的建设, weight: 0.20}
  - id: staff
    label: 一般干部
    indicators:
      - {column: 工作实绩, weight: 1.00}
"""

EXPECTED = """\
# 我的规则（注释必须保留）
tracks:
  - id: township-chief   # 乡镇正职
    label: 乡镇党政正职
    indicators:
      - {column: 经济发展, weight: 0.3629}   # 旧权重
      - column: 乡村振兴
        weight: 0.3261 # 块格式也行
      - {column: 安全稳定, weight: 0.1630}
      - {column: 党的建设, weight: 0.1480}
  - id: staff
    label: 一般干部
    indicators:
      - {column: 工作实绩, weight: 1.00}
"""


def test_into_rewrites_only_the_weights_and_keeps_comments(tmp_path: Path) -> None:
    rules = tmp_path / "rules.yaml"
    rules.write_text(RULES, encoding="utf-8")
    result = run(
        "weights", "ahp", str(SAMPLES / "ahp-township.yaml"),
        "--into", str(rules), "--track", "乡镇党政正职", "--format", "csv",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert rules.read_text(encoding="utf-8") == EXPECTED


def test_into_the_default_rules_gives_a_valid_rule_file(tmp_path: Path) -> None:
    from cadrekit.rules.load import default_text, load_rules

    rules = tmp_path / "rules.yaml"
    rules.write_text(default_text(), encoding="utf-8")
    result = run(
        "weights", "ahp", str(SAMPLES / "ahp-dept-experts.yaml"),
        "--into", str(rules), "--track", "dept-chief",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    track = next(t for t in load_rules(rules).rules.tracks if t.id == "dept-chief")
    weights = [i.weight for i in track.indicators]
    assert sum(weights) == 1 or abs(sum(weights) - 1) < 1e-12
    assert all(len(str(w).split(".")[1]) <= 4 for w in weights)
    changed = [
        (a, b)
        for a, b in zip(default_text().splitlines(), rules.read_text().splitlines(), strict=True)
        if a != b
    ]
    assert len(changed) == 4 and all("weight:" in a for a, _ in changed)


def test_into_refuses_a_matrix_of_other_indicators(tmp_path: Path) -> None:
    rules = tmp_path / "rules.yaml"
    rules.write_text(RULES, encoding="utf-8")
    result = run(
        "weights", "ahp", str(SAMPLES / "ahp-township.yaml"),
        "--into", str(rules), "--track", "staff", "--lang", "en",
    )  # fmt: skip
    assert result.returncode == 2
    assert rules.read_text(encoding="utf-8") == RULES
    assert "missing ['工作实绩']" in result.stderr


ROSTER = """\
编号,姓名,单位,单位类型,层级,经济发展,乡村振兴,安全稳定,党的建设,优秀票,称职票,基本称职票,不称职票,一季度,二季度,三季度,四季度
1,甲,甲镇,乡镇,正职,90,80,85,88,20,5,0,0,好,好,好,好
2,乙,乙镇,乡镇,正职,70,85,85,80,15,10,0,0,好,较好,好,好
3,丙,丙镇,乡镇,正职,80,70,85,92,10,12,3,0,较好,较好,好,好
4,丁,丁镇,乡镇,正职,60,90,85,75,8,15,2,0,好,较好,较好,好
5,戊,戊镇,乡镇,正职,95,60,85,70,18,6,1,0,好,好,较好,好
"""


def test_entropy_and_critic_on_a_roster_report_the_constant_indicator(tmp_path: Path) -> None:
    import numpy as np

    from cadrekit.weights import critic_weights, entropy_weights

    roster = tmp_path / "roster.csv"
    roster.write_text(ROSTER, encoding="utf-8")
    X = np.array(
        [[90, 80, 85, 88], [70, 85, 85, 80], [80, 70, 85, 92], [60, 90, 85, 75], [95, 60, 85, 70]],
        dtype=float,
    )
    for method, compute in (("entropy", entropy_weights), ("critic", critic_weights)):
        result = run(
            "weights", method, str(roster), "--track", "township-chief",
            "--format", "json", "--lang", "en",
        )  # fmt: skip
        assert result.returncode == 0, result.stderr
        doc = json.loads(result.stdout)
        assert doc["cadres"] == 5
        expected = compute(X, [1, 1, 1, 1]).weights
        assert [r["weight"] for r in doc["rows"]] == [round(float(w), 4) for w in expected]
        assert doc["rows"][2]["weight"] == 0
        assert "安全稳定: indicator does not discriminate" in result.stderr
    unknown = run("weights", "entropy", str(roster), "--track", "nope")
    assert unknown.returncode == 2
