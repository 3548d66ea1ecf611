"""One format resolver for every command (render/output.resolve_format): ``--format``, else
the suffix of ``-o``, else CSV (JSON for explain) in a pipe; the same refusals everywhere."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from runner import run_cadrekit

SAMPLE = Path(__file__).parents[2] / "data" / "samples" / "county-2025.xlsx"


@pytest.mark.parametrize(
    ("args", "line"),
    [
        (
            ("score", "-o", "x.md"),
            "错误: 无法从文件名 x.md 判断格式：请用 .csv/.json/.jsonl/.xlsx/.html 或 --format",
        ),
        (
            ("vet", "-o", "x.txt"),
            "错误: 无法从文件名 x.txt 判断格式：请用 .csv/.json/.jsonl/.xlsx 或 --format",
        ),
        (("vet", "--format", "csv", "-o", "x.json"), "错误: --format csv 与文件名 x.json 不一致"),
        (
            ("training", "--format", "table", "-o", "x.csv"),
            "错误: 表格格式只输出到终端，不能与 -o 同用",
        ),
        (
            ("explain", "A0001", "--format", "md", "-o", "x.json"),
            "错误: --format md 与文件名 x.json 不一致",
        ),
        (("score", "--format", "xlsx"), "错误: xlsx 格式需要用 -o 指定文件"),
        (("flags", "--format", "xlsx"), "错误: xlsx 格式需要用 -o 指定文件"),
        (
            ("weights", "critic", "--track", "township-chief", "--format", "xlsx"),
            "错误: xlsx 格式需要用 -o 指定文件",
        ),
    ],
)
def test_every_command_refuses_alike(args: tuple[str, ...], line: str, tmp_path: Path) -> None:
    verb, rest = (args[:2], args[2:]) if args[0] == "weights" else (args[:1], args[1:])
    done = run_cadrekit(*verb, SAMPLE, *rest, cwd=tmp_path)
    assert done.returncode == 2, done.stderr
    assert done.stderr.splitlines()[0] == line
    assert list(tmp_path.iterdir()) == []  # nothing written


def test_a_pipe_gets_csv_and_explain_json(tmp_path: Path) -> None:
    vet = run_cadrekit("vet", SAMPLE)
    assert vet.returncode == 1, vet.stderr  # three candidates do not pass
    assert (
        vet.stdout.splitlines()[0] == "编号,姓名,单位,拟任职务,检查项,检查,结论,理由,综合结论,位置"
    )
    checks = run_cadrekit("validate", SAMPLE)
    head = "severity,code,location,sheet,row,column,found,expected,message,hint"
    assert checks.stdout.splitlines()[0] == head
    explained = run_cadrekit("explain", SAMPLE, "A0001")
    assert json.loads(explained.stdout)["id"] == "A0001"


def test_explain_writes_md_by_suffix_and_json_otherwise(tmp_path: Path) -> None:
    assert run_cadrekit("explain", SAMPLE, "A0001", "-o", tmp_path / "a.md").returncode == 0
    md = (tmp_path / "a.md").read_text(encoding="utf-8")
    assert md.splitlines()[0] == "## 韦怡英（A0001）城关镇 · 乡镇党政正职 · 2025 年度"
    assert run_cadrekit("explain", SAMPLE, "A0001", "-o", tmp_path / "a.txt").returncode == 0
    assert json.loads((tmp_path / "a.txt").read_text(encoding="utf-8"))["name"] == "韦怡英"


def test_format_wins_over_an_unknown_suffix(tmp_path: Path) -> None:
    out = tmp_path / "t.txt"
    done = run_cadrekit("training", SAMPLE, "--format", "csv", "-o", out)
    assert done.returncode == 0, done.stderr
    lines = out.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0] == "单位,考核序列,人数,达标,达标率,全覆盖,缺专题人数,未达标人员"


def test_training_table_shows_shares_as_percentages_csv_keeps_fractions() -> None:
    table = run_cadrekit("training", SAMPLE, "--format", "table", env={"COLUMNS": "120"})
    assert table.returncode == 0, table.stderr
    row = next(
        line for line in table.stdout.splitlines() if line.startswith("城关镇        乡镇班子副职")
    )
    assert row.split()[:7] == ["城关镇", "乡镇班子副职", "6", "3", "50%", "否", "1"]
    csv = run_cadrekit("training", SAMPLE, "--format", "csv")
    assert "城关镇,乡镇班子副职,6,3,0.50,否,1," in csv.stdout


VALIDATE = f"cadrekit validate {SAMPLE}"
ALSO = "查看（JSON 输出和工作簿的“问题”表中也有）"
ALSO_EN = "to see them (the JSON output and a workbook's problems sheet too)"


@pytest.mark.parametrize(
    ("args", "line"),
    [
        (("-o", "out.xlsx"), "另有 1 条提示，见 out.xlsx 的“问题”表"),
        (("-o", "out.json"), "另有 1 条提示，见 out.json 中的 problems"),
        (("--format", "json"), "另有 1 条提示，见 JSON 输出中的 problems"),
        (("-o", "out.csv"), f"另有 1 条提示，不在 CSV 中；用 {VALIDATE} {ALSO}"),
        (("--format", "csv"), f"另有 1 条提示，不在 CSV 中；用 {VALIDATE} {ALSO}"),
        (("-o", "out.jsonl"), f"另有 1 条提示，不在 JSON Lines 中；用 {VALIDATE} {ALSO}"),
        (("-o", "out.html"), f"另有 1 条提示，不在 HTML 报告中；用 {VALIDATE} {ALSO}"),
        (("-o", "out.xlsx", "--public"), f"另有 1 条提示，不在公开名单中；用 {VALIDATE} {ALSO}"),
        (("--format", "table"), f"另有 1 条提示，用 {VALIDATE} {ALSO}"),
        (("-o", "out.xlsx", "--lang", "en"), "1 note(s): see the problems sheet of out.xlsx"),
        (
            ("-o", "out.csv", "--lang", "en"),
            f"1 note(s): not in the CSV; run {VALIDATE} {ALSO_EN}",
        ),
    ],
)
def test_score_says_where_the_notes_are(args: tuple[str, ...], line: str, tmp_path: Path) -> None:
    done = run_cadrekit("score", SAMPLE, *args, cwd=tmp_path, env={"COLUMNS": "300"})
    assert done.returncode == 0, done.stderr
    lines = done.stderr.splitlines()
    if "-o" in args:  # the note, then the file written
        assert lines[-2:] == [line, f"→ {args[args.index('-o') + 1]}"]
    else:
        assert lines[-1] == line
