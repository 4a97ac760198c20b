"""Public labelled data sets that Leidur is measured on: where each comes from, its licence, and where it lies here.

    python -m evaluation.datasets                 # download the missing ones (needs the network)
    python -m evaluation.datasets --from DIR      # or copy them from a folder that already holds them

None of these files is committed or shipped with the package: they are other
people's work under their own licences, fetched into `evaluation/data/`
(ignored by git). Each is pinned to one commit of its public repository and,
where the file could be checked, to its SHA-256, so that every figure in the
README is measured on the same bytes.
"""
from __future__ import annotations

import argparse
import hashlib
import shutil
import sys
import urllib.request
from dataclasses import dataclass
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"

_ESTNER = "https://raw.githubusercontent.com/TartuNLP/EstNER/9ccaa3f6fd5336fee2e6435a2a7fd499485c208d/"
_ESTNER_NEW = "https://raw.githubusercontent.com/TartuNLP/EstNER_new/85c749e61e04c723f1440c03441c3b5174064594/"
_CONLL = "https://raw.githubusercontent.com/kyzhouhzau/BERT-NER/f41929cf5616eb078b31c95c9fdaa253c3dc4a30/NERdata/"
_PRESIDIO = "https://raw.githubusercontent.com/microsoft/presidio/0aa9f8e44275cb52c00fbbebe19168e934e1f076/presidio-analyzer/tests/"
_IBANNET = "https://raw.githubusercontent.com/skwasjer/IbanNet/a47f4f36e1cfdf939180294f4c05d2e6b6df9174/src/IbanNet/Registry/Swift/Files/"
_ADYEN = "https://raw.githubusercontent.com/adyen-examples/adyen-testcards-extension/a8604b1e83d039c9e2de8a2c4f6a6bedd2bb1e15/data/"


@dataclass(frozen=True)
class Dataset:
    file: str  # name under DATA_DIR
    url: str
    sha256: str | None  # None: the file could not be fetched here to pin it
    corpus: str  # the corpus it belongs to
    split: str  # train, dev or test; "all" for identifier sets, which evaluation/identifiers.py splits by value
    licence: str


DATASETS: tuple[Dataset, ...] = (
    # EstNER v1: the Estonian NER corpus of Tkachenko et al. (2013), news, re-annotated with 11 types.
    Dataset("estner_v1_train.json", _ESTNER + "EstNER_v1_train.json", None, "estner_v1", "train", "CC BY 4.0"),
    Dataset("estner_v1_dev.json", _ESTNER + "EstNER_v1_dev.json",
            "f645a0002764572c8a5705329b4c5be58361a7980ade3a1ee5f81564cf75c30d", "estner_v1", "dev", "CC BY 4.0"),
    Dataset("estner_v1_test.json", _ESTNER + "EstNER_v1_test.json",
            "1d1008f71595891d6f1fee313d5f4f1469415bec372be40a9db465c91575369b", "estner_v1", "test", "CC BY 4.0"),
    # EstNER new: Estonian news and social media texts annotated in 2021-2022.
    Dataset("estner_new_train.json", _ESTNER_NEW + "EstNER_new_train.json", None, "estner_new", "train", "CC BY 4.0"),
    Dataset("estner_new_dev.json", _ESTNER_NEW + "EstNER_new_dev.json",
            "c30b4a3297c1d1e9b7813e63104c52842f0bc5b5ae4bc6625fa3936a3ad92edd", "estner_new", "dev", "CC BY 4.0"),
    Dataset("estner_new_test.json", _ESTNER_NEW + "EstNER_new_test.json",
            "c6b9f6be6f8601855c0f4e156c66238c787b7e00311a34dd4e14d058882d9499", "estner_new", "test", "CC BY 4.0"),
    # CoNLL-2003 English (Reuters news, 1996): train, dev (testa) and test (testb).
    Dataset("conll2003_train.txt", _CONLL + "train.txt",
            "c96a61e0ba2411d8f71886164e4c106368b15e7f3b680b4b131e0a239ecface2", "conll2003", "train",
            "research use (Reuters RCV1 terms)"),
    Dataset("conll2003_dev.txt", _CONLL + "dev.txt",
            "3d8b1b644f5abdc8212cd328412a6b6ecdd6d8793ca2631311c30f7b93b9feaf", "conll2003", "dev",
            "research use (Reuters RCV1 terms)"),
    Dataset("conll2003_test.txt", _CONLL + "test.txt",
            "52be1652444b8c7992f2ea33febecea175c7b0f4df03baec4d51185428dc03ea", "conll2003", "test",
            "research use (Reuters RCV1 terms)"),
    # Identifier examples written by others (evaluation/identifiers.py reads them).
    # SWIFT's IBAN Registry, release 102 (June 2026): one example per country, electronic and print form.
    Dataset("swift_iban_registry_r102.txt", _IBANNET + "swift_iban_registry_202606.r102.txt",
            "ff72a8810dbc9fd28a06f3a6f8f7372ecb9513ac6957708ddac8298502db50bd", "swift_iban_registry", "all",
            "SWIFT's free publication (copy shipped in IbanNet, Apache-2.0)"),
    # Presidio's own recogniser tests: (text, expected count, expected spans) tables.
    Dataset("presidio_test_iban_recognizer.py", _PRESIDIO + "test_iban_recognizer.py",
            "bc2ba9b83ef43401fa23c174d1c9df6a19807b18e6396f492b93ddfe4a16e362", "presidio_iban", "all", "MIT"),
    Dataset("presidio_test_credit_card_recognizer.py", _PRESIDIO + "test_credit_card_recognizer.py",
            "05a20fb4f1fa90deb6820152fc4368d90ff49c8ec9ef3dae4f91cd5cc5ddad7d", "presidio_credit_card", "all", "MIT"),
    Dataset("presidio_test_ip_recognizer.py", _PRESIDIO + "test_ip_recognizer.py",
            "524085bfe65271b4a24964e5f3e5060fc67817b5db27df1fbac1e1e588b4e5aa", "presidio_ip", "all", "MIT"),
    # Adyen's published test card numbers (the list its test-cards browser extension shows).
    Dataset("adyen_test_cards.json", _ADYEN + "cards.json",
            "8de2901e08c69a33a5b30bf13929574d47123c00943ebc8e4d0eefe048aa702b", "adyen_cards", "all", "MIT"),
)


def find(corpus: str, split: str) -> Dataset:
    for dataset in DATASETS:
        if dataset.corpus == corpus and dataset.split == split:
            return dataset
    raise KeyError(f"no data set {corpus}/{split}")


def path(dataset: Dataset, data_dir: Path = DATA_DIR) -> Path | None:
    """The local file of `dataset` if it is here and intact, else None."""
    file = data_dir / dataset.file
    if not file.is_file():
        return None
    if dataset.sha256 and _sha256(file) != dataset.sha256:
        return None
    return file


def available(data_dir: Path = DATA_DIR) -> list[Dataset]:
    return [dataset for dataset in DATASETS if path(dataset, data_dir) is not None]


def _sha256(file: Path) -> str:
    digest = hashlib.sha256()
    with open(file, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def fetch(data_dir: Path = DATA_DIR, source_dir: Path | None = None) -> list[str]:
    """Bring every missing data set into `data_dir`; returns one line per data set saying what happened."""
    data_dir.mkdir(parents=True, exist_ok=True)
    report = []
    for dataset in DATASETS:
        target = data_dir / dataset.file
        if path(dataset, data_dir) is not None:
            report.append(f"{dataset.file}: present")
            continue
        try:
            if source_dir is not None:
                shutil.copyfile(source_dir / dataset.file, target)
            else:
                with urllib.request.urlopen(dataset.url, timeout=60) as response, open(target, "wb") as out:
                    shutil.copyfileobj(response, out)
        except OSError as exc:
            target.unlink(missing_ok=True)
            report.append(f"{dataset.file}: not fetched ({exc})")
            continue
        if dataset.sha256 and _sha256(target) != dataset.sha256:
            target.unlink()
            report.append(f"{dataset.file}: refused, its SHA-256 is not the pinned one")
        else:
            report.append(f"{dataset.file}: fetched" + ("" if dataset.sha256 else " (not pinned)"))
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--from", dest="source_dir", type=Path, help="copy from this folder instead of downloading")
    args = parser.parse_args(argv)
    for line in fetch(source_dir=args.source_dir):
        print(line)
    return 0 if available() else 1


if __name__ == "__main__":
    sys.exit(main())
