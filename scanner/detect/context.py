"""Context words for Estonian and English: stems match inflected forms, short words match whole.

Estonian adds case endings to a stem (isikukood → isikukoodiga, telefon →
telefonil), so a context word of four or more letters matches any token that
contains it. Short words (tel, ik, ip, mob) would then match inside ordinary
words (tellimus = order), so they must be the whole token; a longer word
written with a trailing `$` (`pass$`, not password) must be whole too. A
phrase (`driving licence`) matches only when all of its words are near.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import List

from presidio_analyzer import RecognizerResult
from presidio_analyzer.context_aware_enhancers import ContextAwareEnhancer, LemmaContextAwareEnhancer

SHORT_WORD = 3


def supportive_word(surrounding: List[str], context_words: List[str]) -> str:
    tokens = [token.lower() for token in surrounding if token]
    if not tokens:
        return ""
    exact = set(tokens) | {token.rstrip(".:") for token in tokens}
    joined = "\x00".join(tokens)  # a stem is looked for inside one token, never across two
    for word, phrase in _compiled(tuple(context_words)):
        # A phrase ("driving licence") needs every one of its words nearby, not just the last.
        if _phrase_matches(phrase, exact, joined):
            return word
    return ""


@lru_cache(maxsize=1024)
def _compiled(context_words: tuple[str, ...]):
    """Each context word as (word, [for each word of a phrase: ways it may match]), built once."""
    compiled = []
    for word in context_words:
        word = word.lower()
        whole = word.endswith("$")
        phrase = []
        for probe in word.rstrip("$").split():
            # The tokenizer may split "ID-kaardi" and "reg.kood": a word with a hyphen or dot also
            # matches when each of its parts does.
            parts = [part for part in re.split(r"[-.]", probe) if part] if len(probe) > 4 else [probe]
            phrase.append((_part(probe, whole), tuple(_part(part, whole) for part in parts)))
        compiled.append((word.rstrip("$"), tuple(phrase)))
    return tuple(compiled)


def _part(probe: str, whole: bool) -> tuple[bool, str]:
    """(must be the whole token, text): short words and words written with `$` must be whole."""
    probe = probe.rstrip("$")
    return (whole or len(probe) <= SHORT_WORD, probe)


def _word_matches(alternatives, exact: set, joined: str) -> bool:
    itself, parts = alternatives
    if _part_matches(itself, exact, joined):
        return True
    for part in parts:  # loops, not any()/all() of a generator: compiled (setup.py), that is a coroutine
        if not _part_matches(part, exact, joined):
            return False
    return True


def _phrase_matches(phrase, exact: set, joined: str) -> bool:
    """Every word of the phrase matches."""
    for alternatives in phrase:
        if not _word_matches(alternatives, exact, joined):
            return False
    return True


def _part_matches(part: tuple[bool, str], exact: set, joined: str) -> bool:
    whole, probe = part
    return probe in exact if whole else probe in joined


def _necessary(alternatives) -> str:
    """A string some word holds wherever this word of a phrase matches (see `_word_matches`): it
    matches as itself or as all its parts, and itself holds each part, so its longest part is there."""
    _, parts = alternatives
    return max((part[1] for part in parts), key=len) if parts else ""  # all() of no parts: always


class ContextMatcher:
    """`supportive_word(...) != ""` for one recogniser's context words, sorted for speed.

    Most context words are one stem (a substring of one token) or one short
    word (a whole token): those are checked with `in` on the joined tokens and
    a set intersection. Phrases and words with hyphens or dots keep the
    general rule of `_word_matches`.
    """

    def __init__(self, context_words):
        self.whole: frozenset[str] = frozenset()
        self.stems: tuple[str, ...] = ()
        self.general = []
        whole, stems = set(), []
        for _, phrase in _compiled(tuple(context_words)):
            single = len(phrase) == 1 and phrase[0][1] == (phrase[0][0],)  # one probe, not split in parts
            if not single:
                self.general.append(phrase)
            elif phrase[0][0][0]:
                whole.add(phrase[0][0][1])
            else:
                stems.append(phrase[0][0][1])
        self.whole, self.stems = frozenset(whole), tuple(dict.fromkeys(stems))
        # `matches()` reads phrases only when no stem matched: a phrase that cannot match without one
        # of the stems (e-mail: "e-mail" or "e" and "mail", each holding the stem "mail") is left out.
        self.general = [phrase for phrase in self.general
                        if not any(self._needs_a_stem(alternatives) for alternatives in phrase)]
        # Strings one of which some word holds wherever a context word matches; for a phrase, the
        # longest that one of its words needs ("e-post" needs "post": the part "e" proves nothing).
        probes = set(self.whole) | set(self.stems)
        for phrase in self.general:
            probes.add(max((_necessary(alternatives) for alternatives in phrase), key=len))
        # Where a probe holding another occurs, so does the other: only the shorter is looked for.
        self.probes = tuple(sorted((p for p in probes if not any(q != p and q in p for q in probes)), key=len))
        self._answers: dict[tuple[str, ...], bool] = {}  # the same words recur before matches in logs

    def _needs_a_stem(self, alternatives) -> bool:
        """A phrase's word matches only where one of the stems is in a token (see `_word_matches`)."""
        itself, parts = alternatives
        holds_stem = lambda part: any(stem in part[1] for stem in self.stems)  # noqa: E731
        return holds_stem(itself) and any(holds_stem(part) for part in parts)

    def could_match(self, lowered: str) -> bool:
        """False if none of the words can be in `lowered` (a text lower-cased): then `matches()` is False."""
        for probe in self.probes:
            if probe in lowered:
                return True
        return False

    def __bool__(self) -> bool:
        return bool(self.whole or self.stems or self.general)

    def matches(self, surrounding: List[str]) -> bool:
        key = tuple(surrounding)
        known = self._answers.get(key)
        if known is None:
            if len(self._answers) >= 4096:
                self._answers.clear()
            known = self._answers[key] = self._matches(surrounding)
        return known

    def _matches(self, surrounding: List[str]) -> bool:
        tokens = [token.lower() for token in surrounding if token]
        if not tokens:
            return False
        joined = "\x00".join(tokens)
        for stem in self.stems:
            if stem in joined:
                return True
        if not self.whole and not self.general:
            return False
        exact = set(tokens)
        exact.update([token.rstrip(".:") for token in tokens])
        if not self.whole.isdisjoint(exact):
            return True
        for phrase in self.general:
            if _phrase_matches(phrase, exact, joined):
                return True
        return False


# A word as context sees it: letters and digits, joined by hyphens or dots (ID-kaardi, reg.kood, e-post).
_WORD = re.compile(r"[^\W_]+(?:[-.'][^\W_]+)*")
# How far back to look for `context_prefix_count` words (words are rarely longer than 20 characters).
_LOOK_BACK = 24
_NEAR = 10  # per word, the shorter stretch read first


class StemContextEnhancer(LemmaContextAwareEnhancer):
    """Presidio's context enhancer, reading the words around a match straight from the text.

    Presidio's version needs the window tokenised (spaCy) and then walks the
    token list for each result; that was half of all detection time, spent
    mostly on windows whose matches need no context at all. Here only the
    few words before (and after, if asked) each match are read, with a regex.
    Results are changed in place: the analyzer discards the originals.
    """

    def enhance_using_context(self, text, raw_results, nlp_artifacts, recognizers, context=None):
        by_id = {recognizer.id: recognizer for recognizer in recognizers}
        external = [word.lower() for word in context] if context else []
        for result in raw_results:
            metadata = result.recognition_metadata or {}
            recognizer = by_id.get(metadata.get(RecognizerResult.RECOGNIZER_IDENTIFIER_KEY))
            if recognizer is None or not recognizer.context:
                continue
            if metadata.get(RecognizerResult.IS_SCORE_ENHANCED_BY_CONTEXT_KEY):
                continue
            # A recogniser that weighs the words around a match itself asks only about the chunk's
            # own context (a column header): CONTEXT_FROM_TEXT = False.
            nearby = self.surrounding_words(text, result.start, result.end)
            if not getattr(recognizer, "CONTEXT_FROM_TEXT", True):
                nearby = []
            word = supportive_word(nearby + external, recognizer.context)
            if word:
                result.score = min(max(result.score + self.context_similarity_factor,
                                       self.min_score_with_context_similarity), ContextAwareEnhancer.MAX_SCORE)
                if result.analysis_explanation is not None:
                    result.analysis_explanation.set_supportive_context_word(word)
                    result.analysis_explanation.set_improved_score(result.score)
        return raw_results

    def surrounding_words(self, text: str, start: int, end: int) -> list[str]:
        """Up to `context_prefix_count` words before the match and `context_suffix_count` after it."""
        words: list[str] = []
        count = self.context_prefix_count
        if count:
            floor = max(0, start - _LOOK_BACK * count)
            # Most words are short: read a shorter stretch first. Only its first word can be cut
            # short by where the stretch begins, so with more than `count` words in it, the last
            # `count` are those the whole look-back would give.
            near = max(floor, start - _NEAR * count)
            found = _WORD.findall(text, near, start)
            if len(found) <= count and near > floor:
                found = _WORD.findall(text, floor, start)
            words += found[-count:]
        if self.context_suffix_count:
            after = text[end:end + _LOOK_BACK * self.context_suffix_count]
            words += _WORD.findall(after)[:self.context_suffix_count]
        return words

    @staticmethod
    def _find_supportive_word_in_context(context_list, recognizer_context_list, matching_mode="substring"):
        if not context_list or not recognizer_context_list:
            return ""
        return supportive_word(context_list, recognizer_context_list)
