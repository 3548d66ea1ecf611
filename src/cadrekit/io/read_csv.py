"""CSV and other delimited text: the encoding and delimiter sniffed (csvsniff), a plain file
through Arrow, anything else through pandas' reader, and its errors in our words."""

from __future__ import annotations

import io
from pathlib import Path
from typing import TYPE_CHECKING

from cadrekit.errors import InputFileError
from cadrekit.io import csvsniff
from cadrekit.io.extent import EXCEL_MAX_COLUMNS
from cadrekit.io.limits import Limits, limit_error
from cadrekit.io.raw import RawSheet, blank_to_none
from cadrekit.io.refusals import fail

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np
    import pandas as pd


def read_csv(path: Path, data: bytes, limits: Limits) -> RawSheet:
    import pandas as pd

    encoding = csvsniff.detect_encoding(path, data)
    lines = data.count(b"\n") + (0 if data.endswith(b"\n") else 1)
    if lines > limits.max_rows:
        raise limit_error(
            path,
            f"CSV 有 {lines:,} 行，超过上限 {limits.max_rows:,}",
            f"the CSV has {lines:,} lines, over the limit of {limits.max_rows:,}",
            "--max-rows",
        )
    head = data[:65536].decode(encoding, errors="ignore")
    delimiter = "\t" if path.suffix.lower() == ".tsv" else csvsniff.detect_delimiter(head)
    _check_csv_width(path, data, encoding, delimiter, lines, limits)
    plain = _read_plain_csv(data, encoding, delimiter)
    if plain is not None:
        plain.attrs[csvsniff.DELIMITER_ATTR] = delimiter
        return RawSheet(path.stem, text=plain)
    names: list[int] | None = None
    fields: np.ndarray | None = None
    error: pd.errors.ParserError | None = None
    for _ in range(3):
        try:
            frame = pd.read_csv(
                io.BytesIO(data),
                header=None,
                names=names,
                sep=delimiter,
                dtype=object,
                keep_default_na=False,
                na_filter=False,
                skip_blank_lines=False,
                encoding=encoding,
                engine="c",
            )
        except pd.errors.EmptyDataError:
            return RawSheet(path.stem, pd.DataFrame(dtype=object))
        except pd.errors.ParserError as exc:
            # A row longer than the first: widen to the longest row and read again, so that
            # short title rows above the header read; a data row longer than the header is
            # an error that csvsniff.wide_rows reports once the header is known.
            error = exc
            width = _longest_row(str(exc))
            if width is None or (names is not None and width <= len(names)):
                break
            if fields is None:
                fields = _field_counts(data, encoding, delimiter)
            names = list(range(max(width, int(fields.max(initial=0)))))
            continue
        error = None
        break
    if error is not None:
        raise _csv_error(path, data, encoding, delimiter, str(error)) from None
    frame.columns = pd.RangeIndex(frame.shape[1])
    cells = blank_to_none(frame)
    cells.attrs[csvsniff.DELIMITER_ATTR] = delimiter
    if fields is not None and len(fields) == len(cells):  # else the lines are not the rows
        cells.attrs[csvsniff.FIELDS_ATTR] = fields.astype("int32").tobytes()
    return RawSheet(path.stem, cells)


def _check_csv_width(
    path: Path, data: bytes, encoding: str, delimiter: str, lines: int, limits: Limits
) -> None:
    """Bound the grid a CSV reader builds (every row as wide as the widest) before it is
    built: ten rows of a million empty fields end pandas in MemoryError or a crash."""
    fields = data.count(delimiter.encode("ascii")) + 1
    if fields <= EXCEL_MAX_COLUMNS and lines * fields <= limits.max_cells:
        return  # no record can be wider than the whole file's fields
    records, widest, record = csvsniff.widest_record(data, delimiter)
    if widest > EXCEL_MAX_COLUMNS:
        line = csvsniff.record_line(data, delimiter, encoding, record)
        raise fail(
            path,
            f"CSV 第 {line} 行有 {widest:,} 个值，超过上限 {EXCEL_MAX_COLUMNS:,} 列"
            "（Excel 的最大列数）",
            f"CSV line {line} has {widest:,} values, over the limit of "
            f"{EXCEL_MAX_COLUMNS:,} columns (Excel's widest sheet)",
            "请检查该行的分隔符，或删除多余的列后另存",
            "check the delimiters on that line, or delete the extra columns and save again",
        )
    cells = records * widest
    if cells > limits.max_cells:
        raise limit_error(
            path,
            f"CSV 有 {records:,} 行 × {widest:,} 列（{cells:,} 个单元格），"
            f"超过上限 {limits.max_cells:,}",
            f"the CSV has {records:,} rows × {widest:,} columns ({cells:,} cells), over the "
            f"limit of {limits.max_cells:,}",
            "--max-cells",
        )


def _read_plain_csv(data: bytes, encoding: str, delimiter: str) -> pd.DataFrame | None:
    """A plain CSV through Arrow's reader, as ``str`` columns (NA for an empty cell); None
    for anything that needs pandas' reader to keep its meaning: quotes, bare CRs, a single
    column, blank lines or rows of another width (Arrow refuses those rather than pad).
    Without quotes or bare CRs, a record is a line and a field is the text between
    delimiters in both readers, so the cells are the same."""
    import pandas as pd
    import pyarrow as pa
    import pyarrow.csv as pacsv

    if encoding == "utf-8-sig":
        data = data[3:]
    if b'"' in data or data.count(b"\r") != data.count(b"\r\n"):
        return None
    if encoding == "gb18030":
        data = data.decode(encoding).encode("utf-8")
    first = data[: data.find(b"\n")] if b"\n" in data else data
    width = first.count(delimiter.encode("ascii")) + 1
    if width < 2:
        return None
    names = [f"c{j}" for j in range(width)]
    try:
        table = pacsv.read_csv(
            io.BytesIO(data),
            read_options=pacsv.ReadOptions(column_names=names),
            parse_options=pacsv.ParseOptions(
                delimiter=delimiter, quote_char=False, ignore_empty_lines=False
            ),
            convert_options=pacsv.ConvertOptions(
                column_types=dict.fromkeys(names, pa.large_string()),
                null_values=[""],
                strings_can_be_null=True,
            ),
        )
    except (pa.ArrowInvalid, pa.ArrowException):
        return None
    dtype = pd.StringDtype("pyarrow", na_value=float("nan"))
    columns = {
        j: pd.Series(pd.arrays.ArrowStringArray(table.column(j), dtype=dtype), copy=False)  # type: ignore[call-arg]
        for j in range(width)
    }
    return pd.DataFrame(columns) if table.num_rows else None


def _csv_error(
    path: Path, data: bytes, encoding: str, delimiter: str, message: str
) -> InputFileError:
    """pandas' tokenizer message in our words: the line, what was found, what to do."""
    import re

    zh_sep, en_sep = csvsniff.DELIMITER_NAMES.get(delimiter, (repr(delimiter), repr(delimiter)))
    fields = re.search(r"Expected (\d+) fields in line (\d+), saw (\d+)", message)
    if fields:
        expected, line, found = (int(g) for g in fields.groups())
        return fail(
            path,
            f"CSV 第 {line} 行有 {found} 个值，应为 {expected} 个",
            f"CSV line {line} has {found} values where {expected} are expected",
            f"值中含{zh_sep}时须用英文双引号把整个值括起来，或在 Excel 中另存为 .xlsx",
            f"a {en_sep} inside a value must be inside double quotes; or save it from Excel "
            "as .xlsx",
        )
    line = _unclosed_quote_line(data, encoding, delimiter) if "EOF inside" in message else 0
    if line:
        return fail(
            path,
            f"CSV 第 {line} 行的引号没有配对，其后直到文件末尾都会被当作一个值",
            f"CSV line {line} opens a quote that is never closed; the rest of the file "
            "would be one value",
            '请检查该行的英文双引号是否成对（值中的引号要写成两个 ""），或在 Excel 中另存为 .xlsx',
            'check that the quotes on that line are paired (a quote inside a value is written ""),'
            " or save it from Excel as .xlsx",
        )
    at = re.search(r"line (\d+)", message)
    where, where_en = (f"第 {at.group(1)} 行", f" at line {at.group(1)}") if at else ("", "")
    return fail(
        path,
        f"CSV {where}格式错误，无法解析",
        f"malformed CSV{where_en}",
        "请检查引号是否成对，或在 Excel 中另存为 .xlsx 或 CSV UTF-8",
        "check that quotes are paired, or save it from Excel as .xlsx or CSV UTF-8",
    )


def _unclosed_quote_line(data: bytes, encoding: str, delimiter: str) -> int:
    """1-based line where the last record starts: the one an unclosed quote runs to the end.

    The csv module quotes as pandas' tokenizer does and, not strict, reads that record to
    the end of the file; 0 when it cannot say.
    """
    import csv

    text = io.StringIO(data.decode(encoding), newline="")
    reader = csv.reader(text, delimiter=delimiter)
    start = last = 0
    try:
        for _ in reader:
            last = start + 1
            start = reader.line_num
    except csv.Error:
        return 0
    return last


def _longest_row(message: str) -> int | None:
    import re

    match = re.search(r"saw (\d+)", message)
    return int(match.group(1)) if match else None


def _field_counts(data: bytes, encoding: str, delimiter: str) -> np.ndarray:
    """Fields per record, empty ones included (only a ragged file pays for this pass)."""
    import csv

    import numpy as np

    text = io.StringIO(data.decode(encoding), newline="")  # the csv module's own newlines
    try:
        return np.fromiter(
            (len(row) for row in csv.reader(text, delimiter=delimiter)), dtype=np.int64
        )
    except csv.Error:  # e.g. a field over 128 KB: pandas' own count stands
        return np.zeros(0, dtype=np.int64)
