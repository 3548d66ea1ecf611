"""The 事业单位 sample (``data/samples/institution-2025.xlsx``) for ``--rules institution``.

Built like the county sample (``make_samples.county``): ``samplegen.generate`` with its own
seed, then renamed into a county's public institutions (hospitals, schools, service
centres), every cadre scored on 工作实绩 (the indicator of both institution tracks), past
grades in the institution's names, and chosen staff engineered so that each sanction
effect of the institution rules fires on a known id (``SCENARIOS``-style table).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import samplegen as g
from make_samples import SEED, YEAR, C, H, Scenario, _County, _plain

TITLE = f"{YEAR}年度青山县事业单位工作人员考核汇总表"
UNITS = (
    "县人民医院", "县中医院", "县第一中学", "县实验小学",
    "县疾病预防控制中心", "县农业技术推广中心", "县融媒体中心", "县不动产登记中心",
)  # fmt: skip
GRADES = {"称职": "合格", "基本称职": "基本合格", "不称职": "不合格"}  # default → institution
HISTORY_SCORE = {"优秀": 93.5, "合格": 82.0, "基本合格": 66.0, "不合格": 55.0}
INDICATOR = "工作实绩"
POSTS = {"正职": "主任", "副职": "副主任"}


class _Institution(_County):
    """The county editor, with one indicator for every track and the institution's grades."""

    def needed(self, cid: str) -> tuple[str, ...]:
        return (INDICATOR,)

    def history(self, cid: str, grades: dict[int, str]) -> None:
        h = self.f["history"]
        rows = pd.DataFrame(
            {
                H["id"]: cid,
                H["year"]: list(grades),
                H["grade"]: list(grades.values()),
                H["score"]: [HISTORY_SCORE[v] for v in grades.values()],
            }
        )
        self.f["history"] = pd.concat([h[h[H["id"]] != cid], rows], ignore_index=True)


def _renamed(frames: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """Ids S…, units as institutions, one 工作实绩 per cadre, grades in the institution's names."""
    cadres = frames["cadres"]
    names = dict(zip(dict.fromkeys(cadres[C["unit"]]), UNITS, strict=True))
    out: dict[str, pd.DataFrame] = {}
    for kind, frame in frames.items():
        if kind == "special":  # the institution rules have no special assessments
            continue
        frame = frame.copy()
        ids = g.zh(kind).get("id")
        if ids in frame.columns:
            frame[ids] = frame[ids].str.replace("A", "S", n=1, regex=False)
        unit = g.zh(kind).get("unit")
        if unit in frame.columns:
            frame[unit] = frame[unit].map(lambda u: names.get(u, u))
        out[kind] = frame
    c = out["cadres"]
    c[C["unit_type"]] = "事业单位"
    others = list(dict.fromkeys(g.TOWNSHIP_INDICATORS + g.DEPT_INDICATORS))
    scored = c[[*others, INDICATOR]].astype(float)
    c[INDICATOR] = scored.mean(axis=1).round(1)  # each cadre had their track's indicators
    c = c.drop(columns=others)
    c[C["post"]] = c[C["layer"]].map(POSTS).fillna(c[C["post"]])
    out["cadres"] = c
    history = out["history"]
    history[H["grade"]] = history[H["grade"]].map(lambda v: GRADES.get(v, v))
    return out


def institution(
    seed: int = SEED, year: int = YEAR
) -> tuple[dict[str, pd.DataFrame], list[Scenario]]:
    """160 staff in 8 institutions; each institution rule on a known id."""
    k = _Institution(_renamed(_plain(g.generate(160, seed=seed + 2, year=year, n_units=8))))
    prev = year - 1
    hospital, school, centre = UNITS[0], UNITS[2], UNITS[5]

    top = k.members(hospital, "正职")[0]
    k.strong(top, 98.0)
    k.expect(top, "inst-leader rank 1: 优秀 within the 20% quota", "优秀")

    # (unit, k-th staff member, score, date, source, measure, note, rule, grade, flags);
    # 县疾病预防控制中心 has 19 staff: 3 优秀 slots with or without its two.
    sanctions = (
        (hospital, 0, 97.0, f"{year}-05-10", "纪检监察", "警告", "违反工作纪律",
         "警告 this year: no 优秀", "合格", ""),
        (school, 0, 96.0, f"{year}-06-02", "纪检监察", "记过", "违规收受礼品",
         "记过 this year: no grade that year", "不定等次", ""),
        (school, 1, 95.0, f"{prev}-09-15", "其他", "降低岗位等级", "工作失职（上年度）",
         "降低岗位等级 last year: no grade that year and the next", "不定等次", ""),
        (UNITS[4], 0, 96.5, f"{year}-03-18", "其他", "降低岗位等级", "医疗差错（本年度）",
         "降低岗位等级 this year: no grade that year", "不定等次", ""),
        (UNITS[4], 1, 97.5, f"{year - 2}-10-12", "其他", "降低岗位等级", "工作失职",
         "降低岗位等级 two years before: no effect", "优秀", ""),
        (centre, 0, 94.0, f"{year}-04-20", "纪检监察", "留党察看", "严重违纪",
         "留党察看 (a political sanction): 不合格", "不合格", "post-grade-review"),
    )  # fmt: skip
    for unit, nth, score, date, source, measure, note, rule, grade, flags in sanctions:
        cid = k.members(unit, "一般干部")[nth]
        k.strong(cid, score)
        k.supervision(cid, date, source, measure, "是", note)
        k.expect(cid, rule, grade, flags)

    vetoed = k.members(centre, "一般干部")[1]
    k.strong(vetoed, 93.0)
    k.event(vetoed, None, f"{year}-08-08", "一票否决", "信访维稳", 0, "分管领域发生重大群体性事件")
    k.expect(vetoed, "一票否决: 不合格", "不合格", "post-grade-review")

    failing = k.members(UNITS[6], "一般干部")[0]
    k.clear(failing)
    k.scores(failing, 45.0)
    total = k.electorate(k.unit_of(failing))
    k.votes(failing, 0, total - 12, 4, 8)
    k.quarters(failing, "较差 一般 较差 一般")
    k.history(failing, {year - 2: "合格", prev: "不合格"})
    k.expect(
        failing, "不合格 this year and last: contract review", "不合格",
        "contract-review post-grade-review",
    )  # fmt: skip
    return k.frames(), k.scenarios


def write(out_dir: Path, seed: int = SEED, year: int = YEAR) -> list[Path]:
    frames, scenarios = institution(seed, year)
    book = out_dir / "institution-2025.xlsx"
    table = out_dir / "institution-2025-scenarios.csv"
    g.write_xlsx(frames, book, title=TITLE)
    rows = pd.DataFrame([s.__dict__ for s in scenarios])
    table.write_text(rows.to_csv(index=False, lineterminator="\n"), encoding="utf-8")
    return [book, table]
