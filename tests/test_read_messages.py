"""What a user reads when an input file cannot be read as named: exact words, exit codes, cells.

* A missing file is named by the path as typed, folder included; exit 2 (nothing read).
* A CSV the tokenizer refuses is told in our words: the line, values found and expected,
  and how to fix it, never pandas' internal text.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from cadrekit.errors import EXIT_USAGE, InputFileError, PathNotFound
from cadrekit.io.read import read_book
from cadrekit.io.read_csv import _csv_error
from runner import run_cadrekit


def cadrekit(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return run_cadrekit(*args, cwd=cwd)


# --- a missing file ---------------------------------------------------------------------


def test_missing_file_is_named_with_its_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "data").mkdir()
    with pytest.raises(PathNotFound) as info:
        read_book(Path("data/名册.xlsx"))
    assert info.value.message() == "找不到文件 data/名册.xlsx — 请检查路径和文件名"
    assert info.value.message("en") == (
        "file not found: data/名册.xlsx — check the folder and the file name"
    )


def test_missing_file_from_the_command_line(tmp_path: Path) -> None:
    proc = cadrekit("validate", "data/名册.xlsx", cwd=tmp_path)
    assert proc.returncode == EXIT_USAGE == 2  # nothing was read (README's conventions)
    assert "找不到文件 data/名册.xlsx" in proc.stderr
    assert proc.stdout == ""


# --- CSV the tokenizer refuses ----------------------------------------------------------


def test_pandas_field_count_message_is_reworded() -> None:
    message = "Error tokenizing data. C error: Expected 12 fields in line 5, saw 13\n"
    error = _csv_error(Path("data/名册.csv"), b"", "utf-8", ",", message)
    assert error.message() == (
        "名册.csv：CSV 第 5 行有 13 个值，应为 12 个"
        " — 值中含逗号时须用英文双引号把整个值括起来，或在 Excel 中另存为 .xlsx"
    )
    assert error.message("en") == (
        "名册.csv: CSV line 5 has 13 values where 12 are expected"
        " — a comma inside a value must be inside double quotes; or save it from Excel as .xlsx"
    )


def test_tab_separated_hint_names_the_tab() -> None:
    message = "Error tokenizing data. C error: Expected 3 fields in line 2, saw 4\n"
    error = _csv_error(Path("x.tsv"), b"", "utf-8", "\t", message)
    assert "值中含制表符时须用英文双引号" in error.message()
    assert "a tab inside a value" in error.message("en")


def test_rows_that_keep_growing_past_a_huge_field(tmp_path: Path) -> None:
    """A field over the csv module's 128 KB limit: the tokenizer's own count is all there
    is, and the third widening still fails; the line and counts are pandas' last ones."""
    header = ",".join(f"h{i}" for i in range(12))
    row = ",".join(str(i) for i in range(12))
    lines = [header, "a" * 200_000 + "," + row[2:], row, row + ",x", row + ",y,z"]
    lines += [row + ",1,2,3", row + ",1,2,3,4"]
    path = tmp_path / "宽.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(InputFileError) as info:
        read_book(path)
    assert info.value.message_zh == "宽.csv：CSV 第 6 行有 15 个值，应为 14 个"
    assert "Error tokenizing" not in info.value.message()
    assert "C error" not in info.value.message("en")


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ('编号,姓名,分数\n001,"张三,85\n002,李四,90\n', 2),
        ('编号,姓名,"分数\n001,张三,85\n', 1),
        ('编号,姓名,分数\n001,"张\n三",85\n002,李四,"90\n003,王五,80\n', 4),
    ],
)
def test_unclosed_quote_names_the_line_it_opens_on(tmp_path: Path, text: str, line: int) -> None:
    path = tmp_path / "名册.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputFileError) as info:
        read_book(path)
    assert info.value.message_zh == (
        f"名册.csv：CSV 第 {line} 行的引号没有配对，其后直到文件末尾都会被当作一个值"
    )
    assert info.value.hint_zh == (
        '请检查该行的英文双引号是否成对（值中的引号要写成两个 ""），或在 Excel 中另存为 .xlsx'
    )
    assert info.value.message_en == (
        f"名册.csv: CSV line {line} opens a quote that is never closed;"
        " the rest of the file would be one value"
    )


def test_unclosed_quote_from_the_command_line(tmp_path: Path) -> None:
    path = tmp_path / "名册.csv"
    path.write_text('编号,姓名,分数\n001,"张三,85\n002,李四,90\n', encoding="utf-8")
    proc = cadrekit("validate", path)
    assert proc.returncode == 1
    assert "名册.csv：CSV 第 2 行的引号没有配对" in proc.stderr
    assert "EOF" not in proc.stderr and "tokenizing" not in proc.stderr


def test_other_tokenizer_errors_keep_only_the_line() -> None:
    error = _csv_error(
        Path("a.csv"), b"", "utf-8", ",", "Error tokenizing data. C error: out of memory at line 9"
    )
    assert error.message_zh == "a.csv：CSV 第 9 行格式错误，无法解析"
    assert error.message_en == "a.csv: malformed CSV at line 9"


# --- a workbook under another workbook's name -------------------------------------------

ODS_CONTENT = """<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">
<office:body><office:spreadsheet><table:table table:name="干部名册">
<table:table-row><table:table-cell office:value-type="string"><text:p>编号</text:p></table:table-cell>
<table:table-cell office:value-type="string"><text:p>姓名</text:p></table:table-cell>
</table:table-row>
<table:table-row><table:table-cell office:value-type="string"><text:p>001</text:p></table:table-cell>
<table:table-cell office:value-type="string"><text:p>张三</text:p></table:table-cell>
</table:table-row>
</table:table></office:spreadsheet></office:body></office:document-content>"""

ODS_MANIFEST = """<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">
<manifest:file-entry manifest:full-path="/"
 manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>
<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>
</manifest:manifest>"""


def write_ods(path: Path) -> Path:
    """A two-row OpenDocument spreadsheet, as small as LibreOffice reads."""
    import zipfile

    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        zf.writestr("META-INF/manifest.xml", ODS_MANIFEST)
        zf.writestr("content.xml", re.sub(r">\s+<", "><", ODS_CONTENT))  # calamine is strict
    return path


def write_xlsx(path: Path) -> Path:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "干部名册"
    sheet.append(["编号", "姓名"])
    sheet.append(["001", "张三"])
    book.save(path)
    return path


@pytest.mark.parametrize(
    ("write", "name", "kind"),
    [
        (write_xlsx, "名册.xls", "xlsx"),
        (write_xlsx, "名册.ods", "xlsx"),
        (write_ods, "名册.xlsx", "ods"),
    ],
)
def test_misnamed_workbook_is_read_by_content_and_says_so(
    tmp_path: Path, write: object, name: str, kind: str
) -> None:
    path = write(tmp_path / name)  # type: ignore[operator]
    book = read_book(path)
    assert book.kind == kind
    assert book.sheets[0].frame.values.tolist() == [["编号", "姓名"], ["001", "张三"]]
    right = "名册." + kind
    [problem] = book.problems
    assert problem.code == "misnamed-file" and problem.level == "warning"
    assert problem.title() == f"{name} 实际是 .{kind} 文件，已按 .{kind} 读取；建议改名为 {right}"
    assert (
        problem.title("en")
        == f"{name} is really a .{kind} file and was read as one; rename it to {right}"
    )


def test_misnamed_workbook_once_in_the_problem_list(tmp_path: Path) -> None:
    from cadrekit import api

    path = write_xlsx(tmp_path / "名册.xls")
    dataset = api.validate(path)
    assert [p.code for p in dataset.problems if p.code == "misnamed-file"] == ["misnamed-file"]


def test_misnamed_workbook_from_the_command_line(tmp_path: Path) -> None:
    source = Path(__file__).resolve().parents[1] / "data" / "samples" / "county-2025.xlsx"
    path = tmp_path / "名册.xls"
    path.write_bytes(source.read_bytes())
    proc = cadrekit("score", path, "-o", tmp_path / "结果.csv")
    assert proc.returncode == 0, proc.stderr
    assert "警告 名册.xls 实际是 .xlsx 文件，已按 .xlsx 读取；建议改名为 名册.xlsx\n" in proc.stderr
    assert "损坏" not in proc.stderr


def test_real_xls_named_xlsx_is_read_as_xls(tmp_path: Path) -> None:
    import xlwt  # a test dependency (pyproject's test extra): never skipped

    book = xlwt.Workbook()
    sheet = book.add_sheet("干部名册")
    for j, text in enumerate(["编号", "姓名"]):
        sheet.write(0, j, text)
    for j, text in enumerate(["001", "张三"]):
        sheet.write(1, j, text)
    path = tmp_path / "名册.xlsx"
    book.save(str(path))
    raw = read_book(path)
    assert raw.kind == "xls"
    assert raw.sheets[0].frame.values.tolist() == [["编号", "姓名"], ["001", "张三"]]
    assert (
        raw.problems[0].title() == "名册.xlsx 实际是 .xls 文件，已按 .xls 读取；建议改名为 名册.xls"
    )


def test_encrypted_workbook_under_any_name_is_still_refused(tmp_path: Path) -> None:
    import sys

    sys.path.insert(0, str(Path(__file__).parent / "hostile"))
    import build

    for suffix in (".xlsx", ".xls"):
        path = build.encrypted_ooxml(tmp_path).rename(tmp_path / f"加密{suffix}")
        with pytest.raises(InputFileError, match="工作簿设置了密码（已加密），无法读取"):
            read_book(path)
