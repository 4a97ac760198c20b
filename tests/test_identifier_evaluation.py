"""The public identifier evaluation: its readers on small files of the same formats written here, its split and
scores, and the issue's targets on the cases that are derived offline (no fetched data is needed).
"""
from __future__ import annotations

import json
import random
import re

import pytest
from stdnum import iban

from evaluation import identifier_sets as sets
from evaluation import identifiers, systems
from scanner.recognizers.iban_code import iban_lengths, valid_iban


def make_iban(country: str, bban: str) -> str:
    return country + iban.calc_check_digits(country + "00" + bban) + bban


EE_IBAN = make_iban("EE", "2200221020145685")
SV_IBAN = make_iban("SV", "CENR00000000000000700026")


@pytest.fixture(scope="module")
def leidur():
    return systems.leidur()


@pytest.fixture()
def registry_file(tmp_path):
    """A SWIFT registry TXT in miniature: tab-separated columns per country, Latin-1, quoted multi-line cells."""
    rows = [
        ["Data element", "Description - Pattern - Example", "Description - Pattern - Example"],
        ["Name of country", "Estonia", "El Salvador"],
        ["IBAN prefix country code (ISO 3166)", "EE", "SV"],
        ["Street Address", '"Narva mnt 4\nTallinn"', '"Calle Ruben Darío\nSan Salvador"'],
        ["IBAN electronic format example", EE_IBAN, SV_IBAN],
        ["IBAN print format example", iban.format(EE_IBAN), f"SV {SV_IBAN[2:4]} {SV_IBAN[4:8]} {SV_IBAN[8:]}"],
    ]
    path = tmp_path / "registry.txt"
    path.write_bytes("\r\n".join("\t".join(row) for row in rows).encode("latin-1"))
    return path


@pytest.fixture()
def presidio_file(tmp_path):
    path = tmp_path / "test_ip.py"
    path.write_text('''import pytest

@pytest.mark.parametrize(
    "text, expected_len, expected_positions, expected_score_ranges",
    [
        ("host 193.40.5.12 ok", 1, ((5, 16),), ((0.6, 0.81),),),
        (f"fe80::1%eth0", 1, (), (),),
        ("Use local ipv6 ::", 1, ((15, 17),), ((0.05, 0.15),),),
        ("Time 12:34:56", 0, (), (),),
        ("localhost 127.0.0.1", 1, ((10, 19),), ((0.6, 0.81),),),
    ],
)
def test_ips(text, expected_len, expected_positions, expected_score_ranges):
    pass
''', encoding="utf-8")
    return path


@pytest.fixture()
def cards_file(tmp_path):
    path = tmp_path / "cards.json"
    path.write_text(json.dumps([
        {"group": "Amex", "items": [{"cardnumber": "3714 4963 5398 431", "expiry": "03/30"}]},
        {"group": "Visa", "items": [{"cardnumber": "4556 7375 8689 9855", "expiry": "03/30"}]},
    ]), encoding="utf-8")
    return path


def test_registry_examples_are_read_in_both_forms_and_carriers(registry_file):
    assert [c for c, _, _ in sets.swift_registry_examples(registry_file)] == ["EE", "SV"]
    cases = sets.swift_registry_cases(registry_file)
    positives = [c for c in cases if c.spans]
    assert {c.text[c.spans[0][0]:c.spans[0][1]] for c in positives} == {
        EE_IBAN, iban.format(EE_IBAN), SV_IBAN, f"SV {SV_IBAN[2:4]} {SV_IBAN[4:8]} {SV_IBAN[8:]}"}
    assert {c.carrier for c in positives} == {"alone", "field", "sentence"}
    negatives = [c for c in cases if not c.spans]
    assert len(negatives) == len(positives) and not any(iban.is_valid(c.text.split()[-1]) for c in negatives)


def test_every_form_of_a_value_falls_in_the_same_part(registry_file, cards_file):
    cases = sets.swift_registry_cases(registry_file) + sets.adyen_card_cases(cards_file)
    by_key = {}
    for case in cases:
        by_key.setdefault(case.key, set()).add(identifiers.part(case.key))
    assert len(by_key) == 4 and all(len(parts) == 1 for parts in by_key.values())
    keys = [f"value-{i}" for i in range(400)]
    share = sum(identifiers.part(k) == "test" for k in keys) / len(keys)
    assert 0.4 < share < 0.6  # about half, and the same on every run
    assert [identifiers.part(k) for k in keys] == [identifiers.part(k) for k in keys]


def test_presidio_tables_become_cases(presidio_file):
    cases = sets.presidio_cases(presidio_file, sets.IP, "ip")
    assert [(c.text, c.spans) for c in cases] == [
        ("host 193.40.5.12 ok", ((5, 16),)),
        ("fe80::1%eth0", ((0, 12),)),  # an f-string; no positions given: the whole text
        ("Time 12:34:56", ()),
        ("localhost 127.0.0.1", ((10, 19),)),
    ]  # "::" is expected at 0.05-0.15, below any threshold: not a finding to ask for
    assert not any(c.labels_all for c in cases)


def test_card_forms_are_the_usual_groupings():
    assert sets.card_forms("3714 4963 5398 431") == [
        "3714 4963 5398 431", "371449635398431", "3714-4963-5398-431", "3714 496353 98431"]
    assert sets.card_forms("36006666333344")[-1] == "3600 666633 3344"
    assert sets.last_digit_changed("4556-7375-8689-9855") == "4556-7375-8689-9856"


def test_loopback_rows_are_left_out_and_missing_files_named(presidio_file):
    loaded = identifiers.load_cases({"presidio_ip": presidio_file}, phones_per_kind=2)
    assert [c.text for c in loaded.policy] == ["localhost 127.0.0.1"]
    assert "localhost 127.0.0.1" not in {c.text for c in loaded.cases}
    assert "swift_iban_registry_r102.txt" in loaded.missing and "presidio_test_ip_recognizer.py" not in loaded.missing
    forms = {c.text for c in loaded.cases if c.group.startswith("IP_ADDRESS: IPv6") and c.carrier == "alone"}
    assert forms == {"fe80:0000:0000:0000:0000:0000:0000:0001", "fe80:0:0:0:0:0:0:1", "fe80::1", "FE80::1",
                     "FE80:0000:0000:0000:0000:0000:0000:0001"}


def test_scores_count_recall_false_alarms_and_flagged_negatives(leidur):
    cases = [
        *sets.written(EE_IBAN, sets.IBAN, "iban", EE_IBAN),
        sets.Case("IBAN EE38 2200 2210 2014 5686", (), sets.IBAN, "iban", "x"),  # a negative, not flagged
        sets.Case("Kaart 4556 7375 8689 9855", (), sets.CARD, "card", "y"),  # a negative that is flagged
        sets.Case("Tel: 5123 4567 ja 4556 7375 8689 9855", ((5, 14),), sets.PHONE, "phone", "z"),
    ]
    scores = identifiers.evaluate_cases(cases, leidur)
    assert scores.recall("iban", {"alone", "field", "sentence"}) == (3, 3)
    assert scores.recall("phone", {"as written"}) == (1, 1)
    assert scores.negatives[sets.IBAN] == 1 and scores.flagged_negatives[sets.IBAN] == 0
    assert scores.flagged_negatives[sets.CARD] == 1
    assert scores.predicted[sets.CARD] == 2 and scores.correct[sets.CARD] == 0  # both cards are false alarms
    assert scores.correct[sets.PHONE] == scores.predicted[sets.PHONE] == 1


def test_report_without_fetched_data_still_measures_the_derived_sets(leidur):
    text = identifiers.report({"Leidur": lambda: leidur}, files={}, which="test")
    assert "PHONE_NUMBER: Estonian numbers (libphonenumber plan), national format" in text
    assert "| IBAN_CODE | – | – | 0/0 |" in text
    assert "Not fetched (python -m evaluation.datasets): swift_iban_registry_r102.txt" in text


def _recall(scores, group: str, carriers: set[str]) -> float:
    found, total = scores.recall(group, carriers)
    assert total > 50, group
    return found / total


def test_estonian_phones_reach_the_target_in_both_parts(leidur):
    cases = sets.estonian_phone_cases()
    for which in ("tune", "test"):
        scores = identifiers.evaluate_cases([c for c in cases if identifiers.part(c.key) == which], leidur)
        national = next(g for g in {c.group for c in cases} if "national" in g)
        international = next(g for g in {c.group for c in cases} if "international" in g)
        assert _recall(scores, national, {"field", "sentence"}) >= identifiers.RECALL_TARGET, scores.misses[:5]
        assert _recall(scores, international, {"alone", "field", "sentence"}) >= identifiers.RECALL_TARGET
        assert scores.flagged_negatives[sets.PHONE] == 0 and scores.negatives[sets.PHONE] > 50
        assert scores.correct[sets.PHONE] == scores.predicted[sets.PHONE]


def _generated_iban(country: str, structure: str, rng: random.Random) -> str:
    """An IBAN of `country` that fits its registry structure and every check Leidur makes."""
    alphabet = {"n": "0123456789", "a": "ABCDEFGHIJKLMNOPQRSTUVWXYZ", "c": "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"}
    while True:
        bban = "".join(rng.choice(alphabet[kind]) for count, kind in re.findall(r"(\d+)!?([nac])", structure)
                       for _ in range(int(count)))
        candidate = make_iban(country, bban)
        if valid_iban(candidate):
            return candidate


def test_every_registry_country_is_found_electronic_and_printed(leidur):
    from stdnum import numdb

    rng = random.Random(13616)
    structures = {c: p["bban"] for _l, c, _h, p, _ch in numdb.get("iban").prefixes if p.get("bban")}
    assert set(structures) == set(iban_lengths()) and len(structures) >= 88
    missed = []
    for country, structure in sorted(structures.items()):
        value = _generated_iban(country, structure, rng)
        for form in (value, iban.format(value), iban.format(value, "-")):
            for case in sets.written(form, sets.IBAN, "iban", value):
                if not identifiers.evaluate_cases([case], leidur).found:
                    missed.append(case.text)
    assert missed == []


def test_ipv6_forms_are_all_found(leidur):
    import ipaddress

    cases = []
    for address in ("2001:db8:85a3::8a2e:370:7334", "2a00:1450:4010:c0b::65", "fe80::1ff:fe23:4567:890a",
                    "::ffff:193.40.5.12"):
        for form in sets.ipv6_forms(ipaddress.IPv6Address(address)):
            cases += sets.written(form, sets.IP, "ipv6", address)
    scores = identifiers.evaluate_cases(cases, leidur)
    assert scores.recall("ipv6", {"alone", "field", "sentence"}) == (len(cases), len(cases)), scores.misses
