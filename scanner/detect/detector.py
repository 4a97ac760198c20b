"""The Detector: Chunk in, Findings out. It never sees where a chunk came from.

Only the windows the prefilter found are analysed, each for only the entity
types whose prefilter fired there. The hot path (hotpath.py) answers for each
window what Presidio's AnalyzerEngine would; the AnalyzerEngine itself (built
offline: no model, no network) is kept as the reference (`reference=True`,
compared with the hot path by tests/test_hotpath.py) and for recognisers only
Presidio can run. Raw values stay inside this module: a Finding carries a
masked sample and a keyed fingerprint.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from presidio_analyzer import AnalyzerEngine, RecognizerRegistry

from scanner.detect.context import StemContextEnhancer
from scanner.detect.hotpath import HotPath
from scanner.detect.nlp import OfflineNlpEngine
from scanner.detect.prefilter import Prefilter, Window
from scanner.detect.values import fingerprint, mask
from scanner.models import Chunk, Finding
from scanner.recognizers.base import LANGUAGE


@dataclass
class DetectorSettings:
    """Everything a worker process needs to build its own Detector (picklable)."""

    key: bytes
    threshold: float = 0.4
    rules_dirs: list[str] = field(default_factory=list)


def context_enhancer() -> StemContextEnhancer:
    return StemContextEnhancer(context_similarity_factor=0.35, min_score_with_context_similarity=0.4, context_prefix_count=6)


def reads_whole_text(recognizer) -> bool:
    """A recogniser that finds its own candidates in a whole chunk rather than in prefilter windows."""
    return bool(getattr(recognizer, "READS_WHOLE_TEXT", False))


def build_analyzer(recognizers, language: str = LANGUAGE) -> AnalyzerEngine:
    registry = RecognizerRegistry(supported_languages=[language])
    for recognizer in recognizers:
        registry.add_recognizer(recognizer)
    nlp_engine = OfflineNlpEngine([language])
    nlp_engine.load()
    enhancer = context_enhancer()
    return AnalyzerEngine(
        registry=registry,
        nlp_engine=nlp_engine,
        supported_languages=[language],
        context_aware_enhancer=enhancer,
    )


class Detector:
    def __init__(self, recognizers, key: bytes, threshold: float = 0.4, language: str = LANGUAGE,
                 reference: bool = False):
        self.recognizers = list(recognizers)
        self.key = key
        self.threshold = threshold
        self.language = language
        self.reference = reference  # True: every window through AnalyzerEngine.analyze() (slow; for comparison)
        self._analyzer: AnalyzerEngine | None = None
        self._part_analyzers: dict[bool, AnalyzerEngine] = {}
        self._values: dict[tuple[str, str], tuple[str, str]] = {}
        self.hot_path = HotPath(self.recognizers, threshold, language, context_enhancer(),
                                OfflineNlpEngine([language]), self.presidio_matches)
        # One compiled pass finds the prefilter's hits; the recognisers' patterns run on the windows.
        # A recogniser that READS_WHOLE_TEXT (the name model) finds its own candidates in each
        # chunk; the prefilter makes windows for the others.
        self.whole_text_entities = sorted({
            entity for r in self.recognizers if reads_whole_text(r) for entity in r.supported_entities
        })
        self.prefilter = Prefilter([r for r in self.recognizers if not reads_whole_text(r)])

    @property
    def analyzer(self) -> AnalyzerEngine:
        """Presidio's engine over the same recognisers, built when first needed."""
        if self._analyzer is None:
            self._analyzer = build_analyzer(self.recognizers, self.language)
        return self._analyzer

    def presidio_matches(self, text: str, entities: list[str], context=(),
                         whole: bool = False) -> list[tuple[str, int, int, float, str]]:
        """(entity, start, end, score, recogniser name) from AnalyzerEngine.analyze() on `text`.

        `whole`: the recognisers that read whole texts, on the whole chunk; else the others, on a window.
        """
        analyzer = self._part_analyzers.get(whole)
        if analyzer is None:
            part = [r for r in self.recognizers if reads_whole_text(r) == whole]
            analyzer = self._part_analyzers[whole] = build_analyzer(part, self.language)
        results = analyzer.analyze(
            text, language=self.language, entities=entities, context=list(context) or None,
            score_threshold=self.threshold,
        )
        return [(r.entity_type, r.start, r.end, r.score, (r.recognition_metadata or {}).get("recognizer_name", ""))
                for r in results]

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
        windows = self.prefilter.windows(text)
        if self.whole_text_entities and text:
            windows = [Window(0, len(text), set(self.whole_text_entities), whole=True)] + windows
        for window in windows:
            offset, entities = window.start, sorted(window.entities)
            if self.reference:
                matches = self.presidio_matches(text[offset:window.end], entities, context, window.whole)
            else:
                matches = self.hot_path.analyze(text[offset:window.end], entities, context, window.whole)
            for entity, start, end, score, name in matches:
                span = (entity, offset + start, offset + end)
                if span not in seen or seen[span][0] < score:
                    seen[span] = (score, name)
        return _drop_contained(seen)

    def detect(self, chunk: Chunk) -> list[Finding]:
        text = chunk.text
        own_end = len(text) if chunk.own_end is None else chunk.own_end
        findings = []
        for entity, start, end, score, name in self.raw_matches(text, chunk.context):
            if not (chunk.own_start <= start < own_end):
                continue  # the neighbouring chunk owns this one
            sample, print_ = self._sample_and_fingerprint(entity, text[start:end])
            findings.append(Finding(entity_type=entity, start=chunk.offset + start, end=chunk.offset + end,
                                    score=round(score, 3), sample=sample, fingerprint=print_, recognizer=name))
        return findings

    def _sample_and_fingerprint(self, entity: str, value: str) -> tuple[str, str]:
        """Values repeat (exports, logs): masks and keyed hashes are remembered, a bounded number."""
        key = (entity, value)
        known = self._values.get(key)
        if known is None:
            if len(self._values) >= 50_000:
                self._values.clear()
            known = self._values[key] = (mask(entity, value), fingerprint(self.key, entity, value))
        return known


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
