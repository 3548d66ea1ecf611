"""The corpus itself: a valid office roster, re-saved by LibreOffice, scores as made."""

from __future__ import annotations

import csv
import io

from runner import run_cadrekit


def rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_base_roster_scores_the_same_made_and_resaved(corpus):
    made = run_cadrekit("score", corpus.made("base-valid"), "--format", "csv", "--lang", "en")
    saved = run_cadrekit("score", corpus.saved("base-valid"), "--format", "csv", "--lang", "en")
    assert made.returncode == 0, made.stderr
    assert saved.returncode == 0, saved.stderr
    assert saved.stdout == made.stdout
    got = rows(saved.stdout)
    # S = 0.5·P + 0.3·92.26 + 0.2·95 + bonus; A0001 ties A0003 on S and loses on P
    assert [(r["id"], r["rank"], r["score"], r["grade"]) for r in got] == [
        ("A0005", "1", "89.18", "优秀"),
        ("A0004", "2", "88.68", "称职"),
        ("A0003", "3", "88.18", "称职"),
        ("A0001", "4", "88.18", "称职"),
        ("A0002", "5", "87.68", "称职"),
    ]
