"""Throughput of the heavy formats (docx, xlsx, pdf) through extract and extract+detect, in MB/s of file bytes.

    PYTHONPATH=. python benchmarks/bench_formats.py [--files 20] [--rows 2000] [--profile]

Generates two sets of each format in a temporary folder, then times each twice:
extraction alone, and extraction plus detection (what a worker does).

- registers: a person on every line or row (name, isikukood, e-mail and a
  sentence), one identifier per 40 characters of text: the worst case, denser
  than the dense exports of the plain-text benchmark (one per 100 bytes);
- documents: letters and reports laid out as the plain-text corpus lays them
  out (a letter names its addressee, with isikukood, e-mail, phone and IBAN,
  among paragraphs of prose; see Prose), a contract's table of parties, and
  an order book whose rows name a contact person on one row in ten: in the
  docx and PDF about one finding per 6,000-7,000 characters, in the order book one
  per 300.

Each line also gives detection's time per finding (extract+detect less
extract alone): the figure bench_detect.py gives for plain text, so that a
register compares with the dense exports, which hold as many findings per MB.

`--profile` prints the top functions of each format's extract+detect run.

`--bisect-context` measures a proposed detector fix: Presidio's context
enhancer finds each match's token by walking every token of the analysed
text (O(findings x tokens), the largest cost on dense documents); a binary
search over token offsets does the same in O(log n).
"""
from __future__ import annotations

import argparse
import cProfile
import gc
import itertools
import pstats
import random
import tempfile
import time
from pathlib import Path

from faker import Faker

from scanner.detect.detector import Detector, DetectorSettings
from scanner.extractors import ExtractContext, extract
from scanner.models import Chunk
from scanner.names.lexicon import lexicon
from scanner.synth import documents as docs
from scanner.synth import identifiers as ids
from scanner.synth.people import make_people

from benchmarks.corpus import ITEMS


def _lines(rng: random.Random, fake: Faker, count: int) -> list[list[str]]:
    return [[fake.name(), ids.personal_code(rng), fake.email(), fake.sentence(nb_words=10)] for _ in range(count)]


def build_corpus(folder: Path, files: int, rows: int) -> dict[str, list[Path]]:
    rng = random.Random(1)
    fake = Faker("et_EE")
    fake.seed_instance(1)
    corpus: dict[str, list[Path]] = {"docx": [], "xlsx": [], "pdf": []}
    for index in range(files):
        people = _lines(rng, fake, rows)
        path = folder / f"leping{index}.docx"
        docs.write_docx(path, [f"{n}, isikukood {c}, {e}. {s}" for n, c, e, s in people[: rows // 2]],
                        table=[["Nimi", "Isikukood", "E-post", "Märkus"], *people[rows // 2:]])
        corpus["docx"].append(path)
        path = folder / f"tabel{index}.xlsx"
        docs.write_xlsx(path, {"Isikud": [["Nimi", "Isikukood", "E-post", "Märkus"], *people]})
        corpus["xlsx"].append(path)
        path = folder / f"aruanne{index}.pdf"
        page_lines = [f"{n}, isikukood {c}, {e}. {s}" for n, c, e, s in people[: rows // 4]]
        docs.write_pdf(path, [page_lines[i:i + 30] for i in range(0, len(page_lines), 30)])
        corpus["pdf"].append(path)
    return corpus


DEPARTMENTS = ["müügiosakond", "ladu", "raamatupidamine", "klienditugi", "sales", "logistika"]


class Prose:
    """Sentences of words drawn from the name model's lists of common Estonian and English words.

    A zip of the plain-text corpus's prose (fourteen sentences, repeated) is 57 times smaller than
    its text, so a docx of it would be mostly the template, and MB/s of file bytes meaningless.
    Words drawn by Zipf's law from 4,000 of each list compress 3.5 times, as text does (the
    project's README 2.4, the evaluation corpus 3.7); each sentence opens with a capitalised common
    word.
    """

    def __init__(self, rng: random.Random, size: int = 4000):
        self.rng = rng
        weights = list(itertools.accumulate(1 / rank for rank in range(1, size + 1)))
        self.vocabularies = [(rng.sample(_words(lang), size), weights) for lang in ("et", "en")]

    def sentences(self, count: int) -> str:
        words, weights = self.vocabularies[0 if self.rng.random() < 0.65 else 1]
        out = []
        for _ in range(count):
            drawn = self.rng.choices(words, cum_weights=weights, k=self.rng.randrange(7, 19))
            out.append(" ".join([drawn[0].capitalize(), *drawn[1:]]) + ".")
        return " ".join(out)


def _words(lang: str) -> list[str]:
    """The name model's common words of `lang` that are letters only, in order (so the draw is repeatable)."""
    return sorted(word for word in getattr(lexicon(), f"common_{lang}") if word.isalpha())


def _letter_paragraphs(prose: Prose, person) -> list[str]:
    """A letter as the plain-text corpus writes it (benchmarks/corpus.py), in paragraphs of varied prose."""
    return [f"Lugupeetud {person.name}", prose.sentences(12),
            f"Teie isikukood {person.personal_code}, e-post {person.email}, tel {person.phone}.",
            f"Arveldusarve {person.iban}.", prose.sentences(10), "Lugupidamisega,", person.name]


def build_documents(folder: Path, files: int) -> dict[str, list[Path]]:
    """Letters, reports, contracts and an order book: identifiers where ordinary office files hold them."""
    rng = random.Random(2)
    prose = Prose(rng)
    people = make_people(500, 2)
    corpus: dict[str, list[Path]] = {"docx": [], "xlsx": [], "pdf": []}
    for index in range(files):
        paragraphs: list[str] = []
        for _ in range(40):  # letters and reports, two to five, as the plain-text corpus's files
            if rng.random() < 2 / 7:
                paragraphs += _letter_paragraphs(prose, rng.choice(people))
            else:
                paragraphs += [prose.sentences(20) for _ in range(8)]
        parties = [["Pool", "Nimi", "Isikukood", "E-post", "Telefon"]]
        parties += [[role, p.name, p.personal_code, p.email, p.phone]
                    for role, p in zip(("Müüja", "Ostja", "Käendaja"), rng.sample(people, 3))]
        path = folder / f"kirjad{index}.docx"
        docs.write_docx(path, paragraphs, table=parties)
        corpus["docx"].append(path)
        orders = [["Kuupäev", "Arve nr", "Toode", "Kogus", "Summa", "Kontakt"]]
        for _ in range(4000):
            person = rng.choice(people)
            contact = f"{person.name} <{person.email}>" if rng.random() < 0.1 else rng.choice(DEPARTMENTS)
            orders.append([f"2025-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}", ids.invoice_number(rng),
                           rng.choice(ITEMS), rng.randrange(1, 50), rng.randrange(1000, 999999) / 100, contact])
        path = folder / f"tellimused{index}.xlsx"
        docs.write_xlsx(path, {"Tellimused": orders})
        corpus["xlsx"].append(path)
        path = folder / f"kirjad{index}.pdf"
        docs.write_pdf(path, [paragraphs[i:i + 12] for i in range(0, len(paragraphs), 12)])
        corpus["pdf"].append(path)
    return corpus


def bisect_match_token(word: str, start: int, tokens, tokens_indices: list[int]) -> int:
    """Presidio's `_find_index_of_match_token` with a binary search: the first token covering `start`."""
    import bisect

    i = max(bisect.bisect_right(tokens_indices, start) - 1, 0)
    if i < len(tokens_indices) and (tokens_indices[i] == start or start < tokens_indices[i] + len(tokens[i])):
        return i
    if i + 1 < len(tokens_indices):
        return i + 1
    raise ValueError(f"Did not find word '{word}' in the list of tokens although it is expected to be found")


def run(paths: list[Path], detector: Detector | None) -> tuple[float, int, int]:
    """(seconds, findings, characters of text) of extracting, and detecting if `detector`, every file."""
    started = time.perf_counter()
    findings = characters = 0
    for path in paths:
        ctx = ExtractContext(report_error=lambda error: print("error:", error))
        if detector is not None:
            detector.start_document()  # each file a document, as a scan's worker reads it
        with open(path, "rb") as handle:
            for chunk in extract(handle, path.name, ctx, name=path.name):
                characters += len(chunk.text)
                if detector is not None:
                    findings += len(detector.detect(chunk))
    return time.perf_counter() - started, findings, characters


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=10)
    parser.add_argument("--rows", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--bisect-context", action="store_true", help="measure the proposed context-enhancer fix")
    args = parser.parse_args()
    if args.bisect_context:
        from presidio_analyzer.context_aware_enhancers import LemmaContextAwareEnhancer

        LemmaContextAwareEnhancer._find_index_of_match_token = staticmethod(bisect_match_token)
    detector = Detector.from_settings(DetectorSettings(key=b"benchmark-key"))
    detector.detect(Chunk(text="Mari Tamm, isikukood 49403136526, mari.tamm@example.ee", location="warm-up"))
    with tempfile.TemporaryDirectory() as folder:
        print(f"generating {args.files} files of each format and set ({args.rows} people per register) ...")
        sets = {"registers": build_corpus(Path(folder), args.files, args.rows),
                "documents": build_documents(Path(folder), args.files)}
        # As a scan's worker does after its first item (scanner/worker.py): full garbage collections
        # then skip the detector's models (and here the generators' imports). Without it, whether a
        # timed run met a full collection walking them decided its time: docx extraction alone took
        # 0.086 or 0.14 s, run after run.
        gc.freeze()
        for kind, corpus in sets.items():
            for fmt, paths in corpus.items():
                measure(kind, fmt, paths, detector, args.repeat, args.profile)


def measure(kind: str, fmt: str, paths: list[Path], detector: Detector, repeat: int, profile: bool) -> None:
    size = sum(p.stat().st_size for p in paths) / 1e6
    # Best of `repeat` runs: the machine is shared, the best run is the least disturbed.
    extract_seconds = min(run(paths, None)[0] for _ in range(repeat))
    profiler = cProfile.Profile() if profile else None
    if profiler:
        profiler.enable()
    full_seconds, findings, characters = min(run(paths, detector) for _ in range(repeat))
    if profiler:
        profiler.disable()
    print(f"{fmt:5} {kind:9} {size:5.1f} MB  extract {size / extract_seconds:6.2f} MB/s  "
          f"extract+detect {size / full_seconds:6.2f} MB/s  (text {characters / 1e6:4.1f} M characters, "
          f"{characters / 1e6 / full_seconds:5.2f} M/s; {findings} findings, "
          f"detection {_per_finding(full_seconds - extract_seconds, findings)} µs per finding)")
    if profiler:
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(12)


def _per_finding(seconds: float, findings: int) -> str:
    """Detection's time per finding (extract+detect less extract alone), as bench_detect reports it for text."""
    return f"{seconds * 1e6 / findings:.1f}" if findings else "-"


if __name__ == "__main__":
    main()
