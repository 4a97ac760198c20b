"""IBAN: ISO 13616 mod-97 and country structure (python-stdnum), and for Estonian accounts the national 7-3-1 check digit.

IBANs are printed in groups of four, but not only: SWIFT's own registry prints
"SV 62 CENR 00000000000000700025", "BI42 10000 10001 00003320451 81" and
"LY83 002 048 000020100120361", and people write dashes. So the pattern takes
the country's exact IBAN length (from stdnum's copy of the registry) in
letters and digits, each optionally after one space or dash: a word after the
IBAN ("... 8901 X in a sentence", "... ALL CAPS") is never taken into it, and
a run that goes on inside a group ("...5685XYZ") is no IBAN.
"""
from __future__ import annotations

import functools
import re
from collections import defaultdict

from presidio_analyzer import Pattern
from stdnum import iban, numdb
from stdnum.exceptions import InvalidComponent, ValidationError
from stdnum.util import get_cc_module

from scanner.recognizers.base import LeidurPatternRecognizer


def estonian_check_digit_ok(bban: str) -> bool:
    """Estonia's 7-3-1 check over the domestic account number (BBAN less the bank code)."""
    account = bban[2:]
    body, check = account[:-1], int(account[-1])
    weights = (7, 3, 1)
    total = sum(int(d) * weights[i % 3] for i, d in enumerate(reversed(body)))
    return (10 - total % 10) % 10 == check


def iban_lengths() -> dict[str, int]:
    """Country code -> IBAN length, for every country in stdnum's copy of SWIFT's IBAN registry."""
    lengths = {}
    for _length, country, _high, properties, _children in numdb.get("iban").prefixes:
        if structure := properties.get("bban"):
            lengths[country] = 4 + sum(int(n) for n in re.findall(r"\d+", structure))
    return lengths


def iban_regex(lengths: dict[str, int], readable: bool = False) -> str:
    """One alternative per IBAN length: its countries, the check digits, then exactly that many letters/digits.

    `readable`: the form that says so. The default finds the same (tests/test_fast_patterns.py)
    in half the time: two capitals first, which the regex engine skips to, the character before
    them and the check digits checked once, and then each length's countries as a look-behind.
    """
    by_length = defaultdict(list)
    for country, length in lengths.items():
        by_length[length].append(country)
    if readable:
        alternatives = [f"(?:{'|'.join(sorted(countries))}) ?\\d\\d(?:[ -]?[A-Z0-9]){{{length - 4}}}"
                        for length, countries in sorted(by_length.items())]
        return r"(?<![\w-])(?:" + "|".join(alternatives) + r")(?!\w)"
    alternatives = [f"(?<={'|'.join(sorted(countries))}) ?\\d\\d(?:[ -]?[A-Z0-9]){{{length - 4}}}"
                    for length, countries in sorted(by_length.items())]
    return r"[A-Z]{2}(?<![\w-][\s\S]{2})(?= ?\d\d)(?:" + "|".join(alternatives) + r")(?!\w)"


@functools.lru_cache(maxsize=None)
def _national_check(country: str):
    return get_cc_module(country.lower(), "iban")


def valid_iban(compact: str) -> bool:
    try:
        iban.validate(compact, check_country=False)
    except ValidationError:
        return False
    module = _national_check(compact[:2])  # the national check digits stdnum knows (BE, ES, ME, NO)
    if module is not None:
        try:
            module.validate(compact)
        except InvalidComponent:
            pass  # a bank code missing from stdnum's bank list is no reason to doubt the account
        except ValidationError:
            return False
    if compact.startswith("EE"):
        return estonian_check_digit_ok(compact[4:])
    return True


class IbanCodeRecognizer(LeidurPatternRecognizer):
    ENTITY = "IBAN_CODE"
    PATTERNS = [Pattern("IBAN", iban_regex(iban_lengths()), 0.7)]
    CONTEXT = ["iban", "arveldusarve", "pangakonto", "konto", "account", "bank", "pank", "a/a"]
    # With a space after the country code only when a group follows: "VAT 22%" wakes nothing.
    PREFILTER = r"[A-Z]{2}(?:\d\d| \d\d ?[A-Z0-9]{4})"
    WINDOW = 60

    def check(self, matched_text: str) -> bool:
        return valid_iban(iban.compact(matched_text))
