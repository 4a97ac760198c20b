"""An offline NLP engine for Presidio: a regex tokenizer, lower-cased tokens as lemmas.

Presidio's default engine downloads `en_core_web_lg`; spaCy ships no Estonian
pipeline at all. Leidur's recognisers need tokens only to find context words,
and Estonian context words are stems matched inside inflected tokens
(isikukood ⊂ isikukoodiga), so the lower-cased token text is the right
"lemma". A spaCy pipeline is not used here on purpose: its vocabulary keeps
every new token string for the life of the process, which on a long scan of
logs full of unique numbers grows without bound, and its tokenizer was a
third of the detection time.
"""
from __future__ import annotations

import re
from typing import Iterable, Iterator, List, Tuple

from presidio_analyzer.nlp_engine import NlpArtifacts, NlpEngine

# Words (with inner hyphens, dots, @ and apostrophes: e-post, mari.tamm@mail.ee) or single symbols.
_TOKEN = re.compile(r"\w+(?:[-.@'’]\w+)*|[^\w\s]")


def tokenize(text: str) -> tuple[list[str], list[int]]:
    tokens, starts = [], []
    for match in _TOKEN.finditer(text):
        tokens.append(match.group())
        starts.append(match.start())
    return tokens, starts


class OfflineNlpEngine(NlpEngine):
    """Tokenises with a regex; loads no model and opens no socket."""

    engine_name = "leidur-offline"
    is_available = True

    def __init__(self, languages: Iterable[str] = ("et",)):
        self.languages = list(languages)
        self.loaded = False

    def load(self) -> None:
        self.loaded = True

    def is_loaded(self) -> bool:
        return self.loaded

    def process_text(self, text: str, language: str) -> NlpArtifacts:
        tokens, starts = tokenize(text)
        return NlpArtifacts(
            entities=[],
            tokens=tokens,
            tokens_indices=starts,
            lemmas=[token.lower() for token in tokens],
            nlp_engine=self,
            language=language,
        )

    def process_batch(
        self, texts: Iterable[str], language: str, batch_size: int = 1, n_process: int = 1, **kwargs
    ) -> Iterator[Tuple[str, NlpArtifacts]]:
        for text in texts:
            yield text, self.process_text(text, language)

    def is_stopword(self, word: str, language: str) -> bool:
        return False

    def is_punct(self, word: str, language: str) -> bool:
        return len(word) == 1 and not word.isalnum()

    def get_supported_entities(self) -> List[str]:
        return []

    def get_supported_languages(self) -> List[str]:
        return list(self.languages)
