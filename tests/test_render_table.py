"""The terminal tables (rich), on a hand-built Result."""

from __future__ import annotations

from rich.console import Console

from cadrekit.render.frame import select
from cadrekit.render.table import GRADE_STYLES, grade_style, print_result
from test_render_fixtures import GRADES, make_result


def render(lang: str = "zh", **filters: object) -> str:
    console = Console(width=200, record=True, color_system=None)
    print_result(select(make_result(), **filters), console, lang)  # type: ignore[arg-type]
    return console.export_text()


def test_one_table_per_track_with_year_n_and_slots() -> None:
    text = render()
    assert "乡镇党政正职 · 2025 年度 · 参评 3 人 · 优秀名额 1 个" in text
    assert "一般干部 · 2025 年度 · 参评 3 人 · 优秀名额 0 个" in text
    assert text.index("乡镇党政正职 ·") < text.index("一般干部 ·") < text.index("等次汇总")


def test_english_titles() -> None:
    text = render("en")
    assert "乡镇党政正职 (township-chief) · 2025 · 3 graded · 1 excellent slot(s)" in text
    assert "score" in text and "Grades against quotas" in text


def test_chinese_columns_align() -> None:
    lines = [line for line in render().splitlines() if "张三" in line or "赵六" in line]
    from rich.cells import cell_len

    assert len({cell_len(line) for line in lines}) == 1
    assert "84.13" in render() and "84.1300" not in render()


def test_top_keeps_the_first_n_of_each_track() -> None:
    text = render(top=1)
    assert "张三" in text and "王五" not in text and "@SUM(A1)" in text


def test_grade_styles_follow_rule_order_not_names() -> None:
    assert grade_style("优秀", GRADES) == GRADE_STYLES[0]
    assert grade_style("不定等次", GRADES) == GRADE_STYLES[4]
    assert grade_style("A", ["A", "B"]) == GRADE_STYLES[0]
    assert grade_style("unknown", GRADES) == "dim"
