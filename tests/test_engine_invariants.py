"""The invariant gate (engine/invariants.py): a deliberately broken layer never yields a result.

Each test breaks one layer of the pipeline (monkeypatching the function ``pipeline.run``
calls) and scores a roster loaded from a workbook through ``api.score``: the gate must
raise InvariantBroken naming the invariant and the cadres, and the command must exit 3
with nothing written.
"""

from __future__ import annotations

import copy
import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from cadrekit import api
from cadrekit.engine import pipeline
from cadrekit.errors import EXIT_INTERNAL, InvariantBroken

sys.path.insert(0, str(Path(__file__).parent / "fixtures"))
import make_problem_fixtures as fx

VOTES = fx.CADRE_HEADER.index("优秀票")
STATUS = fx.CADRE_HEADER.index("考核状态")
ID_NUMBER = fx.CADRE_HEADER.index("身份证号")


def _roster(tmp_path: Path) -> Path:
    """Six staff cadres of 城关镇: A004 has 10 不称职 votes of 13 (limit 不称职), A005 does
    not take part (不定等次); five are graded, so the unit has floor(0.2·5) = 1 优秀 slot."""
    book = fx.base_book()
    rows = book["干部名册"]["rows"]
    for n in (4, 5, 6):
        row = copy.deepcopy(rows[n % 3])
        row[0], row[ID_NUMBER] = f"A00{n}", None
        rows.append(row)
    rows[3][VOTES : VOTES + 4] = [1, 1, 1, 10]
    rows[4][STATUS] = "不参加"
    return fx.write_book(book, tmp_path / "roster.xlsx")


@pytest.fixture
def roster(tmp_path: Path) -> Any:
    return api.load(_roster(tmp_path), api._rule_set(None))


def _break(monkeypatch: pytest.MonkeyPatch, name: str, change: Any) -> None:
    """Replace ``pipeline.<name>`` by the real layer followed by ``change(frame)``."""
    real = getattr(pipeline, name)

    def broken(*args: Any, **kwargs: Any) -> Any:
        result = real(*args, **kwargs)
        frame = change(result[0].copy())
        return (frame, *result[1:])

    monkeypatch.setattr(pipeline, name, broken)


def _raised(roster: Any) -> InvariantBroken:
    with pytest.raises(InvariantBroken) as caught:
        api.score(roster, year=2025)
    return caught.value


def test_the_unbroken_pipeline_passes_the_gate(roster: Any) -> None:
    got = api.score(roster, year=2025).cadres.set_index("id")
    assert got["grade"].to_dict() == {
        "A001": "优秀",
        "A003": "称职",
        "A006": "称职",
        "A002": "称职",
        "A004": "不称职",
        "A005": "不定等次",
    }


def test_a_nan_score_that_is_ranked_is_refused(monkeypatch: pytest.MonkeyPatch, roster) -> None:
    def nan_for_a002(frame: pd.DataFrame) -> pd.DataFrame:
        frame.loc[frame["id"] == "A002", "score"] = np.nan
        return frame

    _break(monkeypatch, "compute_score", nan_for_a002)
    err = _raised(roster)
    assert (err.invariant, err.cadres) == ("finite-score", ["A002"])
    assert err.message() == (
        "引擎自检未通过 [finite-score]：A002：没有有效的综合得分，却被排名或评定等次；未输出任何结果"
        " — 这是 cadrekit 的缺陷，请把此行和输入文件报告给维护者"
    )
    assert err.exit_code == EXIT_INTERNAL


def test_a_grade_above_its_limit_is_refused(monkeypatch: pytest.MonkeyPatch, roster) -> None:
    def competent(frame: pd.DataFrame) -> pd.DataFrame:
        frame.loc[frame["id"] == "A004", "grade"] = "称职"  # limited to 不称职 by the votes
        return frame

    _break(monkeypatch, "assign_grades", competent)
    err = _raised(roster)
    assert (err.invariant, err.cadres) == ("grade-within-limit", ["A004"])
    assert "等次高于其等次限制" in err.message()


def test_grading_a_cadre_limited_to_not_graded_is_refused(monkeypatch, roster) -> None:
    def graded(frame: pd.DataFrame) -> pd.DataFrame:
        frame.loc[frame["id"] == "A005", "grade"] = "称职"  # 不参加
        return frame

    _break(monkeypatch, "assign_grades", graded)
    err = _raised(roster)
    assert (err.invariant, err.cadres) == ("grade-within-limit", ["A005"])


def test_an_unknown_grade_word_is_refused(monkeypatch: pytest.MonkeyPatch, roster) -> None:
    def typo(frame: pd.DataFrame) -> pd.DataFrame:
        frame.loc[frame["id"] == "A003", "grade"] = "称值"
        return frame

    _break(monkeypatch, "assign_grades", typo)
    err = _raised(roster)
    assert (err.invariant, err.cadres) == ("grade-within-limit", ["A003"])


def test_an_extra_excellent_beyond_the_slots_is_refused(monkeypatch, roster) -> None:
    def two(frame: pd.DataFrame) -> pd.DataFrame:
        frame.loc[frame["id"] == "A003", "grade"] = "优秀"  # A001 holds the one slot
        return frame

    _break(monkeypatch, "assign_grades", two)
    err = _raised(roster)
    assert err.invariant == "quota-slots"
    assert sorted(err.cadres) == ["A001", "A003"]
    assert "优秀人数超过名额：staff/城关镇（2 名，名额 1）" in err.message()
    assert "more 优秀 than slots: staff/城关镇 (2, slots 1)" in err.message("en")


def test_a_row_lost_by_a_layer_is_refused(monkeypatch: pytest.MonkeyPatch, roster) -> None:
    _break(monkeypatch, "apply_flags", lambda frame: frame[frame["id"] != "A006"])
    err = _raised(roster)
    assert err.invariant == "rows-accounted"
    assert "输入 6 行，输出 5 行" in err.message()


def test_a_graded_cadre_without_a_rank_is_refused(monkeypatch, roster) -> None:
    def unranked(frame: pd.DataFrame) -> pd.DataFrame:
        frame.loc[frame["id"] == "A006", "rank"] = pd.NA
        return frame

    _break(monkeypatch, "rank_cadres", unranked)
    err = _raised(roster)
    assert (err.invariant, err.cadres) == ("rows-accounted", ["A006"])


def test_not_graded_without_a_reason_is_refused(monkeypatch, roster) -> None:
    def silent(frame: pd.DataFrame) -> pd.DataFrame:
        frame.loc[frame["id"] == "A005", "limit_reason"] = pd.NA
        return frame

    _break(monkeypatch, "apply_limits", silent)
    err = _raised(roster)
    assert (err.invariant, err.cadres) == ("rows-accounted", ["A005"])


def test_the_command_exits_3_and_writes_nothing(tmp_path: Path) -> None:
    """The installed package, run as ``cadrekit score … -o out.xlsx`` with a broken layer."""
    path = _roster(tmp_path)
    out = tmp_path / "out.xlsx"
    script = (
        "import sys\n"
        "import numpy as np\n"
        "from cadrekit.engine import pipeline\n"
        "real = pipeline.compute_score\n"
        "def broken(*a, **k):\n"
        "    frame, trail = real(*a, **k)\n"
        "    frame = frame.copy()\n"
        "    frame.loc[frame['id'] == 'A003', 'score'] = np.nan\n"
        "    return frame, trail\n"
        "pipeline.compute_score = broken\n"
        "from cadrekit.cli.app import main\n"
        f"sys.argv = ['cadrekit', 'score', {str(path)!r}, '-o', {str(out)!r}]\n"
        "main()\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=False, timeout=120
    )
    assert done.returncode == EXIT_INTERNAL, done.stderr
    assert not out.exists()
    assert done.stdout == ""
    assert done.stderr.startswith(
        "内部错误: 引擎自检未通过 [finite-score]：A003：没有有效的综合得分，却被排名或评定等次"
    ), done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize("mode", ["each", "combine"])
def test_batch_reports_the_broken_gate_as_an_internal_error(monkeypatch, tmp_path, mode) -> None:
    from cadrekit import batch

    folder = tmp_path / "in"
    folder.mkdir()
    _roster(folder)

    def nan_for_a002(frame: pd.DataFrame) -> pd.DataFrame:
        frame.loc[frame["id"] == "A002", "score"] = np.nan
        return frame

    _break(monkeypatch, "compute_score", nan_for_a002)
    out = tmp_path / "out"
    options = batch.WriteOptions(xlsx=False)
    if mode == "combine":  # the merged scoring runs in this process: the error goes up
        with pytest.raises(InvariantBroken):
            batch.run([folder], out, mode=mode, jobs=1, year=2025, options=options)
        return
    report = batch.run([folder], out, mode=mode, jobs=1, year=2025, options=options)
    assert report.exit_code == EXIT_INTERNAL
    [status] = report.statuses
    assert status.status == "error"
    assert status.message.startswith("internal error: 引擎自检未通过 [finite-score]：A002")
    assert not (out / "roster.csv").exists()
