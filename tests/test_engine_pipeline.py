"""The pipeline's contract: columns, row order, input-order invariance, properties."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cadrekit.engine.pipeline import ENGINE_COLUMNS, resolve_year
from cadrekit.models.result import AUDIT_COLUMNS, RESULT_COLUMNS
from cadrekit.rules.load import default_rules
from cadrekit.rules.tracks import missing_needed
from test_engine_support import NA, cadres, events, score, supervision

LEADER = {"unit_type": "乡镇", "layer": "副职", "经济发展": 80.0, "乡村振兴": 85.0}
LEADER |= {"安全稳定": 90.0, "党的建设": 95.0, "工作实绩": np.nan}


def mixed() -> pd.DataFrame:
    rows = [{"工作实绩": 60.0 + 3 * i, "unit": f"U{i % 2}", "备注": f"n{i}"} for i in range(9)]
    rows += [{**LEADER, "经济发展": 70.0 + i, "unit": f"T{i}", "备注": "x"} for i in range(5)]
    rows[2]["status"] = "不参加"
    rows[4]["q3"] = "一般"
    rows[5]["工作实绩"] = rows[6]["工作实绩"]
    return cadres(*rows)


def frames() -> dict[str, pd.DataFrame]:
    return {
        "events": events(
            {"id": "4", "date": "2024-03-01", "kind": "加分", "points": 2},
            {"id": "4", "date": "2024-04-01", "kind": "加分", "points": 4},
            {"unit": "T1", "date": "2024-04-01", "kind": "一票否决", "points": 0},
            {"id": "8", "date": "2024-05-01", "kind": "减分", "points": 1.25},
        ),
        "supervision": supervision({"id": "9", "date": "2024-01-05", "measure": "诫勉"}),
        "history": pd.DataFrame({"id": ["8"], "year": [2023], "grade": ["优秀"]}),
    }


def test_columns_in_contract_order() -> None:
    out = score(mixed(), **frames())
    lead = RESULT_COLUMNS + ENGINE_COLUMNS
    assert list(out.cadres.columns[: len(lead)]) == lead
    assert "备注" in out.cadres.columns and "q1" in out.cadres.columns
    assert list(out.audit.columns) == AUDIT_COLUMNS
    assert set(out.audit["layer"]) >= {"tracks", "performance", "composite", "rank", "grade"}
    groups = out.groups
    assert list(groups.columns[:9]) == [
        "quota_group",
        "track",
        "unit",
        "n",
        "rate",
        "slots",
        "excellent",
        "unfilled",
        "tie",
    ]
    assert list(groups.columns[9:]) == ["优秀", "称职", "基本称职", "不称职", "不定等次"]


def test_rows_ordered_by_track_then_rank_then_id() -> None:
    out = score(mixed(), **frames())
    order = {t: i for i, t in enumerate(default_rules().track_ids())}
    key = out.cadres["track"].map(order)
    assert key.is_monotonic_increasing
    for _, part in out.cadres.groupby("track"):
        ranked = part["rank"].dropna()
        assert ranked.is_monotonic_increasing
        assert part["rank"].isna().tolist() == sorted(part["rank"].isna().tolist())


@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_input_row_order_never_changes_a_result(seed: int) -> None:
    base = score(mixed(), **frames())
    rng = np.random.default_rng(seed)
    shuffled = {k: v.sample(frac=1, random_state=rng) for k, v in frames().items()}
    frame = mixed().sample(frac=1, random_state=rng)
    out = score(frame, **shuffled)
    pd.testing.assert_frame_equal(out.cadres, base.cadres)
    pd.testing.assert_frame_equal(out.groups, base.groups)
    pd.testing.assert_frame_equal(out.audit, base.audit)


def test_index_labels_do_not_matter() -> None:
    frame = mixed()
    frame.index = range(100, 100 + len(frame))
    pd.testing.assert_frame_equal(score(frame).cadres, score(mixed()).cadres)


@pytest.mark.parametrize(
    ("dates", "explicit", "expected"),
    [
        (["2023-05-01", "2024-02-01"], None, 2024),
        (["2023-05-01"], 2022, 2022),
        ([], None, 2026),
        (None, None, 2026),
        ([None], None, 2026),
    ],
)
def test_resolve_year(dates: list | None, explicit: int | None, expected: int) -> None:
    ev = None if dates is None else pd.DataFrame({"date": pd.to_datetime(dates)})
    assert resolve_year(ev, explicit, 2026) == expected


def test_track_override_by_id_or_label() -> None:
    frame = cadres(
        {"track": "dept-chief", **LEADER, "职能工作": 90.0, "重点任务": 90.0, "服务评价": 90.0},
        {"track": "一般干部", **LEADER, "工作实绩": 80.0},
        {"track": "nonsense"},
    )
    out = score(frame).cadres.set_index("id")
    assert out.loc[["1", "2", "3"], "track"].tolist() == ["dept-chief", "staff", "staff"]
    assert out.loc["2", "track_label"] == "一般干部"


def test_missing_needed() -> None:
    frame = cadres(
        {**LEADER, "经济发展": np.nan},
        {"工作实绩": np.nan},
        {},
    )
    frame.index = [10, 11, 12]
    got = missing_needed(frame, default_rules())
    assert list(got.columns) == ["index", "column", "track"]
    rows = set(map(tuple, got.to_numpy().tolist()))
    assert rows == {(10, "经济发展", "township-deputy"), (11, "工作实绩", "staff")}


# --- properties ------------------------------------------------------------------------

QUARTER = st.sampled_from(["好", "较好", "一般", "较差", None])


@st.composite
def rosters(draw: st.DrawFn) -> tuple[pd.DataFrame, pd.DataFrame]:
    n = draw(st.integers(1, 25))
    rows = []
    for _ in range(n):
        quarters = draw(st.lists(QUARTER, min_size=4, max_size=4))
        if all(q is None for q in quarters):
            quarters[0] = "好"
        e, c, b, i = (draw(st.integers(0, 12)) for _ in range(4))
        if e + c + b + i == 0:
            e = 1
        rows.append(
            {
                "unit": draw(st.sampled_from(["U1", "U2", "U3"])),
                "status": draw(st.sampled_from([NA, NA, NA, "不参加"])),
                "工作实绩": float(draw(st.integers(60, 100))),
                "votes_excellent": e,
                "votes_competent": c,
                "votes_basic": b,
                "votes_incompetent": i,
                **dict(zip(["q1", "q2", "q3", "q4"], quarters, strict=True)),
            }
        )
    frame = cadres(*rows)
    measures = st.sampled_from(["诫勉", "记过", "记大过", "留党察看", "提醒谈话"])
    sv_rows = draw(
        st.lists(
            st.tuples(st.integers(1, n), measures, st.sampled_from(["2023-06-01", "2024-06-01"])),
            max_size=5,
        )
    )
    sv = supervision(
        *({"id": str(k), "measure": m, "date": d} for k, m, d in sv_rows),
        {"id": "nobody", "measure": "诫勉", "date": "2024-01-01"},
    )
    return frame, sv


@settings(max_examples=15, deadline=None)
@given(rosters())
def test_quota_and_limits_hold(data: tuple[pd.DataFrame, pd.DataFrame]) -> None:
    frame, sv = data
    rules = default_rules()
    out = score(frame, rules=rules, supervision=sv)
    got = out.cadres
    awarded = got[got["grade"] == "优秀"].groupby("quota_group").size()
    slots = out.groups.set_index("quota_group")["slots"]
    assert (awarded <= slots.reindex(awarded.index)).all()
    position = {g: i for i, g in enumerate(rules.grades.all)}
    limited = got[got["limit"].notna()]
    assert (limited["grade"].map(position) >= limited["limit"].map(position)).all()
    assert (got.loc[got["grade"] == "优秀", "eligible"]).all()
    assert got["rank"].isna().eq(got["grade"] == "不定等次").all()
    shuffled = score(frame.sample(frac=1, random_state=1), rules=rules, supervision=sv)
    pd.testing.assert_frame_equal(shuffled.cadres, got)


@pytest.mark.parametrize("dtype", ["str", "string"])
@pytest.mark.parametrize("distinct", [3, 40_000])
def test_text_rows_taken_as_pandas_takes_them(dtype: str, distinct: int) -> None:
    """Few distinct values go through codes, many through Arrow's take: both as pandas'."""
    import pyarrow as pa

    from cadrekit.engine.pipeline import _take_rows

    rng = np.random.default_rng(0)
    n = 40_000
    words = np.array([f"词{i}" for i in range(distinct)], dtype=object)[
        rng.integers(0, distinct, n)
    ]
    words[rng.random(n) < 0.1] = None
    column = pd.Series(pd.array(words, dtype=dtype), name="a")
    order = rng.permutation(n)
    index = pd.RangeIndex(n)
    out = _take_rows(column, order, pa.array(order), index)
    expected = column.take(order).reset_index(drop=True)
    pd.testing.assert_series_equal(out, expected, check_exact=True, check_names=False)
