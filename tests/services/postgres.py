"""A throw-away PostgreSQL 15 server for the session: initdb + postgres as an unprivileged user on loopback."""
from __future__ import annotations

import secrets
import subprocess
from contextlib import contextmanager
from typing import Iterator
from pathlib import Path

import pytest

from tests.services._server import LoopbackServer, as_server_user, find_binary, free_port, owned_temp_dir, stop, wait_for_port

PG_BIN = "/usr/lib/postgresql/15/bin"


class PostgresServer(LoopbackServer):
    DRIVER = "postgresql+psycopg"

    def connect(self, database: str = "postgres", autocommit: bool = True):
        import psycopg

        return psycopg.connect(host=self.host, port=self.port, user=self.admin_user,
                               password=self.admin_password, dbname=database, autocommit=autocommit)

    def execute(self, database: str, sql: str, params=None) -> None:
        with self.connect(database) as connection:
            connection.execute(sql, params)

    def create_database(self, name: str) -> None:
        self.execute("postgres", f'DROP DATABASE IF EXISTS "{name}"')
        self.execute("postgres", f'CREATE DATABASE "{name}"')


@pytest.fixture(scope="session")
def postgres_server():
    with running_postgres() as server:
        yield server


@contextmanager
def running_postgres() -> Iterator[PostgresServer]:
    """Start a server (also used by benchmarks/bench_database.py); stopped and deleted on exit."""
    initdb = find_binary(f"{PG_BIN}/initdb", "initdb")
    postgres = find_binary(f"{PG_BIN}/postgres", "postgres")
    folder = owned_temp_dir("leidur-pg-")
    password = secrets.token_urlsafe(16)
    pwfile = folder / "pw"
    pwfile.write_text(password)
    subprocess.run(["chown", "--reference", str(folder), str(pwfile)], check=True)
    data = folder / "data"
    subprocess.run(
        as_server_user([initdb, "-D", str(data), "-U", "leidur_admin", f"--pwfile={pwfile}",
                        "--auth=scram-sha-256", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"]),
        check=True, capture_output=True,
    )
    pwfile.unlink()
    port = free_port()
    log = folder / "server.log"
    with open(log, "wb") as log_handle:
        process = subprocess.Popen(
            as_server_user([postgres, "-D", str(data), "-p", str(port), "-k", str(folder),
                            "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off",
                            "-c", "synchronous_commit=off", "-c", "full_page_writes=off",
                            "-c", "shared_buffers=32MB", "-c", "max_connections=40"]),
            stdout=log_handle, stderr=subprocess.STDOUT,
        )
    try:
        wait_for_port(port, process, log)
        server = PostgresServer("127.0.0.1", port, "leidur_admin", password)
        _wait_ready(server)
        yield server
    finally:
        stop(process, folder)


def _wait_ready(server: PostgresServer, attempts: int = 100) -> None:
    import time

    import psycopg

    for _ in range(attempts):
        try:
            server.connect().close()
            return
        except psycopg.OperationalError:
            time.sleep(0.2)
    server.connect().close()
