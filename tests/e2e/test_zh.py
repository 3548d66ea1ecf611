"""Chinese first (issue 15 items 3–4): --help of every command in Chinese by default and in
English with --lang en / CADREKIT_LANG=en; zh tables without English codes or rule paths;
``flags`` one row per cadre; ``vet`` one verdict line per candidate."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from runner import run_cadrekit

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "data" / "samples" / "county-2025.xlsx"
PLAIN = {"NO_COLOR": "1", "TERM": "dumb", "CADREKIT_LANG": ""}

COMMANDS = [
    [],
    *[
        [c]
        for c in [
            "batch",
            "carry",
            "compare",
            "explain",
            "flags",
            "forms",
            "profile",
            "score",
            "publicity",
            "sensitivity",
            "special",
        ]
    ],
    *[[c] for c in ["template", "tenure", "training", "validate", "vet", "rules", "weights"]],
    ["rules", "show"],
    ["rules", "init"],
    ["rules", "check"],
    ["weights", "ahp"],
    ["weights", "entropy"],
    ["weights", "critic"],
]
# ASCII words a Chinese help may hold: formats, standards and method names, values typed
# as they are (zh, en, table…), and the rule-file path shown as an example.
ALLOWED = set(
    [
        "cadrekit",
        "civil",
        "institution",
        "docx",
        "html",
        "full",
        "counts",
        "auto",
        "results",
        "YAML",
        "CSV",
        "JSON",
        "BOM",
        "UTF",
        "Excel",
        "Windows",
        "MB",
        "CR",
        "CI",
        "RI",
        "AHP",
        "CRITIC",
        "Saaty",
        "Markdown",
        "zh",
        "en",
        "table",
        "json",
        "md",
        "csv",
        "jsonl",
        "xlsx",
        "xlsm",
        "xls",
        "ods",
        "tsv",
        "txt",
        "parquet",
        "docx",
        "html",
        "yaml",
        "cadre",
        "unit",
        "track",
        "annual",
        "special",
        "tenure",
        "default",
        "institution",
        "eigen",
        "geometric",
        "promotion",
        "adjustment",
        "consequences",
        "risk",
        "YYYY",
        "MM",
        "DD",
        "CADREKIT_LANG",
        "docs",
        "security",
        "tracks",
        "indicators",
        "weight",
        "township",
        "chief",
        "dept",
        "max",
        "CPU",
    ]
)


def ok(done: subprocess.CompletedProcess[str], code: int = 0) -> str:
    assert done.returncode == code, done.stderr
    assert "Traceback" not in done.stderr
    return done.stdout


def help_of(path: list[str], *extra: str, columns: int = 100, **env: str) -> str:
    done = run_cadrekit(*path, "--help", *extra, env={**PLAIN, "COLUMNS": str(columns), **env})
    return ok(done)


def lines(text: str) -> list[str]:
    return [line.rstrip() for line in text.splitlines()]


def test_vet_help_in_chinese_exact_lines() -> None:
    got = lines(help_of(["vet"]))
    assert got[1] == " 用法：cadrekit vet [选项] 文件"
    assert (
        got[3]
        == " 凡提四必：逐名审查拟提拔人选，一行给出结论（可以提拔 / 暂缓 / 不得提拔）和理由。"
    )
    assert " 示例：cadrekit vet 干部名册.xlsx --date 2025-03-01" in got
    assert got[10].startswith("╭─ 参数 ─")
    assert got[11:13] == [
        "│ *    文件        输入文件：Excel 工作簿（xlsx、xlsm、xls、ods）、文本表（csv、tsv、txt）或       │",
        "│                  parquet。                                                                       │",
    ]
    options = next(i for i, line in enumerate(got) if line.startswith("╭─ 选项 ─"))
    assert got[options + 1] == (
        "│ --date             年-月-日              审查日期，按此日判断处分影响期；默认：今天。            │"
    )
    assert any(
        line.startswith("│ --detail ") and "逐项列出每名人选的七项审查" in line for line in got
    )
    assert any(line.startswith("│ --help ") and "显示本帮助并退出。" in line for line in got)
    assert any(
        line.startswith("╭─ 输入上限（超过即拒绝读入；见 docs/security.md） ─") for line in got
    )
    assert not any("<bool>" in line or "{" in line or "Options" in line for line in got)


@pytest.mark.parametrize("how", [("--lang", "en"), ("--lang=en",), ()])
def test_vet_help_in_english(how: tuple[str, ...]) -> None:
    env = {} if how else {"CADREKIT_LANG": "en"}
    got = lines(help_of(["vet"], *how, **env))
    assert got[1].startswith(" Usage: cadrekit vet [OPTIONS]")
    assert got[3] == (
        " 凡提四必: vet each promotion candidate (拟提拔人选) — pass, fail or incomplete, with reasons."
    )
    assert any(line.startswith("╭─ Options ─") for line in got)
    assert any("Show this message and exit." in line for line in got)
    assert not any("选项" in line or "用法" in line for line in got)


def _english_words(text: str) -> set[str]:
    text = re.sub(r"(?<![\w])--?[a-z][\w-]*", " ", text)  # option names
    text = re.sub(r"示例：.*", " ", text)  # the example command line
    text = re.sub(r"\[默认：[^\]]*\]", " ", text)  # default values as typed
    text = re.sub(r"[\w.]*\[\d+\]\.[\w.\[\]]*", " ", text)  # tracks[2].indicators[0].weight
    return set(re.findall(r"[A-Za-z][A-Za-z_]+", text)) - ALLOWED


def test_every_command_has_chinese_help_at_80_columns() -> None:
    names = {c[-1] for c in COMMANDS if c}
    wrong = {}
    for path in COMMANDS:
        text = help_of(path, columns=80)
        assert "用法：cadrekit" in text, path
        cut = re.findall(r".*…\s*│", text)  # a cell cut short with an ellipsis
        left = _english_words(text) - names
        if cut or left:
            wrong[" ".join(path)] = (cut, sorted(left))
    assert not wrong


def test_command_list_in_chinese() -> None:
    got = lines(help_of([]))
    assert " 用法：cadrekit [选项] 命令 [参数]…" in got
    assert any(line.startswith("╭─ 命令 ─") for line in got)
    assert (
        "│ vet          凡提四必：逐名审查拟提拔人选，一行给出结论（可以提拔 / 暂缓 / 不得提拔）和理由。    │"
        in got
    )


def _table(*args: str, columns: int = 80) -> str:
    done = run_cadrekit(*args, "--format", "table", env={**PLAIN, "COLUMNS": str(columns)})
    assert "Traceback" not in done.stderr
    return done.stdout + done.stderr


CODE = re.compile(r"\b[a-z]+(?:-[a-z]+)+\b|\b[a-z_]+\.[a-z_]+(?:\.[a-z_]+)*\b")


def test_flags_one_row_per_cadre_in_words() -> None:
    text = _table("flags", str(SAMPLE))
    assert not CODE.findall(text.replace("--detail", "").replace("--show-rules", ""))
    pool = text.split("能上·优者奖 推荐人选池（2025 年度，79 人）", 1)[1].split("能下 调整", 1)[0]
    ids = re.findall(r"^(A\d{4}) ", pool, flags=re.M)
    assert len(ids) == 79 == len(set(ids))
    assert re.search(
        r"^A0001  韦怡英  城关镇        本年度优秀、序列排名靠前、多年优秀、职级晋升已满年 *$",
        pool,
        re.M,
    )
    consequences = text.split("连续年度考核结果运用（2025 年度，13 人）", 1)[1]
    assert re.search(r"^A0249  贾世文  清溪乡        辞退审查、降级审查 *$", consequences, re.M)
    assert len(text.splitlines()) < 160  # was 751 lines, a row per item
    assert "逐条依据：加 --detail；规则路径：加 --show-rules" in text


def test_flags_detail_and_rule_paths_on_request() -> None:
    detail = _table("flags", str(SAMPLE), "--detail", "--list", "consequences", columns=200)
    assert "规则" not in detail.splitlines()[1]
    assert not re.search(r"merit-third-class|quota-tie|admonishment", detail)
    rules = _table("flags", str(SAMPLE), "--show-rules", "--list", "consequences", columns=200)
    assert "quota.tie_flag" in rules
    csv = ok(run_cadrekit("flags", str(SAMPLE), "--list", "consequences", env=PLAIN))
    assert "quota.tie_flag" in csv  # the files keep the rule paths


VERDICTS = [
    "A0007  肖娜阳  城关镇        正职领导职务  暂缓      档案必审：档案尚未审核；审核意见：档案尚未调取",
    "A0132  武世    县卫健委      正职领导职务  不得提拔  个人有关事项报告必核：个人有关事项报告核查不一致",
    "A0134  赵成轩  县卫健委      副职领导职务  不得提拔  纪检监察机关意见必听：纪检监察机关建议暂缓",
    "A0136  王宁    县卫健委      副职领导职务  暂缓      信访举报必查：信访举报尚未查结",
    "A0173  李涛    县住建局      副职领导职务  可以提拔  七项审查均通过",
    "A0217  胡军兰  县农业农村局  正职领导职务  不得提拔  年度考核等次：最近年度考核为 2025 年度 "
    "基本称职（本年度考核结果：历年考核中尚无 2025 年度），不得提拔",
    "A0240  肖然    县水利局      副职领导职务  可以提拔  七项审查均通过",
    "A0247  刘佳宇  清溪乡        正职领导职务  可以提拔  七项审查均通过",
    "A0274  唐琳娟  县应急局      正职领导职务  可以提拔  七项审查均通过",
    "A0398  潘宁    柳塘乡        正职领导职务  暂缓      纪检监察机关意见必听：纪检监察机关尚未回复",
]


def test_vet_one_verdict_line_per_candidate() -> None:
    done = run_cadrekit(
        "vet", SAMPLE, "--date", "2026-01-10", "--format", "table", env={**PLAIN, "COLUMNS": "200"}
    )
    assert done.returncode == 1  # candidates not passed: scripts stop
    got = [line.rstrip() for line in done.stdout.splitlines()]
    assert got[1].split() == ["编号", "姓名", "单位", "拟任职务", "结论", "理由"]
    assert got[3:] == VERDICTS
    assert done.stderr.strip() == "10 名人选：可以提拔 4，不得提拔 3，暂缓 3"


def test_vet_detail_keeps_the_seven_checks() -> None:
    done = run_cadrekit(
        "vet",
        SAMPLE,
        "--date",
        "2026-01-10",
        "--format",
        "table",
        "--detail",
        env={**PLAIN, "COLUMNS": "200"},
    )
    assert done.returncode == 1
    rows = [line for line in done.stdout.splitlines() if line.startswith("A0132 ")]
    assert len(rows) == 7
    assert rows[1].split()[4:7] == ["个人有关事项报告必核", "不通过", "个人有关事项报告核查不一致"]


def test_vet_verdicts_in_english() -> None:
    done = run_cadrekit(
        "vet",
        SAMPLE,
        "--date",
        "2026-01-10",
        "--format",
        "table",
        "--lang",
        "en",
        env={**PLAIN, "COLUMNS": "200"},
    )
    row = next(line for line in done.stdout.splitlines() if line.startswith("A0173 "))
    assert row.split()[4:] == ["may", "be", "promoted", "all", "seven", "checks", "passed"]
    assert done.stderr.strip() == "10 candidate(s): 4 pass, 3 fail, 3 incomplete"
