"""How slots were counted, in words, in every output an officer reads: a group of 2 一般干部
has 2 × 20% = 0.4 → 0 优秀 slots, and the outputs say why instead of a bare 0."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl

from runner import run_cadrekit

NOTE_ZH = (
    "优秀名额 = 参评人数 × 比例，向下取整：一般干部按单位计算（20%）：2 个单位，合计 1 个；"
    "名额为 0 的 1 个（至少 5 人才有 1 个名额）：县财政局 2 人。"
)


def test_the_terminal_summary_names_the_rounding_and_the_unit_without_a_slot(corpus) -> None:
    roster = corpus.saved("slots-small-unit")
    done = run_cadrekit("score", roster, "--format", "table", env={"COLUMNS": "200"})
    assert done.returncode == 0, done.stderr
    assert NOTE_ZH in [line.rstrip() for line in done.stdout.splitlines()]
    en = run_cadrekit("score", roster, "--format", "table", "--lang", "en", env={"COLUMNS": "200"})
    assert (
        "Slots = participants × rate, rounded down: 一般干部: counted per unit (20%), 2 units, "
        "1 slot in all; 1 with none (a group needs at least 5 for one slot)."
    ) in [line.rstrip() for line in en.stdout.splitlines()]


def test_explain_counts_the_slots_of_the_cadres_group(corpus) -> None:
    done = run_cadrekit("explain", corpus.saved("slots-small-unit"), "A0006", "--format", "json")
    assert done.returncode == 0, done.stderr
    quota = json.loads(done.stdout)["quota"]
    assert {k: quota[k] for k in ("n", "rate", "slots", "exact", "rounding")} == {
        "n": 2,
        "rate": 0.2,
        "slots": 0,
        "exact": 0.4,
        "rounding": "floor",
    }
    assert quota["smallest_group"] == 5
    assert (
        quota["basis"] == "参加人数 2 × 比例 20% = 0.4，向下取整 → 名额 0（至少 5 人才有 1 个名额）"
    )
    assert (quota["position"], quota["cut_position"], quota["cut_rank"]) == (1, None, None)
    table = run_cadrekit("explain", corpus.saved("slots-small-unit"), "A0006", "--format", "md")
    assert (
        "- 优秀名额：一般干部（县财政局）：参加人数 2 × 比例 20% = 0.4，向下取整 → 名额 0"
        "（至少 5 人才有 1 个名额）；已定优秀 0，未用 0；本人组内第 1 位（共 2 人）"
    ) in table.stdout.splitlines()


def test_explain_names_the_group_place_and_the_track_rank_apart(corpus) -> None:
    done = run_cadrekit("explain", corpus.saved("slots-small-unit"), "A0004", "--format", "md")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert "- 赛道排名：第 4 名（共 7 人）" in lines
    assert (
        "- 优秀名额：一般干部（县交通运输局）：参加人数 5 × 比例 20% = 1，向下取整 → 名额 1；"
        "已定优秀 1，未用 0；本人组内第 2 位（共 5 人）；切线在组内第 1 位之后（赛道排名第 3 名，"
        "89.18 分）"
    ) in lines


def test_the_workbook_summary_counts_each_groups_slots(corpus, tmp_path: Path) -> None:
    out = tmp_path / "结果.xlsx"
    done = run_cadrekit("score", corpus.saved("slots-small-unit"), "-o", out)
    assert done.returncode == 0, done.stderr
    rows = [r for r in openpyxl.load_workbook(out)["汇总"].iter_rows(values_only=True) if any(r)]
    head = next(r for r in rows if r[0] == "比例计算范围")
    at = head.index("名额计算")
    below = rows[rows.index(head) + 1 :]
    groups = {r[0]: r[at] for r in below if r[1] is not None}
    assert groups == {
        "一般干部（县交通运输局）": "5 × 20% = 1 → 1",
        "一般干部（县财政局）": "2 × 20% = 0.4 → 0（至少 5 人才有 1 个名额）",
    }
    notes = [r[0] for r in rows[-2:]]
    assert notes == [
        "优秀名额 = 参评人数 × 比例，向下取整",
        "一般干部按单位计算（20%）：2 个单位，合计 1 个；名额为 0 的 1 个（至少 5 人才有 1 个名额）"
        "：县财政局 2 人",
    ]


def test_the_html_summary_says_how_slots_were_counted(corpus, tmp_path: Path) -> None:
    out = tmp_path / "结果.html"
    done = run_cadrekit("score", corpus.saved("slots-small-unit"), "-o", out)
    assert done.returncode == 0, done.stderr
    page = out.read_text("utf-8")
    assert '<div class="slot-notes"><p>优秀名额 = 参评人数 × 比例，向下取整：</p><ul><li>' in page
    assert (
        "<li>一般干部按单位计算（20%）：2 个单位，合计 1 个；名额为 0 的 1 个"
        "（至少 5 人才有 1 个名额）：县财政局 2 人</li>"
    ) in page
