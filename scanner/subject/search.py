"""A subject-access search: hash look-ups in the state store, live look-ups in the databases, one list of places."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable, Optional

from scanner.models import InventoryRow, ScanError
from scanner.subject.database import RowMatch, search_database
from scanner.subject.identifiers import NAME_TYPE, Identifier, Subject, SubjectError
from scanner.subject.index import IndexHit, database_rows, find_hits, item_of, latest_scan, name_locations
from scanner.targets import Target

MAIL_TYPES = ("mailbox", "imap", "mbox", "maildir")


@dataclass
class SubjectRequest:
    subject: Subject
    state: str  # SQLAlchemy URL of the state store the scans wrote
    targets: list[Target] = field(default_factory=list)  # for live database look-ups (credentials come from here)
    rules_dirs: list[str] = field(default_factory=list)
    name_must_match: bool = False  # drop places where the given name is known not to match


@dataclass
class Place:
    """One place holding one of the subject's identifiers: a line of subject.csv. Holds no raw value."""

    identifier: Identifier
    kind: str  # file | archive member | message | attachment | table row | table column
    row: InventoryRow  # the inventory row there, mapped by the rulebook (its sample and count are not shown)
    primary_key: str = ""
    match: str = "hash"  # hash (the scan saw the value) | exact | contains (live database look-up)
    name_match: str = ""


@dataclass
class SubjectResult:
    places: list[Place]
    errors: list[ScanError]
    scan_id: int
    scanned_at: Optional[datetime]
    searched_at: datetime
    identifiers: list[Identifier]
    name_given: bool
    databases_searched: list[str]
    databases_not_searched: list[str]  # in the inventory, but no target with credentials was given


def place_kind(row: InventoryRow) -> str:
    nested = "!" in row.location
    if row.source_type == "database":
        return "table column"
    if row.source_type in MAIL_TYPES:
        return "attachment" if nested else "message"
    return "archive member" if nested else "file"


def search_subject(request: SubjectRequest, key: Optional[bytes] = None,
                   cell_check: Optional[Callable[[str, str], set[str]]] = None) -> SubjectResult:
    """Where the subject's identifiers are: the library call behind `leidur subject`."""
    from scanner.detect.keys import load_key
    from scanner.rulebook import Rulebook
    from scanner.state import StateStore

    key = key or load_key()
    book = Rulebook.for_scan([Path(d) for d in request.rules_dirs])
    subject = request.subject
    store = StateStore(request.state)
    errors: list[ScanError] = []
    try:
        scan = latest_scan(store, key)
        hits = find_hits(store, scan.id, key, subject.identifiers)
        named = name_locations(store, scan.id, key, subject.name)
        types = {i.entity_type for i in subject.identifiers}
        columns = database_rows(store, scan.id, types)
        name_columns = database_rows(store, scan.id, [NAME_TYPE]) if subject.name else []
    finally:
        store.close()
    searched, rows = _live(request, columns, name_columns, key, cell_check or _detector_check(key, request.rules_dirs),
                           errors.append)
    # A database column searched row by row lists its rows; its hash findings would only repeat them.
    places = [_hit_place(hit, subject.name, named) for hit in hits if (hit.row.source, hit.row.location) not in searched]
    places += [Place(m.identifier, "table row", m.column_row, m.primary_key, m.match, m.name_match) for m in rows]
    now = datetime.now(timezone.utc)
    book.apply([p.row for p in places], now)
    if request.name_must_match:
        places = [p for p in places if p.name_match != "no"]
    places.sort(key=lambda p: (p.row.source, p.row.location, p.primary_key, p.identifier.entity_type))
    in_inventory = sorted({r.source for r in columns} | {h.row.source for h in hits if h.row.source_type == "database"})
    databases = sorted({source for source, _ in searched})
    return SubjectResult(places, errors, scan.id, scan.started, now, subject.identifiers, bool(subject.name),
                         databases, [s for s in in_inventory if s not in databases])


def _hit_place(hit: IndexHit, name: str, named: set[str]) -> Place:
    match = ""
    if name:
        match = "yes" if hit.row.location in named or item_of(hit.row) in named else ""
    return Place(hit.identifier, place_kind(hit.row), hit.row, name_match=match)


def _live(request: SubjectRequest, columns: list[InventoryRow], name_columns: list[InventoryRow], key: bytes,
          cell_check, report_error) -> tuple[set[tuple[str, str]], list[RowMatch]]:
    """Look up every database target the request names whose columns the inventory knows;
    (source, column location) of every column searched, and the rows found."""
    from scanner.sources.database import DatabaseSource

    searched: set[tuple[str, str]] = set()
    matches: list[RowMatch] = []
    for target in request.targets:
        if target.kind != "database":
            continue
        source = DatabaseSource.from_target(target, None)
        mine = [r for r in columns if same_source(r.source, source.name)]
        if not mine:
            continue
        names = [r for r in name_columns if same_source(r.source, source.name)]
        found, locations = search_database(source, request.subject, mine, names, key, cell_check, report_error)
        matches += found
        searched |= {(r.source, r.location) for r in mine if r.location in locations}
    return searched, matches


def same_source(scanned: str, given: str) -> bool:
    """The scan's source and a target given now name one database (Leidur's own URL settings aside)."""
    from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

    def base(display: str) -> str:
        parts = urlsplit(display)
        query = urlencode([(k, v) for k, v in parse_qsl(parts.query) if not k.startswith("leidur_")])
        return urlunsplit(parts._replace(query=query))

    return base(scanned) == base(given)


def _detector_check(key: bytes, rules_dirs: list[str]) -> Callable[[str, str], set[str]]:
    """The scan's own detector, built on first use: which fingerprints a free-text cell holds."""
    detector = None

    def check(text: str, column_name: str) -> set[str]:
        nonlocal detector
        from scanner.detect.detector import Detector, DetectorSettings
        from scanner.models import Chunk
        from scanner.sources.db_columns import context_words

        if detector is None:
            detector = Detector.from_settings(DetectorSettings(key=key, rules_dirs=list(rules_dirs)))
        chunk = Chunk(text=text, location=column_name, context=context_words(column_name))
        return {finding.fingerprint for finding in detector.detect(chunk)}

    return check


__all__ = ["Place", "SubjectError", "SubjectRequest", "SubjectResult", "place_kind", "search_subject"]
