"""Build every hostile input file in a folder: `python tests/hostile/build.py DIR`.

Each builder writes one file and returns its path. The files are small on disk (the zip
bomb is ~2.4 MB) and are built in well under a second each, except the bomb (~1-2 s).
"""

from __future__ import annotations

import struct
import sys
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

CT = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
    "</Types>"
)
RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)
WB_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
    "</Relationships>"
)
DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
LAUGHS = (
    '<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(
        f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10 if i > 1 else "&lol;" * 10}">'
        for i in range(1, 10)
    )
    + "]>"
)
EXTERNAL = '<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'


def workbook_xml(
    sheets: str = '<sheet name="干部名册" sheetId="1" r:id="rId1"/>', dtd: str = ""
) -> str:
    return (
        DECL
        + dtd
        + f'<workbook {NS} xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        f"<sheets>{sheets}</sheets></workbook>"
    )


def sheet_xml(rows: str, dtd: str = "", dimension: str = "A1") -> str:
    return (
        DECL
        + dtd
        + f'<worksheet {NS}><dimension ref="{dimension}"/><sheetData>{rows}</sheetData></worksheet>'
    )


def shared_xml(dtd: str = "", text: str = "编号") -> str:
    return DECL + dtd + f'<sst {NS} count="1" uniqueCount="1"><si><t>{text}</t></si></sst>'


ROWS = (
    '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="inlineStr"><is><t>姓名</t></is></c></row>'
)


def write_xlsx(
    path: Path,
    *,
    workbook: str = "",
    sheet: str = "",
    shared: str = "",
    part: str = "worksheets/sheet1.xml",
) -> Path:
    """A minimal hand-written .xlsx: one sheet, shared strings; any part replaceable, and
    the sheet's part name (``part``, under xl/, as the workbook's relationship names it)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", CT)
        z.writestr("_rels/.rels", RELS)
        z.writestr("xl/workbook.xml", workbook or workbook_xml())
        z.writestr("xl/_rels/workbook.xml.rels", WB_RELS.replace("worksheets/sheet1.xml", part))
        z.writestr(f"xl/{part}", sheet or sheet_xml(ROWS))
        z.writestr("xl/sharedStrings.xml", shared or shared_xml())
    return path


# --- builders -----------------------------------------------------------------------------


def zip_bomb(folder: Path) -> Path:
    """A sheet that inflates to 2.3 GB from 2.4 MB, written without materialising it.

    Deflate output after a full flush does not depend on earlier input, so one compressed
    16 MiB block of zeros is reused 150 times; zipfile still computes the true CRC and size.
    """
    chunk = b"\0" * (16 << 20)
    comp = zlib.compressobj(9, zlib.DEFLATED, -15)
    comp.compress(chunk)
    comp.flush(zlib.Z_FULL_FLUSH)
    block = comp.compress(chunk) + comp.flush(zlib.Z_FULL_FLUSH)

    class Reuse:
        def compress(self, data: bytes) -> bytes:
            assert data is chunk
            return block

        def flush(self) -> bytes:
            return zlib.compressobj(9, zlib.DEFLATED, -15).flush()

    path = folder / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", CT)
        z.writestr("xl/workbook.xml", workbook_xml())
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as fh:
            fh._compressor = Reuse()  # type: ignore[attr-defined]
            for _ in range(150):
                fh.write(chunk)
    return path


def ratio_bomb(folder: Path) -> Path:
    """64 MiB of one repeated row: small total, but an absurd per-entry ratio."""
    row = '<row><c t="inlineStr"><is><t>x</t></is></c></row>'
    body = row * ((64 << 20) // len(row))
    return write_xlsx(folder / "ratio.xlsx", sheet=sheet_xml(body))


def lying_sizes(folder: Path) -> Path:
    """A zip whose directory declares a tiny sheet that really inflates to 8 MiB."""
    path = write_xlsx(folder / "lying.xlsx", sheet=sheet_xml('<row r="1"/>' * (700_000)))
    data = bytearray(path.read_bytes())
    name = b"xl/worksheets/sheet1.xml"
    # Patch the uncompressed size in the central directory entry (offset 24 from its start).
    pos = data.rfind(b"PK\x01\x02", 0, data.rfind(name))
    struct.pack_into("<I", data, pos + 24, 1000)
    path.write_bytes(bytes(data))
    return path


def far_cells(folder: Path) -> Path:
    """Two cells, A1 and XFD1048576: calamine would allocate 17 billion cells and abort."""
    rows = ROWS + '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'
    return write_xlsx(folder / "far.xlsx", sheet=sheet_xml(rows, dimension="A1:XFD1048576"))


def far_cells_hidden_row(folder: Path) -> Path:
    """A narrow cell at A999999 inside row 1 plus a wide cell: 999,999 × 702 cells."""
    rows = '<row r="1"><c r="A999999"><v>1</v></c><c r="ZZ1"><v>1</v></c></row>'
    return write_xlsx(folder / "far2.xlsx", sheet=sheet_xml(rows))


def huge_dimension(folder: Path) -> Path:
    """A sheet that claims A1:XFD1048576 but holds two cells: must read quickly."""
    return write_xlsx(folder / "dimension.xlsx", sheet=sheet_xml(ROWS, dimension="A1:XFD1048576"))


def laughs_in(part: str) -> Callable[[Path], Path]:
    def build(folder: Path) -> Path:
        kwargs = {
            "sheet": {"sheet": sheet_xml(ROWS, dtd=LAUGHS)},
            "shared": {"shared": shared_xml(dtd=LAUGHS, text="&lol9;")},
            "workbook": {"workbook": workbook_xml(dtd=LAUGHS)},
        }[part]
        return write_xlsx(folder / f"laughs-{part}.xlsx", **kwargs)

    return build


def external_entity(folder: Path) -> Path:
    return write_xlsx(folder / "xxe.xlsx", shared=shared_xml(dtd=EXTERNAL, text="&xxe;"))


def padded_prolog(folder: Path) -> Path:
    """A DOCTYPE hidden behind 100 KB of comments."""
    pad = "<!--" + " " * 100_000 + "-->"
    return write_xlsx(
        folder / "padded.xlsx", sheet=DECL + pad + sheet_xml(ROWS, dtd=LAUGHS)[len(DECL) :]
    )


def truncated_zip(folder: Path) -> Path:
    good = write_xlsx(folder / "good.xlsx")
    path = folder / "truncated.xlsx"
    path.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    good.unlink()
    return path


def encrypted_ooxml(folder: Path) -> Path:
    """A minimal OLE2 compound file whose directory names EncryptionInfo/EncryptedPackage."""
    sector = 512
    header = bytearray(sector)
    header[0:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    struct.pack_into("<HHHH", header, 24, 0x3E, 3, 0xFFFE, 9)  # minor, major, byte order, 2^9
    struct.pack_into("<H", header, 32, 6)  # mini sector shift
    struct.pack_into("<I", header, 44, 1)  # one FAT sector
    struct.pack_into("<I", header, 48, 1)  # directory starts at sector 1
    struct.pack_into("<I", header, 56, 4096)
    struct.pack_into("<I", header, 60, 0xFFFFFFFE)
    struct.pack_into("<I", header, 68, 0xFFFFFFFE)
    header[76:80] = struct.pack("<I", 0)  # DIFAT[0]: FAT at sector 0
    header[80:sector] = b"\xff" * (sector - 80)
    fat = bytearray(b"\xff" * sector)
    struct.pack_into("<III", fat, 0, 0xFFFFFFFD, 0xFFFFFFFE, 0xFFFFFFFE)

    def entry(name: str, kind: int) -> bytes:
        raw = bytearray(128)
        encoded = (name + "\0").encode("utf-16-le")
        raw[: len(encoded)] = encoded
        struct.pack_into("<HBB", raw, 64, len(encoded), kind, 1)
        struct.pack_into("<III", raw, 68, 0xFFFFFFFF, 0xFFFFFFFF, 0xFFFFFFFF)
        return bytes(raw)

    directory = entry("Root Entry", 5) + entry("EncryptionInfo", 2) + entry("EncryptedPackage", 2)
    directory += b"\0" * (sector - len(directory))
    path = folder / "encrypted.xlsx"
    path.write_bytes(bytes(header) + bytes(fat) + directory + b"\0" * sector)
    return path


def csv_as_xlsx(folder: Path) -> Path:
    path = folder / "csv-named.xlsx"
    path.write_bytes("编号,姓名,单位\n001,张三,某局\n".encode())
    return path


def html_as_xlsx(folder: Path) -> Path:
    path = folder / "html-named.xlsx"
    path.write_bytes(b"<html><body><table><tr><td>1</td></tr></table></body></html>")
    return path


def xls_as_xlsx(folder: Path) -> Path:
    """Legacy OLE2 bytes under a .xlsx name: an ordinary but broken container."""
    path = folder / "xls-named.xlsx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 1000)
    return path


def empty_file(folder: Path) -> Path:
    path = folder / "empty.xlsx"
    path.write_bytes(b"")
    return path


def no_sheets(folder: Path) -> Path:
    return write_xlsx(folder / "nosheets.xlsx", workbook=workbook_xml(sheets=""))


def only_hidden(folder: Path) -> Path:
    sheets = '<sheet name="干部名册" sheetId="1" state="hidden" r:id="rId1"/>'
    return write_xlsx(folder / "hidden.xlsx", workbook=workbook_xml(sheets=sheets))


def csv_with_nul(folder: Path) -> Path:
    path = folder / "nul.csv"
    path.write_bytes("编号,姓名\n001,张三\n002,李\x00四\n".encode())
    return path


def csv_mixed_utf8_first(folder: Path) -> Path:
    path = folder / "mixed1.csv"
    path.write_bytes("编号,姓名\n".encode() + "001,张三\n".encode("gbk"))
    return path


def csv_mixed_gbk_first(folder: Path) -> Path:
    path = folder / "mixed2.csv"
    path.write_bytes("编号,姓名\n001,张三\n".encode("gbk") + "002,李四光明\n".encode())
    return path


# --- the used-range guard, whatever the spelling (issue 14, item 1) --------------------------

FAR = '<row r="1048576"><c {ref}><v>1</v></c></row>'


def far_ref(name: str, ref: str) -> Callable[[Path], Path]:
    """A1 and a far cell whose reference is written ``ref`` (quoting, spacing, case)."""

    def build(folder: Path) -> Path:
        return write_xlsx(folder / f"{name}.xlsx", sheet=sheet_xml(ROWS + FAR.format(ref=ref)))

    return build


def implicit_cells(folder: Path) -> Path:
    """Cells with no r in a far row: calamine puts each after the previous (A, B, … CV)."""
    rows = ROWS + '<row r="1048576">' + "<c><v>1</v></c>" * 100 + "</row>"
    return write_xlsx(folder / "implicit-cells.xlsx", sheet=sheet_xml(rows))


def implicit_rows(folder: Path) -> Path:
    """Rows with no r (each the row after the last) after row 1,048,575; then a cell."""
    rows = ROWS + '<row r="1048575"/>' + "<row/>" * 3 + "<row><c><v>1</v></c></row>"
    return write_xlsx(folder / "implicit-rows.xlsx", sheet=sheet_xml(rows))


def prefixed_cells(folder: Path) -> Path:
    """A worksheet written with a namespace prefix (x:c), as some .NET exports do."""
    body = ROWS.replace("<", "<x:").replace("<x:/", "</x:") + FAR.format(
        ref='r="XFD1048576"'
    ).replace("<", "<x:").replace("<x:/", "</x:")
    sheet = (
        DECL + '<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f"<x:sheetData>{body}</x:sheetData></x:worksheet>"
    )
    return write_xlsx(folder / "prefixed.xlsx", sheet=sheet)


def sheet_not_xml(folder: Path) -> Path:
    """The far cells in a sheet part named .bin: calamine opens it by the relationship."""
    rows = ROWS + FAR.format(ref='r="XFD1048576"')
    return write_xlsx(folder / "sheet-bin.xlsx", sheet=sheet_xml(rows), part="worksheets/s.bin")


def quoted_tag(folder: Path) -> Path:
    """A '<c ' inside another tag's quoted value, whose quote would swallow the far cell
    for a reader that does not read quoted values as such."""
    rows = (
        ROWS
        + '<row r="2"><c r="A2"><v a=\'<c \'>1</v></c></row>'
        + FAR.format(ref='r="XFD1048576"')
        + '<row r="3"><c r="A3"><v b=\'>\'>1</v></c></row>'
    )
    return write_xlsx(folder / "quoted-tag.xlsx", sheet=sheet_xml(rows))


# --- amplification without a big part (issue 14, item 2) -------------------------------------


def shared_string_bomb(folder: Path) -> Path:
    """One 1 MB shared string referred to by 6,000 cells: 5.6 GB of text from 17 KB (the
    part stays under the 1 MiB that the compression-ratio check starts at)."""
    shared = (
        DECL + f'<sst {NS} count="6001" uniqueCount="2"><si><t>编号</t></si>'
        f"<si><t>{'x' * 1_000_000}</t></si></sst>"
    )
    cells = "".join(
        f'<row r="{r}">'
        + "".join(f'<c r="{col}{r}" t="s"><v>1</v></c>' for col in _letters(100))
        + "</row>"
        for r in range(2, 62)
    )
    return write_xlsx(folder / "shared-bomb.xlsx", sheet=sheet_xml(ROWS + cells), shared=shared)


def _letters(n: int) -> list[str]:
    out = []
    for i in range(n):
        name, i = "", i + 1
        while i:
            i, rest = divmod(i - 1, 26)
            name = chr(65 + rest) + name
        out.append(name)
    return out


ODS_CONTENT = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
    '<office:body><office:spreadsheet><table:table table:name="干部名册">{rows}'
    "</table:table></office:spreadsheet></office:body></office:document-content>"
)
ODS_MANIFEST = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" '
    'manifest:version="1.2">'
    '<manifest:file-entry manifest:full-path="/" '
    'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
    '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"'
    "{extra}</manifest:manifest>"
)
ODS_CELL = (
    '<table:table-cell office:value-type="string"{repeat}><text:p>编号</text:p></table:table-cell>'
)


def write_ods(path: Path, content: bytes | str, manifest: str | None = None) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("META-INF/manifest.xml", manifest or ODS_MANIFEST.format(extra="/>"))
        z.writestr("content.xml", content)
    return path


def ods_rows_repeated(folder: Path) -> Path:
    """A cell repeated across 16,000 columns in a row repeated 4,000 times: 64 M cells."""
    cell = ODS_CELL.format(repeat=' table:number-columns-repeated="16000"')
    rows = f'<table:table-row table:number-rows-repeated="4000">{cell}</table:table-row>'
    return write_ods(folder / "ods-rows.ods", ODS_CONTENT.format(rows=rows))


def ods_columns_repeated(folder: Path) -> Path:
    """One cell repeated 60 million times in one row, from 2 KB."""
    cell = ODS_CELL.format(repeat=' table:number-columns-repeated="60000000"')
    rows = f"<table:table-row>{cell}</table:table-row>"
    return write_ods(folder / "ods-columns.ods", ODS_CONTENT.format(rows=rows))


def csv_wide(folder: Path) -> Path:
    """Ten rows of 1,000,000 empty fields."""
    path = folder / "wide.csv"
    path.write_bytes(("," * 999_999 + "\n").encode() * 10)
    return path


# --- encrypted .ods (issue 14, item 13) ------------------------------------------------------


def ods_encrypted(folder: Path) -> Path:
    """An .ods saved with a password: the manifest says so; content.xml is random bytes
    (here chosen so that they hold no '<', which made it read as bad XML)."""
    extra = (
        '><manifest:encryption-data manifest:checksum-type="SHA1/1K" manifest:checksum="x">'
        '<manifest:algorithm manifest:algorithm-name="Blowfish CFB" '
        'manifest:initialisation-vector="x"/></manifest:encryption-data></manifest:file-entry>'
    )
    noise = bytes((i * 7 + 13) % 256 for i in range(70_000)).replace(b"<", b"=")
    return write_ods(folder / "encrypted.ods", noise, ODS_MANIFEST.format(extra=extra))


# ODF 1.2 (Blowfish) and 1.3 (AES-256, PBKDF2) encryption entries, as LibreOffice writes them
ENCRYPTION_AES = (
    "><manifest:encryption-data manifest:checksum-type="
    '"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0#sha256-1k" manifest:checksum="x">'
    '<manifest:algorithm manifest:algorithm-name="http://www.w3.org/2001/04/xmlenc#aes256-cbc" '
    'manifest:initialisation-vector="x"/><manifest:start-key-generation '
    'manifest:start-key-generation-name="http://www.w3.org/2000/09/xmldsig#sha256" '
    'manifest:key-size="32"/><manifest:key-derivation manifest:key-derivation-name="PBKDF2" '
    'manifest:key-size="32" manifest:iteration-count="100000" manifest:salt="x"/>'
    "</manifest:encryption-data></manifest:file-entry>"
)
#: encrypted bytes that happen to start like XML (the case that read as "XML 开头异常")
NOISE = b"<?xml " + bytes((i * 31 + 7) % 256 for i in range(70_000))


def write_parts(path: Path, parts: list[tuple[str, bytes | str]], store: bool = False) -> Path:
    """An .ods-like zip: the mimetype first, then ``parts`` in order."""
    method = zipfile.ZIP_STORED if store else zipfile.ZIP_DEFLATED
    with zipfile.ZipFile(path, "w", method) as z:
        z.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        for name, data in parts:
            z.writestr(name, data)
    return path


def ods_encrypted_variant(name: str, manifest: str, **kwargs: bool) -> Callable[[Path], Path]:
    """Encrypted parts that look like XML, with the manifest written as ``manifest``."""

    def build(folder: Path) -> Path:
        parts = [("content.xml", NOISE), ("meta.xml", NOISE), ("styles.xml", NOISE)]
        if kwargs.get("manifest_last"):
            return write_parts(
                folder / f"{name}.ods", [*parts, ("META-INF/manifest.xml", manifest)]
            )
        return write_parts(
            folder / f"{name}.ods", [("META-INF/manifest.xml", manifest), *parts], **kwargs
        )

    return build


AES_MANIFEST = ODS_MANIFEST.format(extra=ENCRYPTION_AES)


def ods_whole_package(folder: Path) -> Path:
    """ODF 1.3 whole-package encryption: one ``encrypted-package`` entry, no content.xml."""
    manifest = ODS_MANIFEST.replace("content.xml", "encrypted-package").format(extra=ENCRYPTION_AES)
    return write_parts(
        folder / "enc-whole.ods",
        [("META-INF/manifest.xml", manifest), ("encrypted-package", NOISE)],
    )


def ods_without_content(folder: Path) -> Path:
    """An .ods mimetype and manifest, but no content.xml and no encryption: damaged."""
    return write_parts(
        folder / "no-content.ods", [("META-INF/manifest.xml", ODS_MANIFEST.format(extra="/>"))]
    )


def xlsb_named(folder: Path) -> Path:
    path = folder / "book.xlsb"
    path.write_bytes(b"PK\x03\x04" + b"\0" * 100)
    return path


def xlsb_as_xlsx(folder: Path) -> Path:
    """An .xlsb's parts (xl/workbook.bin, binary sheets) under an .xlsx name."""
    path = folder / "xlsb-named.xlsx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("[Content_Types].xml", CT)
        z.writestr("_rels/.rels", RELS.replace("workbook.xml", "workbook.bin"))
        z.writestr("xl/workbook.bin", b"\x83\x01\x00")
        z.writestr("xl/worksheets/sheet1.bin", b"\x81\x01\x00")
    return path


def sheet_part(name: str, part: str, target: str = "") -> Callable[[Path], Path]:
    """The far cells in a sheet stored at xl/``part``, the relationship naming ``target``."""

    def build(folder: Path) -> Path:
        path = write_xlsx(
            folder / f"{name}.xlsx",
            sheet=sheet_xml(ROWS + FAR.format(ref='r="XFD1048576"')),
            part=part,
        )
        if target:
            rels = WB_RELS.replace("worksheets/sheet1.xml", target)
            _replace_part(path, "xl/_rels/workbook.xml.rels", rels)
        return path

    return build


def _replace_part(path: Path, name: str, text: str) -> None:
    with zipfile.ZipFile(path) as z:
        parts = [(i.filename, z.read(i)) for i in z.infolist() if i.filename != name]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for part, data in parts:
            z.writestr(part, data)
        z.writestr(name, text)


def far_row(name: str, row: str) -> Callable[[Path], Path]:
    """A1, then the far row written ``row`` (quoting, cells without r, empty cells)."""

    def build(folder: Path) -> Path:
        return write_xlsx(folder / f"{name}.xlsx", sheet=sheet_xml(ROWS + row))

    return build


def csv_wide_as(name: str, sep: str, field: str = "") -> Callable[[Path], Path]:
    """Ten rows of 1,000,000 fields ``field`` separated by ``sep``."""

    def build(folder: Path) -> Path:
        path = folder / name
        path.write_bytes((sep.join([field] * 1_000_000) + "\n").encode() * 10)
        return path

    return build


def ods_row_group(folder: Path) -> Path:
    """The 64-million-cell row of ods_rows_repeated inside a row group and header rows."""
    cell = ODS_CELL.format(repeat=' table:number-columns-repeated="16000"')
    row = f'<table:table-row table:number-rows-repeated="4000">{cell}</table:table-row>'
    rows = f"<table:table-row-group><table:table-header-rows>{row}</table:table-header-rows></table:table-row-group>"
    return write_ods(folder / "ods-group.ods", ODS_CONTENT.format(rows=rows))


def ods_repeated_text(folder: Path) -> Path:
    """A 1 MB text repeated over 1,000 columns and 10 rows: 9.3 GB of text from ~1 MB."""
    cell = (
        '<table:table-cell office:value-type="string" table:number-columns-repeated="1000">'
        f"<text:p>{'x' * 1_000_000}</text:p></table:table-cell>"
    )
    rows = f'<table:table-row table:number-rows-repeated="10">{cell}</table:table-row>'
    return write_ods(folder / "ods-text.ods", ODS_CONTENT.format(rows=rows))


def unknown_suffix(folder: Path) -> Path:
    path = folder / "roster.docx"
    path.write_bytes(b"PK\x03\x04whatever")
    return path


STYLES = (
    DECL + f'<styleSheet {NS}><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14"'
    ' applyNumberFormat="1"/></cellXfs></styleSheet>'
)


def date_serial_out_of_range(folder: Path) -> Path:
    """A date-formatted cell (built-in format 14) holding -1e308: calamine's date conversion
    panics (chrono "TimeDelta::milliseconds out of bounds") and Rust prints its panic."""
    path = folder / "date_serial.xlsx"
    rows = ROWS + '<row r="2"><c r="A2" s="1"><v>-1E+308</v></c></row>'
    write_xlsx(path, sheet=sheet_xml(rows, dimension="A1:B2"))
    with zipfile.ZipFile(path, "a") as z:
        z.writestr("xl/styles.xml", STYLES)
    return path


BUILDERS: dict[str, Callable[[Path], Path]] = {
    "zip_bomb": zip_bomb,
    "ratio_bomb": ratio_bomb,
    "lying_sizes": lying_sizes,
    "far_cells": far_cells,
    "far_cells_hidden_row": far_cells_hidden_row,
    "laughs_sheet": laughs_in("sheet"),
    "laughs_shared": laughs_in("shared"),
    "laughs_workbook": laughs_in("workbook"),
    "external_entity": external_entity,
    "padded_prolog": padded_prolog,
    "truncated_zip": truncated_zip,
    "encrypted_ooxml": encrypted_ooxml,
    "csv_as_xlsx": csv_as_xlsx,
    "html_as_xlsx": html_as_xlsx,
    "xls_as_xlsx": xls_as_xlsx,
    "empty_file": empty_file,
    "no_sheets": no_sheets,
    "only_hidden": only_hidden,
    "csv_with_nul": csv_with_nul,
    "csv_mixed_utf8_first": csv_mixed_utf8_first,
    "csv_mixed_gbk_first": csv_mixed_gbk_first,
    "unknown_suffix": unknown_suffix,
    "date_serial_out_of_range": date_serial_out_of_range,
    "ref_single_quotes": far_ref("ref-single", "r='XFD1048576'"),
    "ref_spaced": far_ref("ref-spaced", 'r = "XFD1048576"'),
    "ref_newline": far_ref("ref-newline", '\nr="XFD1048576"'),
    "ref_lower_case": far_ref("ref-lower", 'r="xfd1048576"'),
    "ref_not_first": far_ref("ref-not-first", 't="n" r="XFD1048576"'),
    "implicit_cells": implicit_cells,
    "implicit_rows": implicit_rows,
    "prefixed_cells": prefixed_cells,
    "sheet_not_xml": sheet_not_xml,
    "quoted_tag": quoted_tag,
    "shared_string_bomb": shared_string_bomb,
    "ods_rows_repeated": ods_rows_repeated,
    "ods_columns_repeated": ods_columns_repeated,
    "csv_wide": csv_wide,
    "ods_encrypted": ods_encrypted,
    # item 1, more spellings
    "ref_tabs": far_ref("ref-tabs", 'r\t=\t"XFD1048576"'),
    "ref_crlf": far_ref("ref-crlf", '\r\nr\r\n=\r\n"XFD1048576"'),
    "ref_mixed_case": far_ref("ref-mixed", 'r="xFd1048576"'),
    "ref_leading_zero": far_ref("ref-zero", 'r="XFD01048576"'),
    "ref_char_reference": far_ref("ref-charref", 'r="&#88;FD1048576"'),
    "ref_dollars": far_ref("ref-dollars", 'r="$XFD$1048576"'),
    "far_empty_cell": far_row("far-empty", '<row r="1048576"><c r="XFD1048576" s="0"/></row>'),
    "far_inline_string": far_row(
        "far-inline",
        '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>',
    ),
    "far_row_single_quotes": far_row(
        "far-row-quotes", "<row r='1048576'>" + "<c><v>1</v></c>" * 100 + "</row>"
    ),
    "far_after_comment": far_row(
        "far-comment", "<!-- ' \" <c -->" + FAR.format(ref='r="XFD1048576"')
    ),
    "sheet_no_suffix": sheet_part("sheet-nosuffix", "worksheets/sheet1"),
    "sheet_upper_case": sheet_part("sheet-upper", "worksheets/SHEET1.XML"),
    "sheet_absolute_target": sheet_part("sheet-absolute", "ws/a.xml", "/xl/ws/a.xml"),
    "sheet_parent_target": sheet_part("sheet-parent", "ws2/b.dat", "../xl/ws2/b.dat"),
    # item 2, more spellings
    "csv_wide_semicolons": csv_wide_as("wide-semi.csv", ";"),
    "tsv_wide": csv_wide_as("wide-tab.tsv", "\t"),
    "csv_wide_quoted": csv_wide_as("wide-quoted.csv", ",", '""'),
    "ods_row_group": ods_row_group,
    "ods_repeated_text": ods_repeated_text,
    # item 13, more variants
    "ods_encrypted_aes": ods_encrypted_variant("enc-aes", AES_MANIFEST),
    "ods_encrypted_manifest_last": ods_encrypted_variant(
        "enc-last", AES_MANIFEST, manifest_last=True
    ),
    "ods_encrypted_prefix": ods_encrypted_variant(
        "enc-prefix", AES_MANIFEST.replace("manifest:", "m:")
    ),
    "ods_encrypted_default_namespace": ods_encrypted_variant(
        "enc-default-ns",
        AES_MANIFEST.replace("manifest:", "").replace("xmlns:manifest=", "xmlns="),
    ),
    "ods_encrypted_line_breaks": ods_encrypted_variant(
        "enc-lines",
        AES_MANIFEST.replace("<manifest:encryption-data ", "<manifest:encryption-data\n "),
    ),
    "ods_encrypted_stored": ods_encrypted_variant("enc-stored", AES_MANIFEST, store=True),
    "ods_whole_package": ods_whole_package,
    "ods_without_content": ods_without_content,
    # .xlsb: refused (its binary sheets are not scanned by the used-range guard)
    "xlsb_named": xlsb_named,
    "xlsb_as_xlsx": xlsb_as_xlsx,
}


def build_all(folder: Path) -> dict[str, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    return {name: build(folder) for name, build in BUILDERS.items()}


if __name__ == "__main__":
    import rosters  # beside this script: the rosters and rule files of test_cli.py

    root = Path(sys.argv[1] if len(sys.argv) > 1 else "hostile-files")
    built = {**build_all(root / "files"), **rosters.build_all(root / "rosters")}
    for name, path in built.items():
        print(f"{name:32} {path}")
