"""公示名单 (``score --publicity``): the period, the notice's words, xlsx cells, filters, errors."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest

from cadrekit import api
from cadrekit.insight.publicity import (
    CONTACT_PLACEHOLDER,
    ISSUER_PLACEHOLDER,
    build_notice,
    next_working_day,
    publicity_period,
)
from cadrekit.render.publicity import to_markdown, write_xlsx
from cadrekit.rules.load import default_text
from runner import run_cadrekit
from test_score_cli import run

D = dt.date
HEAD = "编号,姓名,单位,层级,职务,一把手,优秀票,称职票,基本称职票,不称职票,一季度,二季度,三季度,四季度,工作实绩"
# Two units of five staff: 20 % of each unit → one 优秀 per unit (the best 工作实绩).
ROWS = [
    ("1", "张三", "城关镇", "党政办主任", 95),
    ("2", "李四", "城关镇", "科员", 80),
    ("3", "王五", "城关镇", "科员", 70),
    ("4", "赵六", "城关镇", "科员", 60),
    ("5", "钱七", "城关镇", "科员", 50),
    ("6", "=孙八", "县财政局", "预算股|股长", 96),
    ("7", "周九", "县财政局", "科员", 81),
    ("8", "吴十", "县财政局", "科员", 71),
    ("9", "郑一", "县财政局", "科员", 61),
    ("10", "冯二", "县财政局", "", 51),
]
MD = """\
# 关于2025年度考核优秀等次人员的公示

根据年度考核有关规定，经个人总结、民主测评、综合评定，拟确定以下 2 名同志2025年度考核为优秀等次。为广泛听取意见、接受干部群众监督，现予以公示。

## 城关镇（1 名）

| 序号 | 姓名 | 单位 | 职务 |
|---:|---|---|---|
| 1 | 张三 | 城关镇 | 党政办主任 |

## 县财政局（1 名）

| 序号 | 姓名 | 单位 | 职务 |
|---:|---|---|---|
| 2 | =孙八 | 县财政局 | 预算股\\|股长 |

公示时间：2026年1月9日至2026年1月15日（5个工作日）。

公示期间，如对公示对象有异议，可通过来电、来信或来访等方式向受理单位反映。反映问题应实事求是、具体详实，提倡署真实姓名；对线索不清的匿名反映，公示期间不予受理。

受理单位及电话：县委组织部干部监督科 0797-1234567

中共某县委组织部

2026年1月9日
"""


@pytest.fixture(scope="module")
def roster(tmp_path_factory: pytest.TempPathFactory) -> Path:
    lines = [HEAD] + [
        f"{i},{name},{unit},一般干部,{post},否,10,0,0,0,好,好,好,好,{score}"
        for i, name, unit, post, score in ROWS
    ]
    path = tmp_path_factory.mktemp("pub") / "roster.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def result(roster: Path) -> api.Result:
    return api.score(roster, year=2025)


# ------------------------------------------------------------------------------ period


@pytest.mark.parametrize(
    ("start", "days", "first", "last"),
    [
        (D(2026, 1, 9), 5, D(2026, 1, 9), D(2026, 1, 15)),  # Friday → next Thursday
        (D(2026, 1, 10), 5, D(2026, 1, 12), D(2026, 1, 16)),  # Saturday → Monday … Friday
        (D(2026, 1, 11), 5, D(2026, 1, 12), D(2026, 1, 16)),  # Sunday → Monday
        (D(2026, 1, 12), 5, D(2026, 1, 12), D(2026, 1, 16)),  # Monday → Friday
        (D(2026, 1, 14), 7, D(2026, 1, 14), D(2026, 1, 22)),  # Wednesday + 7 → Thursday after
    ],
)
def test_period_skips_weekends(start: dt.date, days: int, first: dt.date, last: dt.date) -> None:
    assert publicity_period(start, days) == (first, last)


def test_period_skips_given_holidays() -> None:
    # 2025-12-31 (Wed) + 5 with New Year's Day off: 31, 2, 5, 6, 7
    assert publicity_period(D(2025, 12, 31), 5, [D(2026, 1, 1)]) == (
        D(2025, 12, 31),
        D(2026, 1, 7),
    )
    # a start on the holiday itself moves to the next working day
    assert publicity_period(D(2026, 1, 1), 5, [D(2026, 1, 1)])[0] == D(2026, 1, 2)


def test_next_working_day_after_a_friday_is_monday() -> None:
    assert next_working_day(D(2026, 1, 9)) == D(2026, 1, 12)
    assert next_working_day(D(2026, 1, 12)) == D(2026, 1, 13)


def test_fewer_than_five_days_is_refused(result: api.Result) -> None:
    with pytest.raises(ValueError, match="5"):
        build_notice(result, start=D(2026, 1, 9), days=4)


# ------------------------------------------------------------------------------ notice


def notice_of(result: api.Result, **kw: object) -> object:
    base: dict[str, object] = {
        "start": D(2026, 1, 9),
        "contact": "县委组织部干部监督科 0797-1234567",
        "issuer": "中共某县委组织部",
    }
    return build_notice(result, **(base | kw))  # type: ignore[arg-type]


def test_markdown_is_exact(result: api.Result) -> None:
    assert to_markdown(notice_of(result)) == MD  # type: ignore[arg-type]


def test_no_ids_or_scores_in_the_notice(result: api.Result) -> None:
    text = to_markdown(notice_of(result))  # type: ignore[arg-type]
    scores = result.cadres["score"].dropna().map(lambda s: f"{s:.2f}")
    assert not any(s in text for s in scores)
    assert "编号" not in text and "得分" not in text


def test_placeholders_without_contact_or_issuer(result: api.Result) -> None:
    notice = build_notice(result, start=D(2026, 1, 9))
    assert notice.contact == "受理单位及电话：" + CONTACT_PLACEHOLDER
    assert notice.issuer == ISSUER_PLACEHOLDER and not notice.contact_given
    assert "【请填写" in to_markdown(notice)


def test_filters_narrow_the_list(result: api.Result) -> None:
    notice = build_notice(result, start=D(2026, 1, 9), units=["县财政局"])
    assert [(e.number, e.name, e.unit) for e in notice.entries] == [(1, "=孙八", "县财政局")]
    assert "拟确定以下 1 名同志" in notice.lead
    assert build_notice(result, start=D(2026, 1, 9), tracks=["dept-chief"]).entries == []
    assert len(build_notice(result, start=D(2026, 1, 9), tracks=["staff"]).entries) == 2


@pytest.fixture(scope="module")
def renamed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The default rules with 优秀 renamed 卓越 everywhere."""
    path = tmp_path_factory.mktemp("rules") / "卓越.yaml"
    path.write_text(default_text().replace("优秀", "卓越"), encoding="utf-8")
    return path


def test_grade_name_from_the_rules(roster: Path, renamed: Path) -> None:
    """A rule set whose quota grade is called 卓越: the title and lead say 卓越."""
    result = api.score(roster, rules=renamed, year=2025)
    notice = build_notice(result, start=D(2026, 1, 9))
    assert notice.title == "关于2025年度考核卓越等次人员的公示"
    assert "考核为卓越等次" in notice.lead
    assert [e.name for e in notice.entries] == ["张三", "=孙八"]


def test_institution_rules_grade_name(roster: Path) -> None:
    result = api.score(roster, rules="institution", year=2025)
    notice = build_notice(result, start=D(2026, 1, 9))
    assert notice.grade == result.rules.quota.grade == "优秀"
    assert notice.title == "关于2025年度考核优秀等次人员的公示"
    assert {e.name for e in notice.entries} <= set(
        result.cadres.loc[result.cadres["grade"] == "优秀", "name"]
    )


# -------------------------------------------------------------------------------- xlsx


def test_xlsx_cells_and_print_setup(result: api.Result, tmp_path: Path) -> None:
    path = tmp_path / "公示.xlsx"
    write_xlsx(notice_of(result), path)  # type: ignore[arg-type]
    ws = openpyxl.load_workbook(path).active
    assert ws.title == "公示名单"
    assert ws["A1"].value == "关于2025年度考核优秀等次人员的公示"
    assert ws["A2"].value.startswith("根据年度考核有关规定")
    assert [c.value for c in ws[3]] == ["序号", "单位", "姓名", "职务"]
    assert [c.value for c in ws[4]] == [1, "城关镇", "张三", "党政办主任"]
    assert [c.value for c in ws[5]] == [2, "县财政局", "=孙八", "预算股|股长"]
    assert ws["C5"].data_type == "s"  # text, never a formula
    assert ws["A7"].value == "公示时间：2026年1月9日至2026年1月15日（5个工作日）。"
    assert ws["A8"].value.startswith("公示期间")
    assert ws["A9"].value == "受理单位及电话：县委组织部干部监督科 0797-1234567"
    assert ws["A11"].value == "中共某县委组织部" and ws["A12"].value == "2026年1月9日"
    assert ws["A11"].alignment.horizontal == "right"
    assert {str(r) for r in ws.merged_cells.ranges} >= {"A1:D1", "A2:D2", "A7:D7", "A12:D12"}
    assert ws.page_setup.orientation == "portrait" and ws.page_setup.paperSize == 9
    assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToHeight == 0
    assert ws.print_title_rows == "$3:$3"
    assert ws.column_dimensions["B"].width >= 10  # 县财政局: four CJK characters


# --------------------------------------------------------------------------------- CLI


def test_cli_writes_md_and_xlsx(roster: Path, tmp_path: Path) -> None:
    md = tmp_path / "公示名单.md"
    args = ["--year", "2025", "--publicity-start", "2026-01-09", "--issuer", "中共某县委组织部"]
    done = run(
        roster, "--publicity", "-o", md, *args, "--contact", "县委组织部干部监督科 0797-1234567"
    )
    assert done.returncode == 0, done.stderr
    assert md.read_text(encoding="utf-8") == MD
    assert "优秀等次 2 人，2 个单位；公示期 2026-01-09 – 2026-01-15" in done.stderr
    again = run(roster, "--publicity", "-o", md, *args)
    assert again.returncode == 2 and "文件已存在" in again.stderr
    xlsx = tmp_path / "公示名单.xlsx"
    assert run(roster, "--publicity", "-o", xlsx, *args).returncode == 0
    assert openpyxl.load_workbook(xlsx).active["A9"].value.endswith(CONTACT_PLACEHOLDER)


def test_cli_stdout_filters_and_placeholder_warning(roster: Path) -> None:
    done = run(
        roster,
        "--publicity",
        "--year",
        "2025",
        "--unit",
        "城关镇",
        "--publicity-start",
        "2026-01-10",
    )
    assert done.returncode == 0, done.stderr
    assert "| 1 | 张三 | 城关镇 | 党政办主任 |" in done.stdout and "孙八" not in done.stdout
    assert "公示时间：2026年1月12日至2026年1月16日" in done.stdout  # Saturday → Monday
    assert "未给出 --contact" in done.stderr


def test_cli_track_filter_and_rules(roster: Path) -> None:
    done = run(
        roster,
        "--publicity",
        "--year",
        "2025",
        "--rules",
        "institution",
        "--publicity-start",
        "2026-01-09",
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("# 关于2025年度考核优秀等次人员的公示")
    none = run(roster, "--publicity", "--year", "2025", "--track", "乡镇党政正职")
    assert none.returncode == 1 and "没有优秀等次人员" in none.stderr


def test_cli_docx_without_python_docx(roster: Path, tmp_path: Path) -> None:
    # python-docx is a test dependency, so hide it: PYTHONPATH puts the folder first on
    # sys.path, and a docx.py there fails to import as a missing package would.
    hidden = tmp_path / "no-docx"
    hidden.mkdir()
    (hidden / "docx.py").write_text('raise ImportError("python-docx hidden")\n')
    out = tmp_path / "公示名单.docx"
    done = run_cadrekit(
        "score", roster, "--publicity", "-o", out, "--year", "2025", env={"PYTHONPATH": str(hidden)}
    )
    assert done.returncode == 2
    assert "python-docx" in done.stderr and ".xlsx" in done.stderr and ".md" in done.stderr
    assert not out.exists()


def test_docx_when_python_docx_is_there(result: api.Result, tmp_path: Path) -> None:
    import docx

    from cadrekit.render.publicity import write_docx

    path = tmp_path / "公示.docx"
    write_docx(notice_of(result), path)  # type: ignore[arg-type]
    document = docx.Document(str(path))
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == "关于2025年度考核优秀等次人员的公示"
    assert texts[-2:] == ["中共某县委组织部", "2026年1月9日"]
    rows = [[c.text for c in r.cells] for r in document.tables[0].rows]
    assert rows == [
        ["序号", "单位", "姓名", "职务"],
        ["1", "城关镇", "张三", "党政办主任"],
        ["2", "县财政局", "=孙八", "预算股|股长"],
    ]


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["--publicity-days", "4"], "--publicity-days"),
        (["--top", "3"], "--top"),
        (["--format", "csv"], "--format"),
        (["--kind", "tenure"], "--kind"),
        (["-o", "x.csv"], ".csv"),
        (["--publicity-start", "2026/01/09"], "YYYY-MM-DD"),
    ],
)
def test_cli_usage_errors(roster: Path, tmp_path: Path, args: list[str], needle: str) -> None:
    done = run(roster, "--publicity", *args, cwd=tmp_path)
    assert done.returncode == 2, done.stderr
    assert needle in done.stderr


def test_cli_never_overwrites_the_input(tmp_path: Path) -> None:
    sample = Path(__file__).resolve().parents[1] / "data" / "samples" / "county-2025.xlsx"
    copy = tmp_path / "roster.xlsx"
    copy.write_bytes(sample.read_bytes())
    done = run(copy, "--publicity", "-o", copy, "--force")
    assert done.returncode == 2 and "输出文件就是输入文件" in done.stderr
    assert copy.read_bytes() == sample.read_bytes()


def test_cli_broken_input(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("编号,姓名\n1,张三\n1,李四\n", encoding="utf-8")
    done = run(bad, "--publicity", "-o", tmp_path / "out.md", "--year", "2025")
    assert done.returncode == 1
    assert not (tmp_path / "out.md").exists()


def test_units_in_roster_order_numbered_down_the_page(tmp_path: Path) -> None:
    """Units interleaved in the roster: grouped by unit, numbered 1, 2, 3 down the page."""
    scores = {"甲乡": [99, 60, 98, 61, 62, 63, 64, 65, 66, 67], "乙局": [97, 50, 51, 52, 53]}
    rows = [(u, s) for i in range(10) for u in scores if i < len(scores[u]) for s in [scores[u][i]]]
    lines = [HEAD] + [
        f"{n},人{n},{u},一般干部,科员,否,10,0,0,0,好,好,好,好,{s}"
        for n, (u, s) in enumerate(rows, start=1)
    ]
    path = tmp_path / "mixed.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    notice = build_notice(api.score(path, year=2025), start=D(2026, 1, 9))
    got = [(unit, [(e.number, e.name) for e in rows]) for unit, rows in notice.units]
    assert got == [("甲乡", [(1, "人1"), (2, "人5")]), ("乙局", [(3, "人2")])]
