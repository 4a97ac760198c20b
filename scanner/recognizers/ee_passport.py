"""Estonian passport numbers: one letter and seven digits, only next to a passport keyword (no checksum)."""
from __future__ import annotations

from presidio_analyzer import Pattern

from scanner.recognizers.base import LeidurPatternRecognizer


class EstonianPassportRecognizer(LeidurPatternRecognizer):
    ENTITY = "EE_PASSPORT_NUMBER"
    # A letter and 7 digits is everywhere (SKUs, ticket numbers): the base score stays under the
    # threshold and only a passport word in front raises it.
    PATTERNS = [Pattern("passport", r"(?<![\w-])[A-Z]\d{7}(?![\w-])", 0.15)]
    CONTEXT = ["pass$", "passi", "passport", "reisidokument", "travel document"]
    KEYWORDS = ("pass", "passport", "reisidokument", "travel document")
    WINDOW = 60

    def check(self, matched_text: str) -> bool:
        return matched_text[:1].isupper()
