"""scripts/candidates_copy.py: the copy docs/domain.md's vet example runs on."""

import sys
from pathlib import Path

import openpyxl
import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "samples" / "county-2025.xlsx"
sys.path.insert(0, str(ROOT / "scripts"))

import candidates_copy  # noqa: E402

COMPLETE = ("正职领导职务", "已审核", "无异常", "一致", "暂未发现影响提拔任用的问题", "无")


def _rows(path: Path) -> list[tuple]:
    return list(openpyxl.load_workbook(path)["拟提拔人选"].iter_rows(values_only=True))


def test_the_ids_are_appended_as_complete_candidates(tmp_path: Path, capsys) -> None:
    target = tmp_path / "candidates.xlsx"
    assert candidates_copy.main([str(SAMPLE), str(target), "A0029", "A0113"]) == 0
    assert "拟提拔人选 rows 12, 13 added" in capsys.readouterr().out
    before, after = _rows(SAMPLE), _rows(target)
    assert len(before) == 11 and after[:11] == before
    assert after[11:] == [("A0029", *COMPLETE), ("A0113", *COMPLETE)]  # rows 12 and 13
    assert openpyxl.load_workbook(target).sheetnames == openpyxl.load_workbook(SAMPLE).sheetnames


def test_an_existing_target_is_refused(tmp_path: Path, capsys) -> None:
    target = tmp_path / "candidates.xlsx"
    target.write_bytes(b"mine")
    assert candidates_copy.main([str(SAMPLE), str(target), "A0029"]) == 2
    assert "exists already" in capsys.readouterr().err
    assert target.read_bytes() == b"mine"


def test_the_data_folder_is_refused(tmp_path: Path, capsys) -> None:
    linked = tmp_path / "data"
    linked.symlink_to(ROOT / "data", target_is_directory=True)  # as in a docs chain
    for target in (ROOT / "data" / "samples" / "probe.xlsx", linked / "probe.xlsx"):
        assert candidates_copy.main([str(SAMPLE), str(target), "A0029"]) == 2
        assert "inside" in capsys.readouterr().err
    assert not (ROOT / "data" / "samples" / "probe.xlsx").exists()
    assert not (ROOT / "data" / "probe.xlsx").exists()


@pytest.mark.parametrize(("cadre", "why"), [("Z9999", "not on 干部名册"), ("A0007", "already on")])
def test_an_unknown_or_listed_cadre_is_refused(tmp_path: Path, cadre, why) -> None:
    target = tmp_path / "candidates.xlsx"
    with pytest.raises(SystemExit, match=why):
        candidates_copy.main([str(SAMPLE), str(target), cadre])
    assert not target.exists()
