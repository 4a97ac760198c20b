"""Each recogniser's (text, should_flag) table, run through the real Detector with every built-in recogniser.

A row says whether `text` must contain a finding of the recogniser's entity
type; the hard cases are the look-alikes each recogniser must leave alone.
"""
from __future__ import annotations

import pytest

from scanner.detect.detector import Detector
from scanner.models import Chunk
from scanner.recognizers import load_all
from scanner.synth import identifiers as ids

TABLES: dict[str, list[tuple[str, bool]]] = {
    # Shipped as YAML in rules/recognizers/ee_vehicle_plate.yaml.
    "EE_VEHICLE_PLATE": [
        ("Sõiduki numbrimärk 123 ABC", True),
        ("vehicle 456DEF parked", True),
        ("Tellimus 123 ABC", False),  # no context word: too common alone
        ("numbrimärk 123 abc", False),  # plates are written in capitals
    ],
    "EE_PERSONAL_CODE": [
        ("Isikukood: 38001085718", True),
        ("isikukoodiga 49403136526 klient", True),
        ("sertifikaat PNOEE-38001085718", True),
        ("serialNumber=EE38001085718", True),
        ("Arve nr 38001085719", False),  # check digit wrong
        ("Tellimus 31399012342", False),  # month 13
        ("konto 12345678901", False),
        ("telefon +38001085718", False),
        ("Invoice 38001085718", False),  # valid, but labelled as an invoice number
        ("Arve saaja isikukood 38001085718", True),
    ],
    "PERSON": [
        ("Saatsin arve Mari Tammele eile.", True),
        ("Lugupidamisega,\nMari Tamm", True),
        ("Jaan Kase avaldus on lisatud.", True),
        ("Tõnu Mäe sõnul on kõik korras.", True),
        ("Eile kohtusin Heldur Tammega.", True),  # first name unknown, surname inflected
        ("Best regards,\nOswin Thistlewood", True),  # both unknown, signature context
        ("Dear Mr Smith,", True),
        ("Kontaktisik: Reelika Põldsaar", True),
        ("Tamm & Kask AS müüb puitu.", False),
        ("Mari Tamm OÜ esitas arve.", False),
        ("Kase tn 2a, Tartu", False),
        ("Kask kasvab kiiresti. Tamm on tugev puu.", False),
        ("Tartu Ülikool ja Eesti Pank", False),
        ("General Terms and Conditions apply.", False),
        ("Tere, Mari!", True),  # a person addressed by first name
        ("Tamm Mari;5123 4567", True),  # registers write the surname first
        ("TAMM MARI\n", True),
        ("REBANE LAGLE;", True),  # a known surname first, an unknown first name
        ("Tamm, Mari;", True),
        ("ANNA TEADA\n", False),  # a heading: "let us know"
        ("Environment :: Win32 (MS Windows)", False),
        ("Great Britain, Ireland, North Ireland\n", False),
        ("Key Features\n", False),
        ("Sierra Leone, Saint Helena, San Martin\n", False),
        ("Rootsi Kuningriik\nSaalomoni Saared\n", False),
        ("Name: leidur\nClassifier: Development Status", False),
        ("MARI KINNISVARA OÜ", False),
        ("SERVICE AGREEMENT\n", False),
        ("Osalesid: Mari Tamm, Heldur Põldsaar ja Reelika Kõrvits.", True),
    ],
    "PHONE_NUMBER": [
        ("Tel: +372 5123 4567", True),
        ("mobiil 5123 4567", True),
        ("helista 81234567", True),
        ("telefoninumbril 6123456", True),
        ("call +358 40 1234567", True),
        ("00372 5123 4567", True),
        ("Tellimuse nr 51234567", False),
        ("Arve kuupäev 12.03.2026", False),
        ("Summa 5123,45 EUR", False),
        ("Kaart 4111 5123 4567 1234", False),
        ("konto EE47 3333 8314 6869 5170", False),
        ("SKU 5123-4567", False),
        ("reg. kood 81234562", False),
        ("pfullmem(rss=10199040, vms=52133888)", False),
        ("tel=51234567", True),
        ("Tellimus 6332753 saadeti eile", False),
    ],
    "IBAN_CODE": [
        ("IBAN EE38 2200 2210 2014 5685", True),
        ("arveldusarvele EE382200221020145685 hiljemalt", True),
        ("FI21 1234 5600 0007 85", True),
        ("EE38 2200 2210 2014 5686", False),  # mod-97 fails
        ("EE382200221020145685XYZ", False),
    ],
    "CREDIT_CARD": [
        ("kaart 4539 1488 0343 6467", True),
        ("card=5500005555555559", True),
        ("kaart 4539 1488 0343 6468", False),  # Luhn fails
        ("EAN 4740113971144", False),
        ("konto EE62 3333 2043 6329 5163", False),
    ],
    "EMAIL_ADDRESS": [
        ("e-post mari.tamm@firma.ee", True),
        ("user=john.smith@example.co.uk ip", True),
        ("kasutaja@localhost", False),
        ("@mari.tamm", False),
    ],
    "IP_ADDRESS": [
        ("login from 193.40.5.12", True),
        ("ip=2001:db8:85a3::8a2e:370:7334", True),
        ("link-local FE80::1:2:3", True),
        ("::ffff:193.40.5.12", True),
        ("kell 12:30:45", False),
        ("listen 127.0.0.1 and ::1", False),
        ("netmask 255.255.255.0", False),
        ("Changes in 1.7.4.2", False),
        ("dns server 1.1.1.1", True),
        ("MAC 00:1A:2B:3C:4D:5E", False),
        ("versioon 10.2.0.1", False),
        ("build v1.2.3.4", False),
        ("oid 1.3.6.1.4.1", False),
    ],
    "EE_REGISTRY_CODE": [
        ("registrikood 10052860", True),
        ("Reg. kood: 10052860", True),
        ("registry code 10052860", True),
        ("registrikood 10052861", False),  # checksum
        ("summa 10052860", False),  # no context word
    ],
    "EE_VAT_NUMBER": [
        ("KMKR EE100931558", True),
        ("VAT number EE100931558", True),
        ("KMKR EE100931559", False),
    ],
    "EE_PASSPORT_NUMBER": [
        ("Passi number K1234567", True),
        ("passport no. K1234567", True),
        ("Pass: K1234567", True),
        ("toote kood K1234567", False),
        ("password K1234567", False),
    ],
    "EE_DRIVING_LICENCE_NUMBER": [
        ("juhiloa nr ET123456", True),
        ("driving licence ET123456", True),
        ("tellimus ET123456", False),
        ("software licence key AB123456", False),  # a phrase needs all its words
    ],
    "EE_ID_CARD_NUMBER": [
        ("ID-kaardi number AB1234567", True),
        ("residence permit card AC0012345", True),
        ("tootekood AB1234567", False),
    ],
    "LOCATION": [
        ("elukoht Kase tn 2a, 51003 Tartu", True),
        ("Pärna tn 7/1", True),
        ("Narva mnt 5-12, Tallinn", True),
        ("Mustamäe tee 16", True),
        ("jõin tee 5 korda", False),
        ("Postiindeks 10115", False),
    ],
    "SPECIAL_CATEGORY_HEALTH": [
        ("Töötaja on haiguslehel kuni reedeni.", True),
        ("diagnoosiga J06", True),
        ("medical certificate attached", True),
        ("Tervitades, Mari", False),
        ("terve tiim", False),
        ("hospitality industry", False),
    ],
    "SPECIAL_CATEGORY_TRADE_UNION": [
        ("ametiühingu liikmemaks", True),
        ("trade union membership", True),
        ("ühing korraldas peo", False),
    ],
    "SPECIAL_CATEGORY_RELIGION": [
        ("usulise püha tõttu", True),
        ("church member since 2001", True),
        ("usaldusväärne partner", False),
    ],
    "SPECIAL_CATEGORY_BIOMETRIC": [
        ("sõrmejälje lugeja", True),
        ("facial recognition at the door", True),
        ("sõrmus ja kell", False),
        ("SSH key fingerprint SHA256:abc", False),
        ("access by fingerprint reader", True),
    ],
    "SPECIAL_CATEGORY_CRIMINAL": [
        ("väljavõte karistusregistrist", True),
        ("criminal record check", True),
        ("karistuseta lõpetatud mäng", False),
        ("we speak with conviction", False),
    ],
}

CASES = [(entity, text, flag) for entity, rows in TABLES.items() for text, flag in rows]


@pytest.fixture(scope="module")
def detector() -> Detector:
    return Detector(load_all(), b"test-key")


@pytest.mark.parametrize("entity, text, should_flag", CASES, ids=[f"{e}:{t[:30]}" for e, t, _ in CASES])
def test_recognizer_table(detector, entity, text, should_flag):
    detector.start_document()  # each row is a document of its own
    found = [f for f in detector.detect(Chunk(text=text, location="t")) if f.entity_type == entity]
    assert bool(found) == should_flag, (text, found)


def test_every_builtin_entity_has_a_table(detector):
    entities = {entity for recognizer in detector.recognizers for entity in recognizer.supported_entities}
    assert entities <= set(TABLES)


def test_generated_identifiers_are_found_and_look_alikes_are_not(detector):
    import random

    rng = random.Random(4)
    for _ in range(50):
        good = detector.detect(Chunk(text=f"isikukood {ids.personal_code(rng)}", location="t"))
        assert [f.entity_type for f in good] == ["EE_PERSONAL_CODE"]
        bad = f"arve {ids.invoice_number(rng)}, {ids.bad_date_personal_code(rng)}, {ids.invalid_iban(rng)}"
        assert detector.detect(Chunk(text=bad, location="t")) == []


def test_registry_code_is_an_organisation_not_a_phone(detector):
    findings = detector.detect(Chunk(text="MTÜ Järve Selts, registrikood 81234562", location="t"))
    assert [f.entity_type for f in findings] == ["EE_REGISTRY_CODE"]


def test_findings_hold_no_raw_value(detector):
    text = "Mari Tammele, passi number K1234567, ID-kaardi number AB1234567, diagnoosiga"
    for finding in detector.detect(Chunk(text=text, location="t")):
        raw = text[finding.start:finding.end]
        assert finding.sample != raw and raw not in finding.sample


def test_names_in_a_list_borrow_evidence_but_job_titles_do_not(detector):
    def people(text):
        return [text[f.start:f.end] for f in detector.detect(Chunk(text=text, location="t")) if f.entity_type == "PERSON"]

    assert people("Osalesid: Mari Tamm, Heldur Põldsaar ja Reelika Kõrvits.") == [
        "Mari Tamm", "Heldur Põldsaar", "Reelika Kõrvits"]
    assert people("Mari Tamm\nChief Executive\n") == ["Mari Tamm"]
    assert people("Heldur Põldsaar kirjutas. Nimi: Heldur Põldsaar") == ["Heldur Põldsaar", "Heldur Põldsaar"]


def test_unknown_name_is_a_person_in_a_name_column(detector):
    def people(context, text="Vrelk Osmatrin"):  # no list knows either word
        chunk = Chunk(text=text, location="t", context=context)
        return [f for f in detector.detect(chunk) if f.entity_type == "PERSON"]

    assert people(("Kliendi nimi",)) and people(("name",))
    assert not people(()) and not people(("toode",))
    assert people((), "Heldur Põldsaar")  # a known first name: a person without the column
