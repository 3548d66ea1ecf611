"""``cadrekit batch`` (and ``weights ahp`` on a matrix workbook) through the installed
command, on LibreOffice-saved submissions: statuses, results, messages and exit codes."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from runner import run_cadrekit

STATUS_HEADER = ["file", "rows", "rejected", "errors", "warnings", "status", "result", "message"]


def submissions(tmp_path: Path, corpus, **files: str) -> Path:
    """A folder holding corpus.saved(case) as ``<name>.xlsx`` for each name=case."""
    folder = tmp_path / "in"
    folder.mkdir()
    for name, case in files.items():
        shutil.copyfile(corpus.saved(case), folder / f"{name}.xlsx")
    return folder


def table(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.reader(fh))


def batch(folder: Path, out: Path, code: int, *args: str) -> str:
    done = run_cadrekit("batch", folder, "-o", out, "-j", "1", *args, env={"COLUMNS": "200"})
    assert done.returncode == code, done.stderr
    assert done.stdout == ""
    assert "Traceback" not in done.stderr
    return done.stderr


def test_two_offices_are_one_population(tmp_path: Path, corpus) -> None:
    folder = submissions(tmp_path, corpus, 交通运输局="batch-transport", 财政局="batch-finance")
    err = batch(folder, tmp_path / "out", 0)
    assert table(tmp_path / "out" / "status.csv") == [
        STATUS_HEADER,
        ["交通运输局.xlsx", "5", "0", "0", "0", "ok", "results.xlsx", ""],
        ["财政局.xlsx", "5", "0", "0", "0", "ok", "results.xlsx", ""],
    ]
    with (tmp_path / "out" / "results.csv").open(encoding="utf-8", newline="") as fh:
        rows = [(r["编号"], r["等次"], r["source_file"]) for r in csv.DictReader(fh)]
    assert sorted(rows) == [
        ("A0001", "称职", "交通运输局.xlsx"),
        ("A0002", "称职", "交通运输局.xlsx"),
        ("A0003", "称职", "交通运输局.xlsx"),
        ("A0004", "称职", "交通运输局.xlsx"),
        ("A0005", "优秀", "交通运输局.xlsx"),
        ("A0006", "称职", "财政局.xlsx"),
        ("A0007", "称职", "财政局.xlsx"),
        ("A0008", "称职", "财政局.xlsx"),
        ("A0009", "称职", "财政局.xlsx"),
        ("A0010", "优秀", "财政局.xlsx"),
    ]
    assert "考核年度 2025 · 合并 10 名干部" in err


def test_an_id_sent_by_two_offices_scores_nothing(tmp_path: Path, corpus) -> None:
    folder = submissions(tmp_path, corpus, 交通运输局="batch-transport", 财政局="batch-finance-dup")
    err = batch(folder, tmp_path / "out", 1)
    out = tmp_path / "out"
    assert sorted(p.name for p in out.iterdir()) == [
        ".cadrekit-batch",
        "problems.csv",
        "status.csv",
        "status.xlsx",
    ]
    assert table(out / "status.csv")[1:] == [
        ["交通运输局.xlsx", "5", "0", "1", "0", "error", "", "交通运输局.xlsx 干部名册!A5: 编号与另一文件重复"],
        ["财政局.xlsx", "5", "0", "1", "0", "error", "", "财政局.xlsx 干部名册!A5: 编号与另一文件重复"],
    ]  # fmt: skip
    assert (
        "财政局.xlsx 干部名册!A5: 编号与另一文件重复 (A0002) — "
        "同一干部只能由一个单位报送；另见 交通运输局.xlsx 干部名册!A5"
    ) in err


def test_a_bad_cell_fails_its_file_and_the_others_are_scored(tmp_path: Path, corpus) -> None:
    folder = submissions(tmp_path, corpus, 交通运输局="batch-transport", 财政局="batch-finance-bad")
    err = batch(folder, tmp_path / "out", 1)
    assert table(tmp_path / "out" / "status.csv")[1:] == [
        ["交通运输局.xlsx", "5", "0", "0", "0", "ok", "results.xlsx", ""],
        ["财政局.xlsx", "5", "0", "1", "0", "error", "", "干部名册!S5: 不是有效数字"],
    ]
    problems = table(tmp_path / "out" / "problems.csv")
    assert [
        "财政局.xlsx", "error", "bad-number", "干部名册!S5", "八十", "0–100", "不是有效数字",
        "请填写数字，如 0–100",
    ] in problems  # fmt: skip
    assert (
        "财政局.xlsx: 文件有错误，未参加合并评分 — 名额按其余文件计算；修正后重新运行 batch" in err
    )
    assert "合并 5 名干部" in err


def test_a_damaged_file_is_an_input_error_whatever_its_name(tmp_path: Path, corpus) -> None:
    """Exit 1, not 3: the exit code used to come from the message, and the message of an
    unreadable file begins with its name, here "internal error.xlsx"."""
    folder = submissions(tmp_path, corpus, 交通运输局="batch-transport")
    damaged = corpus.saved("batch-finance").read_bytes()[:3000]
    (folder / "internal error.xlsx").write_bytes(damaged)
    batch(folder, tmp_path / "out", 1)
    assert table(tmp_path / "out" / "status.csv")[1] == [
        "internal error.xlsx", "0", "0", "1", "0", "error", "",
        "internal error.xlsx：文件已损坏或不完整（zip 结构错误：File is not a zip file） — "
        "请重新从原处复制或下载，或在 Excel 中打开后另存为 .xlsx",
    ]  # fmt: skip


def test_a_bug_on_one_file_is_exit_3_and_the_others_go_on(
    tmp_path: Path, corpus, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cadrekit import batch as library
    from cadrekit.batch import Failure, modes, work

    def buggy(item, *args):
        if item.name == "财政局.xlsx":
            raise KeyError("a bug")
        return work.load_one(item, *args)

    monkeypatch.setattr(modes, "load_one", buggy)
    folder = submissions(tmp_path, corpus, 交通运输局="batch-transport", 财政局="batch-finance")
    report = library.run([folder], tmp_path / "out", jobs=1)
    assert report.exit_code == 3
    assert [(s.file, s.status, s.failure) for s in report.statuses] == [
        ("交通运输局.xlsx", "ok", None),
        ("财政局.xlsx", "error", Failure.INTERNAL),
    ]
    assert report.statuses[1].message == "internal error: KeyError: 'a bug'"
    assert report.result is not None and len(report.result.cadres) == 5


def test_weights_ahp_reads_a_matrix_workbook(tmp_path: Path, corpus) -> None:
    done = run_cadrekit("weights", "ahp", corpus.saved("batch-ahp"), "--format", "csv")
    assert done.returncode == 0, done.stderr
    assert (
        done.stdout
        == "指标,权重\n经济发展,0.3629\n乡村振兴,0.3261\n安全稳定,0.1630\n党的建设,0.1480\n"
    )


def test_weights_ahp_says_which_workbook_is_damaged(tmp_path: Path, corpus) -> None:
    damaged = tmp_path / "专家.xlsx"
    damaged.write_bytes(corpus.saved("batch-ahp").read_bytes()[:2000])
    done = run_cadrekit("weights", "ahp", damaged, env={"COLUMNS": "200"})
    assert done.returncode == 1
    assert done.stdout == ""
    assert done.stderr == (
        "错误: 专家.xlsx：文件已损坏或不完整（zip 结构错误：File is not a zip file） — "
        "请重新从原处复制或下载，或在 Excel 中打开后另存为 .xlsx\n"
    )


def test_weights_ahp_names_the_bad_cell_of_a_matrix_workbook(corpus) -> None:
    done = run_cadrekit("weights", "ahp", corpus.saved("batch-ahp-bad"), env={"COLUMNS": "200"})
    assert done.returncode == 1
    rule = "不是数字或分数（应写 3 或 1/3；若 Excel 把 1/3 变成了日期，请先把单元格设为文本）"
    assert done.stderr == (
        "错误: 判断矩阵有误（batch-ahp-bad.xlsx 专家甲）：1 处，首个 batch-ahp-bad.xlsx 专家甲 "
        f"专家甲!C2：{rule}\n"
        f"  batch-ahp-bad.xlsx 专家甲 专家甲!C2: 判断矩阵有误 (实际为 很重要) — {rule}\n"
    )


def test_last_line_says_where_the_results_are_and_how_long_it_took(tmp_path: Path, corpus) -> None:
    import re

    folder = submissions(tmp_path, corpus, 交通运输局="batch-transport", 财政局="batch-finance")
    files = ("results.xlsx", "results.csv", "status.csv", "problems.csv")
    zh = batch(folder, tmp_path / "zh", 0).splitlines()[-1]
    assert re.fullmatch(rf"→ {tmp_path / 'zh'}/（{'、'.join(files)}），用时 \d+\.\d 秒", zh), zh
    en = batch(folder, tmp_path / "en", 0, "--lang", "en").splitlines()[-1]
    assert re.fullmatch(rf"→ {tmp_path / 'en'}/ \({', '.join(files)}\) in \d+\.\d s", en), en
