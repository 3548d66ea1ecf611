"""Layer 5 — limits (caps and vetoes): the best grade each cadre may get.

Each rule of ``limits`` that applies to a cadre contributes a limit (a grade name, or the
not-graded name); the strictest wins. ``limit`` is that grade name (NA when nothing
applies) and ``limit_reason`` names every applicable rule with its path.
Vote shares are compared exactly (``I·3 > 1·total`` for "more than 1/3").
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import pandas as pd

from cadrekit.engine._common import (
    audit,
    column_or_na,
    concat_audit,
    count_words,
    grade_name,
    join_text,
    num_text,
    numeric,
    quarter_frame,
)
from cadrekit.engine.adjustments import describe, event_targets, prepare_events
from cadrekit.models.rules import RuleSet

LAYER = "limits"
_NO = ["False", "false", "否", "N", "n", "0", "FALSE", "×"]


@dataclass
class _Hit:
    mask: pd.Series  # bool, cadre index
    limit: str
    path: str
    text: pd.Series  # string, cadre index (only read where mask)


def limit_phrase(rules: RuleSet, limit: str) -> str:
    if limit == rules.grades.not_graded:
        return limit
    if rules.grades.position(limit) == 1:
        return f"不得评为{rules.grades.order[0]}"
    return f"最高为{limit}"


def _per_cadre(cadres: pd.DataFrame, ids: pd.Series, text: pd.Series) -> pd.Series:
    """Join ``text`` per cadre id (in the given order) and align it to the cadres."""
    joined = text.groupby(ids.to_numpy(), sort=False).agg("、".join)
    return cadres["id"].astype("string").map(joined).astype("string")


def _status(cadres: pd.DataFrame, rules: RuleSet) -> list[_Hit]:
    status = column_or_na(cadres, "status").astype("string").str.strip()
    why = ("（" + column_or_na(cadres, "status_reason").astype("string") + "）").fillna("")
    return [
        _Hit(
            status.eq(value).fillna(False).astype(bool),
            limit,
            f"limits.status.{value}",
            "考核状态为" + status + why,
        )
        for value, limit in rules.limits.status.items()
    ]


def _verified(sv: pd.DataFrame) -> pd.Series:
    if "verified" not in sv.columns:
        return pd.Series(True, index=sv.index)
    return ~sv["verified"].astype("string").str.strip().isin(_NO).fillna(False).astype(bool)


def _supervision(
    cadres: pd.DataFrame, supervision: pd.DataFrame | None, rules: RuleSet, year: int
) -> tuple[list[_Hit], pd.DataFrame]:
    if supervision is None or len(supervision) == 0:
        return [], concat_audit([])
    sv = supervision.copy()
    sv["id"] = column_or_na(sv, "id").astype("string")
    sv["measure"] = column_or_na(sv, "measure").astype("string").str.strip()
    sv["date"] = pd.to_datetime(column_or_na(sv, "date"), errors="coerce")
    sv["_verified"] = _verified(sv)
    sv = sv.sort_values(["id", "date", "measure"], kind="mergesort", na_position="last")
    sv_year = sv["date"].dt.year
    date = sv["date"].dt.strftime("%Y-%m-%d").astype("string").fillna("无日期")
    conf = rules.limits.supervision
    tol = tolerance_state(sv, conf.tolerance_lifts)
    text = date + " " + sv["measure"].fillna("") + tol["note"].fillna("")
    hits = []
    for i, rule in enumerate(conf.rules):
        window = sv_year.between(year - rule.years_back, year).fillna(False).astype(bool)
        use = window & sv["measure"].isin(rule.measures).fillna(False).astype(bool)
        use &= sv["_verified"] | conf.unverified_limits
        use &= ~tol["lifted"]
        per = _per_cadre(cadres, sv["id"][use], text[use])
        span = "考核年度" if rule.years_back == 0 else f"考核年度及前 {rule.years_back} 年"
        hits.append(
            _Hit(
                per.notna(),
                rule.limit,
                f"limits.supervision.rules[{i}]",
                f"监督信息（{span}）：" + per,
            )
        )
    unverified = ~sv["_verified"]
    trail = audit(
        sv["id"][unverified],
        LAYER,
        "limits.supervision.unverified_limits",
        sv["measure"][unverified],
        "未核实的监督信息，"
        + ("仍" if conf.unverified_limits else "不")
        + "限制等次："
        + text[unverified],
    )
    lifted, kept = tol["lifted"], tol["recognised"] & ~tol["lifted"]
    tol_path = "limits.supervision.tolerance_lifts"
    trails = [
        trail,
        audit(
            sv["id"][lifted],
            LAYER,
            tol_path,
            sv["measure"][lifted],
            "容错纠错，不限制等次："
            + (date + " " + sv["measure"].fillna("") + tol["note"])[lifted],
        ),
        audit(
            sv["id"][kept],
            LAYER,
            tol_path,
            sv["measure"][kept],
            "已认定容错，但该处理类型不在可免除之列，仍限制等次："
            + (date + " " + sv["measure"].fillna("") + tol["note"])[kept],
        ),
    ]
    return hits, concat_audit(trails)


def tolerance_state(sv: pd.DataFrame, lifts: list[str]) -> pd.DataFrame:
    """Per supervision record: recognised (容错认定 = 是), lifted (recognised and the measure
    is one tolerance can lift), pending (申请中), and a note naming the state and basis."""
    state = column_or_na(sv, "tolerance").astype("string").str.strip()
    basis = column_or_na(sv, "tolerance_basis").astype("string").str.strip()
    recognised = state.eq("是").fillna(False).astype(bool)
    pending = state.eq("申请中").fillna(False).astype(bool)
    measure = column_or_na(sv, "measure").astype("string").str.strip()
    lifted = recognised & measure.isin(lifts).fillna(False).astype(bool)
    by = ("，依据" + basis).fillna("")
    note = pd.Series(pd.NA, index=sv.index, dtype="string")
    note = note.mask(recognised, "（已认定容错" + by + "）")
    note = note.mask(pending, "（容错申请中，待认定" + by + "）")
    return pd.DataFrame(
        {"recognised": recognised, "lifted": lifted, "pending": pending, "note": note},
        index=sv.index,
    )


def _votes(cadres: pd.DataFrame, rules: RuleSet) -> list[_Hit]:
    votes = rules.components.votes
    if votes is None:
        return []
    counts = {name: numeric(cadres, k.column) for name, k in votes.kinds.items()}
    total = sum(counts.values(), pd.Series(0.0, index=cadres.index))
    hits = []
    for i, rule in enumerate(rules.limits.votes):
        part = sum((counts[n] for n in rule.share_of), pd.Series(0.0, index=cadres.index))
        ratio = Fraction(rule.more_than if rule.more_than is not None else str(rule.less_than))
        lhs, rhs = part * ratio.denominator, total * ratio.numerator
        mask = (lhs > rhs) if rule.more_than is not None else (lhs < rhs)
        mask = (mask & (total > 0)).fillna(False).astype(bool)
        word = "超过" if rule.more_than is not None else "低于"
        kinds = "+".join(rule.share_of)
        text = (
            f"民主测评{kinds}票占比 "
            + num_text(part)
            + "/"
            + num_text(total)
            + f" {word} {ratio.numerator}/{ratio.denominator}"
        )
        hits.append(_Hit(mask, rule.limit, f"limits.votes[{i}]", text))
    return hits


def _quarters(cadres: pd.DataFrame, rules: RuleSet) -> list[_Hit]:
    quarters = quarter_frame(cadres, rules)
    hits = []
    for i, rule in enumerate(rules.limits.quarters):
        n = count_words(quarters, rule.grades)
        text = "平时考核 " + n.astype("string") + f" 个季度为{'/'.join(rule.grades)}"
        hits.append(_Hit(n >= rule.at_least, rule.limit, f"limits.quarters[{i}]", text))
    return hits


def _score(cadres: pd.DataFrame, rules: RuleSet) -> list[_Hit]:
    score = cadres["score"]
    return [
        _Hit(
            (score < rule.below).fillna(False).astype(bool),
            rule.limit,
            f"limits.score[{i}]",
            "综合得分 " + num_text(score) + f" 低于 {rule.below:g}",
        )
        for i, rule in enumerate(rules.limits.score)
    ]


def _veto(
    cadres: pd.DataFrame, events: pd.DataFrame | None, rules: RuleSet, year: int
) -> list[_Hit]:
    veto = rules.limits.veto
    if veto is None or events is None or len(events) == 0:
        return []
    ev = event_targets(prepare_events(events), cadres)
    use = ev["kind"].eq(veto.kind).fillna(False) & ev["date"].dt.year.eq(year).fillna(False)
    if not veto.unit_events_to_top_leader:
        use &= ev["via"].eq("cadre")
    use = use.astype(bool)
    text = describe(ev) + ev["via"].map({"cadre": "", "unit": "（所在单位，一把手）"}).fillna("")
    per = _per_cadre(cadres, ev["cadre_id"][use], text[use])
    return [_Hit(per.notna(), veto.limit, "limits.veto", f"{veto.kind}：" + per)]


def _special(cadres: pd.DataFrame) -> list[_Hit]:
    """Limits set by the special-assessment layer (``special_limit``), one hit per limit."""
    limit = column_or_na(cadres, "special_limit").astype("string")
    reason = column_or_na(cadres, "special_limit_reason").astype("string")
    return [
        _Hit(limit.eq(name).fillna(False).astype(bool), name, "special", reason)
        for name in limit.dropna().unique()
    ]


def apply_limits(
    cadres: pd.DataFrame,
    rules: RuleSet,
    year: int,
    supervision: pd.DataFrame | None = None,
    events: pd.DataFrame | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Add ``limit`` (strictest grade allowed, NA if none) and ``limit_reason``."""
    sv_hits, sv_trail = _supervision(cadres, supervision, rules, year)
    hits = [
        *_status(cadres, rules),
        *sv_hits,
        *_votes(cadres, rules),
        *_quarters(cadres, rules),
        *_score(cadres, rules),
        *_veto(cadres, events, rules, year),
        *_special(cadres),
    ]
    strictest = pd.Series(-1, index=cadres.index, dtype="int64")
    reason = pd.Series(pd.NA, index=cadres.index, dtype="string")
    parts = [sv_trail]
    for hit in hits:
        pos = rules.grades.position(hit.limit)
        if pos == 0:  # "no better than the best grade" limits nothing
            continue
        mask = hit.mask.reindex(cadres.index).fillna(False).astype(bool)
        strictest = strictest.where(~(mask & (pos > strictest)), pos)
        line = hit.text + f" → {limit_phrase(rules, hit.limit)} [{hit.path}]"
        reason = join_text(reason, line.where(mask))
        parts.append(audit(cadres["id"][mask], LAYER, hit.path, hit.limit, line[mask]))
    out = cadres.copy()
    out["limit"] = grade_name(rules, strictest.where(strictest > 0))
    out["limit_reason"] = reason
    return out, concat_audit(parts)
