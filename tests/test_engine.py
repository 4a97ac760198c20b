"""The engine keeps going: a stuck item is given up, a crashing worker is replaced, nothing is lost."""
from __future__ import annotations

import functools
import io
import os
import time

from scanner.engine import ScanOptions, run_scan
from scanner.models import Item


def _good(n: int):
    return io.BytesIO(f"dokument {n}: e-post klient{n}@mail.ee\n".encode())


def _stuck():
    time.sleep(3600)


def _crash():
    os._exit(3)  # what a segfault in a native library looks like to the pool


class ListSource:
    name = "test"
    source_type = "files"

    def __init__(self, openers):
        self.openers = openers

    def items(self, report_error):
        for index, opener in enumerate(self.openers):
            yield Item(location=f"item-{index}", source=self.name, source_type=self.source_type, opener=opener)


def scan(openers, **options):
    return run_scan([ListSource(openers)], ScanOptions(quiet=True, **options), b"k")


def good(n):
    return functools.partial(_good, n)


def test_a_stuck_item_is_given_up_and_the_rest_is_read():
    openers = [good(0), _stuck, *[good(n) for n in range(1, 12)]]
    started = time.monotonic()
    result = scan(openers, jobs=2, item_timeout=3)
    assert time.monotonic() - started < 60
    assert [(e.location, e.stage) for e in result.errors] == [("item-1", "extract")]
    assert "gave up after 3 s" in result.errors[0].error
    assert sorted(r.location for r in result.rows) == sorted(f"item-{i}" for i in [0, *range(2, 13)])


def test_a_crashing_worker_is_replaced_and_the_rest_is_read():
    openers = [good(0), good(1), _crash, *[good(n) for n in range(2, 12)]]
    result = scan(openers, jobs=2)
    # Only the item that kills its worker is an error: the items in flight beside it are read again.
    assert [(e.location, e.error) for e in result.errors] == [("item-2", "worker process died while reading this item")]
    assert {r.location for r in result.rows} == {f"item-{i}" for i in [0, 1, *range(3, 13)]}


def test_nothing_to_scan_starts_no_worker():
    started = time.monotonic()
    result = scan([], jobs=2)
    assert result.items == 0 and result.rows == [] and result.errors == []
    assert time.monotonic() - started < 5
