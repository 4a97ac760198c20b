"""One Hyperscan pass over a chunk for every prefilter regex and keyword, confirmed exactly by Python.

Hyperscan (the `hyperscan` package, the `fast` extra) runs all expressions
in one pass at hundreds of MB/s, but knows no lookaround and no Unicode the
way Python does. So it runs each regex's *superset* (superset.py) and reports
where candidate matches end; Python's own regex then runs only on the short
stretches around those ends, chosen so that it finds exactly the matches
`regex.finditer(text)` would (see `_confirmed`). Keywords are found the way
an Aho-Corasick pass over `text.lower()` finds them. Without Hyperscan, or
for a regex that has no superset, the caller runs Python over the whole text.
"""
from __future__ import annotations

import os
import platform
import re
from dataclasses import dataclass
from typing import Optional

import regex as _regex
from presidio_analyzer import pattern_recognizer

from scanner import cache
from scanner.detect.superset import Superset, scannable, superset

try:  # an optional extra: wheels exist for the usual platforms, not for all (e.g. Windows on arm64)
    import hyperscan
except ImportError:  # pragma: no cover - exercised on platforms without the wheel
    hyperscan = None

# Characters past Latin-1 whose lower case is in Latin-1 (checked by tests/test_compiled_pass.py),
# and characters whose lower case is not one character, or depends on the next one: with them in
# the text, keyword offsets in `text.lower()` are not offsets in `text`, so keywords go the slow way.
LOWER_FROM_BEYOND_LATIN1 = frozenset("ÿßkå")
UNEVEN_LOWER = ("\u0130", "\u03a3")
_LOOK_BACK = 1024  # how far back to look at first for the start of a run of a regex's characters
# Clusters closer than this are confirmed in one run of Python's regex: skipping a few hundred
# characters in C costs less than starting another run.
MERGE_GAP = 512
# A regex with a candidate every this many characters or closer runs over the whole text instead.
DENSE = 64
# A regex whose matches have fewer lengths than this is tried only at the starts its candidates allow.
FEW_WIDTHS = 3


def available() -> bool:
    """True if Hyperscan is installed and not switched off with LEIDUR_HYPERSCAN=0."""
    return hyperscan is not None and os.environ.get("LEIDUR_HYPERSCAN", "1") != "0"


@dataclass
class _Expression:
    """A Python regex, its Hyperscan superset and what bounds a match of it."""

    regex: re.Pattern  # of `re`, or of the `regex` module (Presidio's patterns): both take pos and endpos
    superset: Superset
    outside: Optional[re.Pattern]  # bytes the superset never consumes: a match cannot cross one
    run_start: Optional[re.Pattern]

    @classmethod
    def make(cls, regex: re.Pattern, found: Superset) -> Optional["_Expression"]:
        alphabet = _alphabet(found.body or found.expression)
        if alphabet is None and found.max_width > 1000:
            return None  # neither a width nor an alphabet bounds where a match can start
        outside = run_start = None
        if alphabet is not None:
            outside = re.compile(b"[^" + alphabet + b"]")
            run_start = re.compile(b"[^" + alphabet + b"][" + alphabet + b"]*\\Z")
        return cls(regex, found, outside, run_start)

    def earliest_start(self, data: bytes, end: int) -> int:
        """No match ending at or after `end` (in one cluster) starts before this."""
        low = end - self.superset.max_width if self.superset.max_width <= 1000 else 0
        if self.run_start is not None and low < end - 1:
            begin = max(0, low, end - _LOOK_BACK)
            found = self.run_start.search(data, begin, end)
            if found is None and begin > max(low, 0):
                found = self.run_start.search(data, max(low, 0), end)
            if found is not None:
                low = max(low, found.start() + 1)
        return max(low, 0)

    def reach(self, data: bytes, last_end: int) -> int:
        """How far an attempt starting at or before `last_end` can read (exclusive)."""
        far = len(data)
        if self.superset.max_width <= 1000:
            far = last_end + self.superset.max_width + self.superset.ahead + 1
        if self.outside is not None:
            stop = self.outside.search(data, last_end)
            far = min(far, (stop.start() if stop else len(data)) + self.superset.ahead + 1)
        return min(far, len(data))


class CompiledPass:
    """The prefilter's regexes and keywords in one Hyperscan database, scanned over every chunk."""

    def __init__(self, regexes: list, keywords: list[str]):
        self.expressions: list[Optional[_Expression]] = []
        chunk_sources = self._add(regexes)
        self.keywords = list(keywords)
        keyword_base = len(self.expressions)
        for index, word in enumerate(self.keywords):
            source = _keyword_expression(word)
            if source is not None:  # None: no character lowers to one of its letters, so it never occurs
                chunk_sources.append((keyword_base + index, source))
        self.database = self._database(chunk_sources)

    def _database(self, sources: list[tuple[int, bytes]]):
        """One database of `sources`; an expression Hyperscan refuses goes the slow way instead.

        Compiling takes about 0.1 s, in every process: the result is kept in the
        user's cache (scanner/cache.py) under a key of everything it depends on,
        and loaded from there by the next process in a millisecond.
        """
        if not sources:
            return None
        key = _cache_key(sources)
        cached = cache.read("hyperscan", key)
        if cached is not None:
            loaded = _loaded(cached)
            if loaded is not None:
                database, refused = loaded
                self._refuse(refused)
                return database
        try:
            database, refused = _database(sources), []
        except hyperscan.error:
            kept, refused = [], []
            for index, source in sources:
                try:
                    _database([(index, source)])
                    kept.append((index, source))
                except hyperscan.error:
                    refused.append(index)
            self._refuse(refused)
            database = _database(kept)
        if database is not None:
            cache.write("hyperscan", key, _dumped(database, refused))
        return database

    def _refuse(self, indexes: list[int]) -> None:
        for index in indexes:
            if index < len(self.expressions):
                self.expressions[index] = None

    def _add(self, regexes: list) -> list[tuple[int, bytes]]:
        sources = []
        for index, compiled in enumerate(regexes):
            flags = _plain_flags(compiled)
            found = superset(compiled.pattern, flags) if flags is not None else None
            expression = _Expression.make(compiled, found) if found else None
            if expression is not None:
                sources.append((index, found.expression.encode("latin-1")))
            self.expressions.append(expression)
        return sources

    def covers(self, index: int) -> bool:
        return self.expressions[index] is not None

    def scan(self, text: str) -> Optional["PassResult"]:
        """Candidate ends of every chunk expression in `text`, or None if the text must go the slow way."""
        for char in UNEVEN_LOWER:
            if char in text:
                return None
        data = scannable(text)
        ends: dict[int, list[int]] = {}
        if self.database is not None and data:
            self.database.scan(data, match_event_handler=_collect, context=ends)
        return PassResult(self, text, data, ends)


def _cache_key(sources: list[tuple[int, bytes]]) -> bytes:
    """Everything a compiled database depends on: the expressions, how they are compiled, Hyperscan, the CPU."""
    return repr((hyperscan.__version__, platform.machine(), _cpu_flags(), hyperscan.HS_MODE_BLOCK,
                 hyperscan.HS_FLAG_DOTALL, sources)).encode("utf-8")


def _cpu_flags() -> str:
    """The CPU's feature flags (Linux): a database built for AVX-512 must not be loaded where there is none."""
    try:
        with open("/proc/cpuinfo", encoding="utf-8", errors="replace") as info:
            for line in info:
                if line.startswith(("flags", "Features")):
                    return line.split(":", 1)[-1].strip()
    except OSError:
        pass
    return platform.processor()


def _dumped(database, refused: list[int]) -> bytes:
    return ",".join(map(str, refused)).encode("ascii") + b"\n" + hyperscan.dumpb(database)


def _loaded(data: bytes):
    """(database, refused expression ids) from _dumped(), or None if Hyperscan cannot load it."""
    head, _, body = data.partition(b"\n")
    try:
        refused = [int(index) for index in head.split(b",") if index]
        database = hyperscan.loadb(body, mode=hyperscan.HS_MODE_BLOCK)
        database.scratch = hyperscan.Scratch(database)  # compile() makes one; a loaded database has none
        return database, refused
    except (ValueError, hyperscan.error):
        return None


def _database(sources: list[tuple[int, bytes]]):
    if not sources:
        return None
    database = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
    database.compile(expressions=[source for _, source in sources], ids=[index for index, _ in sources],
                     elements=len(sources), flags=[hyperscan.HS_FLAG_DOTALL] * len(sources))
    return database


def _collect(expression_id: int, start: int, end: int, flags: int, ends: dict) -> None:
    found = ends.get(expression_id)
    if found is None:
        ends[expression_id] = [end]
    elif found[-1] != end:
        found.append(end)


@dataclass
class PassResult:
    compiled: CompiledPass
    text: str
    data: bytes
    ends: dict[int, list[int]]

    def matches(self, index: int) -> list[re.Match]:
        """What `regex.finditer(text)` yields for the index-th chunk regex (which `covers()`)."""
        ends = self.ends.get(index)
        if not ends:
            return []
        expression = self.compiled.expressions[index]
        if expression.superset.after:
            ends = _ends_before(ends, len(self.data))
        low, high = expression.superset.min_width, expression.superset.max_width
        if len(ends) * DENSE > len(self.text):
            return list(_finditer(expression.regex, self.text, 0, len(self.text)))
        if high - low < FEW_WIDTHS:
            return _matched_at_starts(expression.regex, self.text, ends, low, high)
        return _confirmed(expression, self.text, self.data, ends)

    def keyword_hits(self) -> list[tuple[int, int]]:
        """(keyword index, end) of every occurrence of every keyword in `text.lower()`, by keyword.

        Only the keywords the pass reported are looked at: most chunks hold a few of the
        recognisers' hundred-odd keywords, and asking for each cost more than the pass itself.
        """
        offset, hits = len(self.compiled.expressions), []
        text, keywords = self.text, self.compiled.keywords
        for expression_id in sorted(self.ends):
            index = expression_id - offset
            if index < 0:
                continue  # a regex's candidates
            word = keywords[index]
            for end in self.ends[expression_id]:
                if text[end - len(word):end].lower() == word:
                    hits.append((index, end))
        return hits


def _ends_before(ends: list[int], length: int) -> list[int]:
    """Where matches end, for an expression that also consumed the character after them (`Superset.after`)."""
    shifted = [end - 1 for end in ends]
    if ends[-1] == length:
        shifted.append(length)  # the end of the text: the match may also end there
    return shifted


def _matched_at_starts(compiled, text: str, ends: list[int], low: int, high: int) -> list[re.Match]:
    """The matches of finditer over the whole text, for a regex whose matches are `low` to `high`
    characters long: tried only where one could start.

    Every match ends at a candidate end E (the superset matches wherever the regex does), so it
    starts between E - high and E - low. Trying those starts in order, each past the last match
    (lookbehinds still see the text before it), finds what finditer finds: the leftmost match at or
    after where the last one ended, read from the same start.
    """
    found: list[re.Match] = []
    position = 0  # no match starts before this: the last one ended here, or every start before was tried
    timed = not isinstance(compiled, re.Pattern)
    for end in ends:
        for start in range(max(end - high, position), end - low + 1):
            match = compiled.match(text, start) if not timed else \
                compiled.match(text, start, timeout=pattern_recognizer.REGEX_TIMEOUT_SECONDS)
            if match is not None:
                found.append(match)
                position = match.end()
                break
        else:
            position = max(position, end - low + 1)
    return found


def _confirmed(expression: _Expression, text: str, data: bytes, ends: list[int]) -> list[re.Match]:
    """The matches of finditer over the whole text, found by running it only around candidate ends.

    Ends close enough that one attempt could read from one to the next form a
    cluster (and so do ends a little further apart: one run costs less). A match ending in a cluster starts at or after `earliest_start`
    of its first end (no longer match fits, and no match crosses a character
    the regex cannot consume), and every attempt that starts at or before the
    cluster's last end reads nothing past `reach`: so finditer from there to
    there, with pos and endpos (lookbehinds still see the text before pos),
    yields exactly the whole-text matches of the cluster, in order.
    """
    found: list[re.Match] = []
    position, i, count = 0, 0, len(ends)
    while i < count:
        last, j = ends[i], i + 1
        limit = expression.reach(data, last)
        while j < count and ends[j] < limit + MERGE_GAP:
            while j < count and ends[j] < limit + MERGE_GAP:  # reach() only grows with `last`: ask once
                last, j = ends[j], j + 1
            limit = expression.reach(data, last)
        begin = max(position, expression.earliest_start(data, ends[i]))
        for match in _finditer(expression.regex, text, begin, limit):
            if match.start() > last:
                break
            found.append(match)
            position = match.end()
        i = j
    return found


def _plain_flags(compiled) -> Optional[int]:
    """The flags of a compiled regex as the standard parser reads them, or None if it cannot."""
    if isinstance(compiled, re.Pattern):
        return compiled.flags & ~re.UNICODE
    # The `regex` module: only flags that mean the same in both (no VERSION1, WORD, FULLCASE, ASCII...).
    plain = re.IGNORECASE | re.MULTILINE | re.DOTALL | re.VERBOSE
    extra = compiled.flags & ~(plain | _regex.UNICODE | _regex.VERSION0)
    return None if extra else compiled.flags & plain


def _finditer(compiled, text: str, begin: int, limit: int):
    if isinstance(compiled, re.Pattern):
        return compiled.finditer(text, begin, limit)
    # The `regex` module, as Presidio runs it: a bound on the time of one match.
    return compiled.finditer(text, begin, limit, timeout=pattern_recognizer.REGEX_TIMEOUT_SECONDS)


def _alphabet(expression: str) -> Optional[bytes]:
    """The bytes any class of a superset admits (a bytes class body), or None if it has a dot."""
    body, i, members = expression, 0, set()
    while i < len(body):
        if body[i] == ".":
            return None
        if body[i] == "[":
            close = body.index("]", i)
            members |= _class_bytes(body[i + 1:close])
            i = close + 1
        else:
            i += 1
    if not members or len(members) == 256:
        return None
    return b"".join(b"\\x%02x" % code for code in sorted(members))


def _class_bytes(body: str) -> set[int]:
    """The bytes of one class as superset() writes it: `\\xHH` and `\\xHH-\\xHH`, maybe negated."""
    members = set()
    for low, high in re.findall(r"\\x([0-9A-F]{2})(?:-\\x([0-9A-F]{2}))?", body):
        members.update(range(int(low, 16), int(high or low, 16) + 1))
    return set(range(256)) - members if body.startswith("^") else members


def _latin1_lowered() -> dict[str, set[int]]:
    """Each lower case a Latin-1 character has, with the codes of the characters that lower to it."""
    codes: dict[str, set[int]] = {}
    for code in range(256):
        codes.setdefault(chr(code).lower(), set()).add(code)
    return codes


_LATIN1_LOWERED = _latin1_lowered()  # once: asking all 256 characters per letter cost 0.3 s of every start


def _keyword_expression(word: str) -> Optional[bytes]:
    """For each letter of the keyword, the bytes of the characters whose lower case it is."""
    parts = []
    for char in word:
        codes = set(_LATIN1_LOWERED.get(char, ()))
        if ord(char) > 255 or char in LOWER_FROM_BEYOND_LATIN1:
            codes.add(ord("?"))
        if not codes:
            return None
        parts.append("[" + "".join(f"\\x{code:02X}" for code in sorted(codes)) + "]")
    return "".join(parts).encode("latin-1")
