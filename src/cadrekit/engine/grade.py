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
from functools import partial

import numpy as np
import pandas as pd

from cadrekit.engine._common import (
    Trail,
    audit,
    concat_audit,
    count_words,
    grade_name,
    grade_position,
    quarter_frame,
    take_text,
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


def assign_grades(cadres: pd.DataFrame, rules: RuleSet) -> tuple[pd.DataFrame, Trail, pd.DataFrame]:
    """Add ``quota_group``, ``eligible``, ``grade`` and ``quota_tie``.

    Returns (frame, audit, groups): groups has one row per quota group.
    """
    q = rules.quota
    grades = rules.grades
    groups = quota_groups(cadres, rules)
    graded = is_graded(cadres, rules).to_numpy(dtype=bool)
    eligible = eligibility(cadres, rules)
    key = groups["quota_group"]
    g = _Groups(key)

    n = np.bincount(g.codes[g.valid], weights=graded[g.valid], minlength=g.size).astype("int64")
    track_of = groups["track"].iloc[g.first]
    mapped = track_of.map(q.rates).astype(object)
    rate = mapped.where(mapped.notna(), None).to_numpy()
    slots = np.zeros(g.size, dtype="int64")
    for r in sorted({r for r in rate if r is not None}):
        sel = rate == r
        slots[sel] = slot_count(n[sel], r, q.rounding)

    award, tie = _quota(cadres, eligible.to_numpy(dtype=bool), g, slots)
    pos = np.where(award, grades.position(q.grade), grades.position(grades.default))
    pos = np.maximum(pos, grade_position(rules, cadres["limit"]).to_numpy())
    out = cadres.copy(deep=False)
    out["quota_group"] = key
    out["eligible"] = eligible
    out["grade"] = grade_name(rules, pd.Series(pos, index=cadres.index))
    out["quota_tie"] = pd.Series(tie, index=cadres.index)

    table = _groups_table(out, groups, g, n, slots, rate, award, tie, rules)
    slots_text = pd.Series(slots, index=g.labels).astype("string")
    trail = _trail(out, award, tie, eligible, g, slots_text, rules)
    return out, trail, table


class _Groups:
    """Quota groups as integer codes in label order (NA label: code -1)."""

    def __init__(self, key: pd.Series) -> None:
        codes, labels = pd.factorize(key, sort=True)
        self.codes = np.asarray(codes, dtype="int64")
        self.labels = labels
        self.size = len(labels)
        self.valid = self.codes >= 0
        rows = np.flatnonzero(self.valid)
        _, at = np.unique(self.codes[rows], return_index=True)
        self.first = rows[at]  # the first cadre of each group


def _quota(
    cadres: pd.DataFrame, eligible: np.ndarray, g: _Groups, slots: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """(award, tie) per cadre: eligible cadres in rank order take their group's slots."""
    rank = cadres["rank"].to_numpy(dtype="float64", na_value=np.nan)
    take = np.flatnonzero(eligible & ~np.isnan(rank) & g.valid)
    code, r = g.codes[take], rank[take]
    order = np.lexsort((r, code))  # who comes first within a tie changes nothing
    take, code, r = take[order], code[order], r[order]
    m = len(take)
    new_group = np.ones(m, dtype=bool)
    new_group[1:] = code[1:] != code[:-1]
    new_tie = new_group.copy()
    new_tie[1:] |= r[1:] != r[:-1]
    starts = np.flatnonzero(new_group)
    pos = np.arange(m) - np.repeat(starts, np.diff(np.append(starts, m))) + 1
    tie_starts = np.flatnonzero(new_tie)
    sizes = np.diff(np.append(tie_starts, m))
    first_pos = np.repeat(pos[tie_starts], sizes)
    last_pos = np.repeat(pos[tie_starts] + sizes - 1, sizes)
    s = slots[code]
    tied = (first_pos <= s) & (last_pos > s)
    award = np.zeros(len(cadres), dtype=bool)
    tie = np.zeros(len(cadres), dtype=bool)
    award[take] = (pos <= s) & ~tied
    tie[take] = tied
    return award, tie


def _groups_table(
    out: pd.DataFrame,
    groups: pd.DataFrame,
    g: _Groups,
    n: np.ndarray,
    slots: np.ndarray,
    rate: np.ndarray,
    award: np.ndarray,
    tie: np.ndarray,
    rules: RuleSet,
) -> pd.DataFrame:
    first = groups.iloc[g.first]
    codes = g.codes[g.valid]
    excellent = np.bincount(codes, weights=award[g.valid], minlength=g.size).astype("int64")
    fractions = {r: float(Fraction(r)) for r in set(rate) if r is not None}
    table = pd.DataFrame(
        {
            "quota_group": g.labels,
            "track": first["track"].to_numpy(),
            "unit": first["unit"].to_numpy(),
            "n": n,
            "rate": np.array([fractions.get(r, np.nan) for r in rate], dtype="float64"),
            "slots": slots,
            "excellent": excellent,
        }
    )
    table["unfilled"] = table["slots"] - table["excellent"]
    table["tie"] = np.bincount(codes, weights=tie[g.valid], minlength=g.size) > 0
    grade = grade_position(rules, out["grade"]).to_numpy()[g.valid]
    for name in rules.grades.all:
        counts = np.bincount(codes[grade == rules.grades.position(name)], minlength=g.size)
        table[name] = counts.astype("int64")
    order = {t.id: i for i, t in enumerate(rules.tracks)}
    table["_o"] = table["track"].map(order)
    table = table.sort_values(["_o", "unit"], kind="mergesort", na_position="first")
    return table.drop(columns="_o").reset_index(drop=True)


def _trail(
    out: pd.DataFrame,
    award: np.ndarray,
    tie: np.ndarray,
    eligible: pd.Series,
    g: _Groups,
    slots: pd.Series,
    rules: RuleSet,
) -> Trail:
    graded = is_graded(out, rules).to_numpy(dtype=bool)
    quota = partial(_quota_text, award, tie, eligible, g.codes, slots, rules, out.index)
    final = partial(_grade_text, out["grade"], out["limit"])
    parts = [
        audit(out["id"], LAYER, "quota", out["quota_group"], quota, where=graded),
        audit(out["id"], LAYER, "grades", out["grade"], final),
    ]
    return concat_audit(parts)


def _quota_text(
    award: np.ndarray,
    tie: np.ndarray,
    eligible: pd.Series,
    codes: np.ndarray,
    slots: pd.Series,
    rules: RuleSet,
    index: pd.Index,
) -> pd.Series:
    q = rules.quota
    s = take_text(slots, codes, index)
    quota = pd.Series(f"不具备{q.grade}资格（有等次限制、得分或季度等次不符）", index=index)
    quota = quota.where(~eligible, f"具备{q.grade}资格，未进入名额（名额 " + s + "）")
    quota = quota.where(~award, f"进入{q.grade}名额（名额 " + s + "）")
    return quota.where(
        ~tie, f"名额分界处并列，均暂定为{rules.grades.default}，待党委（党组）研究 [{q.tie_flag}]"
    )


def _grade_text(grade: pd.Series, limit: pd.Series) -> pd.Series:
    return "最终等次 " + grade.fillna("") + ("（等次限制：" + limit + "）").fillna("")
