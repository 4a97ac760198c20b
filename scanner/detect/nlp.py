"""An offline NLP engine for Presidio: no model, and no tokens unless a recogniser asks for them.

Presidio's default engine downloads `en_core_web_lg`; spaCy ships no Estonian
pipeline at all. Leidur's recognisers needed tokens only for context words;
the context enhancer (detect/context.py) now reads those straight from the
text, so `process_text` hands Presidio empty artifacts. `tokenize()` keeps
spaCy's blank tokenizer at hand for a recogniser that wants tokens.
"""
from __future__ import annotations

from typing import Iterable, Iterator, List, Tuple, Union

import spacy
from presidio_analyzer.nlp_engine import NlpArtifacts, NlpEngine


class OfflineNlpEngine(NlpEngine):
    """Loads no model and opens no socket; `tokenize()` uses `spacy.blank(lang)`."""

    engine_name = "leidur-offline"
    is_available = True

    def __init__(self, languages: Iterable[str] = ("et",)):
        self.languages = list(languages)
        self.nlp: dict[str, spacy.language.Language] | None = None

    def load(self) -> None:
        self.nlp = {lang: spacy.blank(lang) for lang in self.languages}

    def is_loaded(self) -> bool:
        return self.nlp is not None

    def process_text(self, text: str, language: str) -> NlpArtifacts:
        # No tokens: Leidur's context enhancer (detect/context.py) reads the few words it needs
        # around each match from the text, and tokenising every window was half of detection time.
        return NlpArtifacts(entities=[], tokens=[], tokens_indices=[], lemmas=[], nlp_engine=self, language=language)

    def tokenize(self, text: str, language: str):
        """A spaCy Doc of `text`, for recognisers that want tokens."""
        if self.nlp is None:
            self.load()
        return self.nlp[language].make_doc(text)

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
