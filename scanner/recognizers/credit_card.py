"""Payment card numbers: 13 to 19 digits, compact or in groups, with the Luhn check.

Cards are written compact, in fours with spaces or dashes (19-digit cards as
4-4-4-4-3), American Express as 4-6-5 and Diners Club as 4-6-4. The pattern
takes a run of digit groups; the card is the longest leading part of it that
ends at a group boundary and passes Luhn, so an expiry date or a security code
written after it ("4111 1111 1111 1111 123") is not taken in.
"""
from __future__ import annotations

import re

from presidio_analyzer import Pattern
from presidio_analyzer.predefined_recognizers import CreditCardRecognizer
from stdnum import luhn

from scanner.recognizers.base import LeidurPatternRecognizer

_BARCODE_BEFORE = re.compile(r"(?:ean|gtin|upc|ribakood\w*|barcode|sku|toote\s?kood\w*)\W{0,4}$", re.IGNORECASE)
_DIGITS = re.compile(r"\d+")


def card_end(written: str) -> int | None:
    """Where the card number at the start of `written` ends, or None if no leading part of it is one."""
    digits, end = "", None
    for group in _DIGITS.finditer(written):
        digits += group.group()
        if len(digits) > 19:
            break
        if is_card_number(digits):
            end = group.end()
    return end


def is_card_number(digits: str) -> bool:
    # 13 digits: only Visa ever issued them; numbers that are all one digit are fillers, not cards.
    return (13 <= len(digits) <= 19 and (len(digits) > 13 or digits[0] == "4")
            and len(set(digits)) > 1 and luhn.is_valid(digits))


class CreditCardNumberRecognizer(LeidurPatternRecognizer):
    ENTITY = "CREDIT_CARD"
    PATTERNS = [
        # Not the tail of an IBAN ("EE47 3333 8314 6869 5170") or of a longer digit-group run.
        Pattern("card", r"(?<![\w-])(?<!\d )(?<![A-Z]{2}\d\d )[1-9]\d{3}(?:\d{9,15}|(?:[ -]\d{1,6}){2,5})(?![\w-])",
                0.6),
    ]
    CONTEXT = CreditCardRecognizer.CONTEXT + ["kaart", "kaardi", "krediitkaart", "pangakaart", "maksekaart"]
    # Where the pattern could start: a first digit that is not glued to a word, a hyphen or "7 " (the
    # pattern's look-behinds, in ASCII classes that `re` and `regex` agree on), then at least 13
    # digits in groups (a card has 13 or more: check()). An isikukood (11 digits), a date, a phone
    # number in two groups or an IBAN's groups do not wake the recogniser (tests/test_recognizer_prefilters.py).
    PREFILTER = r"[1-9](?<![A-Za-z0-9_-][1-9])(?<![0-9] [1-9])\d{3}(?:[ -]?\d){9}"

    def value_end(self, text: str, start: int, end: int) -> int:
        # The groups after the card (an expiry, a security code) are not part of it.
        return start + card_end(text[start:end])

    def accept(self, text: str, start: int, end: int) -> bool:
        # Bar codes (EAN-13, GTIN) pass the Luhn check one time in ten.
        return not _BARCODE_BEFORE.search(text[max(0, start - 20):start])

    def check(self, matched_text: str) -> bool:
        return card_end(matched_text) is not None
