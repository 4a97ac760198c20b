"""Trying recognisers on a sample: what each finds, its score, and the context word that changed it.

Used by `leidur recognizers test` and by recogniser authors' own tests
(docs/recognizers.md). Matches go through the real Detector path (prefilter
windows, then Presidio), and the same text is also analysed whole, so a
prefilter that would hide a match is reported rather than silently missed.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Optional

from presidio_analyzer import EntityRecognizer, RecognizerResult

from scanner.detect.detector import Detector
from scanner.recognizers.loading import (
    LoadedRecognizer,
    LoadResult,
    RecognizerError,
    file_candidates,
    load_candidates,
)

_TEST_KEY = b"leidur-recognizer-test"


@dataclass
class SampleMatch:
    recognizer: str
    entity: str
    start: int
    end: int
    value: str  # the raw text: for tests, and shown only with --reveal
    score: float
    base_score: float
    context_word: str = ""
    missed_by_prefilter: bool = False


def load_yaml(*paths: str | Path) -> list[LoadedRecognizer]:
    """The recognisers of YAML files (not a rules folder), or RecognizerError naming the file and field."""
    result = LoadResult()
    for path in map(Path, paths):
        load_candidates(list(file_candidates(path, result.problems)), result)
    if result.problems:
        raise RecognizerError(result.problems)
    return result.loaded


class RecognizerTester:
    """A Detector over the given recognisers that explains each match."""

    def __init__(self, loaded: Iterable[LoadedRecognizer | EntityRecognizer], threshold: float = 0.4):
        self.loaded = [
            entry if isinstance(entry, LoadedRecognizer) else LoadedRecognizer(entry.name, entry, "test")
            for entry in loaded
        ]
        self.detector = Detector([entry.recognizer for entry in self.loaded], _TEST_KEY, threshold)
        self.names = {entry.recognizer.id: entry.name for entry in self.loaded}

    def matches(self, text: str, context: Iterable[str] = ()) -> list[SampleMatch]:
        """Every match in `text`, sorted by position; those only a whole-text run finds are marked."""
        found: dict[tuple, SampleMatch] = {}
        for window in self.detector.prefilter.windows(text):
            for result in self._analyze(text[window.start:window.end], sorted(window.entities), context):
                match = self._match(text, result, window.start)
                found.setdefault((match.recognizer, match.entity, match.start, match.end), match)
        entities = sorted({e for entry in self.loaded for e in entry.entities})
        for result in self._analyze(text, entities, context):
            match = self._match(text, result, 0)
            key = (match.recognizer, match.entity, match.start, match.end)
            if key not in found:
                match.missed_by_prefilter = True
                found[key] = match
        return sorted(found.values(), key=lambda m: (m.start, m.end, m.recognizer))

    def flags(self, text: str, entity: Optional[str] = None) -> bool:
        """True if `text` yields a match (of `entity`, if given) that a scan would report."""
        return any(
            not m.missed_by_prefilter and (entity is None or m.entity == entity) for m in self.matches(text)
        )

    def values(self, text: str, entity: Optional[str] = None) -> list[str]:
        """The raw values a scan would report in `text`, in order (for table tests)."""
        return [
            m.value for m in self.matches(text)
            if not m.missed_by_prefilter and (entity is None or m.entity == entity)
        ]

    def _analyze(self, text: str, entities: list[str], context: Iterable[str]) -> list[RecognizerResult]:
        if not text or not entities:
            return []
        self.detector.start_document()  # each text tried is a document of its own
        return self.detector.analyzer.analyze(
            text, language=self.detector.language, entities=entities, context=list(context) or None,
            score_threshold=self.detector.threshold, return_decision_process=True,
        )

    def _match(self, text: str, result: RecognizerResult, offset: int) -> SampleMatch:
        metadata = result.recognition_metadata or {}
        name = self.names.get(metadata.get(RecognizerResult.RECOGNIZER_IDENTIFIER_KEY), "")
        name = name or metadata.get(RecognizerResult.RECOGNIZER_NAME_KEY, "?")
        explanation = result.analysis_explanation
        start, end = offset + result.start, offset + result.end
        return SampleMatch(
            recognizer=name, entity=result.entity_type, start=start, end=end, value=text[start:end],
            score=round(result.score, 3),
            base_score=round(explanation.original_score if explanation else result.score, 3),
            context_word=(explanation.supportive_context_word if explanation else "") or "",
        )
