"""Issue 14, items 4 and 11 through the installed command on LibreOffice-saved rosters:
a formula as a header is guarded in CSV files; a roster lacking any optional sheet gets a
result or a located message from every command, never an internal error."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from cases.write import FORMULA_HEADER, OPTIONAL

from runner import run_cadrekit


def header_of(text: str) -> list[str]:
    return next(csv.reader(io.StringIO(text)))


def test_formula_header_is_guarded_in_score_csv_files(corpus, tmp_path: Path) -> None:
    roster = corpus.saved("write-formula-header")
    out = tmp_path / "score.csv"
    result = run_cadrekit("score", roster, "-o", out)
    assert result.returncode == 0, result.stderr
    header = header_of(out.read_text(encoding="utf-8"))
    assert "'" + FORMULA_HEADER in header and FORMULA_HEADER not in header
    # stdout is read by programs: as it is, as cells are (--safe-csv turns the guard on)
    piped = run_cadrekit("score", roster, "--format", "csv")
    assert FORMULA_HEADER in header_of(piped.stdout)
    safe = run_cadrekit("score", roster, "--format", "csv", "--safe-csv")
    assert "'" + FORMULA_HEADER in header_of(safe.stdout)


def test_formula_header_is_guarded_in_batch_results_csv(corpus, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.xlsx").write_bytes(corpus.saved("write-formula-header").read_bytes())
    result = run_cadrekit("batch", folder, "-o", tmp_path / "out")
    assert result.returncode == 0, result.stderr
    header = header_of((tmp_path / "out" / "results.csv").read_text(encoding="utf-8"))
    assert "'" + FORMULA_HEADER in header and FORMULA_HEADER not in header


ROSTERS = ["write-all-sheets", "write-cadres-only", *(f"write-without-{n}" for n in OPTIONAL)]
COMMANDS = {
    "validate": ["validate", "{roster}"],
    "score": ["score", "{roster}", "-o", "{tmp}/s.xlsx"],
    "explain": ["explain", "{roster}", "A0001"],
    "flags": ["flags", "{roster}"],
    "vet": ["vet", "{roster}"],
    "training": ["training", "{roster}"],
    "compare": ["compare", "{roster}", "{roster}"],
    "sensitivity": ["sensitivity", "{roster}"],
    "publicity": ["score", "{roster}", "--publicity", "-o", "{tmp}/p.xlsx"],
}
NEEDS = {"vet": "拟提拔人选", "training": "教育培训"}  # the sheet a command cannot do without
MISSING = {
    "拟提拔人选": "错误: 没有 拟提拔人选 工作表，无法进行凡提四必审核"
    " — 请添加 拟提拔人选 工作表（cadrekit template 可生成模板）",
    "教育培训": "错误: 没有 教育培训 工作表，无法统计培训学时"
    " — 请添加 教育培训 工作表（cadrekit template 可生成模板）",
}


@pytest.mark.parametrize("roster", ROSTERS)
@pytest.mark.parametrize("command", list(COMMANDS))
def test_every_command_on_a_roster_lacking_a_sheet(
    corpus, tmp_path: Path, roster: str, command: str
) -> None:
    path = corpus.saved(roster)
    args = [a.format(roster=path, tmp=tmp_path) for a in COMMANDS[command]]
    result = run_cadrekit(*args, env={"COLUMNS": "200"})
    assert "internal error" not in result.stderr and "Traceback" not in result.stderr
    needed = NEEDS.get(command)
    absent = roster == "write-cadres-only" or roster == f"write-without-{needed}"
    if needed and absent:
        assert result.returncode == 1
        lines = result.stderr.strip().splitlines()
        assert lines[0] == MISSING[needed]
        assert lines[1].strip() == (
            f"缺少工作表 {needed} — 请添加名为 {needed} 的工作表（可用 cadrekit template 生成模板）"
        )
    else:
        assert result.returncode == 0, result.stderr
