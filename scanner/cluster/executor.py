"""The client side of a cluster scan: plan, list and read on Dask workers, hand each result to the engine.

Called by `scanner.engine.run_scan` in place of the local process pool, with
the same callbacks: `needs_reading(item)` (incremental carry-forward),
`on_result(item, result)` and the shared `errors` list. Only a bounded number
of listings and read units is in flight, so neither the scheduler nor this
process holds more than a few parts' item descriptions at once.

A worker lost mid-scan: the scheduler runs its tasks again elsewhere, up to
`allowed-failures` times (Leidur's LocalCluster: 1, so a task survives one
lost worker). The items of a unit that still fails are suspects: each is
then read alone, with nothing else in flight on the cluster (a task that
merely shared a worker with the item that killed it twice fails too), and a
suspect that kills its workers alone is one errors.csv row.
"""
from __future__ import annotations

import logging
import queue
import time
import uuid
from collections import deque
from contextlib import contextmanager
from dataclasses import dataclass, replace
from typing import Callable, Iterator

from scanner.cluster import ClusterError, require_dask
from scanner.cluster.units import LEFT_OUT, RemoteSource, Unit, dump_items, list_part, load_items, plan, read_unit
from scanner.models import Item, ScanError
from scanner.targets import TargetError

BATCH_ITEMS = 16  # items per read unit at most...
BATCH_BYTES = 1 << 20  # ...and bytes (about a second of reading): a large file or a table is a unit of its own
LISTINGS_AHEAD = 2  # parts being listed while units are read
UNITS_PER_THREAD = 4  # read units in flight per worker thread, as the local pool keeps four per worker
WORKER_WAIT = 60  # seconds to wait for a first worker
CAPACITY_RECOUNT = 10.0  # seconds between counts of the cluster's worker threads
# Leidur's LocalCluster: a task survives one lost worker (docs/cluster.md asks the same of a scheduler).
DASK_CONFIG = {"distributed.scheduler.allowed-failures": 1}
WORKER_DIED = "worker process died while reading this item"


@contextmanager
def connect(scheduler: str, jobs: int) -> Iterator:
    """A Client of the scheduler at `scheduler`, or of a LocalCluster of `jobs` one-thread workers ("local")."""
    require_dask()
    import dask
    from distributed import Client, LocalCluster

    logging.getLogger("distributed").setLevel(logging.ERROR)  # stderr is for the progress bar and summary
    cluster = None
    with dask.config.set(DASK_CONFIG):
        try:
            if scheduler == "local":
                cluster = LocalCluster(n_workers=max(1, jobs), threads_per_worker=1, processes=True,
                                       host="127.0.0.1", scheduler_port=0, dashboard_address=None,
                                       silence_logs=logging.ERROR)
                client = Client(cluster)
            else:
                client = Client(scheduler, timeout=30)
            client.wait_for_workers(1, timeout=WORKER_WAIT)
        except (OSError, TimeoutError, RuntimeError) as exc:  # RuntimeError: a LocalCluster that failed to start
            if cluster is not None:
                cluster.close()
            raise ClusterError(f"cannot use the Dask cluster at {scheduler}: {exc}") from None
    try:
        yield client
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def run_on_cluster(sources: list[RemoteSource], settings, options, needs_reading: Callable[[Item], bool],
                   on_result: Callable, errors: list[ScanError]) -> None:
    with connect(options.scheduler, options.jobs) as client:
        ClusterScan(client, sources, settings, options, needs_reading, on_result, errors).run()


@dataclass
class _Pending:
    source: RemoteSource
    items: list[Item]
    alone: bool = False  # read with nothing else in flight: if its workers die, it killed them


class ClusterScan:
    def __init__(self, client, sources, settings, options, needs_reading, on_result, errors):
        self.client = client
        self.sources = sources
        self.settings = settings
        self.options = options
        self.needs_reading = needs_reading
        self.on_result = on_result
        self.errors = errors
        self.scan_id = uuid.uuid4().hex[:12]
        self.plugin = f"leidur-detector-{self.scan_id}"
        self.count = 0
        self.parts: deque = deque()  # (source, part) still to list
        self.listing: dict = {}  # future -> (source, part)
        self.ready: deque[_Pending] = deque()  # units listed, not yet sent
        self.suspects: deque[_Pending] = deque()  # items of units whose workers died, to read alone
        self.reading: dict = {}  # future -> _Pending
        self.gave_up: queue.Queue = queue.Queue()  # from the workers' watchdogs
        self._threads = 1
        self._counted_at = float("-inf")

    def _key(self, kind: str) -> str:
        """Task keys say nothing about what is read: no path, no table, no message."""
        self.count += 1
        return f"leidur-{kind}-{self.scan_id}-{self.count}"

    def run(self) -> None:
        from distributed import wait

        plans = [self.client.submit(plan, source, key=self._key("plan"), pure=False) for source in self.sources]
        self._register_plugin()
        try:
            for source, future in zip(self.sources, plans):
                planned = self._result(future, f"{source.display}: listing its parts", died=lambda: self.errors.append(
                    ScanError(source.display, "list", "worker process died while listing this source")))
                if planned is not None:
                    self.errors.extend(planned.errors)
                    self.parts.extend((source, part) for part in planned.parts)
            while True:
                self._top_up(self._capacity())
                if not self.listing and not self.reading:
                    return
                try:
                    done, _ = wait([*self.listing, *self.reading], timeout=1, return_when="FIRST_COMPLETED")
                except TimeoutError:  # nothing finished this second: look at the watchdogs' news
                    done = set()
                for future in done:
                    if future in self.listing:
                        self._listed(future)
                    elif future in self.reading:
                        self._read(future)
                self._handle_gave_up()
        finally:
            self._clean_up([*self.listing, *self.reading])

    def _capacity(self) -> int:
        """Read units in flight: four per worker thread, counted again every few seconds as workers come and go."""
        now = time.monotonic()
        if now >= self._counted_at + CAPACITY_RECOUNT:
            self._counted_at = now
            self._threads = max(1, sum(self.client.nthreads().values()))
        return UNITS_PER_THREAD * self._threads

    def _register_plugin(self) -> None:
        from scanner.cluster.plugin import GAVE_UP_TOPIC, DetectorPlugin
        from scanner.state.store import key_id

        blank = replace(self.settings, detector=replace(self.settings.detector, key=b""))
        plugin = DetectorPlugin(self.plugin, blank, key_id(self.settings.detector.key), self.options.item_timeout)
        self.client.subscribe_topic(GAVE_UP_TOPIC, lambda event: self.gave_up.put(event[1]))
        self.client.register_plugin(plugin, name=self.plugin)

    def _clean_up(self, futures) -> None:
        from scanner.cluster.units import forget

        try:
            self.client.cancel(futures)
            self.client.unregister_worker_plugin(self.plugin)
            self.client.run(forget, [source.id for source in self.sources])
        except Exception:  # the cluster is already gone: nothing left to free
            pass

    def _top_up(self, capacity: int) -> None:
        if self.suspects:
            # One at a time and alone, once what was in flight has finished (as the local pool does).
            if not self.reading and not self.listing:
                self._submit(self.suspects.popleft())
            return
        while self.ready and len(self.reading) < capacity:
            self._submit(self.ready.popleft())
        waiting = sum(len(p.items) for p in self.ready)
        while self.parts and len(self.listing) < LISTINGS_AHEAD and waiting < capacity * BATCH_ITEMS:
            source, part = self.parts.popleft()
            future = self.client.submit(list_part, source, part, key=self._key("list"), pure=False)
            self.listing[future] = (source, part)

    def _submit(self, pending: _Pending) -> None:
        key = self._key("read")
        unit = Unit(pending.source, dump_items(pending.items, LEFT_OUT), self.plugin, key)
        self.reading[self.client.submit(read_unit, unit, key=key, pure=False)] = pending

    def _listed(self, future) -> None:
        source, part = self.listing.pop(future)
        listing = self._result(future, f"{source.display}: listing", died=lambda: self.errors.append(
            ScanError(source.display, "list", "worker process died while listing a part of this source")))
        if listing is None:
            return
        self.errors.extend(listing.errors)
        items = [item for item in load_items(listing.items, LEFT_OUT) if self.needs_reading(item)]
        self.ready.extend(_Pending(source, batch) for batch in batches(items))

    def _read(self, future) -> None:
        pending = self.reading.pop(future)
        results = self._result(future, "reading", died=lambda: self._died(pending))
        if results is not None:
            for item, result in zip(pending.items, results):
                self.on_result(item, result)

    def _died(self, pending: _Pending) -> None:
        """The unit's workers died: its items are read alone, and an item alone that kills them is recorded."""
        if pending.alone:
            self.errors.append(ScanError(pending.items[0].location, "extract", WORKER_DIED))
            return
        self.suspects.extend(_Pending(pending.source, [item], alone=True) for item in pending.items)

    def _result(self, future, doing: str, died: Callable[[], None] | None = None):
        """The task's result; None after `died()` when its workers died; other failures stop the scan."""
        from distributed import KilledWorker

        if future.cancelled():  # the client's own cancellations never come here (see _handle_gave_up)
            raise ClusterError(f"{doing}: the cluster dropped this work (scheduler lost or restarted?)")
        try:
            return future.result()
        except KilledWorker:
            if died is None:
                raise ClusterError(f"{doing}: the workers died") from None
            died()
            return None
        except TargetError as exc:  # a worker without the password, a target its environment cannot open
            raise TargetError(f"on a cluster worker: {exc}") from None
        except ClusterError:
            raise
        except Exception as exc:
            raise ClusterError(f"{doing} failed on the cluster: {type(exc).__name__}: {exc}") from None

    def _handle_gave_up(self) -> None:
        """A worker's watchdog gave up an item: record it, and read the rest of its unit again without it."""
        while not self.gave_up.empty():
            message = self.gave_up.get()
            future = next((f for f in self.reading if f.key == message.get("key")), None)
            if future is None:
                continue
            pending = self.reading.pop(future)
            future.cancel()
            index = message.get("index", -1)
            if 0 <= index < len(pending.items):
                self.errors.append(ScanError(pending.items[index].location, "extract",
                                             f"gave up after {self.options.item_timeout:.0f} s: reading this item did not finish"))
                rest = pending.items[:index] + pending.items[index + 1:]
                if rest:
                    self.ready.appendleft(_Pending(pending.source, rest))


def batches(items: list[Item]) -> Iterator[list[Item]]:
    """Items in read units: up to BATCH_ITEMS small items together, a large or unsized item alone."""
    batch: list[Item] = []
    size = 0
    for item in items:
        item_size = item.size if item.size is not None else BATCH_BYTES
        if batch and (len(batch) >= BATCH_ITEMS or size + item_size > BATCH_BYTES):
            yield batch
            batch, size = [], 0
        batch.append(item)
        size += item_size
    if batch:
        yield batch
