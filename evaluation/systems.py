"""The systems compared on the corpus: Leidur's Detector, and Presidio's default recognisers run offline."""
from __future__ import annotations

import functools
from typing import Iterable

from evaluation.score import Span
from scanner.models import Chunk

EVALUATION_KEY = b"evaluation-key-not-secret"

# What the detector must reach on the corpus (issue 4).
TARGETS = {
    "EE_PERSONAL_CODE": 0.99, "IBAN_CODE": 0.99, "CREDIT_CARD": 0.99, "EMAIL_ADDRESS": 0.98, "IP_ADDRESS": 0.98,
    "PHONE_NUMBER": 0.92, "PERSON": 0.92,
}


def leidur() -> "callable":
    """Leidur's real Detector with every built-in recogniser, as a scan runs it."""
    from scanner.detect.detector import Detector
    from scanner.recognizers import load_all

    detector = Detector(load_all(), EVALUATION_KEY)

    def predict(text: str) -> Iterable[Span]:
        detector.start_document()
        return [(f.start, f.end, f.entity_type) for f in detector.detect(Chunk(text=text, location="evaluation"))]

    return predict


@functools.lru_cache(maxsize=1)
def _offline_email_check():
    from scanner.recognizers.email_address import _offline_tldextract

    return _offline_tldextract()


def presidio() -> "callable":
    """Presidio's predefined English recognisers with an offline NLP engine (no model, so no NER)."""
    import tldextract
    from presidio_analyzer import AnalyzerEngine, RecognizerRegistry

    from scanner.detect.nlp import OfflineNlpEngine

    # Presidio's e-mail check calls tldextract, which would fetch the suffix list: use the bundled snapshot.
    tldextract.extract = lambda value, *a, **k: _offline_email_check()(value)
    registry = RecognizerRegistry(supported_languages=["en"])
    registry.load_predefined_recognizers(languages=["en"])
    nlp_engine = OfflineNlpEngine(["en"])
    nlp_engine.load()
    analyzer = AnalyzerEngine(registry=registry, nlp_engine=nlp_engine, supported_languages=["en"])

    def predict(text: str) -> Iterable[Span]:
        return [(r.start, r.end, r.entity_type) for r in analyzer.analyze(text, language="en")]

    return predict
