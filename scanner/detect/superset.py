"""A Hyperscan expression that matches wherever a Python regex could: the same regex less what Hyperscan lacks.

Hyperscan has no lookaround, no word boundaries and its own Unicode tables.
It scans the text as Latin-1 with every other character replaced by `?`
(`scannable()`: one byte per character, so offsets are character offsets,
and Estonian letters keep their own byte). `superset()` rewrites a Python
regex (parsed by the standard library's own parser) so that every match of
the Python regex is also a match of the rewrite on that text: assertions and
anchors are dropped, and every character class becomes the set of bytes whose
character Python's `re` or the `regex` module admits, plus `?` wherever the
class could admit a character beyond Latin-1 (so Unicode versions and case
folding beyond Latin-1 never matter). The Python regex then confirms each candidate
(scanner/detect/compiled.py), so what is found is exactly what Python would
find, only sooner.

A regex that uses what Hyperscan cannot approximate (back-references,
conditionals, unbounded width or lookaround, syntax of the `regex` module)
gets no rewrite, and its recogniser runs as before.
"""
from __future__ import annotations

import functools
import re
import warnings
from dataclasses import dataclass
from typing import Optional

import regex

with warnings.catch_warnings():
    warnings.simplefilter("ignore", DeprecationWarning)
    import sre_constants as C
    import sre_parse

MAX_WIDTH = 1000  # lookarounds wider than this are not worth a candidate pass
REPLACEMENT = ord("?")  # what a character beyond Latin-1 becomes in the scanned text
_FLAGS = C.SRE_FLAG_IGNORECASE | C.SRE_FLAG_MULTILINE | C.SRE_FLAG_DOTALL | C.SRE_FLAG_UNICODE | C.SRE_FLAG_VERBOSE \
    | C.SRE_FLAG_ASCII
_CATEGORY = {
    C.CATEGORY_DIGIT: r"\d", C.CATEGORY_NOT_DIGIT: r"\D", C.CATEGORY_WORD: r"\w", C.CATEGORY_NOT_WORD: r"\W",
    C.CATEGORY_SPACE: r"\s", C.CATEGORY_NOT_SPACE: r"\S",
}


class Unsupported(ValueError):
    """The regex cannot be rewritten for Hyperscan."""


@dataclass(frozen=True)
class Superset:
    expression: str  # Hyperscan syntax, for byte mode with DOTALL, on text encoded by `scannable()`
    min_width: int
    max_width: int
    ahead: int  # how many characters after a match its assertions can look at
    body: str = ""  # the expression without the character before a match (what a match itself consumes)
    # 1 when the expression also consumes the character after a match (see _trailing_lookahead):
    # a match reported ending at E ended at E - 1, or at E itself when E is the end of the text.
    after: int = 0


def superset(pattern: str, flags: int = 0) -> Optional[Superset]:
    """The rewrite of `pattern`, or None if it has none (the caller then runs `pattern` everywhere)."""
    if flags & ~_FLAGS or "[:" in pattern or "\\p" in pattern.lower() or "\\N" in pattern:
        return None  # flags or syntax that the standard parser does not read as the `regex` module does
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            tree = sre_parse.parse(pattern, flags)
        low, high = tree.getwidth()
        ahead = _assertion_reach(tree.data)
        global_flags = tree.state.flags
        if global_flags & C.SRE_FLAG_ASCII:
            return None  # rare in recognisers; not worth a second set of classes
        ignorecase = bool(global_flags & C.SRE_FLAG_IGNORECASE)
        body = _sequence(tree.data, ignorecase)
        before = _leading_lookbehind(tree.data, ignorecase)
        after = _trailing_lookahead(tree.data, ignorecase)
    except (Unsupported, C.error, RecursionError, ValueError, TypeError):
        return None
    if low < 1 or ahead is None or not body:
        return None
    return Superset(before + body + after, low, high, ahead, body, 1 if after else 0)


def _leading_lookbehind(items, ignorecase: bool) -> str:
    """What a lookbehind at the start says about the character before a match, as a consumed prefix.

    `(?<![\\w-])X` and `C(?<!\\dC)X` (a character class first, then a
    lookbehind that ends in the same class) both mean "not after Y". Hyperscan
    reports where matches end, and a consumed character before the match does
    not move the end, so `(?:^|[^Y])` in front keeps the rewrite a superset while
    cutting the candidates in runs of digits or letters.
    """
    if len(items) < 2:
        return ""
    (op0, av0), (op1, av1) = items[0], items[1]
    if op0 is C.ASSERT_NOT and av0[0] < 0:
        before = av0[1].data
    elif op1 is C.ASSERT_NOT and av1[0] < 0 and op0 in (C.IN, C.LITERAL) and len(av1[1].data) == 2 \
            and av1[1].data[1] == items[0]:
        before = av1[1].data[:1]
    else:
        return ""
    if len(before) != 1 or before[0][0] not in (C.IN, C.LITERAL):
        return ""
    op, av = before[0]
    members = av if op is C.IN else [(C.LITERAL, av)]
    if members and members[0][0] is C.NEGATE:
        return ""
    return "(?:^|" + _class([(C.NEGATE, None), *members], ignorecase) + ")"


def _trailing_lookahead(items, ignorecase: bool) -> str:
    """What a one-character negative lookahead at the end says about the character after a match.

    `X(?!\\d)` cannot end inside a run of digits; `(?:[^\\d]|\\z)` after the rewrite says the
    same to Hyperscan, which then reports none of the ends a run of digits holds (a 9-digit id
    holds three for a 7-digit pattern). The reported end moves one character on (`after`).
    """
    if not items:
        return ""
    op, av = items[-1]
    if op is not C.ASSERT_NOT or av[0] <= 0 or len(av[1].data) != 1:
        return ""
    inner_op, inner_av = av[1].data[0]
    if inner_op not in (C.IN, C.LITERAL):
        return ""
    members = inner_av if inner_op is C.IN else [(C.LITERAL, inner_av)]
    if not members or members[0][0] is C.NEGATE:
        return ""
    return "(?:" + _class([(C.NEGATE, None), *members], ignorecase) + "|\\z)"


def _sequence(items, ignorecase: bool) -> str:
    return "".join(_node(op, av, ignorecase) for op, av in items)


def _node(op, av, ignorecase: bool) -> str:
    if op is C.LITERAL:
        return _class([(C.LITERAL, av)], ignorecase)
    if op is C.NOT_LITERAL:
        return _class([(C.NEGATE, None), (C.LITERAL, av)], ignorecase)
    if op is C.ANY:
        return "."
    if op is C.IN:
        return _class(av, ignorecase)
    if op is C.BRANCH:
        return "(?:" + "|".join(_sequence(branch, ignorecase) for branch in av[1]) + ")"
    if op is C.SUBPATTERN:
        _, add, remove, body = av
        scoped = (ignorecase or bool(add & C.SRE_FLAG_IGNORECASE)) and not remove & C.SRE_FLAG_IGNORECASE
        return "(?:" + _sequence(body, scoped) + ")"
    if op in (C.MAX_REPEAT, C.MIN_REPEAT) or op is getattr(C, "POSSESSIVE_REPEAT", None):
        low, high, body = av
        inner = _sequence(body, ignorecase)
        if not inner:
            return ""
        return f"(?:{inner}){{{low},}}" if high == C.MAXREPEAT else f"(?:{inner}){{{low},{high}}}"
    if op is getattr(C, "ATOMIC_GROUP", None):
        return "(?:" + _sequence(av, ignorecase) + ")"
    if op in (C.AT, C.ASSERT, C.ASSERT_NOT):
        return ""  # anchors, \b and lookaround: the Python regex checks them on each candidate
    raise Unsupported(str(op))


def _class(items, ignorecase: bool) -> str:
    """The Hyperscan class of every byte a character admitted by this Python class becomes."""
    parts, beyond = [], ignorecase  # beyond: may admit a character past Latin-1 (a case partner, at least)
    for op, av in items:
        if op is C.NEGATE:
            parts.append("^")
            beyond = True
        elif op is C.LITERAL:
            parts.append(_escape(av))
            beyond = beyond or av > 255
        elif op is C.RANGE:
            parts.append(f"{_escape(av[0])}-{_escape(av[1])}")
            beyond = beyond or av[1] > 255
        elif op is C.CATEGORY and av in _CATEGORY:
            parts.append(_CATEGORY[av])
            beyond = True
        else:
            raise Unsupported(str(op))
    codes = set(_latin1_members("[" + "".join(parts) + "]", ignorecase))
    if beyond:
        codes.add(REPLACEMENT)
    if not codes:
        raise Unsupported("a class that admits nothing")
    return "." if len(codes) == 256 else "[" + _ranges(sorted(codes)) + "]"


@functools.lru_cache(maxsize=4096)
def _latin1_members(python_class: str, ignorecase: bool) -> tuple[int, ...]:
    """The Latin-1 characters that `re` or `regex` admits for this class (both engines asked)."""
    flags = re.IGNORECASE if ignorecase else 0
    engines = [re.compile(python_class, flags), regex.compile(python_class, flags)]
    return tuple(code for code in range(256) if any(engine.match(chr(code)) for engine in engines))


def _escape(code: int) -> str:
    return re.escape(chr(code))


def _ranges(codes: list[int]) -> str:
    out, i = [], 0
    while i < len(codes):
        j = i
        while j + 1 < len(codes) and codes[j + 1] == codes[j] + 1:
            j += 1
        out.append(_char(codes[i]) if i == j else f"{_char(codes[i])}-{_char(codes[j])}")
        i = j + 1
    return "".join(out)


def _char(code: int) -> str:
    return f"\\x{code:02X}"


def scannable(text: str) -> bytes:
    """The text as Hyperscan scans it: one byte per character, `?` for any beyond Latin-1."""
    return text.encode("latin-1", "replace")


def _assertion_reach(items) -> Optional[int]:
    """How far past a match its lookarounds and boundaries can read (None: without bound)."""
    reach = 0
    for op, av in items:
        if op in (C.ASSERT, C.ASSERT_NOT):
            direction, body = av
            inner = _assertion_reach(body.data)
            if inner is None:
                return None
            if direction > 0:
                high = body.getwidth()[1]
                if high > MAX_WIDTH:
                    return None
                reach += high + inner
        elif op is C.AT:
            reach += 1
        elif op is C.BRANCH:
            parts = [_assertion_reach(branch.data) for branch in av[1]]
            if None in parts:
                return None
            reach += max(parts, default=0)
        elif op is C.SUBPATTERN or op is getattr(C, "ATOMIC_GROUP", None):
            inner = _assertion_reach((av[3] if op is C.SUBPATTERN else av).data)
            if inner is None:
                return None
            reach += inner
        elif op in (C.MAX_REPEAT, C.MIN_REPEAT) or op is getattr(C, "POSSESSIVE_REPEAT", None):
            inner = _assertion_reach(av[2].data)
            if inner is None:
                return None
            reach += inner * min(av[1], MAX_WIDTH)  # each repetition may look ahead again
        elif op in (C.GROUPREF, C.GROUPREF_EXISTS):
            raise Unsupported(str(op))
    return reach
