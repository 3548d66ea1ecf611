"""Messages say what helps: no advice that cannot work, no repeats, no empty locations."""

from __future__ import annotations

import subprocess
from pathlib import Path

from runner import run_cadrekit

SAMPLES = Path(__file__).resolve().parents[1] / "data" / "samples"


def _run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return run_cadrekit(*args)


def test_lenient_is_suggested_only_when_every_error_is_in_a_row(tmp_path: Path) -> None:
    headers_only = tmp_path / "min.csv"
    headers_only.write_text("编号,姓名\nA1,张三\n", encoding="utf-8")
    missing = _run("score", headers_only)
    assert missing.returncode == 1 and "缺少必填列" in missing.stderr
    assert "--lenient" not in missing.stderr
    broken = _run("score", SAMPLES / "broken.xlsx")
    assert broken.returncode == 1 and "或加 --lenient 只评有效的行" in broken.stderr


def test_yaml_syntax_error_is_said_once_with_its_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("tracks: [\n  - id: x\n", encoding="utf-8")
    done = _run("rules", "check", bad)
    assert done.returncode == 1
    assert done.stderr.count("expected the node content") == 1
    assert "检查第 2 行附近的缩进、冒号、引号和括号" in done.stderr


def test_unknown_rules_name_lists_the_built_in_sets() -> None:
    done = _run("score", SAMPLES / "county-2025.xlsx", "--rules", "nosuch")
    assert done.returncode == 2  # a path on the command line that does not exist
    assert (
        "找不到规则文件 nosuch" in done.stderr and "内置规则集：default、institution" in done.stderr
    )
    assert "No such file" not in done.stderr


def test_a_problem_without_location_has_no_empty_prefix(tmp_path: Path) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_text("编号,姓名,单位\nA1,张三,城关镇\n", encoding="utf-8")
    done = _run("vet", roster)
    assert done.returncode == 1 and "缺少工作表 拟提拔人选" in done.stderr
    assert not [line for line in done.stderr.splitlines() if line.strip().startswith(":")]


def test_a_bad_check_digit_is_not_called_a_wrong_length() -> None:
    done = _run("validate", SAMPLES / "broken.xlsx", "--format", "csv")
    (row,) = [line for line in done.stdout.splitlines() if ",bad-id-number," in line]
    assert ",末位校验码正确、出生日期有效," in row and ",18 位," not in row
