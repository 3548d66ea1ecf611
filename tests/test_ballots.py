"""测评票 counting (load/ballots.py) on frames from ``cadrekit.api.load``."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from cadrekit import api
from cadrekit.load.ballots import group_counts, tally_of, totals
from cadrekit.rules.load import load_rules

ROSTER = [
    "编号",
    "姓名",
    "单位",
    "优秀票",
    "称职票",
    "基本称职票",
    "不称职票",
    "一季度",
    "工作实绩",
]
BALLOTS = ["编号", "评价人类别", "评价", "优秀票", "称职票", "基本称职票", "不称职票"]


def book(tmp_path: Path, ballots: list[list]) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "干部名册"
    ws.append(ROSTER)
    ws.append(["A1", "张三", "县水利局", None, None, None, None, "好", 80])
    ws.append(["A2", "李四", "县水利局", 20, 10, 1, 0, "好", 82])
    sheet = wb.create_sheet("测评票")
    sheet.append(BALLOTS)
    for row in ballots:
        sheet.append(row)
    path = tmp_path / "b.xlsx"
    wb.save(path)
    return path


GOOD = [
    ["A1", "领导", "优秀", None, None, None, None],
    ["A1", "领导", "优秀", None, None, None, None],
    ["A1", "领导", "称职", None, None, None, None],
    ["A1", "同事", None, 6, 3, 1, 0],
    ["A1", "同事", "不称职", None, None, None, None],
]


def rules_with(**votes: object):
    rules = load_rules().rules
    component = rules.components.votes.model_copy(update=votes)
    return rules.model_copy(
        update={"components": rules.components.model_copy(update={"votes": component})}
    )


def test_ballots_and_tallies_fill_the_roster_totals(tmp_path: Path) -> None:
    dataset = api.load(book(tmp_path, GOOD))
    assert [p.code for p in dataset.problems if p.level == "error"] == []
    cadres = dataset.cadres.set_index("id")
    assert cadres.loc["A1", ["votes_excellent", "votes_competent", "votes_basic"]].tolist() == [
        8,
        4,
        1,
    ]
    assert cadres.loc["A1", "votes_incompetent"] == 1
    assert cadres.loc["A2", "votes_excellent"] == 20  # typed totals untouched
    ballots = dataset.frame("ballots")
    assert ballots["counted"].tolist() == [True] * 5


def test_group_counts_and_count_weights(tmp_path: Path) -> None:
    dataset = api.load(book(tmp_path, GOOD))
    frame = dataset.frame("ballots")
    counts = group_counts(frame, load_rules().rules)
    assert counts.loc[("A1", "领导")].tolist() == [2, 1, 0, 0, 3, 1.0]
    assert counts.loc[("A1", "同事")].tolist() == [6, 3, 1, 1, 11, 1.0]
    doubled = rules_with(rater_groups={"领导": 2, "同事": 1, "服务对象": 1})
    got = totals(group_counts(frame, doubled), doubled).loc["A1"].tolist()
    assert got == [10.0, 5.0, 1.0, 1.0]


def test_share_weighting(tmp_path: Path) -> None:
    rules = rules_with(rater_groups={"领导": 0.5, "同事": 0.5}, weighting="share")
    frame = api.load(book(tmp_path, GOOD), rules).frame("ballots")
    got = totals(group_counts(frame, rules), rules).loc["A1"]
    # 14 ballots × (½·2/3 + ½·6/11) for 优秀, and so on
    assert got.tolist() == pytest.approx(
        [14 * (2 / 3 + 6 / 11) / 2, 14 * (1 / 3 + 3 / 11) / 2, 14 * (1 / 11) / 2, 14 / 11 / 2]
    )
    assert sum(got) == pytest.approx(14)


def test_rows_with_errors_count_for_no_one(tmp_path: Path) -> None:
    rows = [*GOOD, ["A9", "领导", "优秀", *[None] * 4], ["A1", "群众", "优秀", *[None] * 4]]
    dataset = api.load(book(tmp_path, rows))
    codes = sorted((p.code, p.location) for p in dataset.problems if p.level == "error")
    assert codes == [("bad-choice", "测评票!B8"), ("unknown-id", "测评票!A7")]
    assert dataset.frame("ballots")["counted"].tolist() == [True] * 5 + [False, False]
    assert dataset.cadres.set_index("id").loc["A1", "votes_excellent"] == 8
    tally = tally_of(dataset.frame("ballots"), load_rules().rules, "A1")
    assert [(g["group"], g["ballots"]) for g in tally] == [("领导", 3), ("同事", 11)]


def test_typed_totals_and_ballots_is_an_error_at_the_roster_cell(tmp_path: Path) -> None:
    rows = [*GOOD, ["A2", "同事", "优秀", *[None] * 4]]
    dataset = api.load(book(tmp_path, rows))
    clash = [p for p in dataset.problems if p.code == "ballot-and-totals"]
    assert [(p.location, p.found, p.column) for p in clash] == [("干部名册!D3", "A2", "优秀票")]
