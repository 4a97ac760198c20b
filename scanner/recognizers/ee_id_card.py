"""Estonian ID card and residence permit card numbers: two letters and seven digits, behind a keyword.

The format is not officially published (see the guide); without an ID card
word in front nothing is reported.
"""
from __future__ import annotations

from presidio_analyzer import Pattern

from scanner.recognizers.base import LeidurPatternRecognizer


class EstonianIdCardRecognizer(LeidurPatternRecognizer):
    ENTITY = "EE_ID_CARD_NUMBER"
    PATTERNS = [Pattern("ID card", r"(?<![\w-])[A-Z]{2}\d{7}(?![\w-])", 0.15)]
    CONTEXT = ["id-kaart", "id-kaardi", "isikutunnistus", "elamisloakaart", "elamisloa", "id card", "identity card",
               "residence permit", "dokumendi", "document"]
    KEYWORDS = ("id-kaar", "id kaar", "isikutunnistus", "elamislo", "id card", "identity card", "residence permit",
                "dokumendi", "document no", "document number")
    WINDOW = 60

    def check(self, matched_text: str) -> bool:
        return matched_text[:2].isupper()
