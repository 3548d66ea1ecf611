"""A workbook as a person sees it on paper: LibreOffice's PDF, page by page.

Each page is attributed to its sheet by the footer, which names the sheet (``&A``); the
words' boxes (``pdftotext -bbox``) give the printed text size.
"""

from __future__ import annotations

import dataclasses
import re
import subprocess
from pathlib import Path

WORD = re.compile(
    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>'
)
PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">')


@dataclasses.dataclass
class Page:
    number: int
    width: float
    height: float
    words: list[tuple[float, str]]  # (box height in pt, text)
    foot: list[str]  # the words of the footer line

    def sheet(self, names: list[str]) -> str | None:
        """The sheet whose name the footer shows."""
        foot = self.foot
        for name in sorted(names, key=len, reverse=True):
            if name in foot:
                return name
        return None

    def smallest(self) -> float:
        return min((h for h, _ in self.words), default=0.0)

    def text(self) -> str:
        return " ".join(t for _, t in self.words)


def to_pdf(book: Path, outdir: Path, timeout: int = 300) -> Path:
    """LibreOffice's PDF of ``book`` (a private profile, so parallel runs do not clash)."""
    profile = outdir / "lo-profile"
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(outdir),
            str(book),
        ],
        check=True,
        capture_output=True,
        timeout=timeout,
    )
    return outdir / (book.stem + ".pdf")


def pages(pdf: Path) -> list[Page]:
    html = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    out = []
    for number, chunk in enumerate(html.split("<page ")[1:], start=1):
        size = PAGE.match("<page " + chunk)
        width, height = (float(size[1]), float(size[2])) if size else (0.0, 0.0)
        found = list(WORD.finditer(chunk))
        words = [(float(m[4]) - float(m[2]), m[5]) for m in found]
        # the footer line: the lowest line holding 共 (第 P 页 共 N 页), the sheet name at its left
        marks = [float(m[2]) for m in found if m[5] == "共"]
        line = max(marks, default=-100.0)
        foot = [m[5] for m in found if abs(float(m[2]) - line) < 1]
        out.append(Page(number, width, height, words, foot))
    return out


def page_count(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True)
    found = re.search(r"^Pages:\s+(\d+)", info.stdout, re.M)
    return int(found[1]) if found else 0
