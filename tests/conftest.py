"""Shared test helpers: run the real CLI, cut the network, keep keys out of the home folder."""
from __future__ import annotations

import csv
import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SAMPLE_DATA = REPO / "sample_data"
TEST_KEY = "leidur-test-key-not-secret"


@pytest.fixture(scope="session")
def _cache_folder(tmp_path_factory):
    return tmp_path_factory.mktemp("cache")


@pytest.fixture(autouse=True)
def _test_key(monkeypatch, tmp_path_factory, _cache_folder):
    """Every test uses a fixed fingerprint key, its own config folder, and the session's cache folder."""
    monkeypatch.setenv("LEIDUR_KEY", TEST_KEY)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path_factory.mktemp("xdg")))
    monkeypatch.setenv("LEIDUR_CACHE_DIR", str(_cache_folder))


def leidur_env(**extra) -> dict:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(REPO) + os.pathsep + env.get("PYTHONPATH", "")
    env.setdefault("LEIDUR_KEY", TEST_KEY)
    env.update(extra)
    return env


def run_leidur(*args, env: dict | None = None, offline: bool = False, timeout: int = 600, cwd=None):
    """Run the real `leidur` CLI in a subprocess; `offline=True` runs it with no network at all."""
    command = [sys.executable, "-m", "scanner", *map(str, args)]
    if offline:
        command = ["unshare", "-rn", *command]
    return subprocess.run(
        command, env=env or leidur_env(), capture_output=True, text=True, timeout=timeout, cwd=cwd
    )


def can_unshare() -> bool:
    if not shutil.which("unshare"):
        return False
    return subprocess.run(["unshare", "-rn", "true"], capture_output=True).returncode == 0


def read_csv(path: Path) -> list[dict]:
    """A Leidur CSV: inventory.csv and errors.csv use ';' (spreadsheet dialect), other files may use ','."""
    with open(path, encoding="utf-8-sig", newline="") as handle:
        header = handle.readline()
        handle.seek(0)
        delimiter = ";" if header.count(";") > header.count(",") else ","
        return list(csv.DictReader(handle, delimiter=delimiter))


@pytest.fixture
def no_network(monkeypatch):
    """Refuses and records every attempt to reach the network; the test fails if there was one.

    Attempts are recorded as well as refused because a library may swallow the
    refusal and quietly fall back, which would hide the attempt.
    """
    attempts: list = []

    def refuse(*args, **kwargs):
        attempts.append(args[1:] if len(args) > 1 else args)
        raise OSError("network access refused by the test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    yield attempts
    assert not attempts, f"network access attempted: {attempts}"


def run_unprivileged(command: list[str], env: dict, timeout: int = 300):
    """Run as an unprivileged user when we are root, so that file permissions apply."""
    if os.geteuid() == 0:
        command = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", *command]
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=timeout)


def everything_written(out_dir: Path) -> str:
    """Every file a scan wrote (reports and the SQLite state), as text, for leak checks."""
    return "".join(p.read_bytes().decode("utf-8", "replace") for p in Path(out_dir).rglob("*") if p.is_file())
