"""Subject identifiers: normalised and hashed as scans do, written forms for databases, refusals without raw values."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest
from click.testing import CliRunner

from scanner.detect.values import fingerprint
from scanner.models import InventoryRow
from scanner.state import StateStore
from scanner.subject import Subject, SubjectError, SubjectRequest, search_subject
from scanner.subject.database import name_match
from scanner.subject.identifiers import Identifier, name_forms

KEY = b"subject-test-key"


@pytest.mark.parametrize("entity, typed, stored", [
    ("PHONE_NUMBER", "+372 5123 4567", "51234567"),
    ("PHONE_NUMBER", "00372 5123-4567", "+37251234567"),
    ("EE_PERSONAL_CODE", "380 0108 5718", "38001085718"),
    ("EMAIL_ADDRESS", "Mari.Tamm@MAIL.ee", "mari.tamm@mail.ee"),
    ("IBAN_CODE", "ee38 2200 2210 2014 5685", "EE382200221020145685"),
])
def test_a_typed_value_hashes_like_the_scanned_one(entity, typed, stored):
    assert Identifier(entity, typed).fingerprint(KEY) == fingerprint(KEY, entity, stored)


def test_two_written_forms_of_one_value_are_searched_once():
    person = Subject.from_options(phone=["+372 5123 4567", "51234567"], email=["A@b.ee", "a@B.ee", "c@d.ee"])
    assert [(i.entity_type, i.value) for i in person.identifiers] == [
        ("EMAIL_ADDRESS", "A@b.ee"), ("EMAIL_ADDRESS", "c@d.ee"), ("PHONE_NUMBER", "+372 5123 4567")]


def test_written_forms_for_database_cells():
    assert Identifier("PHONE_NUMBER", "5123 4567").written_forms() == (
        "+37251234567", "0037251234567", "37251234567", "51234567")
    assert Identifier("EE_PERSONAL_CODE", "38001085718").written_forms() == (
        "38001085718", "ee38001085718", "pnoee38001085718")
    assert Identifier("EMAIL_ADDRESS", " Mari.Tamm@Mail.EE ").written_forms() == ("mari.tamm@mail.ee",)


def test_a_name_alone_is_refused_and_bad_values_are_refused_masked():
    with pytest.raises(SubjectError, match="name alone"):
        Subject.from_options(name="Mari Tamm")
    with pytest.raises(SubjectError) as refused:
        Subject.from_options(personal_code="3800108571")
    assert "3800108571" not in str(refused.value) and "11 digits" in str(refused.value)
    with pytest.raises(SubjectError, match="e-mail"):
        Subject.from_options(email="mari.tamm")


def test_values_with_wrong_check_digits_are_doubted_masked():
    person = Subject.from_options(personal_code="38001085719", iban="EE382200221020145686", card="4111111111111112",
                                  email="a@b.ee")
    doubts = person.doubts()
    assert [d.split(" ", 1)[0] for d in doubts] == ["EE_PERSONAL_CODE", "IBAN_CODE", "CREDIT_CARD"]
    assert not any(raw in d for d in doubts for raw in ("38001085719", "EE382200221020145686", "4111111111111112"))
    assert Subject.from_options(personal_code="38001085718", iban="EE382200221020145685").doubts() == []


def test_name_forms_and_row_name_match():
    assert name_forms("Mari  Tamm") == ("Mari Tamm", "Tamm Mari")
    assert name_match("Mari Tamm", ["Mari", "TAMM"]) == "yes"
    assert name_match("Mari Tamm", ["Mari Liis Tamm"]) == "yes"
    assert name_match("Mari Tamm", ["Jaan", "Kask"]) == "no"
    assert name_match("Mari Tamm", [None, ""]) == ""
    assert name_match("", ["Mari"]) == ""


def _row(location: str, entity: str, key: bytes, *values: str) -> InventoryRow:
    row = InventoryRow(source="share", source_type="files", location=location, entity_type=entity,
                       count=len(values), sample="j***@x.ee")
    row.fingerprints = {fingerprint(key, entity, value) for value in values}
    return row


def _store_with_one_scan(path, key: bytes) -> str:
    url = f"sqlite:///{path}"
    rows = [_row("share/a.txt", "EMAIL_ADDRESS", key, "mari.tamm@mail.ee", "j@x.ee"),
            _row("share/b.zip!c.txt", "EMAIL_ADDRESS", key, "mari.tamm@mail.ee"),
            _row("share/b.zip!c.txt", "PERSON", key, "Tamm  Mari", "Jaan Kask"),
            _row("share/d.txt", "PERSON", key, "Mari Tamm")]
    rows[1].extra["_item"] = rows[2].extra["_item"] = "share/b.zip"
    store = StateStore(url)
    now = datetime.now(timezone.utc)
    store.record_scan(now, now, "complete", "share", False, key, [], rows)
    store.close()
    return url


def test_the_scans_key_is_required(tmp_path):
    url = _store_with_one_scan(tmp_path / "state.db", KEY)
    request = SubjectRequest(Subject.from_options(email="MARI.TAMM@mail.ee"), url)
    assert [(p.kind, p.row.location) for p in search_subject(request, key=KEY).places] == [
        ("file", "share/a.txt"), ("archive member", "share/b.zip!c.txt")]
    with pytest.raises(SubjectError, match="not the one the latest scan used"):
        search_subject(request, key=b"another key")


def test_a_name_only_annotates_places_other_identifiers_found(tmp_path):
    url = _store_with_one_scan(tmp_path / "state.db", KEY)
    person = Subject.from_options(email="mari.tamm@mail.ee", name="mari tamm")
    result = search_subject(SubjectRequest(person, url), key=KEY)
    # share/d.txt holds only the name: not a place. The archive member holds the name in the other order.
    assert [(p.row.location, p.name_match) for p in result.places] == [("share/a.txt", ""), ("share/b.zip!c.txt", "yes")]


def test_the_command_writes_masked_owner_only_reports(tmp_path, monkeypatch):
    from scanner.cli import main

    monkeypatch.setenv("LEIDUR_KEY", KEY.decode())
    url = _store_with_one_scan(tmp_path / "state.db", KEY)
    result = CliRunner().invoke(main, ["subject", "--email", "Mari.Tamm@mail.ee", "--state", url,
                                       "--out", str(tmp_path / "dsar")])
    assert result.exit_code == 0, result.output
    written = (tmp_path / "dsar" / "subject.csv").read_text(encoding="utf-8-sig")
    assert "m***@mail.ee" in written and "share/a.txt" in written
    assert "mari.tamm@mail.ee" not in written.lower() and "j***@x.ee" not in written  # not the other person's sample
    assert "mari.tamm" not in result.output.lower()
    refused = CliRunner().invoke(main, ["subject", "--name", "Mari Tamm", "--state", url, "--out", str(tmp_path / "d")])
    assert refused.exit_code == 2 and "name alone" in refused.output
