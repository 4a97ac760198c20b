"""Generate the labelled evaluation corpus: Estonian and English letters, contracts, exports, logs, invoices.

    python -m evaluation.generate        # rewrites evaluation/corpus.jsonl

Every value is generated (scanner.synth) and every span is labelled as it is
written, so the labels are exact. Hard negatives sit beside the real values:
invoice and order numbers, failed checksums, dates, amounts, SKUs, version
strings, company names made of surnames, streets, places, sentence starts.
"""
from __future__ import annotations

import json
import random
from datetime import date, timedelta
from pathlib import Path

from evaluation.documents import DOCUMENT_KINDS

CORPUS = Path(__file__).resolve().parent / "corpus.jsonl"
SEED = 2026
DOCUMENTS_PER_KIND = 30


def generate(seed: int = SEED, per_kind: int = DOCUMENTS_PER_KIND) -> list[dict]:
    rng = random.Random(seed)
    documents = []
    for kind, write in DOCUMENT_KINDS.items():
        for number in range(per_kind):
            doc = write(rng)
            documents.append({"id": f"{kind}-{number:03d}", "kind": kind, "text": doc.text, "spans": doc.spans})
    return documents


def main() -> None:
    documents = generate()
    with open(CORPUS, "w", encoding="utf-8") as handle:
        for document in documents:
            handle.write(json.dumps(document, ensure_ascii=False) + "\n")
    print(f"wrote {len(documents)} documents to {CORPUS}")


if __name__ == "__main__":
    main()
