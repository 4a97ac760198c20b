"""Print precision and recall per entity type on the committed corpus, for Leidur and for plain Presidio.

Then the same for the public identifier sets (evaluation/identifiers.py), on their test parts, and
PERSON on the public news corpora EstNER and CoNLL-2003 (evaluation/names_public.py), test portions.

    python -m evaluation [--leidur-only] [--errors]
"""
from __future__ import annotations

import argparse
import time

from evaluation import identifiers, names, names_public, systems
from evaluation.generate import CORPUS
from evaluation.score import evaluate, load_corpus, table


def held_out_recall(corpus: list[dict], scores) -> str:
    """PERSON recall split by whether a part of the name is missing from the detector's gazetteer."""
    held = {n.lower() for n in names.HELD_OUT_ESTONIAN_FIRST_NAMES}
    held |= {w.lower() for pair in names.HELD_OUT_ESTONIAN_SURNAMES + names.HELD_OUT_ENGLISH for w in pair}
    missed = {(doc_id, text) for doc_id, entity, text in scores.misses if entity == "PERSON"}
    counts = {True: [0, 0], False: [0, 0]}  # held out? -> [found, total]
    for document in corpus:
        for start, end, entity in document["spans"]:
            if entity != "PERSON":
                continue
            text = document["text"][start:end]
            unknown = any(word.lower().startswith(h) for word in text.split() for h in held)
            counts[unknown][1] += 1
            counts[unknown][0] += (document["id"], text) not in missed
    return (f"PERSON recall, names known to the gazetteer: {counts[False][0]}/{counts[False][1]}; "
            f"names with a held-out first name or surname: {counts[True][0]}/{counts[True][1]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--leidur-only", action="store_true", help="skip the Presidio baseline")
    parser.add_argument("--errors", action="store_true", help="list Leidur's misses and false alarms")
    args = parser.parse_args()
    corpus = load_corpus(CORPUS)
    entities = sorted({span[2] for document in corpus for span in document["spans"]})
    results = {}
    makers = {"Leidur": systems.leidur} if args.leidur_only else {"Leidur": systems.leidur, "Presidio": systems.presidio}
    for name, make in makers.items():
        started = time.perf_counter()
        results[name] = evaluate(corpus, make(), set(entities))
        print(f"{name}: {time.perf_counter() - started:.1f} s")
    size = sum(len(d["text"]) for d in corpus)
    print(f"\n{len(corpus)} documents, {size} characters\n")
    print(table(entities, results, systems.TARGETS))
    for name, scores in results.items():
        if scores.unlabelled:
            other = ", ".join(f"{entity} {count}" for entity, count in scores.unlabelled.most_common())
            print(f"\n{name} also reported types the corpus does not label: {other}")
    print("\n" + held_out_recall(corpus, results["Leidur"]))
    if args.errors:
        print("\nLeidur misses:")
        for miss in results["Leidur"].misses:
            print("  ", miss)
        print("Leidur false alarms:")
        for alarm in results["Leidur"].false_alarms:
            print("  ", alarm)
    print("\n" + identifiers.report(makers, results))
    print("\nPERSON on public news corpora (test portions):")
    names_public.main(["--leidur-only"] if args.leidur_only else [])


if __name__ == "__main__":
    main()
