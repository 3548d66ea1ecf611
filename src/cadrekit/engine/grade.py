"""Layer 7 — grading: the quota per quota group, then the final grade.

Per quota group (a track, or a track within a unit): n = cadres not 不定等次,
slots = floor(rate × n) (or half up), computed exactly from the rate's decimal text.
Eligible cadres are taken in rank order (ineligible ones are skipped and use no slot);
the first ``slots`` get the quota grade, unless the cut falls inside a tie: then none of
the tied eligible cadres gets it, and they are flagged ``quota.tie_flag``.
Final grade: the worse of the limit and (quota grade if awarded, else ``grades.default``).
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pandas as pd

from cadrekit.engine._common import (
    audit,
    concat_audit,
    count_words,
    grade_name,
    grade_position,
    quarter_frame,
)
from cadrekit.engine.rank import is_graded
from cadrekit.models.rules import RuleSet

LAYER = "grade"


def quota_groups(cadres: pd.DataFrame, rules: RuleSet) -> pd.DataFrame:
    """``quota_group`` label and its (track, unit) key for each cadre."""
    by_unit = {t.id for t in rules.tracks if t.quota_scope == "unit"}
    track = cadres["track"].astype("string")
    unit_scope = track.isin(by_unit).fillna(False).astype(bool)
    unit = cadres["unit"].astype("string").mask(~unit_scope)
    label = track.where(~unit_scope, track + "/" + unit.fillna(""))
    return pd.DataFrame({"track": track, "unit": unit, "quota_group": label}, index=cadres.index)


def eligibility(cadres: pd.DataFrame, rules: RuleSet) -> pd.Series:
    q = rules.quota
    ok = is_graded(cadres, rules) & cadres["score"].notna()
    if q.eligibility.no_limit:
        ok &= cadres["limit"].isna()
    # whatever no_limit says, a limit that forbids the quota grade forbids its slot
    ok &= grade_position(rules, cadres["limit"]) <= rules.grades.position(q.grade)
    if q.min_score is not None:
        ok &= (cadres["score"] >= q.min_score).fillna(False).astype(bool)
    quarters = quarter_frame(cadres, rules)
    if q.eligibility.quarters_none_of:
        ok &= count_words(quarters, q.eligibility.quarters_none_of) == 0
    least = q.eligibility.quarters_at_least
    if least is not None:
        ok &= count_words(quarters, least.grades) >= least.count
    return ok.astype(bool)


def slot_count(n: pd.Series, rate: str, rounding: str) -> pd.Series:
    """floor(rate × n) or half-up, exactly (rate is decimal text such as 0.2 or 1/3)."""
    frac = Fraction(rate)
    p, d = frac.numerator, frac.denominator
    n = n.astype("int64")
    if rounding == "floor":
        return (n * p) // d
    return (2 * n * p + d) // (2 * d)


def assign_grades(
    cadres: pd.DataFrame, rules: RuleSet
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Add ``quota_group``, ``eligible``, ``grade`` and ``quota_tie``.

    Returns (frame, audit, groups): groups has one row per quota group.
    """
    q = rules.quota
    grades = rules.grades
    groups = quota_groups(cadres, rules)
    graded = is_graded(cadres, rules)
    eligible = eligibility(cadres, rules)
    key = groups["quota_group"]

    n = graded.groupby(key).sum().astype("int64")
    rates = groups["track"].map(q.rates)
    group_rate = rates.groupby(key).first()
    slots = pd.Series(0, index=n.index, dtype="int64")
    for rate in sorted(set(group_rate.dropna())):
        sel = group_rate.eq(rate).reindex(n.index).fillna(False).astype(bool)
        slots[sel] = slot_count(n[sel], rate, q.rounding)

    el = pd.DataFrame(
        {"g": key, "rank": cadres["rank"], "id": cadres["id"].astype("string")},
        index=cadres.index,
    )[eligible & cadres["rank"].notna()]
    el = el.sort_values(["g", "rank", "id"], kind="mergesort")
    el["pos"] = el.groupby("g").cumcount() + 1
    el["slots"] = el["g"].map(slots).astype("int64")
    pos_in_tie = el.groupby(["g", "rank"])["pos"]
    first_pos, last_pos = pos_in_tie.transform("min"), pos_in_tie.transform("max")
    el["tie"] = (first_pos <= el["slots"]) & (last_pos > el["slots"])
    el["award"] = (el["pos"] <= el["slots"]) & ~el["tie"]

    award = pd.Series(False, index=cadres.index)
    award[el.index] = el["award"].to_numpy()
    tie = pd.Series(False, index=cadres.index)
    tie[el.index] = el["tie"].to_numpy()

    base = pd.Series(grades.default, index=cadres.index).where(~award, q.grade)
    pos = pd.Series(
        np.maximum(grade_position(rules, base), grade_position(rules, cadres["limit"])),
        index=cadres.index,
    )
    out = cadres.copy()
    out["quota_group"] = key
    out["eligible"] = eligible
    out["grade"] = grade_name(rules, pos)
    out["quota_tie"] = tie

    table = _groups_table(out, groups, n, slots, group_rate, award, tie, rules)
    trail = _trail(out, award, tie, eligible, slots, rules)
    return out, trail, table


def _groups_table(
    out: pd.DataFrame,
    groups: pd.DataFrame,
    n: pd.Series,
    slots: pd.Series,
    rate: pd.Series,
    award: pd.Series,
    tie: pd.Series,
    rules: RuleSet,
) -> pd.DataFrame:
    key = groups["quota_group"]
    first = groups.groupby(key)[["track", "unit"]].first()
    excellent = award.groupby(key).sum().astype("int64")
    table = pd.DataFrame(
        {
            "quota_group": first.index,
            "track": first["track"].to_numpy(),
            "unit": first["unit"].to_numpy(),
            "n": n.reindex(first.index).to_numpy(),
            "rate": rate.reindex(first.index).map(_rate_values(rate)).to_numpy(),
            "slots": slots.reindex(first.index).to_numpy(),
            "excellent": excellent.reindex(first.index).to_numpy(),
        }
    )
    table["unfilled"] = table["slots"] - table["excellent"]
    table["tie"] = tie.groupby(key).any().reindex(first.index).to_numpy()
    # crosstab, by a groupby (crosstab is slow on Arrow text)
    by = pd.DataFrame({"g": key, "grade": out["grade"]}).dropna()
    counts = by.groupby(["g", "grade"]).size().unstack("grade")
    counts = counts.reindex(index=first.index, columns=rules.grades.all)
    for name in rules.grades.all:
        table[name] = counts[name].fillna(0).astype("int64").to_numpy()
    order = {t.id: i for i, t in enumerate(rules.tracks)}
    table["_o"] = table["track"].map(order)
    table = table.sort_values(["_o", "unit"], kind="mergesort", na_position="first")
    return table.drop(columns="_o").reset_index(drop=True)


def _rate_values(rate: pd.Series) -> dict[str, float]:
    return {r: float(Fraction(r)) for r in set(rate.dropna())}


def _trail(
    out: pd.DataFrame,
    award: pd.Series,
    tie: pd.Series,
    eligible: pd.Series,
    slots: pd.Series,
    rules: RuleSet,
) -> pd.DataFrame:
    q = rules.quota
    s = out["quota_group"].map(slots).astype("string")
    quota = pd.Series(f"不具备{q.grade}资格（有等次限制、得分或季度等次不符）", index=out.index)
    quota = quota.where(~eligible, f"具备{q.grade}资格，未进入名额（名额 " + s + "）")
    quota = quota.where(~award, f"进入{q.grade}名额（名额 " + s + "）")
    quota = quota.where(
        ~tie, f"名额分界处并列，均暂定为{rules.grades.default}，待党委（党组）研究 [{q.tie_flag}]"
    )
    graded = is_graded(out, rules)
    parts = [
        audit(out["id"][graded], LAYER, "quota", out["quota_group"][graded], quota[graded]),
        audit(
            out["id"],
            LAYER,
            "grades",
            out["grade"],
            "最终等次 "
            + out["grade"].fillna("")
            + ("（等次限制：" + out["limit"] + "）").fillna(""),
        ),
    ]
    return concat_audit(parts)
