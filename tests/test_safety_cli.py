"""Nothing runs, nothing leaks, nothing is overwritten — checked from the installed command.

* ``-o`` naming the input (by any spelling, a symlink or a hard link) is refused, even
  with ``--force``; the input keeps its bytes.
* An Excel/WPS lock file ``~$name`` beside the output: a clear error, nothing written.
* Text a spreadsheet would run (=, +, -, @, tab/CR-led) is a text cell in the xlsx and
  neutralised with ``'`` in a CSV file.
* 身份证号 are masked in CSV, JSON, xlsx, the terminal table and error messages, and shown
  only with ``--show-id-numbers``.
* Formula and hyperlink cells of the input are read as their cached values, never
  evaluated: a formula with no cached value (what openpyxl writes) is an empty cell,
  reported as ``formula-no-value`` where a value is needed.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pandas as pd
import pytest

from runner import run_cadrekit

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "data" / "samples"
sys.path.insert(0, str(ROOT / "scripts"))

DANGEROUS = ['=HYPERLINK("http://x")', "+1", "-1+1", "@SUM(A1)", "\t=1", "\r=1"]
FORMULA_START = re.compile(r"^(?:[\t\r]|\s*[=+\-@])")
ID_NUMBER = re.compile(r"\d{17}[\dXx]")


def cadrekit(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return run_cadrekit(*args, cwd=cwd)


def write_roster(frames: dict[str, pd.DataFrame], path: Path) -> Path:
    """A workbook as a unit would send it, written cell by cell with openpyxl."""
    from cadrekit.models.rows import SHEET_NAMES

    book = openpyxl.Workbook()
    book.remove(book.active)
    for kind, frame in frames.items():
        sheet = book.create_sheet(SHEET_NAMES[kind][0])
        sheet.append(list(frame.columns))
        for row in frame.astype(object).itertuples(index=False):
            sheet.append([None if pd.isna(v) else v for v in row])
            for cell in sheet[sheet.max_row]:
                if cell.data_type == "f":  # text such as '=HYPERLINK(…)' stays text
                    cell.data_type = "s"
    book.save(path)
    return path


@pytest.fixture(scope="module")
def frames() -> dict[str, pd.DataFrame]:
    import samplegen

    data = samplegen.generate(30, seed=3)
    return {k: data[k] for k in ("cadres", "events", "supervision", "history")}


@pytest.fixture(scope="module")
def dangerous_roster(
    tmp_path_factory: pytest.TempPathFactory, frames: dict[str, pd.DataFrame]
) -> Path:
    cadres = frames["cadres"].copy()
    for i, name in enumerate(DANGEROUS):
        cadres.loc[i, "姓名"] = name
    folder = tmp_path_factory.mktemp("dangerous")
    return write_roster({**frames, "cadres": cadres}, folder / "名册.xlsx")


def id_numbers(frames: dict[str, pd.DataFrame]) -> set[str]:
    values = frames["cadres"]["身份证号"].dropna().astype(str)
    found = {v for v in values if ID_NUMBER.fullmatch(v)}
    assert len(found) > 10
    return found


# ------------------------------------------------------------------- never the input


def test_output_naming_the_input_is_refused(tmp_path: Path) -> None:
    source = tmp_path / "名册.xlsx"
    shutil.copyfile(SAMPLES / "county-2025.xlsx", source)
    before = source.read_bytes()
    (tmp_path / "sub").mkdir()
    os.symlink(source, tmp_path / "link.xlsx")
    os.link(source, tmp_path / "hard.xlsx")
    spellings = [source, tmp_path / "sub" / ".." / "名册.xlsx", "名册.xlsx"]
    spellings += [tmp_path / "link.xlsx", tmp_path / "hard.xlsx"]
    for target in spellings:
        proc = cadrekit("score", source, "-o", target, "--force", cwd=tmp_path)
        assert proc.returncode == 2, (target, proc.stderr)
        assert "输出文件就是输入文件" in proc.stderr, proc.stderr
        assert source.read_bytes() == before
    proc = cadrekit("score", source, "-o", source, "--force", "--lang", "en")
    assert "the output is the input file" in proc.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        ["名册.xlsx", "sub", "link.xlsx", "hard.xlsx"]
    )


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_lock_file_beside_the_output_is_a_clear_error(tmp_path: Path, suffix: str) -> None:
    out = tmp_path / f"结果{suffix}"
    lock = tmp_path / f"~$结果{suffix}"
    lock.write_bytes(b"\x00" * 162)  # what Excel leaves while the file is open
    proc = cadrekit("score", SAMPLES / "county-2025.xlsx", "-o", out)
    assert proc.returncode == 2
    assert f"文件正在 Excel/WPS 中打开（存在锁文件 {lock.name}）" in proc.stderr
    assert not out.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == [lock.name]


def test_existing_output_without_force_is_kept(tmp_path: Path) -> None:
    out = tmp_path / "结果.csv"
    out.write_bytes(b"keep me\n")
    proc = cadrekit("score", SAMPLES / "county-2025.xlsx", "-o", out)
    assert proc.returncode == 2 and "文件已存在" in proc.stderr
    assert out.read_bytes() == b"keep me\n"


# ------------------------------------------------------------------- nothing runs


def test_dangerous_names_are_text_in_the_workbook(dangerous_roster: Path, tmp_path: Path) -> None:
    out = tmp_path / "结果.xlsx"
    proc = cadrekit("score", dangerous_roster, "-o", out)
    assert proc.returncode == 0, proc.stderr
    with zipfile.ZipFile(out) as zf:
        for name in zf.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in zf.read(name) and b"<f " not in zf.read(name), name
    book = openpyxl.load_workbook(out)
    risky = []
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and FORMULA_START.match(cell.value):
                    risky.append(cell)
                    assert cell.data_type == "s", (sheet.title, cell.coordinate, cell.value)
    texts = {c.value for c in risky}
    # the loader trims surrounding white space, so "\t=1" and "\r=1" arrive as "=1"
    for name in ['=HYPERLINK("http://x")', "+1", "-1+1", "@SUM(A1)", "=1"]:
        assert name in texts, (name, texts)


def test_dangerous_names_are_neutralised_in_the_csv_file(
    dangerous_roster: Path, tmp_path: Path
) -> None:
    out = tmp_path / "结果.csv"
    proc = cadrekit("score", dangerous_roster, "-o", out)
    assert proc.returncode == 0, proc.stderr
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8"))))
    fields = [f for row in rows for f in row]
    for field in fields:
        if FORMULA_START.match(field):
            float(field)  # only numbers may start with - or +; they are not text
    for name in ['=HYPERLINK("http://x")', "+1", "-1+1", "@SUM(A1)", "=1"]:
        assert "'" + name in fields, name


def test_stdout_csv_is_not_neutralised_unless_asked(dangerous_roster: Path) -> None:
    """Documented: CSV on stdout is for programs; --safe-csv escapes it too."""
    plain = cadrekit("score", dangerous_roster, "--format", "csv")
    safe = cadrekit("score", dangerous_roster, "--format", "csv", "--safe-csv")
    assert "\n" + "=HYPERLINK" not in plain.stdout  # quoted: it holds a quote character
    assert '"=HYPERLINK(""http://x"")"' in plain.stdout
    assert '"\'=HYPERLINK(""http://x"")"' in safe.stdout


# ------------------------------------------------------------------- nothing leaks


@pytest.fixture(scope="module")
def id_roster(tmp_path_factory: pytest.TempPathFactory, frames: dict[str, pd.DataFrame]) -> Path:
    return write_roster(frames, tmp_path_factory.mktemp("ids") / "名册.xlsx")


def _xlsx_text(path: Path) -> str:
    with zipfile.ZipFile(path) as zf:
        return "\n".join(zf.read(n).decode("utf-8", "replace") for n in zf.namelist())


@pytest.mark.parametrize("fmt", ["csv", "json", "jsonl", "table", "xlsx"])
def test_id_numbers_are_masked_in_every_output(
    id_roster: Path, frames: dict[str, pd.DataFrame], tmp_path: Path, fmt: str
) -> None:
    ids = id_numbers(frames)

    def output(*extra: str) -> str:
        if fmt == "xlsx":
            out = tmp_path / f"结果{len(extra)}.xlsx"
            proc = cadrekit("score", id_roster, "-o", out, *extra)
            assert proc.returncode == 0, proc.stderr
            return _xlsx_text(out) + proc.stdout + proc.stderr
        proc = cadrekit("score", id_roster, "--format", fmt, *extra)
        assert proc.returncode == 0, proc.stderr
        return proc.stdout + proc.stderr

    masked = output()
    assert not [i for i in ids if i in masked]
    if fmt != "table":  # the terminal table has no 身份证号 column at all
        assert re.search(r"\d{6}\*{8}[\dX]{4}", masked)
        shown = output("--show-id-numbers")
        assert len([i for i in ids if i in shown]) == len(ids)


def test_id_numbers_are_masked_in_error_messages(tmp_path: Path) -> None:
    """broken.xlsx plants a bad 身份证号 (360721198609024940) at 干部名册!J15."""
    planted = "360721198609024940"
    runs = [
        cadrekit("score", SAMPLES / "broken.xlsx"),
        cadrekit("score", SAMPLES / "broken.xlsx", "--lang", "en"),
        cadrekit("score", SAMPLES / "broken.xlsx", "--lenient", "--format", "json"),
        cadrekit("score", SAMPLES / "broken.xlsx", "--lenient", "-o", tmp_path / "r.xlsx"),
        cadrekit("validate", SAMPLES / "broken.xlsx", "--format", "json"),
        cadrekit("validate", SAMPLES / "broken.xlsx", "--format", "csv"),
        cadrekit("validate", SAMPLES / "broken.xlsx", "--format", "table"),
    ]
    text = "".join(p.stdout + p.stderr for p in runs) + _xlsx_text(tmp_path / "r.xlsx")
    assert planted not in text
    assert "360721********4940" in text
    problems = json.loads(runs[2].stdout)["problems"]
    rejected = [p for p in problems if p["code"] == "rejected-row" and p["row"] == 15]
    assert rejected and planted not in json.dumps(rejected, ensure_ascii=False)


def test_roster_without_id_numbers_scores_to_every_format(
    tmp_path: Path, frames: dict[str, pd.DataFrame]
) -> None:
    """Regression: masking an all-missing 身份证号 column crashed every file output."""
    roster = write_roster(
        {**frames, "cadres": frames["cadres"].drop(columns="身份证号")}, tmp_path / "名册.xlsx"
    )
    for suffix in (".csv", ".json", ".xlsx"):
        proc = cadrekit("score", roster, "-o", tmp_path / f"结果{suffix}")
        assert proc.returncode == 0, proc.stderr


# ------------------------------------------------------- formulas and links are values


def _staff(frames: dict[str, pd.DataFrame]) -> int:
    """Position of the first 一般干部 (whose track needs 工作实绩); at least 3."""
    layer = frames["cadres"]["层级"].reset_index(drop=True)
    return int(next(i for i in range(3, len(layer)) if layer[i] == "一般干部"))


def _formula_roster(frames: dict[str, pd.DataFrame], path: Path, cached: bool) -> Path:
    """A staff cadre's 工作实绩 is =50+40, cadre 2's 姓名 is =1+1, cadre 3's 姓名 a hyperlink.

    openpyxl writes formulas with no cached value (``<v />``, or ``<v></v>`` when lxml is
    installed); ``cached=True`` then puts
    deliberately wrong cached values in the XML (77 and 李四), as a stale file would hold.
    """
    write_roster(frames, path)
    book = openpyxl.load_workbook(path)
    sheet = book["干部名册"]
    header = [c.value for c in sheet[1]]
    sheet.cell(_staff(frames) + 2, header.index("工作实绩") + 1, "=50+40")
    sheet.cell(3, header.index("姓名") + 1, "=1+1")
    linked = sheet.cell(4, header.index("姓名") + 1, "张链接")
    linked.hyperlink = "http://example.invalid/steal"
    book.save(path)
    if cached:
        with zipfile.ZipFile(path) as zf:
            parts = {n: zf.read(n) for n in zf.namelist()}
        name = "xl/worksheets/sheet1.xml"
        xml = parts[name].decode("utf-8")
        xml = re.sub(r"<f>50\+40</f><v(?: ?/>|></v>)", "<f>50+40</f><v>77</v>", xml)
        xml = re.sub(
            r'<c r="([A-Z]+3)"><f>1\+1</f><v(?: ?/>|></v>)',
            r'<c r="\1" t="str"><f>1+1</f><v>李四</v>',
            xml,
        )
        assert "<v>77</v>" in xml and "<v>李四</v>" in xml
        parts[name] = xml.encode("utf-8")
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
            for n, body in parts.items():
                zf.writestr(n, body)
    return path


def _rows(path: Path, staff: int) -> list[list[Any]]:
    """Header, the staff cadre's row, cadre 2's and cadre 3's, as read_book gives them."""
    from cadrekit.io.read import read_book

    rows = read_book(path).sheets[0].frame.values.tolist()
    return [rows[0], rows[staff + 1], rows[2], rows[3]]


def _letter(header: list[Any], name: str) -> str:
    from openpyxl.utils import get_column_letter

    return str(get_column_letter(header.index(name) + 1))


def test_formula_without_cached_value_is_formula_no_value(
    frames: dict[str, pd.DataFrame], tmp_path: Path
) -> None:
    path = _formula_roster(frames, tmp_path / "名册.xlsx", cached=False)
    staff = _staff(frames)
    header, first, second, third = _rows(path, staff)
    assert first[header.index("工作实绩")] is None  # never 90: formulas are never evaluated
    assert second[header.index("姓名")] is None  # never 2
    assert third[header.index("姓名")] == "张链接"  # the text, not the link
    work = f"干部名册!{_letter(header, '工作实绩')}{staff + 2}"
    name = f"干部名册!{_letter(header, '姓名')}3"
    # not 必填项为空 (fill it in): the cell is filled, only its result was never saved
    for lang, title, hint in (
        (
            "zh",
            "单元格是公式（{}），但文件里没有保存计算结果",
            "在 Excel/WPS 中打开并保存一次，或复制后选择性粘贴为数值",
        ),
        (
            "en",
            "the cell holds a formula ({}) with no saved result",
            "open and save the file once in Excel/WPS, or paste the values",
        ),
    ):
        proc = cadrekit("validate", path, "--format", "json", "--lang", lang)
        assert proc.returncode == 1, proc.stderr
        found = {
            p["location"]: p
            for p in json.loads(proc.stdout)["problems"]
            if p["row"] in (3, staff + 2)
        }
        assert {loc: p["code"] for loc, p in found.items()} == {
            work: "formula-no-value",
            name: "formula-no-value",
        }
        assert found[work]["message"] == title.format("=50+40")
        assert found[name]["message"] == title.format("=1+1")
        assert found[work]["hint"] == hint
        assert found[work]["found"] == "=50+40"
        assert found[work]["severity"] == "error"
    proc = cadrekit("score", path, "--lenient", "--format", "json")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert "example.invalid" not in proc.stdout
    # the row is rejected for its formula cell, not scored with 90
    rejected = {p["row"]: p for p in data["problems"] if p["code"] == "rejected-row"}
    assert rejected.keys() == {staff + 2, 3}
    assert rejected[staff + 2]["params"]["errors"] == ["formula-no-value"]
    assert rejected[staff + 2]["found"] == (
        f"{work}: 单元格是公式（=50+40），但文件里没有保存计算结果 [formula-no-value] (=50+40)"
    )
    proc = cadrekit("score", path, "--format", "json")
    assert proc.returncode == 1  # without --lenient the errors stop scoring
    assert "formula-no-value" in proc.stderr
    assert str(frames["cadres"]["编号"][staff]) not in {c["id"] for c in data["cadres"]}


def test_formula_reads_as_its_cached_value_never_evaluated(
    frames: dict[str, pd.DataFrame], tmp_path: Path
) -> None:
    path = _formula_roster(frames, tmp_path / "名册.xlsx", cached=True)
    staff = _staff(frames)
    header, first, second, _ = _rows(path, staff)
    assert first[header.index("工作实绩")] == 77  # the cached value, not 50+40
    assert second[header.index("姓名")] == "李四"
    proc = cadrekit("score", path, "--format", "json")
    assert proc.returncode == 0, proc.stderr
    cadres = {c["id"]: c for c in json.loads(proc.stdout)["cadres"]}
    first_id = str(frames["cadres"]["编号"][staff])
    second_id = str(frames["cadres"]["编号"][1])
    assert cadres[first_id]["工作实绩"] == 77
    assert cadres[second_id]["name"] == "李四"
