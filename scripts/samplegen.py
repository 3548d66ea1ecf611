"""Synthetic cadre data: realistic, deterministic, vectorised, and never about real people.

``generate(n)`` returns one DataFrame per input sheet, headed with the Chinese primary
headers of :mod:`cadrekit.models.rows` plus the indicator columns of the default rules.
``write_xlsx`` writes them as a workbook an officer might send in (a merged title row
above the roster's header, dates as Excel dates, no formulas). Benchmarks import this
module; ``make_samples.py`` uses it to write ``data/samples/``.

身份证号 are synthetic: a made-up county area code, the cadre's birth date, a random
sequence and a valid GB 11643 MOD 11-2 check character. Names are drawn from common
characters that GBK can encode, so the CSV export works.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from cadrekit.models.rows import ROW_MODELS, SHEET_NAMES

# Indicator columns of the default rules (DEFAULT_RULES §2), per track family.
TOWNSHIP_INDICATORS = ("经济发展", "乡村振兴", "安全稳定", "党的建设")
DEPT_INDICATORS = ("职能工作", "重点任务", "服务评价", "党的建设")
STAFF_INDICATORS = ("工作实绩",)
INDICATORS = (
    "经济发展",
    "乡村振兴",
    "安全稳定",
    "职能工作",
    "重点任务",
    "服务评价",
    "党的建设",
    "工作实绩",
)
TRACKS = ("township-chief", "township-deputy", "dept-chief", "dept-deputy", "staff")

SURNAMES = tuple(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛段雷侯龙史陶黎贺顾毛郝龚邵万覃武"
)
# Weighted towards the most common surnames, as real rosters are.
_SURNAME_WEIGHTS = 1.0 / np.sqrt(np.arange(1, len(SURNAMES) + 1))
GIVEN = tuple(
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国文辉红玉兰峰波宁春梅林云飞鹏斌亮志海燕"
    "晓丹欣怡浩然宇轩子涵俊博文彬学成德胜佳琪雪瑞婷颖琳晨阳光荣兵新利民忠诚永安世清正"
)
AREA_CODES = ("360721", "360722", "360723", "360724", "360725", "360726", "360727", "360728")
_ID_WEIGHTS = np.array([7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2], dtype=np.int64)
_ID_CHECK = np.array(list("10X98765432"))

TOWNSHIPS = (
    "城关镇", "白水乡", "青石镇", "龙潭镇", "桃源乡", "石门镇", "清溪乡", "大坪镇", "黄土岭乡",
    "沙河镇", "双江镇", "柳塘乡", "新市镇", "高桥镇", "梅林乡", "长岭镇", "凤凰乡", "金山镇",
)  # fmt: skip
DEPARTMENTS = (
    "县财政局", "县发改委", "县教育局", "县卫健委", "县自然资源局", "县住建局", "县交通运输局",
    "县农业农村局", "县水利局", "县应急局", "县市场监管局", "县民政局", "县人社局", "县商务局",
    "县文旅局", "县生态环境局", "县审计局", "县统计局", "县医保局", "县林业局",
)  # fmt: skip
TOWNSHIP_DEPUTY_POSTS = ("党委副书记", "副镇长", "纪委书记", "组织委员", "宣传委员", "武装部长")
DEPT_DEPUTY_POSTS = ("副局长", "党组成员", "纪检组长")
STAFF_POSTS = ("科员", "办事员", "一级科员", "股长", "四级主任科员")

CATEGORY_REASONS = {
    "重点项目建设": ("重点项目征地拆迁按期完成", "项目建设进度滞后", "重点项目提前投产"),
    "森林防灭火": ("扑救山火表现突出", "防火巡查不到位", "森林防火期值守到位"),
    "乡村振兴": ("乡村振兴示范点建设成效明显", "防返贫监测漏报", "产业帮扶项目落地"),
    "信访维稳": ("化解信访积案", "发生越级上访", "重大节点维稳工作到位"),
    "招商引资": ("引进亿元项目落地", "招商任务未完成", "签约项目资金到位"),
}
CATEGORIES = tuple(CATEGORY_REASONS)
# Who records each category's events (same order as CATEGORY_REASONS).
EVENT_SOURCES = ("县委督查室", "县应急局", "县乡村振兴局", "县信访局", "县商务局")
TRAINING_TOPICS = (
    "党的创新理论", "乡村振兴专题", "安全生产", "依法行政", "网络学院在线学习", "干部能力提升",
)  # fmt: skip

QUARTER_GRADES = np.array(["好", "较好", "一般", "较差"])
SHEETS = {kind: names[0] for kind, names in SHEET_NAMES.items()}  # kind -> 干部名册 …


def zh(kind: str) -> dict[str, str]:
    """Canonical column -> primary Chinese header of one sheet kind, in schema order."""
    model = ROW_MODELS[kind]
    return {
        name: str((field.json_schema_extra or {})["zh"])  # type: ignore[index]
        for name, field in model.model_fields.items()
    }


def id_check_char(first17: np.ndarray) -> np.ndarray:
    """GB 11643 MOD 11-2 check characters for an (n, 17) array of digits."""
    return _ID_CHECK[(first17.astype(np.int64) @ _ID_WEIGHTS) % 11]


def id_number_valid(value: str) -> bool:
    """True when an 18-character 身份证号 has a correct check character."""
    if len(value) != 18 or not value[:17].isdigit():
        return False
    digits = np.array([int(c) for c in value[:17]])
    return bool(id_check_char(digits[None, :])[0] == value[17].upper())


def _ymd(days: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Year, month and day of datetime64[D] values, vectorised."""
    years = days.astype("datetime64[Y]")
    months = days.astype("datetime64[M]")
    y = years.astype(np.int64) + 1970
    m = (months - years.astype("datetime64[M]")).astype(np.int64) + 1
    d = (days - months.astype("datetime64[D]")).astype(np.int64) + 1
    return y, m, d


_FOUR_DIGITS = ((np.arange(10_000)[:, None] // np.array([1000, 100, 10, 1])) % 10 + 48).astype(
    np.uint8
)


def _digits(values: np.ndarray, width: int) -> np.ndarray:
    """Zero-padded decimal digits of non-negative integers as an (n, width) ASCII array.

    Four digits at a time through a lookup table: element-wise int64 division is slow.
    """
    rest = values.astype(np.int64)
    chunks = []
    for _ in range(-(-width // 4)):
        rest, low = np.divmod(rest, 10_000)
        chunks.append(_FOUR_DIGITS[low])
    return np.hstack(chunks[::-1])[:, -width:]


def _text(*parts: np.ndarray | str, n: int) -> pd.Series:
    """Join ASCII parts ((n, k) code arrays or literal strings) into fixed-width text.

    Integer-to-text conversion through NumPy's astype(str) is slow; bytes are not.
    """
    blocks = [
        np.broadcast_to(np.frombuffer(p.encode(), dtype=np.uint8), (n, len(p)))
        if isinstance(p, str)
        else p
        for p in parts
    ]
    joined = np.ascontiguousarray(np.hstack(blocks))
    raw = joined.view(f"S{joined.shape[1]}").ravel()
    return _str(pa.array(raw, type=pa.binary()).cast(pa.string()))


def _str(values: pa.Array) -> pd.Series:
    return pd.Series(pd.array(values, dtype="str"))


def _id_numbers(rng: np.random.Generator, birth: np.ndarray) -> pd.Series:
    """Synthetic 身份证号 matching the birth dates (datetime64[D])."""
    n = len(birth)
    area = np.array(AREA_CODES, dtype=np.int64)[rng.integers(0, len(AREA_CODES), n)]
    y, m, d = _ymd(birth)
    seq = rng.integers(1, 1000, n)
    first17 = _digits(area * 10**11 + (y * 10000 + m * 100 + d) * 1000 + seq, 17)
    check = id_check_char(first17 - 48).astype("S1").view(np.uint8)[:, None]
    return _text(first17, check, n=n)


def _names(rng: np.random.Generator, n: int) -> pd.Series:
    p = _SURNAME_WEIGHTS / _SURNAME_WEIGHTS.sum()
    surname = pa.array(SURNAMES).take(rng.choice(len(SURNAMES), n, p=p))
    given = pa.array((*GIVEN, ""))
    first = given.take(rng.integers(0, len(GIVEN), n))
    second_i = np.where(rng.random(n) < 0.7, rng.integers(0, len(GIVEN), n), len(GIVEN))
    return _str(pc.binary_join_element_wise(surname, first, given.take(second_i), ""))


def _cat(codes: np.ndarray, labels: list[str]) -> pd.Categorical:
    """Labels by code (-1: blank), as a categorical: cheap for a million rows."""
    return pd.Categorical.from_codes(codes, categories=labels)  # type: ignore[call-overload]


def _unit_names(n_units: int, township: np.ndarray) -> np.ndarray:
    """Township and department names; repeats get a number once a list runs out."""
    out = np.empty(n_units, dtype=object)
    for is_town, names in ((True, TOWNSHIPS), (False, DEPARTMENTS)):
        idx = np.flatnonzero(township == is_town)
        k = np.arange(len(idx))
        base = np.array(names, dtype=object)[k % len(names)]
        rep = k // len(names)
        suffix = np.where(rep > 0, (rep + 1).astype(str), "").astype(object)
        out[idx] = base + suffix
    return out


def _dates_in(rng: np.random.Generator, year: int, n: int) -> np.ndarray:
    start = np.datetime64(f"{year}-01-01")
    days = (np.datetime64(f"{year + 1}-01-01") - start).astype(int)
    return start + rng.integers(0, days, n).astype("timedelta64[D]")


def generate(
    n_cadres: int, seed: int = 2025, year: int = 2025, n_units: int | None = None
) -> dict[str, pd.DataFrame]:
    """Synthetic input frames keyed cadres/events/supervision/history/candidates/training.

    Columns are the Chinese primary headers of rows.py (plus indicator columns on the
    roster). Vectorised: a million cadres take a few seconds. Same arguments, same frames.
    """
    if n_cadres < 1:
        raise ValueError("n_cadres must be ≥ 1")
    rng = np.random.default_rng(seed)
    n_units = n_units or max(1, round(n_cadres / 15))
    n_units = min(n_units, n_cadres)
    cadres = _cadres(rng, n_cadres, n_units, year)
    roster = _Roster(cadres)
    return {
        "cadres": cadres,
        "events": _events(rng, roster, year),
        "supervision": _supervision(rng, roster, year),
        "history": (history := _history(rng, roster, year)),
        "candidates": _candidates(rng, roster),
        "training": _training(rng, roster, year),
        **_later(np.random.default_rng([seed, 7]), roster, year),
    } | {"history": _history_scores(np.random.default_rng([seed, 8]), history)}


def _later(rng: np.random.Generator, roster: _Roster, year: int) -> dict[str, pd.DataFrame]:
    """Sheets added later draw from their own stream, so the older sheets keep their draws."""
    return {"special": _special(rng, roster, year)}


def _history_scores(rng: np.random.Generator, history: pd.DataFrame) -> pd.DataFrame:
    """年度得分 per history row, in the band of its grade."""
    h = zh("history")
    code = history[h["grade"]].cat.codes.to_numpy()  # 优秀, 称职, 基本称职
    low = np.array([88.0, 72.0, 62.0])[code]
    high = np.array([98.0, 88.0, 70.0])[code]
    out = history.copy()
    out[h["score"]] = np.round(low + rng.random(len(code)) * (high - low), 1)
    return out


def _unit_sizes(rng: np.random.Generator, n: int, n_units: int, township: np.ndarray) -> np.ndarray:
    floor = min(6, n // n_units)
    weights = np.where(township, 1.4, 1.0) * rng.uniform(0.7, 1.3, n_units)
    return floor + rng.multinomial(n - floor * n_units, weights / weights.sum())


def _cadres(rng: np.random.Generator, n: int, n_units: int, year: int) -> pd.DataFrame:
    h = zh("cadres")
    township = np.arange(n_units) % 5 < 2  # two units in five are townships
    sizes = _unit_sizes(rng, n, n_units, township)
    unit_of = np.repeat(np.arange(n_units), sizes)
    pos = np.arange(n) - np.repeat(np.cumsum(sizes) - sizes, sizes)
    size = sizes[unit_of]
    town = township[unit_of]
    n_chief = np.where(town, 2, 1)
    n_deputy = np.clip(size // 4, 1, np.where(town, 6, 4))
    layer_code = np.select([pos < n_chief, pos < n_chief + n_deputy], [0, 1], 2)
    top = pos == 0

    # Posts as codes into one list (categoricals keep a million rows cheap).
    unit_names = _unit_names(n_units, township)
    posts = [*STAFF_POSTS, *TOWNSHIP_DEPUTY_POSTS, *DEPT_DEPUTY_POSTS]
    posts += ["党委书记", "乡长", "镇长", "局长", "主任"]
    post = rng.integers(0, len(STAFF_POSTS), n)
    dep_i = pos - n_chief
    town_dep = (layer_code == 1) & town
    dept_dep = (layer_code == 1) & ~town
    post[town_dep] = len(STAFF_POSTS) + dep_i[town_dep] % len(TOWNSHIP_DEPUTY_POSTS)
    post[dept_dep] = (
        len(STAFF_POSTS) + len(TOWNSHIP_DEPUTY_POSTS) + dep_i[dept_dep] % len(DEPT_DEPUTY_POSTS)
    )
    is_xiang = np.array(["乡" in u for u in unit_names])
    is_wei = np.array(["委" in u for u in unit_names])
    post[top & town] = posts.index("党委书记")
    second = (pos == 1) & town
    post[second] = np.where(is_xiang[unit_of[second]], posts.index("乡长"), posts.index("镇长"))
    post[top & ~town] = np.where(
        is_wei[unit_of[top & ~town]], posts.index("主任"), posts.index("局长")
    )

    # Leaders are older than staff; ages 24–58 in the assessment year.
    age = np.where(layer_code == 2, rng.integers(24, 50, n), rng.integers(34, 58, n))
    birth = (
        np.array([f"{year}-01-01"], dtype="datetime64[D]")
        - (age * 365.25).astype("timedelta64[D]")
        - rng.integers(0, 365, n).astype("timedelta64[D]")
    )
    appointed_year = year - rng.integers(1, 9, n)
    appointed_month = rng.integers(1, 13, n)

    # status codes: 0 参加, 1 不定等次 (新录用未满一年), 2 不参加 (病假)
    u = rng.random(n)
    new_hire = (layer_code == 2) & (u < 0.015) & (pos > n_chief + n_deputy)
    sick = (u > 0.995) & ~top
    status = np.select([new_hire, sick], [1, 2], 0)
    appointed_year[new_hire] = year
    appointed_month[new_hire] = rng.integers(3, 10, int(new_hire.sum()))
    appointed = _text(_digits(appointed_year, 4), ".", _digits(appointed_month, 2), n=n)

    # Every cadre of a unit is voted on by the same electorate, so counts sum to it.
    electorate = rng.integers(25, 80, n_units)[unit_of]
    excellent = rng.binomial(electorate, rng.uniform(0.45, 0.9, n))
    rest = electorate - excellent
    competent = rng.binomial(rest, 0.9)
    rest = rest - competent
    basic = rng.binomial(rest, 0.7)
    incompetent = rest - basic

    quarters = rng.choice(4, (n, 4), p=[0.55, 0.4, 0.045, 0.005])
    quarters[new_hire, 0] = -1  # not yet assessed in the first quarter
    grades = list(QUARTER_GRADES)

    frame = pd.DataFrame(
        {
            h["id"]: _text("A", _digits(np.arange(1, n + 1), max(4, len(str(n)))), n=n),
            h["name"]: _names(rng, n),
            h["unit"]: _cat(unit_of, list(unit_names)),
            h["unit_type"]: _cat(np.where(town, 0, 1), ["乡镇", "县直部门"]),
            h["layer"]: _cat(layer_code, ["正职", "副职", "一般干部"]),
            h["post"]: _cat(post, posts),
            h["top_leader"]: _cat(np.where(top, 0, 1), ["是", "否"]),
            h["status"]: _cat(status, ["参加", "不定等次", "不参加"]),
            h["status_reason"]: _cat(status - 1, ["新录用未满一年", "病假"]),
            h["id_number"]: _id_numbers(rng, birth),
            h["birth_date"]: birth.astype("datetime64[s]"),
            h["appointed_on"]: appointed,
            h["votes_excellent"]: excellent,
            h["votes_competent"]: competent,
            h["votes_basic"]: basic,
            h["votes_incompetent"]: incompetent,
            h["q1"]: _cat(quarters[:, 0], grades),
            h["q2"]: _cat(quarters[:, 1], grades),
            h["q3"]: _cat(quarters[:, 2], grades),
            h["q4"]: _cat(quarters[:, 3], grades),
        }
    )
    track = np.select(
        [town & (layer_code == 0), town & (layer_code == 1), layer_code == 0, layer_code == 1],
        [0, 1, 2, 3],
        4,
    )
    needs = {
        TOWNSHIP_INDICATORS: track <= 1,
        DEPT_INDICATORS: (track == 2) | (track == 3),
        STAFF_INDICATORS: track == 4,
    }
    for column in INDICATORS:
        mask = np.zeros(n, dtype=bool)
        for columns, rows in needs.items():
            if column in columns:
                mask |= rows
        score = np.round(np.clip(rng.normal(84, 6.5, n), 60, 97), 1)
        frame[column] = np.where(mask, score, np.nan)
    return frame


class _Roster:
    """What the other sheets need to know about the roster, as arrays (no string work)."""

    def __init__(self, frame: pd.DataFrame) -> None:
        h = zh("cadres")
        self.n = len(frame)
        self.ids = pd.CategoricalDtype(pd.Index(frame[h["id"]]))
        self.units = frame[h["unit"]].cat
        self.layer = frame[h["layer"]].cat.codes.to_numpy()  # 0 正职, 1 副职, 2 一般干部
        self.status = frame[h["status"]].cat.codes.to_numpy()  # 0 参加, 1 不定等次, 2 不参加

    def id_column(self, who: np.ndarray) -> pd.Categorical:
        return pd.Categorical.from_codes(who, dtype=self.ids)

    def unit_column(self, who: np.ndarray) -> pd.Categorical:
        return pd.Categorical.from_codes(
            self.units.codes.to_numpy()[who], categories=self.units.categories
        )


def _events(rng: np.random.Generator, roster: _Roster, year: int) -> pd.DataFrame:
    h = zh("events")
    m = max(1, int(roster.n * 0.35))
    who = rng.integers(0, roster.n, m)
    kind = rng.choice(3, m, p=[0.7, 0.295, 0.005])  # 加分, 减分, 一票否决
    category = rng.integers(0, len(CATEGORIES), m)
    reasons = [r for c in CATEGORIES for r in CATEGORY_REASONS[c][:2]]
    points = np.where(
        kind == 0,
        rng.integers(1, 7, m) * 0.5,
        np.where(kind == 1, rng.integers(1, 5, m) * 0.5, 0.0),
    )
    previous = rng.random(m) < 0.06  # recorded last year: the rules must ignore these
    date = np.where(previous, _dates_in(rng, year - 1, m), _dates_in(rng, year, m))
    order = np.argsort(date, kind="stable")
    return pd.DataFrame(
        {
            h["id"]: roster.id_column(who[order]),
            h["unit"]: roster.unit_column(who[order]),
            h["date"]: date[order].astype("datetime64[s]"),
            h["kind"]: _cat(kind[order], ["加分", "减分", "一票否决"]),
            h["category"]: _cat(category[order], list(CATEGORIES)),
            h["points"]: points[order],
            h["reason"]: _cat((category * 2 + np.minimum(kind, 1))[order], reasons),
            h["source"]: _cat(category[order], list(EVENT_SOURCES)),
        }
    )


def _supervision(rng: np.random.Generator, roster: _Roster, year: int) -> pd.DataFrame:
    h = zh("supervision")
    m = max(1, int(roster.n * 0.02))
    who = np.sort(rng.choice(roster.n, m, replace=False))
    measures = ["提醒谈话", "批评教育", "诫勉", "警告"]
    return pd.DataFrame(
        {
            h["id"]: roster.id_column(who),
            h["date"]: _dates_in(rng, year, m).astype("datetime64[s]"),
            h["source"]: _cat(rng.integers(0, 4, m), ["巡视巡察", "审计", "纪检监察", "信访举报"]),
            h["measure"]: _cat(rng.choice(4, m, p=[0.5, 0.3, 0.15, 0.05]), measures),
            h["verified"]: _cat((rng.random(m) >= 0.95).astype(np.int8), ["是", "否"]),
            h["note"]: _cat(np.full(m, -1), ["—"]),
        }
    )


def _history(rng: np.random.Generator, roster: _Roster, year: int) -> pd.DataFrame:
    h = zh("history")
    who = np.flatnonzero(roster.status != 1)  # new hires have no history
    grade = rng.choice(3, (len(who), 3), p=[0.18, 0.8, 0.02])
    return pd.DataFrame(
        {
            h["id"]: roster.id_column(np.repeat(who, 3)),
            h["year"]: np.tile(np.arange(year - 3, year), len(who)),
            h["grade"]: _cat(grade.ravel(), ["优秀", "称职", "基本称职"]),
        }
    )


SPECIAL_TASKS = (
    ("森林防灭火", "县应急局"), ("信访维稳", "县信访局"),
    ("乡村振兴", "县农业农村局"), ("重点项目建设", "县发改局"),
)  # fmt: skip


def _special(rng: np.random.Generator, roster: _Roster, year: int) -> pd.DataFrame:
    """Each key task assesses about a third of the leaders (正职, 副职) once, in November."""
    h = zh("special")
    leaders = np.flatnonzero((roster.layer != 2) & (roster.status == 0))
    parts = []
    for k in range(len(SPECIAL_TASKS)):
        who = np.sort(rng.choice(leaders, max(1, len(leaders) // 3), replace=False))
        parts.append(np.stack([who, np.full(len(who), k)], axis=1))
    pairs = np.concatenate(parts) if parts else np.empty((0, 2), dtype=np.int64)
    m = len(pairs)
    score = np.round(rng.normal(84, 7, m).clip(45, 100), 1)
    grade = np.select([score >= 90, score >= 80, score >= 60], [0, 1, 2], 3)
    return pd.DataFrame(
        {
            h["id"]: roster.id_column(pairs[:, 0]),
            h["task"]: _cat(pairs[:, 1], [t for t, _ in SPECIAL_TASKS]),
            h["date"]: np.full(m, np.datetime64(f"{year}-11-20"), dtype="datetime64[s]"),
            h["score"]: score,
            h["grade"]: _cat(grade, ["好", "较好", "一般", "较差"]),
            h["assessor"]: _cat(pairs[:, 1], [a for _, a in SPECIAL_TASKS]),
        }
    )


def _candidates(rng: np.random.Generator, roster: _Roster) -> pd.DataFrame:
    h = zh("candidates")
    pool = np.flatnonzero((roster.layer != 0) & (roster.status == 0))
    m = min(len(pool), max(1, roster.n // 40))
    who = np.sort(rng.choice(pool, m, replace=False))
    return pd.DataFrame(
        {
            h["id"]: roster.id_column(who),
            h["proposed_post"]: _cat(roster.layer[who] - 1, ["正职领导职务", "副职领导职务"]),
            h["file_review"]: "已审核",
            h["file_review_note"]: "无异常",
            h["personal_report"]: "一致",
            h["discipline_opinion"]: "暂未发现影响提拔任用的问题",
            h["petition_check"]: _cat((rng.random(m) >= 0.8).astype(np.int8), ["无", "已查否"]),
        }
    )


def _training(rng: np.random.Generator, roster: _Roster, year: int) -> pd.DataFrame:
    h = zh("training")
    who = np.repeat(np.arange(roster.n), rng.integers(2, 8, roster.n))
    m = len(who)
    return pd.DataFrame(
        {
            h["id"]: roster.id_column(who),
            h["date"]: _dates_in(rng, year, m).astype("datetime64[s]"),
            h["topic"]: _cat(rng.integers(0, len(TRAINING_TOPICS), m), list(TRAINING_TOPICS)),
            h["hours"]: rng.integers(2, 9, m) * 4,
        }
    )


# --- writing ---------------------------------------------------------------------------

DATE_FORMAT = "yyyy-mm-dd"
_CREATED = dt.datetime(2025, 12, 31)


def _cells(series: pd.Series) -> tuple[str, list[Any]]:
    """A column's writer kind and its Python values (None for blanks).

    Object columns (hand-edited samples mixing text, numbers and dates) are "mixed":
    each value is written by its own type.
    """
    if pd.api.types.is_datetime64_any_dtype(series):
        values = [None if pd.isna(v) else v.to_pydatetime() for v in series]
        return "date", values
    if pd.api.types.is_bool_dtype(series):
        return "string", ["是" if v else "否" for v in series]
    if pd.api.types.is_numeric_dtype(series):
        arr = series.to_numpy(dtype=float, na_value=np.nan)
        return "number", [None if np.isnan(v) else float(v) for v in arr]
    if series.dtype == object:
        return "mixed", [
            None if v is None or (isinstance(v, float) and v != v) else v for v in series
        ]
    return "string", [None if v is None or v is pd.NA or v != v else str(v) for v in series]


def _write_value(ws: Any, row: int, col: int, value: Any, date_fmt: Any) -> None:
    if isinstance(value, dt.datetime | dt.date):
        ws.write_datetime(row, col, value, date_fmt)
    elif isinstance(value, int | float | np.integer | np.floating) and not isinstance(value, bool):
        ws.write_number(row, col, float(value))
    else:
        ws.write_string(row, col, str(value))


def write_xlsx(
    frames: dict[str, pd.DataFrame],
    path: str | Path,
    title: str | None = None,
    *,
    constant_memory: bool | None = None,
) -> None:
    """Write each frame to its sheet (干部名册, 纪实记录 …), rows in order, text as text.

    ``title`` puts a merged title row above the roster's header, as real files have.
    Byte-identical output for identical frames (fixed creation date).
    """
    import xlsxwriter

    total = sum(len(f) for f in frames.values())
    if constant_memory is None:
        constant_memory = total > 50_000
    wb = xlsxwriter.Workbook(
        str(path),
        {"constant_memory": constant_memory, "strings_to_formulas": False},
    )
    wb.set_properties({"created": _CREATED, "author": "cadrekit samplegen"})
    head = wb.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
    date_fmt = wb.add_format({"num_format": DATE_FORMAT})
    title_fmt = wb.add_format({"bold": True, "font_size": 14, "align": "center"})
    for kind, frame in frames.items():
        ws = wb.add_worksheet(SHEETS.get(kind, kind))
        row0 = 0
        if title and kind == "cadres":
            ws.merge_range(0, 0, 0, max(0, frame.shape[1] - 1), title, title_fmt)
            row0 = 1
        for c, name in enumerate(frame.columns):
            ws.write_string(row0, c, str(name), head)
            ws.set_column(c, c, max(8, 2.2 * len(str(name)) + 2))
        columns = [_cells(frame[name]) for name in frame.columns]
        writers = {
            "string": ws.write_string,
            "number": ws.write_number,
        }
        for r in range(len(frame)):
            for c, (kind_, values) in enumerate(columns):
                value = values[r]
                if value is None:
                    continue
                if kind_ == "date":
                    ws.write_datetime(row0 + 1 + r, c, value, date_fmt)
                elif kind_ == "mixed":
                    _write_value(ws, row0 + 1 + r, c, value, date_fmt)
                else:
                    writers[kind_](row0 + 1 + r, c, value)
        ws.freeze_panes(row0 + 1, 0)
    wb.close()


def to_csv_text(frame: pd.DataFrame, title: str | None = None) -> str:
    """The roster as Excel shows it when saved as CSV: dates as displayed, blanks empty."""
    import csv
    import io

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    if title:
        writer.writerow([title] + [""] * (frame.shape[1] - 1))
    writer.writerow(list(frame.columns))
    shown = frame.copy()
    for name in frame.columns:
        col = frame[name]
        if pd.api.types.is_datetime64_any_dtype(col):
            shown[name] = col.dt.strftime("%Y-%m-%d")
        elif pd.api.types.is_float_dtype(col):
            shown[name] = col.map(lambda v: "" if pd.isna(v) else f"{v:g}")
    for row in shown.itertuples(index=False):
        writer.writerow(["" if v is None or (isinstance(v, float) and v != v) else v for v in row])
    return out.getvalue()
