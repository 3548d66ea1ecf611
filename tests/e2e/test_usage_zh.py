"""Usage errors in Chinese (issue 15): each kind of click usage error, as the installed
command prints it in the 错误 box by default, and unchanged English under --lang en /
CADREKIT_LANG=en. Exit code 2 in both."""

from __future__ import annotations

import pytest

from runner import run_cadrekit

PLAIN = {"NO_COLOR": "1", "TERM": "dumb", "CADREKIT_LANG": "", "COLUMNS": "200"}
COMMANDS = (
    "batch carry compare explain flags forms profile score publicity sensitivity special "
    "template tenure training validate vet rules weights"
)


def box(*args: str, **env: str) -> tuple[list[str], list[str]]:
    """(the lines above the box, the lines inside it) of a usage error, exit code 2."""
    done = run_cadrekit(*args, env={**PLAIN, **env})
    assert (done.returncode, done.stdout) == (2, ""), done.stderr
    assert "Traceback" not in done.stderr
    lines = [line.rstrip() for line in done.stderr.splitlines()]
    top = next(i for i, line in enumerate(lines) if line.startswith("╭"))
    inside = [line.strip("│").strip() for line in lines[top + 1 :] if line.startswith("│")]
    return lines[:top], inside


ZH = [
    (["summary"], ["没有命令 summary。", f"可用的命令：{COMMANDS}"]),
    (["scor"], ["没有命令 scor。是否要用 score？"]),
    (["rules", "shw"], ["没有命令 shw。是否要用 show？"]),
    (["--debug"], ["缺少命令。", f"可用的命令：{COMMANDS}"]),
    (["score"], ["缺少参数：文件"]),
    (["batch"], ["缺少参数：文件夹或通配符"]),
    (["weights", "entropy", "x.xlsx"], ["缺少选项：--track"]),
    (["score", "x.xlsx", "--bogus"], ["没有选项 --bogus（相近的选项：--bom）"]),
    (["score", "x.xlsx", "-Z"], ["没有选项 -Z。"]),
    (["score", "x.xlsx", "--year", "abc"], ["--year 的值“abc”无效：应为整数"]),
    (["score", "x.xlsx", "--year", "1800"], ["--year 的值“1800”无效：应不小于 1949"]),
    (
        ["score", "x.xlsx", "--format", "bogus"],
        ["--format 的值“bogus”无效：应为以下之一：table、csv、json、jsonl、xlsx"],
    ),
    (["score", "x.xlsx", "--lang", "fr"], ["--lang 的值“fr”无效：应为以下之一：zh、en"]),
    (["score", "a.xlsx", "b", "c"], ["多余的参数：b c。文件名含空格时请用引号括起来。"]),
    (["score", "x.xlsx", "--year"], ["选项 --year 需要一个值。"]),
    (["score", "x.xlsx", "--force=yes"], ["选项 --force 是开关，不带值。"]),
]


@pytest.mark.parametrize(("args", "expected"), ZH, ids=[" ".join(a) for a, _ in ZH])
def test_usage_error_in_chinese(args: list[str], expected: list[str]) -> None:
    above, inside = box(*args)
    assert inside == expected
    command = " ".join(a for a in args[:2] if a in ("score", "batch", "rules", "weights"))
    if args[:2] == ["weights", "entropy"]:
        command = "weights entropy"
    assert above[-1] == f"查看帮助：cadrekit {command} --help".replace("  ", " ")
    assert above[0].startswith(f"用法：cadrekit {command}".rstrip())


EN = [
    (["summary"], ["No such command 'summary'."]),
    (["scor"], ["No such command 'scor'. Did you mean 'score'?"]),
    (["score"], ["Missing argument 'file'."]),
    (["weights", "entropy", "x.xlsx"], ["Missing option '--track'."]),
    (["score", "x.xlsx", "--bogus"], ["No such option: --bogus (Possible options: --bom)"]),
    (
        ["score", "x.xlsx", "--year", "abc"],
        [
            "Invalid value for '--year': Input should be a valid integer, unable to parse"
            " string as an integer"
        ],
    ),
    (["score", "a.xlsx", "b", "c"], ["Got unexpected extra argument(s) (b c)"]),
    (["score", "x.xlsx", "--year"], ["Option '--year' requires an argument."]),
]


@pytest.mark.parametrize(("args", "expected"), EN, ids=[" ".join(a) for a, _ in EN])
def test_usage_error_in_english_unchanged(args: list[str], expected: list[str]) -> None:
    assert box(*args, CADREKIT_LANG="en")[1] == expected
    if args[0] in ("score", "weights"):  # --lang is an option of each command
        words = 2 if args[0] == "weights" else 1
        assert box(*args[:words], "--lang", "en", *args[words:])[1] == expected


def test_english_usage_lines_stay_english() -> None:
    above, _ = box("score", "x.xlsx", "--bogus", "--lang", "en")
    assert above == [
        "Usage: cadrekit score [OPTIONS] {file}",
        "Try 'cadrekit score --help' for help.",
    ]
