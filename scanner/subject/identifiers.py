"""The identifiers a subject search is given: normalised and hashed as scans do, and their common written forms."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from scanner.detect.values import fingerprint, mask, normalize

# Command-line option -> entity type (the order is the order of the report).
IDENTIFIER_TYPES: dict[str, str] = {
    "personal_code": "EE_PERSONAL_CODE",
    "email": "EMAIL_ADDRESS",
    "phone": "PHONE_NUMBER",
    "iban": "IBAN_CODE",
    "card": "CREDIT_CARD",
}
NAME_TYPE = "PERSON"
# What a database cell is stripped of before it is compared with a written form (not for e-mail).
SEPARATORS = (" ", "-", ".", "(", ")", "/")


class SubjectError(ValueError):
    """A search that cannot run as asked (the message holds no identifier)."""


@dataclass(frozen=True)
class Identifier:
    """One value the DPO typed, as Leidur compares it: never stored or printed whole."""

    entity_type: str
    value: str = field(repr=False)

    @property
    def normalized(self) -> str:
        return normalize(self.entity_type, self.value)

    @property
    def masked(self) -> str:
        return mask(self.entity_type, self.normalized)

    def fingerprint(self, key: bytes) -> str:
        return fingerprint(key, self.entity_type, self.value)

    def written_forms(self) -> tuple[str, ...]:
        """Lower-case forms a database cell may hold once separators are stripped (see SEPARATORS)."""
        return written_forms(self.entity_type, self.normalized)


@dataclass
class Subject:
    """The person searched for: identifiers to look up and, optionally, a name that only annotates."""

    identifiers: list[Identifier]
    name: str = field(default="", repr=False)

    @classmethod
    def from_options(cls, name: str = "", **values) -> "Subject":
        """`Subject.from_options(personal_code=[...], email=[...], phone=..., name=...)`: str or lists."""
        identifiers = []
        for option, entity in IDENTIFIER_TYPES.items():
            given = values.pop(option, None) or ()
            for value in [given] if isinstance(given, str) else given:
                if value and value.strip():
                    identifiers.append(check(Identifier(entity, value.strip()), option))
        if values:
            raise SubjectError(f"unknown identifier kinds: {', '.join(sorted(values))}")
        if not identifiers:
            raise SubjectError("give at least one identifier (--personal-code, --email, --phone, --iban or --card); "
                               "a name alone is too ambiguous to search by")
        unique: dict[tuple[str, str], Identifier] = {}
        for identifier in identifiers:  # two written forms of one value are searched once
            unique.setdefault((identifier.entity_type, identifier.normalized), identifier)
        return cls(list(unique.values()), " ".join(name.split()))

    def doubts(self) -> list[str]:
        """Values whose check digits are wrong (a typo?): scans recognise only valid ones, so they find little."""
        return [f"{i.entity_type} {i.masked}: {problem}" for i in self.identifiers if (problem := checksum_problem(i))]

    def secrets(self) -> list[str]:
        """Every form of every value: removed from any message before it is shown."""
        raw = [i.value for i in self.identifiers] + [i.normalized for i in self.identifiers]
        raw += [f for i in self.identifiers for f in i.written_forms()]
        return [s for s in dict.fromkeys(raw + ([self.name] if self.name else [])) if len(s) >= 4]


_DIGITS = re.compile(r"\D")


def check(identifier: Identifier, option: str) -> Identifier:
    """Refuse values that cannot be what the option says (a typo would silently find nothing)."""
    normalized, entity = identifier.normalized, identifier.entity_type
    problem = ""
    if entity == "EE_PERSONAL_CODE" and len(_DIGITS.sub("", identifier.value)) != 11:
        problem = "an isikukood has 11 digits"
    elif entity == "EMAIL_ADDRESS" and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", normalized):
        problem = "not an e-mail address"
    elif entity == "PHONE_NUMBER" and not 7 <= len(_DIGITS.sub("", normalized)) <= 15:
        problem = "a phone number has 7 to 15 digits"
    elif entity == "IBAN_CODE" and not re.fullmatch(r"[A-Z]{2}\d{2}[A-Z0-9]{8,30}", normalized):
        problem = "an IBAN starts with a country code and two check digits"
    elif entity == "CREDIT_CARD" and not re.fullmatch(r"\d{12,19}", normalized):
        problem = "a card number has 12 to 19 digits"
    if problem:
        raise SubjectError(f"--{option.replace('_', '-')} {identifier.masked}: {problem}")
    return identifier


def checksum_problem(identifier: Identifier) -> str:
    from stdnum import iban, luhn
    from stdnum.ee import ik

    value, entity = identifier.normalized, identifier.entity_type
    if entity == "EE_PERSONAL_CODE" and not ik.is_valid(value):
        return "not a valid isikukood (check digit or birth date)"
    if entity == "IBAN_CODE" and not iban.is_valid(value):
        return "the IBAN's check digits are wrong"
    if entity == "CREDIT_CARD" and not luhn.is_valid(value):
        return "the card number's check digit is wrong"
    return ""


def written_forms(entity_type: str, normalized: str) -> tuple[str, ...]:
    """The normalised value as people write it in a database cell, lower-cased, separators stripped."""
    value = normalized.lower()
    if entity_type == "EE_PERSONAL_CODE":
        return (value, "ee" + value, "pnoee" + value)
    if entity_type == "PHONE_NUMBER":
        return phone_forms(normalized)
    return (value,)


def phone_forms(e164: str) -> tuple[str, ...]:
    """+37251234567 → +37251234567, 0037251234567, 37251234567, 51234567 (and a national prefix if the country has one)."""
    import phonenumbers

    digits = e164.lstrip("+")
    forms = [f"+{digits}", f"00{digits}", digits]
    try:
        number = phonenumbers.parse(e164)
        national = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
        forms.append(_DIGITS.sub("", national))
        forms.append(str(number.national_number))
    except phonenumbers.NumberParseException:
        pass
    return tuple(f for f in dict.fromkeys(forms) if len(f) >= 6)


def name_forms(name: str) -> tuple[str, ...]:
    """'Mari Tamm' and 'Tamm Mari': the two orders a full name is written in."""
    words = name.split()
    if not words:
        return ()
    return tuple(dict.fromkeys([" ".join(words), " ".join(words[1:] + words[:1])]))
