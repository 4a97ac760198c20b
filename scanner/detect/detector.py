"""The Detector: Chunk in, Findings out. It never sees where a chunk came from.

Presidio's AnalyzerEngine is built offline (no model, no network) and is only
asked about the windows the prefilter found, with only the entity types whose
prefilter fired there. Raw values stay inside this module: a Finding carries
a masked sample and a keyed fingerprint.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from presidio_analyzer import AnalyzerEngine, RecognizerRegistry

from scanner.detect.context import StemContextEnhancer
from scanner.detect.nlp import OfflineNlpEngine
from scanner.detect.prefilter import Prefilter
from scanner.detect.values import fingerprint, mask
from scanner.models import Chunk, Finding
from scanner.recognizers.base import LANGUAGE


@dataclass
class DetectorSettings:
    """Everything a worker process needs to build its own Detector (picklable)."""

    key: bytes
    threshold: float = 0.4
    rules_dirs: list[str] = field(default_factory=list)


def build_analyzer(recognizers, language: str = LANGUAGE) -> AnalyzerEngine:
    registry = RecognizerRegistry(supported_languages=[language])
    for recognizer in recognizers:
        registry.add_recognizer(recognizer)
    nlp_engine = OfflineNlpEngine([language])
    nlp_engine.load()
    enhancer = StemContextEnhancer(
        context_similarity_factor=0.35, min_score_with_context_similarity=0.4, context_prefix_count=6
    )
    return AnalyzerEngine(
        registry=registry,
        nlp_engine=nlp_engine,
        supported_languages=[language],
        context_aware_enhancer=enhancer,
    )


class Detector:
    def __init__(self, recognizers, key: bytes, threshold: float = 0.4, language: str = LANGUAGE):
        self.recognizers = list(recognizers)
        self.key = key
        self.threshold = threshold
        self.language = language
        self.analyzer = build_analyzer(self.recognizers, language)
        self.prefilter = Prefilter(self.recognizers)

    @classmethod
    def from_settings(cls, settings: DetectorSettings) -> "Detector":
        from scanner.recognizers import load_all

        recognizers = load_all(rules_dirs=settings.rules_dirs)
        return cls(recognizers, settings.key, settings.threshold)

    def start_document(self) -> None:
        """A new item begins: recognisers that remember a document (names seen in it) forget the last one."""
        for recognizer in self.recognizers:
            start = getattr(recognizer, "start_document", None)
            if start is not None:
                start()

    def raw_matches(self, text: str, context: tuple[str, ...] = ()):
        """(entity_type, start, end, score, recognizer) for every match in `text`, deduplicated."""
        seen: dict[tuple[str, int, int], tuple[float, str]] = {}
        for window in self.prefilter.windows(text):
            results = self.analyzer.analyze(
                text[window.start:window.end],
                language=self.language,
                entities=sorted(window.entities),
                context=list(context) or None,
                score_threshold=self.threshold,
            )
            for result in results:
                span = (result.entity_type, window.start + result.start, window.start + result.end)
                name = (result.recognition_metadata or {}).get("recognizer_name", "")
                if span not in seen or seen[span][0] < result.score:
                    seen[span] = (result.score, name)
        return _drop_contained(seen)

    def detect(self, chunk: Chunk) -> list[Finding]:
        text = chunk.text
        own_end = len(text) if chunk.own_end is None else chunk.own_end
        findings = []
        for entity, start, end, score, name in self.raw_matches(text, chunk.context):
            if not (chunk.own_start <= start < own_end):
                continue  # the neighbouring chunk owns this one
            value = text[start:end]
            findings.append(
                Finding(
                    entity_type=entity,
                    start=chunk.offset + start,
                    end=chunk.offset + end,
                    score=round(score, 3),
                    sample=mask(entity, value),
                    fingerprint=fingerprint(self.key, entity, value),
                    recognizer=name,
                )
            )
        return findings


def _drop_contained(seen: dict) -> list[tuple[str, int, int, float, str]]:
    """Sorted matches, without those lying inside a longer match that is at least as sure.

    Digits inside a card number or an IBAN are not also a phone number, and a
    shorter match of the same type inside a longer one is the same value.
    """
    ordered = sorted(seen.items(), key=lambda kv: (kv[0][1], -kv[0][2]))
    kept: list[tuple[str, int, int, float, str]] = []
    cover_end, cover_score, cover_entity = -1, 0.0, ""
    for (entity, start, end), (score, name) in ordered:
        if end <= cover_end and (entity == cover_entity or score <= cover_score):
            continue
        if end > cover_end:
            cover_end, cover_score, cover_entity = end, score, entity
        kept.append((entity, start, end, score, name))
    return kept
