"""Context words for Estonian and English: stems match inflected forms, short words match whole.

Estonian adds case endings to a stem (isikukood → isikukoodiga, telefon →
telefonil), so a context word of four or more letters matches any token that
contains it. Short words (tel, ik, ip, mob) would then match inside ordinary
words (tellimus = order), so they must be the whole token; a longer word
written with a trailing `$` (`pass$`, not password) must be whole too.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from typing import List

from presidio_analyzer import RecognizerResult
from presidio_analyzer.context_aware_enhancers import ContextAwareEnhancer, LemmaContextAwareEnhancer

SHORT_WORD = 3


def supportive_word(surrounding: List[str], context_words: List[str]) -> str:
    tokens = [token.lower() for token in surrounding if token]
    for word in context_words:
        word = word.lower()
        # Multi-word phrases ("personal code") are matched by their last word's stem.
        probe = word.split()[-1] if " " in word else word
        # The tokenizer splits "ID-kaardi" and "reg.kood" (and Presidio hands the words over
        # unordered): a word with a hyphen or dot matches when each of its parts does.
        parts = [part for part in re.split(r"[-.]", probe.rstrip("$")) if part] if len(probe) > 4 else [probe]
        if _part_matches(probe, tokens, whole=probe.endswith("$")) or all(
            _part_matches(part, tokens, whole=probe.endswith("$")) for part in parts
        ):
            return word.rstrip("$")
    return ""


def _part_matches(probe: str, tokens: List[str], whole: bool) -> bool:
    probe = probe.rstrip("$")
    if whole or len(probe) <= SHORT_WORD:
        return any(token == probe or token.rstrip(".:") == probe for token in tokens)
    return any(probe in token for token in tokens)


class StemContextEnhancer(LemmaContextAwareEnhancer):
    """Presidio's lemma enhancer with stem matching, made linear in the window size.

    Presidio's version deep-copies every result, walks the token list from the
    start for each result and tests membership in a list of keywords: with a
    few dozen results in a 4 KB window that was a fifth of all detection time.
    Here results are changed in place (the analyzer discards the originals),
    the token is found by bisection and the keywords are a set.
    """

    def enhance_using_context(self, text, raw_results, nlp_artifacts, recognizers, context=None):
        if nlp_artifacts is None or not nlp_artifacts.tokens:
            return raw_results
        by_id = {recognizer.id: recognizer for recognizer in recognizers}
        external = [word.lower() for word in context] if context else []
        keywords = set(nlp_artifacts.keywords)
        for result in raw_results:
            metadata = result.recognition_metadata or {}
            recognizer = by_id.get(metadata.get(RecognizerResult.RECOGNIZER_IDENTIFIER_KEY))
            if recognizer is None or not recognizer.context:
                continue
            if metadata.get(RecognizerResult.IS_SCORE_ENHANCED_BY_CONTEXT_KEY):
                continue
            surrounding = self._words_before(nlp_artifacts, result.start, keywords) + external
            word = supportive_word(surrounding, recognizer.context)
            if word:
                result.score = min(max(result.score + self.context_similarity_factor,
                                       self.min_score_with_context_similarity), ContextAwareEnhancer.MAX_SCORE)
                if result.analysis_explanation is not None:
                    result.analysis_explanation.set_supportive_context_word(word)
                    result.analysis_explanation.set_improved_score(result.score)
        return raw_results

    def _words_before(self, nlp_artifacts, start: int, keywords: set) -> list[str]:
        """The match's own token and up to `context_prefix_count` keywords before it (and after, if set)."""
        indices, lemmas, tokens = nlp_artifacts.tokens_indices, nlp_artifacts.lemmas, nlp_artifacts.tokens
        index = max(bisect_right(indices, start) - 1, 0)
        if index < len(indices) - 1 and start >= indices[index] + len(tokens[index]):
            index += 1  # the match starts between tokens: take the next one, as Presidio does
        words = []
        for step, count in ((-1, self.context_prefix_count), (1, self.context_suffix_count)):
            i, remaining = index, count + 1
            while 0 <= i < len(lemmas) and remaining > 0:
                lemma = lemmas[i].lower()
                if lemma in keywords:
                    words.append(lemma)
                    remaining -= 1
                i += step
        return words

    @staticmethod
    def _find_supportive_word_in_context(context_list, recognizer_context_list, matching_mode="substring"):
        if not context_list or not recognizer_context_list:
            return ""
        return supportive_word(context_list, recognizer_context_list)
