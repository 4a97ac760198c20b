"""The state store's tables: scans, items, findings, their keyed fingerprints, and review marks."""
from __future__ import annotations

from datetime import datetime
from typing import Optional

from sqlalchemy import JSON, Boolean, DateTime, Float, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Scan(Base):
    __tablename__ = "scans"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    started: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    finished: Mapped[Optional[datetime]] = mapped_column(DateTime(timezone=True))
    status: Mapped[str] = mapped_column(String(16), default="running")  # running | complete | interrupted
    targets: Mapped[str] = mapped_column(Text, default="")  # display forms: never a password
    incremental: Mapped[bool] = mapped_column(Boolean, default=False)
    key_id: Mapped[str] = mapped_column(String(32), default="")  # which fingerprint key (not the key)
    items_read: Mapped[int] = mapped_column(Integer, default=0)
    items_carried: Mapped[int] = mapped_column(Integer, default=0)


class ItemRecord(Base):
    """One item as one scan saw it; `version` decides whether the next incremental scan reads it."""

    __tablename__ = "items"
    __table_args__ = (Index("ix_items_scan_location", "scan_id", "location"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    scan_id: Mapped[int] = mapped_column(ForeignKey("scans.id", ondelete="CASCADE"))
    source: Mapped[str] = mapped_column(Text)
    source_type: Mapped[str] = mapped_column(String(16))
    location: Mapped[str] = mapped_column(Text)
    version: Mapped[Optional[str]] = mapped_column(Text)
    size: Mapped[Optional[int]] = mapped_column(Integer)
    modified: Mapped[Optional[datetime]] = mapped_column(DateTime(timezone=True))
    created: Mapped[Optional[datetime]] = mapped_column(DateTime(timezone=True))
    content_hash: Mapped[Optional[str]] = mapped_column(String(64))  # when a source offers one cheaply
    complete: Mapped[bool] = mapped_column(Boolean, default=True)  # read without errors
    carried: Mapped[bool] = mapped_column(Boolean, default=False)  # not read: unchanged since the last scan


class FindingRecord(Base):
    """One inventory row (location × entity type) of one scan: masked sample and rule mapping, no raw value."""

    __tablename__ = "findings"
    __table_args__ = (
        Index("ix_findings_scan_key", "scan_id", "location", "entity_type"),
        Index("ix_findings_scan_item", "scan_id", "item_location"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    scan_id: Mapped[int] = mapped_column(ForeignKey("scans.id", ondelete="CASCADE"))
    item_location: Mapped[str] = mapped_column(Text)  # the item it came from (an archive for its members)
    source: Mapped[str] = mapped_column(Text)
    source_type: Mapped[str] = mapped_column(String(16))
    location: Mapped[str] = mapped_column(Text)
    entity_type: Mapped[str] = mapped_column(String(64))
    count: Mapped[int] = mapped_column(Integer, default=0)
    max_score: Mapped[float] = mapped_column(Float, default=0.0)
    sample: Mapped[str] = mapped_column(Text, default="")
    evidence: Mapped[str] = mapped_column(String(16), default="content")
    item_modified: Mapped[Optional[datetime]] = mapped_column(DateTime(timezone=True))
    item_created: Mapped[Optional[datetime]] = mapped_column(DateTime(timezone=True))
    owner: Mapped[Optional[str]] = mapped_column(Text)
    rule_id: Mapped[str] = mapped_column(Text, default="UNMAPPED")
    data_category: Mapped[str] = mapped_column(Text, default="")
    purpose: Mapped[str] = mapped_column(Text, default="")
    legal_basis: Mapped[str] = mapped_column(Text, default="")
    retention: Mapped[str] = mapped_column(Text, default="")
    retention_status: Mapped[str] = mapped_column(String(16), default="unknown")
    retention_until: Mapped[Optional[datetime]] = mapped_column(DateTime(timezone=True))
    extra: Mapped[dict] = mapped_column(JSON, default=dict)
    values_digest: Mapped[str] = mapped_column(String(64), default="")  # of the sorted fingerprints: diff without loading them


class Fingerprint(Base):
    """A keyed hash (HMAC) of one value at one finding: how a subject-access search finds a person."""

    __tablename__ = "fingerprints"
    __table_args__ = (Index("ix_fingerprints_value", "fingerprint", "scan_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    finding_id: Mapped[int] = mapped_column(ForeignKey("findings.id", ondelete="CASCADE"), index=True)
    scan_id: Mapped[int] = mapped_column(Integer)  # denormalised: search the latest scan without a join
    entity_type: Mapped[str] = mapped_column(String(64))
    fingerprint: Mapped[str] = mapped_column(String(64))


class Review(Base):
    """A DPO's mark on a row, kept across scans: confirmed, false_positive or remediated."""

    __tablename__ = "reviews"
    __table_args__ = (Index("ix_reviews_key", "source", "location", "entity_type", unique=True),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source: Mapped[str] = mapped_column(Text)
    location: Mapped[str] = mapped_column(Text)
    entity_type: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16))
    note: Mapped[str] = mapped_column(Text, default="")
    reviewed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    fingerprints: Mapped[list] = mapped_column(JSON, default=list)  # the values the mark was given for
