"""AHP against a published worked example, Saaty's RI table, and matrix validation."""

from __future__ import annotations

import numpy as np
import pytest

from cadrekit.weights import RANDOM_INDEX, JudgementMatrixError, ahp_group, ahp_weights
from cadrekit.weights.ahp import aggregate_judgements, check_matrix, parse_judgement

# T. L. Saaty, "How to make a decision: the analytic hierarchy process", European Journal
# of Operational Research 48 (1990) 9–26: the house example, level-2 matrix of 8 criteria
# (size, transportation, neighborhood, age, yard, modern facilities, general condition,
# financing). Printed: weights .173 .054 .188 .018 .031 .036 .167 .333, λmax = 9.669,
# C.I. = 0.238, C.R. = 0.169.
HOUSE = [
    [1, 5, 3, 7, 6, 6, "1/3", "1/4"],
    ["1/5", 1, "1/3", 5, 3, 3, "1/5", "1/7"],
    ["1/3", 3, 1, 6, 3, 4, 6, "1/5"],
    ["1/7", "1/5", "1/6", 1, "1/3", "1/4", "1/7", "1/8"],
    ["1/6", "1/3", "1/3", 3, 1, "1/2", "1/5", "1/6"],
    ["1/6", "1/3", "1/4", 4, 2, 1, "1/5", "1/6"],
    [3, 5, "1/6", 7, 5, 5, 1, "1/2"],
    [4, 7, 5, 8, 6, 6, 2, 1],
]
# Same paper, level 3, houses A, B, C with respect to size of house: printed eigenvector
# .754 .181 .065, λmax = 3.136, C.I. = 0.068, C.R. = 0.117.
SIZE = [[1, 6, 8], ["1/6", 1, 4], ["1/8", "1/4", 1]]


def test_saaty_house_example_to_the_printed_digits() -> None:
    r = ahp_weights(HOUSE)
    assert [round(w, 3) for w in r.weights] == [
        0.173,
        0.054,
        0.188,
        0.018,
        0.031,
        0.036,
        0.167,
        0.333,
    ]
    assert round(r.lambda_max, 3) == 9.669
    assert round(r.ci, 3) == 0.238
    assert r.ri == 1.41
    assert round(r.cr, 3) == 0.169
    assert not r.consistent
    assert r.inconsistent_pairs[0].row == "C3" and r.inconsistent_pairs[0].col == "C7"


def test_saaty_size_of_house_example() -> None:
    r = ahp_weights(SIZE, criteria=["A", "B", "C"])
    assert [round(w, 3) for w in r.weights] == [0.754, 0.181, 0.065]
    assert (round(r.lambda_max, 3), round(r.ci, 3), round(r.cr, 3)) == (3.136, 0.068, 0.117)


def test_random_index_is_saatys_table() -> None:
    # Saaty (1990) for n = 1…10, Saaty (1980) for n = 11…15.
    assert [RANDOM_INDEX[n] for n in range(1, 16)] == [
        0.0, 0.0, 0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49, 1.51, 1.48, 1.56, 1.57, 1.59,
    ]  # fmt: skip


def test_consistent_matrix_recovers_its_weights_exactly() -> None:
    w = np.array([0.4, 0.3, 0.2, 0.1])
    for method in ("eigen", "geometric"):
        r = ahp_weights(w[:, None] / w[None, :], method, criteria=list("abcd"), check_scale=False)
        np.testing.assert_allclose(r.weights, w, atol=1e-12)
        assert r.ci == 0.0 and r.cr == 0.0 and r.inconsistent_pairs == []


def test_geometric_method_on_the_house_example() -> None:
    r = ahp_weights(HOUSE, "geometric")
    a = check_matrix([f"C{k}" for k in range(8)], HOUSE).values
    g = np.prod(a, axis=1) ** (1 / 8)
    np.testing.assert_allclose(r.weights, g / g.sum(), rtol=1e-12)
    assert r.lambda_max == pytest.approx(float(np.mean(a @ r.weights / r.weights)))


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        (3, 3.0),
        ("1/3", 1 / 3),
        ("１/５", 0.2),
        ("⅓", 1 / 3),
        (" 7 ", 7.0),
        (None, None),
        ("", None),
    ],
)
def test_parse_judgement(raw: object, value: float | None) -> None:
    assert parse_judgement(raw) == value


def _problems(rows: list[list[object]]) -> list[tuple[str, str, str]]:
    with pytest.raises(JudgementMatrixError) as info:
        check_matrix(["经济发展", "乡村振兴", "党的建设"], rows, source="m.yaml")
    return [(p.location, p.column, p.params["detail_en"]) for p in info.value.problems]


def test_every_bad_cell_is_located_by_criterion() -> None:
    found = _problems([[1, 3, "x"], [0.5, 1, 12], [None, -2, 2]])
    assert found[0][:2] == ("m.yaml matrix[0][2]", "经济发展 / 党的建设")
    assert "not a number" in found[0][2]
    locations = [f[0] for f in found]
    assert "m.yaml matrix[1][2]" in locations  # 12: off the scale
    assert "m.yaml matrix[2][1]" in locations  # -2: not positive
    assert "m.yaml matrix[2][2]" in locations  # diagonal 2


def test_non_reciprocal_pair_names_the_mirror_cell() -> None:
    found = _problems([[1, 3, 1], ["1/2", 1, 1], [1, 1, 1]])
    assert found == [
        (
            "m.yaml matrix[1][0]",
            "乡村振兴 / 经济发展",
            "not the reciprocal of its mirror cell: expected 1/3",
        )
    ]


def test_shape_and_empty_pairs() -> None:
    assert "must be 3 × 3" in _problems([[1, 2, 3], [1, 1]])[0][2]
    assert "both cells" in _problems([[1, None, 1], [None, 1, 1], [1, 1, 1]])[0][2]


def test_lower_triangle_may_be_empty_and_decimals_snap_to_reciprocals() -> None:
    m = check_matrix(list("abc"), [[1, 3, 5], [None, 1, 2], ["~", "", 1]])
    np.testing.assert_allclose(m.values[2], [1 / 5, 1 / 2, 1])
    m = check_matrix(list("ab"), [[1, 3], [0.33, 1]])
    assert m.values[1, 0] == 1 / 3


def test_aij_is_the_geometric_mean_and_each_expert_keeps_its_cr() -> None:
    a = check_matrix(list("abc"), [[1, 2, 4], ["1/2", 1, 2], ["1/4", "1/2", 1]], expert="甲")
    b = check_matrix(list("abc"), [[1, 8, 2], ["1/8", 1, 4], ["1/2", "1/4", 1]], expert="乙")
    agg = aggregate_judgements([a, b])
    np.testing.assert_allclose(agg.values, np.sqrt(a.values * b.values))
    np.testing.assert_allclose(agg.values * agg.values.T, 1)
    group = ahp_group([a, b])
    assert [e.expert for e in group.experts] == ["甲", "乙"]
    assert group.experts[0].cr == 0.0 and group.experts[1].cr > 0.10
    assert not group.consistent
    np.testing.assert_allclose(group.aggregate.weights, ahp_weights(agg).weights)


def test_experts_must_compare_the_same_criteria() -> None:
    a = check_matrix(list("ab"), [[1, 2], ["1/2", 1]])
    b = check_matrix(list("ba"), [[1, 2], ["1/2", 1]])
    with pytest.raises(JudgementMatrixError):
        aggregate_judgements([a, b])


def test_inconsistency_problem_names_the_pairs() -> None:
    r = ahp_weights(HOUSE)
    problem = r.problem("house.yaml")
    assert problem is not None and problem.code == "ahp-inconsistent"
    assert "C3 vs C7: judged 6" in problem.hint("en")
    assert ahp_weights([[1, 2], ["1/2", 1]]).problem() is None
