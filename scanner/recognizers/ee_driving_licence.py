"""Estonian driving licence numbers: ET and six digits (older: two letters and six digits), behind a keyword."""
from __future__ import annotations

from presidio_analyzer import Pattern

from scanner.recognizers.base import LeidurPatternRecognizer


class EstonianDrivingLicenceRecognizer(LeidurPatternRecognizer):
    ENTITY = "EE_DRIVING_LICENCE_NUMBER"
    PATTERNS = [Pattern("juhiluba", r"(?<![\w-])[A-Z]{2} ?\d{6}(?![\w-])", 0.15)]
    CONTEXT = ["juhiluba", "juhiloa", "juhilube", "driving licence", "driving license", "driver's license", "driver license"]
    KEYWORDS = ("juhilo", "juhilu", "driving licen", "driver's licen", "drivers licen")
    WINDOW = 60

    def check(self, matched_text: str) -> bool:
        return matched_text[:2].isupper()
