"""Payment card numbers: Presidio's patterns with the Luhn check."""
from __future__ import annotations

from presidio_analyzer import Pattern
from presidio_analyzer.predefined_recognizers import CreditCardRecognizer
from stdnum import luhn

from scanner.recognizers.base import LeidurPatternRecognizer


class CreditCardNumberRecognizer(LeidurPatternRecognizer):
    ENTITY = "CREDIT_CARD"
    PATTERNS = [
        Pattern("card", r"(?<![\w-])" + CreditCardRecognizer.PATTERNS[0].regex.removeprefix(r"\b").removesuffix(r"\b") + r"(?![\w-])", 0.6)
    ]
    CONTEXT = CreditCardRecognizer.CONTEXT + ["kaart", "kaardi", "krediitkaart", "pangakaart", "maksekaart"]
    PREFILTER = r"\d{4}[ -]?\d{3,4}[ -]?\d{3,4}[ -]?\d{1,5}"

    def check(self, matched_text: str) -> bool:
        digits = "".join(ch for ch in matched_text if ch.isdigit())
        return 13 <= len(digits) <= 19 and luhn.is_valid(digits) and len(set(digits)) > 2
