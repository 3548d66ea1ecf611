"""Engine cases (issue 18, items 1, 2, 13): compare across years, blank vote cells, lenient.

Each builder starts from :func:`office.base_book` (five 一般干部 of 县交通运输局, votes
20/10/1/0, quarters 好 较好 好 好, 工作实绩 81…85) and changes only what the case is about.
"""

from __future__ import annotations

from office import Book, base_book, staff

EXC, COMP, BASIC, INC = 10, 11, 12, 13  # columns K–N: 优秀票 称职票 基本称职票 不称职票
BIRTH = 8  # column I: 出生年月
WORK = 18  # column S: 工作实绩


def compare_2024() -> Book:
    """Last year's roster: A0001–A0005."""
    return base_book(5, year=2024)


def compare_2025() -> Book:
    """This year's: A0001 has left, A0006 arrived, A0002 moved to 县财政局."""
    book = base_book(5, year=2025)
    cadres = book["干部名册"]
    cadres.rows = [r for r in cadres.rows if r[0] != "A0001"] + [staff(6, work=90)]
    cadres.rows[0][2] = "县财政局"  # A0002
    book["纪实记录"].rows[0][0] = "A0002"  # the event was A0001's
    history = book["历年考核"]
    history.rows = [r for r in history.rows if r[0] != "A0001"]
    return book


def blank_vote() -> Book:
    """A0003: 称职票 left blank (20/–/1/0); A0004: 10/10/–/11 (不称职 share 11/31 > 1/3)."""
    book = base_book(5)
    rows = book["干部名册"].rows
    rows[2][COMP] = None
    rows[3][EXC], rows[3][COMP], rows[3][BASIC], rows[3][INC] = 10, 10, None, 11
    return book


def lenient_birth() -> Book:
    """A0002's 出生年月 disagrees with the ID number; A0006's 工作实绩 is unreadable text."""
    book = base_book(5)
    rows = book["干部名册"].rows
    rows[1][BIRTH] = "1986.01"
    rows.append(staff(6, work=90))
    rows[5][WORK] = "九十"
    return book


CASES = {
    "engine-compare-2024": compare_2024,
    "engine-compare-2025": compare_2025,
    "engine-blank-vote": blank_vote,
    "engine-lenient-birth": lenient_birth,
}
