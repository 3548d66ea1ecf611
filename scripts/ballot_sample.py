"""The ballot sample (``data/samples/ballots-2025.xlsx``): 测评票, 职级 and the risk catalogue.

``samplegen.generate`` (60 cadres in 4 units, its own seed), then:

- 城关镇's 14 cadres bring their democratic evaluation as a 测评票 sheet instead of typed
  totals: their totals split over 领导 / 同事 / 服务对象 (领导 = count // 5, 服务对象 =
  count // 4, 同事 the rest), as one row per ballot for even ids and one tally row per
  rater group for odd ids; their roster vote cells are empty. Under the built-in rules
  (weights 1) the sample scores exactly as :func:`typed` — the same roster with the totals
  typed — does;
- every cadre has a 职级 and two in three a 任现职级时间 (the rest fall back on 任现职时间);
- 城关镇's 一把手 (A0001) has three supervision records and a unit deduction that the
  built-in catalogue maps to 重大决策, 资金使用 and 工程项目 (twice).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import samplegen as g

SEED = 2616
YEAR = 2025
TITLE = f"{YEAR}年度青山县干部考核汇总表（民主测评票）"
UNIT = "城关镇"
VOTES = ["优秀票", "称职票", "基本称职票", "不称职票"]
CHOICES = ["优秀", "称职", "基本称职", "不称职"]
GROUPS = ["领导", "同事", "服务对象"]
RANKS = {"正职": "一级主任科员", "副职": "二级主任科员"}
STAFF_RANKS = ["三级主任科员", "四级主任科员", "一级科员"]
RISKS = [
    ("2025-04-10", "巡视巡察", "提醒谈话", "是", "重大事项未经集体研究决策"),
    ("2025-06-01", "审计", "提醒谈话", "是", "专项资金拨付不及时"),
    ("2024-11-20", "信访举报", "提醒谈话", "否", "反映工程招投标问题"),
]


def typed(seed: int = SEED, year: int = YEAR) -> dict[str, pd.DataFrame]:
    """The sample's frames with every vote total typed on the roster (no 测评票)."""
    frames = g.generate(60, seed=seed, year=year, n_units=4)
    cadres = frames["cadres"]
    n = len(cadres)
    layer = cadres["层级"].astype(str)
    staff = pd.Series([STAFF_RANKS[i % 3] for i in range(n)], index=cadres.index)
    cadres["职级"] = layer.map(RANKS).fillna(staff)
    since = [f"{year - 1 - i % 4}.{i % 12 + 1:02d}" if i % 3 != 2 else None for i in range(n)]
    cadres["任现职级时间"] = pd.Series(since, index=cadres.index, dtype=object)
    leader = cadres.loc[(cadres["单位"] == UNIT) & cadres["一把手"].astype(bool), "编号"].iloc[0]
    sup = frames["supervision"]
    extra = pd.DataFrame(
        [[leader, pd.Timestamp(d), s, m, v, note] for d, s, m, v, note in RISKS],
        columns=list(sup.columns),
    )
    frames["supervision"] = pd.concat([sup, extra], ignore_index=True)
    ev = frames["events"]
    unit_event = {c: None for c in ev.columns} | {
        "单位": UNIT,
        "日期": pd.Timestamp(f"{year}-09-30"),
        "类型": "减分",
        "类别": "重点项目建设",
        "分值": 2.0,
        "事由": "项目建设进度滞后",
        "来源": "县委督查室",
    }
    frames["events"] = pd.concat([ev, pd.DataFrame([unit_event])], ignore_index=True)
    return frames


def _split(count: int) -> list[int]:
    lead, served = count // 5, count // 4
    return [lead, count - lead - served, served]


def ballots(frames: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """:func:`typed` with 城关镇's totals moved into a 测评票 sheet."""
    frames = {k: v.copy() for k, v in frames.items()}
    cadres = frames["cadres"]
    mine = cadres[cadres["单位"] == UNIT]
    rows: list[list[object]] = []
    for cid, name, *counts in mine[["编号", "姓名", *VOTES]].itertuples(index=False):
        parts = np.array([_split(int(c)) for c in counts])  # vote kind × group
        for j, group in enumerate(GROUPS):
            if int(cid[1:]) % 2:  # odd id: one tally row per group
                rows.append([cid, name, group, None, *parts[:, j].tolist()])
                continue
            for k, choice in enumerate(CHOICES):
                rows += [[cid, name, group, choice, None, None, None, None]] * int(parts[k, j])
    header = ["编号", "姓名", "评价人类别", "评价", *VOTES]
    frames["ballots"] = pd.DataFrame(rows, columns=header).astype(object)
    for column in VOTES:
        cadres[column] = cadres[column].astype("Float64").mask(cadres["单位"] == UNIT)
    return frames


def write(out_dir: Path, seed: int = SEED, year: int = YEAR) -> list[Path]:
    book = out_dir / "ballots-2025.xlsx"
    g.write_xlsx(ballots(typed(seed, year)), book, title=TITLE)
    return [book]


if __name__ == "__main__":
    write(Path(__file__).resolve().parents[1] / "data" / "samples")
