"""MariaDB: a real server on loopback with the sample CRM, a SELECT-only account, a broken view and a large table."""
from __future__ import annotations

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import DBAPIError

from scanner.sources.database import DatabaseLink, DatabaseSettings, read_table, worker_engine
from scanner.sources.db_rows import ColumnSpec, TableSpec, sample_rows
from scanner.synth.sample_database import build
from tests.database_checks import assert_sample_database_found, comparable, found_by_column, scan
from tests.services.mariadb import mariadb_server  # noqa: F401  (session fixture)

SCAN_USER = "leidur_scan"
SCAN_PASSWORD = "Maria-Sala-4kQ8zP"
BIG_ROWS = 100_000


@pytest.fixture(scope="module")
def crm(mariadb_server):
    server = mariadb_server
    server.create_database("crm")
    engine = create_engine(server.url("crm"))
    build(engine)
    engine.dispose()
    connection = server.connect("crm")
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TABLE sundmused (id INT PRIMARY KEY, e_post VARCHAR(60)) "
                       f"SELECT seq AS id, CONCAT('kasutaja', seq, '@example.ee') AS e_post FROM seq_1_to_{BIG_ROWS}")
        cursor.execute("CREATE TABLE ajutine (a INT)")
        cursor.execute("CREATE VIEW katkine AS SELECT a FROM ajutine")
        cursor.execute("DROP TABLE ajutine")
        cursor.execute(f"CREATE USER '{SCAN_USER}'@'127.0.0.1' IDENTIFIED BY '{SCAN_PASSWORD}'")
        cursor.execute(f"GRANT SELECT, SHOW VIEW ON crm.* TO '{SCAN_USER}'@'127.0.0.1'")
    connection.close()
    return server


@pytest.fixture(scope="module")
def crm_scan(crm):
    return scan(crm.url("crm", SCAN_USER, SCAN_PASSWORD))


def test_every_personal_column_found_and_nothing_else(crm_scan):
    rows = [r for r in crm_scan.rows if not r.location.startswith("crm.sundmused.")]
    assert_sample_database_found(type(crm_scan)(rows, [], crm_scan.started, crm_scan.finished), "crm.")
    big = found_by_column(crm_scan, "crm.")["sundmused.e_post"]["EMAIL_ADDRESS"]
    assert big.extra["values_read"] == 1000 == big.count
    assert not crm_scan.errors


def test_a_broken_view_is_an_error_row_and_the_scan_goes_on(crm):
    result = scan(crm.url("crm", SCAN_USER, SCAN_PASSWORD) + "&leidur_views=1&leidur_sample=20")
    assert [e.location for e in result.errors] == ["crm.katkine"]
    assert "katkine" in result.errors[0].error or "invalid" in result.errors[0].error
    found = found_by_column(result, "crm.")
    assert "EMAIL_ADDRESS" in found["aktiivsed_kliendid.e_post"] and "EE_PERSONAL_CODE" in found["kliendid.isikukood"]


def test_the_account_cannot_write_and_the_session_is_read_only(crm):
    connection = crm.connect()
    with connection.cursor() as cursor:
        cursor.execute(f"SHOW GRANTS FOR '{SCAN_USER}'@'127.0.0.1'")
        grants = " ".join(row[0] for row in cursor.fetchall())
    connection.close()
    assert "GRANT SELECT, SHOW VIEW ON `crm`.*" in grants
    assert not any(word in grants for word in ("INSERT", "UPDATE", "DELETE", "ALL PRIVILEGES"))
    # Even the administrator's account is read-only through Leidur's sessions.
    engine = worker_engine(DatabaseLink(crm.url("crm")), DatabaseSettings(timeout_seconds=9))
    with engine.connect() as connection:
        assert connection.execute(text("SELECT @@session.tx_read_only, @@session.max_statement_time")).one() == (1, 9)
        with pytest.raises(DBAPIError, match="READ ONLY"):
            connection.execute(text("DELETE FROM kliendid"))


def _rows_read(connection) -> int:
    status = dict(connection.execute(text("SHOW SESSION STATUS LIKE 'Handler_read%'")).all())
    return sum(int(v) for k, v in status.items() if k in ("Handler_read_next", "Handler_read_rnd_next", "Handler_read_key", "Handler_read_first"))


def test_large_table_sampled_by_key_ranges_without_reading_all_of_it(crm):
    spec = TableSpec("crm.sundmused", "crm", "sundmused", (ColumnSpec("e_post", "text"),), integer_key="id")
    engine = worker_engine(DatabaseLink(crm.url("crm", SCAN_USER, SCAN_PASSWORD)), DatabaseSettings())
    with engine.connect() as connection:
        before = _rows_read(connection)
        first = [row[0] for row in sample_rows(connection, spec, ["e_post"], 1000)]
        read = _rows_read(connection) - before
        second = [row[0] for row in sample_rows(connection, spec, ["e_post"], 1000)]
    assert first == second and len(first) == 1000
    numbers = sorted(int(value[len("kasutaja"):].split("@")[0]) for value in first)
    assert numbers[0] == 1 and numbers[-1] > BIG_ROWS * 0.9
    assert read < 5000, read


def test_full_scan_reads_every_row_in_key_order_batches(crm):
    spec = TableSpec("crm.sundmused", "crm", "sundmused", (ColumnSpec("e_post", "text"),), integer_key="id")
    link = DatabaseLink(crm.url("crm", SCAN_USER, SCAN_PASSWORD), SCAN_PASSWORD)
    chunks = list(read_table(link, spec, DatabaseSettings(full=True, batch_rows=7000)))
    cells = [cell for chunk in chunks for cell in chunk.text.split("\n") if chunk.text]
    assert len(cells) == BIG_ROWS == len(set(cells)) == chunks[-1].metadata["cells_total"]


def test_two_scans_agree(crm, crm_scan):
    assert comparable(scan(crm.url("crm", SCAN_USER, SCAN_PASSWORD))) == comparable(crm_scan)


def test_full_scan_of_a_table_without_a_key_streams(crm):
    crm.execute("crm", "CREATE TABLE ilma_votmeta (e_post VARCHAR(60)) "
                       "SELECT CONCAT('isik', seq, '@example.ee') AS e_post FROM seq_1_to_5000")
    spec = TableSpec("crm.ilma_votmeta", "crm", "ilma_votmeta", (ColumnSpec("e_post", "text"),))
    link = DatabaseLink(crm.url("crm", SCAN_USER, SCAN_PASSWORD), SCAN_PASSWORD)
    try:
        chunks = list(read_table(link, spec, DatabaseSettings(full=True, batch_rows=300)))
        sampled = list(read_table(link, spec, DatabaseSettings(sample_rows=100)))
    finally:
        crm.execute("crm", "DROP TABLE ilma_votmeta")
    assert chunks[-1].metadata["cells_total"] == 5000
    assert sampled[-1].metadata["cells_total"] == 100
