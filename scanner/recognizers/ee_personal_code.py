"""Estonian personal identification code (isikukood): checksum and a real birth date."""
from __future__ import annotations

import re
from datetime import date
from operator import mul

from presidio_analyzer import Pattern
from stdnum.ee import ik

from scanner.recognizers.base import LeidurPatternRecognizer, WordBefore

# One random 11-digit number in about 60 passes both checks: labelled as an invoice, order or
# reference number it is that, unless a personal-code word is near as well.
_OTHER_NUMBER_BEFORE = WordBefore(
    r"(?:arve\w*|invoice\w*|tellimus\w*|order\w*|viite\w*|reference|ref\.?|lepingu\w*|contract|"
    r"dokumendi|document|sku|ean|tracking|saadetis\w*)\s*(?:nr\.?|no\.?|number|#|:)?\s*$",
    trailing=".#:", words=2,
    stems=("arve", "invoice", "tellimus", "order", "viite", "ref", "lepingu", "contract", "dokumendi", "document",
           "sku", "ean", "tracking", "saadetis"),
)
_PERSONAL_WORD = re.compile(r"isikukood|\bik\b|personal|identi|national|sünni", re.IGNORECASE)
# Eleven digits, less those whose month or day, written in ASCII digits, no date has: check() refuses
# each of them anyway (a birth date is part of the code), and an invoice or order number is one of
# them 96 times in 100. Other digits (Unicode Nd) go to check() as before.
_MONTH = r"(?!00|1[3-9]|[2-9][0-9])"
_DAY = r"(?!00|3[2-9]|[4-9][0-9])"
_AFTER_FIRST_DIGIT = rf"\d\d{_MONTH}\d\d{_DAY}\d{{6}}"
_CODE = rf"[1-8]{_AFTER_FIRST_DIGIT}"


class EstonianPersonalCodeRecognizer(LeidurPatternRecognizer):
    """Finds isikukood, bare or as `EE38001085718` / `PNOEE-38001085718` (eID certificates)."""

    ENTITY = "EE_PERSONAL_CODE"
    # What `READABLE` finds, as three patterns whose first character is a digit or a letter:
    # the regex engine skips to those, and the character before a code is checked only where
    # eleven digits were found (a look-behind first is tried at every position: 3.7 times slower).
    # The three never overlap (tests/test_fast_patterns.py).
    # `_CODE` turns away, inside the regex engine, what check() must refuse (see there).
    READABLE = rf"(?<![\w+-])(?:PNOEE-|EE)?{_CODE}(?![\w-])"
    PATTERNS = [
        Pattern("isikukood", rf"{_CODE}(?![\w-])(?<![\w+-][\s\S]{{11}})", 0.6),
        Pattern("isikukood EE", rf"EE{_CODE}(?![\w-])(?<![\w+-][\s\S]{{13}})", 0.6),
        Pattern("isikukood PNOEE", rf"PNOEE-{_CODE}(?![\w-])(?<![\w+-][\s\S]{{17}})", 0.6),
    ]
    CONTEXT = [
        "isikukood", "ik", "isikukoodi", "id-kaart", "id-kood", "personal code",
        "personal identification", "national identification", "identity code", "social security",
    ]
    # A character set first: the engine skips to digits fast; then what _CODE turns away.
    PREFILTER = rf"[1-8](?<!\d[1-8]){_AFTER_FIRST_DIGIT}(?!\d)"

    def accept(self, text: str, start: int, end: int) -> bool:
        return not self._labelled_as_other_number(text, start)

    @staticmethod
    def _labelled_as_other_number(text: str, start: int) -> bool:
        before = text[max(0, start - 30):start]
        return bool(_OTHER_NUMBER_BEFORE.search(before)) and not _PERSONAL_WORD.search(text[max(0, start - 60):start])

    def check(self, matched_text: str) -> bool:
        digits = matched_text[-11:]
        if len(digits) != 11 or not digits.isdecimal():  # \d is a decimal digit (Unicode Nd), as isdecimal()
            return False
        if digits.isascii():
            return is_valid_ascii(digits)
        return ik.is_valid(digits)


def _may_hold_a_date(digits: str) -> bool:
    """False where ik.get_birth_date() must fail: a century digit outside 1-8, a month or day out of range.

    For ASCII digits, two of them compare as strings as their numbers do: no int() per candidate.
    """
    return "1" <= digits[0] <= "8" and "01" <= digits[3:5] <= "12" and "01" <= digits[5:7] <= "31"


_CENTURY = {"1": 1800, "2": 1800, "3": 1900, "4": 1900, "5": 2000, "6": 2000, "7": 2100, "8": 2100}


def is_valid_ascii(digits: str) -> bool:
    """`ik.is_valid()` for eleven ASCII digits, without stdnum's clean-up (which leaves them as they are).

    The same date and check digit in less than half the time (16 -> 7 µs): stdnum cleans the
    number three times (validate, get_birth_date, compact) through a Unicode translation.
    The answers are compared with stdnum's by tests/test_fast_patterns.py.
    """
    if not _may_hold_a_date(digits):
        return False  # exports number invoices with random eleven-digit numbers
    try:
        date(_CENTURY[digits[0]] + int(digits[1:3]), int(digits[3:5]), int(digits[5:7]))
    except ValueError:
        return False
    return digits[-1] == check_digit(digits)


_WEIGHTS = (1, 2, 3, 4, 5, 6, 7, 8, 9, 1)
_WEIGHTS_AGAIN = (3, 4, 5, 6, 7, 8, 9, 1, 2, 3)


def check_digit(number: str) -> str:
    """`stdnum.ee.ik.calc_check_digit()` for ASCII digits (the isikukood's and the registry code's)."""
    digits = [ord(char) - 48 for char in number[:-1]]
    check = sum(map(mul, _WEIGHTS, digits)) % 11
    if check == 10:
        check = sum(map(mul, _WEIGHTS_AGAIN, digits)) % 11
    return str(check % 10)
