"""render/workbook/fast.py writes a table's rows as the XML xlsxwriter writes cell by cell:
the same sheet XML, byte for byte, for texts that need escaping, grades, numbers, blanks."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pandas as pd
import pytest

from cadrekit.render.workbook.book import Book
from cadrekit.render.workbook.fast import write_rows

GRADES = ["优秀", "称职", "基本称职"]
TEXTS = [
    "长岭镇95",
    " leading",
    "trailing ",
    "a & b < c > d",
    'quote "x"',
    "=1+1",
    "ctrl\x01char",
    "_x0041_ escaped",
    "line\nbreak",
    "tab\tinside",
    "\ufffe",
    None,
    "",
]


def _frame() -> pd.DataFrame:
    n = len(TEXTS)
    return pd.DataFrame(
        {
            "name": TEXTS,
            "grade": [(*GRADES, "其他", None)[i % 5] for i in range(n)],
            "size": list(range(n)),
            "score": [i / 3 if i % 4 else float("nan") for i in range(n)],
            "rate": [0.25] * n,
            "big": [1e20, -1e-7, 12345678901234567.0] + [0.1] * (n - 3),
            "ok": [True, False, None] * (n // 3) + [True] * (n % 3),
            "blank": [None] * n,
        }
    )


def _sheet(
    path: Path, fast: bool, frame: pd.DataFrame, monkeypatch: pytest.MonkeyPatch
) -> tuple[bytes, list[int | None]]:
    """The sheet's XML, and what each call of write_rows returned (None: cell by cell)."""
    calls: list[int | None] = []

    def spy(*args: object) -> int | None:
        calls.append(write_rows(*args) if fast else None)  # type: ignore[arg-type]
        return calls[-1]

    monkeypatch.setattr("cadrekit.render.workbook.book.write_rows", spy)
    book = Book(path, "zh", GRADES)
    ws = book.print_sheet("表", "标题", len(frame.columns), len(frame))
    ws.set_column(2, 2, 10, book.integer)  # a column format: a cell without its own takes it
    labels = list(frame.columns)
    book.widths(ws, frame, labels)
    end = book.table(ws, frame, labels, first_row=1, freeze_columns=1)
    ws.write_string(end + 1, 0, "below the table")
    book.wb.close()
    monkeypatch.undo()
    with zipfile.ZipFile(path) as zf:
        return zf.read("xl/worksheets/sheet1.xml"), calls


@pytest.mark.parametrize("rows", [1, 13, 12_000])
def test_the_same_sheet_xml_as_cell_by_cell(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, rows: int
) -> None:
    frame = pd.concat([_frame()] * (rows // len(TEXTS) + 1), ignore_index=True).head(rows)
    fast, calls = _sheet(tmp_path / "fast.xlsx", True, frame, monkeypatch)
    slow, _ = _sheet(tmp_path / "slow.xlsx", False, frame, monkeypatch)
    assert calls == [rows + 1]  # written by fast.py: the last row
    assert fast == slow


def test_a_text_xlsxwriter_would_change_is_left_to_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for odd in ("<r>rich?</r>", "长" * 20_000):
        frame = pd.DataFrame({"name": ["a", odd], "size": [1, 2]})
        fast, calls = _sheet(tmp_path / "fast.xlsx", True, frame, monkeypatch)
        slow, _ = _sheet(tmp_path / "slow.xlsx", False, frame, monkeypatch)
        assert calls == [None]
        assert fast == slow
