"""PostgreSQL: a real server on loopback with the sample CRM, a read-only scanning account and a 200k-row table."""
from __future__ import annotations

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import DBAPIError

from scanner.sources.database import DatabaseLink, DatabaseReadError, DatabaseSettings, read_table, worker_engine
from scanner.sources.db_columns import CHUNK_CHARS, name_evidence
from scanner.sources.db_rows import ColumnSpec, TableSpec, sample_rows
from scanner.synth.sample_database import build
from tests.conftest import leidur_env, read_csv, run_leidur
from tests.database_checks import assert_sample_database_found, comparable, found_by_column, scan
from tests.services.postgres import postgres_server  # noqa: F401  (session fixture)

SCAN_USER = "leidur_scan"
SCAN_PASSWORD = "Pg-Sala-7x9QvLm2"
BIG_ROWS = 200_000


@pytest.fixture(scope="module")
def crm(postgres_server):
    server = postgres_server
    server.create_database("crm")
    engine = create_engine(server.url("crm"))
    build(engine)
    engine.dispose()
    with server.connect("crm") as admin:
        admin.execute(
            "CREATE TABLE sundmused AS SELECT g AS id, 'kasutaja' || g || '@example.ee' AS e_post, "
            f"md5(g::text) AS kontroll FROM generate_series(1, {BIG_ROWS}) g"
        )
        admin.execute("ALTER TABLE sundmused ADD PRIMARY KEY (id)")
        admin.execute("ANALYZE sundmused")
        admin.execute("CREATE MATERIALIZED VIEW kliendi_kontaktid AS SELECT id, telefon FROM kliendid")
        admin.execute("CREATE TABLE palgad (id int PRIMARY KEY, isikukood text, summa numeric(10,2))")
        admin.execute("INSERT INTO palgad VALUES (1, '38001085718', 1500)")
        admin.execute(f"CREATE ROLE {SCAN_USER} LOGIN PASSWORD '{SCAN_PASSWORD}'")
        admin.execute(f"GRANT CONNECT ON DATABASE crm TO {SCAN_USER}")
        admin.execute(f"GRANT USAGE ON SCHEMA public TO {SCAN_USER}")
        admin.execute(f"GRANT SELECT ON ALL TABLES IN SCHEMA public TO {SCAN_USER}")
        admin.execute(f"REVOKE ALL ON palgad FROM {SCAN_USER}")
    return server


@pytest.fixture(scope="module")
def crm_scan(crm):
    return scan(crm.url("crm", SCAN_USER, SCAN_PASSWORD))


def test_every_personal_column_found_and_nothing_else(crm_scan):
    prefix = "crm.public."
    crm_rows = [r for r in crm_scan.rows if r.location.split(".")[2] not in ("sundmused", "palgad")]
    crm_scan_only = type(crm_scan)(crm_rows, [], crm_scan.started, crm_scan.finished)
    assert_sample_database_found(crm_scan_only, prefix)
    big = found_by_column(crm_scan, prefix)["sundmused.e_post"]["EMAIL_ADDRESS"]
    assert big.extra["values_read"] == 1000 == big.count


def test_a_table_without_permission_is_an_error_row(crm_scan):
    errors = [e for e in crm_scan.errors]
    assert [e.location for e in errors] == ["crm.public.palgad"]
    assert "permission denied" in errors[0].error
    # Its columns' names are still reported, as schema evidence only.
    palgad = [(r.location, r.entity_type, r.evidence, r.count) for r in crm_scan.rows if "palgad" in r.location]
    assert palgad == [("crm.public.palgad.isikukood", "EE_PERSONAL_CODE", "schema", 0)]


def test_the_account_cannot_write_and_the_session_is_read_only(crm):
    with crm.connect("crm") as admin:
        for table in ("kliendid", "sundmused"):
            for privilege in ("INSERT", "UPDATE", "DELETE", "TRUNCATE"):
                assert not admin.execute("SELECT has_table_privilege(%s, %s, %s)", (SCAN_USER, table, privilege)).fetchone()[0]
        assert not admin.execute("SELECT has_schema_privilege(%s, 'public', 'CREATE')", (SCAN_USER,)).fetchone()[0]
    # Even the administrator's account is read-only through Leidur's sessions.
    engine = worker_engine(DatabaseLink(crm.url("crm")), DatabaseSettings(timeout_seconds=7))
    with engine.connect() as connection:
        assert connection.execute(text("SHOW transaction_read_only")).scalar() == "on"
        assert connection.execute(text("SHOW statement_timeout")).scalar() == "7s"
        with pytest.raises(DBAPIError, match="read-only transaction"):
            connection.execute(text("DELETE FROM kliendid"))
    with crm.connect("crm") as admin:
        assert admin.execute("SELECT count(*) FROM kliendid").fetchone()[0] == 120


def test_large_table_sampled_without_reading_all_of_it(crm):
    spec = TableSpec("crm.public.sundmused", "public", "sundmused", (ColumnSpec("id", "number"),), integer_key="id")
    engine = worker_engine(DatabaseLink(crm.url("crm", SCAN_USER, SCAN_PASSWORD)), DatabaseSettings())
    with engine.connect() as connection:
        first = [row[0] for row in sample_rows(connection, spec, ["id"], 1000)]
        fetched, pages = connection.execute(text(
            "SELECT pg_stat_get_xact_blocks_fetched('sundmused'::regclass), relpages FROM pg_class WHERE relname = 'sundmused'"
        )).one()
        second = [row[0] for row in sample_rows(connection, spec, ["id"], 1000)]
    assert first == second  # deterministic
    assert len(first) == 1000
    assert max(first) > BIG_ROWS * 0.8 and min(first) < BIG_ROWS * 0.2  # spread over the table
    assert fetched < pages / 5, (fetched, pages)


def test_two_scans_agree(crm, crm_scan):
    again = scan(crm.url("crm", SCAN_USER, SCAN_PASSWORD))
    assert comparable(again) == comparable(crm_scan)


def test_full_scan_streams_every_row(crm):
    spec = TableSpec("crm.public.sundmused", "public", "sundmused",
                     (ColumnSpec("e_post", "text", tuple(name_evidence("e_post"))),), integer_key="id")
    link = DatabaseLink(crm.url("crm", SCAN_USER, SCAN_PASSWORD), SCAN_PASSWORD)
    chunks = list(read_table(link, spec, DatabaseSettings(full=True, batch_rows=5000)))
    assert chunks[-1].metadata["cells_total"] == BIG_ROWS
    assert max(len(c.text) for c in chunks) <= CHUNK_CHARS


def test_dropped_connection_is_retried_once(crm):
    spec = TableSpec("crm.public.sundmused", "public", "sundmused", (ColumnSpec("e_post", "text"),), integer_key="id")
    link = DatabaseLink(crm.url("crm", SCAN_USER, SCAN_PASSWORD), SCAN_PASSWORD)
    chunks = read_table(link, spec, DatabaseSettings(full=True, batch_rows=200))
    seen = next(chunks).text.split("\n")
    with crm.connect("crm") as admin:
        killed = admin.execute("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE usename = %s",
                               (SCAN_USER,)).fetchone()[0]
    assert killed >= 1
    for chunk in chunks:
        seen += chunk.text.split("\n") if chunk.text else []
    assert len(seen) == BIG_ROWS and len(set(seen)) == BIG_ROWS


def test_password_never_appears_in_any_output(crm, tmp_path):
    env = leidur_env(LEIDUR_PG_PASSWORD=SCAN_PASSWORD)
    good = f"postgresql+psycopg://{SCAN_USER}:${{LEIDUR_PG_PASSWORD}}@127.0.0.1:{crm.port}/crm?leidur_sample=100"
    wrong = f"postgresql+psycopg://{SCAN_USER}:{SCAN_PASSWORD}-vale@127.0.0.1:{crm.port}/crm"
    out = tmp_path / "out"
    result = run_leidur("scan", good, wrong, "--out", out, "--jobs", "2", env=env)
    assert result.returncode == 1, result.stderr
    texts = [result.stdout, result.stderr] + [p.read_text(encoding="utf-8-sig") for p in out.iterdir()]
    assert not any(SCAN_PASSWORD in t for t in texts)
    errors = read_csv(out / "errors.csv")
    assert {(e["location"], e["stage"]) for e in errors} >= {
        ("crm.public.palgad", "extract"), (f"postgresql+psycopg://{SCAN_USER}@127.0.0.1:{crm.port}/crm", "connect")}
    rows = read_csv(out / "inventory.csv")
    assert any(r["location"] == "crm.public.kliendid.isikukood" and r["source"].startswith("postgresql+psycopg://leidur_scan@")
               for r in rows)


def test_views_only_when_asked(crm):
    found = found_by_column(scan(crm.url("crm", SCAN_USER, SCAN_PASSWORD) + "?leidur_views=1&leidur_sample=50"), "crm.public.")
    assert "EMAIL_ADDRESS" in found["aktiivsed_kliendid.e_post"]
    assert "PHONE_NUMBER" in found["kliendi_kontaktid.telefon"]



def _scan_backends(server) -> set[int]:
    with server.connect("crm") as admin:
        return {row[0] for row in admin.execute("SELECT pid FROM pg_stat_activity WHERE usename = %s", (SCAN_USER,))}


def test_a_connection_dropped_twice_is_recorded(crm):
    spec = TableSpec("crm.public.sundmused", "public", "sundmused",
                     (ColumnSpec("e_post", "text", ("EMAIL_ADDRESS",)),), integer_key="id")
    link = DatabaseLink(crm.url("crm", SCAN_USER, SCAN_PASSWORD), SCAN_PASSWORD)
    chunks = read_table(link, spec, DatabaseSettings(full=True, batch_rows=200))
    next(chunks)
    killed = _scan_backends(crm)
    crm.execute("crm", "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = %s", (SCAN_USER,))
    while not (_scan_backends(crm) - killed):  # read on until the retry has opened its own connection
        next(chunks)
    crm.execute("crm", "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = %s", (SCAN_USER,))
    with pytest.raises(DatabaseReadError, match="terminat|closed|connection"):
        list(chunks)


def test_a_statement_timeout_is_an_error_not_a_hang(crm):
    crm.execute("crm", "CREATE OR REPLACE VIEW aeglane AS SELECT pg_sleep(5)::text AS e_post")
    crm.execute("crm", f"GRANT SELECT ON aeglane TO {SCAN_USER}")
    result = scan(crm.url("crm", SCAN_USER, SCAN_PASSWORD) + "?leidur_views=1&leidur_timeout=1&leidur_schemas=public")
    timeouts = [e for e in result.errors if e.location == "crm.public.aeglane"]
    assert len(timeouts) == 1 and "timeout" in timeouts[0].error
    assert any(r.location == "crm.public.kliendid.isikukood" for r in result.rows)
    crm.execute("crm", "DROP VIEW aeglane")
