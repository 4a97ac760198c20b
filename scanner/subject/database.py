"""The live half of a subject search: the subject's rows in database columns the inventory knows, by primary key.

Scans read a sample of each table, so the hash index cannot hold every row.
For each column the latest scan found (by content or by its name) to hold
an entity type the subject was searched by, one read-only, parameterised
query per table asks for the rows whose cell, separators stripped and
lower-cased, equals a written form of a searched value; free-text columns
also match on containment, and such candidates count only when the scan's
own detector finds the value in the cell (same normalisation, same hash).
Only primary keys and yes/no flags leave the database, plus the cells of
candidate rows, which are checked in memory and never kept.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Optional

from sqlalchemy import String, and_, case, cast, column, func, inspect, literal, null, or_, select, table
from sqlalchemy.engine import Connection

from scanner.models import InventoryRow, ScanError
from scanner.sources.database import DatabaseSource, begin_readonly, readonly_engine
from scanner.sources.db_columns import ARRAYLIKE, JSONLIKE, NUMBER, TEXT
from scanner.sources.db_reflect import safe_reason
from scanner.sources.db_rows import TableSpec
from scanner.subject.identifiers import SEPARATORS, Identifier, Subject

MAX_ROWS = 10_000  # rows listed per table; more is reported as an error row saying so
SEARCHED_KINDS = (TEXT, JSONLIKE, ARRAYLIKE, NUMBER)
FREE_TEXT_KINDS = (TEXT, JSONLIKE, ARRAYLIKE)
ROW_ID = {"postgresql": "ctid", "sqlite": "rowid"}  # a row's address where a table has no primary key


@dataclass
class RowMatch:
    """One table row holding one of the subject's values in one column."""

    identifier: Identifier
    column_row: InventoryRow  # the column's inventory row: its rule applies to the row
    primary_key: str  # "id=4711", "kliendi_id=3; rea_nr=2"
    match: str  # exact | contains
    name_match: str = ""  # yes | no | "" (no name given, or no name column in the table)


@dataclass
class SearchedColumn:
    name: str
    kind: str
    rows: list[InventoryRow]
    identifiers: list[Identifier] = field(default_factory=list)


# Checks a free-text cell: the fingerprints the scan's detector finds in it.
CellCheck = Callable[[str, str], set[str]]


def search_database(source: DatabaseSource, subject: Subject, columns: list[InventoryRow], names: list[InventoryRow],
                    key: bytes, cell_check: CellCheck,
                    report_error: Callable[[ScanError], None]) -> tuple[list[RowMatch], set[str]]:
    """The subject's rows in the `columns` (inventory rows of this source) of one database, and the column
    locations that were searched (a table that could not be searched keeps its hash-index findings)."""
    secrets = [source.link.password, *subject.secrets()]
    wanted = {row.location for row in columns}
    name_locations = {row.location for row in names}
    matches: list[RowMatch] = []
    searched: set[str] = set()
    specs = [s for s in source.tables(report_error) if any(f"{s.location}.{c.name}" in wanted for c in s.columns)]
    if not specs:
        return matches, searched
    engine = readonly_engine(source.link.url, source.settings)
    try:
        with engine.connect() as connection:
            connection = begin_readonly(connection)
            for spec in specs:
                columns_here = _searched_columns(spec, columns, subject)
                name_columns = [c.name for c in spec.columns if f"{spec.location}.{c.name}" in name_locations]
                try:
                    matches += _search_table(connection, spec, columns_here, name_columns, subject, key, cell_check,
                                             report_error)
                    searched |= {f"{spec.location}.{c.name}" for c in columns_here}
                except Exception as exc:  # no SELECT right, a timeout: the DPO must know this table was not searched
                    connection.rollback()
                    report_error(ScanError(spec.location, "subject", safe_reason(exc, secrets)))
    except Exception as exc:
        report_error(ScanError(source.name, "connect", safe_reason(exc, secrets)))
    finally:
        engine.dispose()
    return matches, searched


def _searched_columns(spec: TableSpec, columns: list[InventoryRow], subject: Subject) -> list[SearchedColumn]:
    found = []
    for column_spec in spec.columns:
        location = f"{spec.location}.{column_spec.name}"
        rows = [r for r in columns if r.location == location]
        identifiers = [i for i in subject.identifiers if any(r.entity_type == i.entity_type for r in rows)]
        if rows and identifiers and column_spec.kind in SEARCHED_KINDS:
            found.append(SearchedColumn(column_spec.name, column_spec.kind, rows, identifiers))
    return found


def cell_text(expression, identifier: Identifier):
    """The cell as the written forms are: lower-case text, separators stripped (e-mail only trimmed)."""
    text = func.lower(cast(expression, String))
    if identifier.entity_type == "EMAIL_ADDRESS":
        return func.trim(text)
    for separator in SEPARATORS:
        text = func.replace(text, separator, "")
    return text


def _like_escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def primary_key(connection: Connection, spec: TableSpec) -> list:
    """(name, column) of the key that names a row: the primary key, else the row's address where there is one."""
    if spec.is_view:
        return []
    keys = inspect(connection).get_pk_constraint(spec.name, schema=spec.schema).get("constrained_columns") or []
    if keys:
        return [(name, column(name)) for name in keys]
    address = ROW_ID.get(connection.dialect.name)
    return [(address, column(address))] if address else []


def _search_table(connection: Connection, spec: TableSpec, searched: list[SearchedColumn], name_columns: list[str],
                  subject: Subject, key: bytes, cell_check: CellCheck,
                  report_error: Callable[[ScanError], None]) -> list[RowMatch]:
    if not searched:
        return []
    keys = primary_key(connection, spec)
    source = table(spec.name, schema=spec.schema)
    selected = [cast(expr, String).label(f"k{i}") for i, (_, expr) in enumerate(keys)] or [literal("").label("k0")]
    conditions, probes = [], []
    for c in searched:
        for identifier in c.identifiers:
            expression = cell_text(column(c.name), identifier)
            exact = expression.in_(list(identifier.written_forms()))
            contains = or_(*[expression.like(f"%{_like_escape(f)}%", escape="\\") for f in identifier.written_forms()])
            free_text = c.kind in FREE_TEXT_KINDS
            conditions.append(or_(exact, contains) if free_text else exact)
            selected.append(case((exact, literal(1)), else_=literal(0)).label(f"e{len(probes)}"))
            selected.append(case((and_(contains, ~exact), cast(column(c.name), String)), else_=null()).label(
                f"t{len(probes)}") if free_text else null().label(f"t{len(probes)}"))
            probes.append((c, identifier))
    selected += [cast(column(n), String).label(f"n{i}") for i, n in enumerate(name_columns)]
    query = select(*selected).select_from(source).where(or_(*conditions)).limit(MAX_ROWS + 1)
    rows = connection.execute(query).mappings().all()
    if len(rows) > MAX_ROWS:
        report_error(ScanError(spec.location, "subject", f"more than {MAX_ROWS} rows hold the subject's values: "
                                                         f"the first {MAX_ROWS} are listed"))
        rows = rows[:MAX_ROWS]
    matches = []
    for row in rows:
        label = _key_text(keys, row, subject)
        names = [row[f"n{i}"] for i in range(len(name_columns))]
        for index, (c, identifier) in enumerate(probes):
            if row[f"e{index}"]:
                how = "exact"
            elif row[f"t{index}"] is not None and identifier.fingerprint(key) in cell_check(row[f"t{index}"], c.name):
                how = "contains"
            else:
                continue
            for column_row in c.rows:
                if column_row.entity_type == identifier.entity_type:
                    matches.append(RowMatch(identifier, column_row, label, how, name_match(subject.name, names)))
    return matches


def _key_text(keys: list, row, subject: Subject) -> str:
    if not keys:
        return "(no primary key)"
    parts = []
    for index, (name, _) in enumerate(keys):
        value = "" if row[f"k{index}"] is None else str(row[f"k{index}"])
        # A key that is itself one of the subject's values (a table keyed by isikukood) is shown masked.
        for identifier in subject.identifiers:
            if value and value.lower().replace(" ", "") in identifier.written_forms():
                value = identifier.masked
        parts.append(f"{name}={value}")
    return "; ".join(parts)


def name_match(name: str, cells: list[Optional[str]]) -> str:
    """yes when the row's name cells and the given name share their words (either holds all of the other's)."""
    if not name:
        return ""
    words = set(" ".join(c for c in cells if c).casefold().split())
    if not words:
        return ""
    given = set(name.casefold().split())
    return "yes" if given <= words or words <= given else "no"
