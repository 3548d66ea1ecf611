"""Rosters for ``forms`` (年度考核登记表) and ``profile`` (干部画像).

- ``forms-unit``: 6 staff of 县交通运输局 and 2 of 县财政局, a 职务 column; A0006 不参加
  (病假); A0008's post typed with its unit (县财政局科员); A0004 has no 身份证号 (性别
  left blank); A0002 has no 职务 (the layer stands in).
- ``forms-institution``: the same people as 事业单位 staff, with history in the
  institution's grade words, for ``--rules institution``; A0007 不定等次 (病假超过半年),
  A0008 a 记过 this year (不定等次 by the rules, its score kept).
- ``forms-broken``: ``forms-unit`` with A0003's 工作实绩 typed as 八十 (not a number).
- ``profile-cadre``: A0001 across 2022–2024 (称职, 优秀, 优秀), three events this year
  (two categories) and one of last year, a verified 诫勉 of 2025-09-01 (影响期 to
  2026-02-28) and a 提醒谈话, training hours, and the 拟提拔人选 row.
"""

from __future__ import annotations

from office import Book, Sheet, base_book, staff

from cases.insight import SUPERVISION_HEADER, candidates


def unit_book() -> Book:
    book = base_book(6)
    cadres = book["干部名册"]
    cadres.header += ["状态说明", "职务"]
    for row in cadres.rows:
        row += [None, "科员"]
    for n in (7, 8):
        cadres.rows.append([*staff(n, unit="县财政局", work=75 + n), None, "科员"])
    cadres.rows[5][cadres.col("考核状态")] = "不参加"
    cadres.rows[5][cadres.col("状态说明")] = "病假"
    cadres.rows[7][cadres.col("职务")] = "县财政局科员"
    cadres.rows[1][cadres.col("职务")] = None
    cadres.rows[3][cadres.col("身份证号")] = None
    book["历年考核"].rows += [["A0007", 2024, "称职"], ["A0008", 2024, "称职"]]
    return book


def institution_book() -> Book:
    book = unit_book()
    cadres = book["干部名册"]
    for row in cadres.rows:
        row[cadres.col("单位类型")] = "事业单位"
    cadres.rows[6][cadres.col("考核状态")] = "不定等次"
    cadres.rows[6][cadres.col("状态说明")] = "病假超过半年"
    book["监督信息"] = Sheet(
        list(SUPERVISION_HEADER),
        [["A0008", "2025-05-20", "纪检监察", "记过", "是", "违反工作纪律"]],
        title="监督信息",
    )
    for row in book["历年考核"].rows:
        row[2] = "合格"
    return book


def broken_book() -> Book:
    book = unit_book()
    book["干部名册"].rows[2][book["干部名册"].col("工作实绩")] = "八十"
    return book


def profile_book() -> Book:
    book = base_book()
    history = book["历年考核"]
    history.rows = [r for r in history.rows if r[0] != "A0001"]
    history.rows += [["A0001", 2022, "称职"], ["A0001", 2023, "优秀"], ["A0001", 2024, "优秀"]]
    book["纪实记录"].rows += [
        ["A0001", "县交通运输局", "2025-03-02", "加分", "急难险重", 2, "抢通塌方路段"],
        ["A0001", "县交通运输局", "2025-08-11", "减分", "作风纪律", 1, "会议迟到"],
        ["A0001", "县交通运输局", "2024-11-20", "加分", "急难险重", 2, "上年度事项"],
        ["A0002", "县交通运输局", "2025-05-05", "加分", "乡村振兴", 1, "驻村帮扶"],
    ]
    book["监督信息"] = Sheet(
        list(SUPERVISION_HEADER),
        [
            ["A0001", "2025-09-01", "纪检监察", "诫勉", "是", "工作作风问题"],
            ["A0001", "2025-04-10", "信访举报", "提醒谈话", "是", None],
        ],
        title="监督信息",
    )
    book["拟提拔人选"] = candidates("A0001")
    book["教育培训"] = Sheet(
        ["编号", "日期", "培训内容", "学时"],
        [
            ["A0001", "2025-04-01", "党的理论教育", 40],
            ["A0001", "2025-10-12", "业务知识", 32],
            ["A0002", "2025-04-01", "党的理论教育", 40],
        ],
        title="教育培训",
    )
    return book


CASES = {
    "forms-unit": unit_book,
    "forms-institution": institution_book,
    "forms-broken": broken_book,
    "profile-cadre": profile_book,
}
