"""The assessment year's own result, for the commands that otherwise read only history.

``vet`` (年度考核等次) and ``score --kind tenure`` look at annual grades on the 历年考核
sheet; the year being assessed is usually not there yet (it is carried forward after the
公示). :class:`AssessedYear` holds that year's grades and scores as the roster scores
them, or says why it could not be scored, so that those commands use it where history
lacks the year — and say so in their reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd

if TYPE_CHECKING:  # pragma: no cover
    from cadrekit.models.result import Result


@dataclass(frozen=True)
class AssessedYear:
    year: int
    grades: pd.DataFrame  # id, grade, score: one row per scored cadre (empty if not scored)
    errors: int = 0  # input errors that kept the roster from being scored (0: it was scored)

    @classmethod
    def of(cls, result: Result) -> AssessedYear:
        c = result.cadres
        grades = pd.DataFrame(
            {
                "id": c["id"].astype(object).to_numpy(),
                "grade": c["grade"].astype(object).to_numpy(),
                "score": pd.to_numeric(c["score"], errors="coerce").to_numpy(dtype="float64"),
            }
        ).drop_duplicates("id")
        return cls(year=int(result.year), grades=grades)

    @classmethod
    def unscored(cls, year: int, errors: int) -> AssessedYear:
        empty = pd.DataFrame({"id": [], "grade": [], "score": []}, dtype=object)
        return cls(year=int(year), grades=empty, errors=max(int(errors), 1))

    @property
    def scored(self) -> bool:
        return self.errors == 0

    def missing_from(self, history: pd.DataFrame, ids: pd.Series) -> pd.Series:
        """Per id (on ``ids``' index): True where history has no row of this year."""
        hist = history[pd.to_numeric(history["year"], errors="coerce") == self.year]
        return ~ids.astype(object).isin(set(hist["id"].astype(object)))

    def rows_for(self, ids: pd.Series) -> pd.DataFrame:
        """History-shaped rows (id, year, grade, score) of this year for ``ids`` that it scored."""
        found = self.grades[self.grades["id"].isin(set(ids.astype(object)))]
        return found.assign(year=self.year)[["id", "year", "grade", "score"]]

    def not_scored_words(self) -> str:
        return f"{self.year} 年度名册有 {self.errors} 处错误未能评分（cadrekit validate 可列出）"
