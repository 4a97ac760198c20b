"""Builders of office, PDF, Outlook and image files holding given text (for tests, samples and benchmarks).

They use the writer libraries of the `dev` extra (python-docx, openpyxl,
python-pptx, odfpy, fpdf2, Pillow, extract-msg's OLE writer); nothing here
runs during a scan.
"""
from __future__ import annotations

import struct
from pathlib import Path
from typing import Sequence

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"


def write_docx(path: Path, paragraphs: Sequence[str], table: Sequence[Sequence[str]] = (),
               header: str = "", footer: str = "", comment: str = "") -> None:
    import docx

    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for row, values in zip(grid.rows, table):  # grid.cell(r, c) is slow: it walks the whole grid
            for cell, value in zip(row.cells, values):
                cell.text = value
    section = document.sections[0]
    if header:
        section.header.paragraphs[0].text = header
    if footer:
        section.footer.paragraphs[0].text = footer
    if comment and document.paragraphs:
        document.add_comment(document.paragraphs[0].runs, text=comment, author="Leidur")
    document.save(path)


def write_xlsx(path: Path, sheets: dict[str, Sequence[Sequence]]) -> None:
    import openpyxl

    book = openpyxl.Workbook(write_only=True)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(list(row))
    book.save(path)


def write_pptx(path: Path, slides: Sequence[Sequence[str]]) -> None:
    from pptx import Presentation
    from pptx.util import Inches

    presentation = Presentation()
    for lines in slides:
        slide = presentation.slides.add_slide(presentation.slide_layouts[6])
        box = slide.shapes.add_textbox(Inches(1), Inches(1), Inches(8), Inches(4)).text_frame
        box.text = lines[0] if lines else ""
        for line in lines[1:]:
            box.add_paragraph().text = line
    presentation.save(path)


def _odf_paragraphs(document, lines: Sequence[str], parent=None) -> None:
    from odf.text import P

    for line in lines:
        (parent or document.text).addElement(P(text=line))


def write_odt(path: Path, paragraphs: Sequence[str]) -> None:
    from odf.opendocument import OpenDocumentText

    document = OpenDocumentText()
    _odf_paragraphs(document, paragraphs)
    document.save(str(path))


def write_ods(path: Path, sheets: dict[str, Sequence[Sequence]]) -> None:
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    document = OpenDocumentSpreadsheet()
    for name, rows in sheets.items():
        table = Table(name=name)
        for row in rows:
            table_row = TableRow()
            for value in row:
                cell = TableCell(valuetype="string")
                cell.addElement(P(text=str(value)))
                table_row.addElement(cell)
            table.addElement(table_row)
        document.spreadsheet.addElement(table)
    document.save(str(path))


def write_odp(path: Path, slides: Sequence[Sequence[str]]) -> None:
    from odf.draw import Frame, Page, TextBox
    from odf.opendocument import OpenDocumentPresentation
    from odf.style import MasterPage, PageLayout

    document = OpenDocumentPresentation()
    layout = PageLayout(name="Layout")
    document.automaticstyles.addElement(layout)
    master = MasterPage(name="Master", pagelayoutname=layout)
    document.masterstyles.addElement(master)
    for lines in slides:
        page = Page(masterpagename=master)
        frame = Frame(width="20cm", height="10cm", x="1cm", y="1cm")
        box = TextBox()
        _odf_paragraphs(document, lines, box)
        frame.addElement(box)
        page.addElement(frame)
        document.presentation.addElement(page)
    document.save(str(path))


def write_rtf(path: Path, paragraphs: Sequence[str]) -> None:
    def escape(text: str) -> str:
        out = []
        for ch in text:
            if ch in "\\{}":
                out.append("\\" + ch)
            elif ord(ch) > 127:
                out.append(f"\\u{ord(ch)}?")
            else:
                out.append(ch)
        return "".join(out)

    body = "".join(f"{escape(p)}\\par\n" for p in paragraphs)
    path.write_text("{\\rtf1\\ansi\\ansicpg1257\\deff0{\\fonttbl{\\f0 Arial;}}\n" + body + "}", encoding="ascii")


def write_pdf(path: Path, pages: Sequence[Sequence[str]], password: str | None = None) -> None:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_font("DejaVu", fname=FONT)
    pdf.set_font("DejaVu", size=11)
    for lines in pages:
        pdf.add_page()
        for line in lines:
            pdf.multi_cell(0, 7, line, new_x="LMARGIN", new_y="NEXT")
    if password:
        pdf.set_encryption(owner_password=password + "-owner", user_password=password)
    pdf.output(str(path))


def text_image(lines: Sequence[str], size: int = 40):
    """A white image with black text, as a scanner would produce."""
    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.truetype(FONT, size)
    width = max(int(font.getlength(line)) for line in lines) + 2 * size
    image = Image.new("L", (width, (len(lines) + 1) * int(size * 1.6)), 255)
    draw = ImageDraw.Draw(image)
    for row, line in enumerate(lines):
        draw.text((size, size // 2 + row * int(size * 1.6)), line, font=font, fill=0)
    return image


def write_image_pdf(path: Path, lines: Sequence[str]) -> None:
    """A PDF whose only page is a picture of text: no text layer, like a scanned letter."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.image(text_image(lines), x=10, y=10, w=190)
    pdf.output(str(path))


# Outlook .msg: MAPI properties as OLE streams, written with extract-msg's own OLE writer.
_PT_UNICODE, _PT_LONG, _PT_BINARY = 0x001F, 0x0003, 0x0102


def _prop_stream(header: bytes, fixed: dict[int, int], variable: dict[int, bytes]) -> bytes:
    entries = b""
    for tag, value in fixed.items():
        entries += struct.pack("<IIQ", tag, 0x6, value)
    for tag, data in variable.items():
        entries += struct.pack("<IIII", tag, 0x6, len(data) + (2 if tag & 0xFFFF == _PT_UNICODE else 0), 0)
    return header + entries


def _strings(writer, storage: str, values: dict[int, str | bytes]) -> dict[int, bytes]:
    tagged = {}
    for prop_id, value in values.items():
        kind = _PT_BINARY if isinstance(value, bytes) else _PT_UNICODE
        data = value if isinstance(value, bytes) else value.encode("utf-16-le")
        tag = (prop_id << 16) | kind
        writer.addEntry(f"{storage}__substg1.0_{tag:08X}", data)
        tagged[tag] = data
    return tagged


def write_msg(path: Path, sender: tuple[str, str], to: Sequence[tuple[str, str]], subject: str,
              body: str, attachments: dict[str, bytes | dict] | None = None) -> None:
    """A minimal Outlook message: sender, recipients, subject, plain body, attachments.

    An attachment is file bytes, or a dict of write_msg's arguments (without
    path) for an attached message.
    """
    from extract_msg.ole_writer import OleWriter

    writer = OleWriter()
    writer.addEntry("__nameid_version1.0", storage=True)
    for stream in ("__substg1.0_00020102", "__substg1.0_00030102", "__substg1.0_00040102"):
        writer.addEntry(f"__nameid_version1.0/{stream}", b"")
    _write_message(writer, "", sender, to, subject, body, attachments or {})
    writer.write(str(path))


def _write_message(writer, prefix: str, sender, to, subject: str, body: str, attachments: dict) -> None:
    top = _strings(writer, prefix, {
        0x001A: "IPM.Note", 0x0037: subject, 0x1000: body, 0x0C1A: sender[0], 0x0C1F: sender[1],
        0x5D01: sender[1], 0x0065: sender[1], 0x0042: sender[0],
        0x0E04: "; ".join(name for name, _ in to),
    })
    for index, (name, address) in enumerate(to):
        storage = f"{prefix}__recip_version1.0_#{index:08X}/"
        writer.addEntry(storage[:-1], storage=True)
        props = _strings(writer, storage, {0x3001: name, 0x3003: address, 0x39FE: address, 0x3002: "SMTP"})
        writer.addEntry(storage + "__properties_version1.0", _prop_stream(b"\0" * 8, {0x0C150003: 1}, props))
    for index, (filename, data) in enumerate(attachments.items()):
        storage = f"{prefix}__attach_version1.0_#{index:08X}/"
        writer.addEntry(storage[:-1], storage=True)
        names = {0x3707: filename, 0x3704: filename[:8]}
        if isinstance(data, dict):  # an attached message: its own storage, attach method 5
            props = _strings(writer, storage, names)
            inner = f"{storage}__substg1.0_3701000D/"
            writer.addEntry(inner[:-1], storage=True)
            _write_message(writer, inner, attachments=data.pop("attachments", {}), **data)
            method = 5
        else:
            props = _strings(writer, storage, {**names, 0x3701: data})
            method = 1
        writer.addEntry(storage + "__properties_version1.0", _prop_stream(b"\0" * 8, {0x37050003: method}, props))
    counts = struct.pack("<IIII", len(to), len(attachments), len(to), len(attachments))
    # The top-level message's property header has 8 more reserved bytes than an attached one's.
    header = b"\0" * 8 + counts + (b"\0" * 8 if not prefix else b"")
    writer.addEntry(prefix + "__properties_version1.0", _prop_stream(header, {0x0E070003: 0}, top))


# Legacy Excel .xls: a minimal BIFF8 workbook (BOF, BOUNDSHEET, LABEL/NUMBER cells, EOF) in an OLE file.
def _biff(kind: int, data: bytes = b"") -> bytes:
    return struct.pack("<HH", kind, len(data)) + data


def _biff_bof(kind: int) -> bytes:
    return _biff(0x0809, struct.pack("<HHHHII", 0x0600, kind, 0x0DBB, 0x07CC, 0, 0x06))


def _biff_sheet(rows: Sequence[Sequence]) -> bytes:
    body = _biff_bof(0x10)
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if isinstance(value, (int, float)):
                body += _biff(0x0203, struct.pack("<HHHd", r, c, 0, float(value)))
            else:
                text = str(value)
                body += _biff(0x0204, struct.pack("<HHHHB", r, c, 0, len(text), 1) + text.encode("utf-16-le"))
    return body + _biff(0x000A)


def write_xls(path: Path, sheets: dict[str, Sequence[Sequence]]) -> None:
    from extract_msg.ole_writer import OleWriter

    bodies = [_biff_sheet(rows) for rows in sheets.values()]
    entries = [struct.pack("<BB", len(name), 1) + name.encode("utf-16-le") for name in sheets]
    position = len(_biff_bof(5)) + sum(len(_biff(0x0085, b"\0" * 6 + e)) for e in entries) + len(_biff(0x000A))
    globals_ = _biff_bof(5)
    for entry, body in zip(entries, bodies):
        globals_ += _biff(0x0085, struct.pack("<IBB", position, 0, 0) + entry)
        position += len(body)
    stream = globals_ + _biff(0x000A) + b"".join(bodies)
    writer = OleWriter()
    writer.addEntry("Workbook", stream.ljust(4096, b"\0"))  # Excel keeps the workbook out of the mini stream
    writer.write(str(path))
