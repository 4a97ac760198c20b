"""Patterns written for speed find exactly what their readable forms find.

The isikukood, registry code, e-mail and IBAN patterns are written so that the
regex engine skips quickly to where a match can start (a look-behind first is
tried at every position) and never backtracks through an e-mail's local part.
Each recogniser keeps the form that says what it means (`READABLE`); here both
run over texts built from the pieces these patterns care about (digit runs,
country codes, the `EE`/`PNOEE-` prefixes, separators, e-mail parts) and over
the sample documents, and must give the same spans.
"""
from __future__ import annotations

import random
from pathlib import Path

import pytest
import regex

from scanner.recognizers.ee_business_codes import EstonianRegistryCodeRecognizer
from scanner.recognizers.ee_personal_code import EstonianPersonalCodeRecognizer
from scanner.recognizers.email_address import EmailAddressRecognizer
from scanner.recognizers.iban_code import IbanCodeRecognizer, iban_lengths, iban_regex

ROOT = Path(__file__).resolve().parent.parent
FLAGS = regex.DOTALL | regex.MULTILINE

PIECES = [
    "EE", "PNOEE-", "PNO", "NO", "BE", "DE", "LV", "GB", "FR", "RU", "E", "P", "x", "ab", "Mari",
    " ", " ", "  ", "-", "+", ".", ",", "/", ":", "_", "@", "\n", "\t", "õ", "ä", "…", "+372 ",
    "mail", ".ee", ".com", "info", "a.b", "..", "@mail.ee", "-x",
]


def _digits(rnd: random.Random) -> str:
    length = rnd.choice([1, 2, 4, 7, 8, 9, 10, 11, 11, 11, 12, 13, 16, 18, 20])
    return "".join(rnd.choice("0123456789") for _ in range(length))


def _texts(count: int, seed: int) -> list[str]:
    rnd = random.Random(seed)
    texts = []
    for _ in range(count):
        parts = [_digits(rnd) if rnd.random() < 0.45 else rnd.choice(PIECES) for _ in range(rnd.randint(1, 10))]
        texts.append("".join(parts))
    return texts


def _sample_texts() -> list[str]:
    texts = []
    for path in sorted((ROOT / "sample_data").rglob("*")):
        if path.is_file() and path.suffix in {".txt", ".csv", ".log", ".md", ".json", ".eml"}:
            texts.append(path.read_text("utf-8", errors="replace"))
    return texts


def _spans(patterns: list[str], text: str) -> list[tuple[int, int]]:
    return sorted(m.span() for p in patterns for m in regex.compile(p, FLAGS).finditer(text))


CASES = {
    "isikukood": (EstonianPersonalCodeRecognizer.READABLE, [p.regex for p in EstonianPersonalCodeRecognizer.PATTERNS]),
    "registry code": (EstonianRegistryCodeRecognizer.READABLE, [p.regex for p in EstonianRegistryCodeRecognizer.PATTERNS]),
    "e-mail": (EmailAddressRecognizer.READABLE, [p.regex for p in EmailAddressRecognizer.PATTERNS]),
    "IBAN": (iban_regex(iban_lengths(), readable=True), [p.regex for p in IbanCodeRecognizer.PATTERNS]),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_fast_form_finds_what_the_readable_form_finds(name):
    readable, fast = CASES[name]
    assert [readable] != fast, "the recogniser should use the fast form"
    texts = _texts(20000, seed=len(name)) + _sample_texts()
    found = 0
    for text in texts:
        want = _spans([readable], text)
        assert _spans(fast, text) == want, (name, text[:200])
        found += len(want)
    assert found > 50  # the texts do hold matches, so equality says something


def test_the_isikukood_patterns_never_overlap():
    patterns = [regex.compile(p.regex, FLAGS) for p in EstonianPersonalCodeRecognizer.PATTERNS]
    for text in _texts(20000, seed=7) + ["EE38001085718 PNOEE-38001085718 38001085718"]:
        spans = sorted(m.span() for p in patterns for m in p.finditer(text))
        assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:])), text


def test_a_long_run_of_local_part_characters_without_an_at_sign_is_quick_and_finds_nothing():
    pattern = regex.compile(EmailAddressRecognizer.PATTERNS[0].regex, FLAGS)
    assert pattern.search("a" * 200_000, timeout=5) is None  # raises TimeoutError if it backtracks
    assert [m.group() for m in pattern.finditer("x " + "a" * 64 + "@mail.ee " + "b" * 65 + "@mail.ee")] == \
        ["a" * 64 + "@mail.ee"]


def test_the_e_mail_search_from_the_run_before_each_at_sign_finds_what_finditer_finds():
    """EmailAddressRecognizer.match_start_from(): the hot path searches from the run of local-part
    characters before the next "@" instead of trying every word; the matches are finditer's."""
    from scanner.detect.hotpath import _searched

    recognizer = EmailAddressRecognizer()
    pattern = regex.compile(EmailAddressRecognizer.PATTERNS[0].regex, FLAGS)
    rnd = random.Random(20)
    pieces = PIECES + ["a" * 64, "b" * 65, "@@", ".@", "é", "\u0301", "ß", "mari.tamm", "x=y", "'", "{", "ŠŽ", "@-x",
                       "a@b@c.ee", "Mari.Tamm@Näide.ee", "\u00a0", "🙂"]
    texts = ["".join(rnd.choice(pieces) for _ in range(rnd.randint(1, 14))) for _ in range(20000)] + _sample_texts()
    found = 0
    for text in texts:
        want = [m.span() for m in pattern.finditer(text)]
        matches, timed_out = _searched(pattern, text, 0, recognizer.match_start_from, 1.0)
        assert [m.span() for m in matches] == want and not timed_out, text[:200]
        found += len(want)
    assert found > 2000



def _ipv6_like_texts(count: int, seed: int) -> list[str]:
    """Addresses in every form (full, "::" anywhere, with an IPv4 tail, in capitals), clock times,
    MAC addresses, version strings and runs of colons and hex, in log-like lines."""
    rnd = random.Random(seed)
    group = lambda: "".join(rnd.choice("0123456789abcdefABCDEF") for _ in range(rnd.randint(1, 4)))  # noqa: E731

    def address() -> str:
        groups = [group() for _ in range(8)]
        form = rnd.randrange(6)
        if form == 0:
            return ":".join(groups)
        if form == 1:
            cut = rnd.randint(0, 7)
            return ":".join(groups[:cut]) + "::" + ":".join(groups[cut + 1 + rnd.randint(0, 7 - cut - 1 if cut < 7 else 0):])
        if form == 2:
            return ":".join(groups[:6]) + ":" + ".".join(str(rnd.randint(0, 255)) for _ in range(4))
        if form == 3:
            return "::ffff:" + ".".join(str(rnd.randint(0, 255)) for _ in range(4))
        if form == 4:
            return ":".join(groups[:rnd.randint(2, 7)])  # too few groups, no "::"
        return rnd.choice(["::", "::1", "1::", "fe80::1", "2001:db8::", ":::", "1:::2", "a::b::c"])

    pieces = ["10:55:07Z", "12:30", "23:59:59", "00:1a:2b:3c:4d:5e", "AA-BB-CC-DD-EE-FF", "v1.2.3.4", "ip=", " ", " ",
              "\n", ":", "::", ".", ",", "[", "]", "/64", "%eth0", "port 22", "host ", "x", "ab", "1.2.3.4", "deadbeef"]
    texts = []
    for _ in range(count):
        texts.append("".join(address() if rnd.random() < 0.4 else rnd.choice(pieces) for _ in range(rnd.randint(1, 12))))
    return texts


def test_every_ipv6_match_that_passes_the_check_holds_what_valid_contains_says():
    """IpAddressRecognizer.VALID_CONTAINS: the hot path skips the IPv6 pattern in a window without
    "::" or three colon-separated groups, since no match there passes check(). Here every match the
    check accepts holds one, on texts of addresses in every form and of look-alikes."""
    from scanner.recognizers.ip_address import IpAddressRecognizer

    recognizer = IpAddressRecognizer()
    pattern = regex.compile(next(p.regex for p in IpAddressRecognizer.PATTERNS if p.name == "IPv6"), FLAGS)
    needed = regex.compile(IpAddressRecognizer.VALID_CONTAINS["IPv6"])
    accepted = rejected = 0
    for text in _ipv6_like_texts(20000, 23):
        for match in pattern.finditer(text):
            if recognizer.check(match.group()):
                assert needed.search(match.group()), match.group()
                accepted += 1
            else:
                rejected += 1
    assert accepted > 3000 and rejected > 3000


def test_the_ipv6_pattern_is_left_out_of_windows_where_no_match_could_pass_and_findings_stay_the_same():
    from scanner.detect.detector import Detector
    from scanner.recognizers.ip_address import IpAddressRecognizer

    recognizers = [IpAddressRecognizer()]
    fast, reference = Detector(recognizers, b"k"), Detector(recognizers, b"k", reference=True)
    texts = _ipv6_like_texts(3000, 24)
    found = 0
    for text in texts:
        expected = reference.raw_matches(text)
        assert fast.raw_matches(text) == expected, text
        found += len(expected)
    assert found > 1000
    # The skip takes place: a window of clock times and an IPv4 address never runs the IPv6 pattern.
    plan = next(plan for plan in fast.hot_path.plans if plan.name == "IpAddressRecognizer")
    index = [p.name for p in IpAddressRecognizer.PATTERNS].index("IPv6")
    assert plan.valid_contains[index] is not None

    class Refusing:
        def finditer(self, *args, **kwargs):
            raise AssertionError("the IPv6 pattern ran")

    compiled, score, name = plan.patterns[index]
    plan.patterns[index] = (Refusing(), score, name)
    assert [m[0] for m in fast.raw_matches("10:55:07Z login ok ip=10.1.2.3 at 10:55:08")] == ["IP_ADDRESS"]
    with pytest.raises(AssertionError, match="IPv6 pattern ran"):
        fast.raw_matches("10:55:07Z login ok ip=fe80::1 at 10:55:08")
    plan.patterns[index] = (compiled, score, name)

def test_personal_code_check_agrees_with_stdnum():
    """check() rejects impossible dates before calling ik.is_valid(): the answers must be the same."""
    from stdnum.ee import ik

    from scanner.synth.identifiers import personal_code

    recognizer = EstonianPersonalCodeRecognizer()
    rnd = random.Random(5)
    values = [f"{rnd.randrange(10**11):011d}" for _ in range(50_000)]
    values += [personal_code(rnd) for _ in range(5_000)]
    # Every century digit, month and day at and around the edges, with the right check digit.
    for century in "0123456789":
        for month in range(0, 14):
            for day in (0, 1, 28, 29, 30, 31, 32, 99):
                body = f"{century}80{month:02d}{day:02d}123"
                values.append(body + ik.calc_check_digit(body + "0"))
    values += ["٣٨٠٠١٠٨٥٧١٨", "3800108571８"]  # digits `\d` finds that stdnum does not take
    assert sum(ik.is_valid(v) for v in values) > 5_000
    assert [recognizer.check(v) for v in values] == [ik.is_valid(v) for v in values]


def test_registry_code_check_agrees_with_stdnum():
    """check() computes the check digit of ASCII digits itself: the answers must be stdnum's."""
    from stdnum.ee import registrikood

    recognizer = EstonianRegistryCodeRecognizer()
    rnd = random.Random(6)
    values = [f"{rnd.randrange(10**8):08d}" for _ in range(50_000)]
    values += [f"{first}{rnd.randrange(10**6):06d}" for first in "1789" for _ in range(2_000)]
    values = [v[:-1] + d for v in values[-8_000:] for d in "0123456789"[:3]] + values
    values += ["1013731", "101373190", "10137319 ", "١٠١٣٧٣١٩", "1013731９", ""]
    assert sum(registrikood.is_valid(v) for v in values) > 2_000
    assert [recognizer.check(v) for v in values] == [registrikood.is_valid(v) for v in values]


def _phonenumbers_check(text: str) -> bool:
    import phonenumbers

    try:
        return phonenumbers.is_valid_number(phonenumbers.parse(text, "EE"))
    except phonenumbers.NumberParseException:
        return False


def test_phone_check_agrees_with_phonenumbers():
    """Estonian numbers in ASCII digits are checked against phonenumbers' metadata directly: same answers."""
    from scanner.recognizers.phone_number import PhoneNumberRecognizer, _estonian_national_number

    recognizer = PhoneNumberRecognizer()
    rnd = random.Random(7)
    values = []
    # Every three-digit start of a national number, at every length the patterns and their neighbours give.
    for start in range(1000):
        for length in range(5, 13):
            values.append(f"{start:03d}{rnd.randrange(10**12):012d}"[:length])
    for _ in range(60_000):
        digits = "".join(rnd.choice("0123456789") for _ in range(rnd.choice([6, 7, 7, 8, 8, 9, 10, 11])))
        grouped = rnd.choice([digits, f"{digits[:3]} {digits[3:5]} {digits[5:]}", f"{digits[:4]}-{digits[4:]}",
                              f"{digits[:4]} {digits[4:]}"])
        values.append(rnd.choice(["", "", "+372", "+372 ", "00372", "00372 ", "+372-", "372", "+37", "+44 ", "0"])
                      + grouped)
    values += ["+372 (0) 5123 4567", "+372 0512 3456", "00372 3721234", "+372 372 1234", "5123\u00a04567",
               "5123 4567", "٥١٢٣٤٥٦٧", "+3725123456789", "+372  5123 4567", "5123--4567", "+1 202 555 0143"]
    assert sum(_estonian_national_number(v) is not None for v in values) > 40_000  # the fast path is taken
    assert sum(_phonenumbers_check(v) for v in values) > 5_000
    assert [recognizer.check(v) for v in values] == [_phonenumbers_check(v) for v in values]


def test_the_isikukood_date_guard_turns_away_only_numbers_check_refuses():
    """The patterns skip eleven-digit numbers whose month or day (in ASCII digits) no date has; every
    number they skip is one check() refuses, so the recogniser's findings are those of the patterns
    without the guard. Codes in other decimal scripts pass the guard and go to check() as before."""
    from scanner.synth.identifiers import personal_code

    recognizer = EstonianPersonalCodeRecognizer()
    guarded = EstonianPersonalCodeRecognizer.READABLE
    unguarded = r"(?<![\w+-])(?:PNOEE-|EE)?[1-8]\d{10}(?![\w-])"
    assert guarded != unguarded
    rnd = random.Random(11)
    codes = [personal_code(rnd) for _ in range(300)]
    scripts = ["0123456789", "٠١٢٣٤٥٦٧٨٩", "０１２３４５６７８９", "०१२३४५६७८९"]
    foreign = ["".join(rnd.choice(scripts)[int(c)] if rnd.random() < 0.5 else c for c in code) for code in codes]
    texts = _texts(20000, seed=11) + [" ".join(codes), " ".join(foreign), " EE".join(codes[:50])] + _sample_texts()
    skipped = kept = 0
    for text in texts:
        without = _spans([unguarded], text)
        found = _spans([guarded], text)
        assert set(found) <= set(without)
        for start, end in sorted(set(without) - set(found)):
            assert recognizer.check(text[start:end]) is False, text[start:end]
            skipped += 1
        kept += len(found)
    assert skipped > 800 and kept > 500  # the guard turns most random numbers away, and keeps the codes
    assert all(recognizer.check(code) for code in codes)
    assert _spans([guarded], " ".join(foreign)) == _spans([unguarded], " ".join(foreign))
    assert sum(recognizer.check(text) for text in foreign) >= 5  # check() accepts some codes in other scripts
