"""The compiled (Hyperscan) pass finds exactly what Python's regexes find: same windows, same findings.

Hyperscan is an optional extra (`fast`); the dev install has it, so these
tests run in CI. Without it the detector runs the pure-Python passes, which
`LEIDUR_HYPERSCAN=0` selects here for the comparison.
"""
from __future__ import annotations

import json
import random
import re
import sys
from pathlib import Path

import pytest
import regex

from scanner.detect import compiled
from scanner.detect.detector import Detector
from scanner.detect.prefilter import Prefilter
from scanner.detect.superset import superset
from scanner.recognizers import load_all

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
from benchmarks.corpus import dense_export  # noqa: E402

CORPUS = [json.loads(line)["text"] for line in (REPO / "evaluation" / "corpus.jsonl").read_text("utf-8").splitlines()]
pytestmark = pytest.mark.skipif(compiled.hyperscan is None, reason="the `fast` extra (hyperscan) is not installed")


@pytest.fixture(scope="module")
def recognizers():
    return load_all()


def hostile_texts(count: int, seed: int = 1) -> list[str]:
    """Random mixes of the characters the patterns care about, Estonian and beyond Latin-1."""
    rng = random.Random(seed)
    pieces = ["3800108", "5718", "5123 4567", "+372 ", "EE38 2200", "@mail.ee", "Mari Tamm", "TAMM, MARI", "hr ",
              "Kase tn 5", "192.168.", "::1", "fe80:", "10:43:51", "ID-kaart ", "pass ", "diagnoos", "Ärireg",
              "õ", "Š", "ž", "\u0161", "Ж", "Σ", "\u212a", "ſ", "\u00a0", "\n", "\t", "-", ".", ",", ";", " ", "7",
              "AB1234567", "juhiluba ET123456", "Tellimus nr ", "tel ", "ä", "İ", "€", "ß", "ÿ", "\u0178"]
    return ["".join(rng.choice(pieces) for _ in range(rng.randrange(5, 120))) for _ in range(count)]


def test_windows_are_the_same_with_and_without_the_compiled_pass(recognizers):
    plain, fast = Prefilter(recognizers, compiled=False), Prefilter(recognizers, compiled=True)
    texts = CORPUS + hostile_texts(400) + [dense_export(40_000)]
    texts += [text.upper() for text in CORPUS[:50]] + ["İsikukood 38001085718 ΣΑΣ pass"]
    for text in texts:
        assert fast.windows(text) == plain.windows(text), text[:80]
    assert fast.compiled is not None and sum(e is not None for e in fast.compiled.expressions) >= 10


def test_findings_are_the_same_with_and_without_hyperscan(recognizers, monkeypatch):
    texts = CORPUS + hostile_texts(200, seed=2) + [dense_export(30_000, seed=3)]
    monkeypatch.setenv("LEIDUR_HYPERSCAN", "0")
    plain = Detector(recognizers, b"k")
    monkeypatch.setenv("LEIDUR_HYPERSCAN", "1")
    fast = Detector(recognizers, b"k")
    assert plain.prefilter.compiled is None and fast.prefilter.compiled is not None
    for text in texts:
        fast.start_document()  # each text is a document: the name recogniser remembers a document's names
        found = fast.raw_matches(text)
        plain.start_document()
        assert found == plain.raw_matches(text), text[:80]


def test_each_regex_has_exactly_the_matches_of_finditer_by_either_way_of_confirming(recognizers, monkeypatch):
    """Regexes of few match lengths are tried at the starts their candidate ends allow; the others
    around clusters of ends or over the whole text. Each way must give finditer's matches."""
    prefilter = Prefilter(recognizers, compiled=True)
    texts = CORPUS + hostile_texts(300, seed=4) + [dense_export(40_000, seed=5), "7" * 600 + " 38001085718" * 30]
    texts += ["".join(random.Random(seed).choice("0123456789 .-:+@EeA\n") for _ in range(3000)) for seed in range(20)]
    ways = set()
    for few_widths in (compiled.FEW_WIDTHS, 0):  # 0: every regex the way of clusters
        monkeypatch.setattr(compiled, "FEW_WIDTHS", few_widths)
        for text in texts:
            found = prefilter.compiled.scan(text)
            if found is None:
                continue
            for index, (pattern, _) in enumerate(prefilter.regexes):
                if not prefilter.compiled.covers(index):
                    continue
                superset_ = prefilter.compiled.expressions[index].superset
                ways.add(superset_.max_width - superset_.min_width < few_widths)
                expected = [m.span() for m in pattern.finditer(text)]
                assert [m.span() for m in found.matches(index)] == expected, (pattern.pattern, text[:60])
    assert ways == {True, False}


@pytest.mark.parametrize("pattern, flags, text", [
    (r"(?<![\w-])TT-\d{6}(?![\w-])", 0, "x TT-123456 TT-1234567 aTT-123456 TT-654321"),
    (r"(?i)kõik\w*", 0, "KÕIK kõikjal KÖIK Kõiki"),
    (r"[^\W\d_]+ \d", 0, "Õun 5 Жук 7 ſ 1"),
    (r"\bmari\b", re.IGNORECASE, "MARİ mari Mari maria"),
    (r"k\w+", re.IGNORECASE, "\u212aass kass KASS"),
    (r"[1-8](?<!\d[1-8])\d{6}(?!\d)", 0, "1234567 12345678 x7654321 9123456\u0663 2345678"),
    (r"[a-z]{3}(?![a-zõ])", re.IGNORECASE, "abcõ ABC abcd Õabc abc\u0436 abc"),
])
def test_a_superset_matches_wherever_python_matches(pattern, flags, text):
    found = superset(pattern, flags)
    assert found is not None
    expression = regex.compile(found.expression.encode("latin-1"), regex.DOTALL)
    data = text.encode("latin-1", "replace")
    ends = {m.end() for start in range(len(data)) for m in [expression.match(data, start)] if m} | {
        end for start in range(len(data)) for end in range(start + 1, len(data) + 1)
        if expression.fullmatch(data, start, end)}
    if found.after:  # the expression consumed the character after a match, or met the end of the text
        ends = {end - 1 for end in ends} | ({len(data)} & ends)
    for engine in (re, regex):
        for match in engine.compile(pattern, flags).finditer(text):
            assert match.end() in ends, (engine.__name__, match)


def test_regexes_hyperscan_cannot_approximate_have_no_superset():
    assert superset(r"(\d)\1") is None          # a back-reference
    assert superset(r"\p{Lu}\d") is None        # the `regex` module's syntax
    assert superset(r"(?=\w*$)a") is None       # a lookahead without bound
    assert superset(r"x?") is None              # may match nothing


def test_the_case_tables_are_complete():
    beyond = {chr(code).lower() for code in range(256, sys.maxunicode + 1)
              if len(chr(code).lower()) == 1 and ord(chr(code).lower()) < 256}
    assert beyond == set(compiled.LOWER_FROM_BEYOND_LATIN1)
    uneven = {chr(code) for code in range(sys.maxunicode + 1) if len(chr(code).lower()) != 1}
    assert uneven <= set(compiled.UNEVEN_LOWER)


def test_keyword_expressions_hold_every_latin1_character_that_lowers_to_each_letter():
    """The table built once gives, for every letter, what asking all 256 characters gives."""
    for code in range(0x300):
        char = chr(code)
        expected = {c for c in range(256) if chr(c).lower() == char}
        if code > 255 or char in compiled.LOWER_FROM_BEYOND_LATIN1:
            expected.add(ord("?"))
        expression = compiled._keyword_expression(char)
        if not expected:
            assert expression is None, char
        else:
            assert expression == ("[" + "".join(f"\\x{c:02X}" for c in sorted(expected)) + "]").encode("latin-1"), char
