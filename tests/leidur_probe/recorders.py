"""Plugins that keep, as pickled bytes, every task the scheduler received and every result a worker held."""
from __future__ import annotations

from distributed import SchedulerPlugin, WorkerPlugin
from distributed.protocol.pickle import dumps


class TaskRecorder(SchedulerPlugin):
    name = "leidur-probe-tasks"

    async def start(self, scheduler) -> None:
        self.scheduler = scheduler
        self.tasks: dict[str, bytes] = {}

    def transition(self, key, start, finish, *args, **kwargs) -> None:
        task = self.scheduler.tasks.get(key)
        if task is not None and key not in self.tasks and task.run_spec is not None:
            self.tasks[str(key)] = dumps(task.run_spec)


class ResultRecorder(WorkerPlugin):
    name = "leidur-probe-results"

    def setup(self, worker) -> None:
        self.worker = worker
        self.results: dict[str, bytes] = {}

    def transition(self, key, start, finish, **kwargs) -> None:
        if finish == "memory" and key in self.worker.data:
            self.results[str(key)] = dumps(self.worker.data[key])


def recorded_tasks(dask_scheduler) -> dict:
    return dask_scheduler.plugins[TaskRecorder.name].tasks


def recorded_results(dask_worker) -> dict:
    return dask_worker.plugins[ResultRecorder.name].results


def transitions(since: float = 0.0, dask_scheduler=None) -> list:
    """(key, from, to, stimulus) of every transition the scheduler remembers since time `since`."""
    return [(str(t.key), t.start, t.finish, t.stimulus_id) for t in dask_scheduler.transition_log if t.timestamp >= since]


def reading_now(since: float = 0.0, dask_scheduler=None) -> tuple[list[str], int]:
    """The workers that are reading a Leidur unit, and how many units were read since time `since`."""
    busy = [ws.address for ws in dask_scheduler.workers.values()
            if any(str(ts.key).startswith("leidur-read-") for ts in ws.processing)]
    done = sum(1 for key, _, finish, _ in transitions(since, dask_scheduler)
               if key.startswith("leidur-read-") and finish == "memory")
    return busy, done
