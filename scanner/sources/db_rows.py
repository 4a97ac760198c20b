"""Which rows of a table Leidur reads: a deterministic sample without full-table sorts, or every row in batches.

- PostgreSQL tables: `TABLESAMPLE SYSTEM (p) REPEATABLE (seed)` reads only the
  sampled pages; small tables and views: the first rows.
- Other databases, tables with one integer primary key: the key range
  [min, max] is cut into slices and the first rows of each slice are read
  through the key's index (`WHERE pk >= a AND pk < b ORDER BY pk LIMIT n`).
- Anything else: the first rows in storage order.
Full scans stream every row: a server-side cursor on PostgreSQL, key-ordered
batches where there is an integer key, a streaming cursor otherwise.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator, Optional, Sequence

from sqlalchemy import column, func, literal_column, select, table, tablesample, text
from sqlalchemy.engine import Connection

SAMPLE_SEED = 20260101
SLICES = 10
# Tables estimated below this many times the sample size are read from the start: cheap anyway.
SMALL_TABLE_FACTOR = 5
OVERSAMPLE = 3


@dataclass(frozen=True)
class TableSpec:
    """What a worker needs to read one table (picklable)."""

    location: str  # database.schema.table (no password, ever)
    schema: Optional[str]
    name: str
    columns: tuple  # ColumnSpec
    integer_key: Optional[str] = None  # the single integer primary-key column, if any
    is_view: bool = False


@dataclass(frozen=True)
class ColumnSpec:
    name: str
    kind: str  # see db_columns.column_kind
    evidence: tuple[str, ...] = ()


def _from(spec: TableSpec, names: Sequence[str]):
    return table(spec.name, *[column(n) for n in names], schema=spec.schema)


def _is_postgres(connection: Connection) -> bool:
    return connection.dialect.name == "postgresql"


def sample_rows(connection: Connection, spec: TableSpec, names: Sequence[str], rows: int) -> Iterator[tuple]:
    if _is_postgres(connection) and not spec.is_view:
        yield from _postgres_sample(connection, spec, names, rows)
    elif spec.integer_key and not spec.is_view:
        yield from _key_range_sample(connection, spec, names, rows)
    else:
        yield from connection.execute(select(*_from(spec, names).c).limit(rows))


def _postgres_estimate(connection: Connection, spec: TableSpec) -> float:
    qualified = ".".join(connection.dialect.identifier_preparer.quote(p) for p in (spec.schema or "public", spec.name))
    found = connection.execute(
        text("SELECT c.reltuples, pg_relation_size(c.oid) FROM pg_class c WHERE c.oid = to_regclass(:name)"),
        {"name": qualified},
    ).first()
    if found is None:
        return 0.0
    tuples, size = found
    if tuples is not None and tuples > 0:
        return float(tuples)
    return size / 100.0  # never analysed: guess 100 bytes a row from the table's size


def _postgres_sample(connection: Connection, spec: TableSpec, names: Sequence[str], rows: int) -> Iterator[tuple]:
    estimate = _postgres_estimate(connection, spec)
    source = _from(spec, names)
    if estimate <= rows * SMALL_TABLE_FACTOR:
        yield from connection.execute(select(*source.c).limit(rows))
        return
    # SYSTEM samples whole pages and the number of rows it returns varies: ask for OVERSAMPLE
    # times the rows, count what the (repeatable) sample holds, and keep an even stride of it
    # so the sample spans the whole table. Only the sampled pages are read, twice.
    percent = min(100.0, 100.0 * OVERSAMPLE * rows / estimate)
    sampled = tablesample(source, func.system(percent), seed=literal_column(str(SAMPLE_SEED)))
    available = connection.execute(select(func.count()).select_from(sampled)).scalar() or 0
    step = max(1.0, available / rows)
    picked = 0
    for index, row in enumerate(connection.execute(select(*sampled.c).limit(int(step * rows) + 1))):
        if picked >= rows:
            break
        if index >= int(picked * step):
            picked += 1
            yield row


def _key_range_sample(connection: Connection, spec: TableSpec, names: Sequence[str], rows: int) -> Iterator[tuple]:
    source = _from(spec, [*names, spec.integer_key])
    key = source.c[spec.integer_key]
    low, high = connection.execute(select(func.min(key), func.max(key))).one()
    if low is None:
        return
    low, high = int(low), int(high)
    wanted = [source.c[n] for n in names]
    if high - low < rows:
        yield from connection.execute(select(*wanted).where(key >= low, key <= high))
        return
    per_slice = max(1, rows // SLICES)
    width = (high - low + 1) / SLICES
    for index in range(SLICES):
        start = low + int(index * width)
        end = high + 1 if index == SLICES - 1 else low + int((index + 1) * width)
        query = select(*wanted).where(key >= start, key < end).order_by(key).limit(per_slice)
        yield from connection.execute(query)


def all_rows(connection: Connection, spec: TableSpec, names: Sequence[str], batch: int) -> Iterator[tuple]:
    if spec.integer_key and not _is_postgres(connection):
        yield from _keyset_batches(connection, spec, names, batch)
        return
    streaming = connection.execution_options(stream_results=True, yield_per=batch)
    yield from streaming.execute(select(*_from(spec, names).c))


def _keyset_batches(connection: Connection, spec: TableSpec, names: Sequence[str], batch: int) -> Iterator[tuple]:
    # Short statements in key order: no statement runs long enough to hit the statement timeout.
    source = _from(spec, [*names, spec.integer_key])
    key = source.c[spec.integer_key]
    query = select(*[source.c[n] for n in names], key).order_by(key).limit(batch)
    last = None
    while True:
        page = connection.execute(query if last is None else query.where(key > last)).all()
        for row in page:
            yield row[:-1]
        if len(page) < batch:
            return
        last = page[-1][-1]
