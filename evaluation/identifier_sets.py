"""Public identifier examples, written by others, turned into labelled cases: IBANs, payment cards, Estonian phones, IPs.

Each loader reads one public source (fetched into `evaluation/data/` by
`evaluation.datasets`, never committed) or derives cases at evaluation time
from an installed library's own data (libphonenumber's Estonian number plan,
Python's `ipaddress` writing of IPv6 addresses). Values from lists are written
as they are printed (the source's own forms plus the usual groupings) and
placed in fixed carrier texts: alone, after a field label, and inside a
sentence. Test tables (Presidio's) are taken as written.

Every case carries a split key, the value in compact form, so that all written
forms of one value fall into the same part (see `evaluation.identifiers.part`).
"""
from __future__ import annotations

import ast
import csv
import io
import ipaddress
import json
import random
import re
from dataclasses import dataclass
from pathlib import Path

import phonenumbers
from phonenumbers import PhoneNumberFormat, PhoneNumberType

IBAN, CARD, PHONE, IP = "IBAN_CODE", "CREDIT_CARD", "PHONE_NUMBER", "IP_ADDRESS"
FAMILIES = (IBAN, CARD, PHONE, IP)


@dataclass(frozen=True)
class Case:
    text: str
    spans: tuple[tuple[int, int], ...]  # gold spans of `entity`; empty for a negative case
    entity: str
    group: str  # the table row the case is counted in
    key: str  # split key: the value in compact form
    carrier: str = "as written"  # "alone", "field", "sentence", or "as written" for test tables
    labels_all: bool = True  # False: the text may hold other identifiers that nobody labelled


# Fixed before any measurement: a field label and a sentence per family.
CARRIERS: dict[str, tuple[str, str]] = {
    IBAN: ("IBAN: {}", "Palun kandke summa arveldusarvele {} hiljemalt reedeks."),
    CARD: ("Card number: {}", "Tasuti kaardiga {} eile õhtul."),
    PHONE: ("Tel: {}", "Helistage palun numbril {} tööpäeviti."),
    IP: ("IP address: {}", "Sisselogimine aadressilt {} ebaõnnestus."),
}


def written(value: str, entity: str, group: str, key: str) -> list[Case]:
    """`value` alone, after its family's field label and inside its sentence."""
    cases = [Case(value, ((0, len(value)),), entity, group, key, "alone")]
    for carrier, template in zip(("field", "sentence"), CARRIERS[entity]):
        text = template.format(value)
        start = text.index(value)
        cases.append(Case(text, ((start, start + len(value)),), entity, group, key, carrier))
    return cases


def written_negative(value: str, entity: str, group: str, key: str) -> list[Case]:
    """A look-alike that must not be reported, in the same three carriers."""
    return [Case(case.text, (), entity, group, key, case.carrier) for case in written(value, entity, group, key)]


def last_digit_changed(value: str) -> str:
    """The value with its last digit one higher: a check digit (mod 97, Luhn) that no longer fits."""
    position = max(i for i, char in enumerate(value) if char.isdigit())
    return value[:position] + str((int(value[position]) + 1) % 10) + value[position + 1:]


def compact(value: str) -> str:
    return re.sub(r"[\s-]", "", value).upper()


# --- IBAN: SWIFT's registry -------------------------------------------------------------------

def swift_registry_examples(path: Path) -> list[tuple[str, str, str]]:
    """(country, electronic example, print example) for every country of a SWIFT IBAN Registry TXT file."""
    text = path.read_bytes().decode("latin-1")  # the registry is published in Windows-1252/Latin-1
    rows = {row[0].strip(): row[1:] for row in csv.reader(io.StringIO(text), delimiter="\t") if row}
    return list(zip(rows["IBAN prefix country code (ISO 3166)"], rows["IBAN electronic format example"],
                    rows["IBAN print format example"]))


def swift_registry_cases(path: Path) -> list[Case]:
    group = "IBAN_CODE: SWIFT IBAN Registry examples, electronic and print form"
    cases = []
    for _country, electronic, printed in swift_registry_examples(path):
        for value in dict.fromkeys((electronic.strip(), printed.strip())):
            cases += written(value, IBAN, group, compact(electronic))
            cases += written_negative(last_digit_changed(value), IBAN, group, compact(electronic))
    return cases


# --- Presidio's recogniser test tables --------------------------------------------------------

class _PlainFStrings(ast.NodeTransformer):
    """f"fe80::1%eth0/64" without placeholders is a plain string; literal_eval needs it as one."""

    def visit_JoinedStr(self, node: ast.JoinedStr) -> ast.AST:
        if all(isinstance(part, ast.Constant) for part in node.values):
            return ast.copy_location(ast.Constant("".join(part.value for part in node.values)), node)
        return node


def parametrize_rows(path: Path) -> list[dict]:
    """The rows of every @pytest.mark.parametrize table in a test file, as dicts of its argument names."""
    tree = _PlainFStrings().visit(ast.parse(path.read_text(encoding="utf-8")))
    rows = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "parametrize" and len(node.args) == 2:
            names = [name.strip() for name in ast.literal_eval(node.args[0]).split(",")]
            for row in ast.literal_eval(node.args[1]):
                rows.append(dict(zip(names, row)))
    return rows


def _presidio_spans(row: dict) -> tuple[tuple[int, int], ...] | None:
    """Gold spans of a Presidio row; None when Presidio itself rates every match as near-nothing."""
    text = row.get("text", row.get("iban"))
    count = row["expected_len"]
    if count == 0:
        return ()
    positions = row.get("expected_positions", row.get("expected_res")) or ()
    ranges = row.get("expected_score_ranges") or ()
    if ranges and all(isinstance(high, float) and high < 0.4 for _low, high in ranges):
        return None  # "Use local ipv6 ::" is expected at 0.05-0.15: below any threshold, not a finding
    if not positions:
        stripped = text.strip()
        start = text.index(stripped)
        return ((start, start + len(stripped)),)
    return tuple((start, end) for start, end in positions)


def presidio_cases(path: Path, entity: str, group: str) -> list[Case]:
    cases = []
    for row in parametrize_rows(path):
        text = row.get("text", row.get("iban"))
        spans = _presidio_spans(row)
        if spans is None:
            continue
        key = compact(text[spans[0][0]:spans[0][1]]) if spans else compact(text)
        cases.append(Case(text, spans, entity, group, key, labels_all=False))
    return cases


# --- Payment cards: Adyen's test cards in their usual written forms -------------------------------

def card_forms(number: str) -> list[str]:
    """The number as published, bare, in fours with spaces and with dashes, and Amex/Diners print grouping."""
    digits = re.sub(r"\D", "", number)
    fours = [digits[i:i + 4] for i in range(0, len(digits), 4)]
    forms = [number, digits, " ".join(fours), "-".join(fours)]
    if len(digits) == 15:  # American Express: 4-6-5
        forms.append(f"{digits[:4]} {digits[4:10]} {digits[10:]}")
    if len(digits) == 14:  # Diners Club: 4-6-4
        forms.append(f"{digits[:4]} {digits[4:10]} {digits[10:]}")
    return list(dict.fromkeys(forms))


def adyen_card_cases(path: Path) -> list[Case]:
    group = "CREDIT_CARD: Adyen test cards, published form, bare, 4-4-4-4 with spaces or dashes, Amex/Diners grouping"
    cases = []
    for brand in json.loads(path.read_text(encoding="utf-8")):
        for item in brand["items"]:
            for form in card_forms(item["cardnumber"]):
                cases += written(form, CARD, group, compact(form))
                cases += written_negative(last_digit_changed(form), CARD, group, compact(form))
    return cases


# --- Estonian phones: libphonenumber's own number plan --------------------------------------------

# Numbers of people and their lines; toll-free and premium-rate service numbers are left out.
_PHONE_TYPES = {PhoneNumberType.FIXED_LINE: (7,), PhoneNumberType.MOBILE: (7, 8),
                PhoneNumberType.PERSONAL_NUMBER: (8,)}
PHONES_PER_KIND = 60


def estonian_numbers(per_kind: int = PHONES_PER_KIND, seed: int = 372) -> list[phonenumbers.PhoneNumber]:
    """Valid Estonian numbers of each type and length, drawn uniformly from libphonenumber's plan."""
    rng = random.Random(seed)
    numbers = []
    for number_type, lengths in _PHONE_TYPES.items():
        for length in lengths:
            found: dict[int, phonenumbers.PhoneNumber] = {}
            while len(found) < per_kind:
                national = rng.randrange(10 ** (length - 1), 10 ** length)
                number = phonenumbers.PhoneNumber(country_code=372, national_number=national)
                if phonenumbers.number_type(number) == number_type:
                    found[national] = number
            numbers += found.values()
    return numbers


def outside_the_plan(per_kind: int = PHONES_PER_KIND, seed: int = 373) -> list[str]:
    """7- and 8-digit national numbers that Estonia's plan does not have, grouped as valid ones are."""
    rng = random.Random(seed)
    numbers = []
    for length in (7, 8):
        found: set[str] = set()
        while len(found) < per_kind:
            national = str(rng.randrange(10 ** (length - 1), 10 ** length))
            if not phonenumbers.is_valid_number(phonenumbers.PhoneNumber(country_code=372, national_number=int(national))):
                found.add(national)
        numbers += sorted(found)
    return [f"{n[:3]} {n[3:]}" if len(n) == 7 else f"{n[:4]} {n[4:]}" for n in numbers]


def estonian_phone_cases(per_kind: int = PHONES_PER_KIND) -> list[Case]:
    national = "PHONE_NUMBER: Estonian numbers (libphonenumber plan), national format and digits only"
    international = "PHONE_NUMBER: Estonian numbers (libphonenumber plan), international format and E.164"
    cases = []
    for number in estonian_numbers(per_kind):
        key = phonenumbers.format_number(number, PhoneNumberFormat.E164)
        as_national = phonenumbers.format_number(number, PhoneNumberFormat.NATIONAL)
        for value in dict.fromkeys((as_national, re.sub(r"\D", "", as_national))):
            cases += written(value, PHONE, national, key)
        for value in (phonenumbers.format_number(number, PhoneNumberFormat.INTERNATIONAL), key):
            cases += written(value, PHONE, international, key)
    for value in outside_the_plan(per_kind):
        cases += written_negative(value, PHONE, national, "+372" + value.replace(" ", ""))
    return cases


# --- IP addresses -----------------------------------------------------------------------------------

def address_of(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    """The address a labelled span names, without brackets, zone (%eth0) or prefix length (/64)."""
    bare = re.sub(r"(%\w+)?(/\d+)?$", "", text.strip("[]'\"() "))
    try:
        return ipaddress.ip_address(bare)
    except ValueError:
        return None


def names_no_machine(text: str) -> bool:
    """Loopback, unspecified and broadcast addresses (also IPv4-mapped) name no one's machine: not personal data."""
    address = address_of(text)
    if address is None:
        return False
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    return address.is_loopback or address.is_unspecified or str(address) == "255.255.255.255"


def ipv6_forms(address: ipaddress.IPv6Address) -> list[str]:
    """RFC 4291 full form, full form without leading zeros, RFC 5952 compressed form, and upper case."""
    full = address.exploded
    no_zeros = ":".join(f"{int(group, 16):x}" for group in full.split(":"))
    return list(dict.fromkeys((full, no_zeros, address.compressed, address.compressed.upper(), full.upper())))


def ipv6_written_cases(presidio: list[Case]) -> list[Case]:
    """Every IPv6 address that Presidio's IP tests expect, written in the forms RFC 4291 and RFC 5952 allow."""
    group = "IP_ADDRESS: IPv6 addresses of Presidio's tests, full, no leading zeros, compressed, upper case"
    addresses = {}
    for case in presidio:
        for start, end in case.spans:
            address = address_of(case.text[start:end])
            if isinstance(address, ipaddress.IPv6Address) and not names_no_machine(str(address)):
                addresses[address.compressed] = address
    cases = []
    for key, address in addresses.items():
        for form in ipv6_forms(address):
            cases += written(form, IP, group, key)
    return cases
