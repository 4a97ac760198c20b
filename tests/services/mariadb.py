"""A throw-away MariaDB server for the session: mariadb-install-db + mariadbd as an unprivileged user on loopback."""
from __future__ import annotations

import secrets
import subprocess
import time
from pathlib import Path

import pytest

from tests.services._server import LoopbackServer, as_server_user, find_binary, free_port, owned_temp_dir, stop, wait_for_port


class MariaDBServer(LoopbackServer):
    DRIVER = "mysql+pymysql"
    URL_SUFFIX = "?charset=utf8mb4"

    def connect(self, database: str | None = None):
        import pymysql

        return pymysql.connect(host=self.host, port=self.port, user=self.admin_user, password=self.admin_password,
                               database=database, autocommit=True, charset="utf8mb4")

    def execute(self, database: str | None, sql: str, params=None) -> None:
        connection = self.connect(database)
        try:
            with connection.cursor() as cursor:
                cursor.execute(sql, params)
        finally:
            connection.close()

    def create_database(self, name: str) -> None:
        self.execute(None, f"DROP DATABASE IF EXISTS `{name}`")
        self.execute(None, f"CREATE DATABASE `{name}` CHARACTER SET utf8mb4")


@pytest.fixture(scope="session")
def mariadb_server():
    install = find_binary("/usr/bin/mariadb-install-db", "mariadb-install-db", "mysql_install_db")
    server_binary = find_binary("/usr/sbin/mariadbd", "mariadbd", "/usr/sbin/mysqld")
    folder = owned_temp_dir("leidur-maria-")
    data = folder / "data"
    socket_path = folder / "mysqld.sock"
    subprocess.run(
        as_server_user([install, "--no-defaults", f"--datadir={data}", "--auth-root-authentication-method=normal",
                        "--skip-test-db", "--skip-name-resolve"]),
        check=True, capture_output=True,
    )
    port = free_port()
    log = folder / "server.log"
    with open(log, "wb") as log_handle:
        process = subprocess.Popen(
            as_server_user([server_binary, "--no-defaults", f"--datadir={data}", f"--port={port}",
                            "--bind-address=127.0.0.1", f"--socket={socket_path}", f"--pid-file={folder / 'pid'}",
                            "--skip-name-resolve", "--skip-log-bin", "--innodb-buffer-pool-size=32M",
                            "--innodb-flush-log-at-trx-commit=0", "--max-connections=40"]),
            stdout=log_handle, stderr=subprocess.STDOUT,
        )
    try:
        wait_for_port(port, process, log)
        password = secrets.token_urlsafe(16)
        _create_admin(socket_path, password)
        yield MariaDBServer("127.0.0.1", port, "leidur_admin", password)
    finally:
        stop(process, folder)


def _create_admin(socket_path: Path, password: str) -> None:
    """Root may only log in through the socket; the tests use a TCP admin with a password."""
    import pymysql

    for attempt in range(100):
        try:
            connection = pymysql.connect(unix_socket=str(socket_path), user="root", password="", autocommit=True)
            break
        except pymysql.err.OperationalError:
            if attempt == 99:
                raise
            time.sleep(0.2)
    with connection.cursor() as cursor:
        cursor.execute("CREATE USER 'leidur_admin'@'127.0.0.1' IDENTIFIED BY %s", (password,))
        cursor.execute("GRANT ALL PRIVILEGES ON *.* TO 'leidur_admin'@'127.0.0.1' WITH GRANT OPTION")
    connection.close()
