"""The portrait (干部画像) for people: sections of rows, shown on a terminal (fitted to its
width, 80 columns included) or as one printable A4 HTML page.

Both read the same :func:`sections` (so the screen and the paper never disagree); JSON is
the portrait dict itself (``insight/profile.py``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from cadrekit.render.labels import FLAG_LISTS_ZH, flag_item, flag_name

OUTCOME_ZH = {"counted": "计入", "not-counted": "不计入", "capped": "超上限"}


@dataclass
class Section:
    """A titled table (``headers`` and ``rows`` of text) and lines of text under it."""

    title: str
    headers: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)


def title(doc: dict[str, Any]) -> str:
    h = doc["head"]
    post = f"{h['post']} · " if h["post"] else ""
    return f"{h['name']}（{h['id']}）{h['unit']} · {post}{h['track_label']} · {h['year']} 年度画像"


def sections(doc: dict[str, Any]) -> list[Section]:
    return [
        _now(doc),
        _grades(doc),
        _events(doc),
        _supervision(doc),
        _training(doc),
        _years(doc),
        _pool(doc),
    ]


def _num(value: Any) -> str:
    return "" if value is None else f"{value:g}" if float(value).is_integer() else f"{value:.2f}"


def _now(doc: dict[str, Any]) -> Section:
    n = doc["now"]
    rank = f"{n['rank']} / {n['ranked_in_track']}" if n["rank"] is not None else "—"
    score = "—" if n["score"] is None else f"{n['score']:.2f}"
    lines = [
        f"综合得分 {score}　等次 {n['grade']}　赛道排名 {rank}",
        f"平时考核 {' '.join(q or '—' for q in n['quarters'])}　加分 {_num(n['bonus'])}　减分 {_num(n['deduction'])}",
        f"当前限制：{n['limit_reason'] or '无'}",
    ]
    if n["flags"]:
        lines.append("标记：" + "、".join(flag_name(f) for f in n["flags"]))
    return Section(f"{doc['head']['year']} 年度", lines=lines)


def _grades(doc: dict[str, Any]) -> Section:
    rows = [
        [
            str(g["year"]),
            g["grade"],
            _num(g["score"]),
            "本年度" if g["source"] == "result" else "历年考核",
        ]
        for g in doc["grades"]
    ]
    return Section("历年考核", ["年度", "等次", "得分", "来源"], rows)


def _events(doc: dict[str, Any]) -> Section:
    rows = [
        [e["category"], str(e["n"]), _num(e["bonus"]), _num(e["deduction"])] for e in doc["events"]
    ]
    lines = [
        f"{OUTCOME_ZH.get(s['outcome'], s['outcome'])}｜{_reason(s['reason'])}"
        for s in doc["ledger"]
    ]
    section = Section(
        f"纪实记录（{doc['head']['year']} 年，按类别）",
        ["类别", "条数", "加分", "减分"],
        rows,
        lines,
    )
    if not rows:
        section.headers, section.lines = [], ["本年度无纪实记录", *lines]
    return section


def _reason(text: str) -> str:
    """The ledger's reason without the word that the outcome column already says."""
    head, sep, rest = text.partition("：")
    return rest if sep and head.startswith(("计入", "不计入")) else text


def _supervision(doc: dict[str, Any]) -> Section:
    rows = [
        [
            s["date"],
            s["source"],
            s["measure"],
            {True: "是", False: "否", None: ""}[s["verified"]],
            s["note"],
        ]
        for s in doc["supervision"]
    ]
    inf = doc["influence"]
    lines = [f"影响期（参考日期 {doc['head']['reference_day']}）：{inf['active'] or '无'}"]
    if inf["ended"]:
        lines.append(f"已结束：{inf['ended']}")
    if inf["tolerated"]:
        lines.append(f"容错免责：{inf['tolerated']}")
    if not rows:
        return Section("监督信息", lines=["无监督信息记录", *lines])
    return Section("监督信息", ["日期", "来源", "处理类型", "核实", "说明"], rows, lines)


def _training(doc: dict[str, Any]) -> Section:
    t = doc["training"]
    if t is None:
        return Section("教育培训", lines=["无教育培训记录"])
    met = "达标" if t["met"] else "未达标"
    lines = [f"{t['year']} 年 学时 {_num(t['hours'])} / 应修 {_num(t['required'])}，{met}"]
    lines.append(f"培训内容：{t['topics'] or '无'}；缺少专题：{t['missing_topics'] or '无'}")
    return Section("教育培训", lines=lines)


def _years(doc: dict[str, Any]) -> Section:
    """Years in post, then years in rank and what they count from (任现职级时间, or the
    documented fallback to 任现职时间, said as such), then the 职级晋升 verdict."""
    y = doc["years"]
    post = f"任现职 {y['post_since']} 起 {_num(y['post_years'])} 年" if y["post_since"] else ""
    title = f"现职级 {y['rank_title']}，" if y["rank_title"] else ""
    if y["fallback"] == "no-rank-column":
        rank = f"{title}名册无 任现职级时间 列，职级年限按任现职时间计"
    elif y["fallback"]:
        rank = f"{title}任现职级时间 未填写，职级年限按任现职时间计"
    else:
        rank = f"{title}任现职级 {y['since']} 起 {_num(y['served'])} 年"
    lines = [post or "任现职时间 未填写", rank, "职级晋升：" + y["evidence"]]
    return Section("任职年限", lines=lines)


def _pool(doc: dict[str, Any]) -> Section:
    rows = [
        [
            FLAG_LISTS_ZH.get(p["list"], p["list"]),
            flag_item(p["item"]),
            p["evidence"],
        ]
        for p in doc["pool"]
    ]
    if not rows:
        return Section("能上能下", lines=["不在能上（提拔）名单和能下（调整）名单中"])
    return Section("能上能下", ["名单", "事项", "依据"], rows)


# ---------------------------------------------------------------------------- terminal


def print_profile(doc: dict[str, Any], width: int | None = None) -> None:
    """The portrait on the terminal, each section fitted to ``width`` (default: its own)."""
    from rich.console import Console
    from rich.text import Text

    from cadrekit.render.fit import Column, fold, table

    console = Console(soft_wrap=False, highlight=False, width=width)
    wide = console.width
    for line in fold(title(doc), wide):
        console.print(Text(line, style="bold"), no_wrap=True)
    for section in sections(doc):
        console.print(Text(""))
        console.print(Text(section.title, style="bold"), no_wrap=True)
        if section.headers:
            columns = [
                Column(str(i), h, [Text(r[i]) for r in section.rows])
                for i, h in enumerate(section.headers)
            ]
            shown = table(columns, "", {c.key: c.width() for c in columns if c.natural() <= 16})
            if any(c.natural() > 16 for c in columns):  # long text: wrap it in the width
                shown.width = wide
            console.print(shown)
        for line in section.lines:
            for part in fold(line, wide):
                console.print(Text(part), no_wrap=True)


# ---------------------------------------------------------------------------- page


def render_html(doc: dict[str, Any]) -> str:
    """One self-contained page, laid out for A4 when printed."""
    from cadrekit.render.page import environment

    return (
        environment().get_template("profile.html").render(title=title(doc), sections=sections(doc))
    )
