"""The e-mail check's public-suffix test answers as tldextract does, on every rule of its snapshot."""
from __future__ import annotations

import pkgutil
import random

import idna
import pytest
from tldextract.suffix_list import extract_tlds_from_suffix_list

from scanner.recognizers.email_address import EmailAddressRecognizer, _offline_tldextract, has_public_suffix


def _rules() -> tuple[list[str], list[str]]:
    return extract_tlds_from_suffix_list(pkgutil.get_data("tldextract", ".tld_set_snapshot").decode("utf-8"))


def _expected(host: str) -> bool:
    return _offline_tldextract()(host).suffix != ""


def _hosts_around(rule: str, rng: random.Random) -> list[str]:
    """The rule as a host, under another label, in capitals, as punycode, with its wildcard filled in."""
    plain = rule.lstrip("!").replace("*", rng.choice(["x", "www", "kool", "a-b"]))
    hosts = [rule, plain, "mari." + plain, "Mari.Tamm." + plain.upper(), plain.split(".", 1)[-1],
             "x." + rule, plain + ".", plain + ".x"]
    try:
        hosts.append("firma." + idna.encode(plain).decode("ascii"))
    except idna.IDNAError:
        pass
    return hosts


def test_every_rule_and_the_hosts_around_it_answer_as_tldextract():
    rng = random.Random(16)
    public, private = _rules()
    hosts = [host for rule in public + private for host in _hosts_around(rule, rng)]
    assert len(hosts) > 80_000
    differ = [host for host in hosts if has_public_suffix(host) != _expected(host)]
    assert differ == []
    # Both answers occur: the comparison is not between two constants.
    answers = {has_public_suffix(host) for host in hosts[:2000]}
    assert answers == {True, False}


@pytest.mark.parametrize("host", [
    "", ".", "..", "a..b", "example.ee", "EXAMPLE.EE", "neti.ee.", "pood.co.uk", "x.uk", "uk", "ee",
    "mail.www.ck", "www.ck", "foo.ck", "ck", "a.b.c.kawasaki.jp", "city.kawasaki.jp", "foo.kawasaki.jp",
    "192.168.0.1", "1.2.3.4.ee", "[::1]", "[2001:db8::1]", "[zz]", "http://example.ee/path?q#f",
    "user:pw@example.ee:8080", "example\u3002ee", "example\uff0eee", "example\uff61ee", "xn--", "xn--zz.ee",
    "firma.xn--p1ai", "firma.XN--P1AI", "firma.рф", "firma.РФ", "xn--80ak6aa92e.com", "tootaja.local",
    "tootaja.localhost", "kasutaja_1.example.ee", "a-b.c-d.ee", "firma.ee-", "localhost", "github.io",
    "mari.github.io", "blogspot.com", "x.blogspot.com", "tamm.museum", "tamm.ee.museum",
])
def test_awkward_hosts_answer_as_tldextract(host):
    assert has_public_suffix(host) is _expected(host)


def test_random_hosts_answer_as_tldextract():
    rng = random.Random(7)
    public, _ = _rules()
    tlds = sorted({rule.rsplit(".", 1)[-1] for rule in public}) + ["zz", "local", "invalid", "123", "e", "xn--zz"]
    alphabet = "abcdeõäöü0123456789-_"
    differ = []
    for _ in range(20_000):
        labels = ["".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 8))) for _ in range(rng.randrange(0, 4))]
        host = ".".join(labels + [rng.choice(tlds)])
        if has_public_suffix(host) != _expected(host):
            differ.append(host)
    assert differ == []


def test_the_recognizer_checks_the_domain_after_the_last_at():
    recognizer = EmailAddressRecognizer()
    assert recognizer.check("mari.tamm@example.ee")
    assert recognizer.check("a@b@firma.co.uk")
    assert not recognizer.check("mari.tamm@server.local")
    assert not recognizer.check("mari@example.zz")
