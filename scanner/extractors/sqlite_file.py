"""SQLite databases found among files (app.db on a share, crm.sqlite in an archive): read like a database source.

SQLite needs a real file, so the stream is first copied to a private temp
file (within the member size limit) that is then opened read-only and
immutable. Each table yields the same per-column chunks as the database
source, with locations `path/app.db!table.column`; a sample of rows is read.
"""
from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import IO, Iterator
from urllib.parse import quote

from scanner.models import Chunk, ScanError
from scanner.sources.database import DatabaseSettings, TableProgress, readonly_engine, table_chunks
from scanner.sources.db_reflect import ReflectOptions, reflect, safe_reason

COPY_BLOCK = 1 << 20


def _spool(stream: IO[bytes], path: Path, limit: int) -> bool:
    """Copy at most `limit` bytes; False if the stream is longer."""
    written = 0
    with open(path, "wb") as out:
        while True:
            block = stream.read(COPY_BLOCK)
            if not block:
                return True
            written += len(block)
            if written > limit:
                return False
            out.write(block)


def read_sqlite(stream: IO[bytes], location: str, name: str, ctx) -> Iterator[Chunk]:
    folder = Path(tempfile.mkdtemp(prefix="leidur-sqlite-"))
    try:
        path = folder / "copy.sqlite"
        if not _spool(stream, path, ctx.limits.max_member_bytes):
            ctx.error(location, "extract", f"SQLite database larger than {ctx.limits.max_member_bytes} bytes: not read")
            return
        yield from _read_copy(path, location, ctx)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _read_copy(path: Path, location: str, ctx) -> Iterator[Chunk]:
    settings = DatabaseSettings()
    engine = readonly_engine(f"sqlite:///file:{quote(str(path))}?immutable=1", settings)

    def report(error: ScanError) -> None:
        ctx.report_error(ScanError(f"{location}!{error.location}", error.stage, error.error))

    try:
        with engine.connect() as connection:
            for spec in list(reflect(connection, None, ReflectOptions(), report)):
                table_location = f"{location}!{spec.name}"
                try:
                    yield from table_chunks(connection, spec, settings, TableProgress.start(spec, table_location))
                except Exception as exc:  # one unreadable table: the others are still read
                    ctx.error(table_location, "extract", safe_reason(exc))
    finally:
        engine.dispose()
