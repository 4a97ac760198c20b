"""IBAN: ISO 13616 mod-97 check, and for Estonian accounts the national 7-3-1 check digit."""
from __future__ import annotations

from presidio_analyzer import Pattern
from stdnum import iban

from scanner.recognizers.base import LeidurPatternRecognizer


def estonian_check_digit_ok(bban: str) -> bool:
    """Estonia's 7-3-1 check over the domestic account number (BBAN less the bank code)."""
    account = bban[2:]
    body, check = account[:-1], int(account[-1])
    weights = (7, 3, 1)
    total = sum(int(d) * weights[i % 3] for i, d in enumerate(reversed(body)))
    return (10 - total % 10) % 10 == check


class IbanCodeRecognizer(LeidurPatternRecognizer):
    ENTITY = "IBAN_CODE"
    PATTERNS = [
        Pattern("IBAN", r"(?<![\w-])[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?(?![\w-])", 0.7),
    ]
    CONTEXT = ["iban", "arveldusarve", "pangakonto", "konto", "account", "bank", "pank", "a/a"]
    PREFILTER = r"[A-Z]{2}\d\d"
    WINDOW = 60

    def check(self, matched_text: str) -> bool:
        compact = iban.compact(matched_text)
        if not iban.is_valid(compact):
            return False
        if compact.startswith("EE"):
            return len(compact) == 20 and estonian_check_digit_ok(compact[4:])
        return True
