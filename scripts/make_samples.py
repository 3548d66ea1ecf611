"""Write the sample inputs in data/samples/ (fixed seed: same bytes every run).

    python scripts/make_samples.py [--out data/samples] [--seed 2025]

``county()`` builds the sample county on top of ``samplegen.generate`` and then engineers
chosen cadres so every default rule (DEFAULT_RULES.md) fires on a known id; the
``SCENARIOS`` table lists them. ``broken()`` plants one of each validation problem and
lists where it is. ``institution_sample.py`` adds the 事业单位 sample for --rules institution.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))

import samplegen as g

YEAR = 2025
SEED = 2025
TITLE = f"{YEAR}年度青山县干部考核汇总表"
C, E, S, H, K, T = (g.zh(k) for k in ("cadres", "events", "supervision", "history", "candidates", "training"))  # fmt: skip


HISTORY_SCORE = {"优秀": 93.5, "称职": 82.0, "基本称职": 66.0, "不称职": 55.0}


@dataclass(frozen=True)
class Scenario:
    id: str
    rule: str  # what it exercises (DEFAULT_RULES section)
    grade: str  # the grade the default rules must give
    flags: str = ""  # consequence flags, space-separated


def _plain(frames: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """Categoricals to plain text, so single cells can be edited."""
    out = {}
    for kind, frame in frames.items():
        frame = frame.copy()
        for name in frame.columns:
            if isinstance(frame[name].dtype, pd.CategoricalDtype):
                frame[name] = frame[name].astype("str")
        out[kind] = frame
    return out


class _County:
    """Edits on the generated frames, by cadre id."""

    def __init__(self, frames: dict[str, pd.DataFrame]) -> None:
        self.f = frames
        self.c = frames["cadres"].set_index(C["id"], drop=False)
        self.units = list(dict.fromkeys(self.c[C["unit"]]))
        self.scenarios: list[Scenario] = []

    # --- finding cadres -----------------------------------------------------------------
    def unit(self, kind: str, k: int) -> str:
        """The k-th township (乡镇) or department (县直部门)."""
        wanted = [u for u in self.units if (self.c[C["unit"]] == u).any()]
        typed = [
            u for u in wanted if self.c.loc[self.c[C["unit"]] == u, C["unit_type"]].iloc[0] == kind
        ]
        return typed[k]

    def members(self, unit: str, layer: str | None = None) -> list[str]:
        rows = self.c[self.c[C["unit"]] == unit]
        if layer:
            rows = rows[rows[C["layer"]] == layer]
        return list(rows.index)

    def electorate(self, unit: str) -> int:
        row = self.c[self.c[C["unit"]] == unit].iloc[0]
        cols = [
            C["votes_excellent"],
            C["votes_competent"],
            C["votes_basic"],
            C["votes_incompetent"],
        ]
        return int(row[cols].sum())

    # --- editing ------------------------------------------------------------------------
    def set(self, cid: str, **values: Any) -> None:
        for key, value in values.items():
            self.c.loc[cid, C.get(key, key)] = value

    def unit_of(self, cid: str) -> str:
        return str(self.c.loc[cid, C["unit"]])

    def votes(self, cid: str, e: int, c: int, b: int, i: int) -> None:
        assert e + c + b + i == self.electorate(self.unit_of(cid)), cid
        self.set(cid, votes_excellent=e, votes_competent=c, votes_basic=b, votes_incompetent=i)

    def quarters(self, cid: str, grades: str) -> None:
        for q, grade in zip(("q1", "q2", "q3", "q4"), grades.split(), strict=True):
            self.set(cid, **{q: None if grade == "-" else grade})

    def scores(self, cid: str, value: float) -> None:
        """Every indicator the cadre's track needs gets ``value``."""
        for name in self.needed(cid):
            self.c.loc[cid, name] = value

    def needed(self, cid: str) -> tuple[str, ...]:
        row = self.c.loc[cid]
        if row[C["layer"]] == "一般干部":
            return g.STAFF_INDICATORS
        if row[C["unit_type"]] == "乡镇":
            return g.TOWNSHIP_INDICATORS
        return g.DEPT_INDICATORS

    def clear(self, cid: str) -> None:
        """No random events, supervision or status: the scenario alone decides."""
        for kind in ("events", "supervision"):
            frame = self.f[kind]
            self.f[kind] = frame[frame[E["id"]] != cid]
        self.set(cid, status="参加", status_reason=None)

    def event(self, cid: str | None, unit: str | None, date: str, kind: str, category: str,
              points: float, reason: str) -> None:  # fmt: skip
        row = {
            E["id"]: cid, E["unit"]: unit or self.unit_of(str(cid)), E["date"]: pd.Timestamp(date),
            E["kind"]: kind, E["category"]: category, E["points"]: points, E["reason"]: reason,
            E["source"]: g.EVENT_SOURCES[g.CATEGORIES.index(category)],
        }  # fmt: skip
        self.f["events"] = pd.concat([self.f["events"], pd.DataFrame([row])], ignore_index=True)

    def supervision(self, cid: str, date: str, source: str, measure: str, verified: str,
                    note: str, tolerance: str | None = None,
                    basis: str | None = None) -> None:  # fmt: skip
        row = {
            S["id"]: cid, S["date"]: pd.Timestamp(date), S["source"]: source,
            S["measure"]: measure, S["verified"]: verified, S["note"]: note,
            S["tolerance"]: tolerance, S["tolerance_basis"]: basis,
        }  # fmt: skip
        self.f["supervision"] = pd.concat(
            [self.f["supervision"], pd.DataFrame([row])], ignore_index=True
        )

    def history(self, cid: str, grades: dict[int, str]) -> None:
        h = self.f["history"]
        h = h[h[H["id"]] != cid]
        rows = pd.DataFrame(
            {
                H["id"]: cid,
                H["year"]: list(grades),
                H["grade"]: list(grades.values()),
                H["score"]: [HISTORY_SCORE[v] for v in grades.values()],
            }
        )
        self.f["history"] = pd.concat([h, rows], ignore_index=True)

    def strong(self, cid: str, score: float = 96.0) -> None:
        """A clear 优秀 candidate: high indicators, near-unanimous votes, good quarters."""
        self.clear(cid)
        self.scores(cid, score)
        total = self.electorate(self.unit_of(cid))
        self.votes(cid, total - 2, 2, 0, 0)
        self.quarters(cid, "好 好 好 好")

    def plain(self, cid: str, score: float = 80.0) -> None:
        """An unremarkable 称职: all 称职 votes (V = 80), quarters 较好 (Q = 80)."""
        self.clear(cid)
        self.scores(cid, score)
        self.votes(cid, 0, self.electorate(self.unit_of(cid)), 0, 0)
        self.quarters(cid, "较好 较好 较好 较好")

    def expect(self, cid: str, rule: str, grade: str, flags: str = "") -> None:
        self.scenarios.append(Scenario(cid, rule, grade, flags))

    def frames(self) -> dict[str, pd.DataFrame]:
        out = dict(self.f)
        out["cadres"] = self.c.reset_index(drop=True)
        for kind, key in (("events", E["date"]), ("supervision", S["date"])):
            out[kind] = out[kind].sort_values(key, kind="stable").reset_index(drop=True)
        out["history"] = (
            out["history"].sort_values([H["id"], H["year"]], kind="stable").reset_index(drop=True)
        )
        return out


def county(seed: int = SEED, year: int = YEAR) -> tuple[dict[str, pd.DataFrame], list[Scenario]]:
    """The sample county: 420 cadres in 28 units, each default rule exercised on a known id."""
    k = _County(_plain(g.generate(420, seed=seed, year=year, n_units=28)))
    prev = year - 1
    town = [k.unit("乡镇", i) for i in range(8)]
    dept = [k.unit("县直部门", i) for i in range(12)]

    # §10 merit-third-class: 优秀 in the two previous years and rank 1 this year; bonus cap.
    top = k.members(town[0], "正职")[0]
    k.strong(top, 99.0)
    k.votes(top, k.electorate(town[0]), 0, 0, 0)
    for day, category, reason in (
        ("01-01", "重点项目建设", "元旦值守期间重点项目复工"),
        ("04-12", "森林防灭火", "扑救山火表现突出"),
        ("09-30", "招商引资", "引进亿元项目落地"),
    ):
        k.event(top, None, f"{year}-{day}", "加分", category, 2.0, reason)
    k.history(top, {year - 3: "称职", year - 2: "优秀", prev: "优秀"})
    k.expect(
        top, "§5 bonus capped at 5 (6 points recorded); §8 rank 1", "优秀", "merit-third-class"
    )

    # §6 veto on a unit (no id): hits the unit's top leader only.
    vetoed = k.members(town[1], "正职")[0]
    k.strong(vetoed, 97.0)
    k.event(None, town[1], f"{year}-03-21", "一票否决", "森林防灭火", 0, "辖区发生较大森林火灾")
    k.expect(vetoed, "§6 veto event on the unit (no id) → top leader: no 优秀", "称职")

    # §6 veto on a cadre.
    dep = k.members(dept[0], "副职")[0]
    k.strong(dep, 97.0)
    k.event(dep, None, f"{year}-07-08", "一票否决", "信访维稳", 0, "分管领域发生重大群体性事件")
    k.expect(dep, "§6 veto event on the cadre: no 优秀", "称职")

    # Events of the previous year are ignored (a veto and a big deduction on 12-31).
    chief = k.members(dept[1], "正职")[0]
    k.strong(chief, 98.0)
    k.event(chief, None, f"{prev}-11-20", "一票否决", "信访维稳", 0, "发生越级上访（上年度）")
    k.event(
        chief, None, f"{prev}-12-31", "减分", "重点项目建设", 10.0, "项目建设进度滞后（上年度）"
    )
    k.expect(chief, "§5/§6 events dated the previous year are ignored", "优秀")

    # §6 supervision caps.
    cases = [
        (k.members(town[0], "副职")[0], f"{year}-04-02", "审计", "诫勉", "是", "称职", "no 优秀"),
        (k.members(town[2], "副职")[0], f"{year}-06-15", "纪检监察", "警告", "是", "称职", "no 优秀"),
        (k.members(dept[2], "副职")[0], f"{year}-05-20", "巡视巡察", "记过", "是", "不定等次", ""),
        (k.members(dept[3], "正职")[0], f"{prev}-08-15", "纪检监察", "记大过", "是", "不定等次",
         "dated the year before"),
        (k.members(town[3], "副职")[0], f"{year - 2}-05-10", "纪检监察", "记大过", "是", "优秀",
         "dated two years before: no effect"),
        (k.members(town[4], "副职")[0], f"{year}-09-09", "纪检监察", "撤销党内职务", "是", "不称职", ""),
        (k.members(dept[4], "副职")[0], f"{year}-10-11", "信访举报", "警告", "否", "优秀",
         "unverified: limits nothing"),
    ]  # fmt: skip
    for cid, date, source, measure, verified, grade, note in cases:
        k.strong(cid, 97.5 if grade == "优秀" else 96.0)
        k.supervision(cid, date, source, measure, verified, f"{measure}（{source}）")
        flags = "demotion-review" if grade == "不称职" else ""
        k.expect(
            cid, f"§6 supervision {measure} {date} 是否核实={verified} {note}".strip(), grade, flags
        )
    # 容错纠错: a recognised record for a liftable measure limits nothing; a pending one does.
    lifted = k.members(town[1], "副职")[0]
    k.strong(lifted, 97.5)
    k.supervision(lifted, f"{year}-07-08", "审计", "诫勉", "是", "项目推进中程序瑕疵",
                  "是", "三个区分开来")  # fmt: skip
    k.expect(lifted, "§6 诫勉 recognised under error tolerance (容错认定=是): no limit", "优秀")
    pending = k.members(town[3], "副职")[1]
    k.strong(pending, 96.0)
    k.supervision(pending, f"{year}-08-19", "审计", "诫勉", "是", "征地拆迁程序瑕疵",
                  "申请中", "问责条例第十八条")  # fmt: skip
    k.expect(pending, "§6 诫勉 with error tolerance pending (申请中): still no 优秀", "称职")
    talk = k.members(dept[5], "一般干部")[0]
    k.plain(talk)
    k.supervision(talk, f"{year}-03-03", "信访举报", "提醒谈话", "是", "工作作风提醒")
    k.expect(talk, "§6 提醒谈话 limits nothing", "称职")

    # §6 vote shares.
    cid = k.members(town[5], "副职")[0]
    k.strong(cid)
    total = k.electorate(town[5])
    i = total // 3 + 1
    k.votes(cid, (total - i - 2) // 2, total - i - 2 - (total - i - 2) // 2, 2, i)
    k.expect(cid, "§6 不称职票 > 1/3 → 不称职", "不称职", "demotion-review")

    cid = k.members(dept[6], "副职")[0]
    k.strong(cid)
    total = k.electorate(dept[6])
    ec = -(-2 * total // 3) - 1
    k.votes(cid, ec // 2, ec - ec // 2, total - ec - 1, 1)
    k.expect(cid, "§6 (E+C) share < 2/3 → no better than 基本称职", "基本称职", "admonishment")

    # Vote boundaries: exactly 1/3 不称职 and exactly 2/3 (E+C) limit nothing.
    unit3 = next(u for u in dept[7:] if k.electorate(u) % 3 == 0)
    cid = k.members(unit3, "一般干部")[-1]
    k.plain(cid)
    third = k.electorate(unit3) // 3
    k.votes(cid, third, third, 0, third)
    k.expect(cid, "§6 vote boundaries: I share = 1/3 and (E+C) = 2/3 exactly: no limit", "称职")

    # §6 quarters: two 一般 → 基本称职; one 一般 → not eligible for 优秀 (§8).
    cid = k.members(dept[7], "副职")[0]
    k.strong(cid)
    k.quarters(cid, "好 一般 一般 好")
    k.expect(cid, "§6 two quarters 一般 → no better than 基本称职", "基本称职", "admonishment")
    cid = k.members(town[6], "副职")[0]
    k.strong(cid, 99.0)
    k.quarters(cid, "好 好 一般 好")
    k.expect(cid, "§8 one quarter 一般: not eligible for 优秀", "称职")

    # §6 score limits (deductions are not capped), and the S = 70 boundary.
    low = k.members(town[6], "一般干部")[0]
    k.plain(low, 62.0)  # S = 31 + 24 + 16 = 71 before deductions
    k.event(low, None, f"{year}-05-06", "减分", "信访维稳", 6.0, "发生越级上访")
    k.event(low, None, f"{year}-08-19", "减分", "重点项目建设", 6.0, "项目建设进度滞后")
    k.history(low, {year - 3: "称职", year - 2: "基本称职", prev: "不称职"})
    k.expect(low, "§6 S = 59 < 60 → 不称职; §10 不称职 two years running", "不称职",
             "demotion-review dismissal-review")  # fmt: skip
    cid = k.members(dept[8], "一般干部")[0]
    k.plain(cid, 66.0)  # S = 73 before the deduction
    k.event(cid, None, f"{year}-11-02", "减分", "招商引资", 4.0, "招商任务未完成")
    k.expect(cid, "§6 60 ≤ S = 69 < 70 → 基本称职", "基本称职", "admonishment")
    cid = k.members(dept[8], "一般干部")[1]
    k.plain(cid, 60.0)
    k.expect(cid, "§6 S = 70.00 exactly: no limit", "称职")

    # §6 status.
    cid = k.members(town[7], "一般干部")[-1]
    k.plain(cid)
    k.set(cid, status="不定等次", status_reason="新录用未满一年", appointed_on=f"{year}.04")
    k.quarters(cid, "- 较好 好 好")
    k.history(cid, {})
    k.expect(cid, "§6 status 不定等次 (新录用未满一年); Q1 empty = not assessed", "不定等次")
    cid = k.members(dept[9], "一般干部")[-1]
    k.plain(cid)
    k.set(cid, status="不参加", status_reason="病假")
    k.expect(cid, "§6 status 不参加 (病假)", "不定等次")

    # §8 quota tie at the cut: staff of one department (quota group = track within unit).
    tie_unit = next(u for u in dept[10:] if 10 <= len(k.members(u, "一般干部")) <= 14)
    staff = k.members(tie_unit, "一般干部")
    total = k.electorate(tie_unit)
    slots = len(staff) // 5
    for cid in staff:
        k.plain(cid, 70.0 + staff.index(cid) % 5)
    leaders, (a, b) = staff[: slots - 1], staff[slots - 1 : slots + 1]
    for cid in leaders:
        k.strong(cid, 97.0)
        k.expect(cid, f"§8 quota: {slots} slot(s) among {len(staff)} staff of {tie_unit}", "优秀")
    for cid in (a, b):
        k.clear(cid)
        k.scores(cid, 92.0)
        k.votes(cid, total - 4, 4, 0, 0)
        k.quarters(cid, "好 较好 好 好")
        k.expect(cid, f"§8 tie at the cut of {tie_unit} staff (with {a if cid == b else b})",
                 "称职", "quota-tie")  # fmt: skip

    _candidates(k)
    return k.frames(), k.scenarios


def _candidates(k: _County) -> None:
    """凡提四必: most candidates pass; four fail one check each."""
    cand = k.f["candidates"].reset_index(drop=True)
    fails = [
        (K["file_review"], "未审核", K["file_review_note"], "档案尚未调取"),
        (K["personal_report"], "不一致", K["file_review_note"], "无异常"),
        (K["discipline_opinion"], "建议暂缓", K["file_review_note"], "无异常"),
        (K["petition_check"], "未查结", K["file_review_note"], "无异常"),
    ]
    for row, (column, value, note_col, note) in enumerate(fails):
        cand.loc[row, column] = value
        cand.loc[row, note_col] = note
    cand.loc[len(cand) - 1, K["discipline_opinion"]] = "未回复"
    k.f["candidates"] = cand


# --- broken.xlsx --------------------------------------------------------------------------


def _cell(frame: pd.DataFrame, row: int, column: str, first_row: int) -> tuple[int, str]:
    """Spreadsheet row number and column letter of ``frame.iloc[row][column]``."""
    from cadrekit.models.dataset import column_letter

    return first_row + row, column_letter(list(frame.columns).index(column))


def broken(seed: int = SEED, year: int = YEAR) -> tuple[dict[str, pd.DataFrame], pd.DataFrame]:
    """A small valid county with one planted problem of each kind ``validate`` reports."""
    frames = _plain(g.generate(60, seed=seed + 1, year=year, n_units=5))
    c = frames["cadres"]
    for name in g.INDICATORS:  # text cells so that "八十" can sit among numbers
        c[name] = c[name].astype(object)
    for q in ("q1", "q2", "q3", "q4"):
        c[C[q]] = c[C[q]].fillna("较好")
    c[C["status"]] = "参加"
    c[C["status_reason"]] = None
    c[C["top_leader"]] = c[C["top_leader"]].astype(object)
    c[C["appointed_on"]] = c[C["appointed_on"]].astype(object)
    c[C["birth_date"]] = c[C["birth_date"]].astype(object)
    for name in (E["date"], E["id"]):
        frames["events"][name] = frames["events"][name].astype(object)
    problems: list[dict[str, object]] = []

    def plant(kind: str, row: int, column: str, value: Any, code: str) -> None:
        frame = frames[kind]
        frame.loc[row, column] = value
        first = 3 if kind == "cadres" else 2  # title row + header on the roster
        number, letter = _cell(frame, row, column, first)
        sheet = g.SHEETS[kind]
        problems.append(
            {"code": code, "sheet": sheet, "row": number, "column": letter,
             "location": f"{sheet}!{letter}{number}", "found": "" if value is None else str(value)}
        )  # fmt: skip

    layers = c[C["layer"]].to_numpy()
    used: set[int] = set()

    def pick(layer: str) -> int:
        """A fresh roster row of the layer, so that each row carries one problem only."""
        row = next(int(r) for r in np.flatnonzero(layers == layer) if int(r) not in used)
        used.add(row)
        return row

    # The duplicate replaces a staff member's id: drop the rows that pointed to it elsewhere.
    row = pick("一般干部")
    gone = c.loc[row, C["id"]]
    for kind in ("events", "supervision", "history", "candidates", "training"):
        frames[kind] = frames[kind][frames[kind][E["id"]] != gone].reset_index(drop=True)
    ev = frames["events"]
    plant("cadres", row, C["id"], c.loc[row - 1, C["id"]], "duplicate-id")
    used.add(row - 1)
    # Both rows that share the id are reported (each names the other).
    plant("cadres", row - 1, C["id"], c.loc[row - 1, C["id"]], "duplicate-id")
    plant("cadres", pick("一般干部"), C["name"], None, "missing-value")
    plant("cadres", pick("副职"), C["top_leader"], "待定", "bad-boolean")
    row = pick("一般干部")
    for key in ("votes_excellent", "votes_competent", "votes_basic", "votes_incompetent"):
        c.loc[row, C[key]] = 0
    problems.append(
        {"code": "zero-votes", "sheet": "干部名册", "row": row + 3, "column": "",
         "location": f"干部名册!{row + 3}", "found": "0+0+0+0"}
    )  # fmt: skip
    row = pick("副职")
    column = "乡村振兴" if c.loc[row, C["unit_type"]] == "乡镇" else "职能工作"
    plant("cadres", row, column, None, "missing-indicator")
    plant("cadres", pick("一般干部"), "工作实绩", 105, "out-of-range")
    plant("cadres", pick("一般干部"), "工作实绩", "八十", "bad-number")
    plant("cadres", pick("一般干部"), C["appointed_on"], "2021.13", "bad-date")
    plant("cadres", pick("一般干部"), C["appointed_on"], f"{year + 10}.03", "future-date")
    row = pick("一般干部")
    idn = str(c.loc[row, C["id_number"]])
    plant(
        "cadres", row, C["id_number"], idn[:17] + ("0" if idn[-1] != "0" else "1"), "bad-id-number"
    )
    row = pick("一般干部")
    born = pd.Timestamp(str(c.loc[row, C["birth_date"]])) - pd.DateOffset(years=1)
    plant("cadres", row, C["birth_date"], born.to_pydatetime(), "id-number-birth-mismatch")
    problems[-1]["found"] = born.strftime("%Y-%m-%d")
    plant("cadres", pick("一般干部"), C["q3"], "优", "bad-choice")
    ev_rows = np.flatnonzero(pd.to_datetime(ev[E["date"]]).dt.year.to_numpy() == year)
    plant("events", int(ev_rows[0]), E["id"], "A9999", "unknown-id")
    plant("events", int(ev_rows[1]), E["date"], f"{year}-02-30", "bad-date")
    expected = pd.DataFrame(problems).sort_values(["sheet", "row"], kind="stable")
    return frames, expected.reset_index(drop=True)


# --- writing --------------------------------------------------------------------------------


def write_all(out: Path, seed: int = SEED, year: int = YEAR) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    frames, scenarios = county(seed, year)
    written = [out / "county-2025.xlsx", out / "county-2025-cadres.csv"]
    g.write_xlsx(frames, written[0], title=TITLE)
    written[1].write_bytes(g.to_csv_text(frames["cadres"], TITLE).encode("gbk"))
    table = pd.DataFrame([s.__dict__ for s in scenarios])
    written.append(out / "county-2025-scenarios.csv")
    written[-1].write_text(table.to_csv(index=False, lineterminator="\n"), encoding="utf-8")
    bad, expected = broken(seed, year)
    written += [out / "broken.xlsx", out / "broken-expected.csv"]
    g.write_xlsx(bad, written[-2], title=TITLE.replace("青山县", "白云县"))
    written[-1].write_text(expected.to_csv(index=False, lineterminator="\n"), encoding="utf-8")
    import ballot_sample
    import institution_sample  # it builds on this module: imported here, not at the top

    return written + institution_sample.write(out, seed, year) + ballot_sample.write(out)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--out", type=Path, default=Path(__file__).resolve().parents[1] / "data" / "samples"
    )
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args(argv)
    for path in write_all(args.out, args.seed):
        print(path, file=sys.stderr)


if __name__ == "__main__":
    main()
