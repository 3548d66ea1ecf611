"""The roster commands (``special``, ``tenure``, ``vet``, ``training``): each returns a
:class:`~cadrekit.api.common.Table`."""

from __future__ import annotations

import datetime as _dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cadrekit.api.common import Table, rule_set, stop_on_errors
from cadrekit.api.scoring import _dataset, score

if TYPE_CHECKING:  # pragma: no cover
    from cadrekit.models.dataset import Dataset


def assessed_year(dataset: Dataset, rules: Any, year: int | None) -> Any:
    """The assessment year's own result for ``vet`` and ``tenure``: the roster scored, or,
    when its errors keep it from being scored, how many there are."""
    from cadrekit.engine.pipeline import resolve_year
    from cadrekit.errors import ValidationFailed
    from cadrekit.insight.assessed import AssessedYear

    try:
        return AssessedYear.of(score(dataset, rules=rules, year=year))
    except ValidationFailed as exc:
        errors = sum(p.level == "error" for p in exc.problems)
        chosen = resolve_year(
            dataset.frame("events"), year, _dt.date.today().year, dataset.frame("history")
        )
        return AssessedYear.unscored(chosen, errors)


def special(
    source: str | Path | Dataset, task: str | None, rules: Any = None, year: int | None = None
) -> Table:
    """``cadrekit special FILE --task NAME``: one special assessment (专项考核) ranked
    within each track. ``task=None`` is a usage error naming the tasks on the sheet."""
    from cadrekit.errors import UsageError
    from cadrekit.insight.special import rank_task, tasks

    rs = rule_set(rules)
    dataset = _dataset(source, rs)
    stop_on_errors(dataset, ("special",))
    if task is None:
        raise UsageError(
            f"专项考核需要 --task（可选：{'、'.join(tasks(dataset)) or '无'}）",
            message_en="the special assessment needs --task NAME",
        )
    frame = rank_task(dataset, task, rs, year)
    return Table(frame, rs, list(dataset.problems), {"task": task})


def tenure(
    source: str | Path | Dataset,
    rules: Any = None,
    term_from: int | None = None,
    term_to: int | None = None,
    year: int | None = None,
) -> Table:
    """``cadrekit tenure FILE --from Y --to Y``: tenure grades (任期考核) from the history
    sheet, with the assessment year's own result (``year``: default as ``score``)."""
    from cadrekit.insight.tenure import tenure as _tenure

    rs = rule_set(rules)
    dataset = _dataset(source, rs)
    stop_on_errors(dataset, ("history",))
    assessed = assessed_year(dataset, rs, year)
    frame = _tenure(dataset, rs, term_from, term_to, assessed)
    return Table(frame, rs, list(dataset.problems), {"from": term_from, "to": term_to})


def vet(
    source: str | Path | Dataset,
    rules: Any = None,
    date: _dt.date | None = None,
    year: int | None = None,
) -> Table:
    """``cadrekit vet FILE``: 凡提四必, one row per candidate and check (``frame``);
    ``meta["summary"]``: one row per candidate. ``date``: the vetting day (default today)."""
    from cadrekit.insight.vet import summary
    from cadrekit.insight.vet import vet as _vet

    rs = rule_set(rules)
    dataset = _dataset(source, rs)
    stop_on_errors(dataset, ("candidates", "supervision", "history"))
    day = date or _dt.date.today()
    assessed = assessed_year(dataset, rs, year)
    checks = _vet(dataset, rs, day, assessed)
    meta = {"date": day, "summary": summary(checks), "year": assessed.year}
    return Table(checks, rs, list(dataset.problems), meta)


def training(
    source: str | Path | Dataset,
    rules: Any = None,
    year: int | None = None,
    *,
    by: str = "unit",
    below: bool = False,
) -> Table:
    """``cadrekit training FILE``: hours against the requirement; ``by`` ``unit`` (coverage
    per unit and track) or ``cadre`` (``below``: only those short). ``meta["per_cadre"]``:
    every cadre; ``meta["year"]``: the training year shown."""
    from cadrekit.errors import UsageError
    from cadrekit.insight.training import coverage, coverage_by_unit

    if by not in ("unit", "cadre"):
        raise UsageError(f"--by 只能是 unit 或 cadre：{by}", message_en=f"--by unit|cadre: {by}")
    rs = rule_set(rules)
    dataset = _dataset(source, rs)
    stop_on_errors(dataset, ("training",))
    per = coverage(dataset, rs, year)
    frame = coverage_by_unit(per) if by == "unit" else per
    if below and by == "cadre":
        frame = frame[~frame["met"]]
    meta = {"year": per.attrs.get("year"), "per_cadre": per}
    return Table(frame, rs, list(dataset.problems), meta)
