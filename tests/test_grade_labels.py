"""Labels that name the quota grade take it from the rules: a rule set whose top grade is
called 卓越 reads 可评卓越, 卓越名额, 评定卓越 … in every output, never 优秀."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from rich.console import Console

from cadrekit import api
from cadrekit.cli.commands import _insight
from cadrekit.render import labels
from cadrekit.render.table import print_result
from cadrekit.render.tabular import write_csv
from cadrekit.render.workbook import write_workbook
from cadrekit.rules.load import default_text
from test_publicity import HEAD, ROWS


@pytest.fixture(scope="module")
def result(tmp_path_factory: pytest.TempPathFactory) -> api.Result:
    folder = tmp_path_factory.mktemp("renamed")
    rules = folder / "卓越.yaml"
    rules.write_text(default_text().replace("优秀", "卓越"), encoding="utf-8")
    roster = folder / "roster.csv"
    lines = [HEAD] + [
        f"{i},{name},{unit},一般干部,{post},否,10,0,0,0,好,好,好,好,{score}"
        for i, name, unit, post, score in ROWS
    ]
    roster.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return api.score(roster, rules=rules, year=2025)


def test_labels_fill_the_grade() -> None:
    assert labels.header("eligible") == "可评优秀"  # no rules at hand: the built-in word
    assert labels.header("eligible", grade="卓越") == "可评卓越"
    assert labels.header("slots", table=labels.GROUP_LABELS, grade="卓越") == "卓越名额"
    assert labels.headers(["rate", "excellent"], "zh", labels.GROUP_LABELS, "卓越") == [
        "卓越比例",
        "评定卓越",
    ]
    assert labels.header("eligible", "en", grade="卓越") == "eligible"
    assert labels.all_labels("卓越")["excellent"] == "评定卓越"
    assert not any("{grade}" in v for v in labels.all_labels().values())


def test_terminal_tables(result: api.Result) -> None:
    console = Console(width=250, record=True, color_system=None)
    print_result(result, console, "zh")
    text = console.export_text()
    assert "一般干部 · 2025 年度 · 参评 10 人 · 卓越名额 2 个" in text
    assert "评定卓越" in text and "卓越" in text
    assert "优秀" not in text


def test_csv_header(result: api.Result) -> None:
    stream = io.StringIO()
    write_csv(result, stream, lang="zh")
    head = stream.getvalue().splitlines()[0].split(",")
    assert "可评卓越" in head and "可评优秀" not in head


def test_workbook_headers(result: api.Result, tmp_path: Path) -> None:
    path = tmp_path / "out.xlsx"
    write_workbook(result, path, lang="zh")
    book = openpyxl.load_workbook(path, read_only=True)
    cells = {
        str(c)
        for name in book.sheetnames
        if name not in ("规则", "关于")  # the rules text itself may mention 优秀 in comments
        for row in book[name].iter_rows(max_row=40, values_only=True)
        for c in row
        if c is not None
    }
    assert {"卓越名额", "评定卓越", "可评卓越"} <= cells
    assert {c for c in cells if "优秀" in c} == {"优秀票"}  # the input's own column header


def test_insight_headers_and_sensitivity_table() -> None:
    from cadrekit.cli.app import _register

    _register()  # every command in its usual order: importing one alone reorders --help
    from cadrekit.cli.commands.sensitivity import _zh

    assert _insight.header("excellent_years", "zh", "卓越") == "卓越年数"
    assert _insight.header("excellent_years", "zh") == "优秀年数"
    frame = pd.DataFrame({"excellent_share": ["50%"], "robustness": ["fragile"]})
    assert list(_zh(frame, "zh", "卓越").columns) == ["卓越占比", "稳健性"]
    text = _insight.csv_text(pd.DataFrame({"excellent_years": [2]}), "zh", "卓越")
    assert text.splitlines()[0] == "卓越年数"


def test_sensitivity_chart_title(result: api.Result, tmp_path: Path) -> None:
    from cadrekit.render.sensitivity import write_sensitivity

    report = api.sensitivity(result.dataset, result.rules, 2025, draws=20, seed=0)
    path = tmp_path / "s.xlsx"
    write_sensitivity(path, report, grade="卓越")
    with zipfile.ZipFile(path) as zf:
        charts = "".join(
            zf.read(n).decode("utf-8") for n in zf.namelist() if n.startswith("xl/charts/")
        )
    assert "staff: 卓越 in share of weight draws" in charts and "优秀" not in charts
