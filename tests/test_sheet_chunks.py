"""A spreadsheet's column chunks are cut as before the faster loop: same texts, contexts, offsets and order."""
import random
from datetime import date, datetime, time, timedelta

import pytest

from scanner.extractors import office
from scanner.extractors.office import cell_text, sheet_chunks
from scanner.models import Chunk


def reference_sheet_chunks(rows, location, cell_chars, buffer_chars):
    """sheet_chunks() as it was written before (a dict per column, cell_text() on every cell)."""
    headers = None
    columns: dict[int, list[str]] = {}
    sizes: dict[int, int] = {}
    buffered = 0
    offset = 0

    def flush(column):
        nonlocal buffered, offset
        text = "\n".join(columns.pop(column))
        buffered -= sizes.pop(column)
        header = headers[column] if headers and column < len(headers) else ""
        chunk = Chunk(text=text, location=location, offset=offset, context=(header,) if header else ())
        offset += len(text) + 1
        return chunk

    for row in rows:
        cells = [cell_text(value) for value in row]
        if headers is None:
            if any(cells):
                headers = cells
                yield Chunk(text="\t".join(cells), location=location, offset=offset)
                offset += sum(map(len, cells)) + len(cells)
            continue
        for column, text in enumerate(cells):
            if not text:
                continue
            columns.setdefault(column, []).append(text)
            sizes[column] = sizes.get(column, 0) + len(text) + 1
            buffered += len(text) + 1
            if sizes[column] >= cell_chars:
                yield flush(column)
        if buffered > buffer_chars:
            for column in list(columns):
                yield flush(column)
    for column in list(columns):
        yield flush(column)


def random_value(rng: random.Random):
    kind = rng.randrange(12)
    if kind < 4:
        return rng.choice(["", " ", "  Mari Tamm ", "49403136526", "x" * rng.randrange(1, 400), "Toode\n2",
                           "mari@example.ee", " \t", "õun ja pirn"])
    if kind < 6:
        return None
    if kind == 6:
        return rng.choice([True, False])
    if kind == 7:
        return rng.choice([49403136526.0, 12.5, -3.0, 1e17, 0.0, float(rng.randrange(10**12))])
    if kind == 8:
        return rng.randrange(-10**6, 10**12)
    if kind == 9:
        return rng.choice([date(2025, 3, 1), datetime(2025, 3, 1, 12, 30), time(8, 15)])
    if kind == 10:
        return timedelta(hours=rng.randrange(100), seconds=rng.randrange(60))
    return rng.choice(["Nimi", "Isikukood", "e-post"]) * rng.randrange(0, 3)


def random_sheet(rng: random.Random) -> list[list]:
    """Rows of mixed cells; some sheets ragged (rows of different widths), some with empty rows first."""
    width = rng.randrange(1, 9)
    ragged = rng.random() < 0.3
    rows = [[None] * width for _ in range(rng.randrange(0, 3))]  # empty rows before the header
    for _ in range(rng.randrange(0, 1200)):
        cells = width if not ragged else rng.randrange(0, width + 3)
        rows.append([random_value(rng) for _ in range(cells)])
    return rows


def as_tuples(chunks):
    return [(c.text, c.location, c.offset, c.context, c.own_start, c.own_end) for c in chunks]


@pytest.mark.parametrize("cell_chars, buffer_chars", [(2048, 256 * 1024), (8192, 256 * 1024), (64, 1000), (1, 300), (500, 50)])
def test_sheet_chunks_as_before(monkeypatch, cell_chars, buffer_chars):
    monkeypatch.setattr(office, "CELL_CHUNK_CHARS", cell_chars)
    monkeypatch.setattr(office, "SHEET_BUFFER_CHARS", buffer_chars)
    rng = random.Random(cell_chars)
    cut = 0
    for index in range(150):
        rows = random_sheet(rng)
        expected = as_tuples(reference_sheet_chunks(iter(rows), f"book.xlsx!S{index}", cell_chars, buffer_chars))
        assert as_tuples(sheet_chunks(iter(rows), f"book.xlsx!S{index}")) == expected
        unbounded = list(reference_sheet_chunks(iter(rows), "", 10**9, 10**9))
        cut += len(expected) > len(unbounded)  # a bound was reached: a column in more than one chunk
    assert cut > 50  # many sheets had a column cut by a bound, not only at its end
