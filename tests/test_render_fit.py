"""Terminal tables fit the terminal: at 80, 100 and 120 columns no cell is cut, every line
fits, and what is left out is named (the installed command on the sample county)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from rich.cells import cell_len
from rich.text import Text

from cadrekit.render.fit import Column, fold, layout
from runner import run_cadrekit

SAMPLE = Path(__file__).parents[1] / "data" / "samples" / "county-2025.xlsx"


def _table(*args: str, width: int, code: int = 0) -> str:
    env = {**os.environ, "COLUMNS": str(width)}
    done = run_cadrekit(*args, "--format", "table", env=env)
    assert done.returncode == code, done.stderr
    return done.stdout


@pytest.mark.parametrize("width", [80, 100, 120])
def test_score_tables_fit_and_cut_no_cell(width: int) -> None:
    text = _table("score", str(SAMPLE), width=width)
    assert "…" not in text
    assert all(cell_len(line) <= width for line in text.splitlines())
    assert "   1  A0001  韦怡英  城关镇" in text  # rank, id, name, unit whole
    assert "县交通运输局" in text  # the longest unit, whole


def test_score_at_80_names_what_it_left_out() -> None:
    text = _table("score", str(SAMPLE), width=80)
    flat = "".join(line for line in text.splitlines() if not line.startswith(" "))
    assert (
        "终端宽 80 列，另有 6 列未显示：实绩得分、民主测评得分、平时考核得分、加分、减分、"
        "总人数。加宽终端，或输出到文件（-o 结果.xlsx、--format csv）可看全部。"
    ) in flat
    header = next(line for line in text.splitlines() if line.startswith("排名"))
    assert header.split() == ["排名", "编号", "姓名", "单位", "得分", "等次", "等次限制", "标记"]


def test_score_wide_terminal_shows_everything_with_whole_headers() -> None:
    text = _table("score", str(SAMPLE), width=250)
    assert "未显示" not in text
    header = next(line for line in text.splitlines() if line.startswith("排名"))
    assert "综合得分" in header and "民主测评得分" in header and "平时考核得分" in header


@pytest.mark.parametrize("command", ["flags", "vet", "training"])
def test_insight_tables_fit_80_columns(command: str) -> None:
    # vet's exit code 1: a candidate fails (documented)
    text = _table(command, str(SAMPLE), width=80, code=1 if command == "vet" else 0)
    assert "…" not in text
    assert all(cell_len(line) <= 80 for line in text.splitlines())


def test_fold_never_starts_a_line_with_a_comma() -> None:
    lines = fold("另有 6 列未显示：实绩得分、民主测评得分", 18)
    assert "".join(lines) == "另有 6 列未显示：实绩得分、民主测评得分"
    assert all(cell_len(line) <= 18 for line in lines)
    assert not any(line.startswith(("、", "：")) for line in lines)


def test_fold_moves_a_number_or_an_id_down_whole() -> None:
    assert fold("折算 5.67 年，共 12.50 年", 8) == ["折算 ", "5.67 ", "年，共 ", "12.50 年"]
    assert fold("编号A0003王五", 8) == ["编号", "A0003王", "五"]
    # a run longer than the line is cut (nothing to move it onto)
    assert fold("1234567890", 4) == ["1234", "5678", "90"]


def test_layout_splits_headers_before_leaving_columns_out() -> None:
    def col(key: str, head: str, cell: str) -> Column:
        return Column(key, head, [Text(cell)])

    columns = [col("a", "民主测评得分", "99.05"), col("b", "平时考核得分", "100.00")]
    assert layout([columns], 40) == (False, {"a": 12, "b": 12}, [])
    split, width_of, left = layout([columns], 16)
    assert split and width_of == {"a": 6, "b": 6} and left == []
    assert columns[0].heading(split=True) == "民主测\n评得分"
    assert layout([columns], 10, ["b"])[2] == ["b"]


@pytest.mark.parametrize("width", [80, 100, 120, 200])
def test_explain_panel_fits_and_hides_rule_paths(width: int) -> None:
    text = _table("explain", str(SAMPLE), "A0027", width=width)
    assert all(cell_len(line) <= width for line in text.splitlines())
    assert "…" not in text
    assert "limits.veto" not in text and "tracks[0]" not in text
    flat = "".join(line.strip("│ ").replace(" ", "") for line in text.splitlines())
    assert "一票否决：2025-03-21一票否决森林防灭火0分（辖区发生较大森林火灾）" in flat
    assert "（所在单位，一把手）→不得评为优秀排名" in flat  # the path [limits.veto] is hidden


def test_explain_show_rules_adds_the_rule_column() -> None:
    text = _table("explain", str(SAMPLE), "A0027", "--show-rules", width=200)
    assert "limits.veto" in text and "tracks[0].indicators[0]" in text
