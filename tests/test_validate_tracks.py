"""A 考核序列 naming no track is an error at its cell, never a silent reassignment."""

from pathlib import Path

import pytest

from cadrekit import api
from cadrekit.errors import ValidationFailed

HEADER = "编号,姓名,单位,单位类型,层级,考核序列,优秀票,称职票,基本称职票,不称职票,一季度,工作实绩"


def roster(tmp_path: Path, track: str) -> Path:
    path = tmp_path / "roster.csv"
    path.write_text(
        f"{HEADER}\nA1,张三,县财政局,县直部门,一般干部,{track},10,0,0,0,好,90\n", encoding="utf-8"
    )
    return path


@pytest.mark.parametrize("track", ["staff", "一般干部", ""])
def test_a_track_id_label_or_empty_is_accepted(tmp_path: Path, track: str) -> None:
    result = api.score(roster(tmp_path, track), year=2025)
    assert result.cadres["track"].tolist() == ["staff"]


def test_an_unknown_track_is_reported_at_its_cell(tmp_path: Path) -> None:
    problems = api.validate(roster(tmp_path, "一般人员")).problems
    unknown = [p for p in problems if p.code == "unknown-track"]
    assert [(p.location, p.found) for p in unknown] == [("roster!F2", "一般人员")]
    assert "staff（一般干部）" in unknown[0].expected
    with pytest.raises(ValidationFailed):
        api.score(roster(tmp_path, "一般人员"), year=2025)
