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
