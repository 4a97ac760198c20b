"""Reading and writing the state store through SQLAlchemy 2.x: one class, plain methods."""
from __future__ import annotations

import hashlib
import hmac
import os
from dataclasses import dataclass
from datetime import datetime, timezone
from operator import itemgetter
from pathlib import Path
from typing import Iterable, Optional

from sqlalchemy import create_engine, delete, event, func, insert, select
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from scanner.extras import missing_library
from scanner.models import InventoryRow, Item
from scanner.state.tables import Base, FindingRecord, Fingerprint, ItemRecord, Review, Scan

REVIEW_STATUSES = ("confirmed", "false_positive", "remediated")
KEEP_SCANS = 10  # older scans are pruned; reviews are kept for ever
_BATCH = 5000
# row.extra key naming the item a row came from (an archive for its members); exports skip "_" keys.
ITEM_KEY = "_item"
DIGEST_KEY = "_values"  # row.extra: values_digest of a row read from the store without its fingerprints


def default_state_url(out_dir: Path) -> str:
    return f"sqlite:///{Path(out_dir).resolve() / 'leidur-state.db'}"


def key_id(key: bytes) -> str:
    """Names the fingerprint key without revealing it: scans with another key cannot be compared."""
    return hmac.new(key, b"leidur key id", hashlib.sha256).hexdigest()[:16]


def _utc(moment: Optional[datetime]) -> Optional[datetime]:
    if moment is None:
        return None
    return moment.replace(tzinfo=timezone.utc) if moment.tzinfo is None else moment


@dataclass
class ScannedItem:
    """An item a scan saw: read now, or carried forward from the previous scan."""

    item: Item
    complete: bool = True
    carried: bool = False


def _owner_only_sqlite(url: str) -> None:
    """Create the SQLite file 0600 before SQLAlchemy opens it: it holds masked samples and hashes."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database or parsed.database == ":memory:":
        return
    path = Path(parsed.database)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    os.fchmod(fd, 0o600)
    os.close(fd)


class StateStoreError(ValueError):
    """The state store cannot be opened; the message holds no password."""


class StateStore:
    def __init__(self, url: str):
        """Open (and create the tables of) the store at a SQLAlchemy URL; ${VAR} comes from the environment."""
        from scanner.targets import interpolate, redact

        self.display = redact(url)
        try:
            url = interpolate(url)
            _owner_only_sqlite(url)
            self.engine: Engine = create_engine(url)
            if self.engine.dialect.name == "sqlite":
                event.listen(self.engine, "connect", _sqlite_pragmas)
            Base.metadata.create_all(self.engine)
        except (SQLAlchemyError, OSError, ImportError, ValueError) as exc:
            reason = getattr(exc, "orig", None) or exc
            first_line = str(reason).strip().splitlines()[0] if str(reason).strip() else type(reason).__name__
            first_line = missing_library(exc) or first_line
            raise StateStoreError(f"cannot open the state store {self.display}: {first_line}") from None

    def close(self) -> None:
        self.engine.dispose()

    # --- scans -------------------------------------------------------------------------------
    def latest_scan(self, complete_only: bool = False, before: Optional[int] = None) -> Optional[Scan]:
        query = select(Scan).order_by(Scan.id.desc()).limit(1)
        if complete_only:
            query = query.where(Scan.status == "complete")
        if before is not None:
            query = query.where(Scan.id < before)
        with Session(self.engine) as session:
            return session.scalars(query).first()

    def scans(self) -> list[Scan]:
        with Session(self.engine) as session:
            return list(session.scalars(select(Scan).order_by(Scan.id)))

    def previous_versions(self, key: bytes) -> dict[tuple[str, str], str]:
        """(source, location) → version of every item the latest scan with this key read completely."""
        scan = self.latest_scan()
        if scan is None or scan.key_id != key_id(key):
            return {}
        query = select(ItemRecord.source, ItemRecord.location, ItemRecord.version).where(
            ItemRecord.scan_id == scan.id, ItemRecord.complete.is_(True), ItemRecord.version.is_not(None))
        with Session(self.engine) as session:
            return {(s, loc): v for s, loc, v in session.execute(query)}

    def carried_rows(self, items: Iterable[Item]) -> list[InventoryRow]:
        """The rows the latest scan holds for these unchanged items, with their fingerprints."""
        scan = self.latest_scan()
        wanted = {(i.source, i.location) for i in items}
        if scan is None or not wanted:
            return []
        rows = []
        locations = sorted({location for _, location in wanted})
        with Session(self.engine) as session:
            for start in range(0, len(locations), 500):
                query = select(FindingRecord).where(FindingRecord.scan_id == scan.id,
                                                    FindingRecord.item_location.in_(locations[start:start + 500]))
                chosen = [r for r in session.scalars(query) if (r.source, r.item_location) in wanted]
                prints = self._fingerprints(session, [r.id for r in chosen])
                for record in chosen:
                    row = record_to_row(record)
                    row.fingerprints = prints.get(record.id, set())
                    rows.append(row)
        return rows

    def _fingerprints(self, session: Session, finding_ids: list[int]) -> dict[int, set[str]]:
        found: dict[int, set[str]] = {}
        for start in range(0, len(finding_ids), 500):
            part = finding_ids[start:start + 500]
            query = select(Fingerprint.finding_id, Fingerprint.fingerprint).where(Fingerprint.finding_id.in_(part))
            for finding_id, value in session.execute(query):
                found.setdefault(finding_id, set()).add(value)
        return found

    def record_scan(self, started: datetime, finished: datetime, status: str, targets: str, incremental: bool,
                    key: bytes, items: list[ScannedItem], rows: list[InventoryRow]) -> int:
        """Store one scan: its items, its rows (mapped by the rulebook) and every fingerprint."""
        with Session(self.engine) as session, session.begin():
            scan = Scan(started=started, finished=finished, status=status, targets=targets, incremental=incremental,
                        key_id=key_id(key), items_read=sum(not i.carried for i in items),
                        items_carried=sum(i.carried for i in items))
            session.add(scan)
            session.flush()
            # Items and fingerprints go in as plain executemany inserts of the tables (the ORM's bulk
            # insert costs about 15 µs a row in Python, and a scan stores a fingerprint per value),
            # the fingerprints in the order of their index, which the database then fills page by page.
            connection = session.connection()
            for start in range(0, len(items), _BATCH):
                connection.execute(insert(ItemRecord.__table__), [_item_values(scan.id, s) for s in items[start:start + _BATCH]])
            scan_id = scan.id
            prints = []
            for start in range(0, len(rows), _BATCH):
                part = rows[start:start + _BATCH]
                records = [FindingRecord(**_row_values(scan_id, row)) for row in part]
                session.add_all(records)
                session.flush()
                for record, row in zip(records, part):
                    finding_id, entity_type = record.id, row.entity_type
                    prints.extend((fp, finding_id, scan_id, entity_type) for fp in row.fingerprints)
            prints.sort(key=itemgetter(0))  # equal values keep their finding order: ids grow with the rows
            _insert_rows(connection, Fingerprint.__table__, ("fingerprint", "finding_id", "scan_id", "entity_type"), prints)
        self.prune()
        return scan_id

    def prune(self, keep: int = KEEP_SCANS) -> None:
        with Session(self.engine) as session, session.begin():
            ids = list(session.scalars(select(Scan.id).order_by(Scan.id.desc()).offset(keep)))
            if not ids:
                return
            for table in (Fingerprint, FindingRecord, ItemRecord):
                session.execute(delete(table).where(table.scan_id.in_(ids)))
            session.execute(delete(Scan).where(Scan.id.in_(ids)))

    def findings(self, scan_id: int, with_fingerprints: bool = False) -> list[InventoryRow]:
        with Session(self.engine) as session:
            records = list(session.scalars(select(FindingRecord).where(FindingRecord.scan_id == scan_id)
                                           .order_by(FindingRecord.source, FindingRecord.location, FindingRecord.entity_type)))
            prints = self._fingerprints(session, [r.id for r in records]) if with_fingerprints else {}
            rows = [record_to_row(r) for r in records]
            for record, row in zip(records, rows):
                row.fingerprints = prints.get(record.id, set())
            return rows

    def find_fingerprint(self, value: str, scan_id: Optional[int] = None) -> list[tuple[str, str, str]]:
        """(source, location, entity type) of every finding holding this keyed hash in a scan (default: latest)."""
        if scan_id is None:
            latest = self.latest_scan()
            if latest is None:
                return []
            scan_id = latest.id
        query = (select(FindingRecord.source, FindingRecord.location, FindingRecord.entity_type)
                 .join(Fingerprint, Fingerprint.finding_id == FindingRecord.id)
                 .where(Fingerprint.fingerprint == value, Fingerprint.scan_id == scan_id))
        with Session(self.engine) as session:
            return [tuple(r) for r in session.execute(query)]

    def count_fingerprints(self) -> int:
        with Session(self.engine) as session:
            return session.scalar(select(func.count()).select_from(Fingerprint)) or 0

    # --- reviews -------------------------------------------------------------------------------
    def reviews(self) -> dict[tuple[str, str, str], Review]:
        with Session(self.engine) as session:
            return {(r.source, r.location, r.entity_type): r for r in session.scalars(select(Review))}

    def set_review(self, source: str, location: str, entity_type: str, status: str, note: str,
                   fingerprints: Iterable[str], when: datetime) -> None:
        if status not in REVIEW_STATUSES:
            raise ValueError(f"review '{status}' is not one of {', '.join(REVIEW_STATUSES)}")
        with Session(self.engine) as session, session.begin():
            review = session.scalars(select(Review).where(
                Review.source == source, Review.location == location, Review.entity_type == entity_type)).first()
            if review is None:
                review = Review(source=source, location=location, entity_type=entity_type)
                session.add(review)
            review.status, review.note, review.reviewed_at = status, note, when
            review.fingerprints = sorted(fingerprints)


def _sqlite_pragmas(connection, _record) -> None:
    cursor = connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")  # safe with WAL: a crash loses at most the last scan, never the file
    cursor.execute("PRAGMA cache_size=-32768")  # 32 MB, at most, for a scan's fingerprint index (2 MB by default)
    cursor.close()


def _insert_rows(connection, table, columns: tuple[str, ...], values: list[tuple]) -> None:
    """INSERT `values` (tuples in the order of `columns`) into `table`, _BATCH rows per executemany.

    On SQLite the driver's executemany takes the tuples as they are (SQLAlchemy's own statement
    processing costs more per row than SQLite's insert); elsewhere SQLAlchemy's insert does.
    """
    if connection.dialect.name == "sqlite":
        sql = f"INSERT INTO {table.name} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
        cursor = connection.connection.cursor()
        try:
            for first in range(0, len(values), _BATCH):
                cursor.executemany(sql, values[first:first + _BATCH])
        finally:
            cursor.close()
        return
    statement = insert(table)
    for first in range(0, len(values), _BATCH):
        connection.execute(statement, [dict(zip(columns, row)) for row in values[first:first + _BATCH]])


def _item_values(scan_id: int, scanned: ScannedItem) -> dict:
    item = scanned.item
    return {"scan_id": scan_id, "source": item.source, "source_type": item.source_type, "location": item.location,
            "version": item.version, "size": item.size, "modified": _utc(item.modified), "created": _utc(item.created),
            "content_hash": item.metadata.get("content_hash"), "complete": scanned.complete, "carried": scanned.carried}


def _row_values(scan_id: int, row: InventoryRow) -> dict:
    return {"scan_id": scan_id, "item_location": row.extra.get(ITEM_KEY, row.location),
            "values_digest": values_digest(row), "source": row.source, "source_type": row.source_type,
            "location": row.location, "entity_type": row.entity_type, "count": row.count, "max_score": row.max_score,
            "sample": row.sample, "evidence": row.evidence, "item_modified": _utc(row.item_modified),
            "item_created": _utc(row.item_created), "owner": row.owner, "rule_id": row.rule_id,
            "data_category": row.data_category, "purpose": row.purpose, "legal_basis": row.legal_basis,
            "retention": row.retention, "retention_status": row.retention_status,
            "retention_until": _utc(row.retention_until),
            "extra": {k: v for k, v in row.extra.items() if not k.startswith("_") and k not in ("review", "review_note")}}


def record_to_row(record: FindingRecord) -> InventoryRow:
    row = InventoryRow(
        source=record.source, source_type=record.source_type, location=record.location,
        entity_type=record.entity_type, count=record.count, max_score=record.max_score, sample=record.sample,
        item_modified=_utc(record.item_modified), item_created=_utc(record.item_created), owner=record.owner,
        evidence=record.evidence, extra=dict(record.extra or {}), rule_id=record.rule_id,
        data_category=record.data_category, purpose=record.purpose, legal_basis=record.legal_basis,
        retention=record.retention, retention_status=record.retention_status,
        retention_until=_utc(record.retention_until))
    row.extra[ITEM_KEY] = record.item_location
    row.extra[DIGEST_KEY] = record.values_digest
    return row


def values_digest(row: InventoryRow) -> str:
    """One hash for a row's set of values: two scans' rows hold the same values when these agree."""
    if not row.fingerprints and row.extra.get(DIGEST_KEY):
        return row.extra[DIGEST_KEY]
    return hashlib.sha256("\n".join(sorted(row.fingerprints)).encode("ascii")).hexdigest()[:32]
