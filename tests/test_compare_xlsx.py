"""`cadrekit compare … -o x.xlsx`: the comparison and both summaries as a workbook."""

import subprocess
import sys
from pathlib import Path

import openpyxl

from cadrekit.rules.load import default_text

SAMPLE = Path(__file__).resolve().parent.parent / "data/samples/county-2025.xlsx"


def test_compare_writes_a_workbook_with_the_rule_change(tmp_path: Path) -> None:
    stricter = tmp_path / "strict.yaml"
    stricter.write_text(default_text().replace("min_score: 85", "min_score: 90"), encoding="utf-8")
    out = tmp_path / "cmp.xlsx"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "cadrekit",
            "compare",
            str(SAMPLE),
            "--rules-new",
            str(stricter),
            "-o",
            str(out),
            "--lang",
            "en",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["compare", "by track", "by unit"]
    rows = list(book["compare"].iter_rows(values_only=True))
    head = rows[0]
    assert head[:5] == ("id", "name", "unit", "track", "change")
    changed = [r for r in rows[1:] if r[head.index("change")] != "same"]
    # a higher minimum score only ever takes 优秀 away, and each such change is the rules'
    assert changed and all(r[head.index("grade_old")] == "优秀" for r in changed)
    assert all(r[head.index("rule_change")] == "TRUE" for r in changed)
    assert book["compare"].freeze_panes == "A2"
    assert len(list(book["by track"].iter_rows())) == 6  # header + five tracks
