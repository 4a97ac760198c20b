"""Estonian postal addresses as LOCATION: a street name, a street type word and a house number.

`Kase tn 2a`, `Pärna tn 7/1`, `Narva mnt 5-12`, `Mustamäe tee 16, 10617 Tallinn`.
A postal code alone is too common to report; with a street it extends the match.
"""
from __future__ import annotations

from presidio_analyzer import Pattern

from scanner.recognizers.base import LeidurPatternRecognizer

_NAME = r"[A-ZÕÄÖÜŠŽ][\wõäöüšž.-]*"
_TYPE = r"(?:tn|tänav|mnt|maantee|pst|puiestee|tee|põik|väljak|allee|plats)\.?"
_NUMBER = r"\d{1,4}[a-zA-Z]?(?:[/-]\d{1,4}[a-zA-Z]?)?(?:[ -](?:k|korter)\.? ?\d{1,4})?"
_PLACE = r"[A-ZÕÄÖÜŠŽ][\wõäöüšž-]+(?: (?:linn|vald|küla|alev|alevik|maakond))?"
_TAIL = rf"(?:,? ?(?:\d{{5}} )?{_PLACE}(?: \d{{5}})?){{0,3}}"


class EstonianAddressRecognizer(LeidurPatternRecognizer):
    ENTITY = "LOCATION"
    PATTERNS = [
        Pattern("street address", rf"(?<![\w-])(?:{_NAME} ){{1,3}}{_TYPE} {_NUMBER}(?![\w/])(?:,? {_TAIL})?", 0.6),
    ]
    CONTEXT = ["aadress", "elukoht", "address", "postiaadress", "asukoht", "elukoha", "residence"]
    PREFILTER = r"[TtMmPpVvAa](?<![^\W\d_][TtMmPpVvAa])(?i:n|änav|nt|aantee|st|uiestee|ee|õik|äljak|llee|lats)\b\.? \d"
    WINDOW = 120
