"""Layer 4b — special assessments (专项考核) of key tasks entering the annual assessment.

Runs after the composite score and before the limits. Each rule of ``special.rules``
applies to the cadres of its tracks and to the special results of the assessment year
(of its tasks): ``component`` blends the mean special score into S, ``bonus`` adds points
by the special grade, ``limit`` sets ``special_limit`` that the limits layer counts.
With no special rules or no special sheet, nothing changes.
"""

from __future__ import annotations

import pandas as pd

from cadrekit.engine._common import Trail, audit, column_or_na, concat_audit, num_text
from cadrekit.engine.rounding import excel_round
from cadrekit.models.rule_sections import SpecialRule
from cadrekit.models.rules import Components, RuleSet

LAYER = "special"


def prepare_special(special: pd.DataFrame | None, year: int | None = None) -> pd.DataFrame:
    """The special sheet as id, task, date, score, grade, assessor (of ``year`` if given)."""
    if special is None:
        special = pd.DataFrame(columns=["id", "task", "score"])
    out = pd.DataFrame(
        {
            "id": column_or_na(special, "id").astype("string"),
            "task": column_or_na(special, "task").astype("string").str.strip(),
            "date": pd.to_datetime(column_or_na(special, "date"), errors="coerce"),
            "score": pd.to_numeric(column_or_na(special, "score"), errors="coerce"),
            "grade": column_or_na(special, "grade").astype("string").str.strip(),
            "assessor": column_or_na(special, "assessor").astype("string"),
        }
    )
    if year is not None:
        out = out[out["date"].dt.year.eq(year).fillna(True).astype(bool)]
    return out


def _records(sp: pd.DataFrame, cadres: pd.DataFrame, rule: SpecialRule) -> pd.DataFrame:
    track = cadres.set_index(cadres["id"].astype("string"))["track"]
    mine = sp[sp["id"].map(track).isin(rule.tracks) if rule.tracks else sp["id"].isin(track.index)]
    if rule.tasks:
        mine = mine[mine["task"].isin(rule.tasks).fillna(False).astype(bool)]
    return mine


def apply_special(
    cadres: pd.DataFrame, special: pd.DataFrame | None, rules: RuleSet, year: int
) -> tuple[pd.DataFrame, Trail]:
    """Adjust ``score`` and add ``special_limit`` / ``special_limit_reason``."""
    if not rules.special.rules or special is None or not len(special):
        return cadres, []
    out = cadres.copy(deep=False)
    if any(rule.mode == "limit" for rule in rules.special.rules):
        out["special_limit"] = pd.Series(pd.NA, index=out.index, dtype="string")
        out["special_limit_reason"] = pd.Series(pd.NA, index=out.index, dtype="string")
    sp = prepare_special(special, year)
    ids = out["id"].astype("string")
    parts = []
    changed = pd.Series(False, index=out.index)
    for i, rule in enumerate(rules.special.rules):
        path = f"special.rules[{i}]"
        mine = _records(sp, out, rule)
        if not len(mine):
            continue
        if rule.mode in ("component", "bonus"):
            step = _component if rule.mode == "component" else _bonus
            hit, trail = step(out, ids, mine, rule, path, rules.components)
            changed |= hit
        else:
            trail = _limit(out, ids, mine, rule, path)
        parts.append(trail)
    if changed.any():
        parts.append(
            audit(
                out["id"][changed],
                "composite",
                "components",
                out["score"][changed],
                "综合得分 S（计入专项考核后）",
            )
        )
    return out, concat_audit(parts)


def _listed(ids: pd.Series, mine: pd.DataFrame) -> pd.Series:
    """Per cadre, her special results in words (森林防灭火 92 分（好）、…); NA for none."""
    text = mine["task"].fillna("") + " " + num_text(mine["score"]) + " 分"
    text = text + ("（" + mine["grade"] + "）").fillna("")
    return ids.map(text.groupby(mine["id"].to_numpy(), sort=False).agg("、".join))


def _component(
    out: pd.DataFrame,
    ids: pd.Series,
    mine: pd.DataFrame,
    rule: SpecialRule,
    path: str,
    components: Components,
) -> tuple[pd.Series, Trail]:
    """``component``: S blends in the mean special score, in ``out`` (the layer's copy)."""
    digits = components.digits
    listed = _listed(ids, mine)
    hit = listed.notna()
    mean = ids.map(mine.groupby("id")["score"].mean())
    mean = excel_round(mean.astype("float64"), digits)
    new = excel_round((1 - rule.weight) * out["score"] + rule.weight * mean, digits)
    reason = (
        "专项考核平均分 "
        + num_text(mean)
        + f"（{'、'.join(rule.tasks) or '全部专项'}："
        + listed
        + "），"
        + f"S = {1 - rule.weight:g}×"
        + num_text(out["score"])
        + f" + {rule.weight:g}×"
        + num_text(mean)
    )
    out["score"] = new.where(hit, out["score"])
    return hit, audit(out["id"][hit], LAYER, path, mean[hit], reason[hit])


def _bonus(
    out: pd.DataFrame,
    ids: pd.Series,
    mine: pd.DataFrame,
    rule: SpecialRule,
    path: str,
    components: Components,
) -> tuple[pd.Series, Trail]:
    """``bonus``: points by the special grade added to S (not below the floor), in ``out``."""
    listed = _listed(ids, mine)
    pts = mine["grade"].map(rule.points).astype("float64")
    got = mine[pts.notna()].assign(pts=pts[pts.notna()])
    total = ids.map(got.groupby("id")["pts"].sum())
    hit = total.notna()
    new = out["score"] + total.fillna(0.0)
    if components.floor is not None:
        new = new.clip(lower=components.floor)
    out["score"] = excel_round(new, components.digits).where(hit, out["score"])
    reason = "专项考核按等次加减分 " + num_text(total) + " 分：" + listed
    return hit, audit(out["id"][hit], LAYER, path, total[hit], reason[hit])


def _limit(
    out: pd.DataFrame, ids: pd.Series, mine: pd.DataFrame, rule: SpecialRule, path: str
) -> Trail:
    """``limit``: a special grade among ``rule.grades`` sets ``special_limit``, in ``out``."""
    bad = mine[mine["grade"].isin(rule.grades).fillna(False).astype(bool)]
    bad_text = ids.map(
        (bad["task"].fillna("") + "（" + bad["grade"].fillna("") + "）")
        .groupby(bad["id"].to_numpy(), sort=False)
        .agg("、".join)
    )
    hit = bad_text.notna()
    line = "专项考核等次 " + bad_text
    out["special_limit"] = out["special_limit"].where(~hit, rule.limit or "")
    out["special_limit_reason"] = line.where(hit)
    return audit(out["id"][hit], LAYER, path, rule.limit, line[hit])
