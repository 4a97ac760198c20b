"""Phone numbers: Estonian mobile and landline numbers with or without +372, and E.164 numbers.

Validated with `phonenumbers` (libphonenumber's metadata), so number ranges
that Estonia does not use (business registry codes starting with 1 or 9,
order numbers) are not phones. National numbers without +372 start low and
need a context word (tel, telefon, mobiil...) to pass the threshold.
"""
from __future__ import annotations

import re

import phonenumbers
from presidio_analyzer import Pattern

from scanner.recognizers.base import LeidurPatternRecognizer
from scanner.recognizers.ee_business_codes import REGISTRY_WORD_BEFORE

# Not glued to other digits, letters or amounts ("5123,45", "1.5123456"), and not one part of a longer
# run of digit groups (a card number "4111 5123 4567 1234", an IBAN "EE47 3333 8314 6869").
_EDGE_BEFORE = r"(?<![\w/+-]|\d[.,])(?<!\d )"
_EDGE_AFTER = r"(?![\w/-]|[.,]\d)(?! \d)"
# Numbers labelled as something else: an order, invoice, product or reference number.
_OTHER_NUMBER_BEFORE = re.compile(
    r"(?:tellimus\w*|arve\w*|order\w*|invoice\w*|build|versio\w*|release|sku|ean|toote\w*|artikli?\w*|viite\w*|ref\w*|kood\w*|"
    r"code|summa|amount|total|kokku|hind|price|konto\w*|account|id|nr|no|number)\W{0,4}$",
    re.IGNORECASE,
)
# A field label right before the number ("vms=52133888", "size: 51234567"): only phone labels count.
_LABEL_BEFORE = re.compile(r"([^\W\d_]+)\s*[=:]\s*$")
_PHONE_LABEL = re.compile(r"tel|telefon|mob|mobiil|gsm|phone|mobile|fax|faks|kontakt|contact|helista|call|number|nr$",
                          re.IGNORECASE)


def _is_word(char: str) -> bool:
    return char.isalnum() or char == "_"  # what `\w` is to `re` in a str pattern


def label_before(before: str) -> re.Match | None:
    """`_LABEL_BEFORE.search(before)`, not tried at every position when `before` does not end in = or :."""
    stripped = before.rstrip()
    if not stripped or stripped[-1] not in "=:":
        return None
    return _LABEL_BEFORE.search(before)


def other_number_before(before: str) -> re.Match | None:
    """`_OTHER_NUMBER_BEFORE.search(before)`, searched from the start of the last word only.

    Its words are word characters only and are followed by at most four others (and a final
    newline, which `$` allows) to the end: so a match is the end of the last run of word
    characters, and no earlier position can start one (tests/test_phone_context.py).
    """
    end = len(before)
    while end and not _is_word(before[end - 1]):
        end -= 1
    trailing = len(before) - end
    if not end or trailing > 5 or (trailing == 5 and before[-1] != "\n"):
        return None
    start = end
    while start and _is_word(before[start - 1]):
        start -= 1
    return _OTHER_NUMBER_BEFORE.search(before, start)


# Right after the national number's first digit, what _EDGE_BEFORE says of the characters before it
# (a national number is neither glued to a word nor "1.5123456" nor "7 5123 4567"), with ASCII
# classes only: `re` and `regex` agree on them, so the prefilter never turns down what a pattern takes.
# Written as "not X before this digit" and first, so that the compiled pass (superset.py) checks the
# character before the number too and does not report every run of digits.
_NATIONAL_EDGE = r"(?<![A-Za-z0-9_/+-][3-8])(?<![0-9][.,][3-8])(?<![0-9] [3-8])"
# Right after the national number's first digit: it does not follow an "id" label ("id=", "request_id: ").
# accept() turns such a number down (the label is "id", not a phone label, and the number starts
# with neither + nor 0), so the prefilter need not wake the recogniser for it; a longer label
# ending in "id" ("mobid=") still does (tests/test_recognizer_prefilters.py).
_NOT_AN_ID_LABEL = (r"(?:(?<![iI][dD][=:].)(?<![iI][dD][=:] .)"
                    r"|(?<=[^\W\d_][iI][dD][=:].)|(?<=[^\W\d_][iI][dD][=:] .))")

_PHONE_WORD = re.compile(r"\b(?:tel|telefon\w*|mob|mobiil\w*|gsm|phone|mobile|fax|faks)\b", re.IGNORECASE)


class PhoneNumberRecognizer(LeidurPatternRecognizer):
    ENTITY = "PHONE_NUMBER"
    PATTERNS = [
        # +372 / 00372 followed by 7 or 8 digits, in any grouping.
        Pattern("EE international", _EDGE_BEFORE + r"(?:\+|00)\s?372[\s-]?(?:\(0\)\s?)?\d(?:[\s-]?\d){6,7}" + _EDGE_AFTER, 0.7),
        # Any country in E.164-like form: +CC then 6 to 13 digits.
        Pattern("E.164", _EDGE_BEFORE + r"\+(?!372)[1-9]\d{0,2}[\s-]?(?:\(\d{1,4}\)[\s-]?)?\d(?:[\s-]?\d){5,12}" + _EDGE_AFTER, 0.6),
        # Estonian mobile without country code: 8 digits (5xxx xxxx, 81-84/89xx xxxx) stand alone;
        # 7-digit 5xx xxxx numbers look like order numbers and need a context word.
        Pattern("EE mobile", _EDGE_BEFORE + r"(?:5\d{3}|8[1-49]\d{2})[\s-]?\d{4}" + _EDGE_AFTER, 0.4),
        # Personal numbers (70x xxxxx, written 70 01 2345) need a context word too.
        Pattern("EE mobile short", _EDGE_BEFORE + r"(?:5\d{2}[\s-]?\d{4}|70[\s-]?\d{2}[\s-]?\d{4})" + _EDGE_AFTER, 0.3),
        # Estonian landline without country code: 7 digits.
        Pattern("EE landline", _EDGE_BEFORE + r"(?:3[23589]|4[3-8]|6\d|7[1-9]|88)\d[\s-]?\d{2}[\s-]?\d{2}" + _EDGE_AFTER, 0.25),
    ]
    CONTEXT = [
        "tel", "telefon", "telefoni", "mob", "mobiil", "gsm", "phone", "mobile",
        "helista", "call", "kontakt", "contact", "fax", "faks",
    ]
    # Where one of the patterns could start: a + or 00372, or 7-8 digits in phone grouping that
    # are not part of a longer run (ids, timestamps and amounts do not wake the recogniser); 70 01 2345 too.
    # A number labelled "id=" (request id=51234567) does not wake it either: accept() turns it down.
    PREFILTER = r"[+]\d|00372|[3-8]" + _NATIONAL_EDGE + r"(?<!\d[3-8])" + _NOT_AN_ID_LABEL + r"\d(?:\d{1,2}|[\s-]\d\d)[\s-]?\d{2}[\s-]?\d{2}(?!\d)"

    def accept(self, text: str, start: int, end: int) -> bool:
        # "Reg. kood 81234562": an organisation code that happens to look like a mobile number.
        return self._is_phone_here(text, start)

    @staticmethod
    def _is_phone_here(text: str, start: int) -> bool:
        before = text[max(0, start - 24):start]
        if REGISTRY_WORD_BEFORE.search(before):
            return False
        label = label_before(before)
        if label and text[start] not in "+0" and not _PHONE_LABEL.match(label.group(1)):
            return False
        # "Tellimuse nr 51234567" is an order; "telefoni number 51234567" and "tel. nr" are phones.
        other = other_number_before(before)
        return other is None or bool(_PHONE_WORD.search(before[max(0, other.start() - 16):other.start()]))

    def check(self, matched_text: str) -> bool:
        national = _estonian_national_number(matched_text)
        if national is not None:
            return _EE_VALID(national)
        try:
            number = phonenumbers.parse(matched_text, "EE")
        except phonenumbers.NumberParseException:
            return False
        return phonenumbers.is_valid_number(number)


_PLAIN_ESTONIAN = re.compile(r"(?:\+372|00372)?[ -]?[1-9][0-9 -]*\Z")


def _estonian_national_number(text: str) -> str | None:
    """The national number of an Estonian number written in ASCII digits, spaces and hyphens, or None.

    What `phonenumbers.parse(text, "EE")` reads from such a text: the digits after +372 or
    00372, or all of them without either. None (ask phonenumbers) for anything else: another
    country, a (0), a leading zero, other characters, or digits that themselves start with 372.
    """
    if not text.isascii() or not _PLAIN_ESTONIAN.match(text):
        return None
    digits = text.replace(" ", "").replace("-", "")
    if digits[0] == "+":
        digits = digits[4:]
    elif digits.startswith("00372"):
        digits = digits[5:]
    elif digits.startswith("372"):
        return None  # phonenumbers may take it for the country code
    if not 6 <= len(digits) <= 12 or digits[0] == "0":
        return None
    return digits


def _estonian_validity():
    """`phonenumbers.is_valid_number()` for a national Estonian number, from the same metadata.

    With the digits read as above, a check takes 6.5 µs instead of 43 for `parse` + `is_valid_number`.

    A number is valid where it matches the general description and one of the number types
    (phonenumbers' `_number_type_helper` is not UNKNOWN): each a set of lengths and a pattern.
    tests/test_fast_patterns.py compares the answers with phonenumbers' own.
    """
    metadata = phonenumbers.PhoneMetadata.metadata_for_region("EE")
    types = [metadata.premium_rate, metadata.toll_free, metadata.shared_cost, metadata.voip,
             metadata.personal_number, metadata.pager, metadata.uan, metadata.voicemail,
             metadata.fixed_line, metadata.mobile]

    def rule(desc):
        return frozenset(desc.possible_length or ()), re.compile(f"(?:{desc.national_number_pattern})\\Z")

    general = rule(metadata.general_desc)
    rules = [rule(desc) for desc in types if desc is not None and desc.national_number_pattern]

    def matches(found, number: str) -> bool:
        lengths, pattern = found
        return (not lengths or len(number) in lengths) and pattern.match(number) is not None

    def valid(number: str) -> bool:
        return matches(general, number) and any(matches(found, number) for found in rules)

    return valid


_EE_VALID = _estonian_validity()
