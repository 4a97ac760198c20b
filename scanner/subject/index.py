"""The hash half of a subject search: where the latest scan saw the subject's keyed fingerprints."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from scanner.models import InventoryRow
from scanner.state.store import ITEM_KEY, StateStore, key_id, record_to_row
from scanner.state.tables import FindingRecord, Fingerprint, Scan
from scanner.subject.identifiers import NAME_TYPE, Identifier, SubjectError, name_forms
from scanner.detect.values import fingerprint


@dataclass
class IndexHit:
    """A finding (location × entity type) of the scan that holds one of the subject's values."""

    identifier: Identifier
    row: InventoryRow  # the inventory row: rule mapping, item, times; its sample is NOT the subject's


def latest_scan(store: StateStore, key: bytes) -> Scan:
    scan = store.latest_scan()
    if scan is None:
        raise SubjectError(f"the state store {store.display} holds no scan yet: run `leidur scan` first")
    if scan.key_id and scan.key_id != key_id(key):
        raise SubjectError("the fingerprint key is not the one the latest scan used (LEIDUR_KEY or the key file): "
                           "its hashes cannot match; search with the scan's key")
    return scan


def find_hits(store: StateStore, scan_id: int, key: bytes, identifiers: Iterable[Identifier]) -> list[IndexHit]:
    """Every finding of the scan holding a fingerprint of one of the identifiers (an indexed look-up per value)."""
    hits = []
    with Session(store.engine) as session:
        for identifier in identifiers:
            query = (select(FindingRecord).join(Fingerprint, Fingerprint.finding_id == FindingRecord.id)
                     .where(Fingerprint.fingerprint == identifier.fingerprint(key), Fingerprint.scan_id == scan_id)
                     .order_by(FindingRecord.source, FindingRecord.location))
            hits += [IndexHit(identifier, record_to_row(record)) for record in session.scalars(query).unique()]
    return hits


def name_locations(store: StateStore, scan_id: int, key: bytes, name: str) -> set[str]:
    """Locations (and their items) where the scan saw this full name as a PERSON value."""
    if not name:
        return set()
    prints = [fingerprint(key, NAME_TYPE, form) for form in name_forms(name)]
    query = (select(FindingRecord.location, FindingRecord.item_location)
             .join(Fingerprint, Fingerprint.finding_id == FindingRecord.id)
             .where(Fingerprint.fingerprint.in_(prints), Fingerprint.scan_id == scan_id))
    with Session(store.engine) as session:
        return {place for pair in session.execute(query) for place in pair}


def item_of(row: InventoryRow) -> str:
    return row.extra.get(ITEM_KEY, row.location)


def database_rows(store: StateStore, scan_id: int, entity_types: Iterable[str]) -> list[InventoryRow]:
    """The scan's database columns known (by content or by name) to hold one of these entity types."""
    query = (select(FindingRecord).where(FindingRecord.scan_id == scan_id, FindingRecord.source_type == "database",
                                         FindingRecord.entity_type.in_(list(entity_types)))
             .order_by(FindingRecord.source, FindingRecord.location))
    with Session(store.engine) as session:
        return [record_to_row(record) for record in session.scalars(query)]
