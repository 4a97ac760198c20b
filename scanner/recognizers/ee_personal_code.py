"""Estonian personal identification code (isikukood): checksum and a real birth date."""
from __future__ import annotations

import re

from presidio_analyzer import Pattern
from stdnum.ee import ik

from scanner.recognizers.base import LeidurPatternRecognizer

_DIGITS = re.compile(r"\d{11}$")


class EstonianPersonalCodeRecognizer(LeidurPatternRecognizer):
    """Finds isikukood, bare or as `EE38001085718` / `PNOEE-38001085718` (eID certificates)."""

    ENTITY = "EE_PERSONAL_CODE"
    PATTERNS = [
        Pattern("isikukood", r"(?<![\w+-])(?:PNOEE-|EE)?[1-8]\d{10}(?![\w-])", 0.6),
    ]
    CONTEXT = [
        "isikukood", "ik", "isikukoodi", "id-kaart", "id-kood", "personal code",
        "personal identification", "national identification", "identity code", "social security",
    ]
    PREFILTER = r"(?<!\d)[1-8]\d{10}(?!\d)"

    def check(self, matched_text: str) -> bool:
        digits = matched_text[-11:]
        return bool(_DIGITS.match(digits)) and ik.is_valid(digits)
