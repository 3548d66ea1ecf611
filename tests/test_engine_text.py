"""The engine's vectorised text helpers, and the audit trail made only when it is read."""

from __future__ import annotations

import numpy as np
import pandas as pd

from cadrekit.engine._common import Part, codes_in, id_order, join_rows, pick
from cadrekit.engine.pipeline import run
from cadrekit.models.result import Deferred, unresolved
from cadrekit.rules.load import default_rules
from test_engine_support import cadres


def text(*values: str | None) -> pd.Series:
    return pd.Series(list(values), dtype="string")


def test_join_rows_keeps_the_given_order_and_leaves_rows_without_text_na() -> None:
    got = join_rows(np.array([2, 0, 2, 2]), text("p", "q", "r", "s"), pd.RangeIndex(4), "、")
    assert got.tolist() == ["q", pd.NA, "p、r、s", pd.NA]
    assert got.dtype == "string"


def test_id_order_sorts_as_text_with_equal_values_sharing_and_na_last() -> None:
    assert id_order(text("b", "a", None, "c", "a", "10", "9")).tolist() == [4, 3, 6, 5, 3, 1, 2]


def test_codes_in_and_pick() -> None:
    codes = codes_in(text("x", None, "y", "z"), ["y", "x"])
    assert codes.tolist() == [1, -1, 0, -1]
    assert pick(["y", "x"], codes, pd.RangeIndex(4)).tolist() == ["x", pd.NA, "y", pd.NA]


def test_the_audit_is_made_only_when_read() -> None:
    out = run({"cadres": cadres({}, {"工作实绩": 50.0})}, default_rules(), 2025)
    assert isinstance(unresolved(out, "audit"), Deferred)
    trail = unresolved(out, "audit").make.args[0]
    assert all(isinstance(part, Part) for layer in trail for part in layer)
    audit = out.audit
    assert set(audit["cadre_id"]) == {"1", "2"} and not audit.isna().any().any()
