"""Rosters for the printed workbook's titles: where the county's name comes from.

- ``workbook-county``: the roster's title row names the county (2025年度青山县干部考核汇总表):
  every print sheet's title starts with 青山县.
- ``workbook-no-county``: the title row names none (2025年度干部考核汇总表): the titles
  start with the year, never with a guessed name.
"""

from __future__ import annotations

from office import Book, base_book


def county() -> Book:
    book = base_book()
    book["干部名册"].title = "2025年度青山县干部考核汇总表"
    return book


CASES = {"workbook-county": county, "workbook-no-county": base_book}
