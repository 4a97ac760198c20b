"""Archives (zip, tar, gzip, bzip2, xz, 7z), nested, read member by member within hostile-input limits.

A zip whose member names say it is an office document (OOXML, OpenDocument)
goes to the office reader instead. Encrypted members and limit hits become
ScanErrors and the rest of the archive is still read.
"""
from __future__ import annotations

import bz2
import gzip
import lzma
import os
import tempfile
import zipfile
from datetime import datetime, timezone
from typing import IO, Iterator

from scanner.extractors import ExtractContext, describe, extract
from scanner.extractors.streams import RATIO_FLOOR, BoundedStream, CountingReader, LimitExceeded, spool
from scanner.models import Chunk


def _member_chunks(stream: IO[bytes], location: str, member: str, ctx: ExtractContext, modified=None) -> Iterator[Chunk]:
    """One member through extract(); a failure in it is recorded at the member's location."""
    member_location = f"{location}!{member}"
    try:
        yield from extract(stream, member_location, ctx.nested(), name=member, modified=modified)
    except Exception as exc:  # a limit hit while sniffing, a broken member: go on with the next
        ctx.error(member_location, "extract", describe(exc))


def _too_many(count: int, location: str, ctx: ExtractContext) -> bool:
    if count > ctx.limits.max_members:
        ctx.error(location, "extract", f"more than max_members ({ctx.limits.max_members}) members: the rest not read")
        return True
    if ctx.stats.get("expanded_bytes", 0) > ctx.limits.max_expanded_bytes:
        ctx.error(location, "extract", f"archive expands past max_expanded_bytes ({ctx.limits.max_expanded_bytes} bytes): the rest not read")
        return True
    return False


def check_declared_sizes(archive: zipfile.ZipFile, location: str, ctx: ExtractContext) -> None:
    """Refuse a zip-based document whose members declare bomb-like sizes (zipfile never reads past them)."""
    limits = ctx.limits
    total = 0
    for info in archive.infolist():
        total += info.file_size
        if info.file_size > limits.max_member_bytes:
            raise LimitExceeded(f"member {info.filename} larger than max_member_bytes ({limits.max_member_bytes} bytes)")
        if _declared_bomb(info, ctx):
            raise LimitExceeded(f"member {info.filename} compression ratio above max_ratio ({limits.max_ratio}): likely a zip bomb")
    if total + ctx.stats.get("expanded_bytes", 0) > limits.max_expanded_bytes:
        raise LimitExceeded(f"expands past max_expanded_bytes ({limits.max_expanded_bytes} bytes)")


def read_zip(stream: IO[bytes], location: str, name: str, ctx: ExtractContext) -> Iterator[Chunk]:
    from scanner.extractors.office import office_kind, read_office

    with spool(stream) as copy, zipfile.ZipFile(copy) as archive:
        kind = office_kind(archive)
        if kind:
            check_declared_sizes(archive, location, ctx)
            yield from read_office(archive, kind, location, ctx)
            return
        for count, info in enumerate(archive.infolist(), 1):
            if _too_many(count, location, ctx):
                return
            if info.is_dir():
                continue
            member_location = f"{location}!{info.filename}"
            if info.flag_bits & 0x1:
                ctx.error(member_location, "extract", "encrypted archive member: not read")
                continue
            if _declared_bomb(info, ctx):
                ctx.error(member_location, "extract", f"declared compression ratio above max_ratio ({ctx.limits.max_ratio}): likely a zip bomb, not read")
                continue
            modified = _zip_time(info)
            try:
                raw = archive.open(info)
            except Exception as exc:  # unsupported compression method, broken header
                ctx.error(member_location, "extract", describe(exc))
                continue
            with raw:
                member = BoundedStream(raw, ctx, compressed=_consumed(raw, info))
                yield from _member_chunks(member, location, info.filename, ctx, modified)


def _declared_bomb(info: zipfile.ZipInfo, ctx: ExtractContext) -> bool:
    # zipfile never returns more than the declared size, so declared sizes bound the work.
    return info.file_size > RATIO_FLOOR and info.file_size / max(info.compress_size, 1) > ctx.limits.max_ratio


def _consumed(raw, info: zipfile.ZipInfo):
    """Compressed bytes of the member read so far, so a bomb is caught early (declared size if unknown)."""
    def consumed() -> int:
        return info.compress_size - getattr(raw, "_compress_left", 0)

    return consumed


def _zip_time(info: zipfile.ZipInfo):
    try:
        return datetime(*info.date_time, tzinfo=timezone.utc)
    except ValueError:
        return None


def read_tar(stream: IO[bytes], location: str, name: str, ctx: ExtractContext) -> Iterator[Chunk]:
    import tarfile

    # "r|": a forward-only stream, so a huge tar is never held or spooled.
    with tarfile.open(fileobj=stream, mode="r|") as archive:
        for count, member in enumerate(archive, 1):
            if _too_many(count, location, ctx):
                return
            if not member.isfile():
                continue
            raw = archive.extractfile(member)
            if raw is None:
                continue
            modified = datetime.fromtimestamp(member.mtime, tz=timezone.utc) if member.mtime else None
            yield from _member_chunks(BoundedStream(raw, ctx), location, member.name, ctx, modified)


def _decompressed(stream: IO[bytes], location: str, name: str, ctx: ExtractContext, opener) -> Iterator[Chunk]:
    """A single-file compressor: the content keeps the file's location, one level deeper."""
    counter = CountingReader(stream)
    content = BoundedStream(opener(counter), ctx, compressed=lambda: counter.count)
    inner_name = os.path.splitext(name)[0]
    if name.lower().endswith((".tgz", ".tbz2", ".txz")):
        inner_name += ".tar"
    yield from extract(content, location, ctx.nested(), name=inner_name)


def read_gzip(stream, location, name, ctx):
    yield from _decompressed(stream, location, name, ctx, lambda raw: gzip.GzipFile(fileobj=raw, mode="rb"))


def read_bzip2(stream, location, name, ctx):
    yield from _decompressed(stream, location, name, ctx, lambda raw: bz2.BZ2File(raw, mode="rb"))


def read_xz(stream, location, name, ctx):
    yield from _decompressed(stream, location, name, ctx, lambda raw: lzma.LZMAFile(raw, mode="rb"))


def read_7z(stream: IO[bytes], location: str, name: str, ctx: ExtractContext) -> Iterator[Chunk]:
    import py7zr

    with spool(stream) as copy, py7zr.SevenZipFile(copy, mode="r") as archive:
        if archive.needs_password():
            ctx.error(location, "extract", "encrypted 7z archive: not read")
            return
        infos = [info for info in archive.list() if not info.is_directory]
        if len(infos) > ctx.limits.max_members:
            ctx.error(location, "extract", f"more than max_members ({ctx.limits.max_members}) members: the rest not read")
            infos = infos[: ctx.limits.max_members]
        with tempfile.TemporaryDirectory(prefix="leidur-7z-") as folder:
            factory = _SpoolFactory(folder, ctx)
            try:
                archive.extract(targets=[info.filename for info in infos], factory=factory)
            except Exception as exc:  # a limit hit or a broken block: read what came out
                ctx.error(location, "extract", describe(exc))
            for info in infos:
                path = factory.paths.get(info.filename)
                if path is None:
                    continue
                with open(path, "rb") as member:
                    yield from _member_chunks(member, location, info.filename, ctx, info.creationtime)
                os.unlink(path)


class _SpoolFactory:
    """py7zr pushes members out; each goes to its own temporary file, within the limits."""

    def __init__(self, folder: str, ctx: ExtractContext):
        self.folder = folder
        self.ctx = ctx
        self.paths: dict[str, str] = {}

    def create(self, filename: str):
        from py7zr.io import Py7zIO

        path = os.path.join(self.folder, str(len(self.paths)))
        self.paths[filename] = path
        ctx = self.ctx

        class _Writer(Py7zIO):
            def __init__(self):
                self.handle = open(path, "wb")
                self.written = 0

            def write(self, data) -> int:
                self.written += len(data)
                ctx.stats["expanded_bytes"] = ctx.stats.get("expanded_bytes", 0) + len(data)
                if self.written > ctx.limits.max_member_bytes:
                    raise LimitExceeded(f"{filename}: member expands past max_member_bytes ({ctx.limits.max_member_bytes} bytes)")
                if ctx.stats["expanded_bytes"] > ctx.limits.max_expanded_bytes:
                    raise LimitExceeded(f"archive expands past max_expanded_bytes ({ctx.limits.max_expanded_bytes} bytes)")
                return self.handle.write(data)

            def read(self, size=None) -> bytes:
                return b""

            def seek(self, offset, whence=0) -> int:
                return self.handle.seek(offset, whence)

            def flush(self) -> None:
                self.handle.flush()

            def size(self) -> int:
                return self.written

            def close(self) -> None:
                self.handle.close()

        return _Writer()
