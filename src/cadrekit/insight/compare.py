"""Two scored results side by side: two years, or one year under two rule sets.

:func:`compare` joins the cadres on ``id`` (outer): per cadre the old and new rank, grade
and score, the change, and a ``change`` word — ``arrived``, ``departed``, ``up``, ``down``,
``same`` (grade) — plus ``rule_change`` when both sides scored the same input with
different rules (then every grade change is the rule change's doing). :func:`summary`
gives per-track or per-unit mean scores and grade counts on both sides.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from cadrekit.insight._common import select

if TYPE_CHECKING:  # pragma: no cover
    from cadrekit.models.result import Result

COMPARE_COLUMNS = [
    "id",
    "name",
    "unit",
    "track",
    "change",
    "grade_old",
    "grade_new",
    "rank_old",
    "rank_new",
    "rank_change",
    "score_old",
    "score_new",
    "score_change",
    "track_old",
    "rule_change",
]
_KEEP = ["id", "name", "unit", "track", "rank", "score", "grade"]


def same_input(old: Result, new: Result) -> bool:
    """Both results come from the same input (by SHA-256) under different rules."""
    a, b = old.meta.get("input_sha256"), new.meta.get("input_sha256")
    return bool(a) and a == b and old.rules_sha256 != new.rules_sha256


def compare(old: Result, new: Result) -> pd.DataFrame:
    """One row per cadre in either result, in the new result's order, then departures."""
    a = old.cadres[[c for c in _KEEP if c in old.cadres]].astype({"id": object})
    b = new.cadres[[c for c in _KEEP if c in new.cadres]].astype({"id": object})
    both = b.merge(a, on="id", how="outer", suffixes=("_new", "_old"), indicator=True, sort=False)
    order = {g: i for i, g in enumerate([*new.rules.grades.order, new.rules.grades.not_graded])}
    old_pos = both["grade_old"].map(order)
    new_pos = both["grade_new"].map(order)
    change = select(
        [
            both["_merge"] == "left_only",
            both["_merge"] == "right_only",
            new_pos < old_pos,
            new_pos > old_pos,
        ],
        ["arrived", "departed", "up", "down"],
        "same",
    )
    out = pd.DataFrame(
        {
            "id": both["id"],
            "name": both["name_new"].astype(object).fillna(both["name_old"].astype(object)),
            "unit": both["unit_new"].astype(object).fillna(both["unit_old"].astype(object)),
            "track": both["track_new"].astype(object).fillna(both["track_old"].astype(object)),
            "change": change,
            "grade_old": both["grade_old"].astype(object),
            "grade_new": both["grade_new"].astype(object),
            "rank_old": both["rank_old"].astype("Int64"),
            "rank_new": both["rank_new"].astype("Int64"),
            # positive: moved up the table (rank 5 → 2 is +3)
            "rank_change": (both["rank_old"].astype("Int64") - both["rank_new"].astype("Int64")),
            "score_old": both["score_old"].astype(float),
            "score_new": both["score_new"].astype(float),
            "score_change": (
                both["score_new"].astype(float) - both["score_old"].astype(float)
            ).round(2),
            "track_old": both["track_old"].astype(object),
        }
    )
    graded = out["grade_old"].notna() & out["grade_new"].notna()
    out["rule_change"] = same_input(old, new) & graded & (out["grade_old"] != out["grade_new"])
    new_order = {i: k for k, i in enumerate(b["id"])}
    old_order = {i: k for k, i in enumerate(a["id"])}
    out["_a"] = out["id"].map(new_order).fillna(len(new_order))
    out["_b"] = out["id"].map(old_order).fillna(-1)
    out = out.sort_values(["_a", "_b"], kind="stable")
    return out[COMPARE_COLUMNS].reset_index(drop=True)


def summary(old: Result, new: Result, by: str = "track") -> pd.DataFrame:
    """Per ``track`` or ``unit``: count, mean score and grade counts, old and new side by side."""
    grades = [*new.rules.grades.order, new.rules.grades.not_graded]
    parts = []
    for side, res in (("old", old), ("new", new)):
        c = res.cadres
        g = c.groupby(by, sort=False)
        part = pd.DataFrame({f"n_{side}": g.size(), f"mean_{side}": g["score"].mean().round(2)})
        counts = pd.crosstab(c[by], c["grade"]).reindex(columns=grades, fill_value=0)
        counts.columns = [f"{x}_{side}" for x in counts.columns]
        parts.append(part.join(counts))
    out = parts[1].join(parts[0], how="outer")
    count_cols = [c for c in out.columns if not c.startswith("mean_")]
    out[count_cols] = out[count_cols].fillna(0).astype(int)
    out["mean_change"] = (out["mean_new"] - out["mean_old"]).round(2)
    columns = ["n_old", "n_new", "mean_old", "mean_new", "mean_change"]
    for x in grades:
        columns += [f"{x}_old", f"{x}_new"]
    return out[columns].rename_axis(by).reset_index()
