"""Every hostile file is refused with a clear InputFileError, in bounded time and memory.

Files are read by a child process (memory capped with RLIMIT_AS, wall time capped by a
timeout) that prints one JSON line per file as it finishes, so a Rust abort or a hang
fails the affected tests instead of killing pytest. Most files share one child; those
that would abort the process if a guard failed (calamine allocating a huge grid or
copying a string per cell, pandas building a million columns: ISOLATED) get their own, so
that one abort cannot hide the result of the others.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
import build

MEMORY_CAP = 3 << 30  # bytes of address space for the reader process
TIMEOUT = 120  # seconds for all files together; a normal run takes a few seconds

CHILD = textwrap.dedent(
    """
    import json, resource, sys, time
    resource.setrlimit(resource.RLIMIT_AS, ({cap}, {cap}))
    from cadrekit.errors import InputFileError
    from cadrekit.io.read import read_book
    for name, path in json.loads(sys.argv[1]).items():
        start = time.monotonic()
        try:
            book = read_book(path)
            result = {{"ok": True, "kind": book.kind,
                       "sheets": [[s.name, list(s.frame.shape)] for s in book.sheets]}}
        except InputFileError as exc:
            result = {{"ok": False, "zh": exc.message("zh"), "en": exc.message("en")}}
        except Exception as exc:  # anything else is a bug: report it as such
            result = {{"ok": False, "bug": repr(exc)}}
        result["seconds"] = round(time.monotonic() - start, 2)
        print(json.dumps({{name: result}}, ensure_ascii=False), flush=True)
    """
).format(cap=MEMORY_CAP)

SHEET1 = "工作表“干部名册”（xl/worksheets/sheet1.xml）"
EXPECTED: dict[str, tuple[str, str]] = {
    "zip_bomb": (
        "解压后大小 2.3 GB 超过上限 2 GB（--max-uncompressed 可调整）",
        "--max-uncompressed",
    ),
    "ratio_bomb": ("压缩比 343:1，超过上限 200:1（疑似压缩炸弹）", "--max-ratio"),
    "lying_sizes": ("文件已损坏或不完整", "Bad CRC-32"),
    "far_cells": (
        "1,048,576 行 × 16,384 列（17,179,869,184 个单元格），超过上限 50,000,000",
        "--max-cells",
    ),
    "far_cells_hidden_row": ("999,999 行 × 702 列", "--max-cells"),
    "laughs_sheet": ("xl/worksheets/sheet1.xml 含有 DTD/实体声明", "refused for safety"),
    "laughs_shared": ("xl/sharedStrings.xml 含有 DTD/实体声明", "refused for safety"),
    "laughs_workbook": ("xl/workbook.xml 含有 DTD/实体声明", "refused for safety"),
    "external_entity": ("xl/sharedStrings.xml 含有 DTD/实体声明", "refused for safety"),
    "padded_prolog": ("64 KB 内没有根元素", "no root element"),
    "truncated_zip": ("文件已损坏或不完整", "damaged or truncated"),
    "encrypted_ooxml": ("工作簿设置了密码（已加密）", "File → Info → Protect Workbook"),
    "csv_as_xlsx": ("这其实是CSV 文本文件，只是扩展名为 .xlsx", "rename it to .csv"),
    "html_as_xlsx": ("这其实是网页（HTML）文件", "web page (HTML)"),
    "xls_as_xlsx": ("无法读取工作簿，文件可能已损坏", "may be damaged"),
    "empty_file": ("文件是空的（0 字节）", "empty (0 bytes)"),
    "no_sheets": ("工作簿中没有工作表", "no sheets"),
    "only_hidden": ("工作表全部被隐藏（干部名册）", "Unhide"),
    "csv_with_nul": ("第 3 行（字节 32）含有 NUL 空字符", "NUL byte"),
    "csv_mixed_utf8_first": ("混用了两种编码：第 1 行是 UTF-8，第 2 行是 GBK", "mixes encodings"),
    "csv_mixed_gbk_first": ("混用了两种编码：第 3 行是 UTF-8，第 1 行是 GBK", "mixes encodings"),
    "unknown_suffix": (
        "不支持的文件类型“.docx”，可用：.xlsx、.xlsm、.xls、.ods、.csv",
        "accepted:",
    ),
    "date_serial_out_of_range": (
        "date_serial.xlsx：工作表“干部名册”的单元格 A2 设为日期格式，但数值 -1e+308 不是任何日期"
        "（Excel 的日期在 1900-01-01 – 9999-12-31 之间）",
        "cell A2 of sheet '干部名册' is formatted as a date but holds -1e+308",
    ),
    **{
        name: (
            f"{part}的已用区域达 1,048,576 行 × 16,384 列（17,179,869,184 个单元格），"
            "超过上限 50,000,000（--max-cells 可调整）",
            "(raise it with --max-cells)",
        )
        for name, part in {
            "ref_single_quotes": SHEET1,
            "ref_spaced": SHEET1,
            "ref_newline": SHEET1,
            "ref_lower_case": SHEET1,
            "ref_not_first": SHEET1,
            "prefixed_cells": SHEET1,
            "quoted_tag": SHEET1,
            "sheet_not_xml": "工作表“干部名册”（xl/worksheets/s.bin）",
        }.items()
    },
    "implicit_cells": (
        "implicit-cells.xlsx：工作表“干部名册”（xl/worksheets/sheet1.xml）的已用区域达 1,048,576 行 × 100 列"
        "（104,857,600 个单元格），超过上限 50,000,000（--max-cells 可调整）",
        "(raise it with --max-cells)",
    ),
    "implicit_rows": (
        "implicit-rows.xlsx：工作表“干部名册”（xl/worksheets/sheet1.xml）有 1,048,579 行，超过上限 1,048,576"
        "（--max-rows 可调整）",
        "(raise it with --max-rows)",
    ),
    "shared_string_bomb": (
        "shared-bomb.xlsx：工作表“干部名册”（xl/worksheets/sheet1.xml）引用的共享文本展开后达 5.6 GB，超过上限 1 GB"
        "（每个单元格各算一份）（--max-text-size 可调整）",
        "(raise it with --max-text-size)",
    ),
    "ods_rows_repeated": (
        "ods-rows.ods：content.xml 第 1 个工作表展开后达 4,000 行 × 16,000 列"
        "（64,000,000 个单元格），超过上限 50,000,000（--max-cells 可调整）",
        "(raise it with --max-cells)",
    ),
    "ods_columns_repeated": (
        "ods-columns.ods：content.xml 第 1 个工作表第 1 行展开后有 60,000,000 列，超过上限 16,384 列",
        "row 1 expands to 60,000,000 columns, beyond 16,384",
    ),
    "csv_wide": (
        "wide.csv：CSV 第 1 行有 1,000,000 个值，超过上限 16,384 列（Excel 的最大列数）",
        "CSV line 1 has 1,000,000 values",
    ),
    "ods_encrypted": ("encrypted.ods：工作簿设置了密码（已加密）", "password-protected"),
    **dict.fromkeys(
        [
            "ref_tabs",
            "ref_crlf",
            "ref_mixed_case",
            "ref_leading_zero",
            "far_empty_cell",
            "far_inline_string",
            "far_after_comment",
        ],
        (f"{SHEET1}的已用区域达 1,048,576 行 × 16,384 列", "(raise it with --max-cells)"),
    ),
    # calamine itself refuses a character reference or $ in a cell reference
    "ref_char_reference": ("无法读取工作簿，文件可能已损坏", "may be damaged"),
    "ref_dollars": ("无法读取工作簿，文件可能已损坏", "may be damaged"),
    "far_row_single_quotes": (f"{SHEET1}的已用区域达 1,048,576 行 × 100 列", "--max-cells"),
    **{
        name: (f"工作表“干部名册”（{part}）的已用区域达 1,048,576 行 × 16,384 列", "--max-cells")
        for name, part in {
            "sheet_no_suffix": "xl/worksheets/sheet1",
            "sheet_upper_case": "xl/worksheets/SHEET1.XML",
            "sheet_absolute_target": "xl/ws/a.xml",
            "sheet_parent_target": "xl/ws2/b.dat",
        }.items()
    },
    **dict.fromkeys(
        ["csv_wide_semicolons", "tsv_wide", "csv_wide_quoted"],
        ("CSV 第 1 行有 1,000,000 个值，超过上限 16,384 列", "CSV line 1 has 1,000,000 values"),
    ),
    "ods_row_group": ("展开后达 4,000 行 × 16,000 列", "--max-cells"),
    "ods_repeated_text": ("的文本展开后达 9.3 GB，超过上限 1 GB", "--max-text-size"),
    **dict.fromkeys(
        [
            "ods_encrypted_aes",
            "ods_encrypted_manifest_last",
            "ods_encrypted_prefix",
            "ods_encrypted_default_namespace",
            "ods_encrypted_line_breaks",
            "ods_encrypted_stored",
            "ods_whole_package",
        ],
        ("工作簿设置了密码（已加密）", "password-protected"),
    ),
    "ods_without_content": (".ods 中缺少 content.xml", "the .ods has no content.xml"),
    **dict.fromkeys(
        ["xlsb_named", "xlsb_as_xlsx"],
        ("这是 Excel 二进制工作簿（.xlsb），不支持", "Excel binary workbook (.xlsb)"),
    ),
}

# Each in its own child: a failing guard would end the process (SIGABRT / SIGSEGV).
ISOLATED = {
    "far_cells",
    "far_cells_hidden_row",
    "ref_single_quotes",
    "ref_spaced",
    "ref_newline",
    "ref_lower_case",
    "ref_not_first",
    "implicit_cells",
    "implicit_rows",
    "prefixed_cells",
    "quoted_tag",
    "sheet_not_xml",
    "shared_string_bomb",
    "ods_rows_repeated",
    "ods_columns_repeated",
    "csv_wide",
    "ref_tabs",
    "ref_crlf",
    "ref_mixed_case",
    "ref_leading_zero",
    "ref_char_reference",
    "ref_dollars",
    "far_empty_cell",
    "far_inline_string",
    "far_row_single_quotes",
    "far_after_comment",
    "sheet_no_suffix",
    "sheet_upper_case",
    "sheet_absolute_target",
    "sheet_parent_target",
    "csv_wide_semicolons",
    "tsv_wide",
    "csv_wide_quoted",
    "ods_row_group",
    "ods_repeated_text",
}


def _read_in_child(paths: dict[str, Path]) -> tuple[dict[str, object], int | None, str]:
    arg = json.dumps({name: str(p) for name, p in paths.items()})
    try:
        proc = subprocess.run(
            [sys.executable, "-c", CHILD, arg], capture_output=True, text=True, timeout=TIMEOUT
        )
        stdout, tail, code = proc.stdout, proc.stderr[-2000:], proc.returncode
    except subprocess.TimeoutExpired as exc:
        out = exc.stdout or b""
        stdout = out.decode() if isinstance(out, bytes) else out
        tail, code = f"timed out after {TIMEOUT} s", None
    results: dict[str, object] = {}
    for line in stdout.splitlines():
        results.update(json.loads(line))
    return results, code, tail


@pytest.fixture(scope="module")
def outcome(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    folder = tmp_path_factory.mktemp("hostile")
    paths = build.build_all(folder)
    paths["huge_dimension"] = build.huge_dimension(folder)
    before = sorted(p.name for p in folder.iterdir())
    shared = {n: p for n, p in paths.items() if n not in ISOLATED}
    results, code, tail = _read_in_child(shared)
    codes: dict[str, int | None] = {}
    for name in sorted(ISOLATED):
        alone, codes[name], err = _read_in_child({name: paths[name]})
        results.update(alone)
        if codes[name] != 0:
            tail += f"\n[{name}: exit {codes[name]}] {err}"
    after = sorted(p.name for p in folder.iterdir())
    return {
        "results": results,
        "code": code,
        "codes": codes,
        "stderr": tail,
        "written": set(after) - set(before),
    }


def _result(outcome: dict, name: str) -> dict:
    results = outcome["results"]
    assert name in results, (
        f"reader died before finishing {name}: exit {outcome['code']}\n{outcome['stderr']}"
    )
    return results[name]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_refused_with_clear_message(outcome: dict, name: str) -> None:
    result = _result(outcome, name)
    zh, en = EXPECTED[name]
    assert "bug" not in result, result
    assert result["ok"] is False, result
    assert zh in result["zh"]
    assert en in result["en"]
    assert result["zh"].count("\n") == 0
    assert result["seconds"] < 60  # generous: only catches a hang


def test_every_builder_is_covered() -> None:
    assert set(EXPECTED) == set(build.BUILDERS)


def test_huge_dimension_with_two_cells_reads_quickly(outcome: dict) -> None:
    result = _result(outcome, "huge_dimension")
    assert result["ok"] is True, result
    assert result["sheets"] == [["干部名册", [1, 2]]]


def test_reader_process_exited_cleanly_and_wrote_nothing(outcome: dict) -> None:
    assert outcome["code"] == 0, outcome["stderr"]
    assert outcome["codes"] == dict.fromkeys(ISOLATED, 0), outcome["stderr"]
    assert outcome["written"] == set()
    assert "panicked" not in outcome["stderr"]  # a Rust panic's text is never shown


def test_isolated_cases_exist() -> None:
    assert ISOLATED.issubset(build.BUILDERS)


def test_nothing_left_in_tmpdir(tmp_path: Path) -> None:
    """Reading every hostile file leaves nothing in TMPDIR (a misnamed workbook is read
    through a link in a temporary folder, which must go)."""
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    folder = tmp_path / "files"
    paths = {n: p for n, p in build.build_all(folder).items() if n not in ISOLATED}
    env = {**os.environ, "TMPDIR": str(tmp)}
    arg = json.dumps({name: str(p) for name, p in paths.items()})
    proc = subprocess.run(
        [sys.executable, "-c", CHILD, arg], capture_output=True, text=True, timeout=TIMEOUT, env=env
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert list(tmp.iterdir()) == []
