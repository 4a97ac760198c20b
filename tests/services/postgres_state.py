"""A throw-away PostgreSQL server for the state store tests: own data folder, loopback, free port, trust auth."""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

BIN_DIRS = ["/usr/lib/postgresql/15/bin", "/usr/lib/postgresql/16/bin", "/usr/local/bin", "/usr/bin"]


def _binary(name: str) -> str | None:
    for folder in BIN_DIRS:
        if os.access(Path(folder) / name, os.X_OK):
            return str(Path(folder) / name)
    return shutil.which(name)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _as_user(command: list[str]) -> list[str]:
    """PostgreSQL refuses to run as root: run it as nobody when we are root."""
    return ["runuser", "-u", "nobody", "--", *command] if os.geteuid() == 0 else command


@pytest.fixture(scope="session")
def postgres_url():
    initdb, postgres = _binary("initdb"), _binary("postgres")
    if not initdb or not postgres:
        pytest.skip("PostgreSQL server binaries (initdb, postgres) are not installed")
    root = Path(tempfile.mkdtemp(prefix="leidur-pg-"))
    data, sockets = root / "data", root / "sockets"
    sockets.mkdir()
    if os.geteuid() == 0:
        os.chown(root, 65534, 65534)
        os.chown(sockets, 65534, 65534)
    subprocess.run(_as_user([initdb, "-D", str(data), "-U", "leidur", "--auth=trust", "-E", "UTF8", "--no-sync"]),
                   check=True, capture_output=True, timeout=120)
    port = _free_port()
    server = subprocess.Popen(
        _as_user([postgres, "-D", str(data), "-p", str(port), "-h", "127.0.0.1", "-k", str(sockets),
                  "-c", "fsync=off", "-c", "full_page_writes=off"]),
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"postgresql+psycopg://leidur@127.0.0.1:{port}/postgres"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"PostgreSQL did not start: {server.stderr.read().decode()[-2000:]}")
                time.sleep(0.2)
        import sqlalchemy

        engine = sqlalchemy.create_engine(url)
        for _ in range(100):  # the port opens a moment before the server accepts logins
            try:
                with engine.connect():
                    break
            except sqlalchemy.exc.OperationalError:
                time.sleep(0.1)
        engine.dispose()
        yield url
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
        shutil.rmtree(root, ignore_errors=True)
