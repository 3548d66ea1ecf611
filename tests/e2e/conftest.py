"""The end-to-end corpus, built once per test session.

Every case of ``cases/`` is written by :func:`office.write_office` (openpyxl, as offices'
own scripts and templates write) into ``made/``, then LibreOffice re-saves all of them in
one run into ``saved/`` (as an officer who opened and saved the file in LibreOffice or WPS
would): the tests read ``corpus.saved(name)``, a file made by another program.

Needs ``soffice``: in CI (``CI`` set) its absence fails the tests; elsewhere they skip.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))

import office  # noqa: E402
from cases import all_cases  # noqa: E402

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@dataclass(frozen=True)
class Corpus:
    root: Path

    def made(self, name: str) -> Path:
        """The workbook as openpyxl wrote it."""
        return self.root / "made" / f"{name}.xlsx"

    def saved(self, name: str) -> Path:
        """The same workbook re-saved by LibreOffice."""
        path = self.root / "saved" / f"{name}.xlsx"
        assert path.exists(), f"LibreOffice did not re-save {name}"
        return path


def resave(paths: list[Path], out: Path, profile: Path, target: str = "xlsx") -> None:
    """Open and save ``paths`` in LibreOffice (one process for all) into ``out``."""
    if SOFFICE is None:
        if os.environ.get("CI"):
            pytest.fail("soffice (LibreOffice) is required in CI")
        pytest.skip("soffice (LibreOffice) is not installed")
    out.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            target,
            "--outdir",
            str(out),
            *map(str, paths),
        ],
        check=True,
        capture_output=True,
        timeout=600,
    )


@pytest.fixture(scope="session")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    root = tmp_path_factory.mktemp("corpus")
    made = root / "made"
    made.mkdir()
    paths = [
        office.write_office(build(), made / f"{name}.xlsx") for name, build in all_cases().items()
    ]
    resave(paths, root / "saved", root / "profile")
    return Corpus(root)
