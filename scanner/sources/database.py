"""Databases through SQLAlchemy: one Item per table, read-only sessions, sampled or full reads per column.

    leidur scan 'postgresql://scanner:${LEIDUR_PG_PASSWORD}@db.internal/crm'
    leidur scan 'sqlite:///var/app/app.db?leidur_sample=5000&leidur_views=1'

Settings come from `leidur_*` URL query parameters (removed before
connecting) or from the target's entry in the config file: `sample` rows per
table (default 1,000), `full`, `views`, `binary`, `timeout` (seconds per
statement), `schemas` (comma-separated), `batch` (rows per fetch). See docs/databases.md.
"""
from __future__ import annotations

import functools
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator, Optional
from urllib.parse import quote

from sqlalchemy import create_engine, event
from sqlalchemy.engine import URL, Connection, Engine, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError
from sqlalchemy.pool import NullPool, QueuePool

from scanner.models import Chunk, Item, ScanError
from scanner.sources.db_columns import SKIP, ColumnBuffer, cell_text, context_words, evidence_only
from scanner.sources.db_reflect import ReflectOptions, list_schemas, reflect, safe_reason
from scanner.sources.db_rows import TableSpec, all_rows, sample_rows
from scanner.targets import TargetError

DEFAULT_SAMPLE_ROWS = 1000
SETTINGS = ("sample", "full", "views", "binary", "timeout", "schemas", "batch")


class DatabaseReadError(Exception):
    """A table that could not be read; the message is safe to print (no password, no SQL)."""


@dataclass(frozen=True)
class DatabaseSettings:
    sample_rows: int = DEFAULT_SAMPLE_ROWS
    full: bool = False
    views: bool = False
    binary: bool = False
    timeout_seconds: int = 60
    schemas: tuple[str, ...] = ()
    batch_rows: int = 1000


@dataclass(frozen=True)
class DatabaseLink:
    """How a worker reaches the database. `url` may hold a password: it is left out of repr()."""

    url: str = field(repr=False)
    password: str = field(default="", repr=False)


def _flag(value) -> bool:
    return str(value).strip().lower() in ("1", "true", "yes", "on")


def parse_settings(values: dict, full: bool = False) -> DatabaseSettings:
    unknown = set(values) - set(SETTINGS)
    if unknown:
        raise TargetError(f"unknown database settings: {', '.join(sorted(unknown))} (known: {', '.join(SETTINGS)})")
    try:
        schemas = values.get("schemas", ())
        if isinstance(schemas, str):
            schemas = [s.strip() for s in schemas.split(",") if s.strip()]
        return DatabaseSettings(
            sample_rows=int(values.get("sample", DEFAULT_SAMPLE_ROWS)),
            full=full or _flag(values.get("full", False)),
            views=_flag(values.get("views", False)),
            binary=_flag(values.get("binary", False)),
            timeout_seconds=int(values.get("timeout", 60)),
            schemas=tuple(schemas),
            batch_rows=max(1, int(values.get("batch", 1000))),
        )
    except ValueError as exc:
        raise TargetError(f"bad database setting: {exc}") from None


def readonly_url(url: URL) -> URL:
    """SQLite files are opened with mode=ro: the driver itself refuses to write."""
    if url.get_backend_name() != "sqlite":
        return url
    if not url.database or url.database == ":memory:":
        raise TargetError("sqlite: give a database file (sqlite:///path/app.db)")
    if url.database.startswith("file:"):
        return url.update_query_dict({"mode": "ro", "uri": "true"})
    path = Path(url.database).resolve()
    return url.set(database=f"file:{quote(str(path))}").update_query_dict({"mode": "ro", "uri": "true"})


def database_label(url: URL) -> Optional[str]:
    if url.get_backend_name() == "sqlite":
        name = url.database or ""
        name = name[5:].split("?")[0] if name.startswith("file:") else name
        return Path(name).stem
    return url.database


def _session_statements(dialect: str, timeout: int) -> list[str]:
    if dialect == "postgresql":
        return [
            "SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY",
            f"SET statement_timeout = {timeout * 1000}",
            f"SET lock_timeout = {timeout * 1000}",
        ]
    if dialect in ("mysql", "mariadb"):
        return ["SET SESSION TRANSACTION READ ONLY", f"SET SESSION max_statement_time = {timeout}",
                f"SET SESSION max_execution_time = {timeout * 1000}", f"SET SESSION lock_wait_timeout = {timeout}"]
    if dialect == "sqlite":
        return ["PRAGMA query_only = ON"]
    return []


def _setup_session(dialect: str, timeout: int, dbapi_connection, _record) -> None:
    """Every new connection is read-only with a statement timeout before anything else runs on it."""
    cursor = dbapi_connection.cursor()
    try:
        for statement in _session_statements(dialect, timeout):
            try:
                cursor.execute(statement)
            except Exception:
                if "max_" not in statement:  # MariaDB and MySQL each know only one of the two
                    raise
    finally:
        cursor.close()
    dbapi_connection.commit()  # PostgreSQL would roll the SETs back with the open transaction


def readonly_engine(url: str, settings: DatabaseSettings) -> Engine:
    parsed = readonly_url(make_url(url))
    dialect = parsed.get_backend_name()
    if dialect == "sqlite":
        engine = create_engine(parsed, poolclass=NullPool)
    else:
        # One connection per database per process; pre-ping notices a connection the server dropped.
        engine = create_engine(parsed, poolclass=QueuePool, pool_size=1, max_overflow=0, pool_pre_ping=True)
    event.listen(engine, "connect", functools.partial(_setup_session, dialect, settings.timeout_seconds))
    return engine


def check_driver(url: URL, name: str) -> None:
    """A usage error before the scan starts when SQLAlchemy has no such dialect or its driver is not installed."""
    from scanner.extras import refusal

    try:
        url.get_dialect().import_dbapi()
    except ModuleNotFoundError as exc:
        raise refusal(name, exc) from None
    except ArgumentError:  # NoSuchModuleError: no such dialect or driver name
        raise TargetError(f"{name}: SQLAlchemy knows no database driver '{url.drivername}'") from None


_engines: dict[tuple, Engine] = {}
_engines_pid = os.getpid()


def worker_engine(link: DatabaseLink, settings: DatabaseSettings) -> Engine:
    """This process's engine for a database, made once and reused for every table."""
    global _engines_pid
    if os.getpid() != _engines_pid:  # a forked worker must not touch its parent's connections
        for engine in _engines.values():
            engine.dispose(close=False)
        _engines.clear()
        _engines_pid = os.getpid()
    key = (link.url, settings.timeout_seconds)
    if key not in _engines:
        _engines[key] = readonly_engine(link.url, settings)
    return _engines[key]


def forget_engine(link: DatabaseLink, settings: DatabaseSettings) -> None:
    engine = _engines.pop((link.url, settings.timeout_seconds), None)
    if engine is not None:
        engine.dispose()


def begin_readonly(connection: Connection) -> Connection:
    """On PostgreSQL each read is also a `BEGIN READ ONLY` transaction (drivers that support it)."""
    if connection.dialect.name == "postgresql" and connection.dialect.driver in ("psycopg", "psycopg2", "asyncpg"):
        return connection.execution_options(postgresql_readonly=True)
    return connection


@dataclass
class TableProgress:
    """What one read of a table has produced so far; kept across a retry so nothing is read twice."""

    buffers: list[ColumnBuffer]
    rows_read: int = 0

    @classmethod
    def start(cls, spec: TableSpec, location: str) -> "TableProgress":
        return cls([ColumnBuffer(f"{location}.{c.name}", context_words(c.name), c.evidence) for c in spec.columns])


def table_chunks(connection: Connection, spec: TableSpec, settings: DatabaseSettings,
                 progress: TableProgress) -> Iterator[Chunk]:
    """Cells of each read column, as chunks; rows an earlier attempt read are skipped."""
    read = [(index, column) for index, column in enumerate(spec.columns) if column.kind != SKIP]
    if read:
        names = [column.name for _, column in read]
        if settings.full:
            rows = all_rows(connection, spec, names, settings.batch_rows)
        else:
            rows = sample_rows(connection, spec, names, settings.sample_rows)
        for number, row in enumerate(rows):
            if number < progress.rows_read:
                continue
            for position, (index, column) in enumerate(read):
                text = cell_text(row[position], column.kind)
                if text is not None:
                    yield from progress.buffers[index].add(text)
            progress.rows_read = number + 1
    for buffer, column in zip(progress.buffers, spec.columns):
        if column.kind == SKIP:
            yield evidence_only(buffer.location, column.evidence)
        else:
            yield from buffer.flush(final=True)


def read_table(link: DatabaseLink, spec: TableSpec, settings: DatabaseSettings) -> Iterator[Chunk]:
    """The chunker of one table's Item, run in a worker: a dropped connection is retried once."""
    progress = TableProgress.start(spec, spec.location)
    for attempt in (1, 2):
        try:
            with worker_engine(link, settings).connect() as connection:
                yield from table_chunks(begin_readonly(connection), spec, settings, progress)
            return
        except Exception as exc:
            if attempt == 1 and isinstance(exc, DBAPIError) and exc.connection_invalidated:
                forget_engine(link, settings)
                continue
            # The table could not be read: its column names are still evidence for the DPO.
            yield from unread_evidence(progress)
            raise DatabaseReadError(safe_reason(exc, [link.password])) from None


def unread_evidence(progress: TableProgress) -> Iterator[Chunk]:
    for buffer in progress.buffers:
        if buffer.emitted == 0 and buffer.evidence:
            buffer.emitted = 1
            yield evidence_only(buffer.location, buffer.evidence)


class DatabaseSource:
    source_type = "database"

    def __init__(self, url: str, name: str, settings: DatabaseSettings):
        self.name = name
        self.settings = settings
        try:
            parsed = make_url(url)
        except ArgumentError:
            raise TargetError(f"{name}: not a database URL SQLAlchemy understands") from None
        self.link = DatabaseLink(parsed.render_as_string(hide_password=False), parsed.password or "")
        self.database = database_label(parsed)
        readonly_url(parsed)  # a usage error (e.g. an in-memory SQLite) shows before the scan starts
        check_driver(parsed, name)

    @classmethod
    def from_target(cls, target, options) -> "DatabaseSource":
        try:
            url = make_url(target.spec)
        except ArgumentError:
            raise TargetError(f"{target.display}: not a database URL SQLAlchemy understands") from None
        from_url = {k[len("leidur_"):]: v for k, v in url.query.items() if k.startswith("leidur_")}
        url = url.difference_update_query([k for k in url.query if k.startswith("leidur_")])
        try:
            settings = parse_settings({**target.options, **from_url}, full=bool(getattr(options, "full", False)))
        except TargetError as exc:
            raise TargetError(f"{target.display}: {exc}") from None
        return cls(url.render_as_string(hide_password=False), target.display, settings)

    @property
    def credentials(self) -> DatabaseLink:
        """What a cluster worker must rebuild from its own environment (see scanner/cluster/units.py)."""
        return self.link

    def _connected(self, report_error: Callable[[ScanError], None], read: Callable[[Connection], list]) -> list:
        """`read(connection)` on a short-lived read-only connection; a failure to connect is recorded."""
        engine = None
        try:
            engine = readonly_engine(self.link.url, self.settings)
            with engine.connect() as connection:
                return read(connection)
        except Exception as exc:  # refused, unknown host, bad password, missing driver
            report_error(ScanError(self.name, "connect", safe_reason(exc, [self.link.password])))
            return []
        finally:
            if engine is not None:
                engine.dispose()

    def _reflect_options(self, schemas: tuple) -> ReflectOptions:
        return ReflectOptions(views=self.settings.views, binary=self.settings.binary, schemas=schemas)

    def parts(self, report_error: Callable[[ScanError], None]) -> list:
        """Each schema is listed on its own (a separate listing on a cluster); SQLite has one, `None`."""
        return self._connected(report_error, lambda connection: list_schemas(
            connection, self.database, self._reflect_options(self.settings.schemas), report_error))

    def tables(self, report_error: Callable[[ScanError], None], schema=None) -> list[TableSpec]:
        """The tables of one schema (`None`: of every schema the settings name)."""
        options = self._reflect_options((schema,) if schema is not None else self.settings.schemas)
        return self._connected(report_error, lambda connection: list(reflect(connection, self.database, options, report_error)))

    def items(self, report_error: Callable[[ScanError], None]) -> Iterator[Item]:
        for schema in self.parts(report_error):
            yield from self.part_items(schema, report_error)

    def part_items(self, schema, report_error: Callable[[ScanError], None]) -> Iterator[Item]:
        for spec in self.tables(report_error, schema):
            yield Item(
                location=spec.location,
                source=self.name,
                source_type=self.source_type,
                chunker=functools.partial(read_table, self.link, spec, self.settings),
                metadata={"columns": len(spec.columns), "view": spec.is_view},
            )
