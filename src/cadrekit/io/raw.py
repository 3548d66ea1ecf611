"""Raw sheets: a sheet's cells as written, positional (column ``j`` is spreadsheet column
``j``, row ``i`` is spreadsheet row ``i + 1``), and the book they came in."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from cadrekit.problems import Problem

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np
    import pandas as pd


class RawSheet:
    """One sheet's raw cells.

    ``frame``: positional columns 0..k-1, row i = spreadsheet row i+1, Python values, None for
    an empty cell. A plain CSV is read by Arrow into ``text`` instead (the same cells as
    ``str`` columns, NA for an empty cell); ``frame`` is then built from it on first use, so
    that the loader, which reads ``text``, never pays for a million Python strings.
    """

    def __init__(
        self,
        name: str,  # the real sheet name ("干部名册"); for CSV/Parquet the file stem
        frame: pd.DataFrame | None = None,
        hidden: bool = False,
        *,
        text: pd.DataFrame | None = None,
        formulas: dict[str, str] | None = None,
        merges: list[tuple[int, int, int, int]] | None = None,
    ) -> None:
        if frame is None and text is None:
            raise ValueError("a RawSheet needs a frame or a text frame")
        self.name = name
        self.hidden = hidden
        self.text = text
        self._frame = frame
        # cell ref ("F17") → formula text of each formula cell with no saved result, which
        # reads as empty (see cadrekit.io.formulas.Formulas); .xlsx only
        self.formulas: dict[str, str] = formulas or {}
        # merged ranges (first row, first column, last row, last column), 0-based and
        # inclusive, positional like the frame; the value is in the first cell only
        self.merges: list[tuple[int, int, int, int]] = merges or []

    @property
    def frame(self) -> pd.DataFrame:
        if self._frame is None:
            import pandas as pd

            assert self.text is not None
            text = self.text
            columns = {j: text[j].array.to_numpy(dtype=object, na_value=None) for j in text}
            self._frame = pd.DataFrame(columns, index=self.text.index, dtype=object)
        return self._frame

    @frame.setter
    def frame(self, value: pd.DataFrame) -> None:
        self._frame = value

    def __repr__(self) -> str:
        return f"RawSheet(name={self.name!r}, hidden={self.hidden})"


@dataclass
class RawBook:
    path: Path
    sheets: list[RawSheet]  # in workbook order
    sha256: str  # of the file bytes
    kind: str  # "xlsx" | "xls" | "ods" | "csv" | "parquet"
    problems: list[Problem] = field(default_factory=list)  # about the file (misnamed-file)


def cells_frame(cells: np.ndarray) -> pd.DataFrame:
    """A positional frame over a 2-D object array whose empty text becomes None (in place)."""
    import pandas as pd

    if cells.size == 0:
        return pd.DataFrame(cells, dtype=object)
    cells[cells == ""] = None
    return pd.DataFrame(cells, dtype=object, copy=False)


def blank_to_none(frame: pd.DataFrame) -> pd.DataFrame:
    if frame.empty:
        return frame
    return cells_frame(frame.to_numpy(dtype=object, copy=True))
