"""The patterns of Leidur's own recognisers, which the hot path runs without the regex module's timer.

Presidio runs every pattern with `regex`'s `timeout=`, so that a pattern that
backtracks for ever cannot hang a scan. Asking for the timer costs 2-5 µs per
call, whatever the length of the text: the hot path calls a pattern once per
window (and the e-mail search once per address), so on logs and exports the
timer was 6-22 % of detection's CPU time on this project's machine. Leidur's own patterns are known in advance:
tests/test_untimed_patterns.py runs each of them over hostile text as long as
the longest window the hot path ever gives a pattern (`LONGEST_WINDOW`) and
refuses nested unbounded quantifiers, so they need no timer. Every other
pattern keeps it: YAML recognisers (the shipped ones too), plugins, Presidio's
own, and a built-in class given other patterns or other flags. What counts is
the regex and its flags, not the class that carries them.
"""
from __future__ import annotations

import functools

# Prefilter.max_window plus what _whole_words may add on each side (scanner/detect/prefilter.py);
# tests/test_untimed_patterns.py checks that no window is longer.
LONGEST_WINDOW = 4096 + 2 * 48


@functools.lru_cache(maxsize=1)
def untimed_patterns() -> frozenset[tuple[str, int]]:
    """(regex, flags) of every pattern of the built-in pattern recognisers (scanner.recognizers.BUILTIN)."""
    from scanner.recognizers import BUILTIN
    from scanner.recognizers.base import LeidurPatternRecognizer
    from scanner.recognizers.loading import load_reference

    found = set()
    for reference in BUILTIN.values():
        cls = load_reference(reference)
        if isinstance(cls, type) and issubclass(cls, LeidurPatternRecognizer):
            found.update((pattern.regex, cls.REGEX_FLAGS) for pattern in cls.PATTERNS)
    return frozenset(found)


def needs_timer(regex: str, flags: int) -> bool:
    """False only for a pattern of Leidur's own, with the flags it was proven with."""
    return (regex, flags) not in untimed_patterns()
