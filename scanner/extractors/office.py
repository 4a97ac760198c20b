"""Office documents: Word (.docx, .odt, .rtf), spreadsheets (.xlsx/.xlsm/.ods/.xls) and slides (.pptx, .odp).

Word and slide XML is streamed with iterparse (paragraphs, tables, headers,
footers, comments, notes, tracked deletions) rather than loaded whole;
spreadsheets go through calamine, one chunk stream per column so that every
cell keeps its column header as context.
"""
from __future__ import annotations

import re
import zipfile
from datetime import date, datetime, time, timedelta
from typing import IO, Iterable, Iterator
from xml.etree.ElementTree import iterparse

from scanner.extractors.streams import chunks_of, read_bounded
from scanner.models import Chunk

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
TEXT_NS = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"

_ODF_KINDS = {
    "application/vnd.oasis.opendocument.text": "odt",
    "application/vnd.oasis.opendocument.text-template": "odt",
    "application/vnd.oasis.opendocument.spreadsheet": "ods",
    "application/vnd.oasis.opendocument.spreadsheet-template": "ods",
    "application/vnd.oasis.opendocument.presentation": "odp",
    "application/vnd.oasis.opendocument.presentation-template": "odp",
}

# Word parts that hold text, in reading order; headers/footers/comments after the body.
_WORD_PARTS = re.compile(r"word/(document|header\d*|footer\d*|comments|footnotes|endnotes)\.xml$")
_SLIDE_PARTS = re.compile(r"ppt/(slides/slide|notesSlides/notesSlide)(\d+)\.xml$")

CELL_CHUNK_CHARS = 2048  # a column's cells per chunk (characters); 8 KB read no faster (docs/benchmarks.md)
SHEET_BUFFER_CHARS = 256 * 1024


def office_kind(archive: zipfile.ZipFile) -> str | None:
    """'docx', 'xlsx', 'pptx', 'odt', 'ods', 'odp' from member names, or None for a plain zip."""
    names = set(archive.namelist())
    if "[Content_Types].xml" in names:
        if "word/document.xml" in names:
            return "docx"
        if "xl/workbook.xml" in names or "xl/workbook.bin" in names:
            return "xlsx"
        if "ppt/presentation.xml" in names:
            return "pptx"
    if "mimetype" in names and "content.xml" in names:
        mimetype = archive.read("mimetype")[:100].decode("ascii", "replace").strip()
        return _ODF_KINDS.get(mimetype)
    return None


def read_office(archive: zipfile.ZipFile, kind: str, location: str, ctx) -> Iterator[Chunk]:
    if kind == "docx":
        parts = sorted((n for n in archive.namelist() if _WORD_PARTS.match(n)), key=_word_order)
        yield from chunks_of(_ooxml_text(archive, parts, W, _WORD_BREAKS), location)
    elif kind == "pptx":
        parts = sorted((n for n in archive.namelist() if _SLIDE_PARTS.match(n)), key=_slide_order)
        yield from chunks_of(_ooxml_text(archive, parts, A, _SLIDE_BREAKS), location)
    elif kind in ("odt", "odp"):
        parts = [n for n in ("content.xml", "styles.xml") if n in archive.namelist()]
        yield from chunks_of(_odf_text(archive, parts), location)
    else:  # xlsx, ods: calamine reads them from the archive's file
        archive.fp.seek(0)
        yield from read_workbook(archive.fp, location)


def _word_order(part: str) -> tuple:
    return (0 if part.endswith("document.xml") else 1, part)


def _slide_order(part: str) -> tuple:
    match = _SLIDE_PARTS.match(part)
    return (int(match.group(2)), match.group(1))


_WORD_BREAKS = {"p": "\n", "tc": "\t", "tr": "\n", "br": "\n", "cr": "\n", "tab": "\t"}
_SLIDE_BREAKS = {"p": "\n", "br": "\n", "tc": "\t", "tr": "\n"}


def _ooxml_text(archive: zipfile.ZipFile, parts: Iterable[str], ns: str, breaks: dict) -> Iterator[str]:
    """Text runs in document order; paragraph, cell and line ends become newlines and tabs."""
    text_tags = {f"{ns}t", f"{ns}delText", f"{ns}instrText"}
    break_tags = {f"{ns}{local}": value for local, value in breaks.items()}
    for part in parts:
        with archive.open(part) as xml:
            for _, element in iterparse(xml, events=("end",)):
                tag = element.tag
                if tag in text_tags:
                    if element.text:
                        yield element.text
                elif tag in break_tags:
                    yield break_tags[tag]
                    if tag.endswith("}p"):
                        element.clear()  # memory stays bounded on long documents
        yield "\n"


def _odf_text(archive: zipfile.ZipFile, parts: Iterable[str]) -> Iterator[str]:
    paragraph_tags = {f"{TEXT_NS}p", f"{TEXT_NS}h"}
    for part in parts:
        with archive.open(part) as xml:
            for _, element in iterparse(xml, events=("end",)):
                if element.tag in paragraph_tags:
                    yield "".join(_odf_inline(element)) + "\n"
                    element.clear()
                elif element.tag.endswith("}table-cell"):
                    yield "\t"
        yield "\n"


def _odf_inline(element) -> Iterator[str]:
    """A paragraph's text with ODF's space, tab and line-break elements expanded."""
    if element.text:
        yield element.text
    for child in element:
        local = child.tag.rpartition("}")[2]
        if local == "s":
            yield " " * int(child.get(f"{TEXT_NS}c", "1") or 1)
        elif local == "tab":
            yield "\t"
        elif local == "line-break":
            yield "\n"
        else:
            yield from _odf_inline(child)
        if child.tail:
            yield child.tail


def read_rtf(stream: IO[bytes], location: str, name: str, ctx) -> Iterator[Chunk]:
    from striprtf.striprtf import rtf_to_text

    raw = read_bounded(stream, ctx.limits.max_member_bytes, "RTF document")
    # RTF is 7-bit; \'xx escapes are bytes in the document's code page (cp1257 for Estonian š, ž).
    code_page = _ANSI_CODE_PAGE.search(raw[:4096])
    encoding = f"cp{int(code_page.group(1))}" if code_page else "cp1252"
    try:
        "".encode(encoding)
    except LookupError:
        encoding = "cp1252"
    text = rtf_to_text(raw.decode("latin-1"), encoding=encoding, errors="replace")
    yield from chunks_of([text], location)


_ANSI_CODE_PAGE = re.compile(rb"\\ansicpg(\d{3,5})")


def read_workbook(stream: IO[bytes], location: str) -> Iterator[Chunk]:
    """Every sheet of a workbook (.xlsx, .xlsm, .xlsb, .ods, .xls); location `book.xlsx!Sheet`."""
    from python_calamine import CalamineWorkbook

    workbook = CalamineWorkbook.from_filelike(stream)
    try:
        for sheet_name in workbook.sheet_names:
            sheet = workbook.get_sheet_by_name(sheet_name)
            yield from sheet_chunks(sheet.iter_rows(), f"{location}!{sheet_name}")
    finally:
        workbook.close()


def cell_text(value) -> str:
    """A cell's value as text (sheet_chunks() strips string cells, most of them, without calling this)."""
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e16:
        return str(int(value))  # an isikukood typed as a number must read as 11 digits
    if isinstance(value, (datetime, date, time)):
        return value.isoformat()
    if isinstance(value, timedelta):
        return str(value)
    return str(value).strip()


def sheet_chunks(rows: Iterable[list], location: str) -> Iterator[Chunk]:
    """One chunk stream per column, each chunk carrying its column header as context.

    The header is the first row with any text. Columns are buffered up to a few
    KB each (a chunk ends with the cell that takes its column past CELL_CHUNK_CHARS)
    and flushed together, in the order they started filling, when the sheet's
    buffer grows past SHEET_BUFFER_CHARS.
    """
    headers: list[str] | None = None
    waiting: list[list[str]] = []  # per column, its cells since its last chunk
    sizes: list[int] = []  # per column, their characters with a newline each: 0 when none waits
    filling: dict[int, None] = {}  # the columns with cells waiting, in the order they started
    buffered = 0
    offset = 0

    def flush(column: int) -> Chunk:
        nonlocal buffered, offset
        text = "\n".join(waiting[column])
        waiting[column] = []
        buffered -= sizes[column]
        sizes[column] = 0
        del filling[column]
        header = headers[column] if headers and column < len(headers) else ""
        chunk = Chunk(text=text, location=location, offset=offset, context=(header,) if header else ())
        offset += len(text) + 1
        return chunk

    for row in rows:
        cells = [value.strip() if type(value) is str else cell_text(value) for value in row]  # no call per string
        if headers is None:
            if any(cells):
                headers = cells
                yield Chunk(text="\t".join(cells), location=location, offset=offset)
                offset += sum(map(len, cells)) + len(cells)
            continue
        if len(cells) > len(sizes):  # a wider row than any before
            waiting.extend([] for _ in range(len(cells) - len(sizes)))
            sizes.extend([0] * (len(cells) - len(sizes)))
        for column, text in enumerate(cells):
            if not text:
                continue
            size = sizes[column]
            if not size:
                filling[column] = None
            size += len(text) + 1
            sizes[column] = size
            waiting[column].append(text)
            buffered += len(text) + 1
            if size >= CELL_CHUNK_CHARS:
                yield flush(column)
        if buffered > SHEET_BUFFER_CHARS:
            for column in list(filling):
                yield flush(column)
    for column in list(filling):
        yield flush(column)
