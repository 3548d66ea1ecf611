import math

import numpy as np
import pandas as pd
import pytest

from cadrekit.engine.rounding import excel_round


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (84.125, 84.13),
        (2.675, 2.68),
        (1.005, 1.01),
        (-2.675, -2.68),
        (0.125, 0.13),
        (0.0, 0.0),
        (1.0, 1.0),
        (99.995, 100.0),
        (0.1 + 0.2, 0.3),
        (87.49999999999999, 87.5),  # 0.3·85 + … style float noise
        (83.33333333333333, 83.33),
        (-0.004, -0.0),
        (1234567.125, 1234567.13),
        (1e20, 1e20),
    ],
)
def test_golden_values(value: float, expected: float) -> None:
    assert excel_round(value, 2) == expected


@pytest.mark.parametrize(("digits", "expected"), [(0, 85.0), (1, 84.6), (3, 84.555)])
def test_other_digits(digits: int, expected: float) -> None:
    assert excel_round(84.555, digits) == expected


def test_python_round_differs_which_is_why() -> None:
    assert round(2.675, 2) == 2.67
    assert excel_round(2.675) == 2.68


def test_vectorised_keeps_nan_and_index() -> None:
    s = pd.Series([84.125, np.nan, 2.675], index=[10, 20, 30], name="x")
    got = excel_round(s)
    assert list(got.index) == [10, 20, 30] and got.name == "x"
    assert got[10] == 84.13 and math.isnan(got[20]) and got[30] == 2.68
    arr = excel_round(np.array([1.005, -1.005]))
    assert arr.tolist() == [1.01, -1.01]
