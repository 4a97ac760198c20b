"""inventory.csv and errors.csv, written for spreadsheets and readable by the owner only."""
from __future__ import annotations

import csv
import os
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Iterable

from scanner.models import InventoryRow, ScanError

INVENTORY_COLUMNS = [
    "source", "source_type", "location", "entity_type", "count", "max_score", "sample",
    "data_category", "purpose", "legal_basis", "retention", "retention_status", "rule_id",
    "item_modified", "scanned_at", "evidence", "owner",
]
ERROR_COLUMNS = ["location", "stage", "error"]


def prepare_out_dir(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    os.chmod(path, 0o700)
    return path


@contextmanager
def owner_only(path: Path):
    """Open `path` for writing with mode 0600 from the first byte (no window where others can read)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(fd, 0o600)
    # UTF-8 with a BOM so Excel shows õ, ä, ö, ü, š, ž; CRLF rows as RFC 4180 wants.
    with os.fdopen(fd, "w", encoding="utf-8-sig", newline="") as handle:
        yield handle


def _time(value: datetime | None) -> str:
    return value.isoformat(timespec="seconds") if value else ""


def _cell(value) -> str:
    """Guard against formula injection: a file name like '=HYPERLINK(...)' must stay text."""
    text = "" if value is None else str(value)
    if text[:1] in ("=", "+", "-", "@", "\t", "\r") and not _is_number(text):
        return "'" + text
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
        **{k: v for k, v in row.extra.items()},
    }


def write_inventory_csv(rows: Iterable[InventoryRow], path: Path, scanned_at: datetime) -> None:
    records = [inventory_record(row, scanned_at) for row in rows]
    extra = sorted({k for r in records for k in r} - set(INVENTORY_COLUMNS))
    with owner_only(path) as handle:
        writer = csv.DictWriter(handle, fieldnames=INVENTORY_COLUMNS + extra, lineterminator="\r\n")
        writer.writeheader()
        for record in records:
            writer.writerow({k: _cell(v) for k, v in record.items()})


def write_errors_csv(errors: Iterable[ScanError], path: Path) -> None:
    with owner_only(path) as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow(ERROR_COLUMNS)
        for error in errors:
            writer.writerow([_cell(error.location), error.stage, _cell(error.error)])
