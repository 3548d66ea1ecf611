"""Invariants of ``cadrekit.api.score`` over generated rosters and generated rule sets.

Everything goes through the public API with frames headed like an input workbook (Chinese
headers), so the loader, the validator, the engine and the CSV renderer are all exercised.

Profiles (docs/security.md): ``ci`` (default, 25 examples per test, no deadline) and
``long`` (500 examples), chosen with ``HYPOTHESIS_PROFILE=long pytest tests/test_properties.py``.

One ``score`` call costs most of a second whatever the roster size, so each example scores
once (and once more, shuffled and renamed) and checks every per-result property on it.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cadrekit.api import score
from cadrekit.load.normalise import normalise
from cadrekit.load.schema import column_specs
from cadrekit.models.rules import RuleSet
from cadrekit.render.frame import SCORE_COLUMNS, cadre_frame
from cadrekit.render.output import write_file
from cadrekit.rules.load import default_text, load_rules

settings.register_profile(
    "ci",
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile(
    "long",
    max_examples=500,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "ci")
settings.load_profile(PROFILE)
# The profile is loaded globally; tests below take it explicitly so that a module that
# loads another profile later cannot change them.
PROFILE_SETTINGS = settings.get_profile(PROFILE)

YEAR = 2024
TODAY = pd.Timestamp("2026-06-30").date()
UNITS = {"城关镇": "乡镇", "白水乡": "乡镇", "青石镇": "乡镇", "县财政局": "县直部门"}
UNITS |= {"县教育局": "县直部门"}
LAYERS = ["正职", "副职", "一般干部"]
QUARTER_GRADES = ["好", "较好", "一般", "较差"]
INDICATORS = ["经济发展", "乡村振兴", "安全稳定", "党的建设", "职能工作", "重点任务", "服务评价"]
INDICATORS += ["工作实绩"]
MEASURES = ["诫勉", "警告", "记过", "记大过", "留党察看", "提醒谈话", "免职"]
GRADES = ["优秀", "称职", "基本称职", "不称职"]
# Names a spreadsheet would run, separators and quotes a CSV must quote, and plain names.
AWKWARD_NAMES = ['=HYPERLINK("http://x")', "+1", "-1+1", "@SUM(A1)", "a,b", 'say "hi"']
AWKWARD_NAMES += ["张三", "欧阳 娜娜", "line\nbreak", "O'Brien", "'quoted", "1e5", "NaN", "无"]


# ------------------------------------------------------------------------- generators


@st.composite
def cadre_rows(draw: st.DrawFn, n: int) -> pd.DataFrame:
    """n cadres; most are strong (high votes, 好 quarters) so that 优秀 is often awarded."""
    rows = []
    for i in range(n):
        strong = draw(st.integers(0, 3)) > 0
        unit = draw(st.sampled_from(sorted(UNITS)))
        layer = draw(st.sampled_from(LAYERS))
        votes = draw(st.lists(st.integers(0, 25), min_size=4, max_size=4))
        if strong:
            votes = [votes[0] + 20, votes[1], votes[2] // 5, votes[3] // 10]
        if sum(votes) == 0:
            votes[0] = 1
        choices = ["好", "好", "较好", None] if strong else [*QUARTER_GRADES, None]
        quarters = draw(st.lists(st.sampled_from(choices), min_size=4, max_size=4))
        if all(q is None for q in quarters):
            quarters[0] = "好"
        status = draw(st.sampled_from(["参加"] * 8 + ["不参加", "不定等次", None]))
        row: dict[str, Any] = {
            "编号": f"C{i:03d}",
            "姓名": draw(st.sampled_from(AWKWARD_NAMES)) if draw(st.booleans()) else f"干部{i}",
            "单位": unit,
            "单位类型": UNITS[unit],
            "层级": layer,
            "一把手": "是" if layer == "正职" and draw(st.booleans()) else "否",
            "考核状态": status,
            "优秀票": votes[0],
            "称职票": votes[1],
            "基本称职票": votes[2],
            "不称职票": votes[3],
            "一季度": quarters[0],
            "二季度": quarters[1],
            "三季度": quarters[2],
            "四季度": quarters[3],
        }
        low = 700 if strong else 0
        for column in INDICATORS:
            row[column] = draw(st.integers(low, 1000)) / 10
        rows.append(row)
    return pd.DataFrame(rows)


def _dates(year: int) -> st.SearchStrategy[str]:
    return st.builds(
        lambda y, m, d: f"{y}-{m:02d}-{d:02d}",
        st.sampled_from([year, year, year, year - 1, year + 1]),
        st.integers(1, 12),
        st.integers(1, 28),
    )


@st.composite
def rosters(draw: st.DrawFn, max_size: int = 30) -> dict[str, pd.DataFrame]:
    n = draw(st.integers(1, max_size))
    cadres = draw(cadre_rows(n))
    ids = cadres["编号"].tolist()
    units = sorted(set(cadres["单位"]))
    events = []
    for _ in range(draw(st.integers(0, 2 * n))):
        kind = draw(st.sampled_from(["加分", "加分", "减分", "减分", "一票否决"]))
        own = draw(st.booleans())
        unit_event = not own or (kind == "一票否决" and draw(st.booleans()))
        events.append(
            {
                "编号": None if unit_event else draw(st.sampled_from(ids)),
                "单位": draw(st.sampled_from(units)),
                "日期": draw(_dates(YEAR)),
                "类型": kind,
                "类别": draw(st.sampled_from(["招商引资", "安全生产", "信访"])),
                "分值": 0.0 if kind == "一票否决" else draw(st.integers(1, 12)) / 2,
            }
        )
    supervision = [
        {
            "编号": draw(st.sampled_from(ids)),
            "日期": draw(_dates(YEAR)),
            "处理类型": draw(st.sampled_from(MEASURES)),
            "是否核实": draw(st.sampled_from(["是", "是", "否"])),
        }
        for _ in range(draw(st.integers(0, max(1, n // 3))))
    ]
    history = [
        {"编号": cid, "年度": year, "等次": draw(st.sampled_from(GRADES))}
        for cid in ids
        for year in (YEAR - 2, YEAR - 1)
        if draw(st.integers(0, 3)) > 0
    ]
    frames = {"cadres": cadres}
    # An empty sheet has no header row to find: leave such sheets out, as a file would.
    if events:
        frames["events"] = pd.DataFrame(events)
    if supervision:
        frames["supervision"] = pd.DataFrame(supervision)
    if history:
        frames["history"] = pd.DataFrame(history)
    return frames


def _weights(draw: st.DrawFn, k: int) -> list[float]:
    """k weights in hundredths, each ≥ 0.01, summing to exactly 1 (math.fsum)."""
    cuts = sorted(draw(st.lists(st.integers(1, 99), min_size=k - 1, max_size=k - 1, unique=True)))
    parts = [b - a for a, b in zip([0, *cuts], [*cuts, 100], strict=True)]
    return [p / 100 for p in parts]


@dataclass
class Variation:
    text: str
    data: dict[str, Any]


@st.composite
def rule_variations(draw: st.DrawFn) -> Variation:
    """The built-in rules with quota rates, weights, caps, ranking keys and more changed."""
    data = yaml.safe_load(default_text())
    quota = data["quota"]
    for track in quota["rates"]:
        quota["rates"][track] = draw(st.sampled_from([0, 0.1, 0.2, 0.25, 0.3, 0.5, 0.75, 1]))
    quota["rounding"] = draw(st.sampled_from(["floor", "half_up"]))
    quota["min_score"] = draw(st.sampled_from([0, 60, 80, 85, 90]))
    quota["eligibility"]["no_limit"] = draw(st.booleans())
    weights = _weights(draw, 3)
    components = data["components"]
    components["performance"]["weight"] = weights[0]
    components["votes"]["weight"] = weights[1]
    components["quarterly"]["weight"] = weights[2]
    for track in data["tracks"]:
        indicators = track["indicators"]
        for ind, weight in zip(indicators, _weights(draw, len(indicators)), strict=True):
            ind["weight"] = weight
            ind["normalise"] = draw(
                st.sampled_from(["none", "share_of_max", "minmax", "percentile"])
            )
        track["quota_scope"] = draw(st.sampled_from(["track", "unit"]))
    data["adjustments"]["bonus"]["cap"] = draw(st.sampled_from([0, 2, 5, 10]))
    data["adjustments"]["unit_events_to_top_leader"] = draw(st.booleans())
    keys = ["score", "performance", "votes_score", "good_quarters", "quarterly_score"]
    data["ranking"]["tie_break"] = [
        "score",
        *draw(st.permutations(keys[1:]))[: draw(st.integers(0, 4))],
    ]
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    return Variation(text=text, data=data)


# --------------------------------------------------------------------------- checks


def check_quota(result: Any) -> None:
    """The 优秀 count never exceeds the slots of any quota group."""
    got = result.cadres
    excellent = result.rules.quota.grade
    groups = result.groups.set_index("quota_group")
    awarded = got[got["grade"] == excellent].groupby("quota_group").size()
    for group, count in awarded.items():
        assert count <= groups.loc[group, "slots"], (group, count, groups.loc[group].to_dict())
    assert (groups["excellent"] <= groups["slots"]).all()
    counted = awarded.reindex(groups.index, fill_value=0)
    assert (groups["excellent"] == counted).all(), (groups[["excellent", "优秀"]], counted)


def check_limits(result: Any) -> None:
    """No cadre's grade is better than their limit; grades are known names."""
    order = [*result.rules.grades.order, result.rules.grades.not_graded]
    position = {g: i for i, g in enumerate(order)}
    got = result.cadres
    assert got["grade"].isin(order).all(), got["grade"].unique()
    limited = got[got["limit"].notna()]
    worse_or_equal = limited["grade"].map(position) >= limited["limit"].map(position)
    assert worse_or_equal.all(), limited.loc[~worse_or_equal, ["id", "grade", "limit"]]
    not_graded = got["grade"] == result.rules.grades.not_graded
    assert got.loc[not_graded, "rank"].isna().all()
    reason = got.loc[not_graded, "limit_reason"]
    assert reason.notna().all() and (reason.astype(str).str.len() > 0).all()


def _key(row: pd.Series, keys: list[str]) -> tuple[float, ...]:
    values = []
    for k in keys:
        v = row[k]
        values.append(-math.inf if pd.isna(v) else float(v))
    return tuple(values)


def check_ranks(result: Any) -> None:
    """Competition ranking within each track by the tie-break keys, all descending."""
    keys = list(result.rules.ranking.tie_break)
    got = result.cadres
    ranked = got[got["rank"].notna()]
    for _, part in ranked.groupby("track"):
        tuples = [_key(row, keys) for _, row in part.iterrows()]
        for (_, row), mine in zip(part.iterrows(), tuples, strict=True):
            better = sum(1 for other in tuples if other > mine)
            assert int(row["rank"]) == 1 + better, (row["id"], row["rank"], better)


def check_bounds(result: Any, variation: Variation | None) -> None:
    """0 ≤ S ≤ 100 · Σ component weights + bonus cap; each component within its range."""
    rules: RuleSet = result.rules
    got = result.cadres
    cap = rules.adjustments.bonus.cap
    weights = (
        rules.components.performance.weight
        + rules.components.votes.weight
        + rules.components.quarterly.weight
    )
    s = got["score"].dropna().astype(float)
    assert (s >= rules.components.floor).all()
    bound = 100 * weights + (cap if cap is not None else got["bonus"].max())
    assert (s <= bound + 1e-9).all(), (s.max(), bound)
    for column in ("performance", "votes_score", "quarterly_score"):
        values = got[column].dropna().astype(float)
        assert ((values >= -1e-9) & (values <= 100 + 1e-9)).all(), (column, values.describe())
    bonus = got["bonus"].fillna(0).astype(float)
    assert (bonus >= 0).all()
    if cap is not None:
        assert (bonus <= cap + 1e-9).all()
    assert (got["deduction"].fillna(0).astype(float) >= 0).all()


def check_csv_round_trip(result: Any, folder: Path, *, safe: bool) -> None:
    """Write the CSV as the CLI does, read it back with pandas: every value is preserved."""
    path = folder / ("safe.csv" if safe else "plain.csv")
    write_file(result, "csv", path, force=True, lang="en", safe_csv=safe)
    back = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    frame = cadre_frame(result)
    assert len(back) == len(frame)
    assert len(back.columns) == len(frame.columns)
    for i, column in enumerate(frame.columns):
        texts = back.iloc[:, i].tolist()
        values = frame[column].tolist()
        for text, value in zip(texts, values, strict=True):
            if column == "flags":
                assert text == ";".join(value), (column, text, value)
            elif (
                value is None
                or value is pd.NA
                or value is pd.NaT
                or (isinstance(value, float) and math.isnan(value))
            ):
                assert text == "", (column, text)
            elif isinstance(value, bool | np.bool_):
                assert text.casefold() == str(bool(value)).casefold(), (column, text, value)
            elif isinstance(value, int | float):
                number = float(text)
                if column in SCORE_COLUMNS:
                    assert abs(number - float(value)) <= 0.005 + 1e-9, (column, text, value)
                    assert number == round(float(value), 2) or column in ("bonus", "deduction")
                else:
                    assert number == float(value), (column, text, value)
            elif isinstance(value, str):
                if (safe and value.lstrip(" \n\x0b\x0c").startswith(("=", "+", "-", "@"))) or (
                    safe and value.startswith(("\t", "\r"))
                ):
                    assert text == "'" + value, (column, text, value)
                else:
                    assert text == value, (column, text, value)
            elif isinstance(value, pd.Timestamp):
                assert (
                    text
                    == (
                        value.date() if value.time() == pd.Timestamp(0).time() else value
                    ).isoformat()
                )
            else:
                assert text == str(value), (column, text, value)


def _score(frames: dict[str, pd.DataFrame], rules: Any = None) -> Any:
    return score(frames, rules, year=YEAR, today=TODAY)


# ------------------------------------------------------------------------------ tests


@PROFILE_SETTINGS
@given(frames=rosters(), variation=rule_variations(), data=st.data())
def test_invariants_under_generated_rosters_and_rules(
    tmp_path_factory: pytest.TempPathFactory,
    frames: dict[str, pd.DataFrame],
    variation: Variation,
    data: st.DataObject,
) -> None:
    folder = tmp_path_factory.mktemp("rules")
    path = folder / "rules.yaml"
    path.write_text(variation.text, encoding="utf-8")
    loaded = load_rules(path)
    result = _score(frames, loaded)
    assert not [p for p in result.problems if p.level == "error"]
    assert len(result.cadres) == len(frames["cadres"])
    assert sorted(result.cadres["id"]) == sorted(frames["cadres"]["编号"])
    check_quota(result)
    check_limits(result)
    check_ranks(result)
    check_bounds(result, variation)
    check_csv_round_trip(result, folder, safe=False)
    check_csv_round_trip(result, folder, safe=True)

    # Shuffle every sheet's rows and rename every id (a bijection): nothing else changes.
    old = frames["cadres"]["编号"].tolist()
    seed = data.draw(st.integers(0, 2**32 - 1), label="seed")
    new_numbers = data.draw(
        st.lists(st.integers(1, 10**6), min_size=len(old), max_size=len(old), unique=True),
        label="new ids",
    )
    rename = {o: f"R{k}" for o, k in zip(old, new_numbers, strict=True)}
    moved = {}
    for kind, frame in frames.items():
        frame = frame.sample(frac=1, random_state=seed % 2**32).reset_index(drop=True)
        if "编号" in frame.columns:
            frame["编号"] = frame["编号"].map(lambda v: rename.get(v, v))
        moved[kind] = frame
    again = _score(moved, loaded)
    back = {v: k for k, v in rename.items()}
    expected = _comparable(result.cadres)
    ids = again.cadres["id"].map(back).astype(result.cadres["id"].dtype)
    shuffled = _comparable(again.cadres.assign(id=ids))
    pd.testing.assert_frame_equal(shuffled, expected)
    pd.testing.assert_frame_equal(
        again.groups.reset_index(drop=True), result.groups.reset_index(drop=True)
    )


def _comparable(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.sort_values("id", kind="mergesort").reset_index(drop=True)


# ---------------------------------------------------------------- normalisation


MESSY_TEXT = st.sampled_from(
    [
        *[" 张 三 ", "ＡＢＣ１２３", "a\u200bb", "是", "否", "Y", "n", "TRUE", "√", "×", "１"],
        *["0", "85", " 85.5 ", "８５", "1e3", "2024-03-01", "2024/3/1", "2024年3月1日"],
        *["20240301", "好", "较好", "一般", "较差", "乡镇", "县直部门", "正职", "副职"],
        *["一般干部", "", "参加", "不参加", "=1+1", "\t", "NaN", "无", "-", "44927"],
    ]
)
MESSY_CELL = st.one_of(
    st.none(),
    MESSY_TEXT,
    st.text(max_size=8),
    st.integers(-5, 50000),
    st.floats(allow_nan=True, allow_infinity=True, width=64),
    st.booleans(),
    st.datetimes(
        min_value=pd.Timestamp("1900-01-01").to_pydatetime(),
        max_value=pd.Timestamp("2100-12-31").to_pydatetime(),
    ),
)


@PROFILE_SETTINGS
@given(
    kind=st.sampled_from(["cadres", "events", "supervision", "history"]),
    cells=st.lists(st.lists(MESSY_CELL, min_size=1, max_size=1), min_size=1, max_size=12),
    data=st.data(),
)
def test_normalisation_is_idempotent(
    kind: str, cells: list[list[Any]], data: st.DataObject
) -> None:
    """normalise(normalise(f)) == normalise(f) on messy cells of every column kind."""
    specs = column_specs(kind)
    names = data.draw(
        st.lists(st.sampled_from(sorted(specs)), min_size=1, max_size=6, unique=True),
        label="columns",
    )
    columns = {}
    for name in names:
        columns[name] = data.draw(
            st.lists(MESSY_CELL, min_size=len(cells), max_size=len(cells)), label=name
        )
    columns["经济发展"] = [row[0] for row in cells]
    frame = pd.DataFrame(columns, dtype=object)
    once = normalise(frame, kind, indicators=["经济发展"])
    twice = normalise(once, kind, indicators=["经济发展"])
    pd.testing.assert_frame_equal(twice, once)


@settings(PROFILE_SETTINGS, max_examples=max(5, PROFILE_SETTINGS.max_examples // 3))
@given(frames=rosters(max_size=12))
def test_loading_a_normalised_roster_again_changes_nothing(frames: dict[str, pd.DataFrame]) -> None:
    """The loader's output, written back under its Chinese headers, loads to itself."""
    from cadrekit.api.scoring import _book_of_frames
    from cadrekit.load.loader import load_book
    from cadrekit.rules.load import default_rules

    rules = default_rules()
    first = load_book(_book_of_frames(frames), rules, today=TODAY)
    assert not [p.code for p in first.problems if p.level == "error"]
    again_frames = {}
    for kind, sheet in first.sheets.items():
        frame = sheet.frame
        again_frames[kind] = frame.set_axis(
            [sheet.headers.get(c, c) for c in frame.columns], axis=1
        )
    second = load_book(_book_of_frames(again_frames), rules, today=TODAY)
    assert [p.code for p in second.problems] == [p.code for p in first.problems]
    for kind, sheet in first.sheets.items():
        pd.testing.assert_frame_equal(second.sheets[kind].frame, sheet.frame)


def test_profiles_are_registered() -> None:
    assert settings.get_profile("ci").max_examples == 25
    assert settings.get_profile("long").max_examples == 500


def test_a_cadre_barred_from_the_quota_grade_uses_no_slot(tmp_path: Path) -> None:
    """Regression (found here): with ``no_limit: false`` a cadre limited to 称职 took the
    only slot and was then capped, so nobody got 优秀 and groups.excellent said 1."""
    data = yaml.safe_load(default_text())
    data["quota"]["eligibility"]["no_limit"] = False
    path = tmp_path / "rules.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    rows = []
    for i in range(5):
        rows.append(
            {"编号": f"C{i}", "姓名": f"干部{i}", "单位": "县财政局", "单位类型": "县直部门"}
            | {"层级": "一般干部", "一把手": "否", "考核状态": "参加", "优秀票": 30}
            | {"称职票": 0, "基本称职票": 0, "不称职票": 0}
            | {"一季度": "好", "二季度": "好", "三季度": "好", "四季度": "好"}
            | {"工作实绩": 99.0 - i}
        )
    supervision = pd.DataFrame(
        [{"编号": "C0", "日期": f"{YEAR}-05-01", "处理类型": "诫勉", "是否核实": "是"}]
    )
    result = _score({"cadres": pd.DataFrame(rows), "supervision": supervision}, path)
    grades = result.cadres.set_index("id")["grade"]
    assert grades["C0"] == "称职" and grades["C1"] == "优秀"
    assert result.groups["excellent"].tolist() == [1]
    assert result.groups["优秀"].tolist() == [1]
