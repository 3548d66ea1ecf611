"""The public facade: each function composes the pipeline for one use.

``read (io) → normalise + locate (load) → validate (models) → Dataset``;
``Dataset + RuleSet → engine → Result``; ``Result → render``.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from cadrekit.models.dataset import Dataset
    from cadrekit.models.result import Result
    from cadrekit.models.rules import RuleSet
    from cadrekit.problems import Problem
    from cadrekit.rules.load import LoadedRules


def _rule_set(rules: RuleSet | str | Path | None) -> RuleSet:
    """``None`` → the built-in rules; a name or a path → that rule file."""
    from cadrekit.models.rules import RuleSet
    from cadrekit.rules.load import load_rules

    if isinstance(rules, RuleSet):
        return rules
    return load_rules(rules).rules


def load(source: str | Path, rules: RuleSet | str | Path | None = None) -> Dataset:
    """Read and normalise ``source``; ``Dataset.problems`` lists every problem found."""
    from cadrekit.load.loader import load as _load

    return _load(source, _rule_set(rules), today=_dt.date.today())


def validate(
    source: str | Path, rules: RuleSet | str | Path | None = None, **options: Any
) -> Dataset:
    """Load ``source`` only to check it: the same Dataset as :func:`load`, for its problems."""
    from cadrekit.load.loader import load as _load

    return _load(source, _rule_set(rules), today=_dt.date.today(), **options)


def score(
    source: str | Path | Mapping[str, pd.DataFrame] | Dataset,
    rules: Any = None,
    year: int | None = None,
    *,
    lenient: bool = False,
    today: _dt.date | None = None,
) -> Result:
    """Load, validate and score a roster: ranked, graded cadres per track.

    ``source``: a workbook or CSV path, a mapping of sheet kind (``cadres``, ``events`` …)
    to a DataFrame headed like an input sheet, or a loaded :class:`Dataset`. ``rules``: a
    rule file path, ``None`` for the built-in rules, or loaded rules. ``year``: the
    assessment year; default: the year of the latest event, else ``today``'s year.

    Input errors raise :class:`ValidationFailed` listing every problem; with
    ``lenient=True`` rows with errors are left out and each is listed as a
    ``rejected-row`` problem of the result instead.
    """
    from cadrekit import __version__
    from cadrekit.engine.pipeline import resolve_year, run
    from cadrekit.models.dataset import Dataset
    from cadrekit.models.result import Result, unresolved

    today = today or _dt.date.today()
    loaded = _rules(rules)
    dataset = source if isinstance(source, Dataset) else _load_any(source, loaded.rules, today)
    problems = list(dataset.problems)
    frames = {kind: sheet.frame for kind, sheet in dataset.sheets.items()}
    if any(p.level == "error" for p in problems):
        frames, problems = _reject(dataset, problems, lenient)
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


def _rules(rules: Any) -> LoadedRules:
    """Rule file path / ``None`` (built-in) / LoadedRules / RuleSet → LoadedRules."""
    import hashlib

    from cadrekit.models.rules import RuleSet
    from cadrekit.rules.load import LoadedRules, load_rules

    if isinstance(rules, LoadedRules):
        return rules
    if isinstance(rules, RuleSet):
        import yaml

        text = yaml.safe_dump(rules.model_dump(mode="json"), allow_unicode=True, sort_keys=False)
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
        return LoadedRules(rules=rules, text=text, sha256=digest, origin="<RuleSet>")
    return load_rules(rules)


def _load_any(source: Any, rules: Any, today: _dt.date) -> Dataset:
    from cadrekit.load.loader import load as _load
    from cadrekit.load.loader import load_book

    if isinstance(source, Mapping):
        return load_book(_book_of_frames(source), rules, today=today)
    return _load(source, rules, today=today)


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


def _reject(
    dataset: Dataset, problems: list[Problem], lenient: bool
) -> tuple[dict[str, pd.DataFrame], list[Problem]]:
    """Refuse input with errors; or (lenient) leave out each row with errors, saying so."""
    from cadrekit.errors import ValidationFailed
    from cadrekit.load.loader import rejected_rows
    from cadrekit.problems import Problem, sort_problems

    errors = [p for p in problems if p.level == "error"]
    frames = {kind: sheet.frame for kind, sheet in dataset.sheets.items()}
    kept: list[Problem] = [p for p in problems if p.level != "error"]
    dropped: set[tuple[str, int]] = set()
    by_row: dict[tuple[str, int | None], list[Problem]] = {}
    for p in errors:
        by_row.setdefault((p.sheet, p.row), []).append(p)
    if lenient:
        for kind, sheet in dataset.sheets.items():
            labels = _rows_with_errors(
                sheet, errors, rejected_rows(dataset) if kind == "cadres" else None
            )
            where = {lab: i for i, lab in enumerate(sheet.frame.index)}
            for label in labels:
                pos = where[label]
                row = int(sheet.rows[pos])
                mine = by_row.get((sheet.sheet, row), [])
                dropped.add((sheet.sheet, row))
                found = "；".join(
                    f"{p.location or p.column}: {p.title('zh')} [{p.code}]"
                    + (f" ({p.found})" if p.found else "")
                    for p in mine
                )
                kept.append(
                    Problem(
                        "rejected-row",
                        location=sheet.cell(pos),
                        sheet=sheet.sheet,
                        row=row,
                        found=found,
                        params={"errors": [p.code for p in mine], "kind": kind},
                    )
                )
            frames[kind] = sheet.frame.drop(index=labels)
    left = [p for p in errors if (p.sheet, p.row) not in dropped]
    if left:
        n = len(left)
        raise ValidationFailed(
            f"输入有 {n} 处错误，未评分",
            message_en=f"the input has {n} error(s); nothing was scored",
            hint="修正后重新运行" + ("" if lenient else "，或加 --lenient 只评有效的行"),
            hint_en="fix them and run again"
            + ("" if lenient else ", or add --lenient to score the valid rows"),
            problems=sort_problems(problems),
        )
    return frames, sort_problems(kept)


def _rows_with_errors(sheet: Any, errors: list[Problem], rejected: list[int] | None) -> list[int]:
    """Frame index labels of the sheet's rows with an error (the loader decides for cadres)."""
    if rejected is not None:
        return rejected
    position = {row: i for i, row in enumerate(sheet.rows)}
    bad = {position[p.row] for p in errors if p.sheet == sheet.sheet and p.row in position}
    return sorted(int(sheet.frame.index[i]) for i in bad)


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
) -> Any:
    """Score ``source``, then test how stable its grades are under the weights (a
    :class:`~cadrekit.insight.sensitivity.SensitivityReport`): one-at-a-time ±``delta``,
    ``draws`` Dirichlet weight draws (seeded), leave-one-out, rank stability per track."""
    from cadrekit.insight.sensitivity import analyse

    result = score(source, rules, year)
    return analyse(
        result, track=track, delta=delta, draws=draws, seed=seed, concentration=concentration
    )
