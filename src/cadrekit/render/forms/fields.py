"""What a registration form is pre-filled with, read from a scored result.

Everything comes from the roster and the result as the engine left them: 性别 is read from
the 18-character 身份证号 (its 17th character: odd 男, even 女) and left blank when there is
no valid number; nothing is guessed. What a person writes (个人总结, 评语, 意见, signatures)
is not here: the layout leaves room for it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pandas as pd

from cadrekit.render.labels import flag_name

if TYPE_CHECKING:  # pragma: no cover
    from cadrekit.models.result import Result
    from cadrekit.models.rules import RuleSet

#: The two official forms: 公务员 (《公务员考核规定》) and 事业单位工作人员 (《事业单位工作人员考核规定》).
FORM_KINDS = {
    "civil": "公务员年度考核登记表",
    "institution": "事业单位工作人员年度考核登记表",
}
#: Flags worth a line in 备注 (the others are on the 能上能下 lists).
NOTE_FLAGS = ("quota-tie",)
#: The 综合得分 box of a cadre who did not take part: a word, not an empty box.
NO_SCORE = "不计分"


@dataclass(frozen=True)
class FormData:
    """One cadre's pre-filled cells (text as printed; "" where the data has nothing)."""

    kind: str
    year: int
    id: str
    name: str
    sex: str
    birth: str
    unit: str
    post: str
    appointed: str
    score: str
    rank: str
    grade: str
    reason: str
    note: str

    @property
    def title(self) -> str:
        return FORM_KINDS[self.kind]


def form_kind(rules: RuleSet, chosen: str | None = None) -> str:
    """``chosen`` when given, else the institution form under rules named 事业单位….
    (``--rules institution``), the civil servants' form otherwise."""
    if chosen is not None:
        return chosen
    return "institution" if "事业单位" in str(getattr(rules, "name", "")) else "civil"


def form_data(result: Result, kind: str, sizes: pd.Series | None = None) -> list[FormData]:
    """The forms of ``result``'s cadres, in roster order. ``sizes``: cadres ranked per track
    (default: counted on ``result``; pass the whole roster's when ``result`` is a part)."""
    c = _roster_order(result)
    if sizes is None:
        sizes = track_sizes(c)
    reason = _reason(c, str(result.rules.grades.not_graded))
    columns = {
        "id": _text(c, "id"),
        "name": _text(c, "name"),
        "sex": sex_of(c["id_number"]) if "id_number" in c else _blank(c),
        "birth": _month(c, "birth_date"),
        "unit": _text(c, "unit"),
        "post": _post(c),
        "appointed": _month(c, "appointed_on"),
        "score": _score(c),
        "rank": _rank(c, sizes),
        "grade": _grade(c),
        "reason": reason,
        "note": _note(c, reason),
    }
    rows = zip(*(col.tolist() for col in columns.values()), strict=True)
    return [FormData(kind, result.year, *row) for row in rows]


def _roster_order(result: Result) -> pd.DataFrame:
    """The result's cadres in the order of the roster's rows (the result is in rank order)."""
    c = result.cadres
    dataset = getattr(result, "dataset", None)
    sheet = dataset.sheets.get("cadres") if dataset is not None else None
    if sheet is None:
        return c
    place = pd.Series(range(len(sheet.frame)), index=sheet.frame["id"].astype(str).to_numpy())
    place = place[~place.index.duplicated()]
    return c.iloc[c["id"].astype(str).map(place).fillna(len(place)).argsort(kind="stable")]


def track_sizes(cadres: pd.DataFrame) -> pd.Series:
    """Ranked cadres per track."""
    return cadres[cadres["rank"].notna()].groupby("track").size()


def sex_of(numbers: pd.Series) -> pd.Series:
    """男 / 女 from an 18-character 身份证号's 17th digit; "" for anything else."""
    text = numbers.astype(object).where(numbers.notna(), "").astype(str).str.strip()
    digit = pd.to_numeric(text.str[16], errors="coerce")
    sex = digit.mod(2).map({1: "男", 0: "女"})
    return sex.where(text.str.len() == 18, "").fillna("").astype(object)


def _blank(c: pd.DataFrame) -> pd.Series:
    return pd.Series("", index=c.index, dtype=object)


def _text(c: pd.DataFrame, column: str) -> pd.Series:
    if column not in c:
        return _blank(c)
    values = c[column].astype(object)
    return values.where(values.notna(), "").astype(str)


def _month(c: pd.DataFrame, column: str) -> pd.Series:
    """A date as the forms write it: 1979.07."""
    if column not in c:
        return _blank(c)
    dates = pd.to_datetime(c[column], errors="coerce")
    return dates.dt.strftime("%Y.%m").fillna("").astype(object)


def _post(c: pd.DataFrame) -> pd.Series:
    """单位及职务: 城关镇党委书记 (the post alone when it already begins with the unit; the
    layer when there is no post)."""
    unit, post = _text(c, "unit"), _text(c, "post")
    post = post.where(post != "", _text(c, "layer"))
    has_unit = [p.startswith(u) for u, p in zip(unit.tolist(), post.tolist(), strict=True)]
    return post.where(pd.Series(has_unit, index=c.index, dtype=bool), unit + post)


def _score(c: pd.DataFrame) -> pd.Series:
    """综合得分; 不计分 for a cadre who did not take part (不参加, 不定等次 status), so the
    box says why it is empty."""
    shown = c["score"].map(lambda v: "" if pd.isna(v) else f"{v:.2f}")
    return shown.where(~_not_taking(c), NO_SCORE)


def _grade(c: pd.DataFrame) -> pd.Series:
    """考核等次; for a cadre who did not take part, the status and its reason as the data
    gives them (不定等次（病假超过半年）, 不参加（病假）)."""
    return _text(c, "grade").where(~_not_taking(c), _told(c))


def _not_taking(c: pd.DataFrame) -> pd.Series:
    status = _text(c, "status")
    return status.ne("") & status.ne("参加")


def _told(c: pd.DataFrame) -> pd.Series:
    status, reason = _text(c, "status"), _text(c, "status_reason")
    return (status + "（" + reason + "）").where(reason != "", status)


def _rank(c: pd.DataFrame, sizes: pd.Series) -> pd.Series:
    label = _text(c, "track_label").where(_text(c, "track_label") != "", _text(c, "track"))
    size = c["track"].map(sizes)
    ranked = c["rank"].notna() & size.notna()
    words = label + "第 " + c["rank"].astype(object).astype(str) + " 名（共 "
    return (
        words + size.astype(object).astype(str).str.replace(".0", "", regex=False) + " 名）"
    ).where(ranked, "")


def _reason(c: pd.DataFrame, not_graded: str) -> pd.Series:
    """未确定等次或不参加考核的原因: the status and its reason, else the limit that left
    the grade undetermined."""
    not_taking = _not_taking(c)
    ungraded = _text(c, "grade").eq(not_graded) & ~not_taking
    return _told(c).where(not_taking, _limit(c).where(ungraded, ""))


def _limit(c: pd.DataFrame) -> pd.Series:
    """The limit's reason without its rule path (``… → 不定等次``)."""
    # the path may hold an index: ``[limits.supervision.rules[1]]``
    return _text(c, "limit_reason").str.replace(
        r"\s*\[[^\s\[]*(\[\d+\][^\s\[\]]*)*\]$", "", regex=True
    )


def _note(c: pd.DataFrame, reason: pd.Series) -> pd.Series:
    """备注: a limit on the grade not given as the reason, and flags awaiting a decision."""
    limit = _limit(c).where(reason == "", "")
    flags = c["flags"] if "flags" in c else pd.Series([[]] * len(c), index=c.index)
    words = flags.map(lambda f: "；".join(flag_name(x) for x in _list(f) if x in NOTE_FLAGS))
    words = words.map(lambda w: f"{w}，待考核委员会决定" if w else "")
    both = limit.where((words == "") | (limit == ""), limit + "；" + words)
    return both.where(limit != "", words).astype(object)


def _list(value: Any) -> list[Any]:
    return list(value) if isinstance(value, list | tuple) or hasattr(value, "tolist") else []
