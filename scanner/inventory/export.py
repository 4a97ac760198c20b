"""inventory.csv, inventory.json and errors.csv, written for spreadsheets and tools, readable by the owner only.

The CSV is for Excel and LibreOffice as Estonian offices set them up: UTF-8 with a
BOM (õ, ä, ö, ü, š, ž intact), semicolons between fields (Excel's list separator
where the decimal mark is a comma, as in Estonia), CRLF rows, quotes only where
needed, and no cell a spreadsheet would run as a formula.
"""
from __future__ import annotations

import csv
import json
import os
import re
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Iterable

from scanner.models import InventoryRow, ScanError

INVENTORY_COLUMNS = [
    "source", "source_type", "location", "entity_type", "count", "max_score", "sample",
    "data_category", "purpose", "legal_basis", "retention", "retention_status", "rule_id",
    "item_modified", "scanned_at", "evidence", "owner",
    "data_use", "retention_until", "review", "review_note",
]
ERROR_COLUMNS = ["location", "stage", "error"]
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "|")


class SpreadsheetDialect(csv.excel):
    delimiter = ";"
    lineterminator = "\r\n"
    quoting = csv.QUOTE_MINIMAL


def prepare_out_dir(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    os.chmod(path, 0o700)
    return path


@contextmanager
def owner_only(path: Path, encoding: str = "utf-8-sig"):
    """Open `path` for writing with mode 0600 from the first byte (no window where others can read)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(fd, 0o600)
    with os.fdopen(fd, "w", encoding=encoding, newline="") as handle:
        yield handle


def _time(value: datetime | None) -> str:
    return value.isoformat(timespec="seconds") if value else ""


_PHONE_SAMPLE = re.compile(r"^\+(?=\d)")


def _cell(value, entity_type: str = "") -> str:
    """Text a spreadsheet shows as it is and never runs: a file named '=HYPERLINK(...)' stays text."""
    text = "" if value is None else str(value)
    if entity_type == "PHONE_NUMBER" and _PHONE_SAMPLE.match(text):
        # '+372 5*** **67' would be read as a formula; '00' is the same international
        # prefix in Estonia, so the sample stays readable without a stray apostrophe.
        return "00" + text[1:]
    if text[:1] in FORMULA_START and not _is_number(text):
        return "'" + text
    return text


def uncell(text: str) -> str:
    """The value behind a guarded cell (for reading a CSV the DPO edited back in)."""
    if text[:1] == "'" and text[1:2] in FORMULA_START:
        return text[1:]
    return text


def _is_number(text: str) -> bool:
    try:
        float(text)
        return True
    except ValueError:
        return False


def inventory_record(row: InventoryRow, scanned_at: datetime) -> dict:
    return {
        "source": row.source,
        "source_type": row.source_type,
        "location": row.location,
        "entity_type": row.entity_type,
        "count": row.count,
        "max_score": f"{row.max_score:.2f}",
        "sample": row.sample,
        "data_category": row.data_category,
        "purpose": row.purpose,
        "legal_basis": row.legal_basis,
        "retention": row.retention,
        "retention_status": row.retention_status,
        "rule_id": row.rule_id,
        "item_modified": _time(row.item_modified),
        "scanned_at": _time(scanned_at),
        "evidence": row.evidence,
        "owner": row.owner or "",
        "retention_until": row.retention_until.date().isoformat() if row.retention_until else "",
        **{k: v for k, v in row.extra.items() if not k.startswith("_")},
    }


def write_inventory_csv(rows: Iterable[InventoryRow], path: Path, scanned_at: datetime) -> None:
    rows = list(rows)
    records = [inventory_record(row, scanned_at) for row in rows]
    extra = sorted({k for r in records for k in r} - set(INVENTORY_COLUMNS))
    with owner_only(path) as handle:
        writer = csv.DictWriter(handle, fieldnames=INVENTORY_COLUMNS + extra, dialect=SpreadsheetDialect, restval="")
        writer.writeheader()
        for row, record in zip(rows, records):
            writer.writerow({k: _cell(v, row.entity_type if k == "sample" else "") for k, v in record.items()})


def write_inventory_json(rows: Iterable[InventoryRow], path: Path, scanned_at: datetime, summary: dict) -> None:
    """For tools: the same rows with typed values; the distinct-value count instead of the hashes."""
    items = []
    for row in rows:
        record = inventory_record(row, scanned_at)
        record.update(count=row.count, max_score=round(row.max_score, 4), distinct_values=len(row.fingerprints))
        items.append(record)
    with owner_only(path, encoding="utf-8") as handle:
        json.dump({"scanned_at": _time(scanned_at), "summary": summary, "rows": items}, handle,
                  ensure_ascii=False, indent=1)
        handle.write("\n")


def write_errors_csv(errors: Iterable[ScanError], path: Path) -> None:
    with owner_only(path) as handle:
        writer = csv.writer(handle, dialect=SpreadsheetDialect)
        writer.writerow(ERROR_COLUMNS)
        for error in errors:
            writer.writerow([_cell(error.location), error.stage, _cell(error.error)])


def read_inventory_csv(path: Path) -> list[dict]:
    """An inventory.csv as saved by Leidur or re-saved by a spreadsheet (';' or ',' and with or without BOM)."""
    raw = Path(path).read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1257")  # Excel's plain "CSV" on an Estonian Windows: the Baltic code page
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") >= first.count(",") else ","
    reader = csv.DictReader(text.splitlines(keepends=True), delimiter=delimiter)
    return [{k: uncell(v or "") for k, v in record.items() if k is not None} for record in reader]
