"""Helpers for the test servers: a free loopback port, an unprivileged owner, waiting for a port."""
from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

import pytest

RUN_AS = "nobody"  # PostgreSQL and MariaDB refuse to run as root


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def owned_temp_dir(prefix: str) -> Path:
    """A temp folder the unprivileged server user owns (and may write to)."""
    path = Path(tempfile.mkdtemp(prefix=prefix))
    if os.geteuid() == 0:
        user = pwd.getpwnam(RUN_AS)
        os.chown(path, user.pw_uid, user.pw_gid)
    os.chmod(path, 0o755)
    return path


def as_server_user(command: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return command
    return ["runuser", "-u", RUN_AS, "--", *command]


def find_binary(*candidates: str) -> str:
    for candidate in candidates:
        found = shutil.which(candidate) or (candidate if os.path.exists(candidate) else None)
        if found:
            return found
    pytest.skip(f"server binary not installed: {candidates[0]} (CI installs it via scripts/test.sh)")


def wait_for_port(port: int, process: subprocess.Popen, log: Path, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}: {log.read_text(errors='replace')[-2000:]}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError(f"server did not listen on {port} within {timeout}s: {log.read_text(errors='replace')[-2000:]}")


def terminate(process: subprocess.Popen, timeout: float = 30) -> None:
    """Ask a server to stop; kill it if it has not stopped after `timeout` seconds."""
    process.terminate()
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def stop(process: subprocess.Popen, folder: Path) -> None:
    terminate(process)
    shutil.rmtree(folder, ignore_errors=True)


@dataclass
class LoopbackServer:
    """A running test server and its administrator (who may write; the scanner's own accounts may not)."""

    host: str
    port: int
    admin_user: str
    admin_password: str
    DRIVER: ClassVar[str] = ""
    URL_SUFFIX: ClassVar[str] = ""

    def url(self, database: str, user: str | None = None, password: str | None = None, driver: str = "") -> str:
        user = user or self.admin_user
        password = self.admin_password if user == self.admin_user and password is None else password
        auth = f"{user}:{password}" if password else user
        return f"{driver or self.DRIVER}://{auth}@{self.host}:{self.port}/{database}{self.URL_SUFFIX}"
