"""Build the word lists of the person-name model (scanner/names/data/) from public packages. Run by hand, never at scan time.

    python scripts/build_name_lexicon.py --estnltk-wheel estnltk-1.7.5-*.whl \
        --et-dic /usr/share/hunspell/et_EE.dic --en-dic /usr/share/hunspell/en_US.dic \
        --en-forms en_US-forms.txt   # unmunch en_US.dic en_US.aff > en_US-forms.txt (Debian hunspell-tools)

Sources (each list keeps its own file, and scanner/names/data/NOTICE.md says where it comes from):
- first names and surnames of every Latin-script locale of Faker's person providers (MIT);
- EstNLTK's NER gazetteer (Apache-2.0): person-name words, and the first and last words of its
  full names that occur at least three times; Estonian place names;
- the Estonian word list of the myspell-et dictionary (Institute of the Estonian Language,
  LGPL-2.1; Debian package myspell-et) and SCOWL's en_US list (Debian hunspell-en-us):
  lower-case entries are common words, capitalised English entries are known proper nouns.
"""
from __future__ import annotations

import argparse
import collections
import gzip
import importlib
import pkgutil
import re
import zipfile
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "scanner" / "names" / "data"
WORD = re.compile(r"^[^\W\d_]+(?:[-'][^\W\d_]+)*$")
_LATIN = re.compile(r"^[A-Za-zÀ-ɏ'\- ]+$")
_GAZETTEER = "estnltk/taggers/standard/ner/gazetteer/gazetteer.txt"


def faker_names() -> tuple[set[str], set[str]]:
    import faker.providers.person as person

    given, family = set(), set()
    for module in pkgutil.iter_modules(person.__path__):
        provider = importlib.import_module(f"faker.providers.person.{module.name}").Provider
        for attribute, target in (("first_names", given), ("first_names_male", given), ("first_names_female", given),
                                  ("last_names", family)):
            names = provider.__dict__.get(attribute, ())
            if not isinstance(names, (dict, tuple, list, set, frozenset)):
                continue  # a computed property, not a list
            for name in (names.keys() if isinstance(names, dict) else names):
                if _LATIN.match(name):
                    target.update(part.lower() for part in name.split() if WORD.match(part))
    return given, family


def estnltk_gazetteer(wheel: Path) -> dict[str, set[str]]:
    per, places = set(), set()
    first, last = collections.Counter(), collections.Counter()
    with zipfile.ZipFile(wheel) as archive, archive.open(_GAZETTEER) as handle:
        for line in handle.read().decode("utf-8").splitlines():
            name, _, kind = line.rpartition("\t")
            if kind == "per" and WORD.match(name):
                per.add(name)
            elif kind == "loc" and all(WORD.match(part) for part in name.split()):
                places.add(name)
            elif kind == "peop" and "(" not in name and not name.startswith(("list ", "the ")):
                parts = name.split()
                if len(parts) >= 2:
                    if WORD.match(parts[0]) and len(parts[0]) > 1:
                        first[parts[0]] += 1
                    if WORD.match(parts[-1]) and len(parts[-1]) > 1:
                        last[parts[-1]] += 1
    return {
        "person_words": per,
        "given": {word for word, count in first.items() if count >= 3},
        "surnames": {word for word, count in last.items() if count >= 3},
        "places": places,
    }


def hunspell(path: Path, encoding: str) -> tuple[set[str], set[str]]:
    """(common lower-case words, capitalised entries lower-cased) of a hunspell .dic file."""
    common, proper = set(), set()
    for line in path.read_text(encoding=encoding).splitlines()[1:]:
        word = line.split("/", 1)[0].strip()
        if not WORD.match(word) or len(word) < 2:
            continue
        if word.islower():
            common.add(word)
        elif word[0].isupper() and not word.isupper():
            proper.add(word.lower())
    return common, proper


def write(name: str, words: set[str]) -> None:
    data = "\n".join(sorted(words)) + "\n"
    with gzip.open(OUT / f"{name}.txt.gz", "wt", encoding="utf-8", compresslevel=9) as handle:
        handle.write(data)
    print(f"{name}: {len(words)} words")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--estnltk-wheel", type=Path, required=True)
    parser.add_argument("--et-dic", type=Path, required=True)
    parser.add_argument("--en-dic", type=Path, required=True)
    parser.add_argument("--en-forms", type=Path, help="`unmunch en_US.dic en_US.aff` output: every inflected form")
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    given, family = faker_names()
    gazetteer = estnltk_gazetteer(args.estnltk_wheel)
    common_et, _ = hunspell(args.et_dic, "iso-8859-15")
    common_en, proper_en = hunspell(args.en_dic, "utf-8")
    if args.en_forms:  # English inflects little: every form fits in a small list
        common_en |= {word for word in args.en_forms.read_text(encoding="utf-8").split() if word.islower() and WORD.match(word)}
    write("given_names", given | gazetteer["given"])
    write("surnames", family | gazetteer["surnames"])
    write("person_words", gazetteer["person_words"])
    write("places", gazetteer["places"])
    write("common_et", common_et)
    write("common_en", common_en)
    write("proper_en", proper_en)


if __name__ == "__main__":
    main()
