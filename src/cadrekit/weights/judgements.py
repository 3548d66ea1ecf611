"""Reading expert judgements: a matrix's shape and values checked cell by cell against the
1–9 scale and its reciprocals, every mistake a located problem (weights/ahp.py computes)."""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Callable, Sequence
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from cadrekit.problems import Problem
from cadrekit.weights.ahp_scale import (
    RANDOM_INDEX,
    RECIPROCAL_TOLERANCE,
    SCALE,
    SCALE_TOLERANCE,
    JudgementMatrix,
    scale_label,
)
from cadrekit.weights.errors import JudgementMatrixError

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np


def parse_judgement(raw: Any) -> float | None:
    """One cell → a positive number, or None for an empty cell.

    Accepts numbers and text such as ``"3"``, ``"1/3"``, ``"１/３"`` (full width), ``"⅓"``.
    Raises ValueError for anything else; the caller locates the cell.
    """
    if raw is None:
        return None
    if isinstance(raw, bool):
        raise ValueError(str(raw))
    if isinstance(raw, int | float):
        if math.isnan(raw):
            return None
        return float(raw)
    text = unicodedata.normalize("NFKC", str(raw)).replace("⁄", "/").replace("／", "/").strip()
    if text in ("", "-", "~", "null"):
        return None
    return float(Fraction(text.replace(" ", "")))


def _on_scale(value: float) -> bool:
    base = value if value >= 1 else 1 / value
    return any(abs(base - k) <= SCALE_TOLERANCE * k for k in SCALE)


def _cell_problem(
    where: str, found: str, zh: str, en: str, *, row: str = "", col: str = ""
) -> Problem:
    return Problem(
        code="ahp-invalid-matrix",
        location=where,
        found=found,
        expected="1–9, 1/2–1/9",
        column=f"{row} / {col}" if row or col else "",
        params={"detail_zh": zh, "detail_en": en},
    )


def _default_cell(i: int, j: int) -> str:
    return f"matrix[{i}][{j}]"


def _shape_problems(criteria: Sequence[str], rows: Sequence[Any], where: str) -> list[Problem]:
    n = len(criteria)
    problems: list[Problem] = []
    if n == 0:
        problems.append(
            _cell_problem(where, "", "没有列出任何指标（criteria）", "no criteria are listed")
        )
    if len(set(criteria)) != n:
        dupes = sorted({c for c in criteria if list(criteria).count(c) > 1})
        problems.append(
            _cell_problem(where, ", ".join(dupes), "指标名称重复", "a criterion is listed twice")
        )
    if n > max(RANDOM_INDEX):
        problems.append(
            _cell_problem(
                where,
                str(n),
                f"指标过多（{n} 个）：AHP 一次最多比较 {max(RANDOM_INDEX)} 个，请分层",
                f"too many criteria ({n}): AHP compares at most {max(RANDOM_INDEX)}; "
                "split them into levels",
            )
        )
    bad_rows = [i for i, r in enumerate(rows) if not isinstance(r, list | tuple) or len(r) != n]
    if len(rows) != n or bad_rows:
        problems.append(
            _cell_problem(
                where,
                f"{len(rows)} × {[len(r) if isinstance(r, list | tuple) else '?' for r in rows]}",
                f"矩阵应为 {n} 行 {n} 列（与指标个数相同）",
                f"the matrix must be {n} × {n}, one row and column per criterion",
            )
        )
    return problems


def check_matrix(
    criteria: Sequence[str],
    rows: Sequence[Sequence[Any]],
    *,
    expert: str = "",
    source: str = "",
    cell: Callable[[int, int], str] = _default_cell,
    check_scale: bool = True,
) -> JudgementMatrix:
    """Raw cells → a :class:`JudgementMatrix`, or JudgementMatrixError with every bad cell.

    Checks: square and as many rows as criteria; each cell a positive number on Saaty's
    scale; diagonal 1; ``a[i,j]·a[j,i] = 1`` within 2 %. One of a pair may be left empty
    and is filled with the reciprocal of the other. The result is made exactly reciprocal
    from the upper triangle, so "0.33" next to "3" means exactly 1/3.
    """
    import numpy as np

    where = " ".join(x for x in (source, expert) if x)
    problems = _shape_problems(criteria, rows, where)
    if problems:
        raise _matrix_error(problems, where)
    n = len(criteria)
    values = np.full((n, n), np.nan)
    for i in range(n):
        for j in range(n):
            here = f"{where} {cell(i, j)}".strip()
            try:
                value = parse_judgement(rows[i][j])
            except (ValueError, ZeroDivisionError, TypeError):
                problems.append(
                    _cell_problem(
                        here,
                        str(rows[i][j]),
                        "不是数字或分数（应写 3 或 1/3；若 Excel 把 1/3 变成了日期，"
                        "请先把单元格设为文本）",
                        "not a number or fraction (write 3 or 1/3; if Excel turned 1/3 "
                        "into a date, format the cell as text first)",
                        row=criteria[i],
                        col=criteria[j],
                    )
                )
                continue
            if value is not None:
                values[i, j] = value
    problems += _value_problems(
        values, criteria, where, cell, pairs=not problems, check_scale=check_scale
    )
    if problems:
        raise _matrix_error(problems, where)
    exact = np.eye(n)
    iu = np.triu_indices(n, 1)
    exact[iu] = values[iu]
    exact[iu[1], iu[0]] = 1 / values[iu]
    return JudgementMatrix(tuple(criteria), exact, expert=expert, source=source)


def _value_problems(
    values: np.ndarray,
    criteria: Sequence[str],
    where: str,
    cell: Callable[[int, int], str],
    *,
    pairs: bool = True,
    check_scale: bool = True,
) -> list[Problem]:
    """Fill half-empty pairs, then check range, scale, diagonal and reciprocity."""
    import numpy as np

    n = len(criteria)
    problems: list[Problem] = []

    def add(i: int, j: int, found: str, zh: str, en: str) -> None:
        problems.append(
            _cell_problem(
                f"{where} {cell(i, j)}".strip(), found, zh, en, row=criteria[i], col=criteria[j]
            )
        )

    for i in range(n):
        d = values[i, i]
        if not np.isnan(d) and abs(d - 1) > 1e-9:
            add(i, i, scale_label(d) if d > 0 else str(d), "对角线应为 1", "the diagonal must be 1")
        for j in range(n):
            v = values[i, j]
            if i == j or np.isnan(v):
                continue
            if v <= 0:
                add(i, j, f"{v:g}", "判断值必须为正数", "a judgement must be positive")
            elif check_scale and not _on_scale(v):
                add(
                    i,
                    j,
                    f"{v:g}",
                    "不在 Saaty 1–9 标度上（1–9 或 1/2–1/9）",
                    "not on Saaty's 1–9 scale (1–9 or 1/2–1/9)",
                )
    if problems or not pairs:  # reciprocity means little while some cells are unreadable
        return problems
    for i in range(n):
        for j in range(i + 1, n):
            a, b = values[i, j], values[j, i]
            if np.isnan(a) and np.isnan(b):
                add(i, j, "", "此对判断两格都为空", "both cells of this pair are empty")
            elif np.isnan(a):
                values[i, j] = 1 / b
            elif np.isnan(b):
                values[j, i] = 1 / a
            elif abs(a * b - 1) > RECIPROCAL_TOLERANCE:
                add(
                    j,
                    i,
                    scale_label(b),
                    f"与对称位置不互为倒数：应为 {scale_label(1 / a)}",
                    f"not the reciprocal of its mirror cell: expected {scale_label(1 / a)}",
                )
    return problems


def _matrix_error(problems: list[Problem], where: str) -> JudgementMatrixError:
    first = problems[0]
    return JudgementMatrixError(
        f"判断矩阵有误（{where or '矩阵'}）：{len(problems)} 处，首个 {first.location}："
        f"{first.params['detail_zh']}",
        message_en=f"invalid judgement matrix ({where or 'matrix'}): {len(problems)} "
        f"problem(s), first at {first.location}: {first.params['detail_en']}",
        problems=problems,
    )
