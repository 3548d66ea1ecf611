"""``sensitivity``: constructed cases with known answers, draw-0 parity, seeds, the CLI."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from cadrekit import api
from cadrekit.engine.rounding import excel_round
from cadrekit.insight.sensitivity import (
    analyse,
    dirichlet,
    kendall_tau_b,
    robustness,
    weighted_spearman,
)
from cadrekit.insight.sensitivity_base import track_bases
from cadrekit.insight.sensitivity_eval import evaluate, round_like_excel
from cadrekit.insight.sensitivity_variants import moved
from test_engine_support import cadres, rules_with

INDICATORS = [
    {"column": "经济发展", "weight": 0.5},
    {"column": "乡村振兴", "weight": 0.5},
    {"column": "安全稳定", "weight": 0.0},
    {"column": "党的建设", "weight": 0.0},
]


def _chiefs(values: list[tuple[float, float]]) -> pd.DataFrame:
    rows = [{"经济发展": a, "乡村振兴": b, "安全稳定": 80.0, "党的建设": 80.0} for a, b in values]
    return cadres(*rows, unit_type="乡镇", layer="正职")


def _rules(rate: str = "0.2"):  # type: ignore[no-untyped-def]
    return rules_with(tracks__0__indicators=INDICATORS, quota__rates__township_chief=rate)


def _result(frame: pd.DataFrame, rules=None):  # type: ignore[no-untyped-def]
    return api.score({"cadres": _frame_for_api(frame)}, rules or _rules(), 2024)


def _frame_for_api(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.rename(columns={"id": "编号", "name": "姓名", "unit": "单位"})


# Ten chiefs, 2 slots (20 %). "1" is far ahead; "2" (strong on 经济发展) and "3" (strong on
# 乡村振兴) are level at the cut with 50/50 weights: 2 wins on the tie-break... so move the
# weights a little and the second slot flips between them.
CUT = [(99.0, 99.0), (96.0, 90.0), (90.0, 96.2)] + [(80.0 - i, 80.0 - i) for i in range(7)]


@pytest.fixture(scope="module")
def cut_result():  # type: ignore[no-untyped-def]
    rules = rules_with(tracks__0__indicators=INDICATORS)
    data = rules.model_dump()
    data["quota"]["rates"]["township-chief"] = "0.2"
    from cadrekit.models.rules import RuleSet

    return api.score({"cadres": _chiefs(CUT)}, RuleSet.model_validate(data), 2024)


def test_constructed_cut_case_has_known_grades(cut_result) -> None:  # type: ignore[no-untyped-def]
    got = cut_result.cadres.set_index("id")
    assert got.loc["1", "grade"] == "优秀"
    assert got.loc["3", "grade"] == "优秀"  # 93.1 beats 93.0
    assert got.loc["2", "grade"] == "称职"


def test_one_at_a_time_flips_the_two_at_the_cut(cut_result) -> None:  # type: ignore[no-untyped-def]
    report = analyse(cut_result, draws=0, delta=0.05)
    oat = report.one_at_a_time
    up = oat[(oat["indicator"] == "经济发展") & np.isclose(oat["weight_new"], 0.55)]
    assert sorted(zip(up["id"], up["grade_new"], strict=True)) == [("2", "优秀"), ("3", "称职")]
    down = oat[(oat["indicator"] == "经济发展") & np.isclose(oat["weight_new"], 0.45)]
    assert down.empty  # 3 only gains
    assert "1" not in set(oat["id"])


def test_monte_carlo_robust_and_fragile(cut_result) -> None:  # type: ignore[no-untyped-def]
    report = analyse(cut_result, draws=400, seed=1, concentration=50)
    by = report.cadres.set_index("id")
    assert by.loc["1", "robustness"] == "robust"
    assert by.loc["1", "excellent_share"] == 1.0
    assert by.loc["3", "robustness"] in ("fragile", "contested")
    assert by.loc["2", "robustness"] in ("fragile", "contested")
    # the second slot goes to 2 or 3, or to neither when they tie exactly at the cut
    shares = by.loc["2", "excellent_share"] + by.loc["3", "excellent_share"]
    assert shares + by.loc["3", "tie_share"] == pytest.approx(1.0)
    assert by.loc["3", "tie_share"] == by.loc["2", "tie_share"]
    assert by.loc["10", "robustness"] == ""
    group = report.groups.set_index("quota_group").loc["township-chief"]
    assert group["robust"].startswith("张三")
    assert by.loc["3", "differ_share"] == pytest.approx(1 - by.loc["3", "excellent_share"])


def test_same_seed_same_report_other_seed_other_draws(cut_result) -> None:  # type: ignore[no-untyped-def]
    a = analyse(cut_result, draws=200, seed=7)
    b = analyse(cut_result, draws=200, seed=7)
    c = analyse(cut_result, draws=200, seed=8)
    pd.testing.assert_frame_equal(a.cadres, b.cadres)
    pd.testing.assert_frame_equal(a.rank_stability, b.rank_stability)
    assert not a.weights["draw_mean"].equals(c.weights["draw_mean"])


def test_leave_one_out_removing_a_cadre_reduces_the_slots(cut_result) -> None:  # type: ignore[no-untyped-def]
    # 10 cadres × 20 % = 2 slots; 9 cadres: floor(1.8) = 1 slot, so removing anyone but the
    # two 优秀 costs "3" (the second) the grade; removing "3" or "1" leaves 1 slot taken.
    loo = analyse(cut_result, draws=0).leave_one_out
    lost = loo[loo["id"] == "3"]
    assert set(lost["removed_id"]) == {"2", "4", "5", "6", "7", "8", "9", "10"}
    assert set(lost["slots"]) == {2} and set(lost["slots_new"]) == {1}
    assert set(lost["grade_new"]) == {"称职"}
    removing_3 = loo[loo["removed_id"] == "3"]
    assert removing_3.empty  # 1 keeps its slot, nobody else gains one


def test_draw_zero_reproduces_the_engine_on_the_sample() -> None:
    result = api.score("data/samples/county-2025.xlsx")
    frames = {k: s.frame for k, s in result.dataset.sheets.items()}
    for base in track_bases(result.cadres, result.rules, result.year, frames):
        ev = evaluate(base, base.weights[None, :], result.rules)
        sub = result.cadres.iloc[base.rows]
        np.testing.assert_array_equal(ev.performance[0], sub["performance"].to_numpy(float))
        np.testing.assert_array_equal(ev.score[0], sub["score"].to_numpy(float))
        np.testing.assert_array_equal(ev.rank[0], sub["rank"].fillna(0).to_numpy(int))
        np.testing.assert_array_equal(ev.grade[0], base.actual)


def test_draw_zero_parity_with_a_topsis_track_and_normalisation() -> None:
    rules = rules_with(tracks__0__aggregate="topsis", tracks__2__indicators__0__normalise="minmax")
    result = api.score("data/samples/county-2025.xlsx", rules)
    report = analyse(result, draws=20)  # raises if draw 0 differs from the engine
    assert set(report.params["tracks"]) >= {"township-chief", "dept-chief"}


def test_fast_rounding_equals_excel_round() -> None:
    rng = np.random.default_rng(0)
    x = np.r_[rng.uniform(-200, 200, 20000), np.arange(-1000, 1000) / 200.0, 2.675, 1.005, np.nan]
    x = np.r_[x, np.arange(0, 100, 0.001) * 0.3 + 0.7 * np.arange(0, 100, 0.001)]
    np.testing.assert_array_equal(round_like_excel(x, 2), excel_round(x, 2))


def test_rank_correlations_match_scipy() -> None:
    stats = pytest.importorskip("scipy.stats")
    rng = np.random.default_rng(3)
    actual = rng.integers(0, 15, 40).astype(float)
    ranks = rng.integers(0, 15, (5, 40)).astype(float)
    i, j = np.triu_indices(40, 1)
    tau = kendall_tau_b(actual, ranks, (i, j))
    for k in range(5):
        assert tau[k] == pytest.approx(stats.kendalltau(actual, ranks[k]).statistic)
    assert (
        weighted_spearman(
            actual[None, :].argsort().argsort()[0] + 1.0, np.arange(1.0, 41)[None, :]
        )[0]
        <= 1
    )
    same = np.arange(1.0, 11)
    assert weighted_spearman(same, same[None, :])[0] == pytest.approx(1.0)
    assert weighted_spearman(same, same[::-1][None, :])[0] == pytest.approx(-1.0)


def test_moved_weights_and_dirichlet() -> None:
    w = np.array([0.4, 0.3, 0.2, 0.1])
    m = moved(w, 0, 0.05)
    np.testing.assert_allclose(m, [0.45, 0.275, 0.18333333, 0.09166667])
    assert m.sum() == pytest.approx(1.0)
    d = dirichlet(np.array([0.5, 0.5, 0.0]), 100, 200.0, np.random.default_rng(0))
    np.testing.assert_array_equal(d[0], [0.5, 0.5, 0.0])
    assert (d[:, 2] == 0).all() and np.allclose(d.sum(axis=1), 1.0)
    assert list(robustness(np.array([1.0, 0.95, 0.6, 0.5, 0.2, 0.0]))) == [
        "robust", "robust", "fragile", "fragile", "contested", "",
    ]  # fmt: skip


def test_cli_json_equals_the_library() -> None:
    from cadrekit.cli.app import _register, app

    _register()
    args = ["sensitivity", "data/samples/county-2025.xlsx", "--draws", "50", "--format", "json"]
    out = CliRunner().invoke(app, args)
    assert out.exit_code == 0, out.output
    doc = json.loads(out.stdout)
    report = api.sensitivity("data/samples/county-2025.xlsx", draws=50)
    assert len(doc["rows"]) == len(report.cadres)
    assert [r["robustness"] for r in doc["rows"]] == list(report.cadres["robustness"])
    assert doc["params"]["draws"] == 50


def test_cli_xlsx_has_a_sheet_and_chart_per_track(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from openpyxl import load_workbook

    from cadrekit.cli.app import _register, app

    _register()
    target = tmp_path / "s.xlsx"
    args = ["sensitivity", "data/samples/county-2025.xlsx", "--draws", "30", "-o", str(target)]
    out = CliRunner().invoke(app, args)
    assert out.exit_code == 0, out.output
    book = load_workbook(target)
    assert {"汇总", "乡镇党政正职", "一般干部", "逐一调整权重", "逐一移除干部"} <= set(
        book.sheetnames
    )
    assert len(book["乡镇党政正职"]._charts) == 1
    cells = {v for row in book["一般干部"].iter_rows(values_only=True) for v in row}
    assert {"比例范围", "一般干部（城关镇）", "稳健"} <= cells
    assert not {"quota_group", "staff", "staff/城关镇", "robust"} & cells
    out = CliRunner().invoke(app, [*args, "--lang", "en", "--force"])
    assert out.exit_code == 0, out.output
    book = load_workbook(target)
    assert {"summary", "township-chief", "staff", "one-at-a-time", "leave-one-out"} <= set(
        book.sheetnames
    )
    assert len(book["township-chief"]._charts) == 1
    assert "staff/城关镇" in {v for row in book["staff"].iter_rows(values_only=True) for v in row}


def test_leave_one_out_shortcut_equals_removing_everyone() -> None:
    from cadrekit.insight import sensitivity as S
    from cadrekit.insight import sensitivity_variants as V

    result = api.score("data/samples/county-2025.xlsx")
    frames = {k: s.frame for k, s in result.dataset.sheets.items()}
    brute = []
    for base in track_bases(result.cadres, result.rules, result.year, frames):
        everyone = np.arange(len(base.rows))
        brute.append(V._loo_block(base, result.rules, everyone, recompute=False))
    want = S._with_names(result.cadres, V.concat(brute, V.LOO_COLUMNS), removed=True)
    got = analyse(result, draws=0).leave_one_out
    key = ["removed_id", "id", "grade", "grade_new", "slots", "slots_new"]
    assert len(got) > 0
    pd.testing.assert_frame_equal(
        got[key].sort_values(key).reset_index(drop=True),
        want[key].sort_values(key).reset_index(drop=True),
    )
