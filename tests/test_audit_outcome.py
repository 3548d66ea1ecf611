"""Audit rows carry a typed outcome set by the adjustments layer; readers use it, not prose."""

from __future__ import annotations

from pathlib import Path

from cadrekit import api
from cadrekit.insight.explain import explain
from cadrekit.models.result import AUDIT_COLUMNS, AUDIT_OUTCOMES

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "samples" / "county-2025.xlsx"


def test_adjustment_rows_have_an_outcome_and_others_none() -> None:
    result = api.score(SAMPLE)
    audit = result.audit
    assert list(audit.columns) == AUDIT_COLUMNS
    adj = audit[audit["layer"] == "adjustments"]
    assert len(adj) and set(adj["outcome"]) <= set(AUDIT_OUTCOMES)
    assert set(audit.loc[audit["layer"] != "adjustments", "outcome"]) == {""}
    counted = adj[adj["outcome"] == "counted"]
    assert counted["reason"].str.startswith("计入：").all()
    left = adj[adj["outcome"] == "not-counted"]
    assert left["reason"].str.startswith("不计入").all()
    capped = adj[adj["outcome"] == "capped"]
    assert capped["rule_path"].str.contains(r"\.cap|category_caps").all()


def test_explain_splits_adjustments_by_outcome() -> None:
    result = api.score(SAMPLE)
    adj = result.audit[result.audit["layer"] == "adjustments"]
    cadre = str(adj.iloc[0]["cadre_id"])
    doc = explain(result, cadre)
    counted, left_out = doc["adjustments"]["counted"], doc["adjustments"]["left_out"]
    assert all(s["outcome"] == "counted" for s in counted)
    assert all(s["outcome"] in ("not-counted", "capped") for s in left_out)
    assert len(counted) + len(left_out) == int((adj["cadre_id"] == cadre).sum())
