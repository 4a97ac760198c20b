"""What a new recogniser costs: detector throughput with a YAML recogniser that declares a prefilter, and without.

Run by hand: `python benchmarks/recognizer_prefilter.py [MEGABYTES]`. Prints MB/s of
Detector.detect over generated Estonian business text (with isikukoods, IBANs and
invoice numbers, and no employee IDs) for the built-ins alone, plus an
employee-ID YAML recogniser with `prefilter:`, and plus the same without it;
then the same over prose with no numbers, where the prefilter lets nothing through.
"""
from __future__ import annotations

import random
import sys
import tempfile
import time
from pathlib import Path

from scanner.detect.detector import Detector
from scanner.models import Chunk
from scanner.recognizers import load_all
from scanner.synth.identifiers import estonian_iban, invoice_number, personal_code

YAML = """recognizers:
  - name: employee_id
    supported_entity: EMPLOYEE_ID
    patterns: [{name: employee id, regex: '(?<![\\w-])TT-\\d{6}(?![\\w-])', score: 0.6}]
    context: [töötaja, employee]
"""
WORDS = "arve tellimus leping klient summa tasuda kuupäev aadress tänav linn maksja saaja viitenumber".split()


def corpus(megabytes: float, seed: int = 7, identifiers: bool = True) -> list[str]:
    """Chunks of about 3 KB; with `identifiers`, a third of the lines carry a number of some kind."""
    rng = random.Random(seed)
    chunks, size = [], 0
    while size < megabytes * 1e6:
        lines = []
        for _ in range(40):
            words = rng.choices(WORDS, k=rng.randint(6, 14))
            pick = rng.random() if identifiers else 1.0
            if pick < 0.05:
                words.append(f"isikukood {personal_code(rng)}")
            elif pick < 0.10:
                words.append(estonian_iban(rng))
            elif pick < 0.30:
                words.append(invoice_number(rng))
            lines.append(" ".join(words).capitalize() + ".")
        text = "\n".join(lines)
        chunks.append(text)
        size += len(text.encode("utf-8"))
    return chunks


def throughput(recognizers, chunks: list[str]) -> float:
    detector = Detector(recognizers, key=b"benchmark")
    started = time.process_time()  # CPU time: the machine is shared
    for text in chunks:
        detector.detect(Chunk(text, "bench"))
    seconds = time.process_time() - started
    return sum(len(t.encode("utf-8")) for t in chunks) / 1e6 / seconds


def main() -> None:
    megabytes = float(sys.argv[1]) if len(sys.argv) > 1 else 2.0
    corpora = {"business text": corpus(megabytes), "prose, no numbers": corpus(megabytes, identifiers=False)}
    with tempfile.TemporaryDirectory() as with_prefilter, tempfile.TemporaryDirectory() as without:
        for root, extra in ((with_prefilter, "    prefilter: '(?i)TT-\\d{6}'\n"), (without, "")):
            (Path(root) / "recognizers").mkdir()
            (Path(root) / "recognizers" / "employee_id.yaml").write_text(YAML + extra, encoding="utf-8")
        cases = {
            "built-ins (and shipped YAML)": load_all(),
            "+ employee_id with prefilter": load_all(rules_dirs=[with_prefilter]),
            "+ employee_id without prefilter": load_all(rules_dirs=[without]),
        }
        for name, chunks in corpora.items():
            print(f"{name}: {megabytes:.1f} MB, {len(chunks)} chunks (MB per CPU second)")
            for label, recognizers in cases.items():
                print(f"  {label:34s} {throughput(recognizers, chunks):7.2f} MB/s")


if __name__ == "__main__":
    main()
