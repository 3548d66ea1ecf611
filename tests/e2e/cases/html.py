"""Rosters for the HTML page and the public list (tests/e2e/test_html.py)."""

from __future__ import annotations

from office import Sheet, base_book, staff

POSTS = ["科长", "副科长", "科员", "科员", "一级主任科员", "四级主任科员"]


def two_units() -> dict[str, Sheet]:
    """12 一般干部 in two units (8 and 4) with a 职务 column; A0002 has a verified 诫勉
    (no 优秀) whose note must never be published; A0006's post holds markup."""
    book = base_book(8)
    cadres = book["干部名册"]
    cadres.rows += [staff(n, "城关镇", work=70 + n) for n in range(9, 13)]
    cadres.header.append("职务")
    for i, row in enumerate(cadres.rows):
        row.append(POSTS[i % len(POSTS)])
    cadres.rows[5][-1] = '<b>科员</b> & "办公室"'
    book["监督信息"] = Sheet(
        ["编号", "日期", "来源", "处理类型", "是否核实", "说明"],
        [["A0002", "2025-05-10", "纪检监察", "诫勉", "是", "违规收受礼金"]],
        title="监督信息",
    )
    book["历年考核"].rows += [[f"A{n:04d}", 2024, "称职"] for n in range(9, 13)]
    return book


CASES = {"html-two-units": two_units}
