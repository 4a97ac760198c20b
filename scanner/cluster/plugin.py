"""The worker plugin: each Dask worker builds its Detector once per scan and reads items with it.

The fingerprint key never travels: the plugin carries only the key's id, and
each worker loads its own key (LEIDUR_KEY or the key file) and refuses to read
when it is another key, since its fingerprints would then match nothing.

A watchdog thread gives up an item still being read after the scan's item
timeout: it names the item in an event to the client, then ends the worker
process (a thread stuck in native code cannot be stopped any other way); the
worker's nanny starts a fresh one.
"""
from __future__ import annotations

import asyncio
import os
import threading
import time
from dataclasses import replace
from pathlib import Path
from typing import Optional

from distributed import WorkerPlugin

from scanner.cluster import ClusterError
from scanner.worker import ItemResult, WorkerSettings, read_item

GAVE_UP_TOPIC = "leidur-gave-up"
_FLUSH_SECONDS = 2.0  # time for the event to leave before the process ends


def worker_key() -> Optional[bytes]:
    """This worker's fingerprint key, or None: a worker never makes a key of its own (scanner.detect.keys does)."""
    from scanner.detect.keys import default_key_path, load_key

    if os.environ.get("LEIDUR_KEY") or Path(os.environ.get("LEIDUR_KEY_FILE") or default_key_path()).exists():
        return load_key()
    return None


class DetectorPlugin(WorkerPlugin):
    def __init__(self, name: str, settings: WorkerSettings, key_id: str, item_timeout: float):
        self.name = name
        self.settings = settings  # its DetectorSettings.key is empty: the worker fills in its own
        self.key_id = key_id
        self.item_timeout = item_timeout

    async def setup(self, worker) -> None:
        self.worker = worker
        self.detector = None
        self.error: Optional[ClusterError] = None
        self.lock = threading.Lock()  # one item at a time: a Detector is not shared between threads
        self.reading: Optional[tuple[str, int, float]] = None  # (task key, item index, since)
        self.stopped = threading.Event()
        await asyncio.get_running_loop().run_in_executor(None, self._build)  # seconds: off the event loop
        threading.Thread(target=self._watch, name="leidur-watchdog", daemon=True).start()

    def _build(self) -> None:
        from scanner.detect.detector import Detector
        from scanner.extractors import describe
        from scanner.state.store import key_id

        key = worker_key()
        if key is None or key_id(key) != self.key_id:
            self.error = ClusterError(
                f"worker {self.worker.address} has {'no' if key is None else 'another'} fingerprint key: give every "
                "worker the scanning machine's key (LEIDUR_KEY or LEIDUR_KEY_FILE), see docs/cluster.md")
            return
        try:
            self.settings = replace(self.settings, detector=replace(self.settings.detector, key=key))
            self.detector = Detector.from_settings(self.settings.detector)
        except Exception as exc:  # an unreadable rules folder on this worker, a missing library
            self.error = ClusterError(f"worker {self.worker.address} cannot build its detector: {describe(exc)}")

    def teardown(self, worker) -> None:
        self.stopped.set()
        self.detector = None

    def read(self, item, task_key: str, index: int) -> ItemResult:
        if self.error is not None:
            raise self.error
        with self.lock:
            self.reading = (task_key, index, time.monotonic())
            try:
                return read_item(item, self.detector, self.settings)
            finally:
                self.reading = None

    def _watch(self) -> None:
        while not self.stopped.wait(1.0):
            reading = self.reading
            if reading is not None and time.monotonic() - reading[2] > self.item_timeout:
                message = {"key": reading[0], "index": reading[1]}
                self.worker.loop.add_callback(self.worker.log_event, GAVE_UP_TOPIC, message)
                time.sleep(_FLUSH_SECONDS)
                os._exit(70)
