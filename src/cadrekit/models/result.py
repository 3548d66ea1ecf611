"""The result of scoring: the ranked frame, the audit trail, quota groups and problems."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from cadrekit.problems import Problem

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from cadrekit.models.dataset import Dataset

# Columns of Result.audit: one row per decision about one cadre.
AUDIT_COLUMNS = ["cadre_id", "layer", "rule_path", "value", "reason"]

# The stable leading columns of every per-cadre output, in order.
RESULT_COLUMNS = [
    "id",
    "name",
    "unit",
    "track",
    "rank",
    "score",
    "grade",
    "flags",
    "performance",
    "votes_score",
    "quarterly_score",
    "bonus",
    "deduction",
    "limit",
    "limit_reason",
]


@dataclass
class Result:
    """What ``cadrekit.score`` returns.

    ``cadres``: one row per input cadre (rejected rows excluded, listed in ``problems``),
    ordered by track then rank; columns RESULT_COLUMNS, then further engine columns
    (track_label, quota_group, good_quarters, eligible, …), then carried-through input columns.
    ``audit``: AUDIT_COLUMNS, in the order the engine decided.
    ``groups``: one row per quota group (track, scope, n, rate, slots, excellent, unfilled,
    tie, counts per grade).
    """

    cadres: pd.DataFrame
    audit: pd.DataFrame
    groups: pd.DataFrame
    year: int
    rules: Any  # cadrekit.models.rules.RuleSet
    problems: list[Problem] = field(default_factory=list)
    dataset: Dataset | None = None
    rules_sha256: str = ""
    meta: dict[str, Any] = field(default_factory=dict)
