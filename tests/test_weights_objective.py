"""Entropy, CRITIC and TOPSIS against pymcdm (a test-only oracle), plus degenerate data."""

from __future__ import annotations

import numpy as np
import pytest

from cadrekit.weights import WeightsDataError, critic_weights, entropy_weights, topsis

SEEDS = [0, 1, 2, 3, 4, 5, 6, 7]


def _case(seed: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    m, n = int(rng.integers(4, 30)), int(rng.integers(2, 7))
    X = rng.uniform(1, 100, size=(m, n))
    types = rng.choice([1, -1], size=n)
    types[0] = -1  # every case has a cost criterion
    return X, types


@pytest.mark.parametrize("seed", SEEDS)
def test_critic_matches_pymcdm(seed: int) -> None:
    from pymcdm.helpers import normalize_matrix
    from pymcdm.normalizations import minmax_normalization
    from pymcdm.weights import critic_weights as oracle

    X, types = _case(seed)
    # pymcdm's CRITIC ignores criterion types; min-max normalising by type first (min-max of
    # an already min-max normalised column is the identity) gives the directed method.
    expected = oracle(normalize_matrix(X, minmax_normalization, types))
    np.testing.assert_allclose(critic_weights(X, types).weights, expected, rtol=0, atol=1e-9)


@pytest.mark.parametrize("seed", SEEDS)
def test_entropy_sum_normalisation_matches_pymcdm(seed: int) -> None:
    from pymcdm.helpers import normalize_matrix
    from pymcdm.normalizations import sum_normalization
    from pymcdm.weights import entropy_weights as oracle

    X, types = _case(seed)
    # pymcdm sum-normalises (cost columns by reciprocals) and then takes the entropy.
    expected = oracle(normalize_matrix(X, sum_normalization, types))
    got = entropy_weights(X, types, normalisation="sum").weights
    np.testing.assert_allclose(got, expected, rtol=0, atol=1e-9)


@pytest.mark.parametrize("seed", SEEDS)
def test_entropy_minmax_matches_pymcdm_normalisation_and_scipy_entropy(seed: int) -> None:
    # Min-max puts a 0 in every column; pymcdm's entropy_weights treats any 0 as "entropy 0"
    # rather than 0·ln 0 = 0, so the oracle here is pymcdm's min-max normalisation followed by
    # scipy's entropy (which uses 0·ln 0 = 0), as the 熵权法 defines it.
    from pymcdm.helpers import normalize_matrix
    from pymcdm.normalizations import minmax_normalization
    from scipy.stats import entropy

    X, types = _case(seed)
    r = normalize_matrix(X, minmax_normalization, types)
    d = 1 - entropy(r, axis=0) / np.log(X.shape[0])
    result = entropy_weights(X, types)
    np.testing.assert_allclose(result.weights, d / d.sum(), rtol=0, atol=1e-9)
    np.testing.assert_allclose(result.normalised, r, rtol=0, atol=1e-12)


@pytest.mark.parametrize("seed", SEEDS)
def test_topsis_matches_pymcdm(seed: int) -> None:
    from pymcdm.methods import TOPSIS
    from pymcdm.normalizations import vector_normalization

    X, types = _case(seed)
    w = np.random.default_rng(seed + 100).dirichlet(np.ones(X.shape[1]))
    body = TOPSIS(vector_normalization)
    expected = body(X, w, types)
    got = topsis(X, w, types)
    np.testing.assert_allclose(got.closeness, expected, rtol=0, atol=1e-9)
    # pymcdm's verbose output holds its distances (its cost columns are 1 − r, which moves the
    # ideal point but not any distance).
    _, _, _, _, d_minus, d_plus, _ = body._method(X, w, types)
    np.testing.assert_allclose(got.d_plus, d_plus, atol=1e-12)
    np.testing.assert_allclose(got.d_minus, d_minus, atol=1e-12)


def test_topsis_intermediates_by_hand() -> None:
    X = np.array([[3.0, 4.0], [4.0, 3.0]])
    r = topsis(X, [0.5, 0.5], [1, -1])
    np.testing.assert_allclose(r.normalised, X / 5)
    np.testing.assert_allclose(r.ideal, [0.4, 0.3])  # max of benefit, min of cost
    np.testing.assert_allclose(r.anti_ideal, [0.3, 0.4])
    np.testing.assert_allclose(r.closeness, [0.0, 1.0])


def test_topsis_evaluates_many_weight_vectors_at_once() -> None:
    X, types = _case(3)
    W = np.random.default_rng(9).dirichlet(np.ones(X.shape[1]), size=50)
    many = topsis(X, W, types)
    assert many.closeness.shape == (50, X.shape[0])
    for k in (0, 17, 49):
        np.testing.assert_allclose(many.closeness[k], topsis(X, W[k], types).closeness)


def test_topsis_identical_alternatives_tie_at_one_half() -> None:
    r = topsis(np.ones((3, 2)), [0.5, 0.5], [1, 1])
    np.testing.assert_allclose(r.closeness, 0.5)


def test_degenerate_columns_get_weight_zero_and_a_problem() -> None:
    X = np.array(
        [[80, 5, np.nan, 1], [90, 5, np.nan, 3], [70, 5, np.nan, 2], [60, 5, np.nan, 9]],
        dtype=float,
    )
    for compute in (entropy_weights, critic_weights):
        r = compute(X, [1, 1, 1, -1], criteria=["a", "b", "c", "d"])
        assert r.weights[1] == 0 and r.weights[2] == 0
        assert r.weights.sum() == pytest.approx(1)
        assert r.degenerate == (1, 2)
        assert [(p.code, p.column, p.found) for p in r.problems] == [
            ("degenerate-indicator", "b", "every cadre has the same value (5)"),
            ("degenerate-indicator", "c", "the column is empty"),
        ]
        # the other two columns are weighed as if the degenerate ones were absent
        alone = compute(X[:, [0, 3]], [1, -1]).weights
        np.testing.assert_allclose(r.weights[[0, 3]], alone)


def test_rows_with_missing_values_are_left_out_and_counted() -> None:
    X = np.array([[1, 2], [2, np.nan], [3, 1], [5, 5]], dtype=float)
    r = entropy_weights(X, [1, 1])
    assert r.rows_used.tolist() == [True, False, True, True]
    assert [(p.code, p.params["count"]) for p in r.problems] == [("weights-rows-skipped", 1)]
    np.testing.assert_allclose(r.weights, entropy_weights(X[[0, 2, 3]], [1, 1]).weights)


def test_nothing_to_weigh_is_an_error_not_a_division_by_zero() -> None:
    with pytest.raises(WeightsDataError):
        entropy_weights(np.full((4, 2), 7.0), [1, 1])
    with pytest.raises(WeightsDataError):
        critic_weights(np.array([[1.0, 2.0]]), [1, 1])


def test_entropy_by_hand() -> None:
    # two cadres: min-max gives (1, 0) → p = (1, 0) → e = 0 → the column carries all the
    # information it can; a three-cadre column (0, .5, 1) has p = (0, 1/3, 2/3).
    X = np.array([[0.0, 0.0], [1.0, 1.0], [2.0, 4.0]])
    r = entropy_weights(X, [1, 1])
    p2 = np.array([0, 0.25, 1]) / 1.25
    e = [
        -(1 / 3 * np.log(1 / 3) + 2 / 3 * np.log(2 / 3)) / np.log(3),
        -sum(q * np.log(q) for q in p2[1:]) / np.log(3),
    ]
    d = 1 - np.array(e)
    np.testing.assert_allclose(r.weights, d / d.sum())
    np.testing.assert_allclose(r.entropy, e)
