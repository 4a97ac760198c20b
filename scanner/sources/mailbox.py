"""Mailboxes as sources: the shared e-mail source shape (folders → messages → Items), mbox and Maildir.

Every e-mail source (mbox, Maildir, IMAP; later Microsoft Graph, EWS, PST) is a
`MailSource`: it names its folders and lists each folder's messages as
`MessageRef`s (how to open the raw RFC 822 bytes, Message-ID, date, change
token). `MailSource.items()` turns them into Items at
`<mailbox>/<folder>/<Message-ID>`, and the one e-mail parser
(`scanner.extractors.email`) reads them in the worker processes.
"""
from __future__ import annotations

import functools
import hashlib
import io
import os
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import IO, Callable, Iterator, Optional

from scanner.extractors import Limits, describe
from scanner.extractors.email import iter_mbox, message_date, message_id, parse_headers, unique_name
from scanner.models import Item, ScanError
from scanner.sources.files import open_readonly

HEADER_BYTES = 64 * 1024  # enough of a message to read its Message-ID and Date when listing


@dataclass
class MessageRef:
    """One message as a mail source lists it, before anything but its headers is read."""

    key: str  # unique in its folder (IMAP UID, Maildir file name, mbox offset): used without a Message-ID
    opener: Callable[[], IO[bytes]]  # picklable: raw RFC 822 bytes of the message
    message_id: str = ""
    date: Optional[datetime] = None
    size: Optional[int] = None
    version: Optional[str] = None


class MailSource:
    """The shape every e-mail source shares; a subclass lists folders and messages."""

    source_type = "mailbox"

    def __init__(self, name: str, base: str):
        self.name = name  # shown in the inventory's source column
        self.base = base.rstrip("/")  # location prefix: no password, no query

    def folders(self, report_error: Callable[[ScanError], None]) -> Iterator[str]:
        raise NotImplementedError

    def messages(self, folder: str, report_error: Callable[[ScanError], None]) -> Iterator[MessageRef]:
        raise NotImplementedError

    def folder_location(self, folder: str) -> str:
        return f"{self.base}/{folder}" if folder else self.base

    def items(self, report_error: Callable[[ScanError], None]) -> Iterator[Item]:
        try:
            for folder in self.parts(report_error):
                yield from self.part_items(folder, report_error)
        finally:
            self.close()

    def parts(self, report_error: Callable[[ScanError], None]) -> list[str]:
        """Each mail folder is listed on its own (a separate listing on a cluster)."""
        return list(self.folders(report_error))

    def part_items(self, folder: str, report_error: Callable[[ScanError], None]) -> Iterator[Item]:
        used: set[str] = set()
        prefix = self.folder_location(folder)
        try:
            for ref in self.messages(folder, report_error):
                name = unique_name(ref.message_id or ref.key, used)
                yield Item(
                    location=f"{prefix}/{name}",
                    source=self.name,
                    source_type=self.source_type,
                    size=ref.size,
                    modified=ref.date,
                    opener=ref.opener,
                    name_hint="message.eml",  # read by the e-mail parser whatever the first header is
                    version=ref.version,
                    metadata={"folder": folder, "message_key": ref.key},
                )
        except Exception as exc:  # a folder that fails midway: record it, go on with the next
            report_error(ScanError(prefix, "list", describe(exc)))

    def close(self) -> None:
        """Let go of what listing held open (a server connection)."""


def folder_path(source, folder: str) -> str:
    """Where a folder of a file-based mailbox lives; a source rebuilt on a cluster worker finds them first."""
    if not source._paths:
        source._paths = {}
        for _ in source.folders(lambda error: None):
            pass
    return source._paths[folder]


def _file_time(seconds: float) -> datetime:
    return datetime.fromtimestamp(seconds, tz=timezone.utc)


def _head(path: str) -> bytes:
    with open_readonly(path) as handle:
        return handle.read(HEADER_BYTES)


# ---- Maildir -------------------------------------------------------------------------------

def maildir_folder_name(relative: str) -> str:
    """`.` → INBOX; Maildir++ `.Archive.2024` → `Archive/2024`; a nested `Archive/2024` stays as it is."""
    if relative in (".", ""):
        return "INBOX"
    parts = []
    for part in relative.split(os.sep):
        parts.extend(part[1:].split(".") if part.startswith(".") else [part])
    return "/".join(p for p in parts if p)


class MaildirSource(MailSource):
    """A Maildir folder tree (Maildir++ `.Sub.Folder` or nested folders); messages in cur/ and new/."""

    source_type = "maildir"

    def __init__(self, root: str, name: str):
        super().__init__(name, name)
        self.root = root
        self._paths: dict[str, str] = {}

    @classmethod
    def from_target(cls, target, options) -> "MaildirSource":
        return cls(target.spec, target.display)

    def folders(self, report_error) -> Iterator[str]:
        if not os.path.isdir(self.root):
            report_error(ScanError(self.name, "list", "not a Maildir folder (no such directory)"))
            return
        found = {}
        for folder, subfolders, _ in os.walk(self.root, onerror=lambda e: report_error(
                ScanError(e.filename or self.name, "list", f"cannot list folder: {e.strerror or e}"))):
            if "cur" in subfolders or "new" in subfolders:
                found[maildir_folder_name(os.path.relpath(folder, self.root))] = folder
            subfolders[:] = sorted(d for d in subfolders if d not in ("cur", "new", "tmp"))
        if not found:
            report_error(ScanError(self.name, "list", "no Maildir folders (cur/ and new/) found"))
        self._paths = found
        yield from sorted(found, key=lambda f: (f != "INBOX", f))

    def messages(self, folder: str, report_error) -> Iterator[MessageRef]:
        directory = folder_path(self, folder)
        for sub in ("cur", "new"):
            path = os.path.join(directory, sub)
            try:
                names = sorted(os.listdir(path))
            except FileNotFoundError:
                continue
            except OSError as exc:
                report_error(ScanError(path, "list", f"cannot list folder: {exc.strerror or exc}"))
                continue
            for file_name in names:
                if file_name.startswith("."):
                    continue
                ref = self._ref(os.path.join(path, file_name), file_name, report_error)
                if ref is not None:
                    yield ref

    def _ref(self, path: str, file_name: str, report_error) -> Optional[MessageRef]:
        try:
            info = os.stat(path)
            headers = parse_headers(_head(path))
        except OSError as exc:
            report_error(ScanError(path, "open", f"cannot read message: {exc.strerror or exc}"))
            return None
        # The part before ":2," is the message's permanent name; flags after it change.
        return MessageRef(
            key=file_name.split(":", 1)[0],
            opener=functools.partial(open_readonly, path),
            message_id=message_id(headers),
            date=message_date(headers) or _file_time(info.st_mtime),
            size=info.st_size,
            version=f"{info.st_size}:{info.st_mtime_ns}",
        )


# ---- mbox ----------------------------------------------------------------------------------

def read_mbox_span(path: str, start: int, end: int) -> IO[bytes]:
    """The raw bytes of the one message at [start, end) of an mbox file (without its "From " line)."""
    with open_readonly(path) as handle:
        handle.seek(start)
        span = handle.read(end - start)
    for _, _, data in iter_mbox(io.BytesIO(span), len(span)):
        return io.BytesIO(data)
    raise OSError(f"no message at byte {start}: the mbox file changed since it was listed")


def mbox_folder_name(relative: str) -> str:
    """Thunderbird-style `Archive.sbd/2024` → `Archive/2024`; `Sent.mbox` → `Sent`."""
    parts = [p[:-4] if p.endswith((".sbd", ".mbx")) else p for p in relative.split(os.sep)]
    if parts[-1].endswith(".mbox"):
        parts[-1] = parts[-1][:-5]
    return "/".join(parts)


class MboxSource(MailSource):
    """One mbox file, or a folder of them (each file one mail folder)."""

    source_type = "mbox"

    def __init__(self, path: str, name: str, limits: Limits | None = None):
        super().__init__(name, name)
        self.path = path
        self.limits = limits or Limits()
        self._paths: dict[str, str] = {}

    @classmethod
    def from_target(cls, target, options) -> "MboxSource":
        return cls(target.spec, target.display, getattr(options, "limits", None))

    def folders(self, report_error) -> Iterator[str]:
        if os.path.isfile(self.path):
            self._paths = {"": self.path}
            yield ""
            return
        if not os.path.isdir(self.path):
            report_error(ScanError(self.name, "list", "no such mbox file or folder"))
            return
        found = {}
        for folder, subfolders, files in os.walk(self.path):
            subfolders.sort()
            for file_name in sorted(files):
                path = os.path.join(folder, file_name)
                if file_name.startswith(".") or file_name.endswith((".msf", ".dat", ".json")):
                    continue
                try:
                    is_mbox = _head(path).startswith(b"From ")
                except OSError as exc:
                    report_error(ScanError(path, "list", f"cannot read: {exc.strerror or exc}"))
                    continue
                if is_mbox:
                    found[mbox_folder_name(os.path.relpath(path, self.path))] = path
        self._paths = found
        yield from sorted(found, key=lambda f: (f != "INBOX", f))

    def messages(self, folder: str, report_error) -> Iterator[MessageRef]:
        path = folder_path(self, folder)
        limit = self.limits.max_member_bytes
        with open_readonly(path) as handle:
            for start, end, data in iter_mbox(handle, limit):
                if not data:
                    report_error(ScanError(f"{self.folder_location(folder)}/offset-{start}", "list",
                                           f"message larger than {limit} bytes: not read"))
                    continue
                headers = parse_headers(data[:HEADER_BYTES])
                digest = hashlib.blake2b(data, digest_size=12).hexdigest()
                yield MessageRef(
                    key=f"offset-{start}",
                    opener=functools.partial(read_mbox_span, path, start, end),
                    message_id=message_id(headers),
                    date=message_date(headers),
                    size=len(data),
                    version=f"{start}:{digest}",
                )
