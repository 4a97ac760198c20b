"""The phone recogniser's look at the words before a number gives what its regexes give.

`label_before` and `other_number_before` run `_LABEL_BEFORE` and
`_OTHER_NUMBER_BEFORE` only where they can match (a stretch ending in = or :,
the last word of the stretch). Here they are compared with the plain searches
on stretches built from the words and characters those regexes care about.
"""
from __future__ import annotations

import random

from scanner.recognizers.phone_number import (
    _LABEL_BEFORE,
    _OTHER_NUMBER_BEFORE,
    PhoneNumberRecognizer,
    label_before,
    other_number_before,
)

WORDS = ["tellimuse", "Arve", "ORDER", "invoice", "build", "versioon", "sku", "kood", "registrikood", "code",
         "summa", "id", "nr", "No", "number", "tel", "telefon", "mob", "vms", "size", "Mari", "x", "õun", "ſku",
         "KOOD", "ref_1", "toote2", "hind", "konto", "123", "5"]
CHARS = [" ", " ", ".", ":", "=", "#", "-", ";", "\n", "\t", "(", ")", "/", "…", "\u00a0", "_"]


def _stretches(count: int) -> list[str]:
    rnd = random.Random(16)
    out = []
    for _ in range(count):
        parts = [rnd.choice(WORDS) if rnd.random() < 0.5 else rnd.choice(CHARS) for _ in range(rnd.randint(0, 8))]
        out.append("".join(parts)[-24:])
    return out


def _same(a, b) -> bool:
    return (a is None and b is None) or (a is not None and b is not None and a.span() == b.span()
                                          and a.groups() == b.groups())


def test_label_before_is_the_label_regex():
    stretches = _stretches(40000)
    assert sum(_LABEL_BEFORE.search(s) is not None for s in stretches) > 500
    for stretch in stretches:
        assert _same(label_before(stretch), _LABEL_BEFORE.search(stretch)), repr(stretch)


def test_other_number_before_is_the_other_number_regex():
    stretches = _stretches(40000) + ["order\n\n\n\n\n", "order:::\n", "order::::\n", "order:::::\n", "nr", ""]
    assert sum(_OTHER_NUMBER_BEFORE.search(s) is not None for s in stretches) > 2000
    for stretch in stretches:
        assert _same(other_number_before(stretch), _OTHER_NUMBER_BEFORE.search(stretch)), repr(stretch)


def test_numbers_labelled_as_orders_are_not_phones_and_phone_labels_are():
    here = PhoneNumberRecognizer._is_phone_here
    for before, phone in [("Tellimuse nr ", False), ("telefoni number ", True), ("tel. nr ", True),
                          ("vms=", False), ("Telefon: ", True), ("size: ", False), ("helista ", True)]:
        text = before + "51234567"
        assert here(text, len(before)) is phone, before
