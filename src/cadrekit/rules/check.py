"""Checking a rule set against a roster: every column the rules name must exist."""

from __future__ import annotations

from typing import Any

from cadrekit.models.dataset import Dataset
from cadrekit.models.rules import RuleSet
from cadrekit.problems import Problem


def rule_paths(data: Any, value: str, path: str = "") -> list[str]:
    """Paths (``tracks[2].indicators[0].column``) in the rule data whose value is ``value``."""
    found: list[str] = []
    if isinstance(data, dict):
        for key, item in data.items():
            found += rule_paths(item, value, f"{path}.{key}" if path else str(key))
            if key == value:
                found.append(f"{path}.{key}" if path else str(key))
    elif isinstance(data, list):
        for i, item in enumerate(data):
            found += rule_paths(item, value, f"{path}[{i}]")
    elif data == value:
        found.append(path)
    return found


def missing_columns(rules: RuleSet, dataset: Dataset) -> list[Problem]:
    """A ``rules-unknown-column`` problem for each column the rules need but the roster lacks."""
    sheet = dataset.sheets.get("cadres")
    present = set(sheet.headers) if sheet is not None else set()  # columns written in the file
    dumped = rules.model_dump(mode="json")
    problems = []
    for column in sorted(rules.required_columns() - present):
        paths = rule_paths(dumped, column)
        problems.append(
            Problem(
                "rules-unknown-column",
                location=paths[0] if paths else column,
                found=column,
                expected=sheet.sheet if sheet is not None else "干部名册",
                column=column,
                params={"paths": paths},
            )
        )
    return problems
