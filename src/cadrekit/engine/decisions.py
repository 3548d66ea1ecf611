"""Layer 7b — the committee's decisions (决定 sheet): the grade the committee set.

Applied after grading, on the grades the rules gave, so that the consequences (连续三年
优秀 …) and the invariant gate see the final grade. A decision may

- give the quota grade (优秀) to a cadre tied at the cut (``quota-tie``), within the slots
  the tie left unfilled in its quota group (in sheet order);
- set a grade no better than the one the rules gave (the committee may grade lower).

Anything else is refused, one verdict per decision row: ``unknown`` (no such cadre),
``not-graded`` (the rules leave the cadre 不定等次), ``limited`` (better than the cadre's
limit), ``not-in-tie`` (优秀 for a cadre not tied at the cut), ``raised`` (better than the
rules give), ``over-quota`` (more 优秀 than unfilled slots). When any is refused nothing
is applied: ``api.score`` reports each at its cell. A decision about any tied cadre closes
its group's tie: the tied cadres lose the ``quota-tie`` flag, each with an audit row.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from cadrekit.engine._common import Trail, audit, column_or_na, grade_name, grade_position
from cadrekit.models.rules import RuleSet

LAYER = "decisions"
APPLIED = "applied"


@dataclass
class Decided:
    """The layer's result: ``verdicts`` has one row per decision (the 决定 frame's index),
    columns ``verdict`` (``applied`` or a refusal) and ``detail`` (the unfilled slots for
    ``over-quota``, the limit for ``limited``, the rules' grade for ``raised``)."""

    frame: pd.DataFrame
    trail: Trail
    groups: pd.DataFrame
    verdicts: pd.DataFrame

    @property
    def refused(self) -> bool:
        return bool(self.verdicts["verdict"].ne(APPLIED).any())


def apply_decisions(
    cadres: pd.DataFrame, decisions: pd.DataFrame | None, groups: pd.DataFrame, rules: RuleSet
) -> Decided:
    """Judge every decision; apply them all when none is refused."""
    if decisions is None or not len(decisions):
        empty = pd.DataFrame({"verdict": pd.Series([], dtype=object), "detail": []})
        return Decided(cadres, [], groups, empty)
    d = _prepared(decisions)
    at = pd.Index(cadres["id"].astype("string")).get_indexer(pd.Index(d["id"]))
    verdict, detail = _judge(cadres, d, at, groups, rules)
    verdicts = pd.DataFrame({"verdict": verdict, "detail": detail}, index=decisions.index)
    if (verdict != APPLIED).any():
        return Decided(cadres, [], groups, verdicts)
    out, trail = _apply(cadres, d, at, rules)
    return Decided(out, trail, _recount(groups, out, rules), verdicts)


def _prepared(decisions: pd.DataFrame) -> pd.DataFrame:
    date = pd.to_datetime(column_or_na(decisions, "meeting_date"), errors="coerce")
    return pd.DataFrame(
        {
            "id": column_or_na(decisions, "id").astype("string").str.strip(),
            "grade": column_or_na(decisions, "grade").astype("string").str.strip(),
            "meeting": column_or_na(decisions, "meeting").astype("string").fillna(""),
            "date": date.dt.strftime("%Y-%m-%d").astype("string").fillna(""),
            "recorder": column_or_na(decisions, "recorder").astype("string").fillna(""),
        },
        index=decisions.index,
    )


def _judge(
    cadres: pd.DataFrame, d: pd.DataFrame, at: np.ndarray, groups: pd.DataFrame, rules: RuleSet
) -> tuple[np.ndarray, np.ndarray]:
    """(verdict, detail) per decision, the first refusal that applies."""
    g = rules.grades
    known = at >= 0
    take = np.where(known, at, 0)
    want = grade_position(rules, d["grade"]).to_numpy()
    given = grade_position(rules, cadres["grade"]).to_numpy()[take]
    limit = grade_position(rules, cadres["limit"]).to_numpy()[take]
    tied = column_or_na(cadres, "quota_tie").fillna(False).to_numpy(dtype=bool)[take]
    top = g.position(rules.quota.grade)
    to_top = (want == top) & (given != top)
    verdict = np.full(len(d), APPLIED, dtype=object)
    detail = np.full(len(d), "", dtype=object)
    unfilled = _unfilled(cadres, d, take, groups, to_top & tied & known)
    checks = [
        (~known, "unknown", ""),
        (given == g.position(g.not_graded), "not-graded", g.not_graded),
        ((limit >= 0) & (want < limit), "limited", cadres["limit"].to_numpy()[take]),
        (to_top & ~tied, "not-in-tie", ""),
        ((want < given) & ~(to_top & tied), "raised", cadres["grade"].to_numpy()[take]),
        (unfilled[0], "over-quota", unfilled[1]),
    ]
    for mask, code, why in reversed(checks):  # the first check that applies wins
        verdict = np.where(mask, code, verdict)
        detail = np.where(mask, why, detail)
    return verdict, detail.astype(str)


def _unfilled(
    cadres: pd.DataFrame, d: pd.DataFrame, take: np.ndarray, groups: pd.DataFrame, wants: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """(over, slots left) per decision: the tied cadres given 优秀, in sheet order, beyond
    the slots their quota group left unfilled."""
    group = pd.Series(cadres["quota_group"].astype("string").to_numpy()[take])
    left = groups.set_index("quota_group")["unfilled"]
    slots = group.map(left).fillna(0).astype("int64").to_numpy()
    seen = pd.Series(wants.astype("int64")).groupby(group, dropna=False).cumsum().to_numpy()
    over = wants & (seen > slots)
    return over, slots.astype(str)


def _apply(
    cadres: pd.DataFrame, d: pd.DataFrame, at: np.ndarray, rules: RuleSet
) -> tuple[pd.DataFrame, Trail]:
    out = cadres.copy(deep=False)
    position = grade_position(rules, cadres["grade"])
    before = cadres["grade"].astype("string")
    position.iloc[at] = grade_position(rules, d["grade"]).to_numpy()
    out["grade"] = grade_name(rules, position)
    tied = column_or_na(cadres, "quota_tie").fillna(False).to_numpy(dtype=bool)
    group = cadres["quota_group"].astype("string")
    closed = tied & group.isin(group.iloc[at[tied[at]]]).fillna(False).to_numpy(dtype=bool)
    out["quota_tie"] = pd.Series(tied & ~closed, index=cadres.index)
    decided = np.zeros(len(cadres), dtype=bool)
    decided[at] = True
    reason = (
        d["meeting"]
        + "（"
        + d["date"]
        + "）决定："
        + before.iloc[at].fillna("").to_numpy()
        + " → "
        + d["grade"]
        + "；记录人 "
        + d["recorder"]
    )
    q = rules.quota
    left = f"名额分界处并列已由党委（党组）研究，未决定为{q.grade}，等次为" + out["grade"].astype(
        "string"
    ).fillna("")
    ids = pd.Series(cadres["id"].to_numpy()[at], index=d.index, dtype="string")
    trail = [
        *audit(ids, LAYER, "decisions", d["grade"], reason, outcome="decided"),
        *audit(
            cadres["id"],
            LAYER,
            "decisions",
            out["grade"],
            left,
            closed & ~decided,
            outcome="tie-closed",
        ),
    ]
    return out, trail


def _recount(groups: pd.DataFrame, out: pd.DataFrame, rules: RuleSet) -> pd.DataFrame:
    """The groups table's counts from the final grades."""
    table = groups.copy()
    label = out["quota_group"].astype("string")
    top = out["grade"].eq(rules.quota.grade).fillna(False).groupby(label).sum()
    key = table["quota_group"].astype("string")
    table["excellent"] = key.map(top).fillna(0).astype("int64").to_numpy()
    table["unfilled"] = table["slots"] - table["excellent"]
    tie = out["quota_tie"].groupby(label).any()
    table["tie"] = key.map(tie).fillna(False).astype(bool).to_numpy()
    for name in rules.grades.all:
        counts = out["grade"].eq(name).fillna(False).groupby(label).sum()
        table[name] = key.map(counts).fillna(0).astype("int64").to_numpy()
    return table
