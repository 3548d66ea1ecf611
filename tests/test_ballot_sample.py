"""data/samples/ballots-2025.xlsx (scripts/ballot_sample.py): ballots score as typed totals."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "samples" / "ballots-2025.xlsx"
sys.path.insert(0, str(ROOT / "scripts"))

import ballot_sample  # noqa: E402

from cadrekit import api  # noqa: E402


def test_the_sample_validates_and_scores_as_its_typed_totals() -> None:
    dataset = api.load(SAMPLE)
    assert [p.code for p in dataset.problems if p.level == "error"] == []
    ballots = dataset.frame("ballots")
    assert ballots is not None and bool(ballots["counted"].all())
    counted = set(ballots["id"])
    assert len(counted) == 14  # 城关镇's cadres
    from_ballots = api.score(SAMPLE).cadres.set_index("id")
    typed = api.score(ballot_sample.typed()).cadres.set_index("id")
    columns = ["score", "votes_score", "grade", "rank", "votes_excellent", "votes_incompetent"]
    assert (
        from_ballots[columns].astype(str).equals(typed.loc[from_ballots.index, columns].astype(str))
    )


def test_the_sample_has_every_kind_of_ballot_row() -> None:
    ballots = api.load(SAMPLE).frame("ballots")
    assert ballots is not None
    tallies = ballots["choice"].isna()
    assert set(ballots.loc[tallies, "id"]) == {f"A{i:04d}" for i in range(1, 15, 2)}
    assert set(ballots.loc[~tallies, "id"]) == {f"A{i:04d}" for i in range(2, 15, 2)}
    assert set(ballots["rater_group"]) == {"领导", "同事", "服务对象"}
