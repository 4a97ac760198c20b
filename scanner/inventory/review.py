"""The DPO's review marks: read from the `review` column of inventory.csv, kept in the state store, put back on rows."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from scanner.models import InventoryRow
from scanner.state.store import REVIEW_STATUSES, StateStore


@dataclass
class ImportResult:
    recorded: int = 0
    unchanged: int = 0
    problems: list[str] = field(default_factory=list)


def import_reviews(csv_path: Path, store: StateStore, now: datetime) -> ImportResult:
    """Record every non-empty `review` cell; a mark covers the values the latest scan found there."""
    from scanner.inventory.export import read_inventory_csv

    result = ImportResult()
    records = read_inventory_csv(csv_path)
    if records and "review" not in records[0]:
        result.problems.append(f"{csv_path}: no 'review' column: is this a Leidur inventory.csv?")
        return result
    scan = store.latest_scan()
    current = {(r.source, r.location, r.entity_type): r for r in store.findings(scan.id, True)} if scan else {}
    existing = store.reviews()
    for line, record in enumerate(records, start=2):
        status = (record.get("review") or "").strip().lower().replace(" ", "_").replace("-", "_")
        if not status:
            continue
        if status not in REVIEW_STATUSES:
            result.problems.append(f"{csv_path}:{line}: review '{record['review']}' is not one of {', '.join(REVIEW_STATUSES)}")
            continue
        key = (record.get("source", ""), record.get("location", ""), record.get("entity_type", ""))
        note = (record.get("review_note") or "").strip()
        old = existing.get(key)
        if old is not None and old.status == status and old.note == note:
            result.unchanged += 1
            continue
        row = current.get(key)
        store.set_review(*key, status, note, row.fingerprints if row else (), now)
        result.recorded += 1
    return result


def apply_reviews(rows: list[InventoryRow], store: StateStore, scan_started: datetime) -> None:
    """Put each row's mark back; a mark lapses where the row now holds values it was not given for."""
    reviews = store.reviews()
    for row in rows:
        row.extra["review"], row.extra["review_note"] = "", ""
        mark = reviews.get((row.source, row.location, row.entity_type))
        if mark is None:
            continue
        reviewed = set(mark.fingerprints or ())
        new_values = bool(row.fingerprints - reviewed) if reviewed else False
        if mark.status == "false_positive" and new_values:
            # A location once marked a false positive now holds other values: they count again.
            row.extra["review_note"] = "new values since it was marked false_positive; please review again"
            continue
        row.extra["review"], row.extra["review_note"] = mark.status, mark.note
        if mark.status == "remediated" and _aware(mark.reviewed_at) < scan_started:
            row.extra["review_note"] = (mark.note + "; " if mark.note else "") + "still found after it was marked remediated"


def counts(row: InventoryRow) -> bool:
    """Whether a row counts in totals, charts, diffs and alerts: false positives do not."""
    return row.extra.get("review") != "false_positive"


def _aware(moment: datetime) -> datetime:
    from datetime import timezone

    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)
