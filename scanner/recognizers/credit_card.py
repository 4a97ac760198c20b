"""Payment card numbers: Presidio's patterns with the Luhn check."""
from __future__ import annotations

import re

from presidio_analyzer import Pattern
from presidio_analyzer.predefined_recognizers import CreditCardRecognizer
from stdnum import luhn

from scanner.recognizers.base import LeidurPatternRecognizer

_BARCODE_BEFORE = re.compile(r"(?:ean|gtin|upc|ribakood\w*|barcode|sku|toote\s?kood\w*)\W{0,4}$", re.IGNORECASE)


class CreditCardNumberRecognizer(LeidurPatternRecognizer):
    ENTITY = "CREDIT_CARD"
    PATTERNS = [
        # Not the tail of an IBAN ("EE47 3333 8314 6869 5170") or of a longer digit-group run.
        Pattern("card", r"(?<![\w-])(?<!\d )(?<![A-Z]{2}\d\d )" + CreditCardRecognizer.PATTERNS[0].regex.removeprefix(r"\b").removesuffix(r"\b") + r"(?![\w-])", 0.6)
    ]
    CONTEXT = CreditCardRecognizer.CONTEXT + ["kaart", "kaardi", "krediitkaart", "pangakaart", "maksekaart"]
    PREFILTER = r"\d{4}[ -]?\d{3,4}[ -]?\d{3,4}[ -]?\d{1,5}"

    def accept(self, text: str, start: int, end: int) -> bool:
        # Bar codes (EAN-13, GTIN) pass the Luhn check one time in ten.
        return not _BARCODE_BEFORE.search(text[max(0, start - 20):start])

    def check(self, matched_text: str) -> bool:
        digits = "".join(ch for ch in matched_text if ch.isdigit())
        return 13 <= len(digits) <= 19 and luhn.is_valid(digits) and len(set(digits)) > 2
