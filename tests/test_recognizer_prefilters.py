"""Recognisers' prefilters turn down what their recogniser would turn down, and nothing it takes.

A prefilter (`PREFILTER`) decides where a recogniser runs at all, so a tighter
one saves work (numbers after an "id=" label, an isikukood or a date are no
card or phone), but it must hold every place where the recogniser, run on
the text alone, accepts a match. Each test builds many texts around the
values and the labels, edges and look-alikes the rules are about, runs the
recogniser without a prefilter, and checks that each match it accepts starts
at a prefilter hit.
"""
from __future__ import annotations

import random
import re

from scanner.detect.prefilter import split_alternatives
from scanner.recognizers.credit_card import CreditCardNumberRecognizer
from scanner.recognizers.phone_number import PhoneNumberRecognizer
from tests.test_phone_context import WORDS


def _national_branch():
    branches = [b for b in split_alternatives(PhoneNumberRecognizer.PREFILTER) if b.startswith("[3-8]")]
    assert len(branches) == 1
    return re.compile(branches[0])


def test_the_prefilter_wakes_the_recogniser_for_every_national_number_it_accepts():
    """The national branch turns down numbers after an "id" label or glued to a word or a number:
    each national number the recogniser itself accepts (no prefilter) still starts a prefilter hit."""
    branch = _national_branch()
    recognizer = PhoneNumberRecognizer()
    rnd = random.Random(17)
    labels = ["id", "Id", "ID", "mobid", "xid", "7id", "_id", "request id", "user_id", "tel", "telefon", "vms",
              "õid", "ſid", "nr", "kontakt", ""]
    edges = ["=", ":", "= ", ": ", " = ", " ", "\n", "(", ".", "1.", "7 ", "/", "+", "-", "ä", "x", "5,", "\u00a0"]
    numbers = ["51234567", "5123 4567", "5123-4567", "512 3456", "70 01 2345", "6123456", "612 34 56", "81234567",
               "3512345", "4412345", "7412345", "8812345"]
    texts = [rnd.choice(WORDS) + " " + rnd.choice(labels) + rnd.choice(edges) + rnd.choice(numbers)
             + rnd.choice([" ", ".", "", "\n", " ok", "5", "-1"]) for _ in range(6000)]
    accepted = 0
    for text in texts:
        for result in recognizer.analyze(text, ["PHONE_NUMBER"]):
            if text[result.start] in "+0" or result.score <= 0:
                continue
            accepted += 1
            assert any(m.start() == result.start for m in branch.finditer(text)), repr(text)
    assert accepted > 500
    # and it does turn numbers down: those after an "id" label, and those glued to something
    for text in ["request id=51234567", "id: 5123 4567", "user_id=6123456", "ID=81234567", "1.5123456",
                 "x51234567", "7 5123 4567", "/51234567"]:
        assert not branch.search(text), text
    for text in ["mobid=51234567", "tel: 51234567", "id 51234567", "(51234567)"]:
        assert branch.search(text), text


def _luhn_completed(rnd: random.Random, length: int) -> str:
    from stdnum import luhn

    body = str(rnd.choice("3456")) + "".join(rnd.choice("0123456789") for _ in range(length - 2))
    return body + luhn.calc_check_digit(body)


def test_the_card_prefilter_wakes_the_recogniser_for_every_card_number_it_accepts():
    """Not glued to a word or after "7 ", and 13 digits or more in groups: every card the recogniser
    takes starts a prefilter hit; an isikukood, a date, a phone number or an IBAN's groups do not."""
    prefilter = re.compile(CreditCardNumberRecognizer.PREFILTER)
    recognizer = CreditCardNumberRecognizer()
    rnd = random.Random(18)
    groupings = [(16,), (4, 4, 4, 4), (4, 6, 5), (4, 6, 4), (4, 4, 4, 4, 3), (13,), (19,), (4, 4, 5), (4, 4, 4, 1),
                 (8, 8), (4, 12)]
    edges = [" ", "\n", ";", ":", "(", "=", "-", "_", "x", "7 ", "EE12 ", "kaart ", "ä", "/", "+", ".", ""]
    texts = []
    for _ in range(5000):
        grouping = rnd.choice(groupings)
        digits = _luhn_completed(rnd, sum(grouping))
        parts, at = [], 0
        for size in grouping:
            parts.append(digits[at:at + size])
            at += size
        number = rnd.choice([" ", "-"]).join(parts)
        texts.append(rnd.choice(WORDS) + rnd.choice(edges) + number + rnd.choice(["", " ", " 123", "-", "x", "\n", " 12/27"]))
    accepted = 0
    for text in texts:
        for result in recognizer.analyze(text, ["CREDIT_CARD"]):
            if result.score <= 0:
                continue
            accepted += 1
            assert any(m.start() == result.start for m in prefilter.finditer(text)), repr(text)
    assert accepted > 800
    for text in ["isikukood 39001010008", "2025-03-12T10:12:07Z", "tel 5177 4366", "EE38 2200 2210 2014 5685",
                 "EE382200221020145685", "x4111111111111111", "1 4111 1111 1111 1111"]:
        assert not prefilter.search(text), text
    for text in ["4111 1111 1111 1111", "kaart 4111-1111-1111-1111", "(378282246310005)"]:
        assert prefilter.search(text), text


def test_the_isikukood_prefilter_wakes_the_recogniser_for_every_code_it_accepts():
    """The prefilter skips eleven-digit numbers whose month or day no date has (most invoice and
    order numbers): every code the recogniser itself accepts, bare, after EE or PNOEE-, in ASCII
    or other decimal digits, still holds a prefilter hit."""
    from scanner.recognizers.ee_personal_code import EstonianPersonalCodeRecognizer
    from scanner.synth.identifiers import bad_date_personal_code, invoice_number, personal_code

    prefilter = re.compile(EstonianPersonalCodeRecognizer.PREFILTER)
    recognizer = EstonianPersonalCodeRecognizer()
    rnd = random.Random(23)
    scripts = ["٠١٢٣٤٥٦٧٨٩", "０１２３４５６７８９"]

    def value() -> str:
        kind = rnd.random()
        if kind < 0.4:
            code = personal_code(rnd)
            if rnd.random() < 0.2:
                script = rnd.choice(scripts)
                code = "".join(script[int(c)] if rnd.random() < 0.5 else c for c in code)
            return rnd.choice(["", "", "EE", "PNOEE-"]) + code
        return bad_date_personal_code(rnd) if kind < 0.5 else invoice_number(rnd)

    labels, ends = ["isikukood ", "IK: ", "", "arve nr ", "(", "tel "], [" ", ".", "", "\n", ")"]
    texts = [rnd.choice(labels) + value() + rnd.choice(ends) + rnd.choice(["", value()]) for _ in range(6000)]
    accepted = 0
    for text in texts:
        hits = [m.start() for m in prefilter.finditer(text)]
        for result in recognizer.analyze(text, ["EE_PERSONAL_CODE"]):
            if result.score <= 0:
                continue
            accepted += 1
            assert any(result.start <= hit < result.end for hit in hits), repr(text)
    assert accepted > 1500
    invoices = [invoice_number(rnd) for _ in range(2000)]
    assert sum(bool(prefilter.search(number)) for number in invoices) < 200  # most are turned down
