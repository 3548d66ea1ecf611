"""What every api function shares: the one ``--rules`` resolver, the :class:`Table` the
roster commands return and the error gate of the sheets a command reads."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from cadrekit.models.dataset import Dataset
    from cadrekit.models.rules import RuleSet
    from cadrekit.problems import Problem
    from cadrekit.rules.load import LoadedRules


def rule_set(rules: RuleSet | LoadedRules | str | Path | None = None) -> RuleSet:
    """The rules every command takes as ``--rules``: ``None`` → the built-in rules; a
    built-in name (``institution``) or a path → that rule file; a RuleSet as it is
    (through :func:`cadrekit.rules.resolve`, the one rules resolver)."""
    from cadrekit.rules.load import resolve

    return resolve(rules).rules


_rule_set = rule_set  # the old private name (scripts still call it)


@dataclass(frozen=True)
class Table:
    """What ``special``, ``tenure``, ``vet`` and ``training`` return: the rows the command
    prints (``frame``), the rules used and the input's problems (warnings; errors in the
    sheets a command reads raise :class:`ValidationFailed` instead)."""

    frame: pd.DataFrame
    rules: RuleSet
    problems: list[Problem] = field(default_factory=list)
    meta: dict[str, Any] = field(default_factory=dict)


def stop_on_errors(dataset: Dataset, kinds: tuple[str, ...]) -> None:
    """Raise ValidationFailed when the sheets ``kinds`` (or the whole book) have errors."""
    from cadrekit.errors import ValidationFailed

    names = {dataset.sheets[k].sheet for k in kinds if k in dataset.sheets}
    errors = [
        p for p in dataset.problems if p.level == "error" and (p.sheet in names or not p.sheet)
    ]
    if errors:
        raise ValidationFailed(
            f"输入有 {len(errors)} 处错误，请先修正（cadrekit validate 可列出全部）",
            message_en=f"the input has {len(errors)} error(s); fix them first (cadrekit validate lists all)",
            problems=errors,
        )
