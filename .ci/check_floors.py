"""Fail unless the floors venv holds exactly the versions .ci/floors.txt pins."""

from __future__ import annotations

import sys
from importlib.metadata import version
from pathlib import Path

wrong = []
for line in (Path(__file__).parent / "floors.txt").read_text().splitlines():
    line = line.split("#")[0].strip()
    if not line:
        continue
    name, pinned = line.split("==")
    if version(name) != pinned:
        wrong.append(f"{name}: installed {version(name)}, floor {pinned}")
print("\n".join(wrong) or "every dependency at its declared floor")
sys.exit(1 if wrong else 0)
