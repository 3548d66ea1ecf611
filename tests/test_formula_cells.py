"""Formula cells with no saved result are found while the zip is checked (io/safety.py).

A workbook written by a program holds ``<c r="F17"><f>50+40</f><v/></c>``: calamine reads an
empty cell, and the loader reports ``formula-no-value`` there instead of a missing value.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from cadrekit.io.formulas import Formulas
from cadrekit.io.safety import Limits, check_zip
from cadrekit.load.validate import formula_no_value
from cadrekit.problems import Problem

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"


def _sheet(cells: str, prefix: str = "") -> str:
    p = f"{prefix}:" if prefix else ""
    xmlns = f'xmlns:{prefix}="{MAIN}"' if prefix else f'xmlns="{MAIN}"'
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<{p}worksheet {xmlns}><{p}sheetData>'
        f'<{p}row r="1">{cells}</{p}row></{p}sheetData></{p}worksheet>'
    )


def _book(path: Path, sheets: dict[str, str]) -> Path:
    """A bare .xlsx whose sheet parts have names other than sheetN.xml, in reverse order,
    so that only the workbook's relationships can tell which sheet is which."""
    entries = list(sheets.items())
    rels = "".join(
        f'<Relationship Id="rId{i}" Type="{RELS}/worksheet" Target="worksheets/part{9 - i}.xml"/>'
        for i in range(len(entries))
    )
    listed = "".join(
        f'<sheet name="{name}" sheetId="{i + 1}" r:id="rId{i}"/>'
        for i, (name, _) in enumerate(entries)
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(
            "_rels/.rels",
            f'<Relationships xmlns="{PKG}"><Relationship Id="rId1" '
            f'Type="{RELS}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        )
        zf.writestr(
            "xl/workbook.xml",
            f'<workbook xmlns="{MAIN}" xmlns:r="{RELS}"><sheets>{listed}</sheets></workbook>',
        )
        zf.writestr(
            "xl/_rels/workbook.xml.rels", f'<Relationships xmlns="{PKG}">{rels}</Relationships>'
        )
        for i, (_, xml) in enumerate(entries):
            zf.writestr(f"xl/worksheets/part{9 - i}.xml", xml)
    return path


def _found(cells: str, prefix: str = "") -> dict[str, str]:
    scan = Formulas()
    scan.scan(_sheet(cells, prefix).encode())
    return scan.cells


@pytest.mark.parametrize(
    "cell",
    [
        '<c r="F17"><f>50+40</f><v/></c>',
        '<c r="F17" s="3"><f>50+40</f><v /></c>',
        '<c r="F17"><f>50+40</f><v></v></c>',
        '<c r="F17"><f>50+40</f></c>',
        '<c r="F17">\n  <f>50+40</f>\n  <v></v>\n</c>',
        '<c r="F17" t="n"><f>50+40</f><v/></c>',
    ],
)
def test_formula_with_no_saved_result(cell: str) -> None:
    assert _found(cell) == {"F17": "50+40"}


@pytest.mark.parametrize(
    "cell",
    [
        '<c r="F17"><f>50+40</f><v>90</v></c>',  # a cached value: read as it, never evaluated
        '<c r="F17" t="str"><f>""</f><v></v></c>',  # Excel's empty-text result
        '<c r="F17" t="str"><f>IF(A1,"","x")</f><v/></c>',
        '<c r="F17"><v>90</v></c>',
        '<c r="F17" t="inlineStr"><is><t>formula</t></is></c>',
    ],
)
def test_cells_that_are_not_reported(cell: str) -> None:
    assert _found(cell + '<c r="G17"><v>1</v></c>') == {}


def test_shared_formula_and_escaped_text() -> None:
    cells = (
        '<c r="F2"><f t="shared" ref="F2:F4" si="0">A2&amp;"&lt;"</f><v/></c>'
        '<c r="F3"><f t="shared" si="0"/><v/></c>'
        '<c r="F4"><f t="shared" si="0"/></c>'
        '<c r="F5"><f t="shared" si="1"/><v>3</v></c>'
    )
    assert _found(cells) == {"F2": 'A2&"<"', "F3": "", "F4": ""}


def test_namespace_prefix() -> None:
    cells = '<x:c r="B2"><x:f>1+1</x:f><x:v/></x:c><x:c r="B3"><x:f>1+2</x:f><x:v>3</x:v></x:c>'
    assert _found(cells, "x") == {"B2": "1+1"}


def test_a_cell_cut_between_chunks_is_found() -> None:
    xml = _sheet('<c r="A1"><v>1</v></c><c r="F17"><f>50+40</f><v></v></c>').encode()
    for cut in range(xml.index(b'<c r="F17"'), xml.index(b"</sheetData>") + 1):
        scan = Formulas()
        scan.scan(xml[:cut])
        scan.scan(xml[cut:])
        assert scan.cells == {"F17": "50+40"}, cut


def test_not_a_worksheet() -> None:
    scan = Formulas()
    scan.scan(f'<sst xmlns="{MAIN}"><si><t>&lt;f&gt;</t></si></sst>'.encode())
    assert scan.cells == {}


def test_check_zip_names_the_sheet(tmp_path: Path) -> None:
    path = _book(
        tmp_path / "book.xlsx",
        {
            "干部名册": _sheet('<c r="A1"><f>1+1</f><v/></c>'),
            "纪实记录": _sheet('<c r="B1"><f>2+2</f><v>4</v></c>'),
            "监督信息": _sheet('<c r="C1"><f>3+3</f></c>'),
        },
    )
    assert check_zip(path, Limits()).formulas == {
        "干部名册": {"A1": "1+1"},
        "监督信息": {"C1": "3+3"},
    }


def _missing(code: str, location: str) -> Problem:
    sheet = location.split("!")[0]
    return Problem(code, location=location, sheet=sheet, row=17, params={"track": "staff"})


def test_missing_values_at_formula_cells_become_formula_no_value() -> None:
    problems = [
        _missing("missing-indicator", "干部名册!F17"),
        _missing("missing-value", "干部名册!B17"),
        _missing("missing-value", "干部名册!C17"),  # not a formula cell
        _missing("bad-number", "干部名册!D17"),  # a formula cell, but not read as empty
        _missing("missing-value", "纪实记录!B17"),  # the same ref on another sheet
    ]
    formulas = {"干部名册": {"F17": "50+40", "B17": "", "D17": "1/0"}}
    out = formula_no_value(problems, formulas)
    assert [p.code for p in out] == [
        "formula-no-value",
        "formula-no-value",
        "missing-value",
        "bad-number",
        "missing-value",
    ]
    assert out[0].title() == "单元格是公式（=50+40），但文件里没有保存计算结果"
    assert out[0].title("en") == "the cell holds a formula (=50+40) with no saved result"
    assert out[0].hint() == "在 Excel/WPS 中打开并保存一次，或复制后选择性粘贴为数值"
    assert out[0].hint("en") == "open and save the file once in Excel/WPS, or paste the values"
    assert (out[0].found, out[0].location, out[0].level) == ("=50+40", "干部名册!F17", "error")
    assert out[0].params["track"] == "staff"
    assert out[1].title() == "单元格是公式（共享公式），但文件里没有保存计算结果"
    assert out[1].title("en") == "the cell holds a formula (shared formula) with no saved result"
    assert formula_no_value(problems, {}) == problems


def test_a_formula_after_much_text_with_f() -> None:
    text = "".join(f'<c r="A{i}" t="inlineStr"><is><t>fff of</t></is></c>' for i in range(1, 40))
    assert _found(text + '<c r="F17"><f>50+40</f><v/></c>') == {"F17": "50+40"}
    assert _found(text) == {}


def test_a_blank_vote_count_at_a_formula_cell_is_an_error_not_a_zero() -> None:
    """A formula with no saved result is not an officer's blank 0 (``blank-vote``)."""
    out = formula_no_value([_missing("blank-vote", "干部名册!L17")], {"干部名册": {"L17": "A1"}})
    assert [(p.code, p.level, p.found) for p in out] == [("formula-no-value", "error", "=A1")]
