"""Leidur's own patterns run without the regex module's timer; every other pattern keeps it.

The timer is what keeps a backtracking pattern from hanging a scan, so a
pattern may go without it only where it is proven not to need it: on the
longest text the hot path ever gives a pattern, and on hostile text made of
its own characters (scanner/recognizers/untimed.py).
"""
from __future__ import annotations

import itertools
import logging
import random
import warnings

import pytest
import regex
from presidio_analyzer import Pattern, pattern_recognizer

from scanner.detect.detector import Detector
from scanner.detect.hotpath import _PatternPlan, is_plain_pattern_recognizer
from scanner.detect.prefilter import _WORD_REACH, Prefilter
from scanner.recognizers import BUILTIN, load_all
from scanner.recognizers.base import LeidurPatternRecognizer
from scanner.recognizers.email_address import EmailAddressRecognizer
from scanner.recognizers.loading import load_reference
from scanner.recognizers.regex_safety import _literal_chars, _nested_unbounded, probes
with warnings.catch_warnings():
    warnings.simplefilter("ignore", DeprecationWarning)
    import sre_parse

from scanner.recognizers.untimed import LONGEST_WINDOW, needs_timer, untimed_patterns

# A bound that only backtracking reaches: the slowest of these patterns needs milliseconds on them.
SAFETY_SECONDS = 2.0


def builtin_patterns() -> list[tuple[str, str, int]]:
    found = []
    for reference in BUILTIN.values():
        cls = load_reference(reference)
        if issubclass(cls, LeidurPatternRecognizer):
            found += [(f"{cls.__name__}.{p.name}", p.regex, cls.REGEX_FLAGS) for p in cls.PATTERNS]
    return found


def hostile_texts(pattern: str) -> list[str]:
    """Runs of every character the pattern names, and of every pair of them alternating, as long as
    the longest window, each ending in a character that breaks a match."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        tree = sre_parse.parse(pattern)
    chars = sorted(set("a1 -.:@+") | _literal_chars(tree))
    texts = probes(pattern, tree, length=LONGEST_WINDOW)
    for first, second in itertools.combinations(chars, 2):
        texts.append(((first + second) * (LONGEST_WINDOW // 2))[:LONGEST_WINDOW - 1] + "\x00")
    rng = random.Random(7)
    for _ in range(20):  # mixtures of the pattern's own characters
        texts.append("".join(rng.choice(chars) for _ in range(LONGEST_WINDOW - 1)) + "!")
    return texts


def test_every_builtin_pattern_recogniser_runs_untimed_and_the_shipped_yaml_one_timed():
    plans = {r.name: _PatternPlan(r) for r in load_all() if is_plain_pattern_recognizer(r)}
    assert len(builtin_patterns()) == len(untimed_patterns()) >= 20
    assert plans["EmailAddressRecognizer"].timed == (False,)
    assert plans["IpAddressRecognizer"].timed == (False, False)
    assert plans["ee_vehicle_plate"].timed == (True,)  # rules/recognizers/*.yaml: not Leidur's code


@pytest.mark.parametrize("name, pattern, flags", builtin_patterns(), ids=[p[0] for p in builtin_patterns()])
def test_a_builtin_pattern_cannot_backtrack_on_the_longest_window(name, pattern, flags):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        assert not _nested_unbounded(sre_parse.parse(pattern, flags)), name
    compiled = regex.compile(pattern, flags)
    for text in hostile_texts(pattern):
        try:
            for _ in compiled.finditer(text, timeout=SAFETY_SECONDS):
                pass
        except TimeoutError:
            pytest.fail(f"{name} backtracks on {len(text)} characters starting {text[:12]!r}")


def test_no_window_is_longer_than_the_untimed_patterns_were_proven_on():
    prefilter = Prefilter(load_all())
    assert prefilter.max_window + 2 * _WORD_REACH == LONGEST_WINDOW
    rng = random.Random(3)
    word = "".join(rng.choice("abcdefghijklmnopqrstuvwxyzõäöü") for _ in range(200))
    pieces = ["mari.tamm@example.ee", "49403136515", "+372 5123 4567", "192.168.1.5", word, "\n", " "]
    for _ in range(30):
        text = " ".join(rng.choice(pieces) for _ in range(rng.randrange(50, 3000)))
        assert all(w.end - w.start <= LONGEST_WINDOW for w in prefilter.windows(text))


def test_a_builtin_class_with_other_patterns_or_flags_keeps_the_timer():
    regex_, flags = EmailAddressRecognizer.PATTERNS[0].regex, EmailAddressRecognizer.REGEX_FLAGS
    assert not needs_timer(regex_, flags)
    assert needs_timer(regex_, flags | regex.IGNORECASE)
    assert needs_timer(regex_ + "x", flags)


class _Backtracking(LeidurPatternRecognizer):
    ENTITY = "BACKTRACKING"
    PATTERNS = [Pattern("overlapping", r"(?:\d|\d\d)+[a-z]", 0.9)]  # exponential on digits and no letter
    PREFILTER = r"\d{5}"


def test_a_plugin_pattern_is_still_stopped_by_the_timer(monkeypatch, caplog):
    monkeypatch.setattr(pattern_recognizer, "REGEX_TIMEOUT_SECONDS", 0.05)
    detector = Detector([_Backtracking(), EmailAddressRecognizer()], b"k")
    text = "1" * 34 + "! mari.tamm@example.ee"  # without the timer: about a second of backtracking
    with caplog.at_level(logging.WARNING, logger="leidur.detect"):
        found = detector.raw_matches(text)
    assert [entity for entity, *_ in found] == ["EMAIL_ADDRESS"]
    assert "timed out" in caplog.text


class _BacktrackingFromStarts(_Backtracking):
    ENTITY = "BACKTRACKING_FROM_STARTS"

    def match_start_from(self, index, text, position):
        return position  # the hot path searches one match at a time (_searched)


def test_a_search_that_times_out_keeps_the_matches_found_before_it(monkeypatch, caplog):
    monkeypatch.setattr(pattern_recognizer, "REGEX_TIMEOUT_SECONDS", 0.05)
    detector = Detector([_BacktrackingFromStarts()], b"k")
    with caplog.at_level(logging.WARNING, logger="leidur.detect"):
        found = detector.raw_matches("12345a " + "1" * 34 + "!")
    assert [(entity, start, end) for entity, start, end, *_ in found] == [("BACKTRACKING_FROM_STARTS", 0, 6)]
    assert "timed out" in caplog.text
