"""IMAP and IMAPS mailboxes, strictly read-only: folders opened with EXAMINE, bodies fetched with BODY.PEEK[].

    imaps://dpo-scan@mail.example.ee/INBOX        one folder
    imaps://dpo-scan@mail.example.ee/INBOX,Sent   a list
    imaps://dpo-scan@mail.example.ee/*            every folder (any LIST pattern with * or %)

The main process lists messages (UID, size, Message-ID, Date) in batches;
worker processes fetch each message by UID through a connection cached per
process (`fetch_message`), so Items pickle and no socket crosses processes.
A lost connection is reopened and the listing resumes at the batch it was in.
The password never appears in an Item's repr, a location or an error.
"""
from __future__ import annotations

import functools
import imaplib
import io
import os
import re
import ssl
from dataclasses import dataclass, field
from datetime import datetime
from typing import IO, Callable, Iterator, Optional
from urllib.parse import parse_qs, unquote, urlsplit

from scanner.extractors import Limits, describe
from scanner.extractors.email import message_date, message_id, parse_headers
from scanner.models import ScanError
from scanner.sources.mailbox import MailSource, MessageRef
from scanner.targets import TargetError

DEFAULT_PASSWORD_ENV = "LEIDUR_IMAP_PASSWORD"
LIST_BATCH = 500  # UIDs per FETCH while listing
RETRIES = 3
_LOST = (imaplib.IMAP4.abort, OSError, EOFError)  # ssl.SSLError and socket errors are OSErrors


@dataclass(frozen=True)
class ImapAccount:
    """How to reach and log in to one IMAP account (picklable; the password is kept out of repr)."""

    host: str
    port: int
    user: str
    password: str = field(repr=False)
    implicit_tls: bool = True  # imaps://; imap:// uses STARTTLS where the server offers it
    ca_file: Optional[str] = None
    timeout: float = 60.0

    def connect(self) -> imaplib.IMAP4:
        context = ssl.create_default_context(cafile=self.ca_file)
        if self.implicit_tls:
            conn = imaplib.IMAP4_SSL(self.host, self.port, ssl_context=context, timeout=self.timeout)
        else:
            conn = imaplib.IMAP4(self.host, self.port, timeout=self.timeout)
            if "STARTTLS" in conn.capabilities:
                conn.starttls(ssl_context=context)
        try:
            conn.login(self.user, self.password)
        except imaplib.IMAP4.error as exc:
            _close(conn)
            raise PermissionError(f"login as {self.user} refused: {_text(exc)}") from None
        return conn


class MailFolderChanged(OSError):
    """The folder's UIDVALIDITY changed since it was listed: its UIDs no longer name the same messages."""


@dataclass
class FolderState:
    """What an incremental scan remembers per folder: UIDs are only comparable under one UIDVALIDITY."""

    uidvalidity: int
    highest_uid: int = 0
    messages: int = 0


def _text(value) -> str:
    if isinstance(value, imaplib.IMAP4.error) and value.args:
        value = value.args[0]
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return str(value)


def _close(conn: imaplib.IMAP4) -> None:
    try:
        conn.logout()
    except Exception:
        pass


# ---- folder names (RFC 3501 modified UTF-7) ------------------------------------------------

def decode_folder(raw: str) -> str:
    def part(match: re.Match) -> str:
        body = match.group(1)
        if not body:
            return "&"
        import base64

        data = base64.b64decode(body.replace(",", "/") + "=" * (-len(body) % 4))
        return data.decode("utf-16-be", "replace")

    return re.sub(r"&([A-Za-z0-9+,]*)-", part, raw)


def encode_folder(name: str) -> str:
    import base64

    out, pending = [], []

    def flush():
        if pending:
            data = base64.b64encode("".join(pending).encode("utf-16-be")).decode().rstrip("=")
            out.append("&" + data.replace("/", ",") + "-")
            pending.clear()

    for ch in name:
        if 0x20 <= ord(ch) <= 0x7E:
            flush()
            out.append("&-" if ch == "&" else ch)
        else:
            pending.append(ch)
    flush()
    return "".join(out)


def quote(name: str) -> str:
    encoded = encode_folder(name)
    return '"' + encoded.replace("\\", "\\\\").replace('"', '\\"') + '"'


_LIST_LINE = re.compile(rb'\((?P<flags>[^)]*)\) (?P<sep>"(?:[^"\\]|\\.)*"|NIL) (?P<name>.*)$')


def parse_list(lines) -> list[str]:
    """Selectable folder names from a LIST response (quoted, atom or literal names)."""
    names = []
    for entry in lines:
        if entry is None:
            continue
        if isinstance(entry, tuple):  # a literal name: (b'(\\flags) "/" {12}', b'name')
            head, name = entry[0], entry[1]
        else:
            head, name = entry, None
        match = _LIST_LINE.match(head)
        if not match:
            continue
        flags = match.group("flags").lower()
        if b"\\noselect" in flags or b"\\nonexistent" in flags:
            continue
        if name is None:
            name = match.group("name").strip()
            if name.startswith(b'"') and name.endswith(b'"'):
                name = re.sub(rb"\\(.)", rb"\1", name[1:-1])
        names.append(decode_folder(name.decode("utf-8", "replace")))
    return names


# ---- fetching in worker processes ----------------------------------------------------------

_connections: dict[ImapAccount, tuple[int, imaplib.IMAP4, list]] = {}


def _worker_connection(account: ImapAccount, fresh: bool = False) -> tuple[imaplib.IMAP4, list]:
    """This process's connection for `account`; a connection inherited across fork() is never used."""
    cached = _connections.get(account)
    if cached and (fresh or cached[0] != os.getpid()):
        if cached[0] == os.getpid():
            _close(cached[1])
        cached = None
    if cached is None:
        cached = (os.getpid(), account.connect(), [None])  # [(selected folder, its UIDVALIDITY)]
        _connections[account] = cached
    return cached[1], cached[2]


def examine(conn: imaplib.IMAP4, folder: str) -> int:
    """Open `folder` read-only (EXAMINE) and return its UIDVALIDITY."""
    typ, data = conn.select(quote(folder), readonly=True)
    if typ != "OK":
        raise FileNotFoundError(f"cannot open folder: {_text(data[0] if data else typ)}")
    _, values = conn.response("UIDVALIDITY")
    try:
        return int(values[0])
    except (TypeError, ValueError, IndexError):
        return 0


def _fetch_once(account: ImapAccount, folder: str, uidvalidity: int, uid: int, fresh: bool) -> bytes:
    conn, selected = _worker_connection(account, fresh)
    if selected[0] != (folder, uidvalidity):
        selected[0] = None
        if examine(conn, folder) != uidvalidity:
            raise MailFolderChanged(f"folder {folder} was recreated on the server (UIDVALIDITY changed): rescan it")
        selected[0] = (folder, uidvalidity)
    typ, data = conn.uid("FETCH", str(uid), "(BODY.PEEK[])")
    if typ != "OK":
        raise OSError(f"the server refused to send the message: {_text(data[0] if data else typ)}")
    for entry in data:
        if isinstance(entry, tuple) and len(entry) > 1:
            return entry[1]
    raise FileNotFoundError(f"message UID {uid} is no longer on the server")


def fetch_message(account: ImapAccount, folder: str, uidvalidity: int, uid: int) -> IO[bytes]:
    """The raw message, peeked (no \\Seen flag is set); one reconnect if the connection was lost."""
    try:
        try:
            return io.BytesIO(_fetch_once(account, folder, uidvalidity, uid, fresh=False))
        except _LOST as exc:
            if isinstance(exc, (MailFolderChanged, FileNotFoundError, PermissionError)):
                raise
            return io.BytesIO(_fetch_once(account, folder, uidvalidity, uid, fresh=True))
    except imaplib.IMAP4.abort as exc:
        raise ConnectionError(f"connection lost twice: {_text(exc)}") from None
    except imaplib.IMAP4.error as exc:  # a protocol error: an OSError so the worker records it at "open"
        raise OSError(f"the server refused: {_text(exc)}") from None


# ---- the source ----------------------------------------------------------------------------

_FETCH_ITEM = re.compile(rb"UID (\d+)|RFC822\.SIZE (\d+)")


def _password(parts, query: dict, options: dict, environ) -> str:
    if parts.password is not None:
        return unquote(parts.password)
    password_file = options.get("password_file") or query.get("password_file")
    if password_file:
        try:
            with open(os.path.expanduser(str(password_file)), encoding="utf-8") as handle:
                return handle.readline().rstrip("\r\n")  # the first line: a file may end with a comment
        except OSError as exc:
            raise TargetError(f"cannot read password_file: {exc.strerror or exc}") from None
    variable = options.get("password_env") or query.get("password_env") or DEFAULT_PASSWORD_ENV
    if variable not in environ:
        raise TargetError(f"no IMAP password: set the environment variable {variable}")
    return environ[variable]


class ImapSource(MailSource):
    source_type = "imap"

    def __init__(self, account: ImapAccount, name: str, base: str, folders: list[str],
                 limits: Limits | None = None):
        super().__init__(name, base)
        self.account = account
        self.wanted = folders
        self.limits = limits or Limits()
        self.folder_state: dict[str, FolderState] = {}  # filled while listing; see docs/mail.md
        self._conn: Optional[imaplib.IMAP4] = None

    @classmethod
    def from_target(cls, target, options, environ=None) -> "ImapSource":
        environ = os.environ if environ is None else environ
        parts = urlsplit(target.spec)
        if not parts.hostname or not parts.username:
            raise TargetError(f"{target.display}: write the account as imaps://user@host/FOLDER")
        query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
        settings = {**query, **target.options}
        implicit = parts.scheme.lower() == "imaps"
        try:
            port = parts.port or (993 if implicit else 143)
        except ValueError:
            raise TargetError(f"{target.display}: bad port") from None
        account = ImapAccount(
            host=parts.hostname,
            port=port,
            user=unquote(parts.username),
            password=_password(parts, query, target.options, environ),
            implicit_tls=implicit,
            ca_file=settings.get("ca_file") or settings.get("ca"),
            timeout=float(settings.get("timeout", 60)),
        )
        folders = settings.get("folders")
        if isinstance(folders, str):
            folders = [folders]
        if not folders:
            path = unquote(parts.path.lstrip("/"))
            folders = [f for f in path.split(",") if f] or ["INBOX"]
        host = f"[{parts.hostname}]" if ":" in parts.hostname else parts.hostname  # IPv6 literal
        netloc = f"{parts.username}@{host}" + (f":{parts.port}" if parts.port else "")  # user as written: %40 stays
        base = f"{parts.scheme.lower()}://{netloc}"
        return cls(account, target.display, base, folders, getattr(options, "limits", None))

    # -- connection held by the listing (main process) --
    def _connection(self, fresh: bool = False) -> imaplib.IMAP4:
        if fresh and self._conn is not None:
            _close(self._conn)
            self._conn = None
        if self._conn is None:
            self._conn = self.account.connect()
        return self._conn

    def folders(self, report_error: Callable[[ScanError], None]) -> Iterator[str]:
        try:
            conn = self._connection()
            names: list[str] = []
            for wanted in self.wanted:
                if "*" in wanted or "%" in wanted:
                    typ, lines = conn.list('""', quote(wanted))
                    if typ != "OK":
                        raise OSError(f"LIST refused: {_text(lines[0] if lines else typ)}")
                    names.extend(n for n in parse_list(lines) if n not in names)
                elif wanted not in names:
                    names.append(wanted)
        except (imaplib.IMAP4.error, *_LOST) as exc:
            report_error(ScanError(self.base, "connect", describe(exc)))
            return
        yield from names

    def messages(self, folder: str, report_error: Callable[[ScanError], None]) -> Iterator[MessageRef]:
        location = self.folder_location(folder)
        try:
            uidvalidity, uids = self._open_folder(folder, fresh=False)
        except FileNotFoundError as exc:
            report_error(ScanError(location, "list", str(exc)))
            return
        self.folder_state[folder] = FolderState(uidvalidity, max(uids, default=0), len(uids))
        for start in range(0, len(uids), LIST_BATCH):
            batch = uids[start:start + LIST_BATCH]
            for uid, size, headers in self._list_batch(folder, uidvalidity, batch):
                if size is not None and size > self.limits.max_member_bytes:
                    report_error(ScanError(f"{location}/uid-{uid}", "list",
                                           f"message larger than {self.limits.max_member_bytes} bytes: not read"))
                    continue
                yield MessageRef(
                    key=f"uid-{uid}",
                    opener=functools.partial(fetch_message, self.account, folder, uidvalidity, uid),
                    message_id=message_id(headers),
                    date=message_date(headers),
                    size=size,
                    version=f"{uidvalidity}:{uid}",
                )

    def _open_folder(self, folder: str, fresh: bool) -> tuple[int, list[int]]:
        for attempt in range(RETRIES):
            try:
                conn = self._connection(fresh=fresh or attempt > 0)
                uidvalidity = examine(conn, folder)
                typ, data = conn.uid("SEARCH", None, "ALL")
                if typ != "OK":
                    raise OSError(f"SEARCH refused: {_text(data[0] if data else typ)}")
                return uidvalidity, sorted(int(u) for u in b" ".join(d for d in data if d).split())
            except (FileNotFoundError, MailFolderChanged):
                raise
            except _LOST:
                if attempt == RETRIES - 1:
                    raise
        raise AssertionError("unreachable")

    def _list_batch(self, folder: str, uidvalidity: int, batch: list[int]):
        """(uid, size, headers) of a batch of UIDs; a lost connection is reopened and the batch retried."""
        query = "(UID RFC822.SIZE BODY.PEEK[HEADER.FIELDS (MESSAGE-ID DATE)])"
        for attempt in range(RETRIES):
            try:
                conn = self._connection()
                if attempt:
                    if examine(conn, folder) != uidvalidity:
                        raise MailFolderChanged(f"folder {folder} was recreated on the server during the scan")
                typ, data = conn.uid("FETCH", ",".join(map(str, batch)), query)
                if typ != "OK":
                    raise OSError(f"FETCH refused: {_text(data[0] if data else typ)}")
                return list(_parse_listing(data))
            except (FileNotFoundError, MailFolderChanged):
                raise
            except _LOST:
                if attempt == RETRIES - 1:
                    raise
                self._connection(fresh=True)
        return []

    def close(self) -> None:
        if self._conn is not None:
            _close(self._conn)
            self._conn = None

    @property
    def credentials(self) -> ImapAccount:
        """What a cluster worker must rebuild from its own environment (see scanner/cluster/units.py)."""
        return self.account


def _parse_listing(data) -> Iterator[tuple[int, Optional[int], object]]:
    for entry in data:
        if not isinstance(entry, tuple):
            continue
        uid = size = None
        for match in _FETCH_ITEM.finditer(entry[0]):
            if match.group(1):
                uid = int(match.group(1))
            elif match.group(2):
                size = int(match.group(2))
        if uid is not None:
            yield uid, size, parse_headers(entry[1] or b"")

