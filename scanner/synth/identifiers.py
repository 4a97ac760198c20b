"""Generators for valid identifiers and for look-alikes that fail a check (hard negatives)."""
from __future__ import annotations

import random
from datetime import date, timedelta

from stdnum import iban as std_iban
from stdnum import luhn
from stdnum.ee import ik, registrikood

EE_BANK_CODES = ["10", "22", "77", "33", "42", "75", "12", "96", "17"]


def personal_code(rng: random.Random, born: date | None = None, male: bool | None = None) -> str:
    """A valid isikukood (checksum and date) for a random or given birth date."""
    born = born or date(1940, 1, 1) + timedelta(days=rng.randrange(0, 365 * 65))
    male = rng.random() < 0.5 if male is None else male
    century = {18: 1, 19: 3, 20: 5, 21: 7}[born.year // 100] + (0 if male else 1)
    body = f"{century}{born:%y%m%d}{rng.randrange(0, 1000):03d}"
    return body + ik.calc_check_digit(body + "0")  # stdnum ignores the last digit


def invalid_personal_code(rng: random.Random) -> str:
    """11 digits shaped like an isikukood whose check digit is wrong."""
    code = personal_code(rng)
    wrong = (int(code[-1]) + rng.randrange(1, 10)) % 10
    candidate = code[:-1] + str(wrong)
    return candidate if not ik.is_valid(candidate) else invalid_personal_code(rng)


def bad_date_personal_code(rng: random.Random) -> str:
    """11 digits with a valid check digit but an impossible birth date (month 13..19)."""
    body = f"{rng.choice('3456')}{rng.randrange(50, 99)}{rng.randrange(13, 19)}{rng.randrange(1, 28):02d}{rng.randrange(0, 1000):03d}"
    return body + ik.calc_check_digit(body + "0")  # stdnum ignores the last digit


def invoice_number(rng: random.Random) -> str:
    """An 11-digit number that is not a valid isikukood (invoice, order, reference)."""
    while True:
        candidate = f"{rng.randrange(1, 9)}{rng.randrange(0, 10**10):010d}"
        if not ik.is_valid(candidate):
            return candidate


def registry_code(rng: random.Random) -> str:
    """A valid Estonian business registry code (registrikood) with a prefix in real use.

    Companies 10-16, state bodies 70-77, non-profits 80, foundations 90.
    """
    prefix = rng.choice(["10", "11", "12", "14", "16", "70", "75", "77", "80", "90"])
    body = f"{prefix}{rng.randrange(0, 10**5):05d}"
    return body + registrikood.calc_check_digit(body + "0")


def vat_number(rng: random.Random) -> str:
    """A valid Estonian VAT number (KMKR): EE + 9 digits, weights 3 7 1, sum mod 10 = 0."""
    while True:
        body = f"10{rng.randrange(0, 10**6):06d}"
        weights = (3, 7, 1, 3, 7, 1, 3, 7)
        total = sum(int(d) * w for d, w in zip(body, weights))
        check = (10 - total % 10) % 10
        return f"EE{body}{check}"


def _ee_national_check(account_body: str) -> str:
    weights = (7, 3, 1)
    total = sum(int(d) * weights[i % 3] for i, d in enumerate(reversed(account_body)))
    return str((10 - total % 10) % 10)


def estonian_iban(rng: random.Random, spaced: bool | None = None) -> str:
    """A valid Estonian IBAN (mod-97 and the national 7-3-1 check digit)."""
    bank = rng.choice(EE_BANK_CODES)
    body = f"{bank}{rng.randrange(0, 10**11):011d}"
    account = body + _ee_national_check(body)
    bban = f"{bank}{account.zfill(14)}"
    check = std_iban.calc_check_digits(f"EE00{bban}")
    value = f"EE{check}{bban}"
    spaced = rng.random() < 0.5 if spaced is None else spaced
    return " ".join(value[i:i + 4] for i in range(0, len(value), 4)) if spaced else value


def foreign_iban(rng: random.Random) -> str:
    """A valid IBAN from a neighbouring country (Finland, Latvia, Lithuania, Germany)."""
    country, length = rng.choice([("FI", 14), ("LV", 13), ("LT", 16), ("DE", 18)])
    if country == "LV":
        bban = rng.choice(["HABA", "UNLA", "PARX"]) + f"{rng.randrange(0, 10**13):013d}"
    else:
        bban = f"{rng.randrange(0, 10**length):0{length}d}"
    check = std_iban.calc_check_digits(f"{country}00{bban}")
    value = f"{country}{check}{bban}"
    # Some countries carry a national check digit too; draw again until the whole IBAN is valid.
    return value if std_iban.is_valid(value) else foreign_iban(rng)


def invalid_iban(rng: random.Random) -> str:
    value = estonian_iban(rng, spaced=False)
    wrong = str((int(value[-1]) + 1) % 10)
    return value[:-1] + wrong


def card_number(rng: random.Random, spaced: bool = True) -> str:
    prefix = rng.choice(["4", "51", "52", "53", "54", "55"])
    body = prefix + "".join(str(rng.randrange(10)) for _ in range(15 - len(prefix)))
    number = body + luhn.calc_check_digit(body)
    return " ".join(number[i:i + 4] for i in range(0, 16, 4)) if spaced else number


def invalid_card_number(rng: random.Random) -> str:
    number = card_number(rng, spaced=False)
    number = number[:-1] + str((int(number[-1]) + 1) % 10)
    return " ".join(number[i:i + 4] for i in range(0, 16, 4))


def estonian_mobile(rng: random.Random, style: str | None = None) -> str:
    digits = "5" + "".join(str(rng.randrange(10)) for _ in range(7))
    style = style or rng.choice(["+372 ", "+372", "00372 ", "", "spaced"])
    if style == "spaced":
        return f"{digits[:4]} {digits[4:]}"
    if style in ("+372 ", "00372 "):
        return f"{style}{digits[:4]} {digits[4:]}"
    return f"{style}{digits}"


def estonian_landline(rng: random.Random) -> str:
    prefix = rng.choice(["6", "7", "32", "33", "35", "38", "43", "44", "45", "46", "47", "48"])
    rest = "".join(str(rng.randrange(10)) for _ in range(7 - len(prefix)))
    return f"+372 {prefix}{rest}"


def ipv4(rng: random.Random) -> str:
    first = rng.choice([10, 84, 90, 172, 185, 192, 193, 194, 195, 213, 217])
    return f"{first}.{rng.randrange(0, 256)}.{rng.randrange(0, 256)}.{rng.randrange(1, 255)}"


def ipv6(rng: random.Random) -> str:
    groups = ["2001", "db8"] + [f"{rng.randrange(0, 65536):x}" for _ in range(6)]
    return ":".join(groups)
