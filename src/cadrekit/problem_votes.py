"""The catalogue's entries for the democratic evaluation: typed vote counts on the roster
and 测评票 ballots (load/ballots.py). ``problems.CATALOGUE`` takes them in place, in this
order; each is (severity, title zh, title en, hint zh, hint en)."""

from __future__ import annotations

from typing import Literal

Severity = Literal["error", "warning", "note"]  # as problems.Severity (which imports this)

VOTE_ENTRIES: dict[str, tuple[Severity, str, str, str, str]] = {
    "zero-votes": (
        "error",
        "民主测评票数合计为 0",
        "democratic evaluation has no votes",
        "请填写 优秀/称职/基本称职/不称职 票数",
        "enter the 优秀/称职/基本称职/不称职 vote counts",
    ),
    "blank-vote": (
        "warning",  # officers leave a 0 blank; said at the cell, so a count left out shows
        "票数为空，按 0 票计",
        "blank vote count, read as 0",
        "同一行其他票数已填写，此格按 0 票计入民主测评和票数比例；若是漏填，请补上实际票数"
        "（确为 0 票可填 0，不再提示）",
        "the row's other counts are filled, so this blank counts as 0 votes in the score and"
        " the vote shares; if a count was left out, enter it (write 0 to clear the warning)",
    ),
    "ballot-and-totals": (
        "error",
        "名册中已填写票数，测评票中又有此人的票",
        "vote totals are typed on the roster and the cadre has ballots as well",
        "请二选一：按测评票计票则清空名册中此人的四项票数；按名册票数则删除测评票中此人的票",
        "choose one: clear the cadre's four counts on the roster to count the ballots, or"
        " remove the cadre's ballots to keep the typed totals",
    ),
    "ballot-both": (
        "error",
        "同一行既填写了评价，又填写了票数",
        "a row holds both a ballot's choice and a tally",
        "一行只记一张票（填 评价）或一个测评主体的汇总（填 优秀票/称职票/基本称职票/不称职票），请拆成两行",
        "a row is one ballot (评价) or one rater group's tally (the four counts): split it",
    ),
    "ballot-empty": (
        "error",
        "测评票未填写评价，也未填写票数",
        "a ballot row has neither a choice nor a tally",
        "请填写 评价（如 优秀），或该测评主体的 优秀票/称职票/基本称职票/不称职票；空票请删除此行",
        "enter the choice (e.g. 优秀) or the group's four counts; delete the row if it is blank",
    ),
}
