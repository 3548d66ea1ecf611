"""The public facade: each function composes the pipeline for one use.

``read (io) → normalise + locate (load) → validate (models) → Dataset``;
``Dataset + RuleSet → engine → Result``; ``Result → render``.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from cadrekit.io.safety import Limits
    from cadrekit.models.dataset import Dataset
    from cadrekit.models.result import Result
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
        chosen = resolve_year(dataset.frame("events"), year, _dt.date.today().year)
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


def _dataset(source: Any, rules: RuleSet) -> Dataset:
    from cadrekit.models.dataset import Dataset

    return source if isinstance(source, Dataset) else load(source, rules)


def load(
    source: str | Path,
    rules: RuleSet | LoadedRules | str | Path | None = None,
    *,
    limits: Limits | None = None,
) -> Dataset:
    """Read and normalise ``source``; ``Dataset.problems`` lists every problem found.

    ``limits``: what the file may hold (size, rows, cells, text; :class:`Limits`);
    default: the command line's ``--max-…`` options inside a command, else the defaults."""
    from cadrekit.load.loader import load as _load
    from cadrekit.rules.load import resolve

    return _load(source, resolve(rules).rules, today=_dt.date.today(), limits=limits)


def validate(
    source: str | Path, rules: RuleSet | LoadedRules | str | Path | None = None, **options: Any
) -> Dataset:
    """Load ``source`` only to check it: the same Dataset as :func:`load`, for its problems."""
    from cadrekit.load.loader import load as _load
    from cadrekit.rules.load import resolve

    return _load(source, resolve(rules).rules, today=_dt.date.today(), **options)


def score(
    source: str | Path | Mapping[str, pd.DataFrame] | Dataset,
    rules: Any = None,
    year: int | None = None,
    *,
    lenient: bool = False,
    today: _dt.date | None = None,
    limits: Limits | None = None,
) -> Result:
    """Load, validate and score a roster: ranked, graded cadres per track.

    ``source``: a workbook or CSV path, a mapping of sheet kind (``cadres``, ``events`` …)
    to a DataFrame headed like an input sheet, or a loaded :class:`Dataset`. ``rules``: a
    rule file path, ``None`` for the built-in rules, or loaded rules. ``year``: the
    assessment year; default: the year of the latest event, else ``today``'s year.

    Input errors raise :class:`ValidationFailed` listing every problem; with
    ``lenient=True`` rows with errors are left out and each is listed as a
    ``rejected-row`` problem of the result instead. ``limits``: as for :func:`load`.
    """
    from cadrekit import __version__
    from cadrekit.engine.pipeline import resolve_year, run
    from cadrekit.load.reject import reject_rows
    from cadrekit.load.year_check import year_problems
    from cadrekit.models.dataset import Dataset
    from cadrekit.models.result import Result, unresolved
    from cadrekit.rules.load import resolve

    today = today or _dt.date.today()
    loaded = resolve(rules)
    dataset = (
        source if isinstance(source, Dataset) else _load_any(source, loaded.rules, today, limits)
    )
    problems = list(dataset.problems)
    frames = {kind: sheet.frame for kind, sheet in dataset.sheets.items()}
    if any(p.level == "error" for p in problems):
        before = {id(p) for p in problems}
        frames, problems = reject_rows(dataset, problems, lenient)
        _check_rejected(dataset, frames, [p for p in problems if id(p) not in before])
    if year is not None:  # the caller's year: say when it does not fit the records
        problems += year_problems(frames, year, today)
    year = resolve_year(frames.get("events"), year, today.year)
    out = run(frames, loaded.rules, year)
    problems += list(getattr(out, "problems", []) or [])
    return Result(
        cadres=out.cadres,
        audit=unresolved(out, "audit"),  # still unassembled: read on demand
        groups=out.groups,
        year=year,
        rules=loaded.rules,
        problems=problems,
        dataset=dataset,
        rules_sha256=loaded.sha256,
        meta={
            "input_name": dataset.source.name if dataset.source else "",
            "input_sha256": dataset.sha256,
            "cadrekit_version": __version__,
            "year": year,
            "rules_origin": loaded.origin,
            "rules_text": loaded.text,
        },
    )


def _check_rejected(dataset: Dataset, frames: Mapping[str, Any], new: list[Any]) -> None:
    """Every cadre row read is scored or rejected with a reason (engine/invariants.py)."""
    from cadrekit.engine.invariants import check_rejected

    sheet = dataset.sheets.get("cadres")
    scored = frames.get("cadres")
    if sheet is None or scored is None:
        return
    rejected = sum(p.code == "rejected-row" and p.params.get("kind") == "cadres" for p in new)
    check_rejected(len(sheet.frame), len(scored), rejected)


def _load_any(source: Any, rules: Any, today: _dt.date, limits: Limits | None = None) -> Dataset:
    from cadrekit.load.loader import load as _load
    from cadrekit.load.loader import load_book

    if isinstance(source, Mapping):
        return load_book(_book_of_frames(source), rules, today=today)
    return _load(source, rules, today=today, limits=limits)


def _book_of_frames(frames: Mapping[str, pd.DataFrame]) -> Any:
    """In-memory frames as a raw book: each sheet's header is its first row, as in a file."""
    import hashlib

    import pandas as pd

    from cadrekit.io.read import RawBook, RawSheet
    from cadrekit.models.rows import SHEET_NAMES

    sheets: list[RawSheet] = []
    digest = hashlib.sha256()
    for kind, frame in frames.items():
        name = SHEET_NAMES[kind][0] if kind in SHEET_NAMES else str(kind)
        header = pd.DataFrame([list(map(str, frame.columns))], dtype=object)
        body = pd.DataFrame(frame.astype(object).to_numpy(), dtype=object)
        raw = pd.concat([header, body], ignore_index=True)
        raw = raw.where(raw.notna(), None)
        sheets.append(RawSheet(name=name, frame=raw))
        digest.update(name.encode())
        digest.update(
            pd.util.hash_pandas_object(frame.astype(str), index=False).to_numpy().tobytes()
        )
    return RawBook(path=Path("<frames>"), sheets=sheets, sha256=digest.hexdigest(), kind="frames")


def sensitivity(
    source: str | Path | Mapping[str, pd.DataFrame] | Dataset,
    rules: Any = None,
    year: int | None = None,
    *,
    track: str | None = None,
    delta: float = 0.05,
    draws: int = 1000,
    seed: int = 0,
    concentration: float = 200.0,
    limits: Limits | None = None,
) -> Any:
    """Score ``source``, then test how stable its grades are under the weights (a
    :class:`~cadrekit.insight.sensitivity.SensitivityReport`): one-at-a-time ±``delta``,
    ``draws`` Dirichlet weight draws (seeded), leave-one-out, rank stability per track."""
    from cadrekit.insight.sensitivity import analyse

    result = score(source, rules, year, limits=limits)
    return analyse(
        result, track=track, delta=delta, draws=draws, seed=seed, concentration=concentration
    )


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


def flags(
    source: Any,
    rules: Any = None,
    year: int | None = None,
    lists: tuple[str, ...] = (),
    date: _dt.date | None = None,
) -> Table:
    """``cadrekit flags FILE``: the 能上能下 lists (all four unless ``lists`` names some),
    one row per item with its evidence (``date``: the day influence periods are judged on);
    ``meta["result"]``: the scored roster."""
    from cadrekit.insight.flags import LISTS
    from cadrekit.insight.flags import flags as _flags

    result = score(source, rules, year)
    chosen = tuple(lists) or LISTS
    frame = _flags(result, chosen, date)
    return Table(frame, result.rules, list(result.problems), {"lists": chosen, "result": result})


def explain(source: Any, keys: list[str], rules: Any = None, year: int | None = None) -> list[Any]:
    """``cadrekit explain FILE ID…``: one derivation (a JSON-ready dict) per id or unique
    name, read from the audit trail."""
    from cadrekit.insight.explain import explain as _explain
    from cadrekit.insight.explain import find

    result = score(source, rules, year)
    return [_explain(result, find(result, key)) for key in keys]


def compare(
    old: Any, new: Any = None, *, rules_old: Any = None, rules_new: Any = None, by: str = "cadre"
) -> pd.DataFrame:
    """``cadrekit compare OLD [NEW]``: movement per cadre (``by="cadre"``) or a summary per
    ``track`` or ``unit``; one input under two rule files when ``new`` is None."""
    from cadrekit.insight.compare import compare as _compare
    from cadrekit.insight.compare import summary

    a = score(old, rules_old)
    b = score(new if new is not None else old, rules_new)
    return _compare(a, b) if by == "cadre" else summary(a, b, by)


@dataclass(frozen=True)
class Weights:
    """What ``weights entropy|critic`` compute: the track (from the rules), its cadres'
    indicator values and the method's result (weights with their working)."""

    track: Any
    values: pd.DataFrame
    result: Any


def weights(method: str, source: str | Path | Dataset, track: str, rules: Any = None) -> Weights:
    """``cadrekit weights entropy|critic FILE --track T``: objective weights of a track's
    indicators from the roster's values (``method``: ``entropy`` or ``critic``)."""
    import pandas as pd

    from cadrekit.engine.tracks import assign_tracks
    from cadrekit.errors import UsageError
    from cadrekit.weights.objective import critic_weights, entropy_weights

    if method not in ("entropy", "critic"):
        raise UsageError(
            f"方法只能是 entropy 或 critic，而不是 {method}",
            message_en=f"the method is entropy or critic, not {method}",
        )
    rs = rule_set(rules)
    chosen = next((t for t in rs.tracks if track in (t.id, t.label)), None)
    if chosen is None:
        known = ", ".join(t.id for t in rs.tracks)
        raise UsageError(
            f"规则中没有赛道 {track}",
            message_en=f"the rules have no track {track}",
            hint=f"可选：{known}",
            hint_en=f"known tracks: {known}",
        )
    dataset = _dataset(source, rs)
    stop_on_errors(dataset, ("cadres",))
    placed, _ = assign_tracks(dataset.cadres, rs)
    members = placed[placed["track"] == chosen.id]
    columns = [ind.column for ind in chosen.indicators]
    values = pd.DataFrame(
        {
            c: pd.to_numeric(members[c], errors="coerce") if c in members else float("nan")
            for c in columns
        },
        index=members.index,
    )
    directions = [1 if ind.direction == "higher" else -1 for ind in chosen.indicators]
    compute = entropy_weights if method == "entropy" else critic_weights
    result = compute(values.to_numpy(dtype=float), directions, criteria=list(values.columns))
    return Weights(chosen, values, result)


def ahp(matrices: list[str | Path], method: str = "eigen") -> Any:
    """``cadrekit weights ahp FILE…``: AHP weights of the judgement matrices (each file one
    expert or several), combined by AIJ; an :class:`~cadrekit.weights.ahp.AhpGroupResult`."""
    from cadrekit.errors import UsageError
    from cadrekit.weights.ahp import ahp_group
    from cadrekit.weights.io import read_matrices

    if method not in ("eigen", "geometric"):
        raise UsageError(
            f"--method 应为 eigen 或 geometric，而不是 {method}",
            message_en=f"--method must be eigen or geometric, not {method}",
        )
    judged = [m for path in matrices for m in read_matrices(Path(path))]
    return ahp_group(judged, method)  # type: ignore[arg-type]  # checked above


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


@dataclass(frozen=True)
class Publicity:
    """``cadrekit publicity``: the 公示 ``notice`` (see :class:`~cadrekit.models.notice.Notice`),
    how many cadres tied at a quota cut await the committee (``ties``, not listed) and the
    scored ``result``."""

    notice: Any
    ties: int
    result: Result


def publicity(
    source: Any,
    rules: Any = None,
    year: int | None = None,
    *,
    start: _dt.date,
    days: int = 5,
    tracks: tuple[str, ...] | list[str] = (),
    units: tuple[str, ...] | list[str] = (),
    contact: str | None = None,
    issuer: str | None = None,
    holidays: tuple[_dt.date, ...] | list[_dt.date] = (),
    lenient: bool = False,
) -> Publicity:
    """The 公示 notice of the quota grade: score ``source``, keep ``tracks`` (ids or labels)
    and ``units``, and lay out the period of ``days`` working days from ``start``."""
    from cadrekit.insight.publicity import build_notice, pending_ties
    from cadrekit.render.frame import resolve_tracks

    result = score(source, rules, year, lenient=lenient)
    notice = build_notice(
        result,
        tracks=resolve_tracks(result, tracks),  # no select(): the audit is not needed
        units=units,
        start=start,
        days=days,
        contact=contact,
        issuer=issuer,
        holidays=holidays,
    )
    return Publicity(notice, pending_ties(result), result)


def with_lists(result: Result) -> Result:
    """``result`` with its 能上/能下 lists (the promotion pool and the adjustment list, as
    ``cadrekit flags`` finds them) attached, for the workbook's 能上能下 sheet."""
    from cadrekit.insight.flags import adjustment_list, promotion_pool

    if getattr(result.rules, "flags", None) is not None:
        result.lists = (promotion_pool(result), adjustment_list(result))
    return result
