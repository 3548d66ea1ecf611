"""任期考核: one grade per cadre over a term, from the term's annual scores and grades.

Term: ``--from``/``--to`` years if given, else from the year of ``appointed_on`` to the
latest year on the history sheet. Rules ``tenure`` (see models.rules.TenureRules):
T = (1 − Σw)·mean annual score + Σ w·indicator; the grade is the worst grade if any year
of the term is a failing grade, the quota grade if T ≥ excellent_score and the share of
quota-grade years reaches excellent_years_share, ``low_grade`` if T < pass_score, else
the default grade; fewer than ``min_years`` assessed years (years graded other than 不定等次),
no 年度得分 in any of them, or an empty tenure indicator: not graded (不定等次). Every row
says why in ``reason`` and, as a code, ``reason_code`` (REASON_CODES).
"""

from __future__ import annotations

from fractions import Fraction
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from cadrekit.engine.rounding import excel_round
from cadrekit.insight._common import frame
from cadrekit.insight.assessed import AssessedYear
from cadrekit.rules.load import resolve

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
    "reason_code",
    "reason",
]
# reason_code, in the order the cases are tried (the first that holds decides the grade)
REASON_CODES = (
    "too-few-years",  # fewer assessed years than tenure.min_years: 不定等次
    "failing-year",  # a year of the term in tenure.failing_grades: the worst grade
    "no-annual-score",  # no assessed year of the term has a 年度得分: 不定等次
    "missing-indicator",  # a tenure indicator of the roster is empty: 不定等次
    "excellent",  # T ≥ excellent_score and enough quota-grade years
    "low-score",  # T < pass_score: tenure.low_grade
    "default",  # otherwise: grades.default
)


def tenure(
    dataset: Dataset,
    rules: Any = None,
    start: int | None = None,
    end: int | None = None,
    assessed: AssessedYear | None = None,
) -> pd.DataFrame:
    """One row per cadre of the roster (TENURE_COLUMNS), each grade with its reason.

    An assessed year is a year of the term graded other than 不定等次. ``assessed``: the
    assessment year's own result, used for cadres whose history lacks that year (and the
    term then runs to it by default); the reason says so.
    """
    rs = resolve(rules).rules
    cadres = dataset.cadres.copy()
    cadres["id"] = cadres["id"].astype("string")
    hist = _history(dataset, cadres["id"], assessed)
    first, last = _term(cadres, hist, start, end, assessed)
    span = pd.DataFrame({"id": cadres["id"], "lo": first.to_numpy(), "hi": last})
    rows = hist.merge(span, on="id", how="inner")
    rows = rows[(rows["year"] >= rows["lo"].fillna(-np.inf)) & (rows["year"] <= rows["hi"])]
    rows = rows.assign(graded=rows["grade"].notna() & (rows["grade"] != rs.grades.not_graded))
    own = cadres["id"].isin(set(rows.loc[rows["own"].astype(bool), "id"]))
    out = _counts(cadres, rows, rs)
    out["term_from"] = first.astype("Int64")
    out["term_to"] = pd.array([None if np.isnan(last) else int(last)] * len(out), dtype="Int64")
    score, empty = _tenure_score(out, cadres, rs.tenure.indicators)
    out["tenure_score"] = excel_round(score.astype("float64"), 2)
    ungraded = rows[~rows["graded"]].groupby("id")["year"].nunique()
    _grade(out, empty, out["id"].map(ungraded).fillna(0).astype("int64"), rs)
    if assessed is not None:
        out["reason"] = _assessed_notes(out, own, hist, assessed, last)
    return out[TENURE_COLUMNS].reset_index(drop=True)


def _history(dataset: Dataset, ids: pd.Series, assessed: AssessedYear | None) -> pd.DataFrame:
    """The history sheet's years, grades and scores; ``own`` marks the rows of the assessed
    year's own result, added for the cadres whose history lacks that year."""
    hist = frame(dataset, "history", ["id", "year", "grade", "score"]).copy()
    if "score" not in hist:
        hist["score"] = np.nan
    hist = hist[["id", "year", "grade", "score"]].astype(object).assign(own=False)
    if assessed is not None and assessed.scored:
        lacking = assessed.missing_from(hist, ids)
        mine = assessed.rows_for(ids[lacking]).astype(object).assign(own=True)
        hist = pd.concat([hist, mine], ignore_index=True)
    hist["id"] = hist["id"].astype("string")
    hist["year"] = pd.to_numeric(hist["year"], errors="coerce")
    hist["score"] = pd.to_numeric(hist["score"], errors="coerce")
    return hist


def _term(
    cadres: pd.DataFrame,
    hist: pd.DataFrame,
    start: int | None,
    end: int | None,
    assessed: AssessedYear | None,
) -> tuple[pd.Series, float]:
    """Each cadre's first year of the term (``start``, else appointed_on's year) and the
    last year of all terms (``end``, else the latest year of the history or assessment)."""
    latest = int(hist["year"].max()) if hist["year"].notna().any() else None
    if assessed is not None:
        latest = max(latest or assessed.year, assessed.year)
    first = pd.Series(start, index=cadres.index, dtype="float64")
    if start is None and "appointed_on" in cadres.columns:
        appointed = pd.to_datetime(cadres["appointed_on"], errors="coerce")
        first = pd.Series(appointed.dt.year, index=cadres.index).astype("float64")
    last = float(end if end is not None else (latest if latest is not None else np.nan))
    return first, last


def _counts(cadres: pd.DataFrame, rows: pd.DataFrame, rs: Any) -> pd.DataFrame:
    """Per cadre: id, name, unit and, over the graded years of the term, how many, the mean
    score, how many scored, at the quota grade and at a failing grade."""
    t = rs.tenure
    per = (
        rows[rows["graded"]]
        .groupby("id")
        .agg(
            years=("year", "nunique"),
            mean_score=("score", "mean"),
            scored_years=("score", "count"),
            excellent_years=("grade", lambda s: int((s == rs.quota.grade).sum())),
            failing_years=("grade", lambda s: int(s.isin(t.failing_grades).sum())),
        )
    )
    out = cadres[["id", "name", "unit"]].copy()
    out = out.join(per, on="id")
    for column in ("years", "scored_years", "excellent_years", "failing_years"):
        out[column] = out[column].fillna(0).astype("int64")
    out["mean_score"] = excel_round(out["mean_score"].astype("float64"), 2)
    return out


def _tenure_score(
    out: pd.DataFrame, cadres: pd.DataFrame, indicators: dict[str, float]
) -> tuple[pd.Series, pd.Series]:
    """T = (1 − Σw)·mean score + Σ w·indicator (unrounded), and per cadre the names of the
    tenure indicators left empty ("" for none)."""
    weight = sum(indicators.values())
    score = (1 - weight) * out["mean_score"]
    empty = pd.Series("", index=out.index, dtype=object)
    for column, w in indicators.items():
        value = pd.to_numeric(cadres[column], errors="coerce") if column in cadres else np.nan
        value = pd.Series(value, index=out.index, dtype="float64")
        empty = empty.mask(value.isna(), empty + np.where(empty == "", "", "、") + column)
        score = score + w * value
    return score, empty


def _grade(out: pd.DataFrame, empty: pd.Series, n_ungraded: pd.Series, rs: Any) -> None:
    """Set tenure_grade, reason_code and reason on ``out`` (the first case that holds)."""
    t, g = rs.tenure, rs.grades
    share = Fraction(t.excellent_years_share)
    enough = out["excellent_years"] * share.denominator >= share.numerator * out["years"]
    cases = [
        out["years"] < t.min_years,
        out["failing_years"] > 0,
        out["scored_years"] == 0,
        empty != "",
        (out["tenure_score"] >= t.excellent_score) & enough,
        out["tenure_score"] < t.pass_score,
    ]
    grades = [g.not_graded, g.order[-1], g.not_graded, g.not_graded, rs.quota.grade, t.low_grade]
    out["tenure_grade"] = np.select(cases, grades, g.default)
    out["reason_code"] = np.select(cases, list(REASON_CODES[:-1]), REASON_CODES[-1])
    out["reason"] = _reasons(out, cases, empty, n_ungraded, rs)
    missing = out["years"] - out["scored_years"]
    out["reason"] = out["reason"].mask(
        (missing > 0) & (out["scored_years"] > 0),
        out["reason"] + "；" + missing.astype(str) + " 个考核年度无年度得分，未计入平均分",
    )


def _assessed_notes(
    out: pd.DataFrame, own: pd.Series, hist: pd.DataFrame, assessed: AssessedYear, last: float
) -> pd.Series:
    """The reasons, saying where the assessed year's own result counted, or (not scored)
    where that year was left out."""
    reason = out["reason"].mask(
        own.to_numpy(),
        out["reason"] + f"；含 {assessed.year} 年度本年度考核结果（历年考核中尚无该年度）",
    )
    if not assessed.scored and assessed.year <= last:
        lacking = assessed.missing_from(hist, out["id"])
        reason = reason.mask(
            lacking, reason + "；" + assessed.not_scored_words() + "，该年度未计入"
        )
    return reason


def _reasons(
    out: pd.DataFrame, cases: list[pd.Series], empty: pd.Series, ungraded: pd.Series, rs: Any
) -> pd.Series:
    t = rs.tenure
    share = Fraction(t.excellent_years_share)
    also = ("，另有 " + ungraded.astype(str) + f" 个年度为{rs.grades.not_graded}").where(
        ungraded > 0, ""
    )
    chosen = np.select(
        cases,
        [
            "任期内确定等次的考核年度 "
            + out["years"].astype(str)
            + f" 个，不足 {t.min_years} 年"
            + also,
            "任期内有 "
            + out["failing_years"].astype(str)
            + f" 个年度为{'/'.join(t.failing_grades)}",
            "任期内各考核年度均无年度得分（历年考核 年度得分 列），无法计算任期得分",
            "任期指标 " + empty + " 未填写，无法计算任期得分",
            "任期得分 "
            + out["tenure_score"].map(_num)
            + f" ≥ {t.excellent_score:g} 且{rs.quota.grade}年度占比 ≥ {share}",
            "任期得分 " + out["tenure_score"].map(_num) + f" 低于 {t.pass_score:g}",
        ],
        "任期得分 "
        + out["tenure_score"].map(_num)
        + "，"
        + out["excellent_years"].astype(str)
        + f" 个年度为{rs.quota.grade}",
    )
    return pd.Series(chosen, index=out.index, dtype=object)


def _num(value: Any) -> str:
    return "" if pd.isna(value) else f"{value:.2f}"
