"""Context stems, name normalisation and masks for the entity types added for Estonian data."""
from __future__ import annotations

import pytest

from scanner.detect.context import supportive_word
from scanner.detect.values import fingerprint, mask, normalize
from scanner.recognizers.person_name import is_estonian_surname, name_key


@pytest.mark.parametrize("tokens, words, expected", [
    (["isikukoodiga"], ["isikukood"], "isikukood"),
    (["telefoninumbril"], ["telefon"], "telefon"),
    (["tellimus"], ["tel"], ""),  # short words must be whole tokens
    (["tel."], ["tel"], "tel"),
    (["password"], ["pass$"], ""),  # `$`: whole word only
    (["pass"], ["pass$"], "pass"),
    (["id", "kaardi"], ["id-kaardi"], "id-kaardi"),  # the tokenizer split the hyphenated word
    (["reg.kood"], ["reg.kood"], "reg.kood"),
])
def test_context_words_match_inflected_and_split_forms(tokens, words, expected):
    assert supportive_word(tokens, words) == expected


@pytest.mark.parametrize("word, known", [
    ("Tamm", True), ("Tammele", True), ("Kase", True), ("Mäelt", True), ("Rebasega", True),
    ("Ilvesele", True), ("Tallinn", False), ("Arve", False),
])
def test_inflected_surnames(word, known):
    assert is_estonian_surname(word) is known


def test_inflected_names_share_a_fingerprint():
    key = b"k"
    assert name_key("Mari Tammele") == name_key("Mari Tamm") == "mari tamm"
    assert name_key("TAMM MARI") == name_key("Tamm, Mari") == "mari tamm"
    assert fingerprint(key, "PERSON", "Jaan Kase") == fingerprint(key, "PERSON", "Jaan  Kask")
    assert fingerprint(key, "PERSON", "Jaan Kask") != fingerprint(key, "PERSON", "Jaan Saar")


@pytest.mark.parametrize("entity, value", [
    ("EE_PASSPORT_NUMBER", "K1234567"), ("EE_ID_CARD_NUMBER", "AB1234567"),
    ("EE_DRIVING_LICENCE_NUMBER", "ET123456"), ("EE_REGISTRY_CODE", "10052860"), ("EE_VAT_NUMBER", "EE100931558"),
    ("SPECIAL_CATEGORY_HEALTH", "diagnoosiga"),
])
def test_new_types_are_masked(entity, value):
    sample = mask(entity, value)
    assert sample != value and value not in sample


def test_document_numbers_normalise_spaces():
    assert normalize("EE_DRIVING_LICENCE_NUMBER", "ET 123456") == normalize("EE_DRIVING_LICENCE_NUMBER", "et123456")


def test_offline_engine_gives_presidio_no_tokens_but_can_tokenise():
    from scanner.detect.nlp import OfflineNlpEngine

    engine = OfflineNlpEngine(["et"])
    assert engine.process_text("Mari Tamm, isikukood 38001085718", "et").tokens == []
    assert [t.text for t in engine.tokenize("ID-kaardi nr", "et")] == ["ID", "-", "kaardi", "nr"]


def test_fingerprints_are_the_keyed_hash_of_the_normal_form():
    """fingerprint() copies one keyed HMAC object per key: the same digest as a one-shot HMAC-SHA256,
    for keys of every length (longer than SHA-256's block too) and two keys in turn."""
    import hashlib
    import hmac

    for key in (b"", b"k", b"benchmark-key", bytes(range(64)), bytes(range(200)), b"k"):
        for entity, value in (("EMAIL_ADDRESS", "Mari.Tamm@Example.ee"), ("EE_PERSONAL_CODE", "38001085718"),
                              ("PERSON", "Jaan Kase"), ("IP_ADDRESS", " 10.0.0.1 ")):
            message = f"{entity}\x00{normalize(entity, value)}".encode("utf-8")
            assert fingerprint(key, entity, value) == hmac.digest(key, message, hashlib.sha256).hex()[:32]


def test_ip_addresses_normalise_as_the_ipaddress_module_reads_them():
    """Digits and dots skip `ipaddress`; every other form still goes through it, with the same result."""
    import ipaddress
    import random

    def reference(value: str) -> str:
        try:
            return str(ipaddress.ip_address(value.strip()))
        except ValueError:
            return value.strip().lower()

    rnd = random.Random(4)
    parts = ["0", "1", "9", "10", "01", "001", "99", "100", "199", "200", "249", "250", "255", "256", "300", "1000",
             "٣", "a", "A", "", " 1", "1 "]
    values = [".".join(rnd.choice(parts) for _ in range(rnd.choice((3, 4, 4, 4, 5)))) for _ in range(20000)]
    values += ["::1", "2001:DB8::1", "2001:0db8:0000:0000:0000:0000:0000:0001", "::ffff:10.0.0.1", " 10.0.0.1\n",
               "fe80::1%eth0", "1.2.3.4 ", "１.2.3.4"]
    canonical = 0
    for value in values:
        assert normalize("IP_ADDRESS", value) == reference(value), value
        canonical += normalize("IP_ADDRESS", value) == value
    assert canonical > 1000
