"""``cadrekit sensitivity FILE``: which grades would move if a weight moved, or a cadre left."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer

from cadrekit.cli.app import app
from cadrekit.cli.options import (
    ForceOpt,
    FormatOpt,
    InputFile,
    Lang,
    LangOpt,
    OutputOpt,
    RulesOpt,
    YearOpt,
    limit_options,
)
from cadrekit.render.labels import ROBUSTNESS_ZH, SENSITIVITY_LABELS

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from cadrekit.models.rules import RuleSet

TrackOpt = Annotated[
    str | None, typer.Option("--track", help="Only this track (id or label).", show_default=False)
]
DeltaOpt = Annotated[
    float, typer.Option("--delta", help="One-at-a-time step of a weight (0.05 = 5 points).")
]
DrawsOpt = Annotated[int, typer.Option("--draws", help="Monte Carlo weight draws per track.")]
SeedOpt = Annotated[int, typer.Option("--seed", help="Seed of the draws (same seed, same output).")]
ConcentrationOpt = Annotated[
    float,
    typer.Option("--concentration", help="Dirichlet concentration: larger keeps draws closer."),
]
_CADRE_COLUMNS = ["id", "name", "unit", "rank", "score", "grade", "excellent_share"]
_CADRE_COLUMNS += ["differ_share", "robustness"]
_MOVING = {"fragile", "contested", ROBUSTNESS_ZH["fragile"], ROBUSTNESS_ZH["contested"]}


@app.command("sensitivity")
@limit_options
def sensitivity_command(
    file: InputFile,
    rules: RulesOpt = None,
    year: YearOpt = None,
    track: TrackOpt = None,
    delta: DeltaOpt = 0.05,
    draws: DrawsOpt = 1000,
    seed: SeedOpt = 0,
    concentration: ConcentrationOpt = 200.0,
    fmt: FormatOpt = None,
    output: OutputOpt = None,
    force: ForceOpt = False,
    lang: LangOpt = Lang.zh,
) -> None:
    """How stable are the grades? Weights moved ±Δ one at a time, Monte Carlo weight draws
    (Dirichlet around the set weights, seeded), each cadre left out, rank correlations.

    Per quota group the quota grade (优秀, or the rules' own name) of each cadre is robust
    (≥ 95 % of draws), fragile (50–95 %) or contested (below 50 % but above 0). The table
    shows, per track, the fragile and contested cadres and every grade change; CSV has one
    row per cadre; JSON and xlsx have everything.

    Example: cadrekit sensitivity roster.xlsx --draws 1000 --seed 0 -o sensitivity.xlsx
    """
    from cadrekit import api
    from cadrekit.cli.commands import _insight as out
    from cadrekit.render.output import resolve_format

    fmt_name = resolve_format(fmt, output, formats=out.FORMATS)
    rule_set = _checked(rules, track, delta=delta, draws=draws, concentration=concentration)
    report = api.sensitivity(
        file,
        rule_set,
        year,
        track=track,
        delta=delta,
        draws=draws,
        seed=seed,
        concentration=concentration,
    )
    _render(report, rule_set, fmt_name, str(lang.value), output, force, file)


def _checked(
    rules: str | None, track: str | None, *, delta: float, draws: int, concentration: float
) -> RuleSet:
    """The rule set, once the numbers are in range and the track is one of its tracks."""
    from cadrekit import api
    from cadrekit.errors import UsageError

    if not 0 <= delta < 1 or draws < 0 or concentration <= 0:
        raise UsageError(
            "--delta 应在 0–1，--draws ≥ 0，--concentration > 0",
            message_en="--delta must be in 0–1, --draws ≥ 0 and --concentration > 0",
        )
    rule_set = api.rule_set(rules)
    if track is not None and track not in {
        *rule_set.track_ids(),
        *(t.label for t in rule_set.tracks),
    }:
        raise UsageError(f"没有赛道 {track}", message_en=f"no track {track}")
    return rule_set


def _render(
    report: Any,
    rule_set: RuleSet,
    fmt_name: str,
    lang_name: str,
    output: Any,
    force: bool,
    file: Any,
) -> None:
    """Tables per track, the workbook, or CSV/JSON (tracks and robustness in words for
    people reading Chinese; JSON keeps the codes)."""
    from cadrekit.cli.commands import _insight as out

    grade = rule_set.quota.grade
    people = lang_name == "zh" and fmt_name in ("table", "xlsx", "csv")  # JSON keeps codes
    if people:
        report = _in_words(report, rule_set.track_labels())
    if fmt_name == "table":
        _tables(report, lang_name, grade)
    elif fmt_name == "xlsx":
        _workbook(report, output, lang_name, force, file, grade)
    else:
        out.emit(
            _zh(report.cadres, lang_name, grade) if people else report.cadres,
            fmt_name,
            lang=lang_name,
            output=output,
            force=force,
            inputs=(file,),
            document=_document(report),
            grade=grade,
        )


def _document(report: Any) -> dict[str, Any]:
    from cadrekit.cli.commands._insight import records

    return {
        "params": report.params,
        "rank_stability": records(report.rank_stability),
        "weights": records(report.weights),
        "groups": records(report.groups),
        "one_at_a_time": records(report.one_at_a_time),
        "leave_one_out": records(report.leave_one_out),
    }


def _workbook(report: Any, output: Any, lang: str, force: bool, file: Any, grade: str) -> None:
    from cadrekit.cli.commands._insight import header, write_workbook
    from cadrekit.io.write import atomic_path
    from cadrekit.render.sensitivity import write_sensitivity

    if output is None:
        write_workbook([], None, lang, force, (file,))  # raises the usage error

    def named(column: str) -> str:
        if lang == "zh" and column in SENSITIVITY_LABELS:
            return SENSITIVITY_LABELS[column].replace("{grade}", grade)
        return header(column, lang, grade)

    with atomic_path(output, inputs=(file,), force=force) as temp:
        write_sensitivity(temp, report, named, grade, lang)


def _in_words(report: Any, labels: dict[str, str]) -> Any:
    """The report for people reading Chinese: tracks and quota groups by their labels
    (一般干部（城关镇）), robustness as 稳健/脆弱/有争议."""
    import dataclasses

    from cadrekit.render.labels import group_label

    def words(frame: pd.DataFrame) -> pd.DataFrame:
        out = frame.copy()
        for column in ("track", "quota_group"):
            if column in out.columns:
                out[column] = out[column].map(lambda v: group_label(str(v), labels)).astype(object)
        if "robustness" in out.columns:
            out["robustness"] = (
                out["robustness"].map(lambda v: ROBUSTNESS_ZH.get(v, v)).astype(object)
            )
        return out

    frames = ("cadres", "groups", "one_at_a_time", "leave_one_out", "rank_stability", "weights")
    return dataclasses.replace(report, **{name: words(getattr(report, name)) for name in frames})


def _tables(report: Any, lang: str, grade: str) -> None:
    from cadrekit.cli.commands._insight import print_table, say

    stab = report.rank_stability
    p = report.params
    for _, row in stab.iterrows():
        track = row["track"]
        cadres = report.cadres[report.cadres["track"] == track]
        moving = cadres[cadres["robustness"].isin(_MOVING)]
        note = "（抽样 20000 对）" if row["pairs_sampled"] else ""
        title = (
            f"{track}：{row['n']} 人，{p['draws']} 次权重抽样，Kendall τ 平均 "
            f"{row['kendall_mean']:.3f}（5% 分位 {row['kendall_p5']:.3f}）{note}，"
            f"加权 Spearman 平均 {row['wspearman_mean']:.3f}（5% 分位 {row['wspearman_p5']:.3f}）"
        )
        if moving.empty:
            say(title + f"：没有脆弱或有争议的{grade}")
        else:
            shares = _shares(moving[_CADRE_COLUMNS])
            print_table(_zh(shares, lang, grade), lang=lang, title=title)
        oat = report.one_at_a_time
        _changes(oat[oat["track"] == track], track, "逐一调整权重 ±Δ 后等次变化", lang, grade)
        loo = _by_cadre(report.leave_one_out[report.leave_one_out["track"] == track])
        _changes(loo, track, "逐一移除一名干部后等次变化", lang, grade)


def _by_cadre(frame: pd.DataFrame) -> pd.DataFrame:
    """Leave-one-out rows grouped: per changed cadre and outcome, who removed changes it."""
    if frame.empty:
        return frame
    keys = ["id", "name", "unit", "rank", "score", "track", "quota_group", "grade", "grade_new"]
    keys += ["slots", "slots_new"]
    out = frame.groupby(keys, sort=False, dropna=False)["removed_name"].agg("、".join)
    return out.rename("removed").reset_index()


def _changes(frame: pd.DataFrame, track: str, title: str, lang: str, grade: str) -> None:
    from cadrekit.cli.commands._insight import print_table

    rows = frame.drop(columns=["track"])
    if len(rows):
        print_table(
            _zh(rows.head(40), lang, grade), lang=lang, title=f"{track}：{title}（{len(rows)} 项）"
        )


def _zh(frame: pd.DataFrame, lang: str, grade: str) -> pd.DataFrame:
    if lang != "zh":
        return frame
    out = frame.copy()
    if "robustness" in out:
        out["robustness"] = out["robustness"].map(lambda v: ROBUSTNESS_ZH.get(v, v))
    return out.rename(
        columns={k: v.replace("{grade}", grade) for k, v in SENSITIVITY_LABELS.items()}
    )


def _shares(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    for column in ("excellent_share", "differ_share"):
        out[column] = [f"{v:.0%}" for v in out[column]]
    return out
