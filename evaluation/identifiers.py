"""Recall and precision on public identifier examples (IBAN, cards, Estonian phones, IP), Leidur beside plain Presidio.

    python -m evaluation.identifiers [--part tune|test] [--errors] [--leidur-only]

The sets come from `evaluation.identifier_sets`. Each is split once, by a
rule fixed before any measurement: a case belongs to the tuning part when the
SHA-256 of its split key (the value in compact form: IBAN without spaces, card
digits, E.164 phone, compressed IPv6, or the compacted text of a test-table
row) starts with a hex digit 0-7, else to the test part. All written forms of
one value share a key, so no form of a test value is seen while tuning.
Recognisers are tuned on the tuning part; README figures are the test part's.

Recall: a gold span is found when a prediction of its entity type overlaps it.
Precision: predictions of the four families on the generated corpus
(`evaluation/corpus.jsonl`, hard negatives included) and on the public cases;
on a Presidio test row only the row's own type counts (its texts may hold
other identifiers nobody labelled, such as the US phone in an IBAN test).
"""
from __future__ import annotations

import argparse
import hashlib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from evaluation import datasets
from evaluation import identifier_sets as sets
from evaluation.identifier_sets import FAMILIES, Case
from evaluation.generate import CORPUS
from evaluation.score import Scores, Span, evaluate, load_corpus

# What issue 15 asks of every family on the test parts.
RECALL_TARGET, PRECISION_TARGET = 0.98, 0.99
Predict = Callable[[str], Iterable[Span]]


def part(key: str) -> str:
    return "tune" if hashlib.sha256(key.encode("utf-8")).hexdigest()[0] in "01234567" else "test"


@dataclass
class Loaded:
    cases: list[Case]
    missing: list[str]  # data files not fetched
    policy: list[Case]  # Presidio rows that expect an address naming no machine (not personal data)


PUBLIC_FILES = ("swift_iban_registry", "presidio_iban", "adyen_cards", "presidio_credit_card", "presidio_ip")


def pinned_files(data_dir: Path = datasets.DATA_DIR) -> dict[str, Path | None]:
    """The fetched file of each public identifier set, None where it is missing or not the pinned bytes."""
    return {name: datasets.path(datasets.find(name, "all"), data_dir) for name in PUBLIC_FILES}


def load_cases(files: dict[str, Path | None] | None = None, phones_per_kind: int = sets.PHONES_PER_KIND) -> Loaded:
    """Every public case that can be had here: the fetched files where present, the derived sets always."""
    files = pinned_files() if files is None else files
    missing = [datasets.find(name, "all").file for name in PUBLIC_FILES if files.get(name) is None]
    cases, policy = [], []
    if registry := files.get("swift_iban_registry"):
        cases += sets.swift_registry_cases(registry)
    if presidio_iban := files.get("presidio_iban"):
        cases += sets.presidio_cases(presidio_iban, sets.IBAN, "IBAN_CODE: Presidio's test_iban_recognizer.py rows")
    if adyen := files.get("adyen_cards"):
        cases += sets.adyen_card_cases(adyen)
    if presidio_card := files.get("presidio_credit_card"):
        cases += sets.presidio_cases(presidio_card, sets.CARD, "CREDIT_CARD: Presidio's test_credit_card_recognizer.py rows")
    cases += sets.estonian_phone_cases(phones_per_kind)
    if presidio_ip := files.get("presidio_ip"):
        rows = sets.presidio_cases(presidio_ip, sets.IP, "IP_ADDRESS: Presidio's test_ip_recognizer.py rows")
        policy = [c for c in rows if any(sets.names_no_machine(c.text[s:e]) for s, e in c.spans)]
        kept = [c for c in rows if c not in policy]
        cases += kept + sets.ipv6_written_cases(kept)
    return Loaded(cases, missing, policy)


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


@dataclass
class SetScores:
    gold: Counter = field(default_factory=Counter)  # (group, carrier) -> gold spans
    found: Counter = field(default_factory=Counter)
    predicted: Counter = field(default_factory=Counter)  # family -> predictions on public cases
    correct: Counter = field(default_factory=Counter)
    negatives: Counter = field(default_factory=Counter)  # family -> negative cases
    flagged_negatives: Counter = field(default_factory=Counter)
    misses: list = field(default_factory=list)
    false_alarms: list = field(default_factory=list)

    def recall(self, group: str, carriers: set[str]) -> tuple[int, int]:
        keys = [k for k in self.gold if k[0] == group and k[1] in carriers]
        return sum(self.found[k] for k in keys), sum(self.gold[k] for k in keys)


def evaluate_cases(cases: list[Case], predict: Predict) -> SetScores:
    scores = SetScores()
    for case in cases:
        predicted = [(s, e, entity) for s, e, entity in predict(case.text) if entity in FAMILIES]
        if not case.labels_all:
            predicted = [p for p in predicted if p[2] == case.entity]
        own = [(s, e) for s, e, entity in predicted if entity == case.entity]
        for span in case.spans:
            scores.gold[case.group, case.carrier] += 1
            if any(_overlaps(span, p) for p in own):
                scores.found[case.group, case.carrier] += 1
            else:
                scores.misses.append((case.group, case.carrier, case.text))
        if not case.spans:
            scores.negatives[case.entity] += 1
            scores.flagged_negatives[case.entity] += bool(own)
        for s, e, entity in predicted:
            scores.predicted[entity] += 1
            if entity == case.entity and any(_overlaps((s, e), g) for g in case.spans):
                scores.correct[entity] += 1
            else:
                scores.false_alarms.append((case.group, entity, case.text, case.text[s:e]))
    return scores


def _ratio(found: int, total: int) -> str:
    return "–" if total == 0 else f"{found / total:.3f}"


def recall_table(groups: list[str], results: dict[str, SetScores]) -> str:
    """One row per public set: recall with the value labelled or as written, and with the value alone."""
    names = list(results)
    head = ("| set | n | " + " | ".join(f"{n} R" for n in names) + " | n alone | "
            + " | ".join(f"{n} R alone" for n in names) + " |")
    rows = [head, "|---|---:|" + "---:|" * len(names) + "---:|" + "---:|" * len(names)]
    for group in groups:
        main = [results[n].recall(group, {"field", "sentence", "as written"}) for n in names]
        alone = [results[n].recall(group, {"alone"}) for n in names]
        rows.append(f"| {group} | {main[0][1]} | " + " | ".join(_ratio(*r) for r in main)
                    + f" | {alone[0][1] or '–'} | " + " | ".join(_ratio(*r) for r in alone) + " |")
    return "\n".join(rows)


def precision_table(results: dict[str, SetScores], corpus: dict[str, Scores] | None) -> str:
    """Per family: precision on the generated corpus, on it and the public cases together, and negatives flagged."""
    names = list(results)
    head = "| entity | " + " | ".join(f"{n} P corpus | {n} P corpus + public | {n} negatives flagged" for n in names) + " |"
    rows = [head, "|---|" + "---:|---:|---:|" * len(names)]
    for family in FAMILIES:
        cells = []
        for name in names:
            scores, on_corpus = results[name], (corpus or {}).get(name)
            correct = scores.correct[family] + (on_corpus.correct[family] if on_corpus else 0)
            predicted = scores.predicted[family] + (on_corpus.predicted[family] if on_corpus else 0)
            cells += [_ratio(on_corpus.correct[family], on_corpus.predicted[family]) if on_corpus else "–",
                      _ratio(correct, predicted), f"{scores.flagged_negatives[family]}/{scores.negatives[family]}"]
        rows.append(f"| {family} | " + " | ".join(cells) + " |")
    return "\n".join(rows)


def report(makers: dict[str, Callable[[], Predict]], corpus: dict[str, Scores] | None = None,
           which: str = "test", errors: bool = False, files: dict[str, Path | None] | None = None) -> str:
    """The two Markdown tables for `which` part, with notes on missing data and policy exclusions."""
    loaded = load_cases(files)
    cases = [c for c in loaded.cases if part(c.key) == which]
    results = {name: evaluate_cases(cases, make()) for name, make in makers.items()}
    groups = list(dict.fromkeys(c.group for c in cases))
    lines = [f"Public identifier sets, {which} part ({len(cases)} cases; split by SHA-256 of the value):", "",
             recall_table(groups, results), "",
             "Precision on the generated corpus, and on it and the public cases together. Negatives flagged: cases that "
             "expect no finding (Presidio's invalid rows; the public IBANs and cards with their last digit "
             "changed; Estonian numbers outside the plan) that got one of their type:", "",
             precision_table(results, corpus)]
    policy = [c for c in loaded.policy if part(c.key) == which]
    if policy:
        lines += ["", f"Left out: {len(policy)} Presidio IP rows expecting loopback, unspecified or broadcast "
                      "addresses, which Leidur does not report (they name no one's machine)."]
    if loaded.missing:
        lines += ["", "Not fetched (python -m evaluation.datasets): " + ", ".join(loaded.missing)]
    if errors:
        first = next(iter(results.values()))
        lines += ["", "Misses:"] + [f"  {m}" for m in first.misses]
        lines += ["False alarms:"] + [f"  {a}" for a in first.false_alarms]
    return "\n".join(lines)


def main() -> None:
    from evaluation import systems

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--part", choices=("tune", "test"), default="test")
    parser.add_argument("--errors", action="store_true", help="list the first system's misses and false alarms")
    parser.add_argument("--leidur-only", action="store_true", help="skip the Presidio baseline")
    args = parser.parse_args()
    makers = {"Leidur": systems.leidur} if args.leidur_only else {"Leidur": systems.leidur, "Presidio": systems.presidio}
    corpus = load_corpus(CORPUS)
    entities = {span[2] for document in corpus for span in document["spans"]}
    corpus_scores = {name: evaluate(corpus, make(), entities) for name, make in makers.items()}
    print(report(makers, corpus_scores, which=args.part, errors=args.errors))


if __name__ == "__main__":
    main()
