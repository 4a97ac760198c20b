"""Detector throughput (MB/s) on business text: mostly ordinary prose with numbers, plus PII-dense documents.

    python benchmarks/bench_detect.py [--megabytes 1.0] [--corpus /tmp/leidur-bench.txt] [--repeat 3]

The text is built from hand-written business sentences (no personal data;
dates, amounts, order numbers, capitalised terms) with the evaluation
corpus's documents mixed in at about one part in five. It is written to
`--corpus` once and read from there afterwards, so the same text can be
measured against an older checkout (`PYTHONPATH=old-tree python ...`).
Chunks are cut exactly as a file scan cuts them (scanner.extractors.text).
"""
from __future__ import annotations

import argparse
import io
import json
import random
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PROSE = [
    "Tellimus nr {n7} on kinnitatud ja kaup väljastatakse laost {date}.",
    "Arve summa {amount} EUR tuleb tasuda {days} päeva jooksul, viivis on 0,05% päevas.",
    "Müügimeeskond kohtub esmaspäeval kell 10.00 Tallinna kontoris, päevakorras on Q{q} eelarve.",
    "Toote kood {sku}, laoseis {qty} tk, ühiku hind {amount} EUR, allahindlus {pct}%.",
    "Lepingu lisa {q} jõustub {date} ning asendab varasemad hinnakirjad.",
    "Server uuendati versioonile {v}; varukoopia tehti {date} kell {hh}:{mm}.",
    "The Board approved the Annual Report for {year} and the dividend policy.",
    "Purchase Order {n7} was shipped on {date}; the freight cost was {amount} EUR.",
    "Please find attached the Service Level Agreement, version {v}, and the price list.",
    "Kvartali käive kasvas {pct}% ja ulatus {amount} euroni, kasum enne makse oli {amount2} eurot.",
    "Eesti Pank avaldas {date} ülevaate, mille järgi inflatsioon aeglustus {pct}%-ni.",
    "Customer Support handled {qty} tickets in week {q}, median response time {mm} minutes.",
    "Ladu asub aadressil, mis on märgitud saatelehel; kauba kaal kokku {qty} kg.",
    "Hinnapakkumine kehtib kuni {date}; tarneaeg {days} tööpäeva, garantii 24 kuud.",
    "Invoice {n11} has been credited, reference {n9}, total {amount} EUR incl. VAT 22%.",
]


def _fill(rng: random.Random, template: str) -> str:
    def d(count: int) -> str:
        return "".join(str(rng.randrange(10)) for _ in range(count))

    return template.format(
        n7=d(7), n9=d(9), n11=d(11), date=f"{rng.randrange(1, 29):02d}.{rng.randrange(1, 13):02d}.2025",
        amount=f"{rng.randrange(10, 99999):,}".replace(",", " ") + f",{rng.randrange(100):02d}",
        amount2=f"{rng.randrange(10, 9999)},{rng.randrange(100):02d}", days=rng.randrange(7, 45),
        q=rng.randrange(1, 5), sku=f"{rng.choice('ABKX')}-{d(6)}", qty=rng.randrange(1, 5000),
        pct=rng.randrange(1, 40), v=f"{rng.randrange(1, 9)}.{rng.randrange(10)}.{rng.randrange(30)}",
        hh=f"{rng.randrange(24):02d}", mm=f"{rng.randrange(60):02d}", year=rng.randrange(2015, 2026),
    )


def build_text(megabytes: float, seed: int = 7) -> str:
    rng = random.Random(seed)
    corpus = REPO / "evaluation" / "corpus.jsonl"
    documents = [json.loads(line)["text"] for line in corpus.read_text(encoding="utf-8").splitlines() if line]
    parts, size, target = [], 0, int(megabytes * 1_000_000)
    while size < target:
        if rng.random() < 0.2:
            part = rng.choice(documents)
        else:
            part = " ".join(_fill(rng, rng.choice(PROSE)) for _ in range(rng.randrange(3, 9))) + "\n\n"
        parts.append(part)
        size += len(part.encode("utf-8"))
    return "".join(parts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=float, default=1.0)
    parser.add_argument("--corpus", type=Path, default=Path("/tmp/leidur-bench-detect.txt"))
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    if not args.corpus.exists():
        args.corpus.write_text(build_text(args.megabytes), encoding="utf-8")
    data = args.corpus.read_bytes()

    from scanner.detect.detector import Detector
    from scanner.extractors.text import iter_chunks
    from scanner.recognizers import load_all

    recognizers = load_all()
    detector = Detector(recognizers, b"bench-key")
    chunks = list(iter_chunks(io.BytesIO(data), "bench"))
    detector.detect(chunks[0])  # warm up (lazy loads)
    best, findings = float("inf"), 0
    for _ in range(args.repeat):
        started = time.process_time()
        findings = sum(len(detector.detect(chunk)) for chunk in chunks)
        best = min(best, time.process_time() - started)
    megabytes = len(data) / 1_000_000
    print(f"{len(recognizers)} recognisers, {megabytes:.2f} MB in {len(chunks)} chunks, {findings} findings")
    print(f"detector throughput: {megabytes / best:.2f} MB/s (CPU time, best of {args.repeat}: {best:.2f} s)")


if __name__ == "__main__":
    main()
