"""The county sample with the committee's decision (``data/samples/county-2025-decided.xlsx``).

``county-2025.xlsx`` leaves A0301 and A0302 (县民政局, identical records) tied at the cut
of their group's 2 优秀 slots (``quota-tie``). This copy adds a 决定 sheet: the committee
gave the unfilled slot to A0301. Everything else is the sample as ``make_samples.py``
wrote it, so ``county-2025.xlsx`` and its golden outputs stay as they are.

    python scripts/decided_sample.py            # writes data/samples/county-2025-decided.xlsx
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import zipfile
from io import BytesIO
from pathlib import Path

import openpyxl

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "data" / "samples"
HEADER = ["编号", "姓名", "决定等次", "会议", "会议日期", "记录人"]
DECISIONS = [
    ["A0301", None, "优秀", "青山县委考核委员会2026年第1次会议", dt.date(2026, 1, 12), "王敏"],
]
STAMP = dt.datetime(2026, 1, 12)  # fixed document dates: the same bytes on every run


def write(source: Path, target: Path) -> Path:
    wb = openpyxl.load_workbook(source)
    names = {r[0].value: r[1].value for r in wb["干部名册"].iter_rows(min_row=1) if r[0].value}
    ws = wb.create_sheet("决定")
    ws.append(HEADER)
    for row in DECISIONS:
        ws.append([row[0], names.get(row[0]), *row[2:]])
        ws.cell(ws.max_row, 5).number_format = "yyyy-mm-dd"
    wb.properties.created = STAMP
    buffer = BytesIO()
    wb.save(buffer)
    target.write_bytes(_fixed(buffer.getvalue()))
    return target


def _fixed(data: bytes) -> bytes:
    """The saved zip with fixed entry times and a fixed 修改时间 (openpyxl stamps the clock)."""
    out = BytesIO()
    stamp = STAMP.strftime("%Y-%m-%dT%H:%M:%SZ")
    with zipfile.ZipFile(BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                text = re.sub(r"(<dcterms:modified[^>]*>)[^<]*", rf"\g<1>{stamp}", body.decode())
                body = text.encode()
            fixed = zipfile.ZipInfo(info.filename, date_time=STAMP.timetuple()[:6])
            fixed.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(fixed, body)
    return out.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=SAMPLES)
    args = parser.parse_args()
    print(write(SAMPLES / "county-2025.xlsx", args.out / "county-2025-decided.xlsx"))


if __name__ == "__main__":
    main()
