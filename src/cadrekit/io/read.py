"""Read a workbook, CSV or Parquet file into raw sheets: cells as written, nothing guessed.

The frame of a :class:`RawSheet` is positional: column ``j`` is spreadsheet column ``j``
(0 is "A") and row ``i`` is spreadsheet row ``i + 1``, padded with empty cells when the used
range starts later, so that ``cadrekit.load`` can report ``干部名册!F17`` truthfully. Header
detection, normalisation and types are the loader's job.

The real type is sniffed from the bytes, not the name. Zip-based files pass
:func:`cadrekit.io.safety.check_zip` before python-calamine sees them. Every failure is an
:class:`InputFileError` with one line in Chinese and English.

The type is found in io/filetype.py, workbooks read in io/read_workbook.py, CSV in
io/read_csv.py, the raw sheets are io/raw.py; Parquet is read here.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import TYPE_CHECKING

from cadrekit.errors import InputFileError
from cadrekit.io.filetype import ACCEPTED_SUFFIXES as ACCEPTED_SUFFIXES
from cadrekit.io.filetype import check_file, sniff_kind
from cadrekit.io.filetype import sniff as sniff
from cadrekit.io.limits import Limits as Limits
from cadrekit.io.limits import current_limits, limit_error
from cadrekit.io.raw import RawBook as RawBook
from cadrekit.io.raw import RawSheet as RawSheet
from cadrekit.io.read_csv import read_csv
from cadrekit.io.read_workbook import read_workbook
from cadrekit.io.refusals import fail
from cadrekit.problems import Problem

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = [
    "ACCEPTED_SUFFIXES",
    "Limits",
    "RawBook",
    "RawSheet",
    "read_book",
    "sniff",
]

_SUFFIX_KIND = {".xlsx": "xlsx", ".xlsm": "xlsx", ".xls": "xls", ".ods": "ods"}


def read_book(path: str | Path, limits: Limits | None = None) -> RawBook:
    """Read every sheet of ``path`` as raw cells; raise InputFileError if it cannot be read.

    ``limits``: default, those of :func:`cadrekit.io.limits.use_limits` (the command line's
    ``--max-…`` options), else :class:`Limits`' defaults."""
    path = Path(path)
    limits = limits if limits is not None else current_limits()
    check_file(path, limits)
    kind, summary = sniff_kind(path, limits)
    if kind == "csv":
        data = path.read_bytes()
        sheets = [read_csv(path, data, limits)]
        digest = hashlib.sha256(data).hexdigest()
    elif kind == "parquet":
        sheets = [RawSheet(path.stem, _read_parquet(path, limits))]
        digest = _sha256(path)
    else:
        misnamed = _SUFFIX_KIND.get(path.suffix.lower()) != kind
        sheets = read_workbook(path, kind, limits, by_content=misnamed)
        digest = _sha256(path)
        for sheet in sheets:
            sheet.formulas = summary.formulas.get(sheet.name, {}) if summary else {}
        if misnamed:
            return RawBook(path, sheets, digest, kind, [_misnamed(path, kind)])
    return RawBook(path=path, sheets=sheets, sha256=digest, kind=kind)


def _misnamed(path: Path, kind: str) -> Problem:
    """A workbook whose name says another format: read by content, and say so."""
    right = path.with_suffix(f".{kind}").name
    return Problem("misnamed-file", expected=right, params={"file": path.name, "kind": kind})


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _read_parquet(path: Path, limits: Limits) -> pd.DataFrame:
    import numpy as np
    import pandas as pd
    import pyarrow.parquet as pq

    try:
        meta = pq.ParquetFile(path).metadata
        if meta.num_rows + 1 > limits.max_rows:
            raise limit_error(
                path,
                f"Parquet 有 {meta.num_rows:,} 行，超过上限 {limits.max_rows:,}",
                f"the Parquet file has {meta.num_rows:,} rows, over the limit of "
                f"{limits.max_rows:,}",
                "--max-rows",
            )
        table = pq.read_table(path)
    except InputFileError:
        raise
    except Exception as exc:
        detail = " ".join(str(exc).split())[:200]
        raise fail(
            path, f"无法读取 Parquet 文件（{detail}）", f"cannot read Parquet ({detail})"
        ) from None
    columns = {}
    for j, (name, column) in enumerate(zip(table.column_names, table.columns, strict=True)):
        values = np.empty(table.num_rows + 1, dtype=object)
        values[0] = str(name)
        values[1:] = column.to_pandas(types_mapper=None).astype(object).to_numpy()
        columns[j] = values
    frame = pd.DataFrame(columns, dtype=object)
    return frame.where(frame.notna(), None)
