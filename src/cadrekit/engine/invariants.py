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


def check_output(cadres_in: pd.DataFrame, out: pd.DataFrame, rules: RuleSet) -> None:
    """Raise InvariantBroken unless ``out`` (the engine's cadres) is sound for ``cadres_in``."""
    _same_rows(cadres_in, out)
    _finite_score(out, rules)
    _grade_within_limit(out, rules)
    _quota_slots(out, rules)
    _each_row_accounted(out, rules)


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
    shown = "、".join(names[:_SHOWN]) + (f" 等 {len(names)} 名" if len(names) > _SHOWN else "")
    shown_en = ", ".join(names[:_SHOWN]) + (
        f" and {len(names) - _SHOWN} more" if len(names) > _SHOWN else ""
    )
    raise InvariantBroken(invariant, names, f"{shown}：{zh}", f"{shown_en}: {en}")


def _graded(out: pd.DataFrame, rules: RuleSet) -> np.ndarray:
    grade = out["grade"].astype("string")
    return (grade.notna() & (grade != rules.grades.not_graded)).to_numpy(dtype=bool, na_value=False)


def _ranked(out: pd.DataFrame) -> np.ndarray:
    return out["rank"].notna().to_numpy(dtype=bool)


def _finite_score(out: pd.DataFrame, rules: RuleSet) -> None:
    score = pd.to_numeric(out["score"], errors="coerce").to_numpy(dtype="float64", na_value=np.nan)
    bad = (_graded(out, rules) | _ranked(out)) & ~np.isfinite(score)
    if bad.any():
        _broken(
            "finite-score",
            out["id"][bad],
            "没有有效的综合得分，却被排名或评定等次",
            "ranked or graded without a finite score",
        )


def _grade_within_limit(out: pd.DataFrame, rules: RuleSet) -> None:
    grade = grade_position(rules, out["grade"]).to_numpy()
    limit = grade_position(rules, out["limit"]).to_numpy()
    unknown = grade < 0  # no grade, or a name the rule set does not have
    if unknown.any():
        _broken(
            "grade-within-limit",
            out["id"][unknown],
            f"等次为空或不是规则中的等次（{'、'.join(rules.grades.all)}）",
            f"no grade, or one the rules do not name ({', '.join(rules.grades.all)})",
        )
    better = grade < limit  # 0 is the best: a smaller position is a better grade
    if better.any():
        _broken(
            "grade-within-limit",
            out["id"][better],
            "等次高于其等次限制",
            "graded above the limit that applies",
        )


def _quota_slots(out: pd.DataFrame, rules: RuleSet) -> None:
    q = rules.quota
    groups = quota_groups(out, rules)
    key = groups["quota_group"]
    codes, labels = pd.factorize(key, sort=True)
    valid = codes >= 0
    top = (out["grade"].astype("string") == q.grade).to_numpy(dtype=bool, na_value=False)
    if not top.any():
        return
    if (top & ~valid).any():
        _broken(
            "quota-slots",
            out["id"][top & ~valid],
            f"评为{q.grade}，却不属于任何比例计算范围",
            f"graded {q.grade} outside any quota group",
        )
    graded = _graded(out, rules)
    n = np.bincount(codes[valid], weights=graded[valid], minlength=len(labels)).astype("int64")
    got = np.bincount(codes[valid], weights=top[valid], minlength=len(labels)).astype("int64")
    first = pd.Series(np.arange(len(out)))[valid].groupby(codes[valid]).first().to_numpy()
    rate = groups["track"].iloc[first].map(q.rates).astype(object).to_numpy()
    slots = np.zeros(len(labels), dtype="int64")
    for r in {r for r in rate if isinstance(r, str)}:
        sel = rate == r
        slots[sel] = slot_count(pd.Series(n[sel]), r, q.rounding).to_numpy()
    over = got > slots
    if over.any():
        where = valid & np.isin(codes, np.flatnonzero(over)) & top
        names = [str(x) for x in labels]
        bad = [int(i) for i in np.flatnonzero(over)]
        zh = "、".join(f"{names[i]}（{got[i]} 名，名额 {slots[i]}）" for i in bad)
        en = ", ".join(f"{names[i]} ({got[i]}, slots {slots[i]})" for i in bad)
        _broken(
            "quota-slots",
            out["id"][where],
            f"{q.grade}人数超过名额：{zh}",
            f"more {q.grade} than slots: {en}",
        )


def _same_rows(cadres_in: pd.DataFrame, out: pd.DataFrame) -> None:
    """Every input row comes out once: as many rows, the same ids (as a multiset)."""
    if len(out) != len(cadres_in) or _id_hash(out["id"]) != _id_hash(cadres_in["id"]):
        raise InvariantBroken(
            "rows-accounted",
            [],
            f"输入 {len(cadres_in)} 行，输出 {len(out)} 行，编号不一一对应",
            f"{len(cadres_in)} rows in, {len(out)} rows out, ids do not match one to one",
        )


def _each_row_accounted(out: pd.DataFrame, rules: RuleSet) -> None:
    """Each row is ranked and graded, or not graded with a reason."""
    graded, ranked = _graded(out, rules), _ranked(out)
    reason = out["limit_reason"].astype("string")
    said = (reason.notna() & (reason.str.strip() != "")).to_numpy(dtype=bool, na_value=False)
    not_graded = (out["grade"].astype("string") == rules.grades.not_graded).to_numpy(
        dtype=bool, na_value=False
    )
    bad = (graded != ranked) | (not_graded & ~said)
    if bad.any():
        _broken(
            "rows-accounted",
            out["id"][bad],
            "既非已排名并评定等次，也非注明原因的不定等次",
            "neither ranked and graded nor not graded with a reason",
        )


def _id_hash(ids: pd.Series) -> tuple[int, int]:
    """An order-free fingerprint of the ids (sum and xor of their hashes): O(n)."""
    h = pd.util.hash_pandas_object(ids.astype("string"), index=False).to_numpy()
    if not len(h):
        return 0, 0
    return int(h.sum(dtype="uint64")), int(np.bitwise_xor.reduce(h))
