"""Account names for owner SIDs, asked of the file server itself (MS-LSAT LsarLookupSids over \\PIPE\\lsarpc)."""
from __future__ import annotations

import struct
import uuid
from typing import Optional

import smbclient

_LSARPC = uuid.UUID("12345778-1234-abcd-ef00-0123456789ab").bytes_le + struct.pack("<HH", 0, 0)
_NDR = uuid.UUID("8a885d04-1ceb-11c9-9fe8-08002b104860").bytes_le + struct.pack("<I", 2)
_BIND, _BIND_ACK, _REQUEST, _RESPONSE, _FAULT = 11, 12, 0, 2, 3
_LAST_FRAGMENT = 0x02
_OPEN_POLICY2, _LOOKUP_SIDS, _CLOSE = 44, 15, 0
_POLICY_LOOKUP_NAMES = 0x00000800
_LOOKUP_WORKSTATION = 1  # LsapLookupWksta: the server asks its domain controller when it must
_SID_TYPE_DOMAIN = 3
_MAPPED = (0x00000000, 0x00000107)  # STATUS_SUCCESS, STATUS_SOME_NOT_MAPPED
_FRAGMENT = 4280


class LookupError_(RuntimeError):
    """The server would not translate SIDs (no LSA service, no right): owners stay SIDs."""


def _pdu(ptype: int, call_id: int, body: bytes) -> bytes:
    header = struct.pack("<BBBB4sHHI", 5, 0, ptype, 0x03, b"\x10\x00\x00\x00", 16 + len(body), 0, call_id)
    return header + body


def _bind() -> bytes:
    context = struct.pack("<HBB", 0, 1, 0) + _LSARPC + _NDR
    return _pdu(_BIND, 1, struct.pack("<HHIBBH", _FRAGMENT, _FRAGMENT, 0, 1, 0, 0) + context)


def _sid_bytes(sid: str) -> bytes:
    """An RPC_SID with its conformance count in front, as NDR puts it."""
    parts = sid.split("-")
    if len(parts) < 3 or parts[0].upper() != "S":
        raise ValueError(f"not a SID: {sid}")
    revision, authority, subs = int(parts[1]), int(parts[2]), [int(p) for p in parts[3:]]
    return (struct.pack("<IBB", len(subs), revision, len(subs)) + authority.to_bytes(6, "big")
            + struct.pack(f"<{len(subs)}I", *subs))


def _lookup_stub(handle: bytes, sids: list[str]) -> bytes:
    stub = handle + struct.pack("<II", len(sids), 0x20000) + struct.pack("<I", len(sids))
    stub += b"".join(struct.pack("<I", 0x20004 + 4 * i) for i in range(len(sids)))
    stub += b"".join(_sid_bytes(sid) for sid in sids)
    # TranslatedNames (empty), LookupLevel (a 16-bit enum, padded), MappedCount
    return stub + struct.pack("<IIHHI", 0, 0, _LOOKUP_WORKSTATION, 0, 0)


class _Reader:
    """Just enough of an NDR reader for LsarLookupSids' answer."""

    def __init__(self, data: bytes):
        self.data, self.pos = data, 0

    def take(self, fmt: str):
        size = struct.calcsize("<" + fmt)
        align = 2 if fmt == "H" else 4  # every other field read here starts on a 4-byte boundary
        self.pos += -self.pos % align
        values = struct.unpack_from("<" + fmt, self.data, self.pos)
        self.pos += size
        return values if len(values) > 1 else values[0]

    def unicode_header(self) -> int:
        _length, _maximum, pointer = self.take("HHI")
        return pointer

    def unicode_body(self) -> str:
        _maximum, _offset, count = self.take("III")
        text = self.data[self.pos:self.pos + 2 * count].decode("utf-16-le")
        self.pos += 2 * count
        self.pos += -self.pos % 4
        return text

    def sid(self) -> None:
        count = self.take("I")
        self.pos += 8 + 4 * count


def _parse_lookup(stub: bytes) -> list[Optional[str]]:
    reader = _Reader(stub)
    domains: list[str] = []
    if reader.take("I"):  # ReferencedDomains
        entries, pointer, _max = reader.take("III")
        if pointer:
            reader.take("I")
            headers = [(reader.unicode_header(), reader.take("I")) for _ in range(entries)]
            for name_pointer, sid_pointer in headers:
                domains.append(reader.unicode_body() if name_pointer else "")
                if sid_pointer:
                    reader.sid()
    entries, pointer = reader.take("II")
    names: list[Optional[str]] = []
    if pointer:
        reader.take("I")
        headers = []
        for _ in range(entries):
            use = reader.take("H")
            headers.append((use, reader.unicode_header(), reader.take("i")))
        for use, name_pointer, domain_index in headers:
            name = reader.unicode_body() if name_pointer else ""
            domain = domains[domain_index] if 0 <= domain_index < len(domains) else ""
            if use == _SID_TYPE_DOMAIN or not domain:
                names.append(name or None)
            else:
                names.append(f"{domain}\\{name}" if name else None)
    reader.take("I")  # MappedCount
    status = reader.take("I")
    if status not in _MAPPED:
        return [None] * entries
    return names


class AccountNames:
    """Translates owner SIDs through one server's LSA service, remembering each answer."""

    def __init__(self, server: str, smb_kwargs: dict):
        self.server = server
        self.smb_kwargs = smb_kwargs
        self.known: dict[str, Optional[str]] = {}
        self.pipe = None
        self.handle: Optional[bytes] = None
        self.call_id = 1
        self.broken = False

    def name(self, sid: str) -> Optional[str]:
        """DOMAIN\\user for a SID, or None when the server does not say."""
        if sid not in self.known:
            self.known[sid] = None
            if not self.broken:
                try:
                    self.known[sid] = self._lookup([sid])[0]
                except Exception:  # no LSA service or no right to use it: SIDs stay SIDs
                    self.broken = True
                    self.close()
        return self.known[sid]

    def _call(self, opnum: int, stub: bytes) -> bytes:
        self.call_id += 1
        body = struct.pack("<IHH", len(stub), 0, opnum) + stub
        self.pipe.write(_pdu(_REQUEST, self.call_id, body))
        answer = b""
        while True:
            fragment = self.pipe.read(65536)
            ptype, flags = fragment[2], fragment[3]
            if ptype == _FAULT:
                raise LookupError_(f"RPC fault 0x{struct.unpack_from('<I', fragment, 24)[0]:08x}")
            if ptype != _RESPONSE:
                raise LookupError_(f"unexpected RPC packet type {ptype}")
            answer += fragment[24:struct.unpack_from("<H", fragment, 8)[0]]
            if flags & _LAST_FRAGMENT:
                return answer

    def _open(self) -> None:
        unc = f"\\\\{self.server}\\IPC$\\lsarpc"
        self.pipe = smbclient.open_file(unc, mode="r+b", buffering=0, file_type="pipe", share_access="rw",
                                        **self.smb_kwargs)
        self.pipe.write(_bind())
        if self.pipe.read(1024)[2] != _BIND_ACK:
            raise LookupError_("the server refused the LSA binding")
        object_attributes = struct.pack("<6I", 24, 0, 0, 0, 0, 0)
        answer = self._call(_OPEN_POLICY2, struct.pack("<I", 0) + object_attributes
                            + struct.pack("<I", _POLICY_LOOKUP_NAMES))
        if struct.unpack_from("<I", answer, 20)[0] != 0:
            raise LookupError_("the server refused to open its LSA policy")
        self.handle = answer[:20]

    def _lookup(self, sids: list[str]) -> list[Optional[str]]:
        if self.pipe is None:
            self._open()
        return _parse_lookup(self._call(_LOOKUP_SIDS, _lookup_stub(self.handle, sids)))

    def close(self) -> None:
        pipe, self.pipe = self.pipe, None
        if pipe is None:
            return
        try:
            if self.handle:
                self._call_quietly(pipe)
            pipe.close()
        except Exception:
            pass  # the connection is going away anyway

    def _call_quietly(self, pipe) -> None:
        self.pipe = pipe
        try:
            self._call(_CLOSE, self.handle)
        finally:
            self.pipe, self.handle = None, None
