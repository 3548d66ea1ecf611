"""Ballots (测评票), 职级 for every cadre and the 一把手 risk catalogue, through the
installed command on LibreOffice-saved workbooks (cases/ballot.py)."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

from test_insight import ok, rows

from runner import run_cadrekit


def scores(path: Path, *args: str) -> dict[str, tuple[str, ...]]:
    out = ok(run_cadrekit("score", path, "--format", "csv", "--lang", "en", *args))
    keys = ("score", "grade", "votes_score", "votes_excellent", "votes_competent")
    keys += ("votes_basic", "votes_incompetent")
    return {r["id"]: tuple(r[k] for k in keys) for r in rows(out)}


def rules_with(tmp_path: Path, *edits: tuple[str, str]) -> Path:
    """The built-in rules with text replaced (each edit must hit exactly once)."""
    text = resources.files("cadrekit.rules").joinpath("default.yaml").read_text("utf-8")
    for old, new in edits:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    path = tmp_path / "rules.yaml"
    path.write_text(text, "utf-8")
    return path


# ------------------------------------------------------------------------- ballots


def test_ballots_and_tallies_score_exactly_as_typed_totals(corpus) -> None:
    got = scores(corpus.saved("ballot-counted"))
    typed = ("88.18", "称职", "92.26", "20", "10", "1", "0")
    assert got["A0003"] == typed  # typed 20/10/1/0 on the roster
    assert got["A0001"] == typed  # 31 ballots of three rater groups, weights 1
    assert got["A0002"] == ("86.45", "称职", "88.15", "15", "9", "2", "1")  # two tallies


def test_explain_shows_the_tally_by_rater_group(corpus) -> None:
    path = corpus.saved("ballot-counted")
    md = ok(run_cadrekit("explain", path, "A0001", "--format", "md"))
    assert (
        "- 测评票：领导（权重 1）优秀 3 称职 1 基本称职 0 不称职 0，共 4 票；"
        "同事（权重 1）优秀 14 称职 7 基本称职 1 不称职 0，共 22 票；"
        "服务对象（权重 1）优秀 3 称职 2 基本称职 0 不称职 0，共 5 票"
    ) in md.splitlines()
    doc = json.loads(ok(run_cadrekit("explain", path, "A0002", "--format", "json")))
    assert doc["ballots"] == [
        {
            "group": "领导",
            "weight": 1.0,
            "counts": {"优秀": 3, "称职": 1, "基本称职": 0, "不称职": 0},
            "ballots": 4,
        },
        {
            "group": "同事",
            "weight": 1.0,
            "counts": {"优秀": 12, "称职": 8, "基本称职": 2, "不称职": 1},
            "ballots": 23,
        },
    ]
    typed = json.loads(ok(run_cadrekit("explain", path, "A0003", "--format", "json")))
    assert typed["ballots"] == []
    table = ok(run_cadrekit("explain", path, "A0002", "--format", "table"))
    assert "测评票" in table and "同事（权重 1）优秀 12" in table


def test_share_weighting_weights_each_group_share(corpus, tmp_path: Path) -> None:
    rules = rules_with(
        tmp_path,
        (
            "rater_groups: {领导: 1, 同事: 1, 服务对象: 1}",
            "rater_groups: {领导: 0.4, 同事: 0.4, 服务对象: 0.2}",
        ),
        ("    weighting: count\n", "    weighting: share\n"),
    )
    got = scores(corpus.saved("ballot-counted"), "--rules", str(rules))
    # V = 0.4·95 + 0.4·(2020/22) + 0.2·92 = 93.127… ; S = 0.5·81 + 0.3·93.13 + 0.2·95 + 1
    assert got["A0001"][:3] == ("88.44", "称职", "93.13")
    # no 服务对象 ballots: 领导 and 同事 share the weight, (95 + 2000/23) / 2 = 90.978…
    assert got["A0002"][:3] == ("87.29", "称职", "90.98")
    assert got["A0003"][:3] == ("88.18", "称职", "92.26")  # typed totals: as typed
    # the weighted totals are decimals: ballots × the weighted shares (31 × 0.6745… = 20.91…)
    assert got["A0001"][3:] == (
        "20.91090909090909", "9.525454545454547", "0.5636363636363637", "0.0"
    )  # fmt: skip


def test_bad_ballots_are_located_errors(corpus) -> None:
    path = corpus.saved("ballot-errors")
    done = run_cadrekit("validate", path, "--format", "csv", "--lang", "en")
    errors = [
        (r["code"], r["location"], r["found"], r["expected"], r["message"])
        for r in rows(ok(done, 1))
        if r["severity"] == "error"
    ]
    assert errors == [
        ("ballot-and-totals", "干部名册!K6", "A0003", "",
         "vote totals are typed on the roster and the cadre has ballots as well"),
        ("unknown-id", "测评票!A37", "A0099", "干部名册", "id not in the roster"),
        ("bad-choice", "测评票!D38", "忧秀", "优秀、称职、基本称职、不称职",
         "not an allowed value (did you mean '优秀'?)"),
        ("bad-choice", "测评票!C39", "群众", "领导、同事、服务对象", "not an allowed value"),
        ("ballot-both", "测评票!D40", "A0002", "", "a row holds both a ballot's choice and a tally"),
        ("ballot-empty", "测评票!D41", "A0002", "", "a ballot row has neither a choice nor a tally"),
    ]  # fmt: skip
    done = run_cadrekit("score", path)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "名册中已填写票数，测评票中又有此人的票" in done.stderr
    assert "测评票!D38" in done.stderr and "是不是“优秀”？" in done.stderr


def test_lenient_scores_without_the_bad_ballots_and_says_so(corpus) -> None:
    done = run_cadrekit("score", corpus.saved("ballot-errors"), "--lenient", "--format", "csv")
    got = {r["编号"]: (r["综合得分"], r["优秀票"]) for r in rows(ok(done))}
    assert got == {
        "A0005": ("89.18", "20"),
        "A0004": ("88.68", "20"),
        "A0001": ("88.18", "20"),  # 忧秀 and 群众 left out: the 31 good ballots
        "A0002": ("86.45", "15"),  # the rows with both and neither left out
    }  # A0003 (typed totals and ballots) is not scored
    assert "测评票!D38" in done.stderr and "干部名册!K6" in done.stderr


# -------------------------------------------------------------------------- 职级


RANK = [
    ("A0005", "rank-promotion-not-yet",
     "任现职 2024-09 起至 2025-12-31 共 1.33 年（任现职级时间 未填写，按任现职时间计），"
     "优秀 1 个年度各折算 0.5 年，折算 1.83 年，未达到晋升所需 2 年"),
    ("A0004", "rank-promotion",
     "任现职 2021-03 起至 2025-12-31 共 4.83 年（任现职级时间 未填写，按任现职时间计），"
     "折算 4.83 年，达到晋升所需 2 年"),
    ("A0003", "rank-promotion",
     "现职级 三级主任科员；任现职 2021-03 起至 2025-12-31 共 4.83 年（任现职级时间 未填写，"
     "按任现职时间计），折算 4.83 年，达到晋升所需 2 年"),
    ("A0001", "rank-promotion",
     "现职级 一级主任科员；任现职级 2024-01 起至 2025-12-31 共 2.00 年，折算 2.00 年，"
     "达到晋升所需 2 年"),
    ("A0002", "rank-promotion",
     "现职级 二级主任科员；任现职级 2023-07 起至 2025-12-31 共 2.50 年，"
     "优秀 2 个年度各折算 0.5 年，折算 3.50 年，达到晋升所需 2 年"),
]  # fmt: skip


def test_rank_list_covers_every_cadre(corpus) -> None:
    path = corpus.saved("ballot-rank")
    out = ok(run_cadrekit("flags", path, "--list", "rank", "--format", "csv", "--lang", "en"))
    assert [(r["id"], r["item"], r["evidence"]) for r in rows(out)] == RANK
    assert {r["rule_path"] for r in rows(out)} == {"flags.promotion.min_years"}
    zh = ok(run_cadrekit("flags", path, "--list", "rank", "--format", "csv"))
    first = rows(zh)[0]
    assert (first["名单"], first["事项"]) == ("职级晋升", "职级晋升未满年限")


def test_the_pool_counts_years_in_rank_too(corpus) -> None:
    path = corpus.saved("ballot-rank")
    out = ok(run_cadrekit("flags", path, "--list", "promotion", "--format", "csv", "--lang", "en"))
    ranks = [(r["id"], r["item"]) for r in rows(out) if r["item"].startswith("rank-")]
    assert ranks == [("A0005", "rank-promotion-not-yet"), ("A0002", "rank-promotion")]
    a0002 = [
        r["evidence"] for r in rows(out) if r["id"] == "A0002" and r["item"] == "rank-promotion"
    ]
    assert a0002 == [RANK[4][2].split("；", 1)[1]]


# ---------------------------------------------------------------- risk catalogue


def test_risk_list_names_the_risk_points_hit(corpus) -> None:
    path = corpus.saved("ballot-risk")
    out = ok(run_cadrekit("flags", path, "--list", "risk", "--format", "csv", "--lang", "en"))
    assert [(r["id"], r["item"], r["evidence"], r["rule_path"]) for r in rows(out)] == [
        ("A0001", "risk-points", "风险点 3 个：重大决策 1 条、工程项目 2 条、资金使用 1 条",
         "flags.risk.points"),
        ("A0001", "supervision",
         "2025-04-10 巡视巡察 提醒谈话（已核实）：重大事项未经集体研究决策［风险点：重大决策］", ""),
        ("A0001", "audit-finding",
         "2025-06-01 审计 提醒谈话（已核实）：专项资金拨付不及时［风险点：资金使用］", ""),
        ("A0001", "petition",
         "2024-11-20 信访举报 提醒谈话（未核实）：反映工程招投标问题［风险点：工程项目］", ""),
        ("A0001", "supervision", "2025-08-15 纪检监察 批评教育（已核实）：工作作风问题", ""),
        ("A0001", "deduction",
         "2025-09-30 本单位 减分 重点项目建设 2 分（项目建设进度滞后）［风险点：工程项目］",
         "adjustments.deduction"),
    ]  # fmt: skip


def test_the_catalogue_is_configurable(corpus, tmp_path: Path) -> None:
    rules = rules_with(
        tmp_path,
        ("      - {name: 重大决策, keywords: [决策, 三重一大, 集体研究, 议事规则]}\n",
         "      - {name: 作风建设, keywords: [作风]}\n      - {name: 审计整改, sources: [审计]}\n"),
    )  # fmt: skip
    path = corpus.saved("ballot-risk")
    out = ok(
        run_cadrekit(
            "flags",
            path,
            "--list",
            "risk",
            "--rules",
            str(rules),
            "--format",
            "csv",
            "--lang",
            "en",
        )
    )
    got = [(r["item"], r["evidence"]) for r in rows(out)]
    assert got[0] == ("risk-points", "风险点 3 个：作风建设 1 条、审计整改 1 条、工程项目 2 条")
    assert got[2][1].endswith("专项资金拨付不及时［风险点：审计整改］")  # 来源 first: 审计
    assert got[1][1].endswith("重大事项未经集体研究决策")  # no point of this catalogue
