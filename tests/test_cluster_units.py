"""What travels to a cluster's workers: Items without their source's password, in bounded read units."""
from __future__ import annotations

import dataclasses
import functools

import pytest

from scanner.cluster.executor import BATCH_BYTES, BATCH_ITEMS, batches
from scanner.cluster.units import LEFT_OUT, dump_items, load_items, remote_source
from scanner.engine import ScanOptions
from scanner.models import Item
from scanner.sources import open_source
from scanner.sources.database import read_table
from scanner.sources.db_rows import TableSpec
from scanner.sources.files import FileSource
from scanner.targets import KeepReferences, TargetError, parse_target
from tests.conftest import SAMPLE_DATA

PASSWORD = "Pg-Cluster-Secret-41"


def _tables():
    """A database source and one table's Item, as its listing makes them (nothing is connected)."""
    source = open_source(parse_target(f"postgresql+psycopg://scan:{PASSWORD}@127.0.0.1:5/crm"), ScanOptions())
    spec = TableSpec(location="crm.public.kliendid", schema="public", name="kliendid", columns=())
    chunker = functools.partial(read_table, source.link, spec, source.settings)
    return source, [Item(location=spec.location, source=source.name, source_type="database", chunker=chunker)]


def test_items_travel_without_the_password_and_get_it_back_on_the_worker():
    source, items = _tables()
    listed = dump_items(items, source.credentials)  # on the worker that listed them
    assert PASSWORD.encode() not in listed
    on_client = load_items(listed, LEFT_OUT)
    assert on_client[0].chunker.args[0] is LEFT_OUT and on_client[0].location == "crm.public.kliendid"
    unit = dump_items(on_client, LEFT_OUT)  # the client sends them on to be read
    assert PASSWORD.encode() not in unit
    read_here = load_items(unit, source.credentials)
    assert read_here[0].chunker.args[0] is source.credentials
    assert read_here[0].chunker.args[0].password == PASSWORD


def test_a_password_held_anywhere_else_in_an_item_is_refused():
    source, items = _tables()
    items[0].metadata["copy"] = dataclasses.replace(source.credentials)  # equal, but not the source's own object
    with pytest.raises(TargetError, match="password"):
        dump_items(items, source.credentials)


def test_on_a_cluster_a_password_must_be_a_reference():
    options = ScanOptions(scheduler="tcp://127.0.0.1:8786")
    written = parse_target("postgresql://scan:Plain-Secret-9@db/crm", KeepReferences())
    with pytest.raises(TargetError) as refused:
        remote_source(written, options, "s-0")
    assert "Plain-Secret-9" not in str(refused.value)
    referenced = remote_source(parse_target("postgresql://scan:${PG_PASSWORD}@db/crm", KeepReferences()), options, "s-1")
    assert referenced.raw == "postgresql://scan:${PG_PASSWORD}@db/crm" and "PG_PASSWORD" not in repr(referenced)


def test_read_units_are_bounded_in_items_and_bytes():
    small = [Item(location=f"f{n}", source="s", source_type="files", size=1000) for n in range(40)]
    assert [len(b) for b in batches(small)] == [BATCH_ITEMS, BATCH_ITEMS, 40 - 2 * BATCH_ITEMS]
    mixed = [Item(location="big", source="s", source_type="files", size=BATCH_BYTES * 3),
             Item(location="table", source="s", source_type="database", size=None),
             *small[:3]]
    assert [[i.location for i in b] for b in batches(mixed)] == [["big"], ["table"], ["f0", "f1", "f2"]]


def test_a_share_listed_by_parts_lists_what_one_walk_lists():
    source = FileSource(str(SAMPLE_DATA), "sample", exclude=["**/*.pdf"])
    errors_whole, errors_parts = [], []
    whole = [(i.location, i.version) for i in source.items(errors_whole.append)]
    parts = source.parts(errors_parts.append)
    assert parts == ["", "documents", "mail", "records", "share"]
    by_parts = [(i.location, i.version) for part in parts for i in source.part_items(part, errors_parts.append)]
    assert by_parts == whole and errors_parts == errors_whole
    assert not any(location.endswith(".pdf") for location, _ in whole)
