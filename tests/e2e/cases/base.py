"""The unbroken office roster: the reference every other case departs from."""

from __future__ import annotations

from office import base_book

CASES = {"base-valid": base_book}
