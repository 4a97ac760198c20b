"""Phone numbers: Estonian mobile and landline numbers with or without +372, and E.164 numbers.

Validated with `phonenumbers` (libphonenumber's metadata), so number ranges
that Estonia does not use (business registry codes starting with 1 or 9,
order numbers) are not phones. National numbers without +372 start low and
need a context word (tel, telefon, mobiil...) to pass the threshold.
"""
from __future__ import annotations

import phonenumbers
from presidio_analyzer import Pattern

from scanner.recognizers.base import LeidurPatternRecognizer
from scanner.recognizers.ee_business_codes import REGISTRY_WORD_BEFORE

# Not glued to other digits, letters or amounts ("5123,45", "1.5123456").
_EDGE_BEFORE = r"(?<![\w/+-]|\d[.,])"
_EDGE_AFTER = r"(?![\w/-]|[.,]\d)"


class PhoneNumberRecognizer(LeidurPatternRecognizer):
    ENTITY = "PHONE_NUMBER"
    PATTERNS = [
        # +372 / 00372 followed by 7 or 8 digits, in any grouping.
        Pattern("EE international", _EDGE_BEFORE + r"(?:\+|00)\s?372[\s-]?(?:\(0\)\s?)?\d(?:[\s-]?\d){6,7}" + _EDGE_AFTER, 0.7),
        # Any country in E.164-like form: +CC then 6 to 13 digits.
        Pattern("E.164", _EDGE_BEFORE + r"\+(?!372)[1-9]\d{0,2}[\s-]?(?:\(\d{1,4}\)[\s-]?)?\d(?:[\s-]?\d){5,12}" + _EDGE_AFTER, 0.6),
        # Estonian mobile without country code: 8 digits (5xxx xxxx, 81-84/87xx xxxx) stand alone;
        # 7-digit 5xx xxxx numbers look like order numbers and need a context word.
        Pattern("EE mobile", _EDGE_BEFORE + r"(?:5\d{3}|8[1-47]\d{2})[\s-]?\d{4}" + _EDGE_AFTER, 0.4),
        Pattern("EE mobile short", _EDGE_BEFORE + r"5\d{2}[\s-]?\d{4}" + _EDGE_AFTER, 0.3),
        # Estonian landline without country code: 7 digits.
        Pattern("EE landline", _EDGE_BEFORE + r"(?:3[23589]|4[3-8]|6\d|7[1-9]|88)\d[\s-]?\d{2}[\s-]?\d{2}" + _EDGE_AFTER, 0.25),
    ]
    CONTEXT = [
        "tel", "telefon", "telefoni", "mob", "mobiil", "gsm", "phone", "mobile",
        "helista", "call", "kontakt", "contact", "fax", "faks",
    ]
    PREFILTER = r"\d[\d \-]{5,}\d"

    def analyze(self, text, entities, nlp_artifacts=None, regex_flags=None):
        results = super().analyze(text, entities, nlp_artifacts, regex_flags)
        # "Reg. kood 81234562": an organisation code that happens to look like a mobile number.
        return [r for r in results if not REGISTRY_WORD_BEFORE.search(text[max(0, r.start - 24):r.start])]

    def check(self, matched_text: str) -> bool:
        try:
            number = phonenumbers.parse(matched_text, "EE")
        except phonenumbers.NumberParseException:
            return False
        return phonenumbers.is_valid_number(number)
