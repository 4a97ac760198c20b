"""A throw-away Dask cluster on loopback: `dask scheduler` and `dask worker` processes, as an operator starts them."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from tests.services._server import free_port, terminate, wait_for_port


@dataclass
class DaskCluster:
    address: str
    logs: list[Path]  # the scheduler's, then each worker's

    def client(self):
        from distributed import Client

        return Client(self.address, timeout=30)

    def log_text(self) -> str:
        return "".join(log.read_text(errors="replace") for log in self.logs if log.exists())


def _dask_command() -> list[str]:
    script = Path(sys.executable).with_name("dask")
    return [str(script)] if script.exists() else [sys.executable, "-m", "dask"]


@contextmanager
def running_dask(workers: int = 2, env: dict | None = None) -> Iterator[DaskCluster]:
    """A scheduler and `workers` one-thread workers (each under a nanny, which restarts a dead worker)."""
    folder = Path(tempfile.mkdtemp(prefix="leidur-dask-"))
    env = {**os.environ, **(env or {}),
           # What docs/cluster.md asks of an operator's scheduler: a task survives one lost worker.
           "DASK_DISTRIBUTED__SCHEDULER__ALLOWED_FAILURES": "1"}
    port = free_port()
    address = f"tcp://127.0.0.1:{port}"
    logs = [folder / "scheduler.log", *(folder / f"worker-{n}.log" for n in range(workers))]
    with ExitStack() as stack:
        stack.callback(shutil.rmtree, folder, True)
        processes = []
        commands = [[*_dask_command(), "scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard"]]
        commands += [[*_dask_command(), "worker", address, "--nthreads", "1", "--host", "127.0.0.1", "--no-dashboard",
                      "--name", f"worker-{n}", "--local-directory", str(folder / f"w{n}"), "--death-timeout", "60"]
                     for n in range(workers)]
        for command, log in zip(commands, logs):
            handle = stack.enter_context(open(log, "wb"))
            process = subprocess.Popen(command, env=env, stdout=handle, stderr=subprocess.STDOUT, cwd=folder)
            stack.callback(terminate, process)
            processes.append(process)
            if len(processes) == 1:
                wait_for_port(port, process, log)
        cluster = DaskCluster(address, logs)
        with cluster.client() as client:
            client.wait_for_workers(workers, timeout=120)
        yield cluster
