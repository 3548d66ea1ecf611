"""Load, validate and score a roster (``load``, ``validate``, ``score``, ``sensitivity``).

``read (io) → normalise + locate (load) → validate (models) → Dataset``;
``Dataset + RuleSet → engine → Result``."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from cadrekit.engine.pipeline import EngineOutput
    from cadrekit.io.limits import Limits
    from cadrekit.models.dataset import Dataset
    from cadrekit.models.result import Result
    from cadrekit.models.rules import RuleSet
    from cadrekit.rules.load import LoadedRules


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
    source: str | Path,
    rules: RuleSet | LoadedRules | str | Path | None = None,
    *,
    year: int | None = None,
    decisions: str | Path | None = None,
    **options: Any,
) -> Dataset:
    """Load ``source`` only to check it: the same Dataset as :func:`load`, for its problems.

    With a 决定 sheet (or ``decisions``: one in its own file, as for :func:`score`) it also
    lists the decisions the rules forbid, at their cells, as :func:`score` refuses them for
    ``year`` (default as there); they need a scored year, so only when nothing else is
    wrong (else a ``decisions-not-judged`` note says so)."""
    from cadrekit.load.loader import load as _load
    from cadrekit.rules.load import resolve

    today = _dt.date.today()
    rule_set = resolve(rules).rules
    dataset = _load(source, rule_set, today=today, **options)
    if decisions is not None:
        from cadrekit.load.decisions import attach_decisions

        dataset = attach_decisions(dataset, Path(decisions), rule_set, today)
    if year is not None:  # the caller's year: say when it does not fit the records, as score
        from dataclasses import replace

        from cadrekit.load.year_check import year_problems
        from cadrekit.problems import sort_problems

        frames = {kind: s.frame for kind, s in dataset.sheets.items()}
        found = year_problems(frames, year, today)
        dataset = replace(dataset, problems=sort_problems([*dataset.problems, *found]))
    return _judge_decisions(dataset, rule_set, year, today)


def _judge_decisions(
    dataset: Dataset, rules: RuleSet, year: int | None, today: _dt.date
) -> Dataset:
    """``dataset`` with the refusals of its 决定 sheet added: the engine run that
    :func:`score` would do, for its verdicts only (the score is not kept)."""
    from dataclasses import replace

    from cadrekit.engine.pipeline import resolve_year, run
    from cadrekit.errors import DecisionsRefused
    from cadrekit.problems import Problem, has_errors, sort_problems

    sheet = dataset.sheets.get("decisions")
    if sheet is None or not len(sheet.frame):
        return dataset
    problems = list(dataset.problems)
    if has_errors(problems):
        note = Problem("decisions-not-judged", location=sheet.sheet, sheet=sheet.sheet)
        return replace(dataset, problems=sort_problems([*problems, note]))
    frames = {kind: s.frame for kind, s in dataset.sheets.items()}
    year = resolve_year(frames.get("events"), year, today.year, frames.get("history"))
    try:
        run(frames, rules, year)
    except DecisionsRefused as refused:
        problems += _refusals(dataset, refused.verdicts)
    return replace(dataset, problems=sort_problems(problems))


def score(
    source: str | Path | Mapping[str, pd.DataFrame] | Dataset,
    rules: Any = None,
    year: int | None = None,
    *,
    lenient: bool = False,
    today: _dt.date | None = None,
    limits: Limits | None = None,
    decisions: str | Path | None = None,
) -> Result:
    """Load, validate and score a roster: ranked, graded cadres per track.

    ``source``: a workbook or CSV path, a mapping of sheet kind (``cadres``, ``events`` …)
    to a DataFrame headed like an input sheet, or a loaded :class:`Dataset`. ``rules``: a
    rule file path, ``None`` for the built-in rules, or loaded rules. ``year``: the
    assessment year; default: the year of the latest event, else ``today``'s year.

    Input errors raise :class:`ValidationFailed` listing every problem; with
    ``lenient=True`` rows with errors are left out and each is listed as a
    ``rejected-row`` problem of the result instead. ``limits``: as for :func:`load`.
    ``decisions``: a workbook or CSV holding the 决定 sheet (instead of one in the roster).
    """
    from cadrekit.engine.pipeline import resolve_year, run
    from cadrekit.errors import DecisionsRefused
    from cadrekit.load.year_check import year_problems
    from cadrekit.models.dataset import Dataset
    from cadrekit.rules.load import resolve

    today = today or _dt.date.today()
    loaded = resolve(rules)
    dataset = (
        source if isinstance(source, Dataset) else _load_any(source, loaded.rules, today, limits)
    )
    if decisions is not None:
        from cadrekit.load.decisions import attach_decisions

        dataset = attach_decisions(dataset, Path(decisions), loaded.rules, today)
    frames, problems = _scorable(dataset, lenient)
    if year is not None:  # the caller's year: say when it does not fit the records
        problems += year_problems(frames, year, today)
    year = resolve_year(frames.get("events"), year, today.year, frames.get("history"))
    try:
        out = run(frames, loaded.rules, year)
    except DecisionsRefused as refused:
        _stop_on_refused(dataset, refused.verdicts, problems)
        raise
    problems += list(getattr(out, "problems", []) or [])
    return _result(out, year, loaded, _input_once(dataset, frames, out), problems)


def _input_once(dataset: Dataset, frames: Mapping[str, Any], out: EngineOutput) -> Dataset:
    """``dataset`` whose cadres frame is made again from the result when read (engine/
    inputs.py), not kept as a second copy of the roster; as it was when rows were left out
    (lenient) or the caller passed in frames of its own."""
    from dataclasses import replace
    from functools import partial

    from cadrekit.engine.inputs import input_frame, kept_columns
    from cadrekit.models.result import Deferred

    sheet = dataset.sheets.get("cadres")
    if sheet is None or out.input_rows is None or frames.get("cadres") is not sheet.frame:
        return dataset
    cadres = sheet.frame
    kept = kept_columns(cadres, list(out.carried))
    make = partial(input_frame, out.cadres, out.input_rows, cadres.columns, kept, cadres.index)
    lazy = replace(sheet, frame=Deferred(make))  # type: ignore[arg-type]
    return replace(dataset, sheets={**dataset.sheets, "cadres": lazy})


def _scorable(dataset: Dataset, lenient: bool) -> tuple[dict[str, pd.DataFrame], list[Any]]:
    """The frames to score and the problems so far: with input errors, the rows they make
    unscorable left out when ``lenient`` (each a ``rejected-row`` problem), else
    :class:`ValidationFailed`."""
    from cadrekit.load.reject import reject_rows

    problems = list(dataset.problems)
    frames = {kind: sheet.frame for kind, sheet in dataset.sheets.items()}
    if any(p.level == "error" for p in problems):
        before = {id(p) for p in problems}
        frames, problems = reject_rows(dataset, problems, lenient)
        _check_rejected(dataset, frames, [p for p in problems if id(p) not in before])
    return frames, problems


def _result(
    out: EngineOutput, year: int, loaded: LoadedRules, dataset: Dataset, problems: list[Any]
) -> Result:
    """The engine's output as a :class:`Result`, with what produced it in ``meta``."""
    from cadrekit import __version__
    from cadrekit.models.result import Result, unresolved

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


def _stop_on_refused(dataset: Dataset, verdicts: Any, problems: list[Any]) -> None:
    """Decisions the rules forbid (engine/decisions.py): errors at their 决定 cells."""
    from cadrekit.errors import ValidationFailed
    from cadrekit.problems import sort_problems

    refused = _refusals(dataset, verdicts)
    if refused:
        n = len(refused)
        raise ValidationFailed(
            f"决定表有 {n} 处决定不符合考核规则，未评分",
            message_en=f"{n} decision(s) break the assessment rules; nothing was scored",
            hint="按每处提示修改决定表后重新运行",
            hint_en="fix each decision as its hint says and run again",
            problems=sort_problems(problems + refused),
        )


def _refusals(dataset: Dataset, verdicts: Any) -> list[Any]:
    """The engine's refused decisions as errors at their 决定 cells (load/decisions.py)."""
    from cadrekit.load.decisions import refusals

    sheet = dataset.sheets.get("decisions")
    if sheet is None or verdicts is None or not len(verdicts):
        return []
    return refusals(sheet, verdicts)


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

    from cadrekit.io.raw import RawBook, RawSheet
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
