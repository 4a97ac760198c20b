"""One cheap pass over a chunk that says where each recogniser could match.

Recognisers declare a `PREFILTER` regex and/or `KEYWORDS`. With Hyperscan
installed, every prefilter branch and keyword is found in one compiled pass
(compiled.py), confirmed by Python so that the hits are exactly those below.
Without it, recognisers that share a prefilter branch share its pass, and all
keywords go into one Aho-Corasick automaton. The result is a list of windows
(start, end, entity types) to analyse, merged while they overlap and kept
under `max_window` characters.
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Optional

import ahocorasick

from scanner.detect.compiled import CompiledPass
from scanner.detect.compiled import available as compiled_pass_available


@dataclass
class Window:
    start: int
    end: int
    entities: set[str] = field(default_factory=set)
    whole: bool = False  # the whole chunk, for the recognisers that read whole texts


def split_alternatives(pattern: str) -> list[str]:
    """The top-level branches of `a|b|c`, each to be run as its own pass.

    Python's regex engine skips quickly to where a pattern can start only when
    the pattern starts with a literal or a character set; an alternation of
    such branches loses that, and on prose one pass of `A|B|C` cost three to
    ten times as much as three passes of A, B and C.
    """
    branches, depth, start, i, in_class = [], 0, 0, 0, False
    while i < len(pattern):
        char = pattern[i]
        if char == "\\":
            i += 2
            continue
        if in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
            if pattern[i + 1:i + 2] == "]" or pattern[i + 1:i + 3] == "^]":
                i += 2 if pattern[i + 1] == "]" else 3  # a ']' first in a class is a literal
                continue
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "|" and depth == 0:
            branches.append(pattern[start:i])
            start = i + 1
        i += 1
    branches.append(pattern[start:])
    return [branch for branch in branches if branch]


class Prefilter:
    """Windows of a text worth analysing."""

    def __init__(self, recognizers, max_window: int = 4096, compiled: bool | None = None):
        self.max_window = max_window
        by_regex: dict[str, list] = defaultdict(list)
        self.keywords = ahocorasick.Automaton()
        keyword_targets: dict[str, list] = defaultdict(list)
        self.always: set[str] = set()
        for recognizer in recognizers:
            regex = getattr(recognizer, "PREFILTER", None)
            keywords = getattr(recognizer, "KEYWORDS", ()) or ()
            window = int(getattr(recognizer, "WINDOW", 120))
            entities = tuple(recognizer.supported_entities)
            for branch in split_alternatives(regex) if regex else ():
                by_regex[branch].append((entities, window))
            for word in keywords:
                keyword_targets[word.lower()].append((entities, window))
            if not regex and not keywords:
                self.always.update(entities)
        self.regexes = [(re.compile(rx), targets) for rx, targets in by_regex.items()]
        self.keyword_list = list(keyword_targets.items())
        for word, targets in self.keyword_list:
            self.keywords.add_word(word, (len(word), targets))
        self.has_keywords = bool(keyword_targets)
        if self.has_keywords:
            self.keywords.make_automaton()
        self.use_compiled = compiled_pass_available() if compiled is None else compiled
        self._compiled: Optional[CompiledPass] = None

    @property
    def compiled(self) -> Optional[CompiledPass]:
        """The Hyperscan pass, compiled when first needed (an empty scan never pays for it)."""
        if self._compiled is None and self.use_compiled:
            self._compiled = CompiledPass([rx for rx, _ in self.regexes], [word for word, _ in self.keyword_list])
        return self._compiled

    def windows(self, text: str) -> list[Window]:
        """Windows of `text` worth analysing, sorted and merged."""
        spans: list[tuple[int, int, tuple[str, ...]]] = []
        found = self.compiled.scan(text) if self.use_compiled and text else None
        for index, (pattern, targets) in enumerate(self.regexes):
            if found is None or not found.compiled.covers(index):
                matches = pattern.finditer(text)
            elif index in found.ends:
                matches = found.matches(index)
            else:
                continue  # the compiled pass found no candidate of it
            for match in matches:
                for entities, reach in targets:
                    spans.append((match.start() - reach, match.end() + reach, entities))
        if found is not None:
            for index, end in found.keyword_hits():
                word, targets = self.keyword_list[index]
                for entities, reach in targets:
                    spans.append((end - len(word) - reach, end + reach, entities))
        elif self.has_keywords:
            for end, (length, targets) in self.keywords.iter(text.lower()):
                for entities, reach in targets:
                    spans.append((end + 1 - length - reach, end + 1 + reach, entities))
        if self.always and text:
            # Recognisers that declare no prefilter see all the text, in overlapping slices.
            step = max(self.max_window - 256, 256)
            for start in range(0, len(text), step):
                spans.append((start, start + self.max_window, tuple(self.always)))
        return _whole_words(text, self._merge(spans, len(text)))

    def _merge(self, spans, length: int) -> list[Window]:
        if not spans:
            return []
        spans.sort()
        merged: list[Window] = []
        max_window = self.max_window
        first = last = 0
        entities = None  # of the window being grown, from first to last
        for start, end, more in spans:
            start, end = max(start, 0), min(end, length)
            if entities is not None and start <= last and max(end, last) - first <= max_window:
                last = max(last, end)
                entities.update(more)
            else:
                if entities is not None:
                    merged.append(Window(first, last, entities))
                first, last, entities = start, end, set(more)
        merged.append(Window(first, last, entities))
        return merged


# How far a window's edge moves to take in the rest of a word it cuts.
_WORD_REACH = 48


def _whole_words(text: str, windows: list[Window]) -> list[Window]:
    """Windows widened so that they do not start or end inside a word ("DEBU|G", "Tamm|ele")."""
    for window in windows:
        start, end = window.start, window.end
        floor = max(0, start - _WORD_REACH)
        while start > floor and text[start - 1].isalnum():
            start -= 1
        ceiling = min(len(text), end + _WORD_REACH)
        while end < ceiling and text[end].isalnum():
            end += 1
        window.start, window.end = start, end
    return windows
