"""Layer 5 — limits (caps and vetoes): the best grade each cadre may get.

Each rule of ``limits`` that applies to a cadre contributes a limit (a grade name, or the
not-graded name); the strictest wins. ``limit`` is that grade name (NA when nothing
applies) and ``limit_reason`` names every applicable rule with its path.
Vote shares are compared exactly (``I·3 > 1·total`` for "more than 1/3").
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction
from functools import partial
from typing import Any

import numpy as np
import pandas as pd

from cadrekit.engine._common import (
    Trail,
    audit,
    codes_in,
    column_or_na,
    concat_audit,
    count_words,
    grade_name,
    isin_text,
    join_rows,
    num_text,
    numeric,
    quarter_frame,
    take_text,
)
from cadrekit.engine.adjustments import describe, event_targets, prepare_events
from cadrekit.models.rules import RuleSet

LAYER = "limits"
_NO = ["False", "false", "否", "N", "n", "0", "FALSE", "×"]


@dataclass
class _Hit:
    mask: np.ndarray  # bool, by cadre position
    limit: str
    path: str
    # the reason of the cadres under a mask (made only for the cadres the limit hits)
    text: Callable[[np.ndarray], pd.Series]


def _words(*pieces: Any) -> Callable[[np.ndarray], pd.Series]:
    """Text made of ``pieces`` for the rows under a mask: each piece is text, a Series by
    cadre, or a number Series in a 1-tuple (written as :func:`num_text` writes it)."""
    return partial(_joined, pieces)


def _joined(pieces: tuple[Any, ...], mask: np.ndarray) -> pd.Series:
    out: Any = ""
    for piece in pieces:
        if isinstance(piece, tuple):
            out = out + num_text(piece[0][mask])
        elif isinstance(piece, pd.Series):
            out = out + piece[mask].astype("string")
        else:
            out = out + piece
    return out  # type: ignore[no-any-return]


def limit_phrase(rules: RuleSet, limit: str) -> str:
    if limit == rules.grades.not_graded:
        return limit
    if rules.grades.position(limit) == 1:
        return f"不得评为{rules.grades.order[0]}"
    return f"最高为{limit}"


class _PerCadre:
    """Records (supervision, events) by cadre id: join their texts per cadre."""

    def __init__(self, cadres: pd.DataFrame, ids: pd.Series) -> None:
        codes, keys = pd.factorize(ids.astype("string"), sort=False)
        self.codes = np.asarray(codes, dtype="int64")
        self.keys = pd.RangeIndex(len(keys))
        self.cadre_key = codes_in(cadres["id"], keys)  # each cadre's id among the keys
        self.index = cadres.index

    def join(self, use: np.ndarray, text: pd.Series) -> pd.Series:
        """The ``text`` of the records under ``use``, joined with 、 per cadre (NA: none)."""
        use = use & (self.codes >= 0)
        joined = join_rows(self.codes[use], text[use], self.keys, "、")
        return take_text(joined, self.cadre_key, self.index)


def _status(cadres: pd.DataFrame, rules: RuleSet) -> list[_Hit]:
    status = column_or_na(cadres, "status").astype("string").str.strip()
    why = column_or_na(cadres, "status_reason").astype("string")
    why = ("（" + why + "）").fillna("")
    return [
        _Hit(
            status.eq(value).fillna(False).to_numpy(dtype=bool),
            limit,
            f"limits.status.{value}",
            _words("考核状态为", status, why),
        )
        for value, limit in rules.limits.status.items()
    ]


def _verified(sv: pd.DataFrame) -> pd.Series:
    if "verified" not in sv.columns:
        return pd.Series(True, index=sv.index)
    return ~sv["verified"].astype("string").str.strip().isin(_NO).fillna(False).astype(bool)


def _supervision(
    cadres: pd.DataFrame, supervision: pd.DataFrame | None, rules: RuleSet, year: int
) -> tuple[list[_Hit], Trail]:
    if supervision is None or len(supervision) == 0:
        return [], []
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
    by_cadre = _PerCadre(cadres, sv["id"])
    # the masks every rule shares, once as NumPy (an empty year or measure limits nothing)
    years = sv_year.to_numpy(dtype="float64", na_value=np.nan)
    counts = sv["_verified"].to_numpy(dtype=bool) | conf.unverified_limits
    counts &= ~tol["lifted"].to_numpy(dtype=bool)
    for i, rule in enumerate(conf.rules):
        window = (years >= year - rule.years_back) & (years <= year)
        use = window & isin_text(sv["measure"], rule.measures).to_numpy() & counts
        per = by_cadre.join(use, text)
        span = "考核年度" if rule.years_back == 0 else f"考核年度及前 {rule.years_back} 年"
        hits.append(
            _Hit(
                per.notna().to_numpy(dtype=bool),
                rule.limit,
                f"limits.supervision.rules[{i}]",
                _words(f"监督信息（{span}）：", per),
            )
        )
    return hits, _supervision_trail(sv, text, date, tol, conf.unverified_limits)


def _supervision_trail(
    sv: pd.DataFrame, text: pd.Series, date: pd.Series, tol: pd.DataFrame, limits: bool
) -> Trail:
    """The audit of the records that do not limit as the rules read them: unverified ones
    (``limits`` says whether they limit all the same), tolerance lifted or only recognised."""
    unverified = ~sv["_verified"]
    trail = audit(
        sv["id"][unverified],
        LAYER,
        "limits.supervision.unverified_limits",
        sv["measure"][unverified],
        "未核实的监督信息，" + ("仍" if limits else "不") + "限制等次：" + text[unverified],
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
    return concat_audit(trails)


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
        text = _words(
            f"民主测评{kinds}票占比 ",
            (part,),
            "/",
            (total,),
            f" {word} {ratio.numerator}/{ratio.denominator}",
        )
        hits.append(_Hit(mask.to_numpy(dtype=bool), rule.limit, f"limits.votes[{i}]", text))
    return hits


def _quarters(cadres: pd.DataFrame, rules: RuleSet) -> list[_Hit]:
    quarters = quarter_frame(cadres, rules)
    hits = []
    for i, rule in enumerate(rules.limits.quarters):
        n = count_words(quarters, rule.grades)
        text = _words("平时考核 ", n, f" 个季度为{'/'.join(rule.grades)}")
        hit = (n >= rule.at_least).to_numpy(dtype=bool)
        hits.append(_Hit(hit, rule.limit, f"limits.quarters[{i}]", text))
    return hits


def _score(cadres: pd.DataFrame, rules: RuleSet) -> list[_Hit]:
    score = cadres["score"]
    return [
        _Hit(
            (score < rule.below).fillna(False).to_numpy(dtype=bool),
            rule.limit,
            f"limits.score[{i}]",
            _words("综合得分 ", (score,), f" 低于 {rule.below:g}"),
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
    ev = ev[use.astype(bool)]
    text = describe(ev) + ev["via"].map({"cadre": "", "unit": "（所在单位，一把手）"}).fillna("")
    per = _PerCadre(cadres, ev["cadre_id"]).join(np.ones(len(ev), dtype=bool), text)
    hit = per.notna().to_numpy(dtype=bool)
    return [_Hit(hit, veto.limit, "limits.veto", _words(f"{veto.kind}：", per))]


def _special(cadres: pd.DataFrame) -> list[_Hit]:
    """Limits set by the special-assessment layer (``special_limit``), one hit per limit."""
    limit = column_or_na(cadres, "special_limit").astype("string")
    reason = column_or_na(cadres, "special_limit_reason").astype("string")
    return [
        _Hit(limit.eq(name).fillna(False).to_numpy(dtype=bool), name, "special", _words(reason))
        for name in limit.dropna().unique()
    ]


def apply_limits(
    cadres: pd.DataFrame,
    rules: RuleSet,
    year: int,
    supervision: pd.DataFrame | None = None,
    events: pd.DataFrame | None = None,
) -> tuple[pd.DataFrame, Trail]:
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
    strictest = np.full(len(cadres), -1, dtype="int64")
    rows, lines, parts = [], [], [sv_trail]
    for hit in hits:
        pos = rules.grades.position(hit.limit)
        if pos == 0 or not hit.mask.any():  # "no better than the best grade" limits nothing
            continue
        strictest = np.where(hit.mask & (pos > strictest), pos, strictest)
        line = hit.text(hit.mask) + f" → {limit_phrase(rules, hit.limit)} [{hit.path}]"
        rows.append(np.flatnonzero(hit.mask))
        lines.append(line.astype("string"))
        parts.append(audit(cadres["id"][hit.mask], LAYER, hit.path, hit.limit, line))
    out = cadres.copy(deep=False)
    out["limit"] = grade_name(
        rules, pd.Series(np.where(strictest > 0, strictest, -1), cadres.index)
    )
    out["limit_reason"] = _reasons(rows, lines, cadres.index)
    return out, concat_audit(parts)


def _reasons(rows: list[np.ndarray], lines: list[pd.Series], index: pd.Index) -> pd.Series:
    """Each cadre's limit lines joined with "；" in rule order (NA: no limit)."""
    if not rows:
        return pd.Series(pd.NA, index=index, dtype="string")
    text = pd.concat(lines, ignore_index=True)
    given = text.notna().to_numpy(dtype=bool)
    return join_rows(np.concatenate(rows)[given], text[given], index, "；")
