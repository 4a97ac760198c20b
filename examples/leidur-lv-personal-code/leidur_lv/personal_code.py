"""Latvian personal code (personas kods): a real birth date or the 2017 `32` form, and the check digit."""
from __future__ import annotations

import datetime
import re

from presidio_analyzer import Pattern

from scanner.recognizers.base import LeidurPatternRecognizer

WEIGHTS = (10, 5, 8, 4, 2, 1, 6, 3, 7, 9)
_SHAPE = re.compile(r"\d{6}-?\d{5}$")


def check_digit(first_ten: str) -> int:
    """The 11th digit of a personal code (python-stdnum `stdnum/lv/pvn.py`)."""
    return (1 + sum(w * int(d) for w, d in zip(WEIGHTS, first_ten))) % 11 % 10


def is_valid(code: str) -> bool:
    if not _SHAPE.match(code):
        return False
    digits = code.replace("-", "")
    if not digits.startswith("32"):  # codes issued before July 2017 begin with the birth date DDMMYY
        day, month, year = int(digits[0:2]), int(digits[2:4]), int(digits[4:6])
        century = int(digits[6])  # 0: 1800s, 1: 1900s, 2: 2000s
        if century > 2:
            return False
        try:
            datetime.date(1800 + 100 * century + year, month, day)
        except ValueError:
            return False
    return check_digit(digits[:10]) == int(digits[10])


class LatvianPersonalCodeRecognizer(LeidurPatternRecognizer):
    """Finds `DDMMYY-CNNNN` and `32NNNN-NNNNN`; without the hyphen only next to a context word."""

    ENTITY = "LV_PERSONAL_CODE"
    PATTERNS = [
        # Written with the hyphen, the shape itself is strong evidence.
        Pattern("personas kods", r"(?<![\w-])\d{6}-\d{5}(?![\w-])", 0.5),
        # Eleven bare digits could be an Estonian isikukood or an order number: below
        # the default threshold (0.4) until a context word adds 0.35.
        Pattern("personas kods, no hyphen", r"(?<![\w-])\d{11}(?![\w-])", 0.3),
    ]
    CONTEXT = ["personas kods", "personas koda", "personal code", "latvia", "latvija", "p.k."]
    # The cheap pass: eleven digits with an optional hyphen. Without a prefilter this
    # recogniser would run on every chunk of every file.
    PREFILTER = r"\d{6}-?\d{5}"

    def check(self, matched_text: str) -> bool:
        return is_valid(matched_text)
