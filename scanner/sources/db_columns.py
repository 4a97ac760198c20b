"""Database columns: which to read, what their names suggest, and how their cells become text chunks.

Shared by the database source and the SQLite file reader. Cells of one
column are joined with newlines into chunks of a few KB; each chunk says
where its cells start, so the worker can count how many cells matched.
"""
from __future__ import annotations

import io
import json
import re
import unicodedata
from dataclasses import dataclass
from typing import Iterable, Iterator, Optional

from sqlalchemy.types import (
    ARRAY, JSON, Boolean, Date, DateTime, Float, Integer, Interval, Numeric, String, Time, TypeEngine, Uuid,
    _Binary,
)

from scanner.extractors.text import iter_chunks
from scanner.models import Chunk

# Presidio's cost grows faster than the text: on a column where every cell matches, 1 KB
# chunks were measured twice as fast as 4 KB ones (benchmarks/bench_database.py, docs/databases.md).
CHUNK_CHARS = 1024
HUGE_CELL = 4 * CHUNK_CHARS  # longer cells are cut into overlapping chunks of their own

TEXT, JSONLIKE, ARRAYLIKE, NUMBER, BINARY, SKIP = "text", "json", "array", "number", "binary", "skip"

# Column-name evidence: words (after splitting snake_case and camelCase) -> entity type.
# Words of four letters or fewer must be a whole word of the name ("ik", "tel"); longer words
# may sit inside a compound ("kliendiisikukood"). Multi-word keys match consecutive words.
NAME_EVIDENCE: dict[str, tuple[str, ...]] = {
    "EE_PERSONAL_CODE": (
        "isikukood", "isikukoodid", "ik", "isikukoodi", "personal_code", "personal_id", "national_id",
        "id_code", "idcode", "ssn", "social_security", "identity_code", "personal_identification",
    ),
    "PERSON": (
        "eesnimi", "perenimi", "perekonnanimi", "eesnimed", "first_name", "firstname", "last_name",
        "lastname", "surname", "full_name", "fullname", "middle_name", "given_name", "family_name",
        "kontaktisik", "contact_person", "taisnimi", "nimi_ja_perenimi",
    ),
    "EMAIL_ADDRESS": ("email", "e_mail", "e_post", "epost", "e_posti", "meiliaadress", "mail", "meil"),
    "PHONE_NUMBER": ("telefon", "telefoni", "tel", "phone", "mobiil", "mobile", "gsm", "telefoninumber"),
    "IBAN_CODE": ("iban", "arveldusarve", "pangakonto", "bank_account", "kontonumber", "palgakonto", "account_iban"),
    "LOCATION": ("aadress", "address", "elukoht", "postiaadress", "street_address", "tanav", "street"),
    "DATE_OF_BIRTH": ("sunniaeg", "synniaeg", "sunnikuupaev", "birth_date", "birthdate", "date_of_birth", "dob", "birthday"),
    "IP_ADDRESS": ("ip", "ip_address", "ip_aadress", "remote_addr", "client_ip", "ipaddress"),
    "CREDIT_CARD": ("card_number", "kaardinumber", "kaardi_number", "credit_card", "pan"),
    "EE_PASSPORT_NUMBER": ("passi_number", "passport", "passport_number", "passinumber"),
    "EE_DRIVING_LICENCE_NUMBER": ("juhiluba", "juhiloa_number", "driving_licence", "drivers_license"),
}
# A bare "name"/"nimi" is a person's name only in a table or column about people ("kliendid.nimi",
# "kliendi_nimi"); "tooted.nimi" is a product. The same words make a bare "address" personal.
BARE_NAMES = ("nimi", "name", "nimed", "names")
PEOPLE_WORDS = (
    "klient", "kliendi", "kliendid", "customer", "client", "tootaja", "tootajad", "employee", "staff", "isik",
    "isikud", "person", "people", "persons", "user", "users", "kasutaja", "kasutajad", "contact", "kontakt",
    "kontaktid", "patsient", "patient", "liige", "liikmed", "member", "members", "opilane", "student",
    "kandidaat", "applicant", "candidate", "saaja", "recipient", "maksja", "payer", "owner", "omanik",
)
_WORD = re.compile(r"[a-z0-9]+")
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")


def words(name: str) -> list[str]:
    """Lower-case ASCII words of an identifier: 'KliendiIsikukood' -> ['kliendi', 'isikukood']; ü -> u."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return _WORD.findall(_CAMEL.sub("_", plain).lower())


def _has(key: str, joined: str, compact: str) -> bool:
    if "_" in key:
        return f"_{key}_" in joined
    if len(key) <= 4:
        return f"_{key}_" in joined
    return key in compact


def name_evidence(column: str, table: str = "") -> list[str]:
    """Entity types that a column's name suggests (an empty list for most columns)."""
    column_words = words(column)
    joined = "_" + "_".join(column_words) + "_"
    compact = "".join(column_words)
    found = [entity for entity, keys in NAME_EVIDENCE.items() if any(_has(k, joined, compact) for k in keys)]
    about_people = any(w in PEOPLE_WORDS for w in column_words + words(table))
    if not found and about_people and any(f"_{bare}_" in joined for bare in BARE_NAMES):
        found.append("PERSON")
    # "e_posti_aadress" and "ip_address" are e-mail and IP addresses, not postal ones.
    if "LOCATION" in found and len(found) > 1:
        found.remove("LOCATION")
    return found


def column_kind(sql_type: TypeEngine, in_primary_key: bool = False) -> str:
    """How a column is read: text, json, array, number, binary (only if asked) or skip."""
    if isinstance(sql_type, _Binary):
        return BINARY
    if isinstance(sql_type, JSON):
        return JSONLIKE
    if isinstance(sql_type, ARRAY):
        return ARRAYLIKE
    if isinstance(sql_type, String):
        return TEXT
    if isinstance(sql_type, (Boolean, Date, DateTime, Time, Interval, Uuid, Float)):
        return SKIP
    if isinstance(sql_type, (Integer, Numeric)):
        # Personal codes and phone numbers are often kept as numbers; surrogate keys are not.
        if in_primary_key:
            return SKIP
        scale = getattr(sql_type, "scale", None)
        return NUMBER if not scale else SKIP
    return TEXT  # unknown types (inet, citext, xml, custom domains) are read as their text form


def _flatten(value, out: list[str], key: str = "") -> None:
    if isinstance(value, dict):
        for k, v in value.items():
            _flatten(v, out, str(k))
    elif isinstance(value, (list, tuple)):
        for v in value:
            _flatten(v, out, key)
    elif value is not None:
        # The key beside its value is context for the detector ("isikukood: 3800...").
        out.append(f"{key}: {value}" if key else str(value))


def cell_text(value, kind: str) -> Optional[str]:
    """The text of one cell, or None for NULL, empty and unreadable cells."""
    if value is None:
        return None
    if isinstance(value, (bytes, bytearray, memoryview)):
        if kind != BINARY:
            return None
        value = bytes(value).decode("utf-8", errors="replace")
    elif kind in (JSONLIKE, ARRAYLIKE) or isinstance(value, (dict, list, tuple)):
        if isinstance(value, str) and kind == JSONLIKE:
            try:
                value = json.loads(value)
            except ValueError:
                pass
        parts: list[str] = []
        _flatten(value, parts)
        value = "; ".join(parts)
    text = str(value).replace("\x00", " ").strip()
    return text or None


@dataclass
class ColumnBuffer:
    """Cells of one column waiting to become a chunk."""

    location: str
    context: tuple[str, ...]
    evidence: tuple[str, ...] = ()
    offset: int = 0  # characters of this column's text already emitted
    cells: int = 0  # cells read so far
    emitted: int = 0  # chunks emitted so far

    def __post_init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0

    def add(self, text: str) -> Iterator[Chunk]:
        if len(text) > HUGE_CELL:
            yield from self.flush()
            yield from self._huge(text)
            return
        if self.parts and self.length + len(text) + 1 > CHUNK_CHARS:
            yield from self.flush()
        self.parts.append(text)
        self.length += len(text) + 1
        self.cells += 1

    def flush(self, final: bool = False) -> Iterator[Chunk]:
        if not self.parts and not (final and self.emitted == 0):
            return
        starts, position = [], 0
        for part in self.parts:
            starts.append(position)
            position += len(part) + 1
        text = "\n".join(self.parts)
        first_cell = self.cells - len(self.parts)
        yield self._chunk(text, self.offset, starts, first_cell)
        self.offset += position
        self.parts, self.length = [], 0

    def _huge(self, text: str) -> Iterator[Chunk]:
        cell = self.cells
        self.cells += 1
        for piece in iter_chunks(io.BytesIO(text.encode("utf-8")), self.location, encoding="utf-8",
                                 chunk_chars=HUGE_CELL):
            chunk = self._chunk(piece.text, self.offset + piece.offset, [0], cell)
            chunk.own_start, chunk.own_end = piece.own_start, piece.own_end
            yield chunk
        self.offset += len(text) + 1

    def _chunk(self, text: str, offset: int, starts: list[int], first_cell: int) -> Chunk:
        metadata = {"cell_starts": starts, "first_cell": first_cell, "cells_total": self.cells}
        if self.emitted == 0 and self.evidence:
            metadata["schema_evidence"] = list(self.evidence)
        self.emitted += 1
        return Chunk(text=text, location=self.location, offset=offset, context=self.context, metadata=metadata)


def evidence_only(location: str, evidence: Iterable[str]) -> Chunk:
    """An empty chunk that reports a column by its name alone (a column Leidur does not read)."""
    return Chunk(text="", location=location, metadata={"schema_evidence": list(evidence), "cells_total": 0})


def context_words(column: str) -> tuple[str, ...]:
    split = words(column)
    return (column, *split) if len(split) > 1 or (split and split[0] != column.lower()) else (column,)
