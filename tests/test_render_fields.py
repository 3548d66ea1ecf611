"""The Arrow CSV writer writes exactly the bytes pandas' ``to_csv`` wrote before it.

``old_csv`` is the writer as it was (a cell at a time, then ``DataFrame.to_csv``; its
per-cell helpers ``csv_cell`` and ``_join_flags`` are kept): the oracle. Every kind of column and every awkward cell is compared byte for byte.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import json
import math
import re
from typing import Any

import numpy as np
import pandas as pd
import pytest

from cadrekit.io.write import csv_safe, mask_id_number
from cadrekit.render import fields, tabular
from cadrekit.render.frame import SCORE_COLUMNS, bool_words, cadre_frame
from cadrekit.render.labels import headers, quota_grade
from test_render_fixtures import make_result


def _old_escape(series: pd.Series) -> pd.Series:
    if not (pd.api.types.is_object_dtype(series) or pd.api.types.is_string_dtype(series)):
        return series
    text = series if isinstance(series.dtype, pd.StringDtype) else series.astype("str")
    suspect = text.str.contains(r"[=+\-@\t\r]", regex=True).fillna(False).to_numpy(dtype=bool)
    if not suspect.any():
        return series
    out = series.astype(object)
    out[suspect] = csv_safe(series[suspect]).astype(object)
    return out


def old_csv(result: Any, *, lang: str = "zh", safe: bool = False, bom: bool = False) -> str:
    """The writer before the Arrow one, cell by cell."""
    frame = cadre_frame(result)
    yes, no = bool_words(lang)
    for column in frame.columns:
        series = frame[column]
        if column in SCORE_COLUMNS:
            values = pd.to_numeric(series, errors="coerce").to_numpy("float64", na_value=np.nan)
            frame[column] = ["" if math.isnan(v) else f"{v:.2f}" for v in values.tolist()]
            continue
        if tabular._is_boolean(series):
            frame[column] = [
                "" if pd.isna(v) else (yes if v else no) for v in series.astype(object)
            ]
            continue
        if column == "flags":
            frame[column] = series.map(tabular._join_flags)
        elif pd.api.types.is_object_dtype(series):
            frame[column] = series.map(fields.csv_cell)
        if safe and column not in tabular.RULE_TEXT_COLUMNS:
            frame[column] = _old_escape(frame[column])
    out = io.StringIO()
    if bom:
        out.write("\ufeff")
    names = headers(list(frame.columns), lang, grade=quota_grade(result.rules))
    frame.to_csv(out, index=False, header=names, lineterminator="\n")
    return out.getvalue()


def new_csv(result: Any, **options: Any) -> str:
    out = io.StringIO()
    tabular.write_csv(result, out, **options)
    return out.getvalue()


AWKWARD = [
    "plain",
    "",
    "逗号,在中间",
    'quote " inside',
    "line\nbreak",
    "carriage\rreturn",
    "=1+1",
    "+86",
    "-3",
    "@SUM(A1)",
    "\t=tab",
    "\rcr",
    "  =spaced",
    "\u3000=全角空格",
    "\xa0@nbsp",
    "\x1c=fs",
    "\u2028=ls",
    "中文=后面",
    "'already",
    '"=quoted"',
    "a,=b",
    "😀 emoji",
]


def hostile_result(n: int = 60) -> Any:
    """make_result's shape with every column kind and awkward text, repeated to ``n`` rows."""
    base = make_result()
    rng = np.random.default_rng(7)
    text = [AWKWARD[i % len(AWKWARD)] for i in range(n)]
    frame = pd.DataFrame(
        {
            "id": [f"X{i:04d}" for i in range(n)],
            "name": pd.array(text, dtype="str"),
            "unit": pd.array([None if i % 5 == 0 else t for i, t in enumerate(text)], "string"),
            "track": ["township-chief"] * n,
            "rank": pd.array([None if i % 7 == 0 else i for i in range(n)], dtype="Int64"),
            "score": [
                [84.13000000000001, -0.0, 0.125, 1.005, np.nan, 100.0, -3.456][i % 7]
                for i in range(n)
            ],
            "grade": ["优秀"] * n,
            "flags": [[[], ["quota-tie"], ["a", "b,c"], ["=x"]][i % 4] for i in range(n)],
            "performance": rng.uniform(-10, 100, n),
            "eligible": [[True, False, None][i % 3] for i in range(n)],
            "top_leader": np.arange(n) % 2 == 0,
            "id_number": [
                [" 11010519491231002X ", "12345", None, "=110105194912310021", ""][i % 5]
                for i in range(n)
            ],
            "birth_date": pd.to_datetime(
                [None if i % 9 == 0 else f"19{50 + i % 40}-0{1 + i % 9}-1{i % 9}" for i in range(n)]
            ),
            "mixed": [
                [
                    None,
                    1,
                    2.5,
                    "=f",
                    dt.date(2020, 1, 2),
                    dt.datetime(2020, 1, 2, 3, 4),
                    [1],
                    np.nan,
                ][i % 8]
                for i in range(n)
            ],
            "votes": np.arange(n, dtype="int64") - 5,
            "small_float": np.array(
                [[0.1, 1e-05, 1e16, np.nan, -2.0][i % 5] for i in range(n)], "f4"
            ),
            "经济发展": [[94.8, np.nan, 1e-05, 1e16, -0.0, 123456789.123][i % 6] for i in range(n)],
            "all_text_object": pd.Series(
                [f"t{i}" if i % 3 else None for i in range(n)], dtype=object
            ),
        }
    )
    return dataclasses.replace(base, cadres=frame)


@pytest.mark.parametrize("options", [{}, {"safe": True}, {"lang": "en", "bom": True, "safe": True}])
def test_same_bytes_as_to_csv_on_hostile_columns(options: dict[str, Any]) -> None:
    result = hostile_result()
    assert new_csv(result, **options) == old_csv(result, **options)


@pytest.mark.parametrize("options", [{}, {"safe": True, "lang": "en"}])
def test_same_bytes_as_to_csv_on_the_fixture(options: dict[str, Any]) -> None:
    assert new_csv(make_result(), **options) == old_csv(make_result(), **options)


def test_rows_in_several_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fields, "CHUNK_ROWS", 7)
    result = hostile_result(50)
    assert new_csv(result, safe=True) == old_csv(result, safe=True)


def test_time_of_day_and_one_column_fall_back_to_pandas() -> None:
    result = hostile_result(12)
    with_time = result.cadres.assign(birth_date=pd.Timestamp("2020-01-01 10:30"))
    timed = dataclasses.replace(result, cadres=with_time)
    assert new_csv(timed) == old_csv(timed)
    assert "2020-01-01 10:30:00" in new_csv(timed)
    one = dataclasses.replace(result, cadres=pd.DataFrame({"name": ["", "a"]}))
    assert new_csv(one) == old_csv(one) == '姓名\n""\na\n'


def test_empty_result_writes_the_header() -> None:
    result = hostile_result(8)
    empty = dataclasses.replace(result, cadres=result.cadres.iloc[:0])
    assert new_csv(empty, safe=True) == old_csv(empty, safe=True)


def test_write_file_bytes_equal_the_stream(tmp_path: Any) -> None:
    from cadrekit.render.output import write_file

    result = hostile_result()
    write_file(result, "csv", tmp_path / "o.csv", bom=True)
    expected = new_csv(result, bom=True, safe=True).encode("utf-8")
    assert (tmp_path / "o.csv").read_bytes() == expected


def test_formula_first_bytes_cover_every_space() -> None:
    spaces = [c for c in range(0x110000) if not 0xD800 <= c < 0xE000 and re.match(r"\s", chr(c))]
    firsts = {chr(c).encode()[0] for c in spaces} | set(b"=+-@\t\r")
    assert firsts <= set(fields._FORMULA_FIRST_BYTES)


def test_mask_id_number_matches_python_slicing() -> None:
    values = [
        " 11010519491231002X ",
        "12345",
        None,
        "1234567890",
        "12345678901",
        "中文身份证号码一二三四五六",
    ]
    got = mask_id_number(pd.Series(values, dtype=object)).tolist()
    want = [
        None
        if v is None
        else (s[:6] + "*" * (len(s) - 10) + s[-4:] if len(s) > 10 else "*" * len(s))
        for v in values
        for s in [(v or "").strip()]
    ]
    assert got == want


@pytest.mark.parametrize("make", [make_result, hostile_result])
def test_json_same_text_as_json_dump(make: Any) -> None:
    result = make()
    out = io.StringIO()
    tabular.write_json(result, out, lang="zh", show_id_numbers=True)
    document = tabular.to_json_dict(result, lang="zh", show_id_numbers=True)
    assert out.getvalue() == json.dumps(document, ensure_ascii=False, indent=1) + "\n"
    lines = io.StringIO()
    tabular.write_jsonl(result, lines)
    assert lines.getvalue() == "".join(line + "\n" for line in tabular.jsonl_lines(result))


def test_json_of_no_cadres_and_through_a_file(tmp_path: Any) -> None:
    from cadrekit.render.output import write_file

    result = hostile_result(8)
    empty = dataclasses.replace(result, cadres=result.cadres.iloc[:0])
    out = io.StringIO()
    tabular.write_json(empty, out)
    assert json.loads(out.getvalue())["cadres"] == []
    assert (
        out.getvalue()
        == json.dumps(tabular.to_json_dict(empty), ensure_ascii=False, indent=1) + "\n"
    )
    for fmt in ("json", "jsonl"):
        write_file(result, fmt, tmp_path / f"o.{fmt}", lang="en")
        text = io.StringIO()
        write = tabular.write_json if fmt == "json" else tabular.write_jsonl
        write(result, text)
        assert (tmp_path / f"o.{fmt}").read_bytes() == text.getvalue().encode("utf-8")


def test_arrow_writer_rows_equal_joined_rows_or_step_aside() -> None:
    plain = [c for c in AWKWARD if not any(b in c for b in ',"\n\r')]
    part = [fields.text_array(plain), fields.text_array(plain[::-1])]
    assert fields._plain_rows(part) == fields._joined_rows(part, ",", "\n")
    for cell in (",", '"', "\n", "\r"):
        assert fields._plain_rows([fields.text_array([cell]), fields.text_array(["x"])]) is None


@pytest.mark.parametrize("dtype", ["str", "string"])
@pytest.mark.parametrize("options", [{}, {"safe": True}])
def test_arrow_text_id_numbers_masked_as_before(dtype: str, options: dict[str, Any]) -> None:
    result = hostile_result()
    cadres = result.cadres.assign(id_number=result.cadres["id_number"].astype(dtype))
    result = dataclasses.replace(result, cadres=cadres)
    assert new_csv(result, **options) == old_csv(result, **options)
    assert new_csv(result, **options) != new_csv(result, show_id_numbers=True, **options)
