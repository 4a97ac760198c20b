"""Estonian personal identification code (isikukood): checksum and a real birth date."""
from __future__ import annotations

import re

from presidio_analyzer import Pattern
from stdnum.ee import ik

from scanner.recognizers.base import LeidurPatternRecognizer, WordBefore

_DIGITS = re.compile(r"\d{11}$")
# One random 11-digit number in about 60 passes both checks: labelled as an invoice, order or
# reference number it is that, unless a personal-code word is near as well.
_OTHER_NUMBER_BEFORE = WordBefore(
    r"(?:arve\w*|invoice\w*|tellimus\w*|order\w*|viite\w*|reference|ref\.?|lepingu\w*|contract|"
    r"dokumendi|document|sku|ean|tracking|saadetis\w*)\s*(?:nr\.?|no\.?|number|#|:)?\s*$",
    trailing=".#:",
)
_PERSONAL_WORD = re.compile(r"isikukood|\bik\b|personal|identi|national|sünni", re.IGNORECASE)


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
    PREFILTER = r"[1-8](?<!\d[1-8])\d{10}(?!\d)"  # a character set first: the engine skips to digits fast

    def accept(self, text: str, start: int, end: int) -> bool:
        return not self._labelled_as_other_number(text, start)

    @staticmethod
    def _labelled_as_other_number(text: str, start: int) -> bool:
        before = text[max(0, start - 30):start]
        return bool(_OTHER_NUMBER_BEFORE.search(before)) and not _PERSONAL_WORD.search(text[max(0, start - 60):start])

    def check(self, matched_text: str) -> bool:
        digits = matched_text[-11:]
        return bool(_DIGITS.match(digits)) and ik.is_valid(digits)
