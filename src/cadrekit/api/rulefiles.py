"""``cadrekit rules check|show`` and ``cadrekit template``: the rule file and the blank
input workbook it implies."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from cadrekit.api.common import rule_set
from cadrekit.api.scoring import load

if TYPE_CHECKING:  # pragma: no cover
    from cadrekit.problems import Problem
    from cadrekit.rules.load import LoadedRules


def rules_check(rules: str | Path, roster: str | Path | None = None) -> list[Problem]:
    """``cadrekit rules check RULES [ROSTER]``: a bad rule file raises RulesError listing
    every mistake; with a roster, the columns the rules name that it lacks (as problems)."""
    from cadrekit.rules.check import missing_columns
    from cadrekit.rules.load import load_rules

    loaded = load_rules(str(rules))
    if roster is None:
        return []
    return list(missing_columns(loaded.rules, load(roster, loaded.rules)))


def rules_show(rules: str | Path | None = None) -> LoadedRules:
    """``cadrekit rules show``: the effective rules with their text, origin and sha256."""
    from cadrekit.rules.load import load_rules

    return load_rules(None if rules is None else str(rules))


def template(
    path: str | Path, *, lang: Literal["zh", "en"] = "zh", force: bool = False, rules: Any = None
) -> Path:
    """``cadrekit template -o FILE.xlsx``: a blank input workbook for the rules."""
    from cadrekit.errors import UsageError
    from cadrekit.render.template import write_template

    target = Path(path)
    if target.suffix.lower() != ".xlsx":
        raise UsageError(
            f"模板只能写成 .xlsx 文件：{target.name}",
            message_en=f"the template is written as .xlsx: {target.name}",
        )
    write_template(target, lang=lang, force=force, rules=rule_set(rules))
    return target
