"""Refusing regexes that could hang a scan: nested quantifiers and a timed run on hostile probes.

Presidio matches patterns with the `regex` module, which can stop a match after
a timeout; the prefilter uses the standard `re` module, which cannot. So a
pattern is checked twice before it is used: statically (an unbounded
quantifier inside another, `(a+)+`, is the classic exponential case, and `re`
really does take exponential time on it) and dynamically (each pattern is run,
with a timeout, over probe strings built from its own characters, which
catches overlapping alternations such as `(a|aa)+$`).
"""
from __future__ import annotations

import re
import warnings
from typing import Optional

import regex

with warnings.catch_warnings():
    warnings.simplefilter("ignore", DeprecationWarning)
    import sre_constants
    import sre_parse

# Presidio's flags for pattern recognisers: probes must run the regex as a scan will.
PRESIDIO_FLAGS = regex.DOTALL | regex.MULTILINE | regex.IGNORECASE
PROBE_TIMEOUT = 0.25  # seconds per probe; a sane identifier regex needs microseconds
PROBE_LENGTH = 200
_UNBOUNDED = sre_constants.MAXREPEAT
_REPEATS = (sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT, getattr(sre_constants, "POSSESSIVE_REPEAT", None))


def regex_problem(pattern: str, flags: int = PRESIDIO_FLAGS) -> Optional[str]:
    """Why `pattern` cannot be used (does not compile, could backtrack for ever), or None if it is fine."""
    if not isinstance(pattern, str) or not pattern:
        return "must be a non-empty string"
    try:
        compiled = regex.compile(pattern, flags)
    except regex.error as exc:
        return f"is not a valid regular expression: {exc}"
    try:
        tree = sre_parse.parse(pattern)
    except Exception:  # valid for `regex` but not for `re` (e.g. \p{L}): rely on the timed probes
        tree = None
    if tree is not None and _nested_unbounded(tree):
        return (
            "has an unbounded quantifier inside another one, like (a+)+: it can take exponential time "
            "(catastrophic backtracking); rewrite it without the nesting"
        )
    for probe in probes(pattern, tree):
        try:
            for _ in compiled.finditer(probe, timeout=PROBE_TIMEOUT):
                pass
        except TimeoutError:
            return (
                f"took longer than {PROBE_TIMEOUT} s on a {len(probe)}-character test string "
                "(catastrophic backtracking); make the alternatives or repeats unambiguous"
            )
    return None


def prefilter_problem(pattern: str) -> Optional[str]:
    """Why `pattern` cannot be a prefilter, which runs with Python's `re`, case-sensitively, with no timeout."""
    problem = regex_problem(pattern, flags=0)
    if problem is None:
        try:
            re.compile(pattern)
        except re.error as exc:
            problem = f"is not a valid Python regular expression: {exc}"
    return problem


def _nested_unbounded(tree) -> bool:
    for op, av in tree:
        if op in _REPEATS and op is not None:
            low, high, body = av
            if high == _UNBOUNDED and _ambiguous_body(body):
                return True
            if _nested_unbounded(body):
                return True
        elif op == sre_constants.SUBPATTERN:
            if _nested_unbounded(av[-1]):
                return True
        elif op == sre_constants.BRANCH:
            if any(_nested_unbounded(branch) for branch in av[1]):
                return True
        elif op in (sre_constants.ASSERT, sre_constants.ASSERT_NOT):
            if _nested_unbounded(av[1]):
                return True
    return False


def _ambiguous_body(body) -> bool:
    """True if a repeated body is one unbounded repeat plus optional parts: `(a+)+`, `(\\w+\\s?)+`.

    Then one run of characters splits into iterations in exponentially many
    ways. A body with another required part, like `([-.]\\w+)*`, is left to
    the timed probes.
    """
    elements = list(body)
    while len(elements) == 1 and elements[0][0] == sre_constants.SUBPATTERN:
        elements = list(elements[0][1][-1])
    required, unbounded = 0, 0
    for op, av in elements:
        if op == sre_constants.AT:
            continue
        if op in _REPEATS and op is not None:
            low, high, _ = av
            unbounded += high == _UNBOUNDED
            if low > 0:
                required += 1
                if high != _UNBOUNDED:
                    return False
        else:
            return False  # a required character of its own separates the iterations
    return unbounded > 0 and required <= 1


def probes(pattern: str, tree=None, length: int = PROBE_LENGTH) -> list[str]:
    """Hostile test strings: long runs of each character the pattern mentions, ending in a mismatch."""
    chars = set("a1 -.") | _literal_chars(tree)
    out = []
    for char in sorted(chars):
        run = char * length
        out += [run + "\x00", run + "!" + run]
    # Alternating runs defeat patterns whose repeats overlap on two classes (\w and \d, say).
    out.append(("a1" * length) + "\x00")
    return out


def _literal_chars(tree) -> set[str]:
    found: set[str] = set()
    if tree is None:
        return found
    stack = [tree]
    while stack and len(found) < 40:
        node = stack.pop()
        for op, av in node:
            if op == sre_constants.LITERAL:
                found.add(chr(av))
            elif op == sre_constants.IN:
                for item_op, item in av:
                    if item_op == sre_constants.LITERAL:
                        found.add(chr(item))
                    elif item_op == sre_constants.RANGE:
                        found.add(chr(item[0]))
            elif op in _REPEATS and op is not None:
                stack.append(av[2])
            elif op == sre_constants.SUBPATTERN:
                stack.append(av[-1])
            elif op == sre_constants.BRANCH:
                stack.extend(av[1])
    return {c for c in found if c.isprintable()}
