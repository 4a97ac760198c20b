"""Column names as evidence, which columns are read, cells as text, and per-column chunks."""
from __future__ import annotations

import pickle

import pytest
from sqlalchemy import JSON, BigInteger, Date, Integer, LargeBinary, Numeric, String, Text
from sqlalchemy.dialects import postgresql
from sqlalchemy.types import NullType

from scanner.sources.database import DatabaseSource, DatabaseSettings, read_table
from scanner.sources.db_columns import (
    CHUNK_CHARS, HUGE_CELL, ColumnBuffer, cell_text, column_kind, name_evidence,
)
from scanner.sources.db_reflect import safe_reason
from scanner.sources.db_rows import ColumnSpec, TableSpec
from scanner.targets import TargetError, parse_target

NAMES = [
    ("isikukood", "kliendid", ["EE_PERSONAL_CODE"]),
    ("kliendi_isikukood", "tellimused", ["EE_PERSONAL_CODE"]),
    ("IK", "tootajad", ["EE_PERSONAL_CODE"]),
    ("ssn", "employees", ["EE_PERSONAL_CODE"]),
    ("eesnimi", "x", ["PERSON"]),
    ("perekonnanimi", "x", ["PERSON"]),
    ("FirstName", "contacts", ["PERSON"]),
    ("nimi", "kliendid", ["PERSON"]),
    ("kliendi_nimi", "tellimused", ["PERSON"]),
    ("nimi", "tooted", []),
    ("name", "products", []),
    ("e_post", "x", ["EMAIL_ADDRESS"]),
    ("e_posti_aadress", "x", ["EMAIL_ADDRESS"]),
    ("email", "x", ["EMAIL_ADDRESS"]),
    ("telefon", "x", ["PHONE_NUMBER"]),
    ("tel", "x", ["PHONE_NUMBER"]),
    ("hotel", "x", []),
    ("tellimus", "x", []),
    ("iban", "x", ["IBAN_CODE"]),
    ("arveldusarve", "x", ["IBAN_CODE"]),
    ("pangakonto", "x", ["IBAN_CODE"]),
    ("aadress", "x", ["LOCATION"]),
    ("ip_aadress", "x", ["IP_ADDRESS"]),
    ("sünniaeg", "x", ["DATE_OF_BIRTH"]),
    ("viitenumber", "x", []),
    ("reference_number", "x", []),
    ("summa", "x", []),
    ("id", "kliendid", []),
]


@pytest.mark.parametrize("column, table, expected", NAMES)
def test_column_names_as_evidence(column, table, expected):
    assert name_evidence(column, table) == expected


@pytest.mark.parametrize("sql_type, key, kind", [
    (String(20), False, "text"), (Text(), False, "text"), (JSON(), False, "json"),
    (postgresql.JSONB(), False, "json"), (postgresql.ARRAY(String()), False, "array"),
    (BigInteger(), False, "number"), (BigInteger(), True, "skip"), (Integer(), True, "skip"),
    (Numeric(10, 2), False, "skip"), (Numeric(11, 0), False, "number"), (Date(), False, "skip"),
    (LargeBinary(), False, "binary"), (postgresql.BYTEA(), False, "binary"),
    (postgresql.INET(), False, "text"), (NullType(), False, "text"),
])
def test_which_columns_are_read(sql_type, key, kind):
    assert column_kind(sql_type, key) == kind


def test_json_and_arrays_become_text_with_their_keys():
    assert cell_text({"kontakt": {"telefon": "+372 5123 4567"}, "keel": "et"}, "json") == "telefon: +372 5123 4567; keel: et"
    assert cell_text('{"isikukood": "38001085718"}', "json") == "isikukood: 38001085718"
    assert cell_text(["a@example.ee", None, "b@example.ee"], "array") == "a@example.ee; b@example.ee"
    assert cell_text(b"binary", "text") is None
    assert cell_text(b"tekst \x00", "binary") == "tekst"
    assert cell_text("  ", "text") is None and cell_text(None, "text") is None


def test_chunks_hold_many_cells_and_say_where_each_starts():
    buffer = ColumnBuffer("crm.public.kliendid.e_post", ("e_post",), ("EMAIL_ADDRESS",))
    cells = [f"kasutaja{i}@example.ee" for i in range(1000)]
    chunks = [c for cell in cells for c in buffer.add(cell)] + list(buffer.flush(final=True))
    assert len(chunks) > 2 and all(len(c.text) <= CHUNK_CHARS for c in chunks)
    assert chunks[0].metadata["schema_evidence"] == ["EMAIL_ADDRESS"]
    assert all("schema_evidence" not in c.metadata for c in chunks[1:])
    assert chunks[-1].metadata["cells_total"] == 1000
    rebuilt = []
    for chunk in chunks:
        starts = chunk.metadata["cell_starts"]
        ends = [s - 1 for s in starts[1:]] + [len(chunk.text)]
        rebuilt += [chunk.text[s:e] for s, e in zip(starts, ends)]
        assert chunk.context == ("e_post",)
    assert rebuilt == cells
    assert [c.offset for c in chunks] == sorted(c.offset for c in chunks)


def test_an_empty_column_still_yields_its_schema_evidence():
    buffer = ColumnBuffer("crm.public.kliendid.mobiil", ("mobiil",), ("PHONE_NUMBER",))
    [chunk] = buffer.flush(final=True)
    assert chunk.text == "" and chunk.metadata["schema_evidence"] == ["PHONE_NUMBER"]
    assert chunk.metadata["cells_total"] == 0


def test_a_huge_cell_is_cut_into_overlapping_chunks():
    buffer = ColumnBuffer("db.t.notes", ("notes",))
    chunks = list(buffer.add("x" * (HUGE_CELL * 3))) + list(buffer.flush(final=True))
    assert len(chunks) >= 2 and all(c.metadata["first_cell"] == 0 for c in chunks)


def test_url_settings_are_stripped_and_unknown_ones_refused(tmp_path):
    source = DatabaseSource.from_target(parse_target(f"sqlite:///{tmp_path}/a.db?leidur_sample=25&leidur_views=yes"), None)
    assert source.settings == DatabaseSettings(sample_rows=25, views=True)
    assert "leidur" not in source.link.url
    with pytest.raises(TargetError, match="unknown database settings"):
        DatabaseSource.from_target(parse_target(f"sqlite:///{tmp_path}/a.db?leidur_sampel=5"), None)
    with pytest.raises(TargetError, match="sqlite"):
        DatabaseSource.from_target(parse_target("sqlite://"), None)


def test_config_file_options_and_full_flag():
    target = parse_target("postgresql://scanner:pw@db.internal/crm")
    target.options = {"sample": 200, "schemas": "public, hr", "timeout": 5}
    options = type("Options", (), {"full": True})()
    source = DatabaseSource.from_target(target, options)
    assert source.settings == DatabaseSettings(sample_rows=200, full=True, schemas=("public", "hr"), timeout_seconds=5)


def test_items_pickle_without_showing_the_password():
    source = DatabaseSource.from_target(parse_target("postgresql://scanner:Sala-Parool-9@db.internal/crm"), None)
    spec = TableSpec("crm.public.t", "public", "t", (ColumnSpec("email", "text"),))
    import functools

    chunker = functools.partial(read_table, source.link, spec, source.settings)
    assert "Sala-Parool-9" not in repr(chunker)
    assert pickle.loads(pickle.dumps(chunker)).args[0].url.endswith("@db.internal/crm")


def test_error_reasons_hide_passwords_and_urls():
    error = RuntimeError("could not connect to postgresql://scanner:Sala-Parool-9@db.internal/crm (Sala-Parool-9)")
    reason = safe_reason(error, ["Sala-Parool-9"])
    assert "Sala-Parool-9" not in reason and "scanner@db.internal/crm" in reason


def test_error_reasons_leave_out_the_statement():
    error = RuntimeError("(1356, \"View 'crm.katkine' references invalid table(s)\") [SQL: DESCRIBE `crm`.`katkine`] "
                         "(Background on this error at: https://sqlalche.me/e/20/e3q8)")
    assert safe_reason(error) == "RuntimeError: (1356, \"View 'crm.katkine' references invalid table(s)\")"


def test_unread_columns_keep_only_evidence_their_type_can_hold(tmp_path):
    from sqlalchemy import create_engine

    from tests.database_checks import found_by_column, scan

    engine = create_engine(f"sqlite:///{tmp_path / 'isikud.db'}")
    with engine.begin() as connection:
        connection.exec_driver_sql("CREATE TABLE isikud (isikukood BIGINT PRIMARY KEY, email_verified BOOLEAN, "
                                   "synniaeg DATE, id_kaart BLOB)")
        connection.exec_driver_sql("INSERT INTO isikud VALUES (38001085718, 1, '1980-01-08', x'00')")
    engine.dispose()
    found = found_by_column(scan(f"sqlite:///{tmp_path / 'isikud.db'}"), "isikud.")
    assert {c: set(t) for c, t in found.items()} == {
        "isikud.isikukood": {"EE_PERSONAL_CODE"}, "isikud.synniaeg": {"DATE_OF_BIRTH"}}
    assert found["isikud.isikukood"]["EE_PERSONAL_CODE"].count == 1


@pytest.mark.parametrize("url, says", [
    ("mssql+nosuchdriver://scanner:Sala-Parool-9@db.internal/crm", "knows no database driver 'mssql+nosuchdriver'"),
    ("mysql://scanner:Sala-Parool-9@db.internal/crm", "write the URL as mysql+pymysql://"),
    ("mssql://scanner:Sala-Parool-9@db.internal/crm", "the library pyodbc is not installed"),
])
def test_a_missing_driver_is_a_usage_error_without_the_password(url, says):
    """Found before the scan starts (exit 2), not as a connect error once it runs."""
    from tests.database_checks import scan

    with pytest.raises(TargetError) as refused:
        scan(url)
    assert says in str(refused.value)
    assert str(refused.value).startswith(url.replace(":Sala-Parool-9", "") + ": ")
    assert "Sala-Parool-9" not in str(refused.value)
