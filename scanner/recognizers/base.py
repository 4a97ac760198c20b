"""The base for Leidur's recognisers: a Presidio PatternRecognizer with a prefilter declaration.

A recogniser declares what its cheapest evidence looks like: `PREFILTER`, a
simple regex whose matches mark where the recogniser could possibly match,
and/or `KEYWORDS`, lower-case words that must appear nearby. The detector
scans each chunk once for all prefilters and runs the recogniser only on
windows around their hits, so a recogniser costs nothing on text it cannot
match. A recogniser with neither runs on every chunk.

What decides a match is declared, not coded in `analyze()`: `PATTERNS`,
`check()` (the value itself) and `accept()` (the text around it). The
detector's hot path (scanner/detect/hotpath.py) calls those directly on
candidate spans; a subclass that overrides `analyze()` still works, through
that `analyze()`, only slower.
"""
from __future__ import annotations

import re
from typing import ClassVar, Optional

from presidio_analyzer import Pattern, PatternRecognizer

LANGUAGE = "et"  # Leidur analyses Estonian and English text as one language: see docs/architecture.md


# The characters beyond ASCII that Python's case-blind matching pairs with an ASCII letter and that
# lower() does not turn into that letter alone: the capital dotted I (lower() adds a combining dot)
# and `re`'s extra case pairs, the dotless i and the long s. (The Kelvin sign lowers to "k".)
_FOLDED = "\u0130\u0131\u017f"
_ASCII_FOLD = str.maketrans(_FOLDED, "iis")
_HAS_FOLDED = re.compile(f"[{_FOLDED}]")


class WordBefore:
    """A regex for the words just before a value: a word, then only `trailing` characters and white
    space up to the end of the stretch (`...(?:nr|no)\\s*[:#]?\\s*$`), searched without trying every
    position when it cannot match.

    Such a regex matches only where the stretch, less those characters at its end, ends in a word
    character. Most stretches before a value end otherwise (";", "=", a digit), and for them the
    regex is not run. `trailing` must hold every character the regex allows after its words;
    `letters`: each of its words ends in a letter (not a digit or `_`), so a digit there rules it out.
    `words`: the most words a match can span before its trailing characters, a word being a run of
    characters that are neither space nor `trailing` ("registry code: on" is three); the regex is
    then tried from the start of the stretch's last `words` words, not at every position of it (a
    match can start nowhere earlier, and the regex still sees what lies before).
    `endings`: lower-case strings one of which every match ends with, before its trailing
    characters (a closed list of words: "nimi", "regards"); where the stretch's end is ASCII and
    ends with none of them, the regex is not run. (Only for ASCII: case-blind matching pairs
    characters that lower() does not, such as the Kelvin sign with "k".)
    `stems`: lower-case ASCII strings one of which every match holds ("arve", "invoice"): where the
    stretch holds none of them, the regex is not run. The stretch is lower-cased with the few
    characters beyond ASCII that case-blind matching pairs with an ASCII letter folded first
    (`_ASCII_FOLD`, checked over every code point by tests).
    """

    def __init__(self, pattern: str, trailing: str, letters: bool = False, flags: int = re.IGNORECASE,
                 words: int = 0, endings: tuple[str, ...] = (), stems: tuple[str, ...] = ()):
        self.regex = re.compile(pattern, flags)
        self.stems = tuple(stems)
        self.trailing = trailing
        self.letters = letters
        self.words = words
        self.endings = tuple(endings)
        self._longest = max(map(len, self.endings), default=0)
        self._apart = str.maketrans(trailing, " " * len(trailing))  # trailing characters part words

    def search(self, before: str) -> Optional[re.Match]:
        end = len(before)
        while end and (before[end - 1] in self.trailing or before[end - 1].isspace()):
            end -= 1
        last = before[end - 1] if end else ""
        if not (last.isalpha() if self.letters else last.isalnum() or last == "_"):
            return None
        if self.endings:
            tail = before[max(0, end - self._longest):end]
            if tail.isascii() and not tail.lower().endswith(self.endings):
                return None
        if self.stems and not _holds_one(before, self.stems):
            return None
        begin = 0
        if self.words:
            runs = before[:end].translate(self._apart).rsplit(None, self.words)
            if len(runs) > self.words:  # the first is what lies before the last `words` words
                begin = len(runs[0])
        return self.regex.search(before, begin)


def _holds_one(text: str, stems: tuple[str, ...]) -> bool:
    """Whether `text`, lower-cased as case-blind matching compares it, holds one of `stems`."""
    folded = text.lower()
    if not text.isascii() and _HAS_FOLDED.search(text) is not None:
        folded = text.translate(_ASCII_FOLD).lower()
    for stem in stems:
        if stem in folded:
            return True
    return False


class LeidurPatternRecognizer(PatternRecognizer):
    ENTITY: ClassVar[str] = ""
    PATTERNS: ClassVar[list[Pattern]] = []
    CONTEXT: ClassVar[list[str]] = []
    PREFILTER: ClassVar[Optional[str]] = None
    KEYWORDS: ClassVar[tuple[str, ...]] = ()
    # How far around a prefilter hit the recogniser needs to see (characters).
    WINDOW: ClassVar[int] = 120
    # Pattern name -> a regex found in every match of that pattern that check() accepts. Where a
    # window holds none, the hot path does not run the pattern there: none of its matches could
    # count (IPv6: "::" or three groups; a clock time's colons are not). A test must prove the claim.
    VALID_CONTAINS: ClassVar[dict[str, str]] = {}

    # Case matters: Presidio's default IGNORECASE lets an IBAN pattern run on into the next word
    # ("EE38... ok") and a passport pattern accept any letter. Recognisers of words opt back in.
    REGEX_FLAGS: ClassVar[int] = re.DOTALL | re.MULTILINE

    def __init__(self, supported_language: str = LANGUAGE, **kwargs):
        kwargs.setdefault("global_regex_flags", self.REGEX_FLAGS)
        super().__init__(
            supported_entity=self.ENTITY,
            patterns=list(self.PATTERNS),
            context=list(self.CONTEXT),
            supported_language=supported_language,
            name=kwargs.pop("name", type(self).__name__),
            **kwargs,
        )

    def check(self, matched_text: str) -> bool:
        """True if the matched text is a real value (checksum, date...). Override."""
        return True

    def accept(self, text: str, start: int, end: int) -> bool:
        """True if the match at text[start:end] stands, judged by the text around it. Override.

        For what a value's own characters cannot tell: "Tellimuse nr 51234567"
        is an order number, not a phone. Runs after `check()` and after
        Presidio's removal of duplicates, on the text the recogniser was given.
        """
        return True

    def match_start_from(self, index: int, text: str, position: int) -> Optional[int]:
        """Where the next match of pattern `index` at or after `position` can start, at the earliest
        (None: there is none). Override where the pattern's own search is slow to get there.

        The hot path then searches from that point on, one match at a time, instead of
        `finditer(text)`; it must find the same matches (a look-behind still sees the text
        before the point). Only for patterns whose matches are never empty.
        """
        return position

    def value_end(self, text: str, start: int, end: int) -> int:
        """Where the value of a valid match at text[start:end] ends, when the pattern takes in more. Override.

        A pattern may need to reach past the value to judge it (a card's digit groups, the
        expiry after them); the finding is only the value.
        """
        return end

    def analyze(self, text, entities, nlp_artifacts=None, regex_flags=None):
        results = super().analyze(text, entities, nlp_artifacts, regex_flags)
        if type(self).value_end is not LeidurPatternRecognizer.value_end:
            for result in results:
                result.end = self.value_end(text, result.start, result.end)
        if type(self).accept is LeidurPatternRecognizer.accept:
            return results
        return [result for result in results if self.accept(text, result.start, result.end)]

    def validate_result(self, pattern_text: str) -> Optional[bool]:
        # None keeps the pattern's own score, so context words can still raise it;
        # Presidio would set every validated match to 1.0 and make context moot.
        # Checks are pure and values repeat (logs, exports), so results are cached.
        cache = self.__dict__.get("_checked")
        if cache is None:  # not setdefault(): that built an empty dict on every call
            cache = self.__dict__["_checked"] = {}
        valid = cache.get(pattern_text)
        if valid is None:
            if len(cache) > 50_000:
                cache.clear()
            valid = cache[pattern_text] = bool(self.check(pattern_text))
        return None if valid else False
