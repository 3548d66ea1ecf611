"""The invariant gate: the last step of every engine run, always on, vectorised.

A result an officer hands to an appellant must never be silently wrong. Whatever the
layers did, the output must hold:

- ``finite-score``: every ranked or graded cadre has a finite 综合得分;
- ``grade-within-limit``: every grade is a grade of the rule set, no better than the
  cadre's limit (the limits layer's cap), and a cadre limited to 不定等次 is not graded;
- ``quota-slots``: no quota group has more cadres of the quota grade (优秀) than its slots,
  counted again here from the final grades (n = cadres graded, slots = rate × n as
  DEFAULT_RULES §8 says);
- ``rows-accounted``: every input row is in the output exactly once, and each is either
  scored (ranked and graded) or not graded (不定等次) with a reason.

A violation raises :class:`~cadrekit.errors.InvariantBroken` naming the invariant and the
cadres: exit 3, and nothing is written.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from cadrekit.engine._common import grade_position
from cadrekit.engine.grade import quota_groups, slot_count
from cadrekit.errors import InvariantBroken
from cadrekit.models.rules import RuleSet

_SHOWN = 10  # ids named in the message; the exception carries them all


class _Out:
    """The output columns the checks share, each computed once."""

    def __init__(self, out: pd.DataFrame, rules: RuleSet) -> None:
        self.frame = out
        self.ids = out["id"]
        self.grade = grade_position(rules, out["grade"]).to_numpy()  # -1: none or unknown
        self.limit = grade_position(rules, out["limit"]).to_numpy()
        not_graded = rules.grades.position(rules.grades.not_graded)
        self.not_graded = self.grade == not_graded
        self.graded = (self.grade >= 0) & ~self.not_graded
        self.ranked = out["rank"].notna().to_numpy(dtype=bool)


def check_output(n_in: int, rows: np.ndarray, out: pd.DataFrame, rules: RuleSet) -> None:
    """Raise InvariantBroken unless ``out`` (the engine's cadres) is sound for an input of
    ``n_in`` rows; ``rows``: the input position of each output row (carried through the
    layers by ``pipeline.run``)."""
    _same_rows(n_in, rows)
    o = _Out(out, rules)
    _finite_score(o)
    _grade_within_limit(o, rules)
    _quota_slots(o, rules)
    _each_row_accounted(o)


def check_rejected(read: int, scored: int, rejected: int) -> None:
    """``read`` cadre rows = ``scored`` (given to the engine) + ``rejected`` (each with a
    ``rejected-row`` reason): checked by ``api.score`` after ``--lenient`` left rows out."""
    if read != scored + rejected:
        raise InvariantBroken(
            "rows-accounted",
            [],
            f"干部名册读入 {read} 行，参加评分 {scored} 行，剔除并说明 {rejected} 行，行数不符",
            f"{read} cadre rows read, {scored} scored and {rejected} rejected with a reason",
        )


def _broken(invariant: str, ids: pd.Series, zh: str, en: str) -> None:
    names = ids.astype("string").fillna("（无编号）").tolist()
    more = len(names) - _SHOWN
    shown = "、".join(names[:_SHOWN]) + (f" 等 {len(names)} 名" if more > 0 else "")
    shown_en = ", ".join(names[:_SHOWN]) + (f" and {more} more" if more > 0 else "")
    raise InvariantBroken(invariant, names, f"{shown}：{zh}", f"{shown_en}: {en}")


def _finite_score(o: _Out) -> None:
    score = pd.to_numeric(o.frame["score"], errors="coerce")
    finite = np.isfinite(score.to_numpy(dtype="float64", na_value=np.nan))
    bad = (o.graded | o.ranked) & ~finite
    if bad.any():
        _broken(
            "finite-score",
            o.ids[bad],
            "没有有效的综合得分，却被排名或评定等次",
            "ranked or graded without a finite score",
        )


def _grade_within_limit(o: _Out, rules: RuleSet) -> None:
    unknown = o.grade < 0  # no grade, or a name the rule set does not have
    if unknown.any():
        _broken(
            "grade-within-limit",
            o.ids[unknown],
            f"等次为空或不是规则中的等次（{'、'.join(rules.grades.all)}）",
            f"no grade, or one the rules do not name ({', '.join(rules.grades.all)})",
        )
    better = o.grade < o.limit  # 0 is the best: a smaller position is a better grade
    if better.any():
        _broken(
            "grade-within-limit",
            o.ids[better],
            "等次高于其等次限制",
            "graded above the limit that applies",
        )


def _quota_slots(o: _Out, rules: RuleSet) -> None:
    """Count the quota grade per quota group again, from the final grades."""
    q = rules.quota
    top = o.grade == rules.grades.position(q.grade)
    if not top.any():
        return
    track_codes, tracks = pd.factorize(o.frame["track"].astype("string"))
    unit_codes, _ = pd.factorize(o.frame["unit"].astype("string"))
    by_unit = np.array(
        [t in {x.id for x in rules.tracks if x.quota_scope == "unit"} for t in tracks]
    )
    scoped = by_unit[track_codes] if len(tracks) else np.zeros(len(track_codes), dtype=bool)
    # a group: the track, or the track within a unit (quota_groups' rule, in integers)
    key = track_codes.astype("int64") * (int(unit_codes.max(initial=-1)) + 2)
    key += np.where(scoped, unit_codes + 1, 0)
    valid = track_codes >= 0  # no unit within a unit-scoped track: its own group, as in grade
    if (top & ~valid).any():
        _broken(
            "quota-slots",
            o.ids[top & ~valid],
            f"评为{q.grade}，却不属于任何比例计算范围",
            f"graded {q.grade} outside any quota group",
        )
    codes, groups = pd.factorize(key[valid])
    n = np.bincount(codes, weights=o.graded[valid], minlength=len(groups)).astype("int64")
    got = np.bincount(codes, weights=top[valid], minlength=len(groups)).astype("int64")
    rate_of_track = np.array([q.rates.get(str(t)) for t in tracks] + [None], dtype=object)
    rate = rate_of_track[groups // (int(unit_codes.max(initial=-1)) + 2)]
    slots = np.zeros(len(groups), dtype="int64")
    for r in {r for r in rate if r is not None}:
        sel = rate == r
        slots[sel] = slot_count(pd.Series(n[sel]), r, q.rounding).to_numpy()
    over = got > slots
    if over.any():
        _over_slots(o, rules, top)


def _over_slots(o: _Out, rules: RuleSet, top: np.ndarray) -> None:
    """Name the groups and cadres (the slow path: only when the gate fails)."""
    q = rules.quota
    label = quota_groups(o.frame, rules)["quota_group"].astype("string")
    graded = pd.Series(o.graded, index=o.frame.index).groupby(label).sum()
    awarded = pd.Series(top, index=o.frame.index).groupby(label).sum()
    track = o.frame["track"].astype("string").groupby(label).first()
    rows = []
    for group in awarded.index:
        rate = q.rates.get(str(track[group]))
        slots = (
            0 if rate is None else int(slot_count(pd.Series([graded[group]]), rate, q.rounding)[0])
        )
        if awarded[group] > slots:
            rows.append((str(group), int(awarded[group]), slots))
    where = top & label.isin([g for g, _, _ in rows]).to_numpy(dtype=bool, na_value=False)
    zh = "、".join(f"{g}（{k} 名，名额 {s}）" for g, k, s in rows)
    en = ", ".join(f"{g} ({k}, slots {s})" for g, k, s in rows)
    _broken(
        "quota-slots",
        o.ids[where],
        f"{q.grade}人数超过名额：{zh}",
        f"more {q.grade} than slots: {en}",
    )


def _same_rows(n_in: int, rows: np.ndarray) -> None:
    """Every input row comes out exactly once: the output's input positions are a
    permutation of 0 … n_in − 1 (integers: a bincount, not a comparison of ids)."""
    ok = len(rows) == n_in and (
        n_in == 0
        or (
            rows.min() >= 0
            and rows.max() < n_in
            and bool((np.bincount(rows, minlength=n_in) == 1).all())
        )
    )
    if not ok:
        raise InvariantBroken(
            "rows-accounted",
            [],
            f"输入 {n_in} 行，输出 {len(rows)} 行，不是每行恰好输出一次",
            f"{n_in} rows in, {len(rows)} rows out: not each row exactly once",
        )


def _each_row_accounted(o: _Out) -> None:
    """Each row is ranked and graded, or not graded with a reason."""
    reason = o.frame["limit_reason"].astype("string").str.strip()
    said = (reason.notna() & (reason != "")).to_numpy(dtype=bool, na_value=False)
    bad = (o.graded != o.ranked) | (o.not_graded & ~said)
    if bad.any():
        _broken(
            "rows-accounted",
            o.ids[bad],
            "既非已排名并评定等次，也非注明原因的不定等次",
            "neither ranked and graded nor not graded with a reason",
        )
