"""What travels to a Dask cluster's workers, and what a worker does with it: plain descriptions, no secrets.

A `RemoteSource` is a target as written (`${VAR}` not expanded, so no
password) with its settings. Each worker opens it itself, so passwords come
from the worker's own environment or files. Three kinds of task run there:

- `plan(source)`: the source's parts (top-level folders, schemas, mail folders);
- `list_part(source, part)`: the Items of one part;
- `read_unit(unit)`: a batch of Items read by the worker's Detector, giving ItemResults
  (aggregated rows with masked samples and keyed hashes, and errors).

Items are pickled here with the source's credentials object (database link,
IMAP account, SMB connection) left out and put back on the worker that
reads them, so an Item can go from the worker that listed it, through the
client, to the worker that reads it without its password in any task.
"""
from __future__ import annotations

import io
import pickle
import re
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any, Optional
from urllib.parse import urlsplit

from scanner.engine import ScanOptions
from scanner.extractors import describe
from scanner.models import Item, ScanError
from scanner.targets import Target, TargetError, parse_target
from scanner.worker import ItemResult

WHOLE_SOURCE = ("leidur", "whole source")  # the one part of a source that cannot list its parts apart
_REFERENCE = re.compile(r"\$\{[A-Za-z_][A-Za-z0-9_]*\}")
_CREDENTIALS = "credentials"  # the persistent id that stands for a source's credentials in a pickle


@dataclass(frozen=True)
class RemoteSource:
    """A target as a cluster's client knows it: no password, only `${VAR}` references and settings."""

    id: str  # unique per scan: a worker opens each source once
    raw: str = field(repr=False)
    display: str
    options: dict = field(default_factory=dict, hash=False)
    scan: ScanOptions = field(default_factory=ScanOptions, hash=False)


def remote_source(target: Target, options: ScanOptions, source_id: str) -> RemoteSource:
    """The description of `target` for the workers; a password written into the target is refused."""
    raw = target.raw
    if not raw:
        raise TargetError(f"{target.display}: give the target as written (scanner.targets.parse_target) to scan it on a cluster")
    try:
        password = urlsplit(raw).password
    except ValueError:
        password = None
    if password and not _REFERENCE.fullmatch(password):
        raise TargetError(f"{target.display}: on a cluster write the password as ${{VAR}} (each worker expands it "
                          "from its own environment), or use password_env or password_file")
    return RemoteSource(source_id, raw, target.display, dict(target.options), options)


@dataclass
class Planned:
    parts: list
    errors: list[ScanError]


@dataclass
class Listing:
    items: bytes  # pickled list[Item], credentials left out (see dump_items)
    count: int
    errors: list[ScanError]


@dataclass
class Unit:
    """A batch of Items of one source, read on one worker with the Detector of the named plugin."""

    source: RemoteSource
    items: bytes
    plugin: str
    key: str  # the task's key: a worker names it when it gives up a stuck item


class LeftOut:
    """Stands for a source's credentials on the client, which never holds them."""

    def __repr__(self) -> str:
        return "<credentials left out>"


LEFT_OUT = LeftOut()


class _Pickler(pickle.Pickler):
    def __init__(self, file, credentials):
        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)
        self.credentials = credentials

    def persistent_id(self, obj):
        return _CREDENTIALS if self.credentials is not None and obj is self.credentials else None


class _Unpickler(pickle.Unpickler):
    def __init__(self, file, credentials):
        super().__init__(file)
        self.credentials = credentials

    def persistent_load(self, pid):
        if pid != _CREDENTIALS:
            raise pickle.UnpicklingError(f"unknown reference {pid!r}")
        return self.credentials


def dump_items(items: list[Item], credentials) -> bytes:
    """Items as bytes in which `credentials` (the object holding the password) is a bare reference."""
    buffer = io.BytesIO()
    _Pickler(buffer, credentials).dump(items)
    data = buffer.getvalue()
    password = getattr(credentials, "password", None)
    if isinstance(password, str) and password and password.encode("utf-8") in data:
        raise TargetError("an item would carry its source's password to the cluster: refused")
    return data


def load_items(data: bytes, credentials) -> list[Item]:
    return _Unpickler(io.BytesIO(data), credentials).load()


# ---- on the workers ------------------------------------------------------------------------

_opened: "OrderedDict[str, Any]" = OrderedDict()  # RemoteSource.id -> Source, this worker process's
_OPENED_MAX = 64


def open_here(remote: RemoteSource):
    """The Source for `remote`, opened in this worker's environment (its passwords), once per scan."""
    from scanner.sources import open_source

    source = _opened.get(remote.id)
    if source is None:
        target = parse_target(remote.raw)
        target.options = dict(remote.options)
        source = open_source(target, remote.scan)
        _opened[remote.id] = source
        while len(_opened) > _OPENED_MAX:
            _opened.popitem(last=False)
    return source


def forget(source_ids: list[str]) -> None:
    for source_id in source_ids:
        _opened.pop(source_id, None)


def credentials_of(source) -> Optional[object]:
    return getattr(source, "credentials", None)


def _close(source) -> None:
    close = getattr(source, "close", None)
    if close is not None:
        close()


def plan(remote: RemoteSource) -> Planned:
    """The parts to list apart; a source that has none is listed whole."""
    source = open_here(remote)
    errors: list[ScanError] = []
    if not hasattr(source, "parts"):
        return Planned([WHOLE_SOURCE], errors)
    try:
        return Planned(list(source.parts(errors.append)), errors)
    except Exception as exc:  # as a local scan records a source that fails while listing
        errors.append(ScanError(remote.display, "list", describe(exc)))
        return Planned([], errors)
    finally:
        _close(source)


def list_part(remote: RemoteSource, part) -> Listing:
    source = open_here(remote)
    errors: list[ScanError] = []
    items: list[Item] = []
    listed = source.items(errors.append) if part == WHOLE_SOURCE else source.part_items(part, errors.append)
    try:
        items.extend(listed)
    except Exception as exc:  # what was listed before the failure is still read
        errors.append(ScanError(remote.display, "list", describe(exc)))
    finally:
        _close(source)
    return Listing(dump_items(items, credentials_of(source)), len(items), errors)


def read_unit(unit: Unit) -> list[ItemResult]:
    """Every item of the unit read by this worker's Detector; raises only when the worker cannot read at all."""
    from distributed import get_worker

    plugin = get_worker().plugins.get(unit.plugin)
    if plugin is None:
        raise RuntimeError("this worker has no Leidur detector for this scan")
    items = load_items(unit.items, credentials_of(open_here(unit.source)))
    return [plugin.read(item, unit.key, index) for index, item in enumerate(items)]
