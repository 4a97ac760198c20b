"""Text extraction of the office benchmark's PDFs by each PDF library installed, in MB of file per CPU second.

    PYTHONPATH=. python benchmarks/bench_pdf_engines.py [--files 5] [--budget 3]

Leidur reads PDFs with pypdfium2 (scanner/extractors/pdf.py). This measures
the ceiling that choice sets for the PDF figure of bench_formats.py, beside
the other libraries that read a PDF's text layer, on the same documents
(bench_formats.build_documents: letters and reports, 12 paragraphs a page):

- pypdfium2 (Apache-2.0 / BSD-3-Clause), as the extractor calls it;
- PyMuPDF (AGPL-3.0), `page.get_text()`;
- pypdf (BSD-3-Clause), `page.extract_text()`;
- pdfminer.six (MIT), `extract_text()`;
- poppler's `pdftotext` (GPL), as a child process, where it is on PATH.

A library that is not installed gets a row saying so. Leidur needs none of
the others; to measure them, install them beside the project, not into it:

    pip install --target /tmp/pdf-engines pymupdf pypdf pdfminer.six
    PYTHONPATH=.:/tmp/pdf-engines python benchmarks/bench_pdf_engines.py

and Debian's poppler-utils for pdftotext. Where LibreOffice is on PATH
(Debian's libreoffice-writer-nogui), the same documents' docx files are also
converted to PDF by it and read again: PDFs as an office suite writes them,
beside the ones fpdf2 writes for the benchmark. Each library reads files for at
least `--budget` CPU seconds (the slow ones part of one file, the fast ones
every file, several times), and each row counts the personal codes in the
text it returned, so a library that drops text shows it.
"""
from __future__ import annotations

import argparse
import importlib.metadata
import re
import resource
import shutil
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Callable

from benchmarks.bench_formats import build_documents

PERSONAL_CODE = re.compile(r"(?<!\d)[1-6]\d{10}(?!\d)")


def _pdfium(path: Path) -> str:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(path))
    try:
        pages = []
        for index in range(len(document)):
            page = document[index]
            textpage = page.get_textpage()
            pages.append(textpage.get_text_range())
            textpage.close()
            page.close()
        return "\n\f".join(pages)
    finally:
        document.close()


def _mupdf(path: Path) -> str:
    import pymupdf

    with pymupdf.open(str(path)) as document:
        return "\f".join(page.get_text() for page in document)


def _pypdf(path: Path) -> str:
    import pypdf

    return "\f".join(page.extract_text() for page in pypdf.PdfReader(str(path)).pages)


def _pdfminer(path: Path) -> str:
    from pdfminer.high_level import extract_text

    return extract_text(str(path))


def _pdftotext(path: Path) -> str:
    return subprocess.run(["pdftotext", "-q", str(path), "-"], capture_output=True, check=True).stdout.decode()


ENGINES: list[tuple[str, str, Callable[[Path], str]]] = [
    ("pypdfium2", "pypdfium2", _pdfium),
    ("PyMuPDF", "pymupdf", _mupdf),
    ("pypdf", "pypdf", _pypdf),
    ("pdfminer.six", "pdfminer.six", _pdfminer),
]


def cpu_seconds() -> float:
    """CPU time of this process and its finished children (pdftotext runs as one)."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def measure(read: Callable[[Path], str], paths: list[Path], budget: float) -> tuple[float, int, int]:
    """(MB per CPU second, files read, personal codes in their text), reading `paths` in turn for `budget` s."""
    read(paths[0])  # imports and first-call set-up are not reading
    read_bytes = files = codes = 0
    started = cpu_seconds()
    while True:
        for path in paths:
            codes_in_file = len(PERSONAL_CODE.findall(read(path)))
            read_bytes += path.stat().st_size
            if files < len(paths):
                codes += codes_in_file
            files += 1
            if cpu_seconds() - started >= budget:
                return read_bytes / 1e6 / (cpu_seconds() - started), files, codes


def version(distribution: str) -> str:
    try:
        return importlib.metadata.version(distribution)
    except importlib.metadata.PackageNotFoundError:
        return ""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=5)
    parser.add_argument("--budget", type=float, default=3.0, help="CPU seconds of reading per library")
    args = parser.parse_args()
    engines = list(ENGINES)
    if shutil.which("pdftotext"):
        engines.append(("pdftotext", "", _pdftotext))
    with tempfile.TemporaryDirectory() as folder:
        corpus = build_documents(Path(folder), args.files)
        sets = [("written by fpdf2 (bench_formats.py)", corpus["pdf"])]
        office = shutil.which("soffice")
        if office:
            out = Path(folder) / "libreoffice"
            subprocess.run([office, "--headless", "--convert-to", "pdf", "--outdir", str(out),
                            *map(str, corpus["docx"])], capture_output=True, check=True, timeout=600)
            sets.append(("written by LibreOffice from the same documents' docx", sorted(out.glob("*.pdf"))))
        for title, paths in sets:
            size = sum(path.stat().st_size for path in paths) / 1e6
            print(f"\n{len(paths)} PDFs {title}, {size:.1f} MB\n")
            print("| library | version | MB per CPU s | files read | personal codes found in one pass |")
            print("|---|---|---:|---:|---:|")
            for name, distribution, read in engines:
                found = version(distribution) if distribution else "(poppler)"
                if distribution and not found:
                    print(f"| {name} | not installed | | | |")
                    continue
                rate, files, codes = measure(read, paths, args.budget)
                counted = str(codes) if files >= len(paths) else f"{codes} (in {files} of {len(paths)} files)"
                print(f"| {name} | {found} | {rate:.2f} | {files} | {counted} |")


if __name__ == "__main__":
    main()
