"""A track aggregated by TOPSIS (``aggregate: topsis``): pymcdm as a test-only oracle."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from cadrekit.engine.rounding import excel_round
from cadrekit.models.rule_parse import parse_rules
from cadrekit.rules.load import default_text, parse_yaml
from test_engine_support import by_id, cadres, rules_with, score

COLUMNS = ["经济发展", "乡村振兴", "安全稳定", "党的建设"]
VALUES = np.array(
    [
        [92.0, 81.0, 12.0, 88.0],
        [75.0, 95.0, 3.0, 79.0],
        [88.0, 70.0, 7.0, 93.0],
        [60.0, 85.0, 1.0, 70.0],
        [99.0, 66.0, 20.0, 85.0],
    ]
)
INDICATORS = [
    {"column": "经济发展", "weight": 0.3},
    {"column": "乡村振兴", "weight": 0.3},
    {"column": "安全稳定", "weight": 0.2, "direction": "lower"},  # e.g. incidents: fewer is better
    {"column": "党的建设", "weight": 0.2},
]


def _text(value: float) -> str:
    return str(round(float(value), 6)).removesuffix(".0")


def _chiefs(values: np.ndarray = VALUES) -> pd.DataFrame:
    rows = [dict(zip(COLUMNS, map(float, v), strict=True)) for v in values]
    return cadres(*rows, unit_type="乡镇", layer="正职")


def _topsis_rules(aggregate: str = "topsis"):  # type: ignore[no-untyped-def]
    return rules_with(tracks__0__aggregate=aggregate, tracks__0__indicators=INDICATORS)


def test_performance_is_100_times_pymcdm_closeness() -> None:
    from pymcdm.methods import TOPSIS
    from pymcdm.normalizations import vector_normalization

    out = score(_chiefs(), rules=_topsis_rules())
    got = by_id(out)
    assert set(got["track"]) == {"township-chief"}
    expected = TOPSIS(vector_normalization)(
        VALUES, np.array([0.3, 0.3, 0.2, 0.2]), np.array([1, 1, -1, 1])
    )
    want = excel_round(100 * expected, 2)
    np.testing.assert_array_equal(got.loc[["1", "2", "3", "4", "5"], "performance"], want)


def test_audit_records_distances_and_closeness_per_cadre() -> None:
    from pymcdm.methods import TOPSIS
    from pymcdm.normalizations import vector_normalization

    out = score(_chiefs(), rules=_topsis_rules())
    trail = out.audit[out.audit["rule_path"] == "tracks[0].aggregate"].set_index("cadre_id")
    assert sorted(trail.index) == list("12345")
    body = TOPSIS(vector_normalization)
    _, _, _, _, d_minus, d_plus, closeness = body._method(
        VALUES, np.array([0.3, 0.3, 0.2, 0.2]), np.array([1, 1, -1, 1])
    )
    for i, cid in enumerate("12345"):
        reason = trail.loc[cid, "reason"]
        assert f"d⁺ {_text(d_plus[i])}，" in reason
        assert f"d⁻ {_text(d_minus[i])}，" in reason
        assert float(trail.loc[cid, "value"]) == pytest.approx(closeness[i], abs=1e-6)
    # every indicator still has its row (vector-normalised value × weight)
    per_indicator = out.audit[out.audit["rule_path"].str.startswith("tracks[0].indicators")]
    assert len(per_indicator) == 4 * 5
    assert per_indicator["reason"].str.contains("向量标准化后").all()


def _performance(frame: pd.DataFrame, rules) -> pd.Series:  # type: ignore[no-untyped-def]
    """P by id from the tracks and performance layers alone."""
    from cadrekit.engine.performance import compute_performance
    from cadrekit.engine.tracks import assign_tracks

    frame, _ = assign_tracks(frame, rules)
    frame, _ = compute_performance(frame, rules)
    return frame.set_index("id")["performance"]


def test_a_cadre_with_a_missing_value_gets_no_p_and_is_left_out_of_the_ideal() -> None:
    from cadrekit.errors import InvariantBroken

    values = VALUES.copy()
    values[4, 0] = np.nan
    got = _performance(_chiefs(values), _topsis_rules())
    assert pd.isna(got.loc["5"])
    alone = _performance(_chiefs(VALUES[:4]), _topsis_rules())
    for cid in "1234":
        assert got.loc[cid] == alone.loc[cid]
    # validation stops such a row (missing-indicator); past it, the engine's gate would
    with pytest.raises(InvariantBroken) as caught:
        score(_chiefs(values), rules=_topsis_rules())
    assert (caught.value.invariant, caught.value.cadres) == ("finite-score", ["5"])


def test_weighted_sum_is_unchanged_and_the_default() -> None:
    implicit = score(_chiefs(), rules=rules_with(tracks__0__indicators=INDICATORS))
    explicit = score(_chiefs(), rules=_topsis_rules("weighted_sum"))
    pd.testing.assert_frame_equal(implicit.cadres, explicit.cadres)
    pd.testing.assert_frame_equal(implicit.audit, explicit.audit)
    got = by_id(implicit)
    # 安全稳定 is "lower" with bounds 0–100: reflected to 100 − x before weighting
    oriented = VALUES.copy()
    oriented[:, 2] = 100 - oriented[:, 2]
    want = excel_round(oriented @ np.array([0.3, 0.3, 0.2, 0.2]), 2)
    np.testing.assert_array_equal(got.loc[list("12345"), "performance"], want)


def test_topsis_with_a_normalisation_is_a_rules_problem() -> None:
    data = parse_yaml(default_text())
    data["tracks"][0]["aggregate"] = "topsis"
    data["tracks"][0]["indicators"][1]["normalise"] = "minmax"
    rules, problems = parse_rules(data)
    assert rules is None
    assert [p.location for p in problems] == ["tracks[0].indicators[1].normalise"]


def test_unknown_aggregate_is_refused() -> None:
    data = parse_yaml(default_text())
    data["tracks"][0]["aggregate"] = "vikor"
    rules, problems = parse_rules(data)
    assert rules is None
    assert problems[0].location == "tracks[0].aggregate"
