"""Precision and recall per entity type, by overlap: a prediction counts if it overlaps a gold span of its type."""
from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

Span = tuple[int, int, str]
Predict = Callable[[str], Iterable[Span]]


def load_corpus(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


@dataclass
class Scores:
    gold: Counter = field(default_factory=Counter)
    found: Counter = field(default_factory=Counter)  # gold spans that a prediction overlaps
    predicted: Counter = field(default_factory=Counter)
    correct: Counter = field(default_factory=Counter)  # predictions that overlap a gold span
    unlabelled: Counter = field(default_factory=Counter)  # predictions of types the corpus never labels
    misses: list = field(default_factory=list)
    false_alarms: list = field(default_factory=list)

    def precision(self, entity: str) -> float | None:
        return self.correct[entity] / self.predicted[entity] if self.predicted[entity] else None

    def recall(self, entity: str) -> float | None:
        return self.found[entity] / self.gold[entity] if self.gold[entity] else None


def _overlaps(a: Span, b: Span) -> bool:
    return a[2] == b[2] and a[0] < b[1] and b[0] < a[1]


def evaluate(corpus: list[dict], predict: Predict, entities: set[str]) -> Scores:
    """Score `predict` on `corpus`, counting only predictions of the `entities` the corpus labels."""
    scores = Scores()
    for document in corpus:
        text = document["text"]
        gold = [tuple(span) for span in document["spans"]]
        predicted = []
        for span in predict(text):
            if span[2] in entities:
                predicted.append(span)
            else:
                scores.unlabelled[span[2]] += 1
        for span in gold:
            scores.gold[span[2]] += 1
            if any(_overlaps(span, p) for p in predicted):
                scores.found[span[2]] += 1
            else:
                scores.misses.append((document["id"], span[2], text[span[0]:span[1]]))
        for span in predicted:
            scores.predicted[span[2]] += 1
            if any(_overlaps(span, g) for g in gold):
                scores.correct[span[2]] += 1
            else:
                scores.false_alarms.append((document["id"], span[2], text[span[0]:span[1]]))
    return scores


def _cell(value: float | None) -> str:
    return "–" if value is None else f"{value:.3f}"


def table(entities: list[str], results: dict[str, Scores], targets: dict[str, float]) -> str:
    """A Markdown table: one row per entity type, precision and recall per system."""
    systems = list(results)
    head = "| entity | n | target | " + " | ".join(f"{s} P | {s} R" for s in systems) + " |"
    rule = "|---|---:|---:|" + "---:|---:|" * len(systems)
    rows = [head, rule]
    for entity in entities:
        gold = next(iter(results.values())).gold[entity]
        cells = []
        for system in systems:
            cells += [_cell(results[system].precision(entity)), _cell(results[system].recall(entity))]
        target = f"{targets[entity]:.2f}" if entity in targets else ""
        rows.append(f"| {entity} | {gold} | {target} | " + " | ".join(cells) + " |")
    return "\n".join(rows)
