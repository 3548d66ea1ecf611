"""CSV / JSON / JSONL renderers, labels and filters, on a hand-built Result."""

from __future__ import annotations

import csv
import io
import json

import pytest

from cadrekit.errors import UsageError
from cadrekit.models.result import RESULT_COLUMNS
from cadrekit.render import labels, tabular
from cadrekit.render.frame import ENGINE_COLUMNS, select, track_summary
from test_render_fixtures import make_result


def csv_rows(lang: str = "zh", **kwargs: object) -> list[list[str]]:
    out = io.StringIO()
    tabular.write_csv(make_result(), out, lang=lang, **kwargs)  # type: ignore[arg-type]
    return list(csv.reader(io.StringIO(out.getvalue())))


def test_every_output_column_has_a_chinese_header() -> None:
    for column in [*RESULT_COLUMNS, *ENGINE_COLUMNS]:
        assert labels.header(column, "zh") != column
        assert labels.header(column, "en") == column
    assert labels.header("id_number") == "身份证号"  # carried-through input, from rows.py
    assert labels.header("经济发展", "en") == "经济发展"  # indicators keep their names


def test_headers_never_repeat() -> None:
    assert labels.headers(["grade", "等次"]) == ["等次", "等次 (等次)"]


def test_csv_columns_stable_order_then_extras_then_input() -> None:
    header = csv_rows("en")[0]
    assert header[: len(RESULT_COLUMNS)] == RESULT_COLUMNS
    engine = [c for c in ENGINE_COLUMNS if c != "year"]  # this frame was made without 年度
    assert header[len(RESULT_COLUMNS) : len(RESULT_COLUMNS) + len(engine)] == engine
    assert header[-3:] == ["id_number", "经济发展", "birth_date"]


def test_csv_chinese_headers_by_default() -> None:
    assert csv_rows()[0][:8] == [
        "编号",
        "姓名",
        "单位",
        "考核序列",
        "排名",
        "综合得分",
        "等次",
        "标记",
    ]


def test_csv_values_exact() -> None:
    rows = csv_rows("en")
    head = rows[0]
    a002 = dict(zip(head, rows[2], strict=True))
    assert a002["score"] == "84.13"  # 84.13000000000001 in the frame
    assert a002["votes_score"] == "88.57"
    assert a002["flags"] == "quota-tie"
    assert a002["limit"] == ""
    a004 = dict(zip(head, rows[4], strict=True))
    assert a004["rank"] == ""  # 不定等次: no rank, empty not <NA>
    assert a004["score"] == "75.00"
    a001 = dict(zip(head, rows[1], strict=True))
    assert a001["birth_date"] == "1980-05-01"
    assert a001["good_quarters"] == "4"


def test_id_numbers_masked_unless_asked() -> None:
    masked = csv_rows("en")
    assert masked[1][masked[0].index("id_number")] == "110105********002X"
    shown = csv_rows("en", show_id_numbers=True)
    assert shown[1][shown[0].index("id_number")] == "11010519491231002X"


def test_safe_csv_escapes_formulas_only_when_asked() -> None:
    plain = [r[1] for r in csv_rows("en")[1:]]
    assert "=1+1" in plain and "@SUM(A1)" in plain and "-周九" in plain
    safe = [r[1] for r in csv_rows("en", safe=True)[1:]]
    assert "'=1+1" in safe and "'@SUM(A1)" in safe and "'-周九" in safe
    assert "张三" in safe


def test_bom() -> None:
    out = io.StringIO()
    tabular.write_csv(make_result(), out, bom=True)
    assert out.getvalue().startswith("\ufeff编号,")


def test_json_document() -> None:
    out = io.StringIO()
    tabular.write_json(make_result(), out, lang="zh")
    doc = json.loads(out.getvalue())
    assert list(doc) == [
        "year",
        "rules",
        "rules_sha256",
        "input_sha256",
        "cadres",
        "groups",
        "problems",
    ]
    assert doc["year"] == 2025 and doc["rules"] == "built-in"
    first = doc["cadres"][0]
    assert list(first)[:8] == RESULT_COLUMNS[:8]  # English keys even with --lang zh
    a002 = doc["cadres"][1]
    assert a002["score"] == 84.13 and a002["rank"] == 2 and a002["flags"] == ["quota-tie"]
    assert a002["name"] == "=1+1"  # JSON is for programs: never escaped
    assert doc["cadres"][3]["rank"] is None and doc["cadres"][3]["limit"] == "不定等次"
    assert first["eligible"] is True and first["id_number"] == "110105********002X"
    assert doc["groups"][0]["slots"] == 1
    assert doc["problems"][0]["code"] == "quota-tie"
    assert "84.12999" not in out.getvalue() and "84.13000" not in out.getvalue()


def test_jsonl_one_object_per_cadre() -> None:
    out = io.StringIO()
    tabular.write_jsonl(make_result(), out)
    lines = out.getvalue().splitlines()
    assert len(lines) == 7
    assert json.loads(lines[4])["name"] == "@SUM(A1)"


def test_select_track_by_id_or_label() -> None:
    result = make_result()
    by_id = select(result, tracks=["staff"])
    by_label = select(result, tracks=["一般干部"])
    assert list(by_id.cadres["id"]) == list(by_label.cadres["id"]) == ["B001", "B002", "B003"]
    assert set(by_id.groups["track"]) == {"staff"}
    assert set(by_id.audit["cadre_id"]) <= {"B001", "B002", "B003"}


def test_unknown_track_is_a_usage_error_listing_tracks() -> None:
    with pytest.raises(UsageError) as info:
        select(make_result(), tracks=["no-such"])
    assert info.value.exit_code == 2
    assert "township-chief (乡镇党政正职)" in info.value.message("en")


def test_select_unit_and_top_keeps_ties() -> None:
    result = make_result()
    assert list(select(result, units=["城关镇"]).cadres["id"]) == ["A001", "B001", "B002"]
    assert list(select(result, top=2).cadres["id"]) == [
        "A001",
        "A002",
        "A003",
        "B001",
        "B002",
        "B003",
    ]
    assert list(select(result, top=1, tracks=["township-chief"]).cadres["id"]) == ["A001"]


def test_track_summary_counts_against_quota() -> None:
    summary = track_summary(make_result()).set_index("track")
    chief = summary.loc["township-chief"]
    assert (chief["size"], chief["n"], chief["slots"], chief["excellent"], chief["ties"]) == (
        4,
        3,
        1,
        1,
        1,
    )
    assert (chief["优秀"], chief["称职"], chief["不定等次"]) == (1, 2, 1)


def test_summary_counts_whole_tracks_whatever_is_shown() -> None:
    result = make_result()
    full = track_summary(result)
    assert track_summary(select(result, top=1)).equals(full)  # --top cuts tables, not counts
    staff = track_summary(select(result, units=["县财政局"]))  # one staff cadre shown …
    assert list(staff["track"]) == ["staff"]  # … only its track's row …
    assert staff.iloc[0].equals(full.iloc[1])  # … counted over the whole track
    assert (staff.iloc[0]["size"], staff.iloc[0]["n"], staff.iloc[0]["优秀"]) == (3, 3, 1)


def test_csv_booleans_are_words_of_the_language() -> None:
    zh = csv_rows("zh")
    assert [r[zh[0].index("可评优秀")] for r in zh[1:3]] == ["是", "否"]
    en = csv_rows("en")
    assert [r[en[0].index("eligible")] for r in en[1:3]] == ["true", "false"]
    out = io.StringIO()
    tabular.write_json(make_result(), out)
    assert json.loads(out.getvalue())["cadres"][1]["eligible"] is False  # JSON: real booleans


def test_cadre_frame_leaves_the_result_alone() -> None:
    import pandas as pd

    from cadrekit.render.frame import cadre_frame

    result = make_result()
    before = result.cadres.copy()
    frame = cadre_frame(result)
    frame.iloc[0, 0] = "changed"
    pd.testing.assert_frame_equal(result.cadres, before)
