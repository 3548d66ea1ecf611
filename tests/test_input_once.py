"""A scored result keeps the roster once: its ``dataset`` cadres frame is made again from
the result when read (engine/inputs.py), and must be exactly the frame ``load`` gives."""

from __future__ import annotations

import pickle
from pathlib import Path

import pandas as pd
import pytest

from cadrekit import api
from cadrekit.models.result import Deferred, unresolved

SAMPLES = Path(__file__).resolve().parents[1] / "data" / "samples"
CASES = [
    ("county-2025.xlsx", None),
    ("county-2025-decided.xlsx", None),
    ("county-2025-cadres.csv", None),
    ("institution-2025.xlsx", "institution"),
    ("ballots-2025.xlsx", None),
]


def same_frame(made: pd.DataFrame, loaded: pd.DataFrame) -> None:
    pd.testing.assert_frame_equal(made, loaded, check_exact=True, check_column_type=True)
    assert list(made.dtypes) == list(loaded.dtypes)


@pytest.mark.parametrize(("name", "rules"), CASES)
def test_the_input_frame_is_made_again_exactly(name: str, rules: str | None) -> None:
    result = api.score(SAMPLES / name, rules=rules)
    sheet = result.dataset.sheets["cadres"]  # type: ignore[union-attr]
    assert isinstance(unresolved(sheet, "frame"), Deferred)  # not a second copy
    same_frame(sheet.frame, api.load(SAMPLES / name, rules=rules).cadres)


def test_a_dataset_the_caller_holds_is_left_as_it_was() -> None:
    dataset = api.load(SAMPLES / "county-2025.xlsx")
    frame = dataset.cadres
    result = api.score(dataset)
    assert dataset.sheets["cadres"].frame is frame
    same_frame(result.dataset.cadres, frame)  # type: ignore[union-attr]


def test_rows_left_out_keep_the_loaded_frame() -> None:
    result = api.score(SAMPLES / "broken.xlsx", lenient=True)
    sheet = result.dataset.sheets["cadres"]  # type: ignore[union-attr]
    assert not isinstance(unresolved(sheet, "frame"), Deferred)
    assert len(sheet.frame) > len(result.cadres)


def test_a_result_pickles_with_its_input() -> None:
    result = api.score(SAMPLES / "county-2025.xlsx")
    again = pickle.loads(pickle.dumps(result))
    same_frame(again.dataset.cadres, api.load(SAMPLES / "county-2025.xlsx").cadres)
