"""Reflect what a database holds (schemas, tables, views, columns) into picklable TableSpecs."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Iterable, Optional

from sqlalchemy import inspect
from sqlalchemy.engine import Connection
from sqlalchemy.engine.reflection import Inspector
from sqlalchemy.types import Date, DateTime, Integer

from scanner.models import ScanError
from scanner.targets import redact
from scanner.sources.db_columns import BINARY, SKIP, column_kind, name_evidence
from scanner.sources.db_rows import ColumnSpec, TableSpec

SYSTEM_SCHEMAS = {
    "information_schema", "pg_catalog", "pg_toast", "mysql", "performance_schema", "sys",
    "INFORMATION_SCHEMA", "guest", "db_owner", "db_accessadmin", "db_securityadmin", "db_ddladmin",
    "db_backupoperator", "db_datareader", "db_datawriter", "db_denydatareader", "db_denydatawriter",
}


@dataclass(frozen=True)
class ReflectOptions:
    views: bool = False
    binary: bool = False
    schemas: tuple[str, ...] = ()


def schemas_to_scan(inspector: Inspector, dialect: str, database: Optional[str], wanted: tuple[str, ...]) -> list:
    if dialect == "sqlite":
        return [None]  # the file's main schema; locations name the file instead
    if wanted:
        return list(wanted)
    if dialect in ("mysql", "mariadb") and database:
        return [database]  # in MySQL a schema is a database: scan the one the URL names
    return [s for s in inspector.get_schema_names() if s not in SYSTEM_SCHEMAS and not s.startswith("pg_")]


def location_prefix(database: Optional[str], schema: Optional[str]) -> str:
    parts = [p for p in (database, schema) if p]
    if len(parts) == 2 and parts[0] == parts[1]:
        parts = parts[:1]  # MySQL: the schema is the database
    return ".".join(parts)


def list_schemas(connection: Connection, database: Optional[str], options: ReflectOptions,
                 report_error: Callable[[ScanError], None], inspector: Optional[Inspector] = None) -> list:
    """The schemas to scan (`[None]` for SQLite); a failure is recorded and gives none."""
    try:
        return schemas_to_scan(inspector or inspect(connection), connection.dialect.name, database, options.schemas)
    except Exception as exc:
        report_error(ScanError(database or "?", "list", f"cannot list schemas: {_reason(exc)}"))
        return []


def reflect(connection: Connection, database: Optional[str], options: ReflectOptions,
            report_error: Callable[[ScanError], None]) -> Iterable[TableSpec]:
    """A TableSpec for every table (and view, if asked) the account can see; failures become ScanErrors."""
    inspector = inspect(connection)
    for schema in list_schemas(connection, database, options, report_error, inspector):
        prefix = location_prefix(database, schema)
        try:
            names = [(n, False) for n in inspector.get_table_names(schema=schema)]
            if options.views:
                names += [(n, True) for n in inspector.get_view_names(schema=schema)]
                names += [(n, True) for n in _materialized_views(inspector, schema)]
        except Exception as exc:
            report_error(ScanError(prefix or "?", "list", f"cannot list tables: {_reason(exc)}"))
            continue
        for name, is_view in sorted(names):
            location = f"{prefix}.{name}" if prefix else name
            try:
                spec = _table_spec(inspector, schema, name, location, is_view, options)
            except Exception as exc:  # a broken view, a table that vanished while listing
                report_error(ScanError(location, "list", f"cannot read the columns: {_reason(exc)}"))
                continue
            if spec.columns:
                yield spec


def _materialized_views(inspector: Inspector, schema) -> list[str]:
    try:
        return inspector.get_materialized_view_names(schema=schema)
    except NotImplementedError:  # dialects without materialised views
        return []


def _table_spec(inspector: Inspector, schema, name: str, location: str, is_view: bool,
                options: ReflectOptions) -> TableSpec:
    columns = inspector.get_columns(name, schema=schema)
    key_columns = [] if is_view else inspector.get_pk_constraint(name, schema=schema).get("constrained_columns") or []
    specs = []
    for info in columns:
        evidence = tuple(name_evidence(info["name"], name))
        # A surrogate key is not read, but a key named isikukood is.
        kind = column_kind(info["type"], info["name"] in key_columns and not evidence)
        if kind == BINARY and not options.binary:
            kind = SKIP
        elif kind == SKIP:
            evidence = _plausible_unread(info["type"], evidence)
        if kind != SKIP or evidence:
            specs.append(ColumnSpec(info["name"], kind, evidence))
    integer_key = None
    if len(key_columns) == 1:
        key_type = next((c["type"] for c in columns if c["name"] == key_columns[0]), None)
        if isinstance(key_type, Integer):
            integer_key = key_columns[0]
    return TableSpec(location=location, schema=schema, name=name, columns=tuple(specs),
                     integer_key=integer_key, is_view=is_view)


_SQLALCHEMY_TAIL = re.compile(r"\s*\[SQL: |\s*\(Background on this error")
_URL = re.compile(r"\b[a-z][a-z0-9+.-]*://\S+", re.IGNORECASE)


def safe_reason(exc: BaseException, secrets: Iterable[str] = ()) -> str:
    """One line for errors.csv: the driver's own message, no SQL, no URL with a password in it."""
    original = getattr(exc, "orig", None) or exc
    message = " ".join(str(original).split()) or type(original).__name__
    message = _SQLALCHEMY_TAIL.split(message, 1)[0].strip()  # the statement and a link: not a reason
    message = _URL.sub(lambda m: redact(m.group(0)), message)
    for secret in secrets:
        if secret:
            message = message.replace(secret, "***")
    return f"{type(original).__name__}: {message[:300]}"


def _plausible_unread(sql_type, evidence: tuple[str, ...]) -> tuple[str, ...]:
    """A column that is not read keeps only the evidence its type can hold: a DATE `sünniaeg` is a
    birth date, a BOOLEAN `email_verified` is not an e-mail address."""
    if isinstance(sql_type, (Date, DateTime)):
        return tuple(e for e in evidence if e == "DATE_OF_BIRTH")
    return ()


def _reason(exc: BaseException) -> str:
    return safe_reason(exc)
