"""Organisation identifiers: Estonian business registry codes and KMKR VAT numbers.

They are not personal data. Recognising them as their own entity types lets
the rulebook set them apart, and keeps an 8-digit registry code or a VAT
number from being taken for a phone number or an isikukood.
"""
from __future__ import annotations

from presidio_analyzer import Pattern
from stdnum.ee import kmkr, registrikood

from scanner.recognizers.base import LeidurPatternRecognizer, WordBefore
from scanner.recognizers.ee_personal_code import check_digit

# Words that announce a registry code; a phone recogniser consults them too.
REGISTRY_CONTEXT = [
    "registrikood", "registrikoodi", "reg-kood", "reg.kood", "regkood", "rg-kood", "äriregistri", "registry",
    "registration", "company code", "reg", "reg.nr", "rg",
]
REGISTRY_WORD_BEFORE = WordBefore(
    r"(?:registri\w*|reg\.?\s?(?:kood|nr|no)\w*|rg-kood\w*|registry\s+(?:code|no|number)|company\s+(?:code|reg\w*)|"
    r"registration\s+(?:code|no|number)|kmkr\w*|vat)[\s.:#№-]*(?:on|is)?[\s.:#№-]*$",
    trailing=".:#№-", words=3,
    stems=("reg", "rg-kood", "company", "kmkr", "vat"),
)


class EstonianRegistryCodeRecognizer(LeidurPatternRecognizer):
    """Registrikood: 8 digits starting 1, 7, 8 or 9 with the isikukood checksum; needs a context word."""

    ENTITY = "EE_REGISTRY_CODE"
    # `READABLE`, with the character before the code checked only where eight digits were found.
    READABLE = r"(?<![\w+.,-])[1789]\d{7}(?![\w-]|[.,]\d)"
    PATTERNS = [Pattern("registrikood", r"[1789]\d{7}(?![\w-]|[.,]\d)(?<![\w+.,-][\s\S]{8})", 0.3)]
    CONTEXT = REGISTRY_CONTEXT
    PREFILTER = r"[1789](?<!\d[1789])\d{7}(?!\d)"
    WINDOW = 60

    def check(self, matched_text: str) -> bool:
        if matched_text.isascii() and matched_text.isdigit():
            # registrikood.validate() less its clean-up, which leaves ASCII digits as they are: a
            # third of the time, 12 -> 4 µs (logs' eight-digit ids; tests/test_fast_patterns.py compares the answers).
            return len(matched_text) == 8 and matched_text[0] in "1789" and matched_text[-1] == check_digit(matched_text)
        return registrikood.is_valid(matched_text)


class EstonianVatNumberRecognizer(LeidurPatternRecognizer):
    """KMKR: EE + 9 digits, weights 3 7 1 and sum mod 10 = 0."""

    ENTITY = "EE_VAT_NUMBER"
    PATTERNS = [Pattern("KMKR", r"(?<![\w-])EE ?\d{9}(?![\w-])", 0.6)]
    CONTEXT = ["kmkr", "käibemaks", "vat", "km-kohustuslase", "käibemaksukohustuslase", "tax"]
    PREFILTER = r"EE ?\d{9}"
    WINDOW = 60

    def check(self, matched_text: str) -> bool:
        return matched_text.startswith("EE") and kmkr.is_valid(matched_text.replace(" ", ""))
