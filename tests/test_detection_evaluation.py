"""The committed evaluation corpus: it is what the generator writes, and Leidur reaches the issue's targets on it."""
from __future__ import annotations

import json

import pytest

from evaluation import systems
from evaluation.generate import CORPUS, generate
from evaluation.names import HELD_OUT_ESTONIAN_SURNAMES
from evaluation.score import evaluate, load_corpus


@pytest.fixture(scope="module")
def corpus() -> list[dict]:
    return load_corpus(CORPUS)


@pytest.fixture(scope="module")
def scores(corpus):
    entities = {span[2] for document in corpus for span in document["spans"]}
    return evaluate(corpus, systems.leidur(), entities)


def test_committed_corpus_is_the_generated_one(corpus):
    assert generate() == [json.loads(json.dumps(document)) for document in corpus]


def test_corpus_has_held_out_names_and_hard_negatives(corpus):
    people = [d["text"][s:e] for d in corpus for s, e, entity in d["spans"] if entity == "PERSON"]
    held_out = {surname for surname, _ in HELD_OUT_ESTONIAN_SURNAMES}
    assert sum(any(name.endswith(s) for s in held_out) for name in people) > 50
    assert any(d["kind"] == "hard_negatives" for d in corpus)


@pytest.mark.parametrize("entity, target", sorted(systems.TARGETS.items()))
def test_leidur_reaches_the_targets(scores, entity, target):
    assert scores.gold[entity] >= 100, "too few examples to measure"
    assert scores.precision(entity) >= target, scores.false_alarms
    assert scores.recall(entity) >= target, scores.misses


def test_every_labelled_type_is_found_well(scores):
    for entity in scores.gold:
        assert scores.precision(entity) >= 0.9 and scores.recall(entity) >= 0.9, entity
