"""Data at the edges (issue 14 items 3, 6, 7; issue 18 item 12): ID numbers under headers
nobody listed, dates outside any plausible range, a ``2021.03`` typed into a date cell, and
ids that differ only by an invisible character."""

from __future__ import annotations

import datetime as dt

from office import Book, base_book, id_number

# An ID number in a column cadrekit does not know (户籍证件): masked in every output.
OTHER_ID = id_number("320102", "19800101", "123")


def id_header() -> Book:
    """身份证号码 (not 身份证号) over the numbers, and a second number under 户籍证件."""
    book = base_book()
    sheet = book["干部名册"]
    sheet.header[sheet.col("身份证号")] = "身份证号码"
    sheet.header.append("户籍证件")
    for row in sheet.rows:
        row.append(OTHER_ID)
    return book


def _event_date(value: object) -> Book:
    book = base_book()
    events = book["纪实记录"]
    events.rows[0][events.col("日期")] = value
    return book


def soft_hyphen_id() -> Book:
    """The second row's id written A\\u00ad0001: a soft hyphen, invisible, so it shows as the
    first row's A0001 (another cadre)."""
    book = base_book()
    sheet = book["干部名册"]
    sheet.rows[1][sheet.col("编号")] = "A\u00ad0001"
    return book


def year_month_date_cell() -> Book:
    """任现职时间 typed 2021.03 into a cell formatted as a date: Excel keeps the number
    2021.03, which as a date serial is 1905-07-13 (and 43 minutes)."""
    book = base_book()
    sheet = book["干部名册"]
    serial = dt.datetime(1899, 12, 30) + dt.timedelta(days=2021.03)
    sheet.rows[0][sheet.col("任现职时间")] = serial
    return book


CASES = {
    "data-id-header": id_header,
    "data-event-9999-cell": lambda: _event_date(dt.date(9999, 12, 31)),
    "data-event-9999-text": lambda: _event_date("9999-12-31"),
    "data-event-1900": lambda: _event_date(dt.date(1900, 1, 1)),
    "data-soft-hyphen-id": soft_hyphen_id,
    "data-year-month-cell": year_month_date_cell,
}
