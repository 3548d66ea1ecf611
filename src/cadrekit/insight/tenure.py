"""任期考核: one grade per cadre over a term, from the term's annual scores and grades.

Term: ``--from``/``--to`` years if given, else from the year of ``appointed_on`` to the
latest year on the history sheet. Rules ``tenure`` (see models.rules.TenureRules):
T = (1 − Σw)·mean annual score + Σ w·indicator; the grade is the worst grade if any year
of the term is a failing grade, the quota grade if T ≥ excellent_score and the share of
quota-grade years reaches excellent_years_share, ``low_grade`` if T < pass_score, else
the default grade; fewer than ``min_years`` assessed years: not graded.
"""

from __future__ import annotations

from fractions import Fraction
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from cadrekit.engine.rounding import excel_round
from cadrekit.insight._common import frame, ruleset

if TYPE_CHECKING:  # pragma: no cover
    from cadrekit.models.dataset import Dataset

TENURE_COLUMNS = [
    "id",
    "name",
    "unit",
    "term_from",
    "term_to",
    "years",
    "mean_score",
    "excellent_years",
    "failing_years",
    "tenure_score",
    "tenure_grade",
    "reason",
]


def tenure(
    dataset: Dataset, rules: Any = None, start: int | None = None, end: int | None = None
) -> pd.DataFrame:
    """One row per cadre of the roster (TENURE_COLUMNS)."""
    rs = ruleset(rules)
    t, g = rs.tenure, rs.grades
    cadres = dataset.cadres.copy()
    cadres["id"] = cadres["id"].astype("string")
    hist = frame(dataset, "history", ["id", "year", "grade", "score"]).copy()
    hist["id"] = hist["id"].astype("string")
    hist["year"] = pd.to_numeric(hist["year"], errors="coerce")
    hist["score"] = pd.to_numeric(hist["score"], errors="coerce") if "score" in hist else np.nan
    latest = int(hist["year"].max()) if hist["year"].notna().any() else None
    first = pd.Series(start, index=cadres.index, dtype="float64")
    if start is None and "appointed_on" in cadres.columns:
        appointed = pd.to_datetime(cadres["appointed_on"], errors="coerce")
        first = pd.Series(appointed.dt.year, index=cadres.index).astype("float64")
    last = float(end if end is not None else (latest if latest is not None else np.nan))
    span = pd.DataFrame({"id": cadres["id"], "lo": first.to_numpy(), "hi": last})
    rows = hist.merge(span, on="id", how="inner")
    rows = rows[(rows["year"] >= rows["lo"].fillna(-np.inf)) & (rows["year"] <= rows["hi"])]
    per = rows.groupby("id").agg(
        years=("year", "nunique"),
        mean_score=("score", "mean"),
        excellent_years=("grade", lambda s: int((s == rs.quota.grade).sum())),
        failing_years=("grade", lambda s: int(s.isin(t.failing_grades).sum())),
    )
    out = cadres[["id", "name", "unit"]].copy()
    out["term_from"] = first.astype("Int64")
    out["term_to"] = pd.array([None if np.isnan(last) else int(last)] * len(out), dtype="Int64")
    out = out.join(per, on="id")
    out["years"] = out["years"].fillna(0).astype("int64")
    for column in ("excellent_years", "failing_years"):
        out[column] = out[column].fillna(0).astype("int64")
    out["mean_score"] = excel_round(out["mean_score"].astype("float64"), 2)
    weight = sum(t.indicators.values())
    score = (1 - weight) * out["mean_score"]
    for column, w in t.indicators.items():
        value = pd.to_numeric(cadres[column], errors="coerce") if column in cadres else np.nan
        score = score + w * pd.Series(value, index=out.index)
    out["tenure_score"] = excel_round(score.astype("float64"), 2)
    share = Fraction(t.excellent_years_share)
    enough = out["excellent_years"] * share.denominator >= share.numerator * out["years"]
    cases = [
        out["years"] < t.min_years,
        out["failing_years"] > 0,
        (out["tenure_score"] >= t.excellent_score) & enough,
        out["tenure_score"] < t.pass_score,
    ]
    out["tenure_grade"] = np.select(
        cases, [g.not_graded, g.order[-1], rs.quota.grade, t.low_grade], g.default
    )
    out["reason"] = np.select(
        cases,
        [
            f"任期内考核年度不足 {t.min_years} 年",
            "任期内有 "
            + out["failing_years"].astype(str)
            + f" 个年度为{'/'.join(t.failing_grades)}",
            f"任期得分 ≥ {t.excellent_score:g} 且{rs.quota.grade}年度占比 ≥ {share}",
            f"任期得分低于 {t.pass_score:g}",
        ],
        "任期得分 "
        + out["tenure_score"].astype(str)
        + "，"
        + out["excellent_years"].astype(str)
        + f" 个年度为{rs.quota.grade}",
    )
    return out[TENURE_COLUMNS].reset_index(drop=True)
