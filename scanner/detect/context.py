"""Context words for Estonian and English: stems match inflected forms, short words match whole.

Estonian adds case endings to a stem (isikukood → isikukoodiga, telefon →
telefonil), so a context word of four or more letters matches any token that
contains it. Short words (tel, ik, ip, mob) would then match inside ordinary
words (tellimus = order), so they must be the whole token.
"""
from __future__ import annotations

from typing import List

from presidio_analyzer.context_aware_enhancers import LemmaContextAwareEnhancer

SHORT_WORD = 3


def supportive_word(surrounding: List[str], context_words: List[str]) -> str:
    tokens = [token.lower() for token in surrounding if token]
    for word in context_words:
        word = word.lower()
        # Multi-word phrases ("personal code") are matched by their last word's stem.
        probe = word.split()[-1] if " " in word else word
        if len(probe) <= SHORT_WORD:
            if any(token == probe or token.rstrip(".:") == probe for token in tokens):
                return word
        elif any(probe in token for token in tokens):
            return word
    return ""


class StemContextEnhancer(LemmaContextAwareEnhancer):
    @staticmethod
    def _find_supportive_word_in_context(context_list, recognizer_context_list, matching_mode="substring"):
        if not context_list or not recognizer_context_list:
            return ""
        return supportive_word(context_list, recognizer_context_list)

    @staticmethod
    def _find_index_of_match_token(word, start, tokens, tokens_indices):
        # Presidio walks every spaCy token (building a Token object each time) for
        # every result; a binary search over the token offsets gives the same answer.
        import bisect

        index = bisect.bisect_right(tokens_indices, start) - 1
        return max(index, 0)
