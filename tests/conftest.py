"""Makes ``tests/`` importable from every test folder (``from runner import run_cadrekit``)."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
