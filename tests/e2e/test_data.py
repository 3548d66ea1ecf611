"""Data at the edges, end to end on LibreOffice-saved workbooks (cases/data.py)."""

from __future__ import annotations

import csv
import io
import json
import shutil

from cases.data import OTHER_ID
from office import id_number

from runner import run_cadrekit

A0001_ID = id_number("110105", "19850612", "001")


def rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def problems(path) -> list[dict[str, str]]:
    proc = run_cadrekit("validate", path, "--format", "json")
    return json.loads(proc.stdout)["problems"]


# --- 14.3: ID numbers under other headers, and in unknown columns -------------------------


def test_id_number_header_alias_and_unknown_column_are_masked(corpus, tmp_path):
    path = corpus.saved("data-id-header")
    proc = run_cadrekit("score", path, "--format", "csv", "--lang", "en")
    assert proc.returncode == 0, proc.stderr
    by_id = {r["id"]: r for r in rows(proc.stdout)}
    first = by_id["A0001"]
    assert first["id_number"] == "110105********0018"  # 身份证号码 is the id_number column
    assert first["户籍证件"] == "320102********1238"  # an unknown column: masked too
    assert A0001_ID[:6] + "*" * 8 + A0001_ID[-4:] == first["id_number"]
    for fmt in ("csv", "json", "jsonl", "table"):
        out = run_cadrekit("score", path, "--format", fmt).stdout
        assert OTHER_ID not in out and A0001_ID not in out, fmt
    run_cadrekit("score", path, "-o", tmp_path / "out.xlsx")
    assert OTHER_ID.encode() not in _xlsx_bytes(tmp_path / "out.xlsx")
    explain = run_cadrekit("explain", path, "A0001", "--format", "json")
    assert explain.returncode == 0, explain.stderr
    assert OTHER_ID not in explain.stdout
    (tmp_path / "in").mkdir()
    shutil.copy(path, tmp_path / "in" / "unit.xlsx")
    batch = run_cadrekit("batch", tmp_path / "in", "-o", tmp_path / "res")
    assert batch.returncode == 0, batch.stderr
    for out in (tmp_path / "res").iterdir():
        data = _xlsx_bytes(out) if out.suffix == ".xlsx" else out.read_bytes()
        assert OTHER_ID.encode() not in data, out.name
    shown = run_cadrekit("score", path, "--format", "csv", "--show-id-numbers")
    assert OTHER_ID in shown.stdout and A0001_ID in shown.stdout


def _xlsx_bytes(path) -> bytes:
    import zipfile

    with zipfile.ZipFile(path) as book:
        return b"".join(book.read(n) for n in book.namelist())
