"""``cadrekit template``: the blank workbook validates, and says what goes in each column."""

from __future__ import annotations

import subprocess
from pathlib import Path

import openpyxl
import pytest

from cadrekit.errors import OutputError
from cadrekit.models.rows import ROW_MODELS, SHEET_NAMES
from cadrekit.render.template import columns, write_template
from cadrekit.rules.load import load_rules
from runner import run_cadrekit


@pytest.fixture(scope="module")
def zh_book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_template(tmp_path_factory.mktemp("t") / "t.xlsx")


def _zh(kind: str) -> list[str]:
    return [str(f.json_schema_extra["zh"]) for f in ROW_MODELS[kind].model_fields.values()]  # type: ignore[index]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_template_validates_without_errors(tmp_path: Path, lang: str) -> None:
    from cadrekit import api
    from cadrekit.problems import has_errors

    path = write_template(tmp_path / "t.xlsx", lang=lang)  # type: ignore[arg-type]
    dataset = api.validate(path)
    assert not has_errors(dataset.problems), dataset.problems
    assert len(dataset.cadres) == 1
    sheet = SHEET_NAMES["cadres"][0] if lang == "zh" else "cadres"
    # the one thing said of a fresh template: its example row is still in it
    assert [(p.level, p.code, p.location) for p in dataset.problems] == [
        ("warning", "template-example-row", f"{sheet}!A2")
    ]


def test_sheets_and_headers(zh_book: Path) -> None:
    wb = openpyxl.load_workbook(zh_book)
    assert wb.sheetnames == [names[0] for names in SHEET_NAMES.values()]
    indicators = list(load_rules().rules.indicator_columns())
    for kind, names in SHEET_NAMES.items():
        headers = [c.value for c in wb[names[0]][1]]
        expected = _zh(kind) + (indicators if kind == "cadres" else [])
        assert headers == expected, kind
    assert {"经济发展", "职能工作", "工作实绩"} <= set(indicators)


def test_english_headers_are_canonical_names(tmp_path: Path) -> None:
    wb = openpyxl.load_workbook(write_template(tmp_path / "en.xlsx", lang="en"))
    assert wb.sheetnames == list(ROW_MODELS)
    assert [c.value for c in wb["events"][1]] == list(ROW_MODELS["events"].model_fields)
    assert "编号" in wb["cadres"]["A1"].comment.text  # the Chinese header is an accepted alias


def test_header_comments(zh_book: Path) -> None:
    ws = openpyxl.load_workbook(zh_book)["干部名册"]
    by_header = {c.value: c.comment.text for c in ws[1]}
    assert (
        by_header["编号"] == "编号（必填）\nunique cadre id\n示例：A001\n也接受列名：人员编号、工号"
    )
    assert by_header["考核状态"] == (
        "考核状态（选填）\n参加, 不定等次 or 不参加\n可选：参加 / 不定等次 / 不参加\n示例：参加"
    )
    assert "常用：乡镇 / 县直部门 / 事业单位（也可填写其他）" in by_header["单位类型"]
    assert "整数，范围 0–" in by_header["优秀票"]
    assert by_header["经济发展"].startswith(
        "经济发展（选填）\n考核指标：乡镇党政正职、乡镇班子副职"
    )
    assert "数值，范围 0–100" in by_header["经济发展"]
    assert all(text for text in by_header.values())


def _validations(ws: openpyxl.worksheet.worksheet.Worksheet) -> dict[str, tuple]:
    header = {c.column_letter: c.value for c in ws[1]}
    out = {}
    for dv in ws.data_validations.dataValidation:
        letter = str(dv.sqref).split(":")[0].rstrip("0123456789")
        assert str(dv.sqref) == f"{letter}2:{letter}1048576"
        out[header[letter]] = (dv.type, dv.errorStyle, dv.formula1, dv.formula2)
    return out


def test_drop_downs_and_number_validation(zh_book: Path) -> None:
    wb = openpyxl.load_workbook(zh_book)
    cadres = _validations(wb["干部名册"])
    assert cadres["考核状态"] == ("list", None, '"参加,不定等次,不参加"', None)
    assert cadres["一把手"] == ("list", None, '"是,否"', None)
    assert cadres["一季度"] == ("list", None, '"好,较好,一般,较差"', None)
    assert cadres["层级"] == ("list", "information", '"正职,副职,一般干部"', None)
    assert cadres["单位类型"] == ("list", "information", '"乡镇,县直部门,事业单位"', None)
    assert cadres["考核序列"][:2] == ("list", "information")
    assert "县直单位正职" in cadres["考核序列"][2]
    assert cadres["优秀票"] == ("whole", None, "0", None)
    assert cadres["不称职票"] == ("whole", None, "0", None)
    assert cadres["经济发展"][:1] == ("decimal",)
    assert float(cadres["经济发展"][2]) == 0 and float(cadres["经济发展"][3]) == 100
    assert "姓名" not in cadres and "编号" not in cadres
    events = _validations(wb["纪实记录"])
    assert events["类型"] == ("list", None, '"加分,减分,一票否决"', None)
    assert events["类别"][1] == "information"
    supervision = _validations(wb["监督信息"])
    assert (
        supervision["处理类型"][2].count(",") == 18
    )  # all 18 built-in measures + 党内警告 (the rules name it)
    assert supervision["是否核实"] == ("list", None, '"是,否"', None)
    history = _validations(wb["历年考核"])
    assert history["年度"] == ("whole", None, "1949", "2100")
    candidates = _validations(wb["拟提拔人选"])
    assert (
        candidates["纪检监察机关意见"][2]
        == '"暂未发现影响提拔任用的问题,建议暂缓,不宜提拔任用,未回复"'
    )


def test_example_rows_formats_and_frozen_headers(zh_book: Path) -> None:
    wb = openpyxl.load_workbook(zh_book)
    for ws in wb.worksheets:
        # header and one example row; 测评票 has none: a ballot for the example cadre would
        # clash with the example row's typed totals (ballot-and-totals)
        assert ws.max_row == (1 if ws.title == "测评票" else 2), ws.title
        assert ws.freeze_panes == ("C2" if ws.title == "干部名册" else "B2")
    ws = wb["干部名册"]
    row = {h.value: c for h, c in zip(ws[1], ws[2], strict=True)}
    assert row["编号"].value == "A001" and row["姓名"].value == "张三"
    assert row["出生年月"].number_format == "yyyy.mm" and row["出生年月"].is_date
    assert row["经济发展"].value == 85 and row["职能工作"].value is None  # the example's track
    assert wb["纪实记录"]["C2"].number_format == "yyyy-mm-dd"
    assert ws.column_dimensions["A"].width >= 8
    assert ws.column_dimensions["K"].width >= 11  # 身份证号 fits its header


def test_columns_follow_custom_rules() -> None:
    rules = load_rules().rules
    names = [c.name for c in columns("cadres", "zh", rules)]
    assert names[-len(rules.indicator_columns()) :] == list(rules.indicator_columns())


def test_refuses_to_overwrite_without_force(tmp_path: Path) -> None:
    path = tmp_path / "t.xlsx"
    path.write_bytes(b"keep")
    with pytest.raises(OutputError):
        write_template(path)
    assert path.read_bytes() == b"keep"
    write_template(path, force=True)
    assert path.read_bytes()[:2] == b"PK"


def test_cli_writes_the_default_name(tmp_path: Path) -> None:
    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return run_cadrekit("template", *args, cwd=tmp_path)

    assert run().returncode == 0, run().stderr
    assert (tmp_path / "干部考核模板.xlsx").exists()
    second = run()
    assert second.returncode == 2 and "--force" in second.stderr
    assert run("--force").returncode == 0
    assert run("-o", "x.csv").returncode == 2


def test_the_example_row_left_in_is_warned_about(tmp_path: Path) -> None:
    from cadrekit import api

    path = write_template(tmp_path / "t.xlsx")
    warned = [(p.code, p.location, p.found) for p in api.validate(path).problems]
    assert warned == [("template-example-row", "干部名册!A2", "A001 张三")]
    book = openpyxl.load_workbook(path)
    book[SHEET_NAMES["cadres"][0]]["B2"] = "李明"  # a real cadre typed over the example
    book.save(path)
    assert not [p for p in api.validate(path).problems if p.code == "template-example-row"]


def test_score_of_the_template_warns_about_the_example_row_on_stderr(tmp_path: Path) -> None:
    path = write_template(tmp_path / "t.xlsx")
    done = run_cadrekit("score", path, "--format", "csv")
    assert done.returncode == 0  # a warning: scored, but said
    said = done.stderr.replace("\n", "")  # rich folds long lines at 80 columns
    assert "警告 干部名册!A2: 模板示例行，将作为一名干部参加评分 A001 张三" in said


def test_every_cell_is_in_songti_as_carry_draws_it(zh_book: Path) -> None:
    """宋体 (GB2312 charset) for the headers, the example row and the empty rows to type in,
    on every sheet: the font ``cadrekit carry`` writes the next year's workbook in."""
    book = openpyxl.load_workbook(zh_book)
    for sheet in book.worksheets:
        for cell in (sheet["A1"], sheet["A2"], sheet["B3"]):
            assert (cell.font.name, cell.font.charset) == ("宋体", 134), (sheet.title, cell)
