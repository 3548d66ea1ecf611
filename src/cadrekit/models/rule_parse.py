"""Read a mapping (from YAML) into a :class:`~cadrekit.models.rules.RuleSet`: Pydantic's
errors and the checker's, each a ``rules-invalid`` problem with its path
(``tracks[2].indicators[0].weight``)."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from cadrekit.models.rule_checker import check_rules, rules_problem
from cadrekit.models.rules import RuleSet
from cadrekit.problems import Problem


def loc_path(loc: tuple[int | str, ...]) -> str:
    """Pydantic ``('tracks', 2, 'indicators', 0, 'weight')`` → ``tracks[2].indicators[0].weight``."""
    path = ""
    for part in loc:
        if isinstance(part, int):
            path += f"[{part}]"
        else:
            path += f".{part}" if path else str(part)
    return path


_PYDANTIC_ZH = {
    "extra_forbidden": ("未知的键", "unknown key"),
    "missing": ("缺少必填键", "required key missing"),
    "finite_number": ("须为有限数（不接受 nan、inf）", "must be a finite number (not nan or inf)"),
}


def pydantic_problems(error: ValidationError) -> list[Problem]:
    """Translate each Pydantic error into a located ``rules-invalid`` problem."""
    problems = []
    for err in error.errors(include_url=False):
        path = loc_path(tuple(err["loc"])) or "(root)"
        kind = err["type"]
        if kind in _PYDANTIC_ZH:
            zh, en = _PYDANTIC_ZH[kind]
            zh, en = f"{path}: {zh}", f"{path}: {en}"
            expected = "删除或改正该键 / remove or fix the key" if kind == "extra_forbidden" else ""
        else:
            en = f"{path}: {err['msg']}"
            zh = f"{path}: 取值类型或格式不对（{err['msg']}）"
            expected = err["msg"]
        found = err.get("input") if kind != "missing" else ""
        if isinstance(found, dict | list):
            found = type(found).__name__
        problems.append(rules_problem(path, found, expected, zh, en))
    return problems


def parse_rules(data: Any) -> tuple[RuleSet | None, list[Problem]]:
    """Validate a mapping (e.g. from YAML) into a RuleSet; return it and every problem."""
    if not isinstance(data, dict):
        found = type(data).__name__
        return None, [
            rules_problem(
                "(root)",
                found,
                "a mapping",
                "规则文件顶层应为键值映射",
                "the rule file must be a mapping at the top",
            )
        ]
    try:
        rules = RuleSet.model_validate(data)
    except ValidationError as exc:
        return None, pydantic_problems(exc)
    problems = check_rules(rules)
    return (None if problems else rules), problems
