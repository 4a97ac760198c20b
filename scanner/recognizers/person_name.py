"""PERSON: person names in Estonian and English text, by the trained name model plus the register rules.

The model (scanner/names/, two CRFs trained on public news corpora) finds
names in running text, one-word and inflected mentions included ("Ansip
ütles", "Tammele"), and remembers the names of a document so that a surname
alone later in it is found too. The rules (person_name_rules.py) add names as
registers and exports write them and drop company names and streets. Where
both find a name, the longer span and the surer score win.
"""
from __future__ import annotations

from typing import ClassVar, Optional

from presidio_analyzer import AnalysisExplanation, EntityRecognizer, RecognizerResult

from scanner.names.features import blocks
from scanner.recognizers.base import LANGUAGE
from scanner.recognizers.person_name_rules import (  # noqa: F401  (the name helpers other modules use)
    CONFIDENT,
    NameRules,
    is_estonian_surname,
    is_first_name,
    name_key,
    not_a_person,
    surname_base,
)

BLOCK = 4096  # the model reads text in blocks of this size (scanner.names.features.blocks)
# The most of one document's names remembered: a register of a million names must not fill the memory.
MAX_REMEMBERED = 50_000


class PersonNameRecognizer(EntityRecognizer):
    """PERSON from the name model and the register rules; remembers names within one document."""

    ENTITY: ClassVar[str] = "PERSON"
    # The model finds its own candidate sentences in one pass over the whole chunk (a prefilter
    # window per capitalised word would cost more than the model), in blocks as it was trained.
    READS_WHOLE_TEXT: ClassVar[bool] = True
    PREFILTER: ClassVar[Optional[str]] = None
    KEYWORDS: ClassVar[tuple[str, ...]] = ()
    # For weak candidates only: a column header or field name that says the value is a name
    # (database columns arrive as the chunk's context). Words in the text are weighed by the model.
    CONTEXT_FROM_TEXT: ClassVar[bool] = False
    CONTEXT: ClassVar[list[str]] = [
        "nimi$", "name$", "täisnimi", "eesnimi", "perenimi", "full name", "fullname", "kliendi nimi",
        "customer name", "contact name", "kontaktisik", "isiku nimi",
    ]

    def __init__(self, supported_language: str = LANGUAGE, **kwargs):
        super().__init__(
            supported_entities=[self.ENTITY],
            context=list(self.CONTEXT),
            supported_language=supported_language,
            name=kwargs.pop("name", type(self).__name__),
            **kwargs,
        )

    def load(self) -> None:
        from scanner.names.model import DocumentMemory

        self.rules = NameRules()
        self.rules.load()
        self.memory = DocumentMemory()
        self._model = None

    @property
    def model(self):
        if self._model is None:
            from scanner.names.model import default_model

            self._model = default_model()
        return self._model

    def start_document(self) -> None:
        """A new document begins: names remembered from the last one no longer count."""
        self.memory.reset()

    def analyze(self, text: str, entities, nlp_artifacts=None) -> list[RecognizerResult]:
        return [self._result(*span) for span in self.spans(text)]

    def spans(self, text: str) -> list[tuple[int, int, float, str]]:
        """(start, end, score, reason) of every name in `text`: what analyze() wraps in Presidio's results.

        The detector's hot path reads these directly (a RecognizerResult with its explanation cost
        more than the rest of a name in a CSV export).
        """
        if len(self.memory) > MAX_REMEMBERED:
            self.memory.reset()
        if len(text) <= BLOCK:
            return [(a, b, score, reason) for a, b, score, reason in self._spans(text)]
        found = []
        for start, end in blocks(text, BLOCK):
            found += [(a + start, b + start, score, reason) for a, b, score, reason in self._spans(text[start:end])]
        return found

    def _spans(self, text: str) -> list[list]:
        sentences = self.model.candidates(text, self.memory)
        if not sentences and not self.memory.confirmed:
            return []
        ruled = self.rules.candidates(text, sentences)
        hints = [(start, end, score) for start, end, score, _ in ruled]
        found = [
            [start, end, round(probability, 3), "name model"]
            for start, end, probability in self.model.find(text, self.memory, hints, sentences)
            if not not_a_person(text, start, end)
        ]
        found += ruled
        return [span for span in _resolve(found) if span[2] > 0]

    def _result(self, start: int, end: int, score: float, reason: str) -> RecognizerResult:
        explanation = AnalysisExplanation(
            recognizer=self.name, original_score=score, textual_explanation=f"person name ({reason})"
        )
        return RecognizerResult(
            self.ENTITY, start, end, score, analysis_explanation=explanation,
            recognition_metadata={
                RecognizerResult.RECOGNIZER_NAME_KEY: self.name,
                RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id,
                RecognizerResult.IS_SCORE_ENHANCED_BY_CONTEXT_KEY: weighed(score),
            },
        )


def weighed(score: float) -> bool:
    """Context is already weighed in a sure name's score; only a weak candidate may still gain from a
    field name (a column header) through Presidio's context step."""
    return score >= CONFIDENT


def _resolve(spans: list[list]) -> list[list]:
    """One span per name: overlapping candidates become the longest of them with the best score."""
    resolved: list[list] = []
    for start, end, score, reason in sorted(spans, key=lambda s: (s[0], -s[1])):
        last = resolved[-1] if resolved else None
        if last and start < last[1]:
            if end - start > last[1] - last[0]:
                last[0], last[1], last[3] = start, end, reason
            last[1] = max(last[1], end)
            last[2] = max(last[2], score)
        else:
            resolved.append([start, end, score, reason])
    return resolved
