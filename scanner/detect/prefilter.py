"""One cheap pass over a chunk that says where each recogniser could match.

Recognisers declare a `PREFILTER` regex and/or `KEYWORDS`. Recognisers that
share a prefilter regex share its pass; all keywords go into one Aho-Corasick
automaton. The result is a list of windows (start, end, entity types) to hand
to Presidio, merged while they overlap and kept under `max_window` characters.
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

import ahocorasick


@dataclass
class Window:
    start: int
    end: int
    entities: set[str] = field(default_factory=set)


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
    def __init__(self, recognizers, max_window: int = 4096):
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
        for word, targets in keyword_targets.items():
            self.keywords.add_word(word, (len(word), targets))
        self.has_keywords = bool(keyword_targets)
        if self.has_keywords:
            self.keywords.make_automaton()

    def windows(self, text: str) -> list[Window]:
        """Windows of `text` worth analysing, sorted and merged."""
        spans: list[tuple[int, int, tuple[str, ...]]] = []
        for pattern, targets in self.regexes:
            for match in pattern.finditer(text):
                for entities, reach in targets:
                    spans.append((match.start() - reach, match.end() + reach, entities))
        if self.has_keywords:
            for end, (length, targets) in self.keywords.iter(text.lower()):
                for entities, reach in targets:
                    spans.append((end + 1 - length - reach, end + 1 + reach, entities))
        if self.always and text:
            # Recognisers that declare no prefilter see all the text, in overlapping slices.
            step = max(self.max_window - 256, 256)
            for start in range(0, len(text), step):
                spans.append((start, start + self.max_window, tuple(self.always)))
        return self._merge(spans, len(text))

    def _merge(self, spans, length: int) -> list[Window]:
        if not spans:
            return []
        spans.sort()
        merged: list[Window] = []
        for start, end, entities in spans:
            start, end = max(start, 0), min(end, length)
            last = merged[-1] if merged else None
            if last and start <= last.end and max(end, last.end) - last.start <= self.max_window:
                last.end = max(last.end, end)
                last.entities.update(entities)
            else:
                merged.append(Window(start, end, set(entities)))
        return merged
