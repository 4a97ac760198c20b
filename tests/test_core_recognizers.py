"""(text, should_flag) tables for the six core entity types, through the real Detector."""
from __future__ import annotations

import pytest

from scanner.detect.detector import Detector
from scanner.models import Chunk
from scanner.recognizers import load_all


@pytest.fixture(scope="module")
def detector():
    return Detector(load_all(), b"test-key")


def found(detector, text: str, entity: str) -> list[str]:
    return [text[f.start:f.end] for f in detector.detect(Chunk(text, "t")) if f.entity_type == entity]


CASES = {
    "EE_PERSONAL_CODE": [
        ("Isikukood 38001085718.", "38001085718"),
        ("isikukoodiga 49403136069 klient", "49403136069"),
        ("serialNumber=PNOEE-38001085718", "PNOEE-38001085718"),
        ("EE38001085718", "EE38001085718"),
        ("born 2004: 60407172439", "60407172439"),
        ("Arve nr 38001085719", None),  # wrong check digit
        ("Viitenumber 31313010143", None),  # month 13: checksum right, date impossible
        ("Konto 938001085718", None),  # part of a longer number
        ("Registrikood 10137319", None),
    ],
    "EMAIL_ADDRESS": [
        ("Kirjuta: mari.tamm@mail.ee palun", "mari.tamm@mail.ee"),
        ("<jaan+arved@firma.example.com>", "jaan+arved@firma.example.com"),
        ("e-post: Tõnu.Mäe@neti.ee", "Tõnu.Mäe@neti.ee"),
        ("user@localhost", None),  # no public suffix
        ("versioon 1.2@3.4", None),
    ],
    "PHONE_NUMBER": [
        ("Tel +372 5123 4567", "+372 5123 4567"),
        ("telefon 51234567", "51234567"),
        ("mobiil 5123 4567", "5123 4567"),
        ("helista 00372 6123456", "00372 6123456"),
        ("tel: 612 3456", "612 3456"),
        ("mobiil 8985 4642", "8985 4642"),  # 89 is a mobile range too
        ("tel 70 01 2345", "70 01 2345"),  # a personal number in national format
        ("Tellimus 70012345", None),
        ("tel 6000 0000", None),  # 8 digits from 6: not in Estonia's plan
        ("Call +358 40 123 4567", "+358 40 123 4567"),
        ("Summa 5123,45 eur", None),
        ("Tellimus 5123456", None),
        ("build 51234567", None),
        ("kaart 5288 6457 3284 0933", None),
        ("Registrikood 10137319", None),
        ("kuupäev 12.03.2024", None),
    ],
    "IBAN_CODE": [
        ("IBAN EE38 2200 2210 2014 5685", "EE38 2200 2210 2014 5685"),
        ("konto EE382200221020145685.", "EE382200221020145685"),
        ("FI2112345600000785", "FI2112345600000785"),
        ("EE38 2200 2210 2014 5686", None),  # mod-97 fails
        ("EE112200221020145686", None),  # mod-97 fixed, Estonian 7-3-1 check fails
        ("SV 62 CENR 00000000000000700025", "SV 62 CENR 00000000000000700025"),  # SWIFT's print form
        ("BI42 10000 10001 00003320451 81", "BI42 10000 10001 00003320451 81"),  # groups of five and more
        ("AL47-2121-1009-0000-0002-3569-8741", "AL47-2121-1009-0000-0002-3569-8741"),  # dashes
        ("iban VG96 VPVG 0000 0123 4567 8901 X in a sentence", "VG96 VPVG 0000 0123 4567 8901"),
        ("BE68539007547034", "BE68539007547034"),  # bank code unknown to stdnum, national check right
        ("BE68539007547035", None),  # national check wrong
        ("EE38 2200 2210 2014 5685 10 EUR", "EE38 2200 2210 2014 5685"),  # the IBAN's length ends it
    ],
    "CREDIT_CARD": [
        ("kaart 4556 7375 8689 9855", "4556 7375 8689 9855"),
        ("card: 5425233430109903", "5425233430109903"),
        ("kaart 4556 7375 8689 9856", None),  # Luhn fails
        ("4111 1111 1111 1111 test", "4111 1111 1111 1111"),  # providers' test numbers are written like real ones
        ("8888 8888 8888 8888", None),  # one digit only: a filler, though it passes Luhn
        ("Amex 3714 496353 98431", "3714 496353 98431"),  # 4-6-5
        ("Diners 3056 930902 5904", "3056 930902 5904"),  # 4-6-4
        ("Diners 3056 9309 0259 04", "3056 9309 0259 04"),  # in fours
        ("kaart 2223-0000-4841-0010", "2223-0000-4841-0010"),  # Mastercard 2-series, dashes
        ("V Pay 4013 2500 0000 0000 006", "4013 2500 0000 0000 006"),  # 19 digits
        ("kaart 4111 1111 1111 1111 12/30", "4111 1111 1111 1111"),  # the expiry is not part of it
        ("1748503543012", None),  # 13 digits not starting with 4: no card has them
    ],
    "IP_ADDRESS": [
        ("login from 84.50.12.7 at 10:00", "84.50.12.7"),
        ("client 2001:db8:85a3::8a2e:370:7334 ok", "2001:db8:85a3::8a2e:370:7334"),
        ("versioon 10.2.0.1", None),
        ("v1.2.3.4", None),
        ("kell 12:30:45", None),
        ("999.1.1.1", None),
        ("Server IP: 2400:c401::5054:ff:fe1b:b031.", "2400:c401::5054:ff:fe1b:b031"),  # sentence ends after it
        ("client:10.1.2.3", "10.1.2.3"),
        ("[::ffff:192.0.2.1]:80", "::ffff:192.0.2.1"),  # one finding, not also its IPv4 tail
        ("1.3.6.1.4.1.311", None),  # an OID
    ],
}


@pytest.mark.parametrize(
    "entity,text,expected",
    [(entity, text, expected) for entity, rows in CASES.items() for text, expected in rows],
)
def test_recognizer_table(detector, entity, text, expected):
    values = found(detector, text, entity)
    if expected is None:
        assert values == []
    else:
        assert values == [expected]


def test_findings_hold_masked_samples_and_keyed_hashes(detector):
    text = "isikukood 38001085718 e-post mari.tamm@mail.ee"
    findings = detector.detect(Chunk(text, "t"))
    assert {f.sample for f in findings} == {"3800108****", "m***@mail.ee"}
    other = Detector(load_all(), b"another-key").detect(Chunk(text, "t"))
    assert {f.fingerprint for f in findings}.isdisjoint({f.fingerprint for f in other})
    for finding in findings:
        assert "38001085718" not in repr(finding) and "mari.tamm" not in repr(finding)


def test_same_value_written_differently_has_one_fingerprint(detector):
    prints = {
        f.fingerprint
        for text in ("tel +372 5123 4567", "telefon 51234567", "tel 00372 5123 4567")
        for f in detector.detect(Chunk(text, "t"))
    }
    assert len(prints) == 1


def test_context_words_raise_the_score(detector):
    bare = detector.detect(Chunk("38001085718", "t"))[0].score
    with_context = detector.detect(Chunk("isikukoodiga 38001085718", "t"))[0].score
    from_header = detector.detect(Chunk("38001085718", "t", context=("Isikukood",)))[0].score
    assert with_context > bare and from_header > bare
