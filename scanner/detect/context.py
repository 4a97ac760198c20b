"""Context words for Estonian and English: stems match inflected forms, short words match whole.

Estonian adds case endings to a stem (isikukood → isikukoodiga, telefon →
telefonil), so a context word of four or more letters matches any token that
contains it. Short words (tel, ik, ip, mob) would then match inside ordinary
words (tellimus = order), so they must be the whole token; a longer word
written with a trailing `$` (`pass$`, not password) must be whole too.
"""
from __future__ import annotations

import re
from typing import List

from presidio_analyzer.context_aware_enhancers import LemmaContextAwareEnhancer

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
    @staticmethod
    def _find_supportive_word_in_context(context_list, recognizer_context_list, matching_mode="substring"):
        if not context_list or not recognizer_context_list:
            return ""
        return supportive_word(context_list, recognizer_context_list)
