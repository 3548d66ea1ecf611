"""The committee's 决定 outside ``score`` (issue 16 item 1), through the installed command:
``validate`` judges the 决定 sheet (or ``--decisions FILE``) as ``score`` does, at the same
cells; ``explain`` and ``publicity`` take ``--decisions FILE`` and show the final grades.
The cases are cases/cycle.py's."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from runner import run_cadrekit

SAMPLES = Path(__file__).resolve().parents[2] / "data" / "samples"
HEAD = "编号,姓名,决定等次,会议,会议日期,记录人\r\n"
A0003 = "A0003,王五,优秀,县委考核委员会2026年第1次会议,2026-01-15,刘洋\r\n"
NOT_JUDGED = ("note", "decisions-not-judged", "决定", "")


def decisions_csv(folder: Path, *rows: str, name: str = "决定.csv") -> Path:
    path = folder / name
    path.write_text(HEAD + "".join(rows), "utf-8-sig")
    return path


def problems(done) -> list[tuple[str, str, str, str]]:
    """validate's CSV report: (severity, code, location, found) of every problem but the
    skipped title rows (every case has them)."""
    rows = csv.DictReader(io.StringIO(done.stdout))
    return [
        (r["severity"], r["code"], r["location"], r["found"])
        for r in rows
        if r["code"] != "skipped-title-row"
    ]


@pytest.mark.parametrize(
    ("case", "expected"),
    [
        ("cycle-over-quota", [("error", "decision-over-quota", "决定!C5", "优秀")]),
        ("cycle-not-in-tie", [("error", "decision-not-in-tie", "决定!C4", "优秀")]),
        ("cycle-limited", [("error", "decision-limited", "决定!C4", "优秀")]),
        (
            "cycle-bad-words",
            [
                ("error", "decision-grade", "决定!C4", "优"),
                ("error", "duplicate-decision", "决定!A6", "A0004"),
                ("error", "unknown-id", "决定!A7", "A0099"),
                NOT_JUDGED,
            ],
        ),
        (
            "cycle-bad-basis",
            [
                ("error", "missing-value", "决定!D4", ""),
                ("error", "bad-date", "决定!E5", "2026-13-01"),
                NOT_JUDGED,
            ],
        ),
    ],
)
def test_validate_refuses_what_score_refuses_at_the_same_cells(corpus, case, expected) -> None:
    path = corpus.saved(case)
    done = run_cadrekit("validate", path, "--format", "csv")
    assert done.returncode == 1, done.stderr
    assert problems(done) == expected
    errors = sum(e[0] == "error" for e in expected)
    notes = 4 + (NOT_JUDGED in expected)
    assert done.stderr == f"{path.name}：错误 {errors} 个，警告 0 个，提示 {notes} 个\n"
    scored = run_cadrekit("score", path, "--format", "csv", env={"COLUMNS": "200"})
    assert (scored.returncode, scored.stdout) == (1, "")
    lines = scored.stderr.splitlines()
    for _, code, location, found in expected:
        if code != "decisions-not-judged":
            assert any(line.startswith(f"│ {location} │ {found}") for line in lines), location


def test_validate_passes_the_decided_workbooks(corpus) -> None:
    done = run_cadrekit("validate", corpus.saved("cycle-2025-decided"), "--format", "csv")
    assert (done.returncode, problems(done)) == (0, [])
    sample = run_cadrekit("validate", SAMPLES / "county-2025-decided.xlsx", "--year", "2025")
    assert sample.returncode == 0, sample.stdout
    assert sample.stderr == "county-2025-decided.xlsx：错误 0 个，警告 0 个，提示 1 个\n"


def test_validate_judges_a_decisions_file(corpus, tmp_path) -> None:
    roster = corpus.saved("cycle-2025")
    good = decisions_csv(tmp_path, A0003)
    done = run_cadrekit("validate", roster, "--decisions", good, "--format", "csv")
    assert (done.returncode, problems(done)) == (0, [])
    bad = decisions_csv(tmp_path, A0003, "A0002,李四,优秀,会,2026-01-15,刘洋\r\n", name="bad.csv")
    done = run_cadrekit("validate", roster, "--decisions", bad, "--format", "csv")
    assert done.returncode == 1
    assert problems(done) == [("error", "decision-over-quota", "bad!C3", "优秀")]
    twice = run_cadrekit("validate", corpus.saved("cycle-2025-decided"), "--decisions", good)
    assert (twice.returncode, twice.stdout) == (2, "")
    assert "输入已有决定表（决定），不能再用 --decisions 决定.csv" in twice.stderr


def test_validate_json_is_api_validate_with_decisions(corpus, tmp_path) -> None:
    from cadrekit import api

    roster = corpus.saved("cycle-2025")
    bad = decisions_csv(tmp_path, "A0006,孙八,优秀,会,2026-01-15,刘洋\r\n", name="bad.csv")
    done = run_cadrekit("validate", roster, "--decisions", bad, "--format", "json")
    assert done.returncode == 1
    got = [(p["code"], p["location"]) for p in json.loads(done.stdout)["problems"]]
    assert got == [(p.code, p.location) for p in api.validate(roster, decisions=bad).problems]
    assert ("decision-not-in-tie", "bad!C2") in got


def _explain(*args: str | Path) -> dict:
    done = run_cadrekit("explain", *args, "--format", "json")
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_explain_with_a_decisions_file_is_explain_with_the_sheet(corpus, tmp_path) -> None:
    own = decisions_csv(tmp_path, A0003)
    doc = _explain(corpus.saved("cycle-2025"), "A0003", "--decisions", own)
    assert (doc["grade"], doc["flags"]) == ("优秀", ["merit-third-class"])
    assert doc["decisions"] == [
        {
            "layer": "decisions",
            "rule_path": "decisions",
            "value": "优秀",
            "reason": "县委考核委员会2026年第1次会议（2026-01-15）决定：称职 → 优秀；记录人 刘洋",
            "outcome": "decided",
        }
    ]
    assert doc == _explain(corpus.saved("cycle-2025-decided"), "A0003")
    other = _explain(corpus.saved("cycle-2025"), "A0002", "--decisions", own)
    assert (other["grade"], [(a["value"], a["outcome"]) for a in other["decisions"]]) == (
        "称职",
        [("称职", "tie-closed")],
    )


def test_explain_refuses_a_forbidden_decision_and_two_places(corpus, tmp_path) -> None:
    bad = decisions_csv(tmp_path, "A0005,钱七,优秀,会,2026-01-15,刘洋\r\n", name="bad.csv")
    done = run_cadrekit(
        "explain", corpus.saved("cycle-2025"), "A0005", "--decisions", bad, env={"COLUMNS": "200"}
    )
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr.splitlines()[:2] == [
        "错误: 决定表有 1 处决定不符合考核规则，未评分 — 按每处提示修改决定表后重新运行",
        "  bad!C2: 决定等次高于该干部的等次限制（基本称职） (实际为 优秀) — 等次限制（如处分、"
        "一票否决）不能由决定突破：改为不高于限制的等次，或删去此行",
    ]
    twice = run_cadrekit("explain", corpus.saved("cycle-2025-decided"), "A0003", "--decisions", bad)
    assert (twice.returncode, twice.stdout) == (2, "")
    assert "输入已有决定表（决定），不能再用 --decisions bad.csv" in twice.stderr


LISTED = "| 1 | 张三 | 县交通运输局 |  |\n| 2 | 王五 | 县交通运输局 |  |\n"


@pytest.mark.parametrize("command", [["publicity"], ["score", "--publicity"]])
def test_publicity_lists_the_grades_a_decisions_file_decides(corpus, tmp_path, command) -> None:
    own = decisions_csv(tmp_path, A0003)
    start = ("--publicity-start", "2026-01-19")
    done = run_cadrekit(*command, corpus.saved("cycle-2025"), "--decisions", own, *start)
    assert done.returncode == 0, done.stderr
    assert "拟确定以下 2 名同志2025年度考核为优秀等次" in done.stdout
    assert LISTED in done.stdout
    assert "优秀等次 2 人，1 个单位；公示期 2026-01-19 – 2026-01-23" in done.stderr
    assert "并列" not in done.stderr  # the tie is closed: nothing awaits the committee
    sheet = run_cadrekit(*command, corpus.saved("cycle-2025-decided"), *start)
    assert sheet.stdout == done.stdout
    twice = run_cadrekit(*command, corpus.saved("cycle-2025-decided"), "--decisions", own)
    assert (twice.returncode, twice.stdout) == (2, "")
    assert "输入已有决定表（决定），不能再用 --decisions 决定.csv" in twice.stderr
