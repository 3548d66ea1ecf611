"""Rosters with a 测评票 sheet (ballots and rater-group tallies), 职级 columns and an
一把手 with supervision records for the risk catalogue.

- ``ballot-counted``: A0001's votes come as 31 ballots (领导 4, 同事 22, 服务对象 5) adding
  up to the typed 20/10/1/0 of the others; A0002's as two group tallies (领导 3/1/0/0,
  同事 12/8/2/1 = 15/9/2/1). The roster's vote cells of both are empty.
- ``ballot-errors``: a ballot for A0099 (not on the roster), the choice 忧秀 (→ 优秀), the
  rater group 群众 (not a group of the rules), a row with both a choice and a tally, a row
  with neither, and A0003 with typed totals and ballots.
- ``ballot-rank``: 职级 / 任现职级时间 for three cadres, time in post for the others;
  history with 优秀 years.
- ``ballot-risk``: A0001 is the unit's 一把手 with supervision records mapped to risk points.
"""

from __future__ import annotations

from office import Book, Sheet, base_book

BALLOT_HEADER = ["编号", "姓名", "评价人类别", "评价", "优秀票", "称职票", "基本称职票", "不称职票"]
VOTES = ("优秀票", "称职票", "基本称职票", "不称职票")


def _ballots(cadre: str, name: str, group: str, choice: str, n: int) -> list[list]:
    return [[cadre, name, group, choice, None, None, None, None] for _ in range(n)]


def _clear_votes(book: Book, *ids: str) -> None:
    cadres = book["干部名册"]
    for row in cadres.rows:
        if row[0] in ids:
            for word in VOTES:
                row[cadres.col(word)] = None


def counted() -> Book:
    book = base_book()
    _clear_votes(book, "A0001", "A0002")
    rows = (
        _ballots("A0001", "张三", "领导", "优秀", 3)
        + _ballots("A0001", "张三", "领导", "称职", 1)
        + _ballots("A0001", "张三", "同事", "优秀", 14)
        + _ballots("A0001", "张三", "同事", "称职", 7)
        + _ballots("A0001", "张三", "同事", "基本称职", 1)
        + _ballots("A0001", "张三", "服务对象", "优秀", 3)
        + _ballots("A0001", "张三", "服务对象", "称职", 2)
    )
    rows += [
        ["A0002", "李四", "领导", None, 3, 1, 0, 0],
        ["A0002", "李四", "同事", None, 12, 8, 2, 1],
    ]
    book["测评票"] = Sheet(list(BALLOT_HEADER), rows, title="2025年度民主测评票")
    return book


def errors() -> Book:
    book = counted()
    book["测评票"].rows += [
        ["A0099", "无名", "同事", "优秀", None, None, None, None],
        ["A0001", "张三", "同事", "忧秀", None, None, None, None],
        ["A0001", "张三", "群众", "称职", None, None, None, None],
        ["A0002", "李四", "服务对象", "优秀", 2, 1, 0, 0],
        ["A0002", "李四", "服务对象", None, None, None, None, None],
        ["A0003", "王五", "同事", "优秀", None, None, None, None],
    ]
    return book


def rank() -> Book:
    """职级 for everyone: A0001 and A0002 have 任现职级时间, A0003 only a 职级, A0004 and
    A0005 neither (their 任现职时间 counts); A0002 was 优秀 in 2023 and 2024."""
    book = base_book()
    cadres = book["干部名册"]
    cadres.header += ["职级", "任现职级时间"]
    extra = [
        ["一级主任科员", "2024.01"],
        ["二级主任科员", "2023.07"],
        ["三级主任科员", None],
        [None, None],
        [None, None],
    ]
    for row, more in zip(cadres.rows, extra, strict=True):
        row += more
    cadres.rows[4][cadres.col("任现职时间")] = "2024.09"  # A0005: 1.33 years in post
    history = book["历年考核"]
    history.rows += [["A0002", 2023, "优秀"], ["A0002", 2024, "优秀"]]
    history.rows = [r for r in history.rows if not (r[0] == "A0002" and r[2] == "称职")]
    return book


SUPERVISION_HEADER = ["编号", "日期", "来源", "处理类型", "是否核实", "说明"]


def risk() -> Book:
    """A0001 is the unit's 一把手 (县直单位正职) with supervision records and a unit event
    that the built-in catalogue maps to 重大决策, 资金使用 and 工程项目 (twice); one record
    (工作作风问题) maps to no point."""
    book = base_book()
    cadres = book["干部名册"]
    leader = cadres.rows[0]
    leader[cadres.col("一把手")] = "是"
    leader[cadres.col("层级")] = "正职"
    cadres.header += ["职能工作", "重点任务", "服务评价", "党的建设"]
    for row in cadres.rows:
        row += [88, 86, 90, 85] if row is leader else [None] * 4
    book["监督信息"] = Sheet(
        list(SUPERVISION_HEADER),
        [
            ["A0001", "2025-04-10", "巡视巡察", "提醒谈话", "是", "重大事项未经集体研究决策"],
            ["A0001", "2025-06-01", "审计", "提醒谈话", "是", "专项资金拨付不及时"],
            ["A0001", "2024-11-20", "信访举报", "提醒谈话", "否", "反映工程招投标问题"],
            ["A0001", "2025-08-15", "纪检监察", "批评教育", "是", "工作作风问题"],
        ],
        title="监督信息",
    )
    book["纪实记录"].rows.append(
        [None, "县交通运输局", "2025-09-30", "减分", "重点项目建设", 2, "项目建设进度滞后"]
    )
    return book


CASES = {
    "ballot-counted": counted,
    "ballot-errors": errors,
    "ballot-rank": rank,
    "ballot-risk": risk,
}
