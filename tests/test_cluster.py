"""Scanning on a Dask cluster: a real `dask scheduler` and two `dask worker`s on loopback, as an operator runs them."""
from __future__ import annotations

import os
import secrets
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from scanner.cluster.executor import WORKER_DIED
from tests.conftest import SAMPLE_DATA, can_unshare, read_csv, run_leidur
from tests.plugin_site import add_distribution, env_with
from tests.services.dask import running_dask
from tests.services.postgres import postgres_server  # noqa: F401  (session fixture)

PG_PASSWORD = secrets.token_urlsafe(16)  # known to the workers' environment only, not to the scanning client


@pytest.fixture(scope="module")
def probe_site(tmp_path_factory) -> Path:
    """A sys.path folder declaring the probe plugin, whose recogniser kills or hangs the process that reads a marker."""
    site = tmp_path_factory.mktemp("probe-site")
    add_distribution(site, "leidur-probe", "1.0", {"probe": "tests.leidur_probe.recognizer:MisbehavingRecognizer"})
    return site


@pytest.fixture(scope="module")
def cluster(probe_site):
    env = env_with(probe_site, LEIDUR_TEST_PG_PASSWORD=PG_PASSWORD,
                   DASK_DISTRIBUTED__ADMIN__LOW_LEVEL_LOG_LENGTH="100000")  # the tests read the transition log
    with running_dask(2, env=env) as running:
        yield running


@pytest.fixture(scope="module")
def client(cluster):
    with cluster.client() as connected:
        yield connected


@pytest.fixture(scope="module")
def client_env(probe_site) -> dict:
    return env_with(probe_site)


@pytest.fixture(scope="module")
def local_sample(client_env, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("local-out")
    result = run_leidur("scan", SAMPLE_DATA, "--out", out, "--jobs", "2", "-q", env=client_env)
    assert result.returncode == 1, result.stderr  # the scanned image needs --ocr: one error row
    return out


def inventory(out: Path) -> list[tuple]:
    """inventory.csv rows in a fixed order, without the scan's own timestamp."""
    return sorted(tuple(sorted((k, v) for k, v in row.items() if k != "scanned_at")) for row in read_csv(out / "inventory.csv"))


def error_rows(out: Path) -> list[tuple]:
    return sorted(tuple(row.values()) for row in read_csv(out / "errors.csv"))


def scan_on(cluster, *args, env: dict, timeout: int = 600):
    return run_leidur("scan", *args, "--scheduler", cluster.address, env=env, timeout=timeout)


def _transitions(client, since: float) -> list:
    from tests.leidur_probe.recorders import transitions

    return client.run_on_scheduler(transitions, since)


def test_a_cluster_scan_finds_what_a_local_scan_finds(cluster, client, client_env, local_sample, tmp_path):
    before = time.time()
    result = scan_on(cluster, SAMPLE_DATA, "--out", tmp_path, env=client_env)
    assert result.returncode == 1, result.stderr
    assert inventory(tmp_path) == inventory(local_sample)
    assert error_rows(tmp_path) == error_rows(local_sample)
    assert "Scanned 49 items" in result.stderr  # the summary, as for a local scan
    listed = {key for key, _, finish, _ in _transitions(client, before) if key.startswith("leidur-list-") and finish == "memory"}
    # sample_data's own files and its four top-level folders were listed by five tasks on the workers
    assert len(listed) == 5


def test_an_incremental_cluster_scan_reads_only_what_changed(cluster, client_env, tmp_path):
    share = tmp_path / "share"
    shutil.copytree(SAMPLE_DATA / "share", share)
    out = tmp_path / "out"
    first = scan_on(cluster, share, "--out", out, "--incremental", env=client_env)
    assert first.returncode == 0, first.stderr
    (share / "uus.txt").write_text("uus klient: mari.maasikas@mail.ee\n", encoding="utf-8")
    second = scan_on(cluster, share, "--out", out, "--incremental", env=client_env)
    assert second.returncode == 0, second.stderr
    items = sum(1 for path in share.rglob("*") if path.is_file())
    assert "Scanned 1 items" in second.stderr
    assert f"Unchanged since the last scan, not read again: {items - 1} items" in second.stderr
    locations = {row["location"] for row in read_csv(out / "inventory.csv")}
    assert str(share / "uus.txt") in locations and len(locations) > 10  # carried forward and new, together


def _kill_a_reading_worker(client, scan: subprocess.Popen, since: float) -> int:
    """SIGKILL the worker process that is reading a unit, once another unit has been read; returns its pid."""
    from tests.leidur_probe.recorders import reading_now

    pids = client.run(os.getpid)
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline and scan.poll() is None:
        busy, done = client.run_on_scheduler(reading_now, since)
        if done and busy:
            pid = pids[busy[0]]
            os.kill(pid, signal.SIGKILL)
            return pid
        time.sleep(0.05)
    raise AssertionError("the scan ended before a worker could be killed mid-scan")


def test_a_worker_killed_mid_scan_changes_nothing(cluster, client, client_env, local_sample, tmp_path):
    before = time.time()
    command = [sys.executable, "-m", "scanner", "scan", str(SAMPLE_DATA), "--out", str(tmp_path), "-q",
               "--scheduler", cluster.address]
    scan = subprocess.Popen(command, env=client_env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        killed = _kill_a_reading_worker(client, scan, before)
        _, stderr = scan.communicate(timeout=600)
    finally:
        scan.kill()
    assert scan.returncode == 1, stderr
    with pytest.raises(ProcessLookupError):
        os.kill(killed, 0)
    started: dict = {}
    for key, _, finish, _ in _transitions(client, before):
        if key.startswith("leidur-read-") and finish == "processing":
            started[key] = started.get(key, 0) + 1
    assert max(started.values()) >= 2  # the killed worker's unit was read again elsewhere
    assert inventory(tmp_path) == inventory(local_sample)
    assert error_rows(tmp_path) == error_rows(local_sample)
    client.wait_for_workers(2, timeout=120)  # its nanny started a fresh worker


def _folder_with(tmp_path: Path, marker: str, good: int = 12) -> Path:
    folder = tmp_path / "share"
    folder.mkdir()
    for n in range(good):
        (folder / f"kiri-{n:02d}.txt").write_text(f"dokument {n}: e-post klient{n}@mail.ee\n", encoding="utf-8")
    (folder / "vigane.txt").write_text(f"see fail {marker} lõpetab lugeja\n", encoding="utf-8")
    return folder


def test_an_item_that_kills_workers_is_one_error_row(cluster, client, client_env, tmp_path):
    folder = _folder_with(tmp_path, "LEIDUR-PROBE-CRASH")
    out = tmp_path / "out"
    result = scan_on(cluster, folder, "--out", out, "-q", env=client_env)
    assert result.returncode == 1, result.stderr
    assert error_rows(out) == [(str(folder / "vigane.txt"), "extract", WORKER_DIED)]
    assert {row["location"] for row in read_csv(out / "inventory.csv")} == {str(folder / f"kiri-{n:02d}.txt") for n in range(12)}
    client.wait_for_workers(2, timeout=120)


def test_a_stuck_item_is_given_up_and_the_rest_is_read(cluster, client, client_env, tmp_path):
    folder = _folder_with(tmp_path, "LEIDUR-PROBE-STUCK")
    out = tmp_path / "out"
    started = time.monotonic()
    result = scan_on(cluster, folder, "--out", out, "-q", "--item-timeout", "3", env=client_env)
    assert time.monotonic() - started < 180
    assert result.returncode == 1, result.stderr
    [(location, stage, reason)] = error_rows(out)
    assert (location, stage) == (str(folder / "vigane.txt"), "extract") and "gave up after 3 s" in reason
    assert {row["location"] for row in read_csv(out / "inventory.csv")} == {str(folder / f"kiri-{n:02d}.txt") for n in range(12)}
    client.wait_for_workers(2, timeout=120)


@pytest.fixture
def crm_for_cluster(postgres_server):
    """A database in two schemas; the scanning role's password is in the workers' environment only."""
    from scanner.synth.people import make_people

    people = make_people(30, seed=17)
    server = postgres_server
    server.create_database("cluster_crm")
    with server.connect("cluster_crm") as admin:
        admin.execute("DROP ROLE IF EXISTS cluster_scan")
        admin.execute(f"CREATE ROLE cluster_scan LOGIN PASSWORD '{PG_PASSWORD}'")
        admin.execute("CREATE SCHEMA personal")
        for schema in ("public", "personal"):
            admin.execute(f"CREATE TABLE {schema}.kliendid (id int PRIMARY KEY, nimi text, isikukood text, e_post text, iban text)")
            for n, person in enumerate(people):
                admin.execute(f"INSERT INTO {schema}.kliendid VALUES (%s, %s, %s, %s, %s)",
                              (n, person.name, person.personal_code, person.email, person.iban))
            admin.execute(f"GRANT USAGE ON SCHEMA {schema} TO cluster_scan")
            admin.execute(f"GRANT SELECT ON ALL TABLES IN SCHEMA {schema} TO cluster_scan")
    url = f"postgresql+psycopg://cluster_scan:${{LEIDUR_TEST_PG_PASSWORD}}@{server.host}:{server.port}/cluster_crm"
    return url, people


def test_no_password_and_no_identifier_in_any_task_or_result(cluster, client, client_env, crm_for_cluster, tmp_path):
    from tests.leidur_probe.recorders import ResultRecorder, TaskRecorder, recorded_results, recorded_tasks

    url, people = crm_for_cluster
    share = tmp_path / "share"
    share.mkdir()
    for n, person in enumerate(people):
        (share / f"kiri-{n:02d}.txt").write_text(
            f"Lugupeetud {person.name}, isikukood {person.personal_code}, e-post {person.email}, "
            f"arveldusarve {person.iban}.\n", encoding="utf-8")
    client.register_plugin(TaskRecorder())
    client.register_plugin(ResultRecorder())
    before = time.time()
    assert "LEIDUR_TEST_PG_PASSWORD" not in client_env
    result = scan_on(cluster, share, url, "--out", tmp_path / "out", "-q", env=client_env)
    assert result.returncode == 0, result.stderr
    found = {(row["location"], row["entity_type"]) for row in read_csv(tmp_path / "out" / "inventory.csv")}
    for schema in ("public", "personal"):  # the workers expanded the password and read both schemas
        assert (f"cluster_crm.{schema}.kliendid.isikukood", "EE_PERSONAL_CODE") in found
    assert (str(share / "kiri-00.txt"), "EE_PERSONAL_CODE") in found
    tasks = client.run_on_scheduler(recorded_tasks)
    results = [blob for per_worker in client.run(recorded_results).values() for blob in per_worker.values()]
    transitions = _transitions(client, before)
    assert any(key.startswith("leidur-read-") for key in tasks) and results
    everything = b"".join([*tasks.values(), *results, repr(transitions).encode(), repr(list(tasks)).encode(),
                           result.stderr.encode(), cluster.log_text().encode()])
    raw_values = [PG_PASSWORD] + [value for p in people for value in (p.personal_code, p.email, p.iban)]
    leaked = [value for value in raw_values if value.encode() in everything]
    assert not leaked


def test_a_worker_with_another_key_stops_the_scan(cluster, client_env, tmp_path):
    env = dict(client_env, LEIDUR_KEY="another key than the workers have")
    result = scan_on(cluster, SAMPLE_DATA / "share", "--out", tmp_path, "-q", env=env)
    assert result.returncode == 3
    assert "fingerprint key" in result.stderr and "LEIDUR_KEY" in result.stderr


def test_a_password_the_workers_do_not_have_is_a_usage_error(cluster, client_env, tmp_path):
    target = "postgresql+psycopg://scan:${LEIDUR_NOT_ON_THE_WORKERS}@127.0.0.1:1/crm"
    result = scan_on(cluster, target, "--out", tmp_path, "-q", env=dict(client_env, LEIDUR_NOT_ON_THE_WORKERS="x"))
    assert result.returncode == 2
    assert "on a cluster worker" in result.stderr and "LEIDUR_NOT_ON_THE_WORKERS is not set" in result.stderr


def test_a_password_written_into_the_target_is_refused(client_env, tmp_path):
    result = run_leidur("scan", "postgresql://scan:Pa55-word-1@127.0.0.1:1/crm", "--out", tmp_path,
                        "--scheduler", "tcp://127.0.0.1:1", env=client_env)
    assert result.returncode == 2
    assert "${VAR}" in result.stderr and "Pa55-word-1" not in result.stderr


def test_without_dask_the_scheduler_option_names_the_extra(client_env, tmp_path):
    hide_dask = "import sys; sys.modules['distributed'] = None; from scanner.cli import main; main()"
    result = subprocess.run([sys.executable, "-c", hide_dask, "scan", str(SAMPLE_DATA), "--out", str(tmp_path),
                             "--scheduler", "tcp://127.0.0.1:1"], env=client_env, capture_output=True, text=True)
    assert result.returncode == 2
    assert "pip install 'leidur[cluster]'" in result.stderr


@pytest.mark.skipif(not can_unshare(), reason="unshare -rn is not available")
def test_a_local_cluster_of_jobs_workers_runs_offline(client_env, local_sample, tmp_path):
    # No network but loopback, which `unshare -rn` leaves down: the scheduler and its workers talk over it.
    command = ["unshare", "-rn", "sh", "-c", 'ip link set lo up && exec "$@"', "sh", sys.executable, "-m", "scanner",
               "scan", str(SAMPLE_DATA), "--out", str(tmp_path), "--scheduler", "local", "--jobs", "2", "-q"]
    result = subprocess.run(command, env=client_env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 1, result.stderr
    assert inventory(tmp_path) == inventory(local_sample)
