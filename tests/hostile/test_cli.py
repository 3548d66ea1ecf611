"""Every hostile case of issue 14 end to end: the installed ``cadrekit`` in a capped child.

Each case runs ``cadrekit …`` with at most 3 GiB of address space and 120 s
(``capped.py``), a fresh TMPDIR, and asserts the exit code, the exact first line of
stderr (Chinese), no traceback, no Rust panic, nothing left in TMPDIR and no new file
beside the input. Files: ``build.py`` (unreadable or hostile files: refused) and
``rosters.py`` (valid rosters with one hostile change, hostile rule files).
"""

from __future__ import annotations

import csv
import io
import os
import sys
import unicodedata
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
import build
import rosters
from capped import assert_no_crash, run_capped

SAMPLE = Path(__file__).parents[2] / "data" / "samples" / "county-2025.xlsx"

FAR = (
    "工作表“干部名册”（xl/worksheets/sheet1.xml）的已用区域达 1,048,576 行 × 16,384 列"
    "（17,179,869,184 个单元格），超过上限 50,000,000（--max-cells 可调整）"
)
ENCRYPTED = (
    "工作簿设置了密码（已加密），无法读取 — 请在 Excel 中移除密码"
    "（文件→信息→保护工作簿→用密码进行加密，清空后保存）再试"
)
ENCRYPTED_ODS = (
    "工作簿设置了密码（已加密），无法读取 — 请在 LibreOffice 中打开，"
    "另存为时取消勾选“使用密码保存”后再试"
)
CSV_WIDE = (
    "CSV 第 1 行有 1,000,000 个值，超过上限 16,384 列（Excel 的最大列数） — "
    "请检查该行的分隔符，或删除多余的列后另存"
)
XLSB = (
    "这是 Excel 二进制工作簿（.xlsb），不支持：其工作表无法在读取前检查大小 — "
    "请在 Excel 中打开后另存为 .xlsx（文件→另存为→Excel 工作簿）"
)

#: build.py's files: ``cadrekit score FILE`` exits 1 with ``错误: FILE：`` and this
READER: dict[str, str] = {
    "csv_as_xlsx": "这其实是CSV 文本文件，只是扩展名为 .xlsx — 若是 CSV，请把扩展名改为 .csv；否则请在 Excel 中打开后另存为 .xlsx",
    "csv_mixed_gbk_first": "文件混用了两种编码：第 3 行是 UTF-8，第 1 行是 GBK — 请把各部分统一另存为“CSV UTF-8”后再合并",
    "csv_mixed_utf8_first": "文件混用了两种编码：第 1 行是 UTF-8，第 2 行是 GBK — 请把各部分统一另存为“CSV UTF-8”后再合并",
    "csv_wide": CSV_WIDE,
    "csv_wide_quoted": CSV_WIDE,
    "csv_wide_semicolons": CSV_WIDE,
    "csv_with_nul": "第 3 行（字节 32）含有 NUL 空字符，不是文本 CSV — 请在 Excel 中打开后另存为 CSV UTF-8",
    "date_serial_out_of_range": "工作表“干部名册”的单元格 A2 设为日期格式，但数值 -1e+308 不是任何日期（Excel 的日期在 1900-01-01 – 9999-12-31 之间） — 请在 Excel 中改正或清空 干部名册!A2 后保存",
    "empty_file": "文件是空的（0 字节） — 可能保存或复制时出错，请重新保存",
    "encrypted_ooxml": ENCRYPTED,
    "external_entity": "xl/sharedStrings.xml 含有 DTD/实体声明（<!DOCTYPE/<!ENTITY>），出于安全原因拒绝读取 — 正常的 Excel 文件不含 DTD；请在 Excel 中打开后另存为新的 .xlsx",
    "far_after_comment": FAR,
    "far_cells": FAR,
    "far_cells_hidden_row": "工作表“干部名册”（xl/worksheets/sheet1.xml）的已用区域达 999,999 行 × 702 列（701,999,298 个单元格），超过上限 50,000,000（--max-cells 可调整）",
    "far_empty_cell": FAR,
    "far_inline_string": FAR,
    "far_row_single_quotes": "工作表“干部名册”（xl/worksheets/sheet1.xml）的已用区域达 1,048,576 行 × 100 列（104,857,600 个单元格），超过上限 50,000,000（--max-cells 可调整）",
    "html_as_xlsx": "这其实是网页（HTML）文件，只是扩展名为 .xlsx（常见于系统“导出 Excel”） — 请在 Excel 中打开后另存为 .xlsx",
    "implicit_cells": "工作表“干部名册”（xl/worksheets/sheet1.xml）的已用区域达 1,048,576 行 × 100 列（104,857,600 个单元格），超过上限 50,000,000（--max-cells 可调整）",
    "implicit_rows": "工作表“干部名册”（xl/worksheets/sheet1.xml）有 1,048,579 行，超过上限 1,048,576（--max-rows 可调整）",
    "laughs_shared": "xl/sharedStrings.xml 含有 DTD/实体声明（<!DOCTYPE/<!ENTITY>），出于安全原因拒绝读取 — 正常的 Excel 文件不含 DTD；请在 Excel 中打开后另存为新的 .xlsx",
    "laughs_sheet": "xl/worksheets/sheet1.xml 含有 DTD/实体声明（<!DOCTYPE/<!ENTITY>），出于安全原因拒绝读取 — 正常的 Excel 文件不含 DTD；请在 Excel 中打开后另存为新的 .xlsx",
    "laughs_workbook": "xl/workbook.xml 含有 DTD/实体声明（<!DOCTYPE/<!ENTITY>），出于安全原因拒绝读取 — 正常的 Excel 文件不含 DTD；请在 Excel 中打开后另存为新的 .xlsx",
    "lying_sizes": "文件已损坏或不完整（zip 结构错误：Bad CRC-32 for file 'xl/worksheets/sheet1.xml'） — 请重新从原处复制或下载，或在 Excel 中打开后另存为 .xlsx",
    "no_sheets": "工作簿中没有工作表 — 请在 Excel 中打开后另存为 .xlsx",
    "ods_columns_repeated": "content.xml 第 1 个工作表第 1 行展开后有 60,000,000 列，超过上限 16,384 列 — 请在 LibreOffice 中删除多余的列后另存",
    "ods_encrypted": ENCRYPTED_ODS,
    "ods_encrypted_aes": ENCRYPTED_ODS,
    "ods_encrypted_default_namespace": ENCRYPTED_ODS,
    "ods_encrypted_line_breaks": ENCRYPTED_ODS,
    "ods_encrypted_manifest_last": ENCRYPTED_ODS,
    "ods_encrypted_prefix": ENCRYPTED_ODS,
    "ods_encrypted_stored": ENCRYPTED_ODS,
    "ods_repeated_text": "content.xml 第 1 个工作表的文本展开后达 9.3 GB，超过上限 1 GB（--max-text-size 可调整）",
    "ods_row_group": "content.xml 第 1 个工作表展开后达 4,000 行 × 16,000 列（64,000,000 个单元格），超过上限 50,000,000（--max-cells 可调整）",
    "ods_rows_repeated": "content.xml 第 1 个工作表展开后达 4,000 行 × 16,000 列（64,000,000 个单元格），超过上限 50,000,000（--max-cells 可调整）",
    "ods_whole_package": ENCRYPTED_ODS,
    "ods_without_content": "文件已损坏或不完整（.ods 中缺少 content.xml） — 请重新从原处复制或下载，或在 LibreOffice 中打开后另存为 .ods",
    "only_hidden": "工作簿中的工作表全部被隐藏（干部名册） — 请在 Excel 中右键工作表标签→取消隐藏，保存后再试",
    "padded_prolog": "xl/worksheets/sheet1.xml 的 XML 开头异常（64 KB 内没有根元素） — 请在 Excel 中打开后另存为新的 .xlsx",
    "prefixed_cells": FAR,
    "quoted_tag": FAR,
    "ratio_bomb": "压缩比异常：xl/worksheets/sheet1.xml 压缩比 343:1，超过上限 200:1（疑似压缩炸弹）（--max-ratio 可调整）",
    "ref_char_reference": "无法读取工作簿，文件可能已损坏（Expecting alphanumeric character, got 26） — 请在 Excel 中打开后另存为 .xlsx",
    "ref_crlf": FAR,
    "ref_dollars": "无法读取工作簿，文件可能已损坏（Expecting alphanumeric character, got 24） — 请在 Excel 中打开后另存为 .xlsx",
    "ref_leading_zero": FAR,
    "ref_lower_case": FAR,
    "ref_mixed_case": FAR,
    "ref_newline": FAR,
    "ref_not_first": FAR,
    "ref_single_quotes": FAR,
    "ref_spaced": FAR,
    "ref_tabs": FAR,
    "shared_string_bomb": "工作表“干部名册”（xl/worksheets/sheet1.xml）引用的共享文本展开后达 5.6 GB，超过上限 1 GB（每个单元格各算一份）（--max-text-size 可调整）",
    "sheet_absolute_target": "工作表“干部名册”（xl/ws/a.xml）的已用区域达 1,048,576 行 × 16,384 列（17,179,869,184 个单元格），超过上限 50,000,000（--max-cells 可调整）",
    "sheet_no_suffix": "工作表“干部名册”（xl/worksheets/sheet1）的已用区域达 1,048,576 行 × 16,384 列（17,179,869,184 个单元格），超过上限 50,000,000（--max-cells 可调整）",
    "sheet_not_xml": "工作表“干部名册”（xl/worksheets/s.bin）的已用区域达 1,048,576 行 × 16,384 列（17,179,869,184 个单元格），超过上限 50,000,000（--max-cells 可调整）",
    "sheet_parent_target": "工作表“干部名册”（xl/ws2/b.dat）的已用区域达 1,048,576 行 × 16,384 列（17,179,869,184 个单元格），超过上限 50,000,000（--max-cells 可调整）",
    "sheet_upper_case": "工作表“干部名册”（xl/worksheets/SHEET1.XML）的已用区域达 1,048,576 行 × 16,384 列（17,179,869,184 个单元格），超过上限 50,000,000（--max-cells 可调整）",
    "truncated_zip": "文件已损坏或不完整（zip 结构错误：File is not a zip file） — 请重新从原处复制或下载，或在 Excel 中打开后另存为 .xlsx",
    "tsv_wide": CSV_WIDE,
    "unknown_suffix": "不支持的文件类型“.docx”，可用：.xlsx、.xlsm、.xls、.ods、.csv、.tsv、.txt、.parquet",
    "xls_as_xlsx": "无法读取工作簿，文件可能已损坏（Cfb error: Invalid sector shift, expecting 0x09 or 0x0C found 0） — 请在 Excel 中打开后另存为 .xlsx",
    "xlsb_as_xlsx": XLSB,
    "xlsb_named": XLSB,
    "zip_bomb": "解压后大小 2.3 GB 超过上限 2 GB（--max-uncompressed 可调整）",
}

SUMMARY = "考核年度 2025 · 5 名干部 · 规则：default"
NOT_SCORED = "输入有 {n} 处错误，未评分 — 修正后重新运行，或加 --lenient 只评有效的行"
RANGE = "1949-01-01 – 2100-12-31"
MASKED_FIRST = rosters.FIRST_ID[:6] + "*" * 8 + rosters.FIRST_ID[-4:]
MASKED_OTHER = rosters.OTHER_ID[:6] + "*" * 8 + rosters.OTHER_ID[-4:]
NO_TRAINING = "错误: 没有 教育培训 工作表，无法统计培训学时 — 请添加 教育培训 工作表（cadrekit template 可生成模板）"


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("hostile-files")
    return {**build.build_all(folder / "files"), **rosters.build_all(folder / "rosters")}


def run(tmp_path: Path, watched: Path, *args: str | Path):
    """The capped command, run in ``watched`` (the input's folder): nothing new in its
    TMPDIR or in ``watched``, and no crash text on stderr."""
    tmp = tmp_path / "tmp"
    tmp.mkdir(exist_ok=True)
    before = sorted(os.listdir(watched))
    result = run_capped(*args, tmpdir=tmp, cwd=watched)
    assert_no_crash(result.stderr)
    assert os.listdir(tmp) == [], "left in TMPDIR"
    assert sorted(os.listdir(watched)) == before, "left beside the input"
    return result


def has_line(text: str, spec: str) -> bool:
    """A line of ``text`` holds ``spec``; "…" in it stands for table padding."""
    parts = spec.split("…")
    return any(_in_order(line, parts) for line in text.splitlines())


def _in_order(line: str, parts: list[str]) -> bool:
    at = 0
    for part in parts:
        at = line.find(part.strip() if len(parts) > 1 else part, at)
        if at < 0:
            return False
    return True


def first_line(result) -> str:
    lines = result.stderr.splitlines()
    return lines[0] if lines else ""


def test_every_file_builder_has_a_case() -> None:
    assert set(READER) == set(build.BUILDERS)
    assert set(CASES) == set(rosters.ROSTERS) | set(rosters.RULE_FILES)


@pytest.mark.parametrize("name", sorted(READER))
def test_hostile_file_is_one_located_line_exit_1(hostile, tmp_path, name):
    path = hostile[name]
    result = run(tmp_path, path.parent, "score", path, "--format", "csv")
    assert result.returncode == 1, result.stderr
    assert first_line(result) == f"错误: {path.name}：{READER[name]}"
    assert result.stdout == ""


# --- rosters and rule files: (arguments, exit code, first line, lines also on stderr) -------
# "{file}" is the built file, "{out}" a fresh output folder.

Case = tuple[tuple[str, ...], int, str, tuple[str, ...]]
SCORE_CSV = ("score", "{file}", "--format", "csv")


def _refused(name: str, n: int, first: str, *lines: str) -> Case:
    """``score`` refuses a roster with ``n`` errors: the summary, ``lines``, the total."""
    return (SCORE_CSV, 1, first, (*lines, NOT_SCORED.format(n=n)))


def _date(cell: str, value: str) -> str:
    return f"│ {cell} │ {value} │ {RANGE} │"


def _rules(loc: str, message: str) -> Case:
    return (("rules", "check", "{file}"), 1, f"错误: 规则文件有误（{loc}）：{message}", ())


CASES: dict[str, Case] = {
    **dict.fromkeys(
        ("id_header_haoma", "id_header_zhengjian", "id_header_short", "id_in_unknown_column"),
        (SCORE_CSV, 0, SUMMARY, ()),
    ),
    "formula_header": (("score", "{file}", "-o", "{out}/scores.csv"), 0, SUMMARY, ()),
    "wide_roster": (
        ("score", "{file}", "-o", "{out}/scores.xlsx"),
        0,
        SUMMARY,
        (
            "警告 明细: 工作表“明细”最多写入 16,384 列：输入中另有 31 列（备注16335 … 备注16365）"
            "未写入工作簿",
        ),
    ),
    "event_9999_serial": _refused(
        "event-9999-serial",
        1,
        f"错误 日期 9999-12-31 不在合理范围（{RANGE}）内，未采用 (implausible-date) × 1",
        _date("纪实记录!C4", "9999-12-31"),
    ),
    "event_9999_iso": _refused(
        "event-9999-iso",
        1,
        f"错误 日期 9999-12-31 不在合理范围（{RANGE}）内，未采用 (implausible-date) × 1",
        _date("纪实记录!C4", "9999-12-31"),
    ),
    "event_1900": _refused(
        "event-1900",
        1,
        f"错误 日期 1900-01-01 不在合理范围（{RANGE}）内，未采用 (implausible-date) × 1",
        _date("纪实记录!C4", "1900-01-01"),
    ),
    # 任现职时间 enters no score: a located warning, the date not used, scored
    "appointed_9999_serial": (
        SCORE_CSV,
        0,
        SUMMARY,
        (f"警告 干部名册!J4: 日期 9999-12-31 不在合理范围（{RANGE}）内，未采用 9999-12-31",),
    ),
    "born_minus_1e308": _refused(
        "born-minus-1e308",
        1,
        "错误 日期无法识别 (bad-date) × 1",
        "│ 干部名册!I4 │ -1e+308 │ 2021-03-15 / 2021.03 │ 请写成 2021-03-15、2021.03 或 2021年3月 │",
    ),
    "no_training_sheet": (
        ("training", "{file}"),
        1,
        NO_TRAINING,
        (
            "  缺少工作表 教育培训 — 请添加名为 教育培训 的工作表（可用 cadrekit template 生成模板）",
        ),
    ),
    "rules_nan_weight": _rules(
        "rules-nan-weight.yaml:70:32", "数值 .nan 不是有限数（不接受 .nan、.inf）"
    ),
    "rules_nan_component": _rules(
        "rules-nan-component.yaml:77:25", "数值 .NaN 不是有限数（不接受 .nan、.inf）"
    ),
    "rules_nan_min_score": _rules(
        "rules-nan-min.yaml:201:14", "数值 .nan 不是有限数（不接受 .nan、.inf）"
    ),
    "rules_nan_cap": _rules(
        "rules-nan-cap.yaml:109:10", "数值 .nan 不是有限数（不接受 .nan、.inf）"
    ),
    "rules_inf_weight": _rules(
        "rules-inf-weight.yaml:77:25", "数值 1.0e+999 不是有限数（不接受 .nan、.inf）"
    ),
    "rules_nan_text": (
        ("rules", "check", "{file}"),
        1,
        "错误: 规则文件有误（rules-nan-text.yaml）：1 处问题，首个位于 adjustments.bonus.cap",
        (
            "  adjustments.bonus.cap: 规则文件有误 (实际为 nan) — adjustments.bonus.cap: "
            "须为有限数（不接受 nan、inf）",
        ),
    ),
    "rules_duplicate_key": _rules(
        "rules-duplicate.yaml:200:5", "键 staff 重复（第 199 行和第 200 行）；请只保留一个"
    ),
    "rules_deep": _rules("rules-deep.yaml:1:41", "嵌套超过 32 层"),
    "rules_oversized": (
        ("rules", "check", "{file}"),
        1,
        "错误: 无法读取规则文件 rules-big.yaml：文件超过 1 MiB — 规则文件通常只有几 KB，请确认给的是规则文件",
        (),
    ),
}
LOOK_ALIKE = {
    "id_soft_hyphen": ("U+00AD", "软连字符"),
    "id_lrm": ("U+200E", "从左到右标记"),
    "id_rlo": ("U+202E", "双向文字控制符"),
    "id_isolate": ("U+2066（双向文字控制符）、U+2069", "双向文字控制符"),
    "id_first_strong_isolate": ("U+2068", "双向文字控制符"),
}
for _name, (_code, _what) in LOOK_ALIKE.items():
    # the cell as found, its invisible characters written out (never printed raw)
    _marks = "".join(f"<{c}>" for c in _code.split("（双向文字控制符）、"))
    CASES[_name] = _refused(
        _name,
        2,
        "错误 编号重复 (duplicate-id) × 2",
        "│ 干部名册!A4 │ A0001 …│ 每名干部的编号必须唯一；另见 干部名册!A5 │",
        f"│ 干部名册!A5 │ A{_marks}0001 …│ 每名干部的编号必须唯一；另见 干部名册!A4 │",
        f"警告 含看不见的字符 {_code}（{_what}），已删除，读作 A0001 (invisible-character) × 1",
    )


def _args(args: tuple[str, ...], file: Path, out: Path) -> list[str]:
    return [a.format(file=file, out=out) for a in args]


def _csv_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def _masked(result, out: Path) -> None:
    assert rosters.FIRST_ID not in result.stdout and rosters.OTHER_ID not in result.stdout
    first = {r["编号"]: r for r in _csv_rows(result.stdout)}["A0001"]
    assert MASKED_FIRST in first.values()


def _masked_unknown(result, out: Path) -> None:
    _masked(result, out)
    assert {r["编号"]: r["户籍证件"] for r in _csv_rows(result.stdout)}["A0001"] == MASKED_OTHER


def _formula_guarded(result, out: Path) -> None:
    header = next(csv.reader(io.StringIO((out / "scores.csv").read_text(encoding="utf-8-sig"))))
    assert "'" + rosters.FORMULA_HEADER in header and rosters.FORMULA_HEADER not in header


def _date_not_used(result, out: Path) -> None:
    assert {r["编号"]: r["任现职时间"] for r in _csv_rows(result.stdout)}["A0001"] == ""


def _nothing_invisible(result, out: Path) -> None:
    """An RLO printed as it is would turn the rest of the terminal line around."""
    hidden = {f"U+{ord(c):04X}" for c in result.stderr if unicodedata.category(c) == "Cf"}
    assert hidden == set()


#: what each case's output must hold beyond its exit code and stderr
CHECKS = {
    **dict.fromkeys(LOOK_ALIKE, _nothing_invisible),
    "id_header_haoma": _masked,
    "id_header_zhengjian": _masked,
    "id_header_short": _masked,
    "id_in_unknown_column": _masked_unknown,
    "formula_header": _formula_guarded,
    "appointed_9999_serial": _date_not_used,
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_hostile_roster_or_rule_file_end_to_end(hostile, tmp_path, name):
    args, code, first, lines = CASES[name]
    path, out = hostile[name], tmp_path / "out"
    out.mkdir()
    result = run(tmp_path, path.parent, *_args(args, Path(path.name), out))
    assert result.returncode == code, result.stderr
    assert first_line(result) == first
    for line in lines:
        assert has_line(result.stderr, line), line
    if name.startswith("rules_"):  # the same refusal when scoring with it
        scored = run(
            tmp_path, path.parent, "score", SAMPLE, "--rules", path.name, "--format", "csv"
        )
        assert (scored.returncode, first_line(scored)) == (1, first)
        assert scored.stdout == ""
    if name in CHECKS:
        CHECKS[name](result, out)
    written = sorted(p.name for p in out.iterdir())
    assert written == sorted(Path(a).name for a in args if a.startswith("{out}")), written


NOT_REGULAR = "不是普通文件（设备、管道或套接字） — 请给出一个 .yaml 文件"


@pytest.mark.parametrize(
    ("kind", "what"),
    [
        ("/dev/zero", NOT_REGULAR),
        ("fifo", NOT_REGULAR),
        ("folder", "这是一个文件夹 — 请给出文件名"),
    ],
)
def test_a_rule_file_that_is_not_a_regular_file_is_refused_unread(tmp_path, kind, what):
    """--rules /dev/zero read until MemoryError; a FIFO with no writer would block."""
    here = tmp_path / "here"
    here.mkdir()
    name = kind
    if kind == "fifo":
        name = "rules.yaml"
        os.mkfifo(here / name)
    elif kind == "folder":
        name = "rules"
        (here / name).mkdir()
    for args in (("rules", "check", name), ("score", SAMPLE, "--rules", name)):
        result = run(tmp_path, here, *args)
        assert result.returncode == 1, result.stderr
        assert result.stderr.splitlines() == [f"错误: 无法读取规则文件 {name}：{what}"]
