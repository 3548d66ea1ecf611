"""How the workbook prints: the font, A4 landscape, titles, page numbers.

The font is 宋体 (SimSun), named in every cell format: Excel and WPS on every Chinese
Windows since Windows 95 have it, and it is the usual face of printed tables in Party and
government offices (等线 only came with Office 2016, 微软雅黑 with Vista). Its Windows
charset (134, GB2312) and family (3) go with the name, as Chinese Excel writes them, as a
hint to viewers without SimSun. LibreOffice 7 on Linux ignores the hint: it still falls
back to Noto Sans CJK JP (same glyphs for nearly all characters of a roster; the shapes
of a few differ), chosen by its locale, not by anything the file can say.

Print sheets (汇总, the track sheets, 按单位, 能上能下) fit one A4 landscape page wide at
9 pt, with the title and header rows repeated on every page. Archive sheets (明细, 标记,
问题, 规则, 关于) are for the screen and for filtering, not for the committee's file: if
printed they fit their whole width on a page (明细: about 45 columns, so small text), which
keeps a whole-workbook print to tens of pages rather than hundreds.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from xlsxwriter.worksheet import Worksheet

FONT = {"font_name": "宋体", "font_charset": 134, "font_family": 3, "font_scheme": "none"}
FONT_EN = {"font_name": "Arial", "font_charset": 0, "font_family": 2, "font_scheme": "none"}
BODY_SIZE = 9  # 小五: the size of tables in official documents
TITLE_SIZE = 12
ROW_HEIGHT = 11.25  # Excel's row for 9 pt 宋体 (15 px)
TITLE_HEIGHT = 18.0
HEAD_HEIGHT = 24.0  # two lines of 9 pt
A4 = 9
FOOTER = {"zh": "&L&8&A&C&8第 &P 页 共 &N 页", "en": "&L&8&A&C&8page &P of &N"}


PAGE_HEIGHT = 595.3  # A4 landscape, in pt
MARGINS = (0.4, 0.5)  # top, bottom, in inches
MIN_SCALE = 8 / BODY_SIZE  # shrink to save a page only while the text stays at least 8 pt


def pages_down(rows: int) -> int:
    """How many pages tall to fit ``rows`` data rows: one fewer than at full size when
    shrinking to no less than 8 pt text saves that page; 0 (as many as needed) otherwise."""
    usable = PAGE_HEIGHT - sum(MARGINS) * 72
    repeated = TITLE_HEIGHT + HEAD_HEIGHT
    full = -(-rows // int((usable - repeated) // ROW_HEIGHT))
    fewer = full - 1
    if fewer >= 1 and fewer * usable / (rows * ROW_HEIGHT + fewer * repeated) >= MIN_SCALE:
        return fewer
    return 0


def font(lang: str) -> dict[str, object]:
    """The cell font of the workbook: 宋体 for Chinese, Arial for English."""
    return {**(FONT if lang == "zh" else FONT_EN), "font_size": BODY_SIZE}


def print_sheet(ws: Worksheet, lang: str, header_row: int, rows: int = 0) -> None:
    """A print view: A4 landscape, one page wide, title and header repeated, page numbers;
    ``rows``: the data rows, to save a page by shrinking a little (see :func:`pages_down`)."""
    ws.set_landscape()
    ws.set_paper(A4)
    ws.set_margins(left=0.4, right=0.4, top=MARGINS[0], bottom=MARGINS[1])
    ws.set_footer(FOOTER.get(lang, FOOTER["zh"]), {"margin": 0.2})
    ws.fit_to_pages(1, pages_down(rows))  # one page wide
    ws.repeat_rows(0, header_row)
    ws.center_horizontally()
    ws.set_start_page(1)
    ws.set_default_row(ROW_HEIGHT)


def archive_sheet(ws: Worksheet, lang: str, *, repeat_columns: int = 0) -> None:
    """A sheet for the screen: if printed, at full size, header row and ids on every page."""
    ws.set_landscape()
    ws.set_paper(A4)
    ws.set_footer(FOOTER.get(lang, FOOTER["zh"]), {"margin": 0.2})
    ws.fit_to_pages(1, 0)  # as before: the whole width on a page, small
    ws.repeat_rows(0)
    if repeat_columns:
        ws.repeat_columns(0, repeat_columns - 1)
    ws.set_start_page(1)
    ws.set_default_row(ROW_HEIGHT)
