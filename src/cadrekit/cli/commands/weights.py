"""``cadrekit weights ahp|entropy|critic``: derive a track's indicator weights, show the working."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from cadrekit.cli.app import app
from cadrekit.cli.options import FormatOpt, InputFile, Lang, LangOpt, RulesOpt, limit_options

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from cadrekit.problems import Problem
    from cadrekit.weights.ahp import AhpGroupResult, AhpResult
    from cadrekit.weights.objective import ObjectiveResult

weights = typer.Typer(
    help="Derive indicator weights: AHP from expert judgements, entropy or CRITIC from the data.",
    no_args_is_help=True,
)
app.add_typer(weights, name="weights")

MatrixFiles = Annotated[
    list[Path],
    typer.Argument(
        help="Judgement matrix files (.yaml or .xlsx); each may hold several experts.",
        show_default=False,
    ),
]
MethodOpt = Annotated[
    str,
    typer.Option("--method", help="eigen (Saaty's principal eigenvector) or geometric."),
]
IntoOpt = Annotated[
    Path | None,
    typer.Option(
        "--into",
        help="Write the weights into this rule file (comments kept); needs --track.",
        show_default=False,
    ),
]
TrackOpt = Annotated[
    str | None, typer.Option("--track", help="Track id or label.", show_default=False)
]
StrictOpt = Annotated[
    bool,
    typer.Option("--strict", help="Exit 1 (and write nothing) when any CR > 0.10."),
]


def _zh(lang: Any) -> bool:
    return str(getattr(lang, "value", lang)) == "zh"


def _say_problems(problems: list[Problem], lang: str) -> None:
    from cadrekit.cli.commands._insight import say

    label = {"warning": "警告" if lang == "zh" else "warning", "note": "提示"}
    for p in problems:
        level = label.get(p.level, p.level) if lang == "zh" else p.level
        where = f"{p.location}: " if p.location else ""
        say(f"{level}: {where}{p.title(lang)} — {p.hint(lang)}")


@weights.command("ahp")
def ahp_command(
    matrices: MatrixFiles,
    method: MethodOpt = "eigen",
    into: IntoOpt = None,
    track: TrackOpt = None,
    strict: StrictOpt = False,
    fmt: FormatOpt = None,
    lang: LangOpt = Lang.zh,
) -> None:
    """AHP weights from pairwise comparison matrices, with λmax, CI, RI and CR.

    Each file holds one expert's matrix, or several under `experts:`; several experts are
    combined by the geometric mean of their judgements (AIJ) and each one's CR is shown.
    A CR above 0.10 is a warning that names the judgements to revise (exit 0); with
    --strict it is an error (exit 1, nothing written).

    Example: cadrekit weights ahp data/samples/ahp-township.yaml --into rules.yaml --track township-chief
    """
    from cadrekit import api
    from cadrekit.cli.commands._insight import FORMATS, emit
    from cadrekit.errors import UsageError, ValidationFailed
    from cadrekit.render.output import resolve_format
    from cadrekit.weights.io import write_weights_into

    lang_name = str(lang.value)
    if method not in ("eigen", "geometric"):
        raise UsageError(
            f"--method 应为 eigen 或 geometric，而不是 {method}",
            message_en=f"--method must be eigen or geometric, not {method}",
        )
    if (into is None) != (track is None):
        raise UsageError("--into 与 --track 须同时给出", message_en="--into needs --track")
    group = api.ahp(list(matrices), method)
    results = [*group.experts, group.aggregate] if len(group.experts) > 1 else group.experts
    problems = [p for r in results if (p := r.problem()) is not None]
    fmt_name = resolve_format(fmt, None, formats=FORMATS)
    emit(
        _as_text(_ahp_frame(group, lang_name), fmt_name),
        fmt_name,
        lang=lang_name,
        title=_ahp_title(group, lang_name),
        document=_ahp_document(group),
    )
    if fmt_name == "table":
        emit(_as_text(_consistency_frame(group, lang_name), "table"), "table", lang=lang_name)
    if not strict:
        _say_problems(problems, lang_name)
    elif problems:
        raise ValidationFailed(
            "判断矩阵一致性不足（CR > 0.10），未写入权重",
            message_en="judgements are inconsistent (CR > 0.10); no weights written",
            problems=problems,
        )
    if into is not None and track is not None:
        written = write_weights_into(into, track, group.aggregate.weight_map())
        _say_written(into, track, written, lang_name)


def _as_text(frame: pd.DataFrame, fmt: str) -> pd.DataFrame:
    """Weights need 4 decimals (the shared table and CSV show 2): format them as text."""
    if fmt not in ("table", "csv"):
        return frame
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype.kind == "f":
            out[column] = [("" if v != v else f"{v:.4f}") for v in out[column]]
    return out


def _say_written(into: Path, track: str, written: dict[str, str], lang: str) -> None:
    from cadrekit.cli.commands._insight import say

    pairs = ", ".join(f"{c} {w}" for c, w in written.items())
    if lang == "zh":
        say(f"已写入 {into} 赛道 {track}：{pairs}")
    else:
        say(f"wrote into {into}, track {track}: {pairs}")


def _ahp_title(group: AhpGroupResult, lang: str) -> str:
    agg = group.aggregate
    how = {
        "eigen": ("特征向量法", "principal eigenvector"),
        "geometric": ("几何平均法", "geometric mean"),
    }
    zh, en = how[agg.method]
    many = len(group.experts) > 1
    if lang == "zh":
        return (
            f"AHP 权重（{zh}{'，' + str(len(group.experts)) + ' 位专家几何平均' if many else ''}）"
        )
    return f"AHP weights ({en}{f', AIJ of {len(group.experts)} experts' if many else ''})"


def _ahp_frame(group: AhpGroupResult, lang: str) -> pd.DataFrame:
    import pandas as pd

    agg = group.aggregate
    data: dict[str, Any] = {
        "指标" if lang == "zh" else "criterion": list(agg.criteria),
        "权重" if lang == "zh" else "weight": [round(float(w), 4) for w in agg.weights],
    }
    if len(group.experts) > 1:
        for e in group.experts:
            data[e.expert] = [round(float(w), 4) for w in e.weights]
    return pd.DataFrame(data)


def _consistency_row(r: AhpResult, name: str, lang: str) -> dict[str, Any]:
    ok = ("通过" if r.consistent else "不通过") if lang == "zh" else r.consistent
    keys = ("判断矩阵", "n", "λmax", "CI", "RI", "CR", "CR ≤ 0.10")
    if lang != "zh":
        keys = ("matrix", "n", "lambda_max", "CI", "RI", "CR", "consistent")
    values = (name, r.n, round(r.lambda_max, 4), round(r.ci, 4), r.ri, round(r.cr, 4), ok)
    return dict(zip(keys, values, strict=True))


def _consistency_frame(group: AhpGroupResult, lang: str) -> pd.DataFrame:
    import pandas as pd

    rows = [_consistency_row(e, e.expert or "—", lang) for e in group.experts]
    if len(group.experts) > 1:
        rows.append(
            _consistency_row(group.aggregate, "几何平均 AIJ" if lang == "zh" else "AIJ", lang)
        )
    return pd.DataFrame(rows)


def _result_dict(r: AhpResult) -> dict[str, Any]:
    return {
        "weights": r.weight_map(),
        "lambda_max": r.lambda_max,
        "ci": r.ci,
        "ri": r.ri,
        "cr": r.cr,
        "consistent": r.consistent,
        "inconsistent_pairs": [
            {
                "row": p.row,
                "col": p.col,
                "given": p.given,
                "implied": p.implied,
                "deviation": p.deviation,
                "suggested": p.suggested,
            }
            for p in r.inconsistent_pairs
        ],
    }


def _ahp_document(group: AhpGroupResult) -> dict[str, Any]:
    agg = group.aggregate
    doc = {"method": agg.method, "criteria": list(agg.criteria), **_result_dict(agg)}
    doc["experts"] = [{"name": e.expert, **_result_dict(e)} for e in group.experts]
    return doc


# --- entropy and CRITIC -----------------------------------------------------------------------


def _objective_command(
    method: str, file: Path, track: str, rules: str | None, into: Path | None, fmt: Any, lang: Any
) -> None:
    from cadrekit import api
    from cadrekit.cli.commands._insight import FORMATS, emit
    from cadrekit.render.output import resolve_format
    from cadrekit.weights.io import write_weights_into

    lang_name = str(lang.value)
    derived = api.weights(method, file, track, rules)
    chosen, result = derived.track, derived.result
    frame = _objective_frame(result, chosen, lang_name)
    used = int(result.rows_used.sum())
    names = {"entropy": ("熵权法", "entropy weights"), "critic": ("CRITIC 法", "CRITIC weights")}
    title = (
        f"{names[method][0]} 赛道 {chosen.label}（{used} 名干部）"
        if lang_name == "zh"
        else f"{names[method][1]}, track {chosen.id} ({used} cadres)"
    )
    fmt_name = resolve_format(fmt, None, formats=FORMATS)
    emit(
        _as_text(frame, fmt_name),
        fmt_name,
        lang=lang_name,
        title=title,
        document={"method": method, "track": chosen.id, "cadres": used},
    )
    _say_problems(result.problems, lang_name)
    if into is not None:
        written = write_weights_into(into, chosen.id, result.weight_map())
        _say_written(into, chosen.id, written, lang_name)


def _objective_frame(result: ObjectiveResult, chosen: Any, lang: str) -> pd.DataFrame:
    import pandas as pd

    zh = lang == "zh"
    current = [ind.weight for ind in chosen.indicators]
    direction = [
        ("越高越好" if ind.direction == "higher" else "越低越好") if zh else ind.direction
        for ind in chosen.indicators
    ]
    data: dict[str, Any] = {
        "指标" if zh else "criterion": list(result.criteria),
        "方向" if zh else "direction": direction,
        "现行权重" if zh else "current_weight": current,
        "权重" if zh else "weight": [round(float(w), 4) for w in result.weights],
    }
    extra: dict[str, tuple[str, str]] = {
        "entropy": ("信息熵 e", "entropy"),
        "divergence": ("差异系数 d", "divergence"),
        "std": ("标准差 σ", "std"),
        "conflict": ("冲突性 Σ(1−r)", "conflict"),
        "information": ("信息量 C", "information"),
    }
    for attr, (zh_name, en_name) in extra.items():
        values = getattr(result, attr, None)
        if values is not None:
            data[zh_name if zh else en_name] = [
                None if v != v else round(float(v), 4) for v in values
            ]
    return pd.DataFrame(data)


ObjFile = InputFile
ObjTrack = Annotated[str, typer.Option("--track", help="Track id or label.", show_default=False)]
ObjInto = Annotated[
    Path | None,
    typer.Option(
        "--into", help="Write the weights into this rule file (comments kept).", show_default=False
    ),
]


@weights.command("entropy")
@limit_options
def entropy_command(
    file: ObjFile,
    track: ObjTrack,
    rules: RulesOpt = None,
    into: ObjInto = None,
    fmt: FormatOpt = None,
    lang: LangOpt = Lang.zh,
) -> None:
    """Entropy weights (熵权法) of a track's indicators from the roster's values.

    Each indicator is min–max normalised in its direction (from the rules); an indicator on
    which cadres differ more gets more weight. A constant or empty indicator gets weight 0
    and a warning; rows with a missing value are left out and counted.

    Example: cadrekit weights entropy roster.xlsx --track township-chief
    """
    _objective_command("entropy", file, track, rules, into, fmt, lang)


@weights.command("critic")
@limit_options
def critic_command(
    file: ObjFile,
    track: ObjTrack,
    rules: RulesOpt = None,
    into: ObjInto = None,
    fmt: FormatOpt = None,
    lang: LangOpt = Lang.zh,
) -> None:
    """CRITIC weights of a track's indicators: contrast (σ) times conflict (1 − correlation).

    Like entropy, but an indicator that merely repeats another (highly correlated) gets
    less weight. Constant or empty indicators get weight 0 and a warning.

    Example: cadrekit weights critic roster.xlsx --track dept-chief --format json
    """
    _objective_command("critic", file, track, rules, into, fmt, lang)
