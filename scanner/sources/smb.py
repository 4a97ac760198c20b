"""Windows and Samba file shares over SMB 2/3 (smbprotocol), read-only, without mounting them."""
from __future__ import annotations

import atexit
import functools
import logging
import os
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Callable, Iterator, Optional
from urllib.parse import parse_qsl, unquote, urlsplit

import smbclient
from smbclient._io import SMBFileTransaction, SMBRawIO
from smbprotocol.exceptions import SMBOSError
from smbprotocol.open import SMB2QueryInfoRequest, SMB2QueryInfoResponse
from smbprotocol.security_descriptor import SMB2CreateSDBuffer

from scanner.models import Item, ScanError
from scanner.sources.files import matches
from scanner.sources.smb_names import AccountNames
from scanner.targets import TargetError

# smbprotocol logs tracebacks of dropped connections; the scan reports them in errors.csv instead.
for _library in ("smbprotocol", "smbclient", "spnego"):
    logging.getLogger(_library).addHandler(logging.NullHandler())

PASSWORD_VARIABLE = "LEIDUR_SMB_PASSWORD"
AUTH_PROTOCOLS = ("negotiate", "ntlm", "kerberos")
_DIRECTORY = 0x10  # FILE_ATTRIBUTE_DIRECTORY
_REPARSE_POINT = 0x400  # symbolic links, junctions, DFS links
_READ_CONTROL = 0x00020000
_OWNER_SECURITY_INFORMATION = 0x1
_SMB2_0_INFO_SECURITY = 0x03
_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
# Why a file could not be opened, in the DPO's words (the status name stays for the administrator).
OPEN_REFUSED = {
    0xC0000043: "locked: another user has the file open without sharing it (STATUS_SHARING_VIOLATION)",
    0xC0000022: "access denied: the scanning account may not read this file (STATUS_ACCESS_DENIED)",
    0xC0000054: "locked: a byte-range lock blocks reading (STATUS_FILE_LOCK_CONFLICT)",
}

# Names for the SIDs every Windows and Samba server uses, for servers that will not translate
# SIDs; other owners are then shown as SIDs (an administrator resolves them with `wbinfo -s`).
WELL_KNOWN_SIDS = {
    "S-1-1-0": "Everyone",
    "S-1-3-0": "CREATOR OWNER",
    "S-1-5-18": "NT AUTHORITY\\SYSTEM",
    "S-1-5-19": "NT AUTHORITY\\LOCAL SERVICE",
    "S-1-5-20": "NT AUTHORITY\\NETWORK SERVICE",
    "S-1-5-32-544": "BUILTIN\\Administrators",
    "S-1-5-32-545": "BUILTIN\\Users",
    "S-1-22-1-0": "Unix User\\root",
}


@dataclass(frozen=True)
class SmbConnection:
    """How to reach one server. It travels to worker processes inside each Item's opener."""

    server: str
    port: int = 445
    username: Optional[str] = None
    password: Optional[str] = field(default=None, repr=False)  # never in repr, logs or errors
    auth_protocol: str = "negotiate"
    encrypt: Optional[bool] = None
    timeout: int = 30

    def kwargs(self) -> dict:
        """Arguments every smbclient call takes; a dropped connection is re-made from them."""
        return {
            "username": self.username,
            "password": self.password,
            "port": self.port,
            "auth_protocol": self.auth_protocol,
            "encrypt": self.encrypt,
            "connection_timeout": self.timeout,
            "connection_cache": _connection_cache(self.encrypt),
        }

    def unc(self, share: str, path: str = "") -> str:
        parts = [self.server, share, *[p for p in path.split("/") if p]]
        return "\\\\" + "\\".join(parts)


_caches: dict[tuple[int, Optional[bool]], dict] = {}


def _connection_cache(encrypt: Optional[bool] = None) -> dict:
    """One connection pool per process, and per encryption choice (a session cannot change it later).

    A forked worker must never share its parent's socket, so a pool belongs to one process id.
    """
    key = (os.getpid(), encrypt)
    cache = _caches.get(key)
    if cache is None:
        inherited = [k for k in _caches if k[0] != key[0]]
        if inherited:
            # A forked worker: the parent's pools are left alone (never closed from here), and the
            # worker becomes a client of its own, since servers tie opens and leases to the client GUID.
            for stale in inherited:
                del _caches[stale]
            smbclient.ClientConfig().client_guid = uuid.uuid4()
        cache = _caches[key] = {}
    return cache


@atexit.register
def _log_off() -> None:
    """Log off this process's own sessions at exit (a forked copy of the parent's is left alone)."""
    for (pid, _), cache in list(_caches.items()):
        if pid == os.getpid():
            smbclient.reset_connection_cache(fail_on_error=False, connection_cache=cache)


def register_session(connection: SmbConnection) -> None:
    """Connect and log on once per process; later calls reuse the session."""
    args = connection.kwargs()
    args.pop("connection_timeout")
    session = smbclient.register_session(connection.server, connection_timeout=connection.timeout, **args)
    # smbprotocol waits 2 x 10 minutes before it gives up on a server that stopped answering;
    # the scan should notice a frozen server within two timeouts instead of hanging a worker.
    transport = session.connection
    if getattr(transport, "_receive_timeout", 0) > connection.timeout:
        transport._receive_timeout = connection.timeout


def open_smb_file(connection: SmbConnection, unc_path: str):
    """Open one file for reading through this process's session, sharing read, write and delete.

    Sharing everything means the scan never stops a user from opening, saving or
    deleting the file meanwhile; a file someone else opened without sharing fails
    here with a sharing violation, which the worker records as an open error.
    """
    try:
        register_session(connection)
        return smbclient.open_file(unc_path, mode="rb", share_access="rwd", buffering=1 << 20, **connection.kwargs())
    except SMBOSError as exc:
        reason = OPEN_REFUSED.get(exc.ntstatus)
        if reason is None:
            raise
        raise PermissionError(reason) from None
    except OSError:
        raise
    except Exception as exc:  # connection lost or logon refused: an open error for this file, not a crash
        raise ConnectionError(_reason(exc)) from None


def file_owner_sid(connection: SmbConnection, unc_path: str) -> Optional[str]:
    """The owner SID in the file's security descriptor, or None where the server does not reveal it.

    smbclient has no call for this, so one compound request opens the file for
    READ_CONTROL only (never blocked by other users' sharing modes), queries the
    owner and closes it: one round trip.
    """
    raw = SMBRawIO(unc_path, mode="r", share_access="rwd", desired_access=_READ_CONTROL, **connection.kwargs())
    request = SMB2QueryInfoRequest()
    request["info_type"] = _SMB2_0_INFO_SECURITY
    request["file_info_class"] = 0
    request["additional_information"] = _OWNER_SECURITY_INFORMATION
    request["output_buffer_length"] = 4096
    request["file_id"] = raw.fd.file_id

    def receive(sent):
        response = SMB2QueryInfoResponse()
        response.unpack(raw.fd.connection.receive(sent)["data"].get_value())
        descriptor = SMB2CreateSDBuffer()
        descriptor.unpack(response["buffer"].get_value())
        return descriptor.get_owner()

    try:
        with SMBFileTransaction(raw) as transaction:
            transaction += (request, receive)
        sid = transaction.results[0]
    except SMBOSError:  # no READ_CONTROL right, or a server that hides owners: leave it empty
        return None
    return None if sid is None else str(sid)


def _modified(info) -> Optional[datetime]:
    value = info.last_write_time
    return value if isinstance(value, datetime) else None


def _version(size: int, modified: Optional[datetime]) -> str:
    """Size and last-write time in whole microseconds (integer arithmetic: no float rounding)."""
    micros = (modified - _EPOCH) // timedelta(microseconds=1) if modified else 0
    return f"{size}:{micros}"


@dataclass
class SmbAddress:
    """A parsed `smb://[DOMAIN;]user[:password]@server[:port]/share[/path]`."""

    connection: SmbConnection
    share: str
    path: str  # below the share, '/'-separated, no leading slash
    owners: bool = True  # look up each file's owner (one more round trip per file)

    @property
    def root_location(self) -> str:
        return location(self.connection, self.share, self.path)


def location(connection: SmbConnection, share: str, path: str) -> str:
    """`smb://server/share/path`: no user, no password; the port only when it is not 445."""
    host = connection.server if connection.port == 445 else f"{connection.server}:{connection.port}"
    return "/".join(p for p in (f"smb://{host}", share, path.strip("/")) if p)


def _password(settings: dict, url_password: Optional[str], environ) -> Optional[str]:
    if url_password:
        return url_password
    if settings.get("password_env"):
        name = settings["password_env"]
        if name not in environ:
            raise TargetError(f"environment variable {name} (password_env) is not set")
        return environ[name]
    if settings.get("password_file"):
        try:
            return Path(settings["password_file"]).expanduser().read_text(encoding="utf-8").rstrip("\r\n")
        except OSError as exc:
            raise TargetError(f"cannot read password_file: {exc.strerror or exc}") from None
    return environ.get(PASSWORD_VARIABLE)


def _flag(value, default: Optional[bool]) -> Optional[bool]:
    """A yes/no setting from YAML (a bool) or a URL query (text)."""
    if value is None or isinstance(value, bool):
        return default if value is None else value
    return str(value).strip().lower() in ("1", "yes", "true", "on")


def parse_smb_url(spec: str, settings: dict | None = None, environ=None) -> SmbAddress:
    """Settings come from the config file, else from URL query parameters (?auth=kerberos&encrypt=yes)."""
    environ = os.environ if environ is None else environ
    parts = urlsplit(spec)
    settings = {**dict(parse_qsl(parts.query)), **(settings or {})}
    if parts.scheme.lower() != "smb" or not parts.hostname:
        raise TargetError("an SMB target looks like smb://[DOMAIN;]user@server[:port]/share[/path]")
    segments = [unquote(s) for s in parts.path.split("/") if s]
    if not segments:
        raise TargetError("the SMB target names no share: smb://user@server/share[/path]")
    username = unquote(parts.username) if parts.username else settings.get("username")
    if username and ";" in username:  # DOMAIN;user as smbclient and Windows write it
        domain, _, user = username.partition(";")
        username = f"{domain}\\{user}"
    auth = str(settings.get("auth", "negotiate")).lower()
    if auth not in AUTH_PROTOCOLS:
        raise TargetError(f"auth must be one of {', '.join(AUTH_PROTOCOLS)}")
    password = _password(settings, unquote(parts.password) if parts.password else None, environ)
    if password is None and auth != "kerberos":
        raise TargetError(f"no SMB password: set {PASSWORD_VARIABLE}, password_env or password_file "
                          "(or auth: kerberos with a ticket from kinit)")
    try:
        port = parts.port or 445
    except ValueError:
        raise TargetError("the SMB port is not a number") from None
    connection = SmbConnection(
        server=parts.hostname,
        port=port,
        username=username,
        password=password,
        auth_protocol=auth,
        encrypt=_flag(settings.get("encrypt"), None),
        timeout=int(settings.get("timeout", 30)),
    )
    return SmbAddress(connection, segments[0], "/".join(segments[1:]), _flag(settings.get("owners"), True))


class SmbSource:
    source_type = "smb"

    def __init__(self, address: SmbAddress, name: str, include=None, exclude=None, max_file_size: int | None = None):
        self.address = address
        self.name = name
        self.include = list(include or [])
        self.exclude = list(exclude or [])
        self.max_file_size = max_file_size
        self._names: Optional[AccountNames] = None

    @classmethod
    def from_target(cls, target, options) -> "SmbSource":
        settings = {**vars(options), **target.options} if options else dict(target.options)
        try:
            address = parse_smb_url(target.spec, settings)
        except TargetError as exc:
            raise TargetError(f"{target.display}: {exc}") from None
        return cls(
            address,
            target.display,
            include=settings.get("include"),
            exclude=settings.get("exclude"),
            max_file_size=settings.get("max_file_size"),
        )

    @property
    def credentials(self) -> SmbConnection:
        """What a cluster worker must rebuild from its own environment (see scanner/cluster/units.py)."""
        return self.address.connection

    def items(self, report_error: Callable[[ScanError], None]) -> Iterator[Item]:
        if not self._connect(report_error):
            return
        try:
            parts, seen = self._top()
            for part in parts:  # one walk: a folder reached twice through links is walked once
                yield from self._part(part, report_error, seen)
        finally:
            self.close()

    def parts(self, report_error: Callable[[ScanError], None]) -> list[str]:
        """The target's own files (`""`), then each top-level folder: separate listings on a cluster."""
        if not self._connect(report_error):
            return []
        try:
            return self._top()[0]
        finally:
            self.close()

    def part_items(self, part: str, report_error: Callable[[ScanError], None]) -> Iterator[Item]:
        if not self._connect(report_error):
            return
        try:
            yield from self._part(part, report_error, self._top()[1])
        finally:
            self.close()

    def _connect(self, report_error) -> bool:
        address, connection = self.address, self.address.connection
        try:
            register_session(connection)
        except Exception as exc:
            report_error(ScanError(address.root_location, "connect", _reason(exc)))
            return False
        self._names = AccountNames(connection.server, connection.kwargs()) if address.owners else None
        return True

    def close(self) -> None:
        if self._names is not None:
            self._names.close()
            self._names = None

    def _owner(self, unc: str) -> Optional[str]:
        """DOMAIN\\user as the server names the owner, else a well-known name, else the SID."""
        if self._names is None:
            return None
        try:
            sid = file_owner_sid(self.address.connection, unc)
        except Exception:  # the connection is in trouble: no more owner look-ups, each could wait a timeout
            self._names.close()
            self._names = None
            return None
        if sid is None:
            return None
        return self._names.name(sid) or WELL_KNOWN_SIDS.get(sid, sid)

    def _top(self) -> tuple[list[str], set]:
        """The parts, and the server's file ids of the target and its top-level folders (seen before any walk).

        Problems with the top level (unlistable, links) are left to the `""` part to report, once.
        """
        path = self.address.path
        seen = {self._folder_id(path)} - {0}
        try:
            if path and not self._entry(path).smb_info.file_attributes & _DIRECTORY:
                return [""], seen
            entries = sorted(self._list(path), key=lambda e: e.name)
        except Exception:
            return [""], seen
        folders = [e.name for e in entries
                   if e.smb_info.file_attributes & _DIRECTORY and _folder_problem(e.smb_info, seen) is None]
        return ["", *(f"{path}/{name}" if path else name for name in folders)], seen

    def _part(self, part: str, report_error, seen: set) -> Iterator[Item]:
        """`""`: the target itself if it is a file, else the files directly in it; a folder: its whole tree."""
        address = self.address
        if part:
            yield from self._walk(part, report_error, seen)
            return
        if address.path:  # a sub-folder or a single file of the share
            try:
                root = self._entry(address.path)
            except Exception as exc:
                report_error(ScanError(address.root_location, "list", _reason(exc)))
                return
            if not root.smb_info.file_attributes & _DIRECTORY:
                item = self._item(address.path, root.name, root.smb_info, report_error)
                if item is not None:
                    yield item
                return
        top_level = {self._folder_id(address.path)} - {0}  # the top level's own problems, as one walk finds them
        yield from self._walk(address.path, report_error, top_level, recursive=False)

    def _walk(self, top: str, report_error: Callable[[ScanError], None], seen: set,
              recursive: bool = True) -> Iterator[Item]:
        """Folders `seen`, by the server's file id: a Linux server follows symbolic links itself, so a
        link back to a parent would otherwise make the walk endless."""
        address, connection = self.address, self.address.connection
        stack = [top]
        while stack:
            folder = stack.pop()
            try:
                entries = sorted(self._list(folder), key=lambda e: e.name)
            except Exception as exc:
                report_error(ScanError(location(connection, address.share, folder), "list", _reason(exc)))
                if not isinstance(exc, SMBOSError) and not self._reconnect():
                    report_error(ScanError(address.root_location, "connect",
                                           f"connection lost: {len(stack)} more folders not listed"))
                    return
                continue
            subfolders = []
            for entry in entries:
                relative_to_share = f"{folder}/{entry.name}" if folder else entry.name
                info = entry.smb_info
                if info.file_attributes & _DIRECTORY:
                    problem = _folder_problem(info, seen)
                    if problem:
                        report_error(ScanError(location(connection, address.share, relative_to_share), "list", problem))
                    elif recursive:  # else a top-level folder: a part of its own
                        subfolders.append(relative_to_share)
                    continue
                item = self._item(relative_to_share, entry.name, info, report_error)
                if item is not None:
                    yield item
            stack.extend(reversed(subfolders))

    def _list(self, folder: str):
        unc = self.address.connection.unc(self.address.share, folder)
        return [e for e in smbclient.scandir(unc, **self.address.connection.kwargs()) if e.name not in (".", "..")]

    def _reconnect(self) -> bool:
        try:
            register_session(self.address.connection)
            return True
        except Exception:
            return False

    def _folder_id(self, path: str) -> int:
        """The server's file id of a folder, 0 if it has none (then loops are caught by the server's path limit)."""
        try:
            return smbclient.stat(self.address.connection.unc(self.address.share, path),
                                  **self.address.connection.kwargs()).st_ino
        except Exception:
            return 0

    def _entry(self, path: str):
        parent, _, name = path.rpartition("/")
        unc = self.address.connection.unc(self.address.share, parent)
        for entry in smbclient.scandir(unc, search_pattern=name, **self.address.connection.kwargs()):
            if entry.name.lower() == name.lower():
                return entry
        raise FileNotFoundError(f"no such file or folder: {name}")

    def _item(self, path: str, name: str, info, report_error) -> Optional[Item]:
        address, connection = self.address, self.address.connection
        relative = (path[len(address.path):].lstrip("/") if address.path else path) or name
        if not matches(relative, self.include, self.exclude):
            return None
        where = location(connection, address.share, path)
        size = int(info.end_of_file)
        if self.max_file_size and size > self.max_file_size:
            report_error(ScanError(where, "list", f"larger than --max-file-size ({size} bytes): not read"))
            return None
        unc = connection.unc(address.share, path)
        modified = _modified(info)
        return Item(
            location=where,
            source=self.name,
            source_type=self.source_type,
            size=size,
            modified=modified,
            created=info.creation_time if isinstance(info.creation_time, datetime) else None,
            owner=self._owner(unc),
            opener=functools.partial(open_smb_file, connection, unc),
            name_hint=name,
            version=_version(size, modified),
        )


def _folder_problem(info, seen: set) -> Optional[str]:
    """Why a folder is not walked (a link, one already walked), or None, and then it counts as seen."""
    if info.file_attributes & _REPARSE_POINT:
        return "link or junction to another folder: not followed"
    if info.file_id and info.file_id in seen:
        return "the same folder as one already scanned (a link back to it?): not walked again"
    seen.add(info.file_id)
    return None


def _reason(exc: BaseException) -> str:
    """A one-line reason; smbprotocol's messages name paths and status codes, never the password."""
    from scanner.extractors import describe

    return describe(exc)
