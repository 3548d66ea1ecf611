"""Issue 14 (hardening), items 4 and 11: a formula as a header, and rosters lacking each
optional sheet (every command must answer them with a result or a located message)."""

from __future__ import annotations

from office import Book, Sheet, base_book

# "@" rather than "=": openpyxl would store a header beginning with "=" as a formula (no
# cached value, so the header would arrive empty); "@" is as live in Excel and stays text.
FORMULA_HEADER = "@SUM(1+1)*cmd|' /C calc'!A0"

# The optional sheets, by their Chinese name (each present in "write-all-sheets").
OPTIONAL = ["纪实记录", "监督信息", "历年考核", "拟提拔人选", "教育培训", "专项考核"]


def formula_header() -> Book:
    """The base roster with an unknown column whose name is a DDE formula."""
    book = base_book()
    cadres = book["干部名册"]
    cadres.header.append(FORMULA_HEADER)
    for row in cadres.rows:
        row.append("备注")
    return book


def all_sheets() -> Book:
    """The base roster with every optional sheet, one or two rows each."""
    book = base_book()
    book["监督信息"] = Sheet(
        ["编号", "日期", "来源", "处理类型", "是否核实", "说明", "容错认定", "容错依据"],
        [["A0002", "2025-04-02", "审计", "诫勉", "是", "", "否", ""]],
    )
    book["拟提拔人选"] = Sheet(
        [
            "编号",
            "拟任职务",
            "档案审核",
            "档案审核意见",
            "个人有关事项报告核查",
            "纪检监察机关意见",
            "信访举报核查",
        ],
        [["A0005", "副局长", "已审核", "", "一致", "暂未发现影响提拔任用的问题", "无"]],
    )
    book["教育培训"] = Sheet(
        ["编号", "日期", "培训内容", "学时"],
        [["A0001", "2025-05-10", "党的创新理论", 8], ["A0002", "2025-05-10", "党的创新理论", 8]],
    )
    book["专项考核"] = Sheet(
        ["编号", "专项名称", "日期", "得分", "等次", "考核单位"],
        [["A0003", "森林防灭火", "2025-11-20", 92, "", "县应急局"]],
    )
    return book


def without(name: str) -> Book:
    book = all_sheets()
    del book[name]
    return book


def cadres_only() -> Book:
    return {"干部名册": base_book()["干部名册"]}


CASES = {
    "write-formula-header": formula_header,
    "write-all-sheets": all_sheets,
    "write-cadres-only": cadres_only,
    **{f"write-without-{name}": (lambda name=name: without(name)) for name in OPTIONAL},
}
