"""The load layer on office quirks (issue 18, items 3–7), through the installed command on
workbooks LibreOffice re-saved: exact messages at their cells, exit codes, and for a
quirk of form only (a merged 单位, a footer), the same scores and ranks as the base case."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
from pathlib import Path

import pytest

from runner import run_cadrekit

BASE_RESULT = [
    ("A0005", "1", "89.18", "优秀"),
    ("A0004", "2", "88.68", "称职"),
    ("A0003", "3", "88.18", "称职"),
    ("A0001", "4", "88.18", "称职"),
    ("A0002", "5", "87.68", "称职"),
]


def rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def problems(corpus, name: str, *args: str) -> tuple[int, list[tuple[str, ...]]]:
    """validate's exit code and its problems other than the title-row notes, as
    (severity, code, location, column, found, message)."""
    done = run_cadrekit("validate", corpus.saved(name), "--format", "csv", *args)
    assert "Traceback" not in done.stderr, done.stderr
    found = [
        (r["severity"], r["code"], r["location"], r["column"], r["found"], r["message"])
        for r in rows(done.stdout)
        if r["code"] != "skipped-title-row"
    ]
    return done.returncode, found


def scores(corpus, name: str) -> list[tuple[str, str, str, str]]:
    done = run_cadrekit("score", corpus.saved(name), "--format", "csv", "--lang", "en")
    assert done.returncode == 0, done.stderr
    return [(r["id"], r["rank"], r["score"], r["grade"]) for r in rows(done.stdout)]


def test_base_case_scores_as_the_reference(corpus):
    assert scores(corpus, "base-valid") == BASE_RESULT


def test_merged_unit_is_filled_down_with_one_note(corpus):
    code, found = problems(corpus, "load-merged-unit")
    assert code == 0
    assert found == [
        (
            "note",
            "merged-cells-filled",
            "干部名册!C4:C8",
            "单位",
            "县交通运输局",
            "合并单元格 C4:C8：已把“县交通运输局”填入其中每一格",
        )
    ]
    assert scores(corpus, "load-merged-unit") == BASE_RESULT
    done = run_cadrekit("score", corpus.saved("load-merged-unit"), "--format", "csv")
    assert {r["单位"] for r in rows(done.stdout)} == {"县交通运输局"}


@pytest.fixture(scope="module")
def as_ods(corpus, tmp_path_factory) -> dict[str, Path]:
    """load-merged-unit and load-footer saved again by LibreOffice, as .ods (calamine gives
    no merges for .ods: cadrekit reads them from content.xml)."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice, "the corpus fixture needs soffice too"
    root = tmp_path_factory.mktemp("ods")
    names = ["load-merged-unit", "load-footer"]
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={(root / 'profile').as_uri()}",
            "--headless",
            "--convert-to",
            "ods",
            "--outdir",
            str(root),
            *(str(corpus.saved(n)) for n in names),
        ],
        check=True,
        capture_output=True,
        timeout=600,
    )
    return {n: root / f"{n}.ods" for n in names}


def test_merged_unit_in_an_ods_is_filled_down_too(as_ods):
    done = run_cadrekit("validate", as_ods["load-merged-unit"], "--format", "csv")
    assert done.returncode == 0, done.stderr
    notes = [(r["code"], r["location"]) for r in rows(done.stdout)]
    assert ("merged-cells-filled", "干部名册!C4:C8") in notes
    assert "missing-value" not in {code for code, _ in notes}
    for name in ("load-merged-unit", "load-footer"):
        score = run_cadrekit("score", as_ods[name], "--format", "csv", "--lang", "en")
        assert score.returncode == 0, score.stderr
        got = [(r["id"], r["rank"], r["score"], r["grade"]) for r in rows(score.stdout)]
        assert got == BASE_RESULT


def test_total_and_footer_lines_are_skipped(corpus):
    code, found = problems(corpus, "load-footer")
    assert code == 0
    assert found == [
        ("note", "skipped-total-row", "干部名册!9", "", "合计 100 50 5 0", "跳过合计行"),
        (
            "note",
            "skipped-footer-rows",
            "干部名册!10:12",
            "",
            "填表人：王芳 审核人：李强 / 联系电话：0731-12345678 / 填表日期：2026年1月5日",
            "跳过表尾（第 10–12 行）",
        ),
    ]
    assert scores(corpus, "load-footer") == BASE_RESULT


def test_blank_row_then_total_then_footer(corpus):
    code, found = problems(corpus, "load-footer-after-blank")
    assert code == 0
    assert found == [
        ("note", "skipped-total-row", "干部名册!10", "", "合计 100", "跳过合计行"),
        ("note", "skipped-footer-rows", "干部名册!12", "", "审核人：李强", "跳过表尾（第 12 行）"),
    ]
    assert scores(corpus, "load-footer-after-blank") == BASE_RESULT


AS_NUMBER = "身份证号被存成了数字，已丢失末尾几位（Excel 只保留 15 位有效数字）"


def test_id_number_typed_as_a_number_is_one_error_at_its_cell(corpus):
    code, found = problems(corpus, "load-numeric-id")
    assert code == 1
    assert found == [
        (
            "error",
            "id-number-as-number",
            "干部名册!H5",
            "身份证号",
            "110105********0000",
            AS_NUMBER,
        ),
        (
            "error",
            "id-number-as-number",
            "干部名册!H6",
            "身份证号",
            "4.3112**********E+17",
            AS_NUMBER,
        ),
    ]
    done = run_cadrekit("validate", corpus.saved("load-numeric-id"), "--format", "json")
    first = json.loads(done.stdout)["problems"][0]
    assert first["hint"] == (
        "请把该列单元格格式设为“文本”（或在号码前输入英文单引号 '），再重新录入完整的 18 位号码"
    )
    score = run_cadrekit("score", corpus.saved("load-numeric-id"), "--format", "csv")
    assert score.returncode == 1
    assert "110105198506120000" not in score.stdout + score.stderr
    assert "干部名册!H5" in score.stderr
    # the ID number enters no score: --lenient scores both rows, in the quota base, with
    # the same ranks and scores as the unbroken roster (and lists the two errors)
    lenient = run_cadrekit(
        "score", corpus.saved("load-numeric-id"), "--lenient", "--format", "csv", "--lang", "en"
    )
    assert lenient.returncode == 0, lenient.stderr
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(lenient.stdout))}
    assert [(i, rows[i]["rank"], rows[i]["score"]) for i in ("A0002", "A0003")] == [
        ("A0002", "5", "87.68"),
        ("A0003", "3", "88.18"),
    ]


DEPARTED_HISTORY = (
    "note",
    "departed-ids",
    "历年考核",
    "编号",
    "A0099、A0098",
    "3 行的编号不在干部名册中（A0099、A0098，第 9–11 行），视为已离开人员的记录，不参与计算",
)
DEPARTED_TRAINING = (
    "note",
    "departed-ids",
    "教育培训",
    "编号",
    "A0098",
    "1 行的编号不在干部名册中（A0098，第 5 行），视为已离开人员的记录，不参与计算",
)


def test_history_and_training_of_departed_cadres_is_one_note_per_sheet(corpus):
    code, found = problems(corpus, "load-departed")
    assert code == 0
    assert found == [DEPARTED_HISTORY, DEPARTED_TRAINING]
    assert scores(corpus, "load-departed") == BASE_RESULT
    training = run_cadrekit("training", corpus.saved("load-departed"), "--format", "csv")
    assert training.returncode == 0, training.stderr
    assert "A0098" not in training.stdout


def test_an_id_differing_only_in_case_is_still_an_error(corpus):
    code, found = problems(corpus, "load-departed-case")
    assert code == 1
    assert found == [
        (
            "error",
            "unknown-id-case",
            "历年考核!A12",
            "编号",
            "a0001",
            "编号不在干部名册中（名册中有 A0001，仅大小写不同）",
        ),
        DEPARTED_HISTORY,
        DEPARTED_TRAINING,
    ]


def test_a_misspelt_grade_and_quarter_word_say_the_near_word(corpus):
    code, found = problems(corpus, "load-grade-typo")
    assert code == 1
    assert found == [
        (
            "error",
            "unknown-grade",
            "历年考核!C5",
            "等次",
            "称值",
            "不是所用规则的等次（是不是“称职”？）",
        ),
        (
            "error",
            "bad-choice",
            "干部名册!P6",
            "二季度",
            "较号",
            "不是允许的取值（是不是“较好”？）",
        ),
    ]
    done = run_cadrekit("validate", corpus.saved("load-grade-typo"), "--format", "jsonl")
    hints = [json.loads(line)["hint"] for line in done.stdout.splitlines()][:2]
    assert hints == [
        "请改为其中之一：优秀、称职、基本称职、不称职、不定等次",
        "可选：好、较好、一般、较差",
    ]
    score = run_cadrekit("score", corpus.saved("load-grade-typo"), "--format", "csv")
    assert score.returncode == 1
    assert "历年考核!C5" in score.stderr


def test_grade_words_are_those_of_the_rules_in_use(corpus):
    """A 事业单位 history holds 合格 …: under --rules institution 称职 is no grade word."""
    code, found = problems(corpus, "base-valid", "--rules", "institution", "--lang", "en")
    assert code == 1
    assert found == [
        (
            "error",
            "unknown-grade",
            f"历年考核!C{row}",
            "等次",
            "称职",
            "not a grade of the rules in use",
        )
        for row in range(4, 9)
    ]


def test_each_merged_range_fills_its_own_rows_and_columns(corpus):
    """Library level, on the loaded frame: every range gives its own value, across
    columns too; the merged 合计 below stays a skipped total."""
    from cadrekit import api

    dataset = api.load(corpus.saved("load-merged-two-units"))
    frame = dataset.cadres
    assert frame["unit"].tolist() == ["县交通运输局"] * 2 + ["县财政局"] * 3
    assert frame["layer"].tolist() == ["一般干部"] * 4 + ["县直单位"]
    assert [(p.code, p.location, p.found) for p in dataset.problems if p.sheet == "干部名册"] == [
        ("skipped-title-row", "干部名册!1", "2025年度干部考核汇总表"),
        ("merged-cells-filled", "干部名册!C4:C5", "县交通运输局"),
        ("merged-cells-filled", "干部名册!C6:C8", "县财政局"),
        ("merged-cells-filled", "干部名册!D8:E8", "县直单位"),
        ("skipped-total-row", "干部名册!9", "合计"),
    ]


def test_a_csv_export_of_an_id_number_is_caught(tmp_path):
    """A CSV saved from Excel keeps what the cell showed: 4.31123197002246E+17."""
    roster = tmp_path / "roster.csv"
    roster.write_text(
        "编号,姓名,单位,身份证号\nA1,张三,城关镇,4.31123197002246E+17\nA2,李四,城关镇,\n",
        encoding="utf-8",
    )
    done = run_cadrekit("validate", roster, "--format", "csv")
    assert done.returncode == 1
    found = [(r["code"], r["location"], r["found"], r["message"]) for r in rows(done.stdout)]
    assert ("id-number-as-number", "roster!D2", "4.3112**********E+17", AS_NUMBER) in found
    assert "bad-id-number" not in {code for code, *_ in found}
