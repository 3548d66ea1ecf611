"""One roster saved by LibreOffice as .xls, .ods and UTF-8 CSV, plus a GBK CSV written by
Python: all validate alike (the same frames, the same problems at the same cells).

Needs ``soffice``. In CI (the ``CI`` variable is set) a missing soffice fails the test;
on a developer machine the test is skipped.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from cadrekit import api

sys.path.insert(0, str(Path(__file__).parent / "fixtures"))
import make_problem_fixtures as fx

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
# 44 = comma, 34 = double quote, 76 = UTF-8 (LibreOffice's encoding number)
CSV_FILTER = "csv:Text - txt - csv (StarCalc):44,34,76"


@pytest.fixture(scope="module")
def soffice() -> str:
    if SOFFICE is None:
        if os.environ.get("CI"):
            pytest.fail("soffice (LibreOffice) is required in CI")
        pytest.skip("soffice (LibreOffice) is not installed")
    return SOFFICE


def convert(soffice: str, source: Path, target: str, out: Path, profile: Path) -> Path:
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            target,
            "--outdir",
            str(out),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    suffix = target.split(":")[0]
    made = out / f"{source.stem}.{suffix}"
    assert made.exists(), f"LibreOffice did not write {made}"
    return made


def roster_book() -> dict:
    book = fx.base_book()
    del book["纪实记录"]  # CSV holds one sheet
    rows = book["干部名册"]["rows"]
    header = book["干部名册"]["header"]
    rows[1][header.index("一季度")] = "优"  # one bad cell: bad-choice at O5
    rows[2][header.index("出生年月")] = pd.Timestamp("1978-11-01").date()  # a real date cell
    return book


@pytest.fixture(scope="module")
def files(soffice, tmp_path_factory) -> dict[str, Path]:
    tmp = tmp_path_factory.mktemp("lo")
    source = fx.write_book(roster_book(), tmp / "干部名册.xlsx")
    profile = tmp / "profile"
    out = {"xlsx": source}
    for kind, target in (("xls", "xls"), ("ods", "ods"), ("csv", CSV_FILTER)):
        (tmp / kind).mkdir()
        out[kind] = convert(soffice, source, target, tmp / kind, profile)
    (tmp / "gbk").mkdir()
    gbk = tmp / "gbk" / "干部名册.csv"
    gbk.write_bytes(out["csv"].read_text(encoding="utf-8").encode("gbk"))
    out["gbk"] = gbk
    return out


def _problems(dataset) -> list[tuple]:
    return [(p.code, p.location, p.row, p.column, p.found, p.expected) for p in dataset.problems]


@pytest.mark.parametrize("kind", ["xls", "ods", "csv", "gbk"])
def test_every_format_validates_alike(files, kind):
    expected = api.validate(files["xlsx"])
    got = api.validate(files[kind])
    assert ("bad-choice", "干部名册!O5") in [(p.code, p.location) for p in got.problems]
    assert _problems(got) == _problems(expected)
    pd.testing.assert_frame_equal(got.cadres, expected.cadres)
