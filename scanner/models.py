"""The nouns that flow through a scan: Item, Chunk, Finding, ScanError, InventoryRow."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import IO, Callable, Iterator, Optional, Protocol, runtime_checkable


@dataclass
class Item:
    """One thing a source can hand over: a file, a table, a message.

    A byte item is read through `open()` and turned into text by the extractors.
    A structured item (a database table) yields its chunks itself through
    `iter_chunks()`. Items travel to worker processes, so they must pickle:
    `opener` and `chunker` are picklable callables (module-level functions or
    objects), never lambdas holding sockets.
    """

    location: str
    source: str
    source_type: str
    size: Optional[int] = None
    modified: Optional[datetime] = None
    created: Optional[datetime] = None
    owner: Optional[str] = None
    opener: Optional[Callable[[], IO[bytes]]] = None
    chunker: Optional[Callable[[], Iterator["Chunk"]]] = None
    name_hint: str = ""  # file name used to guess a format when magic bytes say nothing
    # A cheap change token (files: size and mtime; IMAP: UIDVALIDITY and UID). An
    # incremental scan does not read an item whose version is unchanged since the
    # last scan and carries its findings forward. None: always read.
    version: Optional[str] = None
    metadata: dict = field(default_factory=dict)

    def open(self) -> IO[bytes]:
        if self.opener is None:
            raise TypeError(f"{self.source_type} item has no byte stream")
        return self.opener()


@dataclass
class Chunk:
    """A piece of text from one location, small enough to analyse at once.

    `offset` is the character offset of `text` in the location's whole text;
    `context` holds words that describe the text without being part of it (a
    column header such as "Isikukood", an e-mail header name).
    """

    text: str
    location: str
    offset: int = 0
    context: tuple[str, ...] = ()
    # Findings are kept only if they start in [own_start, own_end): chunks of a
    # large text overlap so that no value is cut in two, and each value is
    # reported by exactly one chunk.
    own_start: int = 0
    own_end: Optional[int] = None
    modified: Optional[datetime] = None
    metadata: dict = field(default_factory=dict)


@dataclass(frozen=True, init=False)
class Finding:
    """One detected value. It holds no raw value: only its masked sample and keyed hash."""

    entity_type: str
    start: int
    end: int
    score: float
    sample: str
    fingerprint: str
    recognizer: str = ""

    def __init__(self, entity_type: str, start: int, end: int, score: float, sample: str, fingerprint: str,
                 recognizer: str = ""):
        # What the frozen dataclass's own __init__ does (one object.__setattr__ per field), at half
        # the cost: a dense export makes one Finding per 18 bytes.
        fields = self.__dict__
        fields["entity_type"] = entity_type
        fields["start"] = start
        fields["end"] = end
        fields["score"] = score
        fields["sample"] = sample
        fields["fingerprint"] = fingerprint
        fields["recognizer"] = recognizer


@dataclass(frozen=True)
class ScanError:
    """Something that could not be read, where, at which stage, and why."""

    location: str
    stage: str  # connect, list, open, extract, detect, ...
    error: str


@dataclass
class InventoryRow:
    """One (location, entity type) aggregate: what the DPO reads in inventory.csv."""

    source: str
    source_type: str
    location: str
    entity_type: str
    count: int = 0
    max_score: float = 0.0
    sample: str = ""
    item_modified: Optional[datetime] = None
    item_created: Optional[datetime] = None
    owner: Optional[str] = None
    evidence: str = "content"  # content | schema (a column name that suggests the type)
    fingerprints: set[str] = field(default_factory=set)
    extra: dict = field(default_factory=dict)
    # Filled by the rulebook:
    rule_id: str = "UNMAPPED"
    data_category: str = ""
    purpose: str = ""
    legal_basis: str = ""
    retention: str = ""
    retention_status: str = "unknown"
    retention_until: Optional[datetime] = None


@runtime_checkable
class Source(Protocol):
    """Knows where things live and how to read them; nothing about personal data."""

    name: str
    source_type: str

    def items(self, report_error: Callable[[ScanError], None]) -> Iterator[Item]:
        ...
