"""Read the public NER corpora (EstNER JSON, CoNLL-2003) into documents of plain text with PERSON spans.

The corpora come tokenised; a scanner reads text as people write it, so the
tokens are joined back into ordinary text (no space before a comma, none
inside brackets), one sentence per line, and every gold span is kept as a
character span of that text. PERSON is the corpus's level-one PER; a person
name nested inside another name (level two and three in EstNER, "Miina
Härma Gümnaasium") is neither required nor held against a prediction.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

# Tokens written without a space before them, and after them.
_NO_SPACE_BEFORE = {",", ".", ";", ":", "!", "?", ")", "]", "}", "%", "”", "»", "'s", "n't", "'re", "'ll", "'ve", "'m", "'d", "…", "..."}
_NO_SPACE_AFTER = {"(", "[", "{", "„", "“", "«", "$"}


@dataclass
class Mention:
    start: int
    end: int
    words: int  # how many tokens the gold mention has


@dataclass
class Document:
    id: str
    text: str
    persons: list[Mention] = field(default_factory=list)
    ignored: list[tuple[int, int]] = field(default_factory=list)  # nested person names: neither gold nor error
    tokens: list[tuple[int, int, str]] = field(default_factory=list)  # (start, end, BIO tag of PER)

    @property
    def spans(self) -> list[tuple[int, int, str]]:
        return [(m.start, m.end, "PERSON") for m in self.persons]


def _entities(tags: list[str], kind: str = "PER") -> list[tuple[int, int]]:
    """Token ranges [i, j) of `kind` in IOB1 or IOB2 tags (CoNLL-2003 writes B- only between two names)."""
    found, start = [], None
    for i, tag in enumerate(tags + ["O"]):
        prefix, _, label = tag.partition("-")
        inside = label == kind
        begins = inside and (prefix == "B" or start is None)
        if start is not None and (not inside or begins):
            found.append((start, i))
            start = None
        if begins:
            start = i
    return found


class _Writer:
    """Joins tokens into text and remembers where each token landed."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0
        self.quote_open = False

    def sentence(self, words: list[str]) -> list[tuple[int, int]]:
        if self.parts:
            self._add("\n")
        offsets = []
        glue = True
        for word in words:
            if word == '"':
                before = not self.quote_open
                self.quote_open = not self.quote_open
                space = not glue and before
                after_glue = before
            else:
                space = not glue and word not in _NO_SPACE_BEFORE
                after_glue = word in _NO_SPACE_AFTER
            if space:
                self._add(" ")
            offsets.append((self.length, self.length + len(word)))
            self._add(word)
            glue = after_glue
        return offsets

    def _add(self, piece: str) -> None:
        self.parts.append(piece)
        self.length += len(piece)

    def text(self) -> str:
        return "".join(self.parts)


def _document(doc_id: str, sentences: Iterable[tuple[list[str], list[str], list[list[str]]]]) -> Document:
    """sentences: (words, level-one tags, [deeper levels' tags])."""
    writer = _Writer()
    persons, ignored, tokens = [], [], []
    for words, tags, deeper in sentences:
        offsets = writer.sentence(words)
        for i, j in _entities(tags):
            persons.append(Mention(offsets[i][0], offsets[j - 1][1], j - i))
        for level in deeper:
            for i, j in _entities(level):
                ignored.append((offsets[i][0], offsets[j - 1][1]))
        tokens.extend((start, end, tag) for (start, end), tag in zip(offsets, _bio(tags)))
    return Document(doc_id, writer.text(), persons, ignored, tokens)


def _bio(tags: list[str]) -> list[str]:
    """PER tags as IOB2 (B-PER, I-PER, O), whatever the corpus wrote."""
    out = ["O"] * len(tags)
    for i, j in _entities(tags):
        out[i] = "B-PER"
        for k in range(i + 1, j):
            out[k] = "I-PER"
    return out


def read_estner(path: Path, prefix: str = "") -> list[Document]:
    with open(path, encoding="utf-8") as handle:
        data = json.load(handle)
    documents = []
    for number, doc in enumerate(data["documents"]):
        sentences = []
        for sentence in doc["sentences"]:
            words = [w["word"] for w in sentence["words"]]
            tags = [w.get("ner_1", "O") for w in sentence["words"]]
            deeper = [[w.get(level, "O") for w in sentence["words"]] for level in ("ner_2", "ner_3")]
            sentences.append((words, tags, deeper))
        documents.append(_document(f"{prefix}{number:03d}", sentences))
    return documents


def _conll_documents(lines: Iterable[str]) -> Iterator[list[tuple[list[str], list[str]]]]:
    document: list = []
    sentence: tuple[list[str], list[str]] = ([], [])
    for line in lines:
        line = line.rstrip("\n")
        if line.startswith("-DOCSTART-"):
            if sentence[0]:
                document.append(sentence)
            if document:
                yield document
            document, sentence = [], ([], [])
        elif not line.strip():
            if sentence[0]:
                document.append(sentence)
            sentence = ([], [])
        else:
            columns = line.split()
            sentence[0].append(columns[0])
            sentence[1].append(columns[-1])
    if sentence[0]:
        document.append(sentence)
    if document:
        yield document


def read_conll(path: Path, prefix: str = "") -> list[Document]:
    with open(path, encoding="utf-8") as handle:
        return [
            _document(f"{prefix}{number:03d}", ((words, tags, []) for words, tags in sentences))
            for number, sentences in enumerate(_conll_documents(handle))
        ]


def read(corpus: str, split: str, data_dir: Path | None = None) -> list[Document] | None:
    """The documents of one public corpus split, or None when its file is not here (see evaluation.datasets)."""
    from evaluation import datasets

    dataset = datasets.find(corpus, split)
    file = datasets.path(dataset) if data_dir is None else datasets.path(dataset, data_dir)
    if file is None:
        return None
    prefix = f"{corpus}-{split}-"
    return read_conll(file, prefix) if corpus == "conll2003" else read_estner(file, prefix)
