"""Builders for small engine inputs (imported by the other test_engine_* modules)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from cadrekit.engine.pipeline import EngineOutput, run
from cadrekit.models.rule_parse import parse_rules
from cadrekit.models.rules import RuleSet
from cadrekit.rules.load import default_rules, default_text, parse_yaml

NA = pd.NA
STAFF: dict[str, Any] = {
    "name": "张三",
    "unit": "U1",
    "unit_type": NA,
    "layer": "一般干部",
    "post": "科员",
    "top_leader": False,
    "track": NA,
    "status": NA,
    "status_reason": NA,
    "votes_excellent": 10,
    "votes_competent": 0,
    "votes_basic": 0,
    "votes_incompetent": 0,
    "q1": "好",
    "q2": "好",
    "q3": "好",
    "q4": "好",
    "工作实绩": 90.0,
}
TEXT = ["id", "name", "unit", "unit_type", "layer", "post", "track", "status", "status_reason"]
TEXT += ["q1", "q2", "q3", "q4"]


def cadres(*rows: dict[str, Any], **common: Any) -> pd.DataFrame:
    """Staff cadres (S = 0.5·工作实绩 + 50 with these defaults), ids "1", "2", …"""
    records = [{"id": str(i + 1), **STAFF, **common, **row} for i, row in enumerate(rows)]
    frame = pd.DataFrame(records)
    for column in TEXT:
        if column in frame.columns:
            frame[column] = frame[column].astype("string")
    for column in ("votes_excellent", "votes_competent", "votes_basic", "votes_incompetent"):
        frame[column] = frame[column].astype("float64")
    frame["top_leader"] = frame["top_leader"].astype(bool)
    return frame


def events(*rows: dict[str, Any]) -> pd.DataFrame:
    base = {"id": NA, "unit": NA, "category": "其他", "reason": "事由", "source": "县委"}
    frame = pd.DataFrame([{**base, **row} for row in rows])
    frame["date"] = pd.to_datetime(frame["date"])
    frame["points"] = frame["points"].astype("float64")
    return frame


def supervision(*rows: dict[str, Any], verified: bool = True) -> pd.DataFrame:
    base: dict[str, Any] = {"source": "纪检监察", "note": NA}
    if verified:
        base["verified"] = True
    frame = pd.DataFrame([{**base, **row} for row in rows])
    frame["date"] = pd.to_datetime(frame["date"])
    return frame


def rules_with(**changes: Any) -> RuleSet:
    """The default rules with top-level sections replaced or patched (dotted keys)."""
    data = parse_yaml(default_text())
    for dotted, value in changes.items():
        node = data
        keys = dotted.split("__")
        for key in keys[:-1]:
            node = node[int(key)] if isinstance(node, list) else node[key]
        last = keys[-1]
        if isinstance(node, list):
            node[int(last)] = value
        else:
            node[last] = value
    rules, problems = parse_rules(data)
    assert rules is not None, [p.to_dict("en") for p in problems]
    return rules


def score(
    frame: pd.DataFrame,
    year: int = 2024,
    rules: RuleSet | None = None,
    **frames: pd.DataFrame,
) -> EngineOutput:
    return run({"cadres": frame, **frames}, rules or default_rules(), year)


def by_id(out: EngineOutput) -> pd.DataFrame:
    return out.cadres.set_index("id")


def test_builders_give_staff_with_known_score() -> None:
    out = score(cadres({}, {"工作实绩": 80.0}))
    got = by_id(out)
    assert got.loc["1", "score"] == 95.0
    assert got.loc["2", "score"] == 90.0
    assert np.isclose(got.loc["1", "votes_score"], 100.0)
